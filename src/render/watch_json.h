// `gopit watch --format json` and `gopit history --format json`: the
// gopit.watch/v1 schema documented in docs/watch-json.md.
#pragma once

#include <ostream>

#include "analysis/watch_report.h"

namespace gopit {

inline constexpr const char* kWatchSchema = "gopit.watch/v1";

void RenderWatchJson(const WatchReport& report, std::ostream& out);

}  // namespace gopit
