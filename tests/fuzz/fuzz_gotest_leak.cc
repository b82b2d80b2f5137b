// The leak check's dump parser and test-function splitter on arbitrary text.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "gotest/leak_attribution.h"
#include "gotest/leak_dump.h"
#include "gotest/leak_ignore.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  gopit::LeakDump d = gopit::ParseLeakDump(text);
  std::set<uint64_t> before(d.before.begin(), d.before.end());
  gopit::SubtestNames names("/nonexistent");
  gopit::IgnoreRule rule;
  std::string error;
  gopit::ParseIgnoreSpec(std::string(text.substr(0, 200)), rule, error);
  for (const gopit::LeakGoroutine& g : d.goroutines) {
    gopit::FindLeakOwner(g, before, names);
    if (!rule.function.empty()) gopit::IgnoreMatches(rule, g);
  }
  return 0;
}
