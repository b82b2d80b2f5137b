// `gopit diff --format html`: one self-contained page with the snapshots,
// the diagnoses, then every bucket's count over the snapshots as a small
// inline SVG bar chart, the change, the goroutines present in every
// snapshot, and its stack (the page frame and filter: render/html_util.h).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/diff.h"
#include "render/html_util.h"

namespace gopit {

void RenderDiffHtml(const DiffReport& report, const Symbols& symbols,
                    const std::vector<Warning>& warnings, const HtmlOptions& opts,
                    std::ostream& out);

// An inline <svg class="spark"> bar chart of `counts` (one bar per
// snapshot, scaled to the largest), with the series as its title.
std::string SparklineSvg(const std::vector<uint64_t>& counts);

}  // namespace gopit
