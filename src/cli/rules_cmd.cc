// gopit rules: list the source rules (gopit scan) and the dump diagnoses
// (gopit stacks), or print the documentation of one.
#include <iostream>
#include <memory>

#include "analysis/diagnosis.h"
#include "cli/commands.h"
#include "model/finding.h"
#include "scan/rules/rules.h"

namespace gopit::cli {
namespace {

int Run(const std::string& id) {
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
    return kExitOk;
  }
  const RuleInfo* info = nullptr;
  if (const scan::Rule* r = scan::FindRule(id)) info = &r->Info();
  if (const scan::ManifestRule* r = scan::FindManifestRule(id); r && !info) info = &r->Info();
  for (const DumpDiagnosis* d : AllDiagnoses()) {
    if (!info && (d->Info().id == id || d->Info().slug == id)) info = &d->Info();
  }
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
  auto id = std::make_shared<std::string>();
  CLI::App* cmd =
      app.add_subcommand("rules", "List the source rules and dump diagnoses, or document one");
  cmd->footer(
      "Examples:\n  gopit rules\n  gopit rules LOCK001\n  gopit rules cancel-not-called\n"
      "  gopit rules DUMP002");
  cmd->add_option("ID", *id, "A rule id or slug: print its documentation");
  cmd->callback([id, exit_code] { *exit_code = Run(*id); });
}

}  // namespace gopit::cli
