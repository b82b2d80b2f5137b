// What `gopit scan` reports: findings of source rules, the rules themselves,
// and the report of one scan. Renderers (text, JSON, SARIF) read only this.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gopit {

enum class Severity : uint8_t { kInfo = 0, kWarning = 1, kError = 2 };

// "info", "warning", "error".
std::string_view SeverityName(Severity s);
// Accepts the names above; false for anything else.
bool ParseSeverity(std::string_view name, Severity& out);

// A line that makes a finding so: where the lock was taken, where the
// channel was made, where the goroutine was started.
struct RelatedLocation {
  std::string file;  // as the finding's file
  int32_t line = 0;
  int32_t column = 0;
  std::string message;
};

struct Finding {
  std::string rule;  // "LOCK001", or "PARSE" for a file that does not parse
  std::string slug;  // "lock-not-released"
  Severity severity = Severity::kWarning;
  // Path as the user named it: relative to the working directory when the
  // scanned path was relative, absolute otherwise. Always '/'-separated.
  std::string file;
  int32_t line = 0;    // 1-based
  int32_t column = 0;  // 1-based byte column, as the Go tools count
  std::string message;
  std::vector<RelatedLocation> related;
  // Stable across edits elsewhere in the file: the rule, the file and the
  // text of the finding's line with its spaces trimmed (for baselines and
  // SARIF partialFingerprints). Filled by the scan engine.
  std::string fingerprint;
};

// Findings in report order: by file, line, column, rule.
bool FindingLess(const Finding& a, const Finding& b);

// A rule's documentation, shown by `gopit rules ID` and carried into SARIF.
struct RuleInfo {
  std::string id;    // "LOCK001"
  std::string slug;  // "lock-not-released"
  Severity severity = Severity::kWarning;
  std::string summary;  // one line
  // Markdown with the sections "What it finds", "Why it is bad", "Bad",
  // "Fix", "Go versions", "Known limits".
  std::string doc;
};

struct ScanReport {
  std::vector<std::string> paths;  // what was asked for
  uint64_t files_scanned = 0;
  uint64_t lines_scanned = 0;
  uint64_t packages = 0;
  std::vector<Finding> findings;    // sorted with FindingLess; suppressed ones left out
  uint64_t suppressed = 0;          // dropped by //gopit:ignore or //nolint
  uint64_t baselined = 0;           // dropped because the baseline holds them
  uint64_t generated_skipped = 0;   // generated files not checked (--include-generated)
  std::vector<RuleInfo> rules;      // every rule that ran, by id
  std::vector<std::string> errors;  // I/O errors: paths that could not be read, with why
};

}  // namespace gopit
