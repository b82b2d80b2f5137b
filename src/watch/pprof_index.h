// The goroutine count on net/http/pprof's index page (/debug/pprof/).
//
// The index handler asks each profile for its count, and the goroutine
// profile's count is runtime.NumGoroutine(): about 1 ms at 100,000
// goroutines, where writing the goroutine profile itself takes the target a
// few hundred. watch reads the count every tick and the profile only as
// often as WatchSettings::max_duty allows.
#pragma once

#include <cstdint>
#include <string_view>

namespace gopit::watch {

// The count in the row `<td>N</td><td><a href='goroutine?debug=1'>goroutine</a>`.
// False when the page has no such row (not net/http/pprof's index).
bool ParseIndexGoroutines(std::string_view html, uint64_t& count);

}  // namespace gopit::watch
