// The built-in source rules, one file each in this directory. Add a rule by
// writing its file, declaring its accessor here and listing it in
// registry.cc.
#pragma once

#include <string_view>
#include <vector>

#include "model/finding.h"
#include "scan/manifest_rule.h"
#include "scan/rule.h"

namespace gopit::scan {

const Rule& Lock001Rule();
const Rule& Leak001Rule();
const Rule& Leak002Rule();
const Rule& Cgo001Rule();
const Rule& Leak005Rule();
const Rule& Leak006Rule();
const Rule& Leak007Rule();
const Rule& Leak008Rule();
const Rule& Leak011Rule();
const Rule& Leak012Rule();
const Rule& Lock007Rule();
const Rule& Rt001Rule();
const Rule& Rt002Rule();
const Rule& Rt007Rule();
const Rule& Rt003Rule();
const Rule& Rt008Rule();
const Rule& Rt004Rule();
const Rule& Rt005Rule();
const Rule& Rt006Rule();
const Rule& Lock002Rule();
const Rule& Lock003Rule();
const Rule& Lock004Rule();
const Rule& Lock005Rule();
const Rule& Cgo002Rule();
const Rule& Lock006Rule();
const Rule& Leak004Rule();
const Rule& Leak009Rule();
const Rule& Leak010Rule();
const Rule& Leak003Rule();
const Rule& Leak013Rule();

// Kubernetes manifest rules (YAML files; scan/manifest_rule.h).
const ManifestRule& K8s001Rule();
const ManifestRule& K8s002Rule();
const ManifestRule& K8s003Rule();

// Every built-in rule, ordered by id.
const std::vector<const Rule*>& AllRules();
// The rule with this id (case-insensitive) or slug, or null.
const Rule* FindRule(std::string_view id_or_slug);

// Every built-in manifest rule, ordered by id, and the one with this id
// (case-insensitive) or slug, or null.
const std::vector<const ManifestRule*>& AllManifestRules();
const ManifestRule* FindManifestRule(std::string_view id_or_slug);

// The pseudo-rule of a file that does not parse.
const RuleInfo& ParseRuleInfo();

}  // namespace gopit::scan
