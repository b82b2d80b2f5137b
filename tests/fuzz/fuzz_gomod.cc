// libFuzzer target for the go.mod reader: any bytes must parse or fail with
// a "line N: " error, without a crash or a hang; and the version order must
// be a total order on whatever strings come in.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "golang/go_mod.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  gopit::golang::GoMod mod;
  std::string error;
  if (gopit::golang::ParseGoMod(text, mod, error)) {
    if (!error.empty()) __builtin_trap();
  } else if (!error.starts_with("line ")) {
    __builtin_trap();
  }

  // CompareGoVersions: antisymmetric, reflexive, and consistent with
  // IsValidGoVersion, on the two halves of the input.
  std::string_view a = text.substr(0, size / 2), b = text.substr(size / 2);
  int ab = gopit::golang::CompareGoVersions(a, b), ba = gopit::golang::CompareGoVersions(b, a);
  if ((ab < 0) != (ba > 0) || (ab == 0) != (ba == 0)) __builtin_trap();
  if (gopit::golang::CompareGoVersions(a, a) != 0) __builtin_trap();
  bool va = gopit::golang::IsValidGoVersion(a), vb = gopit::golang::IsValidGoVersion(b);
  if (va != vb && (ab > 0) != va) __builtin_trap();  // valid versions sort after invalid ones
  return 0;
}
