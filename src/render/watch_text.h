// The text report of `gopit watch --duration` and `gopit history`.
#pragma once

#include <ostream>

#include "analysis/watch_report.h"
#include "render/style.h"

namespace gopit {

void RenderWatchText(const WatchReport& report, const Style& style, std::ostream& out);

}  // namespace gopit
