#include "gotest/leak_check.h"

#include <stdio.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "analysis/diagnoses/diagnoses.h"
#include "golang/parser.h"
#include "gotest/leak_attribution.h"
#include "gotest/leak_diagnosis.h"
#include "gotest/leak_dump.h"
#include "gotest/leak_ignore.h"
#include "gotest/leak_testmain.h"
#include "gotest/presets.h"

namespace gopit {
namespace {

namespace fs = std::filesystem;

constexpr const char* kGeneratedName = "zz_gopit_leakcheck_test.go";
constexpr const char* kGopittestPath = "gopit.dev/gopittest";
// Creator stacks kept per goroutine: enough to climb from a goroutine a
// library started, through the library's own goroutines, to the test.
constexpr int kAncestors = 8;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool WriteFile(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

// Same as gopittest's gopitLeakHash: FNV-1a 64 of the directory.
std::string DirHash(const std::string& dir) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : dir) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out + "\"";
}

// The package clause of a file that did not parse fully, or of one we only
// need the name of: the first "package NAME" after comments.
std::string PackageClause(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  bool in_block = false;
  while (std::getline(in, line)) {
    std::string_view s(line);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
      s.remove_prefix(1);
    if (in_block) {
      size_t e = s.find("*/");
      if (e == std::string_view::npos) continue;
      in_block = false;
      s.remove_prefix(e + 2);
    }
    if (s.starts_with("/*")) {
      in_block = s.find("*/") == std::string_view::npos;
      continue;
    }
    if (s.empty() || s.starts_with("//")) continue;
    if (!s.starts_with("package ")) return "";
    s.remove_prefix(8);
    size_t end = s.find_first_of(" \t/;\r");
    return std::string(s.substr(0, end));
  }
  return "";
}

// The module path and root above `dir`, from the nearest go.mod.
std::string ImportPathOf(const fs::path& dir) {
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    std::error_code ec;
    if (fs::is_regular_file(p / "go.mod", ec)) {
      std::istringstream in(ReadFile(p / "go.mod"));
      std::string line;
      while (std::getline(in, line)) {
        if (line.rfind("module ", 0) != 0) continue;
        std::string mod = line.substr(7);
        while (!mod.empty() && (mod.back() == '\r' || mod.back() == ' '))
          mod.pop_back();
        if (mod.size() > 1 && mod.front() == '"') mod = mod.substr(1, mod.size() - 2);
        fs::path rel = fs::relative(dir, p, ec);
        return rel.empty() || rel == "." ? mod : mod + "/" + rel.generic_string();
      }
      return "";
    }
    if (p == p.parent_path()) break;
  }
  return "";
}

std::string GoVersion(const std::vector<std::string>& env) {
  (void)env;
  FILE* f = popen("go env GOVERSION 2>/dev/null", "r");
  if (f == nullptr) return "";
  char buf[128] = {0};
  std::string out;
  if (fgets(buf, sizeof buf, f) != nullptr) out = buf;
  pclose(f);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
    out.pop_back();
  return out;
}

std::string WithSetting(const char* name, const std::string& setting) {
  const char* old = getenv(name);
  std::string value = old != nullptr && *old != '\0' ? std::string(old) + "," + setting : setting;
  return std::string(name) + "=" + value;
}

struct PackagePlan {
  std::string package_name;  // for the generated file; empty when not generated
  std::string why_not;       // a note when the package is not checked
  bool opted_in = false;     // its TestMain calls gopittest
};

PackagePlan PlanPackage(const fs::path& dir) {
  PackagePlan plan;
  std::set<std::string> names;  // of the non-test files
  std::string test_main_file;
  bool has_tests = false, imports_gopittest = false;
  std::string external_name;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string file = entry.path().filename().string();
    if (!file.ends_with(".go") || file.starts_with(".") || file.starts_with("_")) continue;
    std::string text = ReadFile(entry.path());
    if (!file.ends_with("_test.go")) {
      std::string name = PackageClause(text);
      if (!name.empty() && name != "documentation") names.insert(name);
      continue;
    }
    has_tests = true;
    auto parsed = golang::ParsedFile::Parse(entry.path().string(), text);
    if (!parsed->ok()) continue;  // go test will say what is wrong with it
    std::string pkg(parsed->file()->name->name);
    if (pkg.ends_with("_test"))
      external_name = pkg;
    else
      names.insert(pkg);
    for (const golang::ImportSpec* imp : parsed->file()->imports) {
      if (imp->path != nullptr && imp->path->value == std::string("\"") + kGopittestPath + "\"") {
        imports_gopittest = true;
      }
    }
    for (const golang::Decl* decl : parsed->file()->decls) {
      const auto* fn = golang::As<golang::FuncDecl>(decl);
      if (fn != nullptr && fn->recv == nullptr && fn->name != nullptr &&
          fn->name->name == "TestMain") {
        test_main_file = file;
      }
    }
  }
  if (!has_tests) return plan;  // nothing runs, nothing to check
  if (!test_main_file.empty()) {
    if (imports_gopittest) {
      plan.opted_in = true;
    } else {
      plan.why_not = "has its own TestMain (" + test_main_file +
                     "); call gopittest.Main(m) or gopittest.Run(m) in it to check it for leaks "
                     "(docs/test-leaks.md)";
    }
    return plan;
  }
  if (names.size() > 1) {
    plan.why_not = "mixes package clauses; not checked for leaks";
    return plan;
  }
  if (!names.empty()) {
    plan.package_name = *names.begin();
  } else if (!external_name.empty()) {
    plan.package_name = external_name;
  }
  if (plan.package_name.empty()) plan.why_not = "has no readable package clause; not checked";
  if (fs::exists(dir / kGeneratedName, ec)) {
    plan.package_name.clear();
    plan.why_not = std::string("already has a file named ") + kGeneratedName + "; not checked";
  }
  return plan;
}

std::string Canonical(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(dir, ec);
  return ec ? dir : p.string();
}

bool IsStd(const std::string& function) {
  return IsStdlibFunction(function);
}

CodeLocation LocationOf(const LeakFrame& f) {
  CodeLocation loc;
  loc.file = f.file;
  loc.line = f.line;
  loc.function = f.function;
  return loc;
}

// The blocking place in the user's code: the innermost frame outside the
// runtime and standard library, else the innermost frame.
CodeLocation UserPlace(const LeakGoroutine& g) {
  for (const LeakFrame& f : g.frames) {
    if (!IsStd(f.function)) return LocationOf(f);
  }
  return g.frames.empty() ? CodeLocation{} : LocationOf(g.frames.front());
}

struct Group {
  std::string test;
  bool proven = false;
  LeakGoroutine first;
  uint64_t count = 0;
};

void MarkLeaked(PackageResult& pkg, const std::string& test) {
  // The subtest when go test reported it, else its nearest parent that it did.
  std::string name = test;
  while (true) {
    for (TestResult& t : pkg.tests) {
      if (t.name != name) continue;
      if (t.result == "pass") t.result = "leaked";
      return;
    }
    size_t slash = name.rfind('/');
    if (slash == std::string::npos) return;
    name.resize(slash);
  }
}

// The ignore rules of a run: .gopit.yaml's, --ignore's, the presets';
// what is wrong with them goes to `warnings`.
std::vector<IgnoreRule> LeakRules(const LeakOptions& opts, std::vector<std::string>& warnings) {
  std::vector<IgnoreRule> rules;
  std::vector<std::string> disabled = opts.disabled_presets;
  std::string error;
  if (!LoadLeakConfig(opts.config_dir, rules, disabled, error)) {
    warnings.push_back("leak check: " + error + " (its ignore rules were not applied)");
  }
  for (const std::string& spec : opts.ignore_specs) {
    IgnoreRule r;
    if (ParseIgnoreSpec(spec, r, error)) {
      rules.push_back(r);
    } else {
      warnings.push_back("leak check: " + error);
    }
  }
  std::vector<std::string> unknown;
  std::vector<IgnoreRule> presets = PresetRules(disabled, &unknown);
  rules.insert(rules.end(), presets.begin(), presets.end());
  for (const std::string& name : unknown) {
    warnings.push_back("leak check: no preset is named " + name);
  }
  return rules;
}

// One test binary's dump (`path`, a .txt a binary wrote), with the
// goroutines its leak profile proves marked; false when it is none.
bool ReadLeakFile(const fs::path& path, LeakDump& d) {
  std::string name = path.filename().string();
  if (!name.ends_with(".txt") || name.ends_with(".leakprof.txt")) return false;
  d = ParseLeakDump(ReadFile(path));
  if (!d.has_header) return false;
  std::error_code ec;
  fs::path prof = path;
  prof.replace_extension(".leakprof.txt");
  if (fs::exists(prof, ec)) {
    LeakDump p = ParseLeakDump(ReadFile(prof));
    std::set<uint64_t> proven;
    for (const LeakGoroutine& g : p.goroutines) {
      if (g.leaked) proven.insert(g.id);
    }
    for (LeakGoroutine& g : d.goroutines)
      g.leaked = g.leaked || proven.count(g.id) != 0;
  }
  return true;
}

// The leaked goroutines of one dump, by owning test and place: those that
// were not there before the tests, that no rule ignores, that a test owns.
using Groups =
    std::map<std::tuple<std::string, bool, std::string, int32_t, std::string, int32_t>, Group>;
Groups GroupLeaks(const LeakDump& d, const std::string& dir, const std::vector<IgnoreRule>& rules) {
  std::set<uint64_t> before(d.before.begin(), d.before.end());
  SubtestNames names(dir);
  Groups groups;
  for (const LeakGoroutine& g : d.goroutines) {
    if (before.count(g.id) != 0) continue;
    bool ignored = std::any_of(rules.begin(), rules.end(),
                               [&](const IgnoreRule& r) { return IgnoreMatches(r, g); });
    if (ignored) continue;
    LeakOwner owner = FindLeakOwner(g, before, names);
    if (owner.kind == LeakOwner::Kind::kBefore) continue;
    CodeLocation at = UserPlace(g);
    auto key = std::make_tuple(owner.test, g.leaked, at.file, at.line, g.created_by.file,
                               g.created_by.line);
    Group& grp = groups[key];
    if (grp.count == 0) {
      grp.test = owner.test;
      grp.proven = g.leaked;
      grp.first = g;
    }
    ++grp.count;
  }
  return groups;
}

}  // namespace

LeakWatch::LeakWatch(const LeakCheckSetup& setup, const LeakOptions& opts)
    : dump_dir_(setup.dump_dir) {
  std::vector<std::string> warnings;  // CollectLeaks reports them
  rules_ = LeakRules(opts, warnings);
}

LeakWatch::~LeakWatch() = default;

size_t LeakWatch::Poll() {
  if (dump_dir_.empty()) return 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dump_dir_, ec)) {
    std::string name = entry.path().filename().string();
    // A binary writes its dump once, before it exits; the profile beside it
    // only makes a leak certain, not more.
    if (seen_.count(name) != 0) continue;
    LeakDump d;
    if (!ReadLeakFile(entry.path(), d)) continue;
    seen_.insert(name);
    std::set<std::string> tests;
    for (const auto& [key, grp] : GroupLeaks(d, Canonical(d.dir), rules_))
      tests.insert(grp.test);
    leaking_ += tests.size();
  }
  return leaking_;
}

LeakCheckSetup PrepareLeakCheck(const std::vector<std::string>& package_dirs,
                                const LeakOptions& opts, std::string& error) {
  LeakCheckSetup setup;
  std::string base = (fs::temp_directory_path() / "gopit-leak-XXXXXX").string();
  std::vector<char> tmpl(base.begin(), base.end());
  tmpl.push_back('\0');
  if (mkdtemp(tmpl.data()) == nullptr) {
    error =
        "cannot create a directory for the leak check under " + fs::temp_directory_path().string();
    return {};
  }
  fs::path root(tmpl.data());
  std::error_code ec;
  fs::create_directories(root / "dumps", ec);
  fs::create_directories(root / "gen", ec);
  std::string overlay = "{\"Replace\":{";
  std::string expected;
  bool any = false;
  for (const std::string& d : package_dirs) {
    fs::path dir = Canonical(d);
    PackagePlan plan = PlanPackage(dir);
    std::string import_path = ImportPathOf(dir);
    std::string label = import_path.empty() ? dir.string() : import_path;
    if (!plan.why_not.empty()) setup.notes.push_back(label + ": " + plan.why_not);
    if (plan.opted_in) expected += dir.string() + "\tgopittest\n";
    if (plan.package_name.empty()) continue;
    fs::path gen = root / "gen" / (DirHash(dir.string()) + ".go");
    if (!WriteFile(gen, GeneratedTestMain(plan.package_name, import_path))) {
      error = "cannot write " + gen.string();
      return {};
    }
    overlay += std::string(any ? "," : "") + JsonString((dir / kGeneratedName).string()) + ":" +
               JsonString(gen.string());
    any = true;
    expected += dir.string() + "\toverlay\n";
  }
  overlay += "}}\n";
  setup.dump_dir = (root / "dumps").string();
  WriteFile(root / "expected.tsv", expected);
  if (any) {
    setup.overlay_json_path = (root / "overlay.json").string();
    if (!WriteFile(setup.overlay_json_path, overlay)) {
      error = "cannot write " + setup.overlay_json_path;
      return {};
    }
    setup.go_test_args = {"-overlay", setup.overlay_json_path};
  }
  // A result from go test's cache runs no test binary, so nothing could be
  // checked (and the variables the TestMain reads before m.Run are not part
  // of the cache key). A -count the user gives after `--` comes later and wins.
  setup.go_test_args.insert(setup.go_test_args.begin(), "-count=1");
  setup.env.push_back("GOPIT_LEAK_DIR=" + setup.dump_dir);
  // The goroutines the ignore rules will drop: the settle need not wait for
  // them (what is wrong with the rules, CollectLeaks says).
  std::vector<std::string> ignored_warnings;
  std::string skip;
  for (const IgnoreRule& r : LeakRules(opts, ignored_warnings)) {
    const char* kind = r.kind == IgnoreKind::kTop     ? "top="
                       : r.kind == IgnoreKind::kFrame ? "frame="
                                                      : "created-by=";
    skip += (skip.empty() ? "" : "\n") + std::string(kind) + r.function;
  }
  if (!skip.empty()) setup.env.push_back("GOPIT_LEAK_SETTLE_SKIP=" + skip);
  setup.env.push_back("GOPIT_LEAK_SETTLE=" + std::to_string(opts.settle.count()) + "ms");
  setup.env.push_back(WithSetting("GODEBUG", "tracebackancestors=" + std::to_string(kAncestors)));
  if (!opts.use_leak_profile) {
    setup.env.push_back("GOPIT_LEAK_PROFILE=0");
  } else if (GoVersion(setup.env).starts_with("go1.26")) {
    // Standard from Go 1.27; on 1.26 an experiment (which rebuilds the
    // standard library once into the build cache).
    setup.env.push_back(WithSetting("GOEXPERIMENT", "goroutineleakprofile"));
  }
  return setup;
}

void CollectLeaks(const LeakCheckSetup& setup, const LeakOptions& opts, TestRunReport& report) {
  if (setup.dump_dir.empty()) return;
  std::vector<IgnoreRule> rules = LeakRules(opts, report.warnings);

  std::map<std::string, LeakDump> dumps;  // by canonical dir
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(setup.dump_dir, ec)) {
    LeakDump d;
    if (!ReadLeakFile(entry.path(), d)) continue;
    dumps[Canonical(d.dir)] = std::move(d);
  }

  // Packages that should have written a dump and did not.
  std::istringstream expected(ReadFile(fs::path(setup.dump_dir).parent_path() / "expected.tsv"));
  std::string line;
  while (std::getline(expected, line)) {
    std::string dir = line.substr(0, line.find('\t'));
    if (dumps.count(dir) != 0) continue;
    for (const PackageResult& pkg : report.packages) {
      if (!pkg.dir.empty() && Canonical(pkg.dir) == dir && pkg.result == "pass") {
        report.warnings.push_back("leak check: " + pkg.package +
                                  " passed but wrote no goroutine dump; not checked for leaks");
      }
    }
  }

  const RuleInfo& dump000 = Dump000Diagnosis().Info();
  const RuleInfo& dump012 = TestLeakRuleInfo();
  for (auto& [dir, d] : dumps) {
    PackageResult* pkg = nullptr;
    for (PackageResult& p : report.packages) {
      if ((!p.dir.empty() && Canonical(p.dir) == dir) ||
          (!d.package.empty() && p.package == d.package)) {
        pkg = &p;
        break;
      }
    }
    Groups groups = GroupLeaks(d, dir, rules);
    std::string package = pkg != nullptr ? pkg->package : d.package;
    double settle_s = static_cast<double>(d.settle_ns) / 1e9;
    for (auto& [key, grp] : groups) {
      const RuleInfo& info = grp.proven ? dump000 : dump012;
      TestDiagnosis td;
      td.test = grp.test;
      td.package = package;
      td.d.id = info.id;
      td.d.slug = info.slug;
      td.d.severity = info.severity;
      td.d.location = UserPlace(grp.first);
      if (!grp.first.created_by.function.empty())
        td.d.created_by = LocationOf(grp.first.created_by);
      td.d.goroutines = grp.count;
      td.d.score = (grp.proven ? 100 : 10) + std::log2(1.0 + static_cast<double>(grp.count));
      std::string who = grp.test.empty() ? "a test of " + package : grp.test;
      std::string n = std::to_string(grp.count) + (grp.count == 1 ? " goroutine" : " goroutines");
      std::string msg =
          who + " leaked " + n + " (" + grp.first.state + ") at " + ShortPlace(td.d.location);
      if (td.d.created_by) msg += ", started at " + ShortPlace(*td.d.created_by);
      if (grp.proven) {
        msg += "; the goroutine-leak profile proves it can never wake";
      } else {
        char buf[64];
        snprintf(buf, sizeof buf, "%.3gs", settle_s);
        msg += std::string("; still there after the tests and a settle of ") + buf;
      }
      if (grp.test.empty()) msg += " (the test that started it could not be told)";
      td.d.message = msg;
      if (pkg != nullptr && !grp.test.empty()) MarkLeaked(*pkg, grp.test);
      report.diagnoses.push_back(std::move(td));
    }
  }
  std::stable_sort(report.diagnoses.begin(), report.diagnoses.end(),
                   [](const TestDiagnosis& a, const TestDiagnosis& b) {
                     return DiagnosisMoreImportant(a.d, b.d);
                   });
}

}  // namespace gopit
