#include "watch/pprof_index.h"

namespace gopit::watch {

bool ParseIndexGoroutines(std::string_view html, uint64_t& count) {
  // The link to the profile, with either quote.
  size_t link = std::string_view::npos;
  for (std::string_view href : {"href='goroutine?debug=1'", "href=\"goroutine?debug=1\""}) {
    link = html.find(href);
    if (link != std::string_view::npos) break;
  }
  if (link == std::string_view::npos) return false;
  // The count is the cell before the link's cell, in the same row.
  size_t row = html.rfind("<tr>", link);
  if (row == std::string_view::npos) return false;
  size_t cell = html.find("<td>", row);
  if (cell == std::string_view::npos || cell > link) return false;
  size_t i = cell + 4;
  uint64_t n = 0;
  size_t digits = 0;
  while (i < html.size() && html[i] >= '0' && html[i] <= '9' && digits < 19) {
    n = n * 10 + static_cast<uint64_t>(html[i] - '0');
    ++i;
    ++digits;
  }
  if (digits == 0 || html.substr(i, 5) != "</td>") return false;
  count = n;
  return true;
}

}  // namespace gopit::watch
