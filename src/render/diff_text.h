// `gopit diff` default output: the snapshots, the diagnoses, then the buckets
// that changed most, each with its count in every snapshot.
#pragma once

#include <ostream>
#include <vector>

#include "analysis/diff.h"
#include "render/stacks_text.h"

namespace gopit {

// A count's change for people: "(+120)", "(-3)", "(=)".
std::string ChangeText(int64_t change);

void RenderDiffText(const DiffReport& report, const Symbols& symbols,
                    const std::vector<Warning>& warnings, const TextOptions& opts,
                    std::ostream& out);

}  // namespace gopit
