// libFuzzer target for the goroutine count of the pprof index page: any
// bytes must give an answer without a crash, and a count only when the
// page holds its digits.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "watch/pprof_index.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  uint64_t n = 0;
  if (gopit::watch::ParseIndexGoroutines(html, n) &&
      html.find("<td>" + std::to_string(n)) == std::string_view::npos &&
      html.find("<td>0") == std::string_view::npos) {
    __builtin_trap();  // a count the page does not say
  }
  return 0;
}
