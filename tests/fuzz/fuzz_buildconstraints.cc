// libFuzzer target for build constraints: any file header must be read
// without a crash, a hang or a stack overflow; every build line that parses
// must print as a //go:build expression that parses back to the same text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "golang/build_constraints.h"

namespace {

void CheckLine(std::string_view line) {
  using gopit::golang::BuildExpr;
  BuildExpr x;
  std::string error;
  if (!gopit::golang::ParseBuildLine(line, x, error)) {
    if (error.empty() || !x.empty()) __builtin_trap();
    return;
  }
  std::string printed = x.String();
  BuildExpr y;
  if (!gopit::golang::ParseBuildLine("//go:build " + printed, y, error)) __builtin_trap();
  if (y.String() != printed) __builtin_trap();
  gopit::golang::BuildContext ctx;
  if (x.Eval(ctx) != y.Eval(ctx)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  gopit::golang::BuildContext linux;
  gopit::golang::BuildContext windows;
  windows.goos = "windows";
  windows.goarch = "arm64";
  windows.cgo = false;
  windows.tags = {"purego", "go1.99"};
  std::string error;
  for (const auto* ctx : {&linux, &windows}) {
    bool ok = gopit::golang::FileMatches("fuzz_linux.go", text, *ctx, &error);
    if (ok && !error.empty()) __builtin_trap();
  }
  gopit::golang::FileConstraint c;
  if (gopit::golang::ParseFileConstraint(text, c, &error)) c.Eval(windows);
  gopit::golang::ImportsC(text);

  // Each line on its own, as a //go:build or // +build line.
  while (!text.empty()) {
    size_t nl = text.find('\n');
    CheckLine(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  }
  return 0;
}
