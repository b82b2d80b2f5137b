// `gopit stacks --format json`: the versioned schema documented in docs/json.md.
#pragma once

#include <ostream>

#include "analysis/stacks_report.h"

namespace gopit {

inline constexpr const char* kStacksSchema = "gopit.stacks/v1";

void RenderStacksJson(const StacksReport& report, std::ostream& out);

}  // namespace gopit
