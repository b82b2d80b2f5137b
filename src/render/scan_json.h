// `gopit scan --format json`: the versioned schema documented in
// docs/scan-json.md. Written as a stream, so 100,000 findings cost no
// document tree.
#pragma once

#include <ostream>

#include "model/finding.h"

namespace gopit {

inline constexpr const char* kScanSchema = "gopit.scan/v1";

void WriteScanJson(const ScanReport& r, std::ostream& out);

}  // namespace gopit
