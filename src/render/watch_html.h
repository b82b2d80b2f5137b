// HTML for watch: a self-contained report page (`--format html`), and the
// live page of `watch --listen`, which fetches /api/state itself and redraws.
#pragma once

#include <ostream>

#include "analysis/watch_report.h"

namespace gopit {

void RenderWatchHtml(const WatchReport& report, std::ostream& out);
void RenderLivePage(std::ostream& out);
// One bucket's stack, for /bucket on the live page.
void RenderBucketPage(const TargetReport& target, const BucketTrend& bucket, std::ostream& out);

}  // namespace gopit
