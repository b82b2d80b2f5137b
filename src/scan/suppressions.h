// In-source suppressions: `//gopit:ignore ID[,ID...] reason` and
// `//nolint:gopit` (or a bare `//nolint`) on the finding's line or on the
// line above it. `//gopit:ignore all reason` silences every rule there.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/finding.h"
#include "scan/source_file.h"

namespace gopit::scan {

class Suppressions {
 public:
  explicit Suppressions(const SourceFile& file);
  // The same directives in the `#` comments of a YAML file (Kubernetes
  // manifests): `# gopit:ignore K8S001 reason`, `# nolint:gopit`.
  static Suppressions FromHashComments(std::string_view text);
  bool Suppresses(const Finding& f) const;
  bool empty() const { return by_line_.empty(); }

 private:
  struct Entry {
    bool all = false;
    std::vector<std::string> rules;  // upper-case ids
  };
  Suppressions() = default;
  // `directive` is a comment's text after its `//` or `#`.
  void Add(int32_t line, std::string_view directive);
  bool Matches(int32_t line, const std::string& rule) const;
  std::unordered_map<int32_t, Entry> by_line_;
};

}  // namespace gopit::scan
