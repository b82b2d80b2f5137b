#include "scan/engine.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

#include "golang/ast_walk.h"
#include "golang/go_mod.h"
#include "scan/baseline.h"
#include "scan/generated.h"
#include "scan/manifest_rule.h"
#include "scan/package_index.h"
#include "scan/rule.h"
#include "scan/rules/rules.h"
#include "scan/suppressions.h"
#include "scan/user_rules.h"

namespace gopit::scan {

namespace {

std::string DirOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
}

bool ReadWhole(const std::string& path, std::string& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open";
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    error = path + ": read error";
    return false;
  }
  out = std::move(ss).str();
  return true;
}

Finding ParseFinding(const golang::ParsedFile& parsed, const std::string& path) {
  const RuleInfo& info = ParseRuleInfo();
  Finding f;
  f.rule = info.id;
  f.slug = info.slug;
  f.severity = info.severity;
  f.file = path;
  f.line = parsed.error().pos.line;
  f.column = parsed.error().pos.column;
  f.message = parsed.error().message;
  return f;
}

// Every function body of a package, literals inside them included, each
// handed to each rule.
void RunRules(const Package& pkg, const std::vector<const Rule*>& rules,
              std::vector<Finding>& out) {
  TypeResolver resolver(pkg);
  FindingSink sink(out);
  for (const SourceFile* file : pkg.files) {
    if (file->is_generated()) continue;
    for (const golang::Decl* d : file->ast()->decls) {
      const auto* fn = golang::As<golang::FuncDecl>(d);
      if (!fn || !fn->body) continue;
      // Units live in a deque: literals point at their enclosing unit.
      std::deque<FunctionUnit> units;
      units.emplace_back(pkg, resolver, *file, fn, nullptr, nullptr);
      for (size_t i = 0; i < units.size(); ++i) {
        const FunctionUnit& unit = units[i];
        for (const Rule* rule : rules)
          rule->CheckFunction(unit, sink);
        golang::Inspect(unit.body(), [&](const golang::Node* n) {
          if (const auto* lit = golang::As<golang::FuncLit>(n)) {
            units.emplace_back(pkg, resolver, *file, nullptr, lit, &units[i]);
            return false;
          }
          return true;
        });
      }
    }
  }
  for (const Rule* rule : rules)
    rule->CheckPackage(pkg, resolver, sink);
}

struct DirResult {
  std::vector<Finding> findings;
  uint64_t files = 0, lines = 0, packages = 0, suppressed = 0, generated = 0;
  std::vector<std::string> errors;
};

// Parses and checks the files of one directory.
void ScanDirectory(const std::vector<std::string>& paths, const std::vector<const Rule*>& rules,
                   const golang::GoMod* mod, const std::string& go_version, bool include_generated,
                   DirResult& r, const std::vector<std::string>* sources = nullptr) {
  std::vector<std::unique_ptr<SourceFile>> files;
  for (size_t i = 0; i < paths.size(); ++i) {
    std::string text, error;
    if (sources) {
      text = (*sources)[i];
    } else if (!ReadWhole(paths[i], text, error)) {
      r.errors.push_back(error);
      continue;
    }
    bool generated = !include_generated && IsGeneratedSource(text);
    auto parsed = golang::ParsedFile::Parse(paths[i], std::move(text));
    if (generated) {
      ++r.generated;
    } else {
      ++r.files;
      r.lines += parsed->lines().LineCount();
      if (!parsed->ok()) r.findings.push_back(ParseFinding(*parsed, paths[i]));
    }
    files.push_back(std::make_unique<SourceFile>(paths[i], std::move(parsed)));
    files.back()->set_generated(generated);
  }
  std::vector<const SourceFile*> view;
  for (const auto& f : files)
    view.push_back(f.get());
  std::vector<Package> packages = BuildPackages(view);
  r.packages += packages.size();
  std::vector<Finding> found;
  for (Package& pkg : packages) {
    if (mod) {
      pkg.go_version = mod->go_version;
      pkg.module_path = mod->module_path;
    }
    if (!go_version.empty()) pkg.go_version = go_version;
    RunRules(pkg, rules, found);
  }
  // Suppressions, then the fingerprint from the finding's own line.
  std::map<std::string, std::pair<const SourceFile*, std::unique_ptr<Suppressions>>> by_path;
  for (const auto& f : files)
    by_path[f->path()].first = f.get();
  for (Finding& f : found) {
    auto& [file, sup] = by_path[f.file];
    if (!file || file->is_generated()) continue;  // package rules may point into one
    if (!sup) sup = std::make_unique<Suppressions>(*file);
    if (sup->Suppresses(f)) {
      ++r.suppressed;
      continue;
    }
    f.fingerprint = FindingFingerprint(f, file->LineText(f.line));
    r.findings.push_back(std::move(f));
  }
  for (Finding& f : r.findings) {
    if (f.fingerprint.empty() && f.rule == "PARSE") {
      auto it = by_path.find(f.file);
      if (it != by_path.end() && it->second.first) {
        f.fingerprint = FindingFingerprint(f, it->second.first->LineText(f.line));
      }
    }
  }
}

// Reads one YAML file and runs the manifest rules on it.
void ScanManifestFile(const std::string& path, const std::vector<const ManifestRule*>& rules,
                      const std::string& go_version, DirResult& r) {
  std::string text, error;
  if (!ReadWhole(path, text, error)) {
    r.errors.push_back(error);
    return;
  }
  ManifestScan m = ScanManifestText(path, text, rules, ManifestGoFor(DirOf(path), go_version));
  if (!m.read) return;
  ++r.files;
  r.lines += m.lines;
  r.suppressed += m.suppressed;
  for (Finding& f : m.findings)
    r.findings.push_back(std::move(f));
}

// The user rules of a scan: those of the --rules files apply to every
// package, those of a module's .gopit.yaml to that module's packages.
struct UserRules {
  std::vector<std::unique_ptr<UserRuleSet>> sets;  // stable addresses for the specs
  std::vector<const UserRuleSpec*> global;
  std::map<std::string, std::vector<const UserRuleSpec*>> by_module;  // module root -> rules
  std::vector<std::unique_ptr<Rule>> owned;
};

std::string Where(const UserRuleSpec& r) {
  return r.file + ":" + std::to_string(r.line) + ":" + std::to_string(r.column);
}

// Loads `path` into `u`; ids must not repeat those of `taken` (id -> the
// rule that has it).
bool LoadRulesFile(const std::string& path, UserRules& u,
                   std::map<std::string, const UserRuleSpec*>& taken,
                   std::vector<const UserRuleSpec*>& into, std::string& error) {
  auto set = std::make_unique<UserRuleSet>();
  if (!LoadUserRules(path, *set, &error)) return false;
  for (const UserRuleSpec& r : set->rules) {
    for (const std::string& key : {r.info.id, "slug:" + r.info.slug}) {
      auto [it, fresh] = taken.emplace(key, &r);
      if (!fresh) {
        error = Where(r) + ": rule " + r.info.id + (key == r.info.id ? "" : " has the slug of ") +
                (key == r.info.id ? " is also defined at " : it->second->info.id + " at ") +
                Where(*it->second);
        return false;
      }
    }
    into.push_back(&r);
  }
  u.sets.push_back(std::move(set));
  return true;
}

// Whether `id` (as --enable and --disable take it) names the rule: its id,
// in any case, or its slug.
bool Names(const RuleInfo& info, const std::string& id) {
  return info.slug == id || (info.id.size() == id.size() &&
                             std::equal(id.begin(), id.end(), info.id.begin(), [](char x, char y) {
                               return std::toupper(static_cast<unsigned char>(x)) == y;
                             }));
}

// Whether the rule is asked for by --enable/--disable.
bool Selected(const ScanOptions& o, const RuleInfo& info) {
  auto names = [&](const std::string& id) { return Names(info, id); };
  bool on = o.enable.empty();
  for (const std::string& id : o.enable)
    on = on || names(id);
  for (const std::string& id : o.disable)
    on = on && !names(id);
  return on;
}

bool SelectRules(const ScanOptions& o, const UserRules& user, std::vector<const Rule*>& out,
                 std::vector<const ManifestRule*>& manifest_rules, std::string& error) {
  auto is_user = [&](const std::string& id) {
    auto match = [&](const UserRuleSpec* r) { return Names(r->info, id); };
    for (const UserRuleSpec* r : user.global)
      if (match(r)) return true;
    for (const auto& [_, rules] : user.by_module)
      for (const UserRuleSpec* r : rules)
        if (match(r)) return true;
    return false;
  };
  for (const auto* list : {&o.enable, &o.disable}) {
    for (const std::string& id : *list) {
      if (!FindRule(id) && !FindManifestRule(id) && !is_user(id)) {
        error = "unknown rule \"" + id + "\" (gopit rules lists them)";
        return false;
      }
    }
  }
  for (const Rule* r : AllRules()) {
    bool on = o.enable.empty();
    for (const std::string& id : o.enable)
      on = on || FindRule(id) == r;
    for (const std::string& id : o.disable)
      on = on && FindRule(id) != r;
    if (on) out.push_back(r);
  }
  for (const ManifestRule* r : AllManifestRules()) {
    bool on = o.enable.empty();
    for (const std::string& id : o.enable)
      on = on || FindManifestRule(id) == r;
    for (const std::string& id : o.disable)
      on = on && FindManifestRule(id) != r;
    if (on) manifest_rules.push_back(r);
  }
  return true;
}

}  // namespace

ScanReport RunScan(const ScanOptions& o, std::string& error) {
  ScanReport report;
  report.paths = o.paths;
  // --rules files first: a bad one fails before any walking.
  UserRules user;
  std::map<std::string, const UserRuleSpec*> global_ids;
  for (const std::string& path : o.rule_files) {
    if (!LoadRulesFile(path, user, global_ids, user.global, error)) return {};
  }
  if (!o.go_version.empty() && !golang::IsValidGoVersion(o.go_version)) {
    error = "\"" + o.go_version + "\" is not a Go version (1.21, 1.22.3, go1.23)";
    return {};
  }

  WalkResult walked = FindGoFiles(o.paths, o.walk);
  // Directories in path order; each is one unit of parallel work.
  std::vector<std::pair<std::string, std::vector<std::string>>> dirs;
  for (const std::string& f : walked.files) {
    std::string dir = DirOf(f);
    if (dirs.empty() || dirs.back().first != dir) dirs.push_back({dir, {}});
    dirs.back().second.push_back(f);
  }
  std::map<std::string, std::optional<golang::GoMod>> mods;
  for (const auto& [dir, files] : dirs)
    mods.emplace(dir, golang::FindGoMod(dir));
  // Each module's .gopit.yaml, once; its ids may repeat another module's
  // (each applies to its own packages) but not those of a --rules file.
  if (o.module_config) {
    for (const auto& [dir, mod] : mods) {
      if (!mod) continue;
      std::string root = DirOf(mod->path);
      if (user.by_module.contains(root)) continue;
      std::vector<const UserRuleSpec*>& rules = user.by_module[root];
      std::string config = root + "/.gopit.yaml";
      struct stat st;
      if (::stat(config.c_str(), &st) != 0) continue;
      std::map<std::string, const UserRuleSpec*> ids = global_ids;
      if (!LoadRulesFile(config, user, ids, rules, error)) return {};
    }
  }

  std::vector<const Rule*> rules;
  std::vector<const ManifestRule*> manifest_rules;
  if (!SelectRules(o, user, rules, manifest_rules, error)) return {};
  Baseline baseline;
  if (!o.baseline.empty() && !o.update_baseline && !baseline.Load(o.baseline, error)) return {};
  for (const Rule* r : rules)
    report.rules.push_back(r->Info());
  for (const ManifestRule* r : manifest_rules)
    report.rules.push_back(r->Info());
  // The rules each directory runs: the built-ins, and the user rules of
  // the --rules files and of its module's .gopit.yaml as one rule (one walk
  // over each function for all of them).
  std::set<std::string> listed;
  auto add_user = [&](const std::vector<const UserRuleSpec*>& specs, std::vector<const Rule*>& to) {
    std::vector<const UserRuleSpec*> on;
    for (const UserRuleSpec* spec : specs) {
      if (!Selected(o, spec->info)) continue;
      on.push_back(spec);
      if (listed.insert(spec->info.id).second) report.rules.push_back(spec->info);
    }
    if (on.empty()) return;
    user.owned.push_back(MakeUserRules(on));
    to.push_back(user.owned.back().get());
  };
  std::vector<const Rule*> builtin = rules;
  add_user(user.global, rules);
  std::map<std::string, std::vector<const Rule*>> module_rules;
  for (const auto& [root, specs] : user.by_module) {
    if (specs.empty()) continue;
    std::vector<const UserRuleSpec*> both = user.global;
    both.insert(both.end(), specs.begin(), specs.end());
    std::vector<const Rule*>& list = module_rules[root];
    list = builtin;
    add_user(both, list);
  }
  std::sort(report.rules.begin(), report.rules.end(),
            [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  report.rules.push_back(ParseRuleInfo());
  report.errors = walked.errors;

  // YAML files are units of work after the directories, read only when a
  // manifest rule runs.
  const std::vector<std::string> no_manifests;
  const std::vector<std::string>& manifests =
      manifest_rules.empty() ? no_manifests : walked.manifests;
  const size_t units = dirs.size() + manifests.size();
  std::vector<DirResult> results(units);
  auto rules_of = [&](const std::optional<golang::GoMod>& mod) -> const std::vector<const Rule*>& {
    if (!mod) return rules;
    auto it = module_rules.find(DirOf(mod->path));
    return it == module_rules.end() ? rules : it->second;
  };

  std::atomic<size_t> next{0}, done{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < units;) {
      if (i < dirs.size()) {
        const auto& mod = std::as_const(mods).at(dirs[i].first);
        ScanDirectory(dirs[i].second, rules_of(mod), mod ? &*mod : nullptr, o.go_version,
                      o.include_generated, results[i]);
      } else {
        ScanManifestFile(manifests[i - dirs.size()], manifest_rules, o.go_version, results[i]);
      }
      size_t d = done.fetch_add(1) + 1;
      if (o.progress) o.progress(d, units);
    }
  };
  unsigned n = o.threads > 0 ? static_cast<unsigned>(o.threads)
                             : std::max(1u, std::thread::hardware_concurrency());
  n = std::min<unsigned>(n, std::max<size_t>(1, units));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; ++t)
    pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool)
    t.join();

  for (DirResult& r : results) {
    report.files_scanned += r.files;
    report.lines_scanned += r.lines;
    report.packages += r.packages;
    report.suppressed += r.suppressed;
    report.generated_skipped += r.generated;
    for (std::string& e : r.errors)
      report.errors.push_back(std::move(e));
    for (Finding& f : r.findings)
      report.findings.push_back(std::move(f));
  }
  std::sort(report.findings.begin(), report.findings.end(), FindingLess);
  MakeFingerprintsUnique(report.findings);
  if (!o.baseline.empty()) {
    if (o.update_baseline) {
      if (!Baseline::Write(o.baseline, report.findings, error)) return {};
    } else {
      report.baselined = baseline.Apply(report.findings);
    }
  }
  return report;
}

std::vector<Finding> ScanSource(const std::string& path, std::string source,
                                const std::vector<std::string>& rule_ids,
                                const std::vector<const Rule*>& extra) {
  std::vector<const Rule*> rules;
  for (const Rule* r : AllRules()) {
    bool on = rule_ids.empty();
    for (const std::string& id : rule_ids)
      on = on || FindRule(id) == r;
    if (on) rules.push_back(r);
  }
  rules.insert(rules.end(), extra.begin(), extra.end());
  DirResult r;
  std::vector<std::string> sources{std::move(source)};
  ScanDirectory({path}, rules, nullptr, "", /*include_generated=*/false, r, &sources);
  std::sort(r.findings.begin(), r.findings.end(), FindingLess);
  MakeFingerprintsUnique(r.findings);
  return r.findings;
}

}  // namespace gopit::scan
