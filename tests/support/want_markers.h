// The expectations written into Go and YAML fixtures: `// want LEAK001`
// (`# want K8S001` in manifests) after the line a rule must report. One line
// may name several rules (`// want RT007 RT006`) when each reports there;
// the ids end at the first word that is not one, so a note may follow.
#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace gopit::testing_support {

// Whether `w` looks like a rule id: capitals, then digits (K8S001 too).
inline bool IsRuleId(std::string_view w) {
  if (w.empty() || !std::isupper(static_cast<unsigned char>(w.front())) ||
      !std::isdigit(static_cast<unsigned char>(w.back()))) {
    return false;
  }
  for (char c : w) {
    if (!std::isupper(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)))
      return false;
  }
  return true;
}

// The rule ids `line` expects after `marker` ("// want "), in order.
inline std::vector<std::string> WantedIds(std::string_view line, std::string_view marker) {
  std::vector<std::string> ids;
  size_t at = line.find(marker);
  if (at == std::string_view::npos) return ids;
  std::string_view rest = line.substr(at + marker.size());
  while (!rest.empty()) {
    size_t start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    rest = rest.substr(start);
    std::string_view word = rest.substr(0, rest.find(' '));
    if (!IsRuleId(word)) break;
    ids.emplace_back(word);
    rest = rest.substr(word.size());
  }
  return ids;
}

}  // namespace gopit::testing_support
