// The built-in source rules, one file each in this directory. Add a rule by
// writing its file, declaring its accessor here and listing it in
// registry.cc.
#pragma once

#include <string_view>
#include <vector>

#include "model/finding.h"
#include "scan/rule.h"

namespace gopit::scan {

const Rule& Lock001Rule();
const Rule& Leak008Rule();
const Rule& Leak011Rule();
const Rule& Leak012Rule();
const Rule& Lock007Rule();
const Rule& Rt001Rule();
const Rule& Rt002Rule();

// Every built-in rule, ordered by id.
const std::vector<const Rule*>& AllRules();
// The rule with this id (case-insensitive) or slug, or null.
const Rule* FindRule(std::string_view id_or_slug);

// The pseudo-rule of a file that does not parse.
const RuleInfo& ParseRuleInfo();

}  // namespace gopit::scan
