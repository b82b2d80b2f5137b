// `gopit scan --format sarif`: SARIF 2.1.0 (OASIS), in the form GitHub code
// scanning ingests (upload-sarif, or the code-scanning REST API).
//
// One run; tool.driver.rules holds one reportingDescriptor per rule that ran,
// plus a minimal one for any rule a finding names that the report's rule list
// lacks (PARSE, say), so every result's ruleIndex is valid. Relative paths are
// written as RFC 3986 URI references against the base id %SRCROOT%, absolute
// ones as file:// URIs. Related locations are linked from the result message
// ("[text](id)", SARIF §3.11.6), which is where GitHub shows them. The engine's
// fingerprint goes to partialFingerprints["gopitFingerprint/v1"]; GitHub's
// upload action adds its own primaryLocationLineHash beside it. I/O errors
// become toolExecutionNotifications and make executionSuccessful false.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "model/finding.h"

namespace gopit {

void WriteScanSarif(const ScanReport& r, std::ostream& out);

// How a finding's path is written into artifactLocation.uri: '/'-separated
// relative paths become relative references ("." and empty segments
// dropped), absolute ones ("/x", "C:/x") file:// URIs; bytes outside RFC
// 3986's path characters are percent-encoded with upper-case hex. Sets
// `relative` to whether the result is a relative reference (then uriBaseId
// %SRCROOT% applies).
std::string SarifArtifactUri(std::string_view path, bool& relative);

// "lock-not-released" -> "LockNotReleased": the reportingDescriptor name.
std::string SarifRuleName(std::string_view slug);

}  // namespace gopit
