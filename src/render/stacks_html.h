// `gopit stacks --format html`: one self-contained page (inline CSS and JS,
// nothing fetched when viewed) with the diagnoses first, then the buckets,
// each collapsible with its full stack, filterable by function, file or
// state. Made of buckets, never of goroutines: small for any dump size.
#pragma once

#include <ostream>

#include "analysis/stacks_report.h"
#include "render/html_util.h"

namespace gopit {

void RenderStacksHtml(const StacksReport& report, const HtmlOptions& opts, std::ostream& out);

}  // namespace gopit
