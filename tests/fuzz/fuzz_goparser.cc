// libFuzzer target for the Go front end: any bytes must lex and parse
// without a crash, a hang or a stack overflow (deep nesting is bounded), and
// a file that parses must print its summary.
#include <cstddef>
#include <cstdint>
#include <string>

#include "golang/ast_dump.h"
#include "golang/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string src(reinterpret_cast<const char*>(data), size);
  auto parsed = gopit::golang::ParsedFile::Parse("fuzz.go", std::move(src));
  if (parsed->ok()) {
    std::string summary = gopit::golang::DumpAstSummary(*parsed);
    if (summary.empty()) __builtin_trap();
  } else if (parsed->FormatError().empty()) {
    __builtin_trap();
  }
  return 0;
}
