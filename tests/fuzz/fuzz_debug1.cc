// libFuzzer target for the debug=1 text parser: any bytes must parse without
// a crash, a hang or a record that points at a stack that does not exist.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dump/debug1_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  gopit::ReadResult out;
  gopit::ParseDebug1(text, "fuzz", gopit::ParseOptions{}, out);
  for (const gopit::Snapshot& s : out.snapshots) {
    for (const gopit::GoroutineRecord& g : s.goroutines) {
      if (g.stack >= out.symbols->StackCount() || g.line == 0 || g.line > size) __builtin_trap();
    }
  }
  return 0;
}
