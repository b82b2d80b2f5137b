#include <algorithm>
#include <cctype>

#include "scan/rules/rules.h"

namespace gopit::scan {

const std::vector<const Rule*>& AllRules() {
  static const std::vector<const Rule*> rules = [] {
    std::vector<const Rule*> r = {&Leak008Rule(), &Leak011Rule(), &Leak012Rule(), &Lock001Rule(),
                                  &Lock007Rule(), &Rt001Rule(),   &Rt002Rule()};
    r.push_back(&Leak001Rule());
    r.push_back(&Leak002Rule());
    r.push_back(&Leak004Rule());
    r.push_back(&Leak009Rule());
    r.push_back(&Leak010Rule());
    r.push_back(&Leak003Rule());
    r.push_back(&Leak013Rule());
    r.push_back(&Leak005Rule());
    r.push_back(&Leak006Rule());
    r.push_back(&Leak007Rule());
    r.push_back(&Rt007Rule());
    r.push_back(&Rt003Rule());
    r.push_back(&Rt008Rule());
    r.push_back(&Rt004Rule());
    r.push_back(&Rt005Rule());
    r.push_back(&Rt006Rule());
    r.push_back(&Cgo001Rule());
    r.push_back(&Lock002Rule());
    r.push_back(&Lock003Rule());
    r.push_back(&Lock004Rule());
    r.push_back(&Lock005Rule());
    r.push_back(&Cgo002Rule());
    r.push_back(&Lock006Rule());
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

const std::vector<const ManifestRule*>& AllManifestRules() {
  static const std::vector<const ManifestRule*> rules = {&K8s001Rule(), &K8s002Rule(),
                                                         &K8s003Rule()};
  return rules;
}

const ManifestRule* FindManifestRule(std::string_view id_or_slug) {
  for (const ManifestRule* r : AllManifestRules()) {
    const RuleInfo& i = r->Info();
    auto same_id = [&] {
      return i.id.size() == id_or_slug.size() &&
             std::equal(i.id.begin(), i.id.end(), id_or_slug.begin(), [](char x, char y) {
               return x == std::toupper(static_cast<unsigned char>(y));
             });
    };
    if (i.slug == id_or_slug || same_id()) return r;
  }
  return nullptr;
}

const RuleInfo& ParseRuleInfo() {
  static const RuleInfo info{"PARSE", "syntax-error", Severity::kError,
                             "The file is not valid Go: it was not scanned.",
                             R"(## What it finds
A `.go` file that the Go parser rejects. Nothing else in the file is
checked, so a syntax error can hide other findings.

A YAML file with a top-level `kind:` line (a Kubernetes manifest, for the
K8S rules) that is not valid YAML is reported too, as a warning: it may be
some other YAML. Its other documents (`---`) are still checked.

## Fix
Make the file compile (`gofmt -l` names the same files), or keep it out of
the scan: files under `testdata/` are skipped by default, and `.gitignore`
is honoured.)"};
  return info;
}

}  // namespace gopit::scan
