// `gopit scan` and `gopit rules` as a user runs them: the real binary on the
// real Go fixtures of tests/go/scanrules (which the Go toolchain compiles),
// every output format, exit codes, baselines, and bad input.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "e2e/support.h"
#include "support/want_markers.h"

namespace gopit::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kRules = std::string(GOPIT_GO_DIR) + "/scanrules";

// What the fixtures say the scan must find: the number of .go files (and
// Kubernetes manifests) and, per `// want ID` comment (`# want ID` in the
// manifests), file name, line and rule.
struct Wanted {
  size_t files = 0;
  std::set<std::tuple<std::string, int, std::string>> findings;
};

Wanted WantedFindings() {
  Wanted w;
  for (const auto& e : fs::recursive_directory_iterator(kRules)) {
    const bool yaml = e.path().extension() == ".yaml";
    if (e.path().extension() != ".go" && !yaml) continue;
    const std::string marker = yaml ? "# want " : "// want ";
    ++w.files;
    std::istringstream in(ReadFile(e.path().string()));
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      for (const std::string& id : testing_support::WantedIds(line, marker))
        w.findings.emplace(fs::relative(e.path(), kRules).string(), n, id);
    }
  }
  return w;
}

TEST(Scan, FixturesCompileWithTheRealGoToolchain) {
  std::string go = GoTool();
  if (go.empty()) GTEST_SKIP() << "no Go toolchain";
  Output o =
      RunCommand({"bash", "-c",
                  "cd '" + std::string(GOPIT_GO_DIR) + "' && '" + go + "' build ./scanrules/..."});
  EXPECT_EQ(o.status, 0) << o.err;
}

TEST(Scan, TextFindingsAndExitStatus) {
  Output o = Gopit({"scan", "--color", "never", kRules + "/..."});
  EXPECT_EQ(o.status, 1) << o.err;
  // file:line:col: ID slug: message, with the related line indented below.
  EXPECT_NE(o.out.find("lock001/bad.go:19:2: LOCK001 lock-not-released: c.mu.Lock() is not "
                       "released on the path that returns at line 22"),
            std::string::npos)
      << o.out;
  EXPECT_NE(o.out.find("    " + kRules + "/lock001/bad.go:22"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("leak008/bad.go:25:12: LEAK008 cancel-not-called"), std::string::npos)
      << o.out;
  EXPECT_EQ(o.out.find("good.go"), std::string::npos) << o.out;
}

TEST(Scan, SeverityThreshold) {
  // LEAK008 is a warning: with --severity error only LOCK001 counts.
  Output only_warnings = Gopit({"scan", "--severity", "error", kRules + "/leak008"});
  EXPECT_EQ(only_warnings.status, 0) << only_warnings.out;
  EXPECT_NE(only_warnings.out.find("LEAK008"), std::string::npos);
  Output errors = Gopit({"scan", "--severity", "error", kRules + "/lock001"});
  EXPECT_EQ(errors.status, 1);
}

TEST(Scan, JsonReport) {
  Output o = Gopit({"scan", "--format", "json", kRules + "/..."});
  ASSERT_EQ(o.status, 1) << o.err;
  json j = json::parse(o.out);
  EXPECT_EQ(j["schema"], "gopit.scan/v1");
  Wanted want = WantedFindings();
  EXPECT_EQ(j["files_scanned"], want.files);
  std::set<std::tuple<std::string, int, std::string>> got;
  for (const json& f : j["findings"]) {
    got.emplace(fs::relative(f["file"].get<std::string>(), kRules).string(), f["line"].get<int>(),
                f["rule"].get<std::string>());
    EXPECT_GT(f["column"].get<int>(), 0);
    EXPECT_TRUE(f.contains("related"));
    EXPECT_FALSE(f["fingerprint"].get<std::string>().empty());
  }
  EXPECT_EQ(got, want.findings);  // every `want` line of every rule, nothing else
}

TEST(Scan, SarifReportPassesTheMultitool) {
  std::string dir = WorkDir("scan-sarif");
  std::string out = dir + "/gopit.sarif";
  Output o = Gopit({"scan", "--format", "sarif", "-o", out, kRules + "/..."});
  ASSERT_EQ(o.status, 1) << o.err;
  json j = json::parse(ReadFile(out));
  EXPECT_EQ(j["version"], "2.1.0");
  EXPECT_EQ(j["runs"][0]["results"].size(), WantedFindings().findings.size());
  std::string root = fs::path(GOPIT_GO_DIR).parent_path().parent_path().string();
  if (!fs::exists(root + "/node_modules/.bin/sarif-multitool")) {
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") FAIL() << "the SARIF Multitool must be installed in CI";
    GTEST_SKIP() << "SARIF Multitool not installed (scripts/setup.sh installs it)";
  }
  Output v = RunCommand({"bash", root + "/tests/sarif_validate.sh", out});
  EXPECT_EQ(v.status, 0) << v.out << v.err;
}

TEST(Scan, ParseErrorIsAFindingAndTheScanGoesOn) {
  std::string dir = WorkDir("scan-parse");
  WriteFile(dir + "/broken.go", "package p\n\nfunc f( {\n");
  WriteFile(dir + "/ok.go",
            "package p\n\nimport \"context\"\n\nfunc g(p context.Context) context.Context {\n"
            "\tc, _ := context.WithCancel(p)\n\treturn c\n}\n");
  Output o = Gopit({"scan", "--format", "json", dir});
  EXPECT_EQ(o.status, 1);
  json j = json::parse(o.out);
  ASSERT_EQ(j["findings"].size(), 2u) << o.out;
  EXPECT_EQ(j["findings"][0]["rule"], "PARSE");
  EXPECT_EQ(j["findings"][0]["line"], 3);
  EXPECT_EQ(j["findings"][1]["rule"], "LEAK008");
}

TEST(Scan, BaselineAdoptsThenFailsOnlyOnNew) {
  std::string dir = WorkDir("scan-baseline");
  std::string code =
      "package p\n\nimport \"context\"\n\nfunc g(p context.Context) context.Context {\n"
      "\tc, _ := context.WithCancel(p)\n\treturn c\n}\n";
  WriteFile(dir + "/a.go", code);
  std::string base = dir + "/baseline.json";
  EXPECT_EQ(Gopit({"scan", "--baseline", base, "--update-baseline", dir}).status, 0);
  Output again = Gopit({"scan", "--baseline", base, dir});
  EXPECT_EQ(again.status, 0) << again.out;
  WriteFile(dir + "/b.go", code + "\nfunc h() {}\n");
  Output with_new = Gopit({"scan", "--baseline", base, dir});
  EXPECT_EQ(with_new.status, 1) << with_new.out;
  EXPECT_NE(with_new.out.find("b.go:6"), std::string::npos) << with_new.out;
}

TEST(Scan, UsageAndIoErrors) {
  EXPECT_EQ(Gopit({"scan", "--enable", "NOPE1", kRules}).status, 2);
  EXPECT_EQ(Gopit({"scan", "--baseline", "/nonexistent/b.json", kRules}).status, 2);
  Output missing = Gopit({"scan", "/nonexistent/dir/..."});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("/nonexistent/dir"), std::string::npos) << missing.err;
}

TEST(Rules, ListsAndDocumentsEveryRule) {
  Output list = Gopit({"rules"});
  ASSERT_EQ(list.status, 0);
  EXPECT_NE(list.out.find("LOCK001  lock-not-released"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("LEAK008  cancel-not-called"), std::string::npos);
  Output doc = Gopit({"rules", "cancel-not-called"});
  ASSERT_EQ(doc.status, 0);
  EXPECT_NE(doc.out.find("## Fix"), std::string::npos);
  EXPECT_EQ(Gopit({"rules", "NOPE1"}).status, 2);
}

}  // namespace
}  // namespace gopit::e2e
