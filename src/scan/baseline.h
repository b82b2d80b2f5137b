// Baselines let a large codebase adopt gopit and fail only on new findings:
// `gopit scan --baseline FILE --update-baseline` records today's findings;
// later scans with `--baseline FILE` leave those out. Findings are matched by
// rule, file and fingerprint (the trimmed text of the finding's line), so
// edits elsewhere in a file do not bring them back; a finding that occurs
// twice on identical lines is matched as many times as it was recorded.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "model/finding.h"

namespace gopit::scan {

// The fingerprint of a finding whose line reads `line_text`.
std::string FindingFingerprint(const Finding& f, std::string_view line_text);

// Makes every fingerprint of `findings` (in report order) its own: where
// several share one (two findings on one line, or on lines of the same
// text), each takes its message into the hash, and where that still
// repeats, its ordinal among those left equal. A finding alone keeps the
// plain fingerprint, so baselines of earlier versions still match it.
void MakeFingerprintsUnique(std::vector<Finding>& findings);

class Baseline {
 public:
  // Reads a baseline file; false with `error` set when it cannot be read or
  // is not a gopit baseline.
  bool Load(const std::string& path, std::string& error);
  // Writes `findings` as a baseline; false with `error` set on failure.
  static bool Write(const std::string& path, const std::vector<Finding>& findings,
                    std::string& error);
  // Removes the findings the baseline holds; returns how many.
  uint64_t Apply(std::vector<Finding>& findings) const;

 private:
  std::map<std::tuple<std::string, std::string, std::string>, uint64_t> counts_;
};

}  // namespace gopit::scan
