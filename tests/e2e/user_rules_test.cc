// User rules as a user runs them: the real binary on tests/go/userrules, a
// Go module of its own (go.mod, .gopit.yaml) that the Go toolchain vets:
// --rules FILE, .gopit.yaml discovery, --no-config, SARIF with user rules,
// `gopit rules --rules` and --builtin-pairs, and bad rules files.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "e2e/support.h"

namespace gopit::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kModule = std::string(GOPIT_GO_DIR) + "/userrules";

using Found = std::set<std::tuple<std::string, int, std::string>>;

// The `// want ACMEnnn` lines of the module.
Found Wanted() {
  Found w;
  for (const auto& e : fs::recursive_directory_iterator(kModule)) {
    if (e.path().extension() != ".go") continue;
    std::istringstream in(ReadFile(e.path().string()));
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      size_t at = line.find("// want ");
      if (at != std::string::npos) {
        w.emplace(fs::relative(e.path(), kModule).string(), n, line.substr(at + 8, 7));
      }
    }
  }
  return w;
}

// The user-rule findings of a JSON report.
Found UserFindings(const json& j) {
  Found got;
  for (const json& f : j["findings"]) {
    std::string rule = f["rule"];
    if (!rule.starts_with("ACME") && !rule.starts_with("MINE")) continue;
    got.emplace(fs::relative(f["file"].get<std::string>(), kModule).string(), f["line"].get<int>(),
                rule);
  }
  return got;
}

TEST(UserRules, TheModuleVets) {
  std::string go = GoTool();
  if (go.empty()) GTEST_SKIP() << "no Go toolchain";
  Output o = RunCommand({"bash", "-c", "cd '" + kModule + "' && '" + go + "' vet ./..."});
  EXPECT_EQ(o.status, 0) << o.err;
}

TEST(UserRules, GopitYamlAtTheModuleRootIsRead) {
  Output o = Gopit({"scan", kModule + "/...", "--format", "json"});
  ASSERT_EQ(o.status, 1) << o.err;
  EXPECT_EQ(UserFindings(json::parse(o.out)), Wanted());
  // Also when one package of the module is named.
  Output one = Gopit({"scan", kModule + "/app", "--format", "json"});
  EXPECT_EQ(UserFindings(json::parse(one.out)), Wanted());
}

TEST(UserRules, TextReportNamesTheReleaseThePathLacks) {
  Output o = Gopit({"scan", kModule + "/...", "--color", "never", "--enable", "ACME003,ACME006"});
  EXPECT_EQ(o.status, 1) << o.err;
  EXPECT_NE(o.out.find("app/app.go:38:7: ACME003 conn-not-released: c from p.Get() is not "
                       "released on the path that returns at line 40: give the connection back "
                       "with Release"),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("app/app.go:40: returns here without c.Release()"), std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("ACME006 acme006: b from pool.Alloc() is not released"), std::string::npos)
      << o.out;
  EXPECT_EQ(o.out.find("ACME001"), std::string::npos) << o.out;
}

TEST(UserRules, NoConfigLeavesTheModuleRulesOut) {
  Output o = Gopit({"scan", kModule + "/...", "--format", "json", "--no-config"});
  EXPECT_TRUE(UserFindings(json::parse(o.out)).empty()) << o.out;
}

TEST(UserRules, RulesFileAppliesEverywhere) {
  std::string dir = WorkDir("user-rules-file");
  std::string rules = dir + "/mine.yaml";
  WriteFile(rules, R"(rules:
  - id: MINE001
    kind: forbidden-call
    severity: error
    message: io.CopyBuffer is not needed; use io.Copy
    calls: [io.CopyBuffer]
)");
  Output o = Gopit({"scan", kModule + "/...", "--no-config", "--rules", rules, "--format", "json"});
  ASSERT_EQ(o.status, 1) << o.err;
  EXPECT_EQ(UserFindings(json::parse(o.out)), (Found{{"app/app.go", 112, "MINE001"}}));
  // With the module's own rules too.
  Output both = Gopit({"scan", kModule + "/...", "--rules", rules, "--format", "json"});
  Found want = Wanted();
  want.emplace("app/app.go", 112, "MINE001");
  EXPECT_EQ(UserFindings(json::parse(both.out)), want);
  // A rules file defining an id of the module's .gopit.yaml is a conflict.
  WriteFile(dir + "/clash.yaml",
            "rules:\n  - id: ACME002\n    kind: forbidden-call\n    message: m\n"
            "    calls: [os.Exit]\n");
  Output clash = Gopit({"scan", kModule + "/...", "--rules", dir + "/clash.yaml"});
  EXPECT_EQ(clash.status, 2);
  EXPECT_NE(clash.err.find(".gopit.yaml:12:9: rule ACME002 is also defined at " + dir +
                           "/clash.yaml:2:9"),
            std::string::npos)
      << clash.err;
}

// The ids of the user rules a SARIF log lists.
std::set<std::string> SarifUserRules(const json& j) {
  std::set<std::string> ids;
  for (const json& r : j["runs"][0]["tool"]["driver"]["rules"]) {
    std::string id = r["id"];
    if (id.starts_with("ACME")) ids.insert(id);
  }
  return ids;
}

TEST(UserRules, SarifCarriesUserRules) {
  std::string dir = WorkDir("user-rules-sarif");
  std::string out = dir + "/gopit.sarif";
  Output none = Gopit({"scan", kModule + "/...", "--format", "sarif", "--no-config"});
  EXPECT_TRUE(SarifUserRules(json::parse(none.out)).empty());
  Output o = Gopit({"scan", kModule + "/...", "--format", "sarif", "-o", out});
  ASSERT_EQ(o.status, 1) << o.err;
  json j = json::parse(ReadFile(out));
  EXPECT_EQ(SarifUserRules(j).size(), 7u);
  size_t user_results = 0;
  for (const json& r : j["runs"][0]["results"])
    user_results += r["ruleId"].get<std::string>().starts_with("ACME");
  EXPECT_EQ(user_results, Wanted().size());
  std::string root = fs::path(GOPIT_GO_DIR).parent_path().parent_path().string();
  if (!fs::exists(root + "/node_modules/.bin/sarif-multitool")) {
    GTEST_SKIP() << "SARIF Multitool not installed (scripts/setup.sh installs it)";
  }
  Output v = RunCommand({"bash", root + "/tests/sarif_validate.sh", out});
  EXPECT_EQ(v.status, 0) << v.out << v.err;
}

TEST(UserRules, BadRulesFilesStopTheScan) {
  std::string dir = WorkDir("user-rules-bad");
  struct Case {
    std::string yaml, want;
  };
  const Case cases[] = {
      {"rules:\n  - id: ACME001\n    kind: forbidden-call\n    mesage: m\n",
       ":4:5: unknown key \"mesage\" in rule; did you mean \"message\"?"},
      {"rules: [\n", ":2:1: YAML syntax: "},
      {"rules:\n  - id: LEAK007\n", ":2:9: id: LEAK007 is a built-in rule; choose another id"},
      {"rules:\n  - id: ACME001\n    kind: forbidden-call\n    message: m\n    calls: [Get]\n",
       ":5:13: calls: \"Get\" is not a callee (no import path)"},
      {"rules:\n  - id: ACME001\n    kind: forbidden-call\n    message: m\n    severity: high\n"
       "    calls: [os.Exit]\n",
       ":5:15: severity: \"high\" is not error, warning or info"},
  };
  for (const Case& c : cases) {
    WriteFile(dir + "/bad.yaml", c.yaml);
    Output o = Gopit({"scan", kModule + "/...", "--rules", dir + "/bad.yaml"});
    EXPECT_EQ(o.status, 2) << c.yaml;
    EXPECT_EQ(o.out, "") << "nothing half-applied";
    EXPECT_EQ(o.err.find("gopit: " + dir + "/bad.yaml" + c.want), 0u) << o.err;
  }
  Output missing = Gopit({"scan", kModule + "/...", "--rules", dir + "/none.yaml"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("none.yaml:1:1: cannot open the file"), std::string::npos);
  // A bad .gopit.yaml stops the scan of its module too; --no-config skips it.
  std::string mod = WorkDir("user-rules-bad-module");
  WriteFile(mod + "/go.mod", "module example.com/bad\n\ngo 1.22\n");
  WriteFile(mod + "/a.go", "package bad\n");
  WriteFile(mod + "/.gopit.yaml", "rules:\n  - id: ACME001\n    kind: paired\n");
  Output bad = Gopit({"scan", mod + "/..."});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find(".gopit.yaml:3:11: kind: \"paired\" is not a rule kind"),
            std::string::npos)
      << bad.err;
  EXPECT_EQ(Gopit({"scan", mod + "/...", "--no-config"}).status, 0);
}

TEST(UserRules, RulesCommandListsAndDocumentsThem) {
  std::string gopit_yaml = kModule + "/.gopit.yaml";
  Output list = Gopit({"rules", "--rules", gopit_yaml});
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_NE(list.out.find("User rules (" + gopit_yaml + "):\nACME001  acme001  (error)"),
            std::string::npos)
      << list.out;
  Output doc = Gopit({"rules", "--rules", gopit_yaml, "conn-not-released"});
  ASSERT_EQ(doc.status, 0) << doc.err;
  EXPECT_NE(doc.out.find("# ACME003 conn-not-released"), std::string::npos) << doc.out;
  EXPECT_NE(doc.out.find("## What it finds"), std::string::npos) << doc.out;
  Output pairs = Gopit({"rules", "--builtin-pairs"});
  ASSERT_EQ(pairs.status, 0);
  for (const char* id : {"LEAK005", "LEAK007", "LEAK008", "LOCK001", "RT002", "CGO001"})
    EXPECT_NE(pairs.out.find(std::string("- id: ") + id), std::string::npos) << id;
  // What it prints is a rules file: with the ids renamed, scan takes it.
  std::string dir = WorkDir("user-rules-pairs");
  std::string text = pairs.out;
  for (size_t at = 0; (at = text.find("- id: ", at)) != std::string::npos; at += 8)
    text.replace(at + 6, 0, "MY");
  WriteFile(dir + "/pairs.yaml", text);
  Output scan = Gopit({"scan", std::string(GOPIT_GO_DIR) + "/scanrules/lock001", "--rules",
                       dir + "/pairs.yaml", "--format", "json"});
  ASSERT_EQ(scan.status, 1) << scan.err;
  bool my_lock = false;
  json report = json::parse(scan.out);
  for (const json& f : report["findings"])
    my_lock = my_lock || f["rule"] == "MYLOCK001";
  EXPECT_TRUE(my_lock) << scan.out;
}

}  // namespace
}  // namespace gopit::e2e
