// `gopit diff --format json`: the versioned schema documented in
// docs/diff-json.md.
#pragma once

#include <ostream>
#include <vector>

#include "analysis/diff.h"

namespace gopit {

inline constexpr const char* kDiffSchema = "gopit.diff/v1";

void RenderDiffJson(const DiffReport& report, const Symbols& symbols,
                    const std::vector<Warning>& warnings, std::ostream& out);

}  // namespace gopit
