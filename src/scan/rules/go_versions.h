// Where a package stands relative to the Go release that changed a
// pitfall (loop variables in 1.22, timers in 1.23), for the rules whose
// severity depends on it.
#pragma once

#include <string>
#include <string_view>

#include "scan/package_index.h"

namespace gopit::scan {

enum class GoEra { kBefore, kFrom, kUnknown };

inline GoEra EraOf(const Package& pkg, std::string_view release) {
  std::optional<bool> at_least = pkg.GoVersionAtLeast(release);
  if (!at_least) return GoEra::kUnknown;
  return *at_least ? GoEra::kFrom : GoEra::kBefore;
}

// " (go 1.21 in go.mod)" / " (Go version unknown: no go.mod)", for messages.
inline std::string EraNote(const Package& pkg) {
  if (pkg.go_version.empty()) {
    return " (the Go version is unknown: no go directive; give --go-version)";
  }
  return " (Go " + pkg.go_version + ")";
}

}  // namespace gopit::scan
