#include <algorithm>
#include <cctype>

#include "scan/rules/rules.h"

namespace gopit::scan {

const std::vector<const Rule*>& AllRules() {
  static const std::vector<const Rule*> rules = [] {
    std::vector<const Rule*> r = {&Leak008Rule(), &Leak011Rule(), &Leak012Rule(), &Lock001Rule(),
                                  &Lock007Rule(), &Rt001Rule(),   &Rt002Rule()};
    std::sort(r.begin(), r.end(),
              [](const Rule* a, const Rule* b) { return a->Info().id < b->Info().id; });
    return r;
  }();
  return rules;
}

const Rule* FindRule(std::string_view id_or_slug) {
  auto iequal = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::toupper(static_cast<unsigned char>(x)) ==
                    std::toupper(static_cast<unsigned char>(y));
           });
  };
  for (const Rule* r : AllRules()) {
    if (iequal(r->Info().id, id_or_slug) || r->Info().slug == id_or_slug) return r;
  }
  return nullptr;
}

const RuleInfo& ParseRuleInfo() {
  static const RuleInfo info{"PARSE", "syntax-error", Severity::kError,
                             "The file is not valid Go: it was not scanned.",
                             R"(## What it finds
A `.go` file that the Go parser rejects. Nothing else in the file is
checked, so a syntax error can hide other findings.

## Fix
Make the file compile (`gofmt -l` names the same files), or keep it out of
the scan: files under `testdata/` are skipped by default, and `.gitignore`
is honoured.)"};
  return info;
}

}  // namespace gopit::scan
