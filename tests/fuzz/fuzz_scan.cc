// libFuzzer target for the scan engine: any bytes as a Go file must give
// PARSE or rule findings without a crash or a hang, with positions inside
// the file. Inputs that parse exercise the package index, the type
// inference, the control-flow graphs and every rule.
#include <cstddef>
#include <cstdint>
#include <string>

#include "scan/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  int32_t lines = 1;
  for (char c : text)
    lines += c == '\n';
  for (const gopit::Finding& f : gopit::scan::ScanSource("fuzz.go", text)) {
    if (f.line < 1 || f.line > lines || f.column < 1 || f.rule.empty() || f.message.empty()) {
      __builtin_trap();
    }
    for (const gopit::RelatedLocation& r : f.related) {
      if (r.line < 1 || r.line > lines) __builtin_trap();
    }
  }
  return 0;
}
