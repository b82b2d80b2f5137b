// `gopit scan` default output: one line per finding, in the form editors and
// CI log viewers turn into links, then a summary line.
//
//   path/a.go:12:3: LOCK001 lock-not-released: mu is not unlocked on every path
//       path/a.go:20: returns here with mu held
//
//   3 findings (1 error, 2 warnings) in 120 files; 1 suppressed; 4 in baseline
//
// The rule id and slug are coloured by severity when `style` is enabled
// (red: error, yellow: warning, cyan: info). Control characters in messages
// and paths are neutralised so a finding always stays on its line.
#pragma once

#include <ostream>

#include "model/finding.h"
#include "render/style.h"

namespace gopit {

void WriteScanText(const ScanReport& r, const Style& style, std::ostream& out);

}  // namespace gopit
