// `gopit diff --format markdown`: for a GitHub issue or pull-request
// comment: a title line with the goroutine totals over the snapshots, the
// snapshots, the top diagnoses, then the buckets that changed most, each a
// <details> whose <summary> gives its counts series and change.
#pragma once

#include <ostream>
#include <vector>

#include "analysis/diff.h"
#include "render/stacks_markdown.h"

namespace gopit {

void RenderDiffMarkdown(const DiffReport& report, const Symbols& symbols,
                        const MarkdownOptions& opts, std::ostream& out);

}  // namespace gopit
