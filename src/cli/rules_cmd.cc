// gopit rules: list the source rules, or print one rule's documentation.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "model/finding.h"
#include "scan/rules/rules.h"

namespace gopit::cli {
namespace {

int Run(const std::string& id) {
  if (id.empty()) {
    for (const scan::Rule* r : scan::AllRules()) {
      const RuleInfo& i = r->Info();
      std::cout << i.id << "  " << i.slug << "  (" << SeverityName(i.severity) << ")\n    "
                << i.summary << "\n";
    }
    return kExitOk;
  }
  const RuleInfo* info = nullptr;
  if (const scan::Rule* r = scan::FindRule(id)) info = &r->Info();
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
  CLI::App* cmd = app.add_subcommand("rules", "List the source rules, or document one");
  cmd->footer("Examples:\n  gopit rules\n  gopit rules LOCK001\n  gopit rules cancel-not-called");
  cmd->add_option("ID", *id, "A rule id or slug: print its documentation");
  cmd->callback([id, exit_code] { *exit_code = Run(*id); });
}

}  // namespace gopit::cli
