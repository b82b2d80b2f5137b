// libFuzzer target for the whole reading path on bytes in memory: format
// sniffing, gzip inflation (also of corrupt and truncated streams) and
// whichever parser the content picks.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dump/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  gopit::ReadOptions opts;
  opts.threads = 2;
  gopit::ReadResult out;
  gopit::ParseBytes(bytes, "fuzz", opts, out);
  for (const auto& s : out.snapshots) {
    for (const auto& g : s.goroutines) {
      if (g.stack >= out.symbols->StackCount()) __builtin_trap();
    }
  }
  return 0;
}
