// gopit rules: list the source rules (gopit scan) and the dump diagnoses
// (gopit stacks), or print the documentation of one.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "analysis/diagnosis.h"
#include "cli/commands.h"
#include "gotest/leak_diagnosis.h"
#include "model/finding.h"
#include "scan/rules/rules.h"
#include "scan/user_rules.h"

namespace gopit::cli {
namespace {

struct RulesFlags {
  std::string id;
  std::vector<std::string> rule_files;
  bool builtin_pairs = false;
};

int Run(const RulesFlags& f) {
  const std::string& id = f.id;
  if (f.builtin_pairs) {
    std::cout << scan::BuiltinPairsYaml();
    return kExitOk;
  }
  // User rules files: the same loader as gopit scan, the same errors.
  std::vector<scan::UserRuleSet> sets(f.rule_files.size());
  for (size_t i = 0; i < f.rule_files.size(); ++i) {
    std::string error;
    if (!scan::LoadUserRules(f.rule_files[i], sets[i], &error)) {
      std::cerr << "gopit: " << error << "\n";
      return kExitUsage;
    }
  }
  auto line = [](const RuleInfo& i) {
    std::cout << i.id << "  " << i.slug << "  (" << SeverityName(i.severity) << ")\n    "
              << i.summary << "\n";
  };
  if (id.empty()) {
    std::cout << "Source rules (gopit scan):\n";
    for (const scan::Rule* r : scan::AllRules())
      line(r->Info());
    std::cout << "\nKubernetes manifest rules (gopit scan, YAML files):\n";
    for (const scan::ManifestRule* r : scan::AllManifestRules())
      line(r->Info());
    std::cout << "\nDump diagnoses (gopit stacks):\n";
    for (const DumpDiagnosis* d : AllDiagnoses())
      line(d->Info());
    std::cout << "\nTest run diagnoses (gopit test):\n";
    line(TestLeakRuleInfo());
    for (size_t i = 0; i < sets.size(); ++i) {
      std::cout << "\nUser rules (" << f.rule_files[i] << "):\n";
      for (const scan::UserRuleSpec& r : sets[i].rules)
        line(r.info);
    }
    return kExitOk;
  }
  const RuleInfo* info = nullptr;
  for (const scan::UserRuleSet& set : sets) {
    for (const scan::UserRuleSpec& r : set.rules) {
      if (!info && (r.info.id == id || r.info.slug == id)) info = &r.info;
    }
  }
  if (const scan::Rule* r = scan::FindRule(id)) info = &r->Info();
  if (const scan::ManifestRule* r = scan::FindManifestRule(id); r && !info) info = &r->Info();
  for (const DumpDiagnosis* d : AllDiagnoses()) {
    if (!info && (d->Info().id == id || d->Info().slug == id)) info = &d->Info();
  }
  if (!info && (id == TestLeakRuleInfo().id || id == TestLeakRuleInfo().slug))
    info = &TestLeakRuleInfo();
  if (!info && (id == "PARSE" || id == "parse")) info = &scan::ParseRuleInfo();
  if (!info) {
    std::cerr << "gopit: no rule \"" << id << "\" (gopit rules lists them)\n";
    return kExitUsage;
  }
  std::cout << "# " << info->id << " " << info->slug << "\n\n"
            << "Severity: " << SeverityName(info->severity) << "\n\n"
            << info->summary << "\n\n"
            << info->doc << "\n";
  return kExitOk;
}

}  // namespace

void RegisterRules(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<RulesFlags>();
  CLI::App* cmd =
      app.add_subcommand("rules", "List the source rules and dump diagnoses, or document one");
  cmd->footer(
      "Examples:\n  gopit rules\n  gopit rules LOCK001\n  gopit rules cancel-not-called\n"
      "  gopit rules DUMP002\n"
      "  gopit rules --rules .gopit.yaml ACME001   # a user rule (docs/user-rules.md)\n"
      "  gopit rules --builtin-pairs               # the built-in pairs, as user rules");
  cmd->add_option("ID", flags->id, "A rule id or slug: print its documentation");
  cmd->add_option("--rules", flags->rule_files,
                  "Also list (and document) the user rules of this YAML file (repeatable)")
      ->allow_extra_args(false);
  cmd->add_flag("--builtin-pairs", flags->builtin_pairs,
                "Print the YAML that defines the built-in paired rules (LEAK005, LEAK007, "
                "LEAK008, LOCK001, RT002, CGO001) in the form of user rules");
  cmd->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace gopit::cli
