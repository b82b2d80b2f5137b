// The leak check end to end, as the runner uses it: PrepareLeakCheck, the
// real `go test -json` with its arguments and environment, CollectLeaks,
// on the packages of tests/go/gotest (each the shape of a real leak; see
// their comments), with Go 1.26 and Go 1.27. The line each diagnosis must
// name carries a `// want leak` marker in the Go source.
#include <gtest/gtest.h>
#include <stdio.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gotest/leak_check.h"

namespace gopit {
namespace {

const std::string kGoDir = std::string(GOPIT_GO_DIR) + "/gotest";

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// The line of `// want leak` in dir/file.
int WantLine(const std::string& dir, const std::string& file) {
  std::ifstream in(dir + "/" + file);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find("// want leak") != std::string::npos) return n;
  }
  return -1;
}

// Runs go test -json in `module_dir` on `packages` with the leak check and
// returns the report, the packages' results read from the JSON events.
TestRunReport RunGoTest(const std::string& module_dir, const std::vector<std::string>& packages,
                        const std::string& toolchain, LeakOptions opts,
                        LeakCheckSetup* out_setup = nullptr, std::string* out_dumps = nullptr) {
  std::vector<std::string> dirs;
  for (const std::string& p : packages)
    dirs.push_back(module_dir + "/" + p);
  std::string error;
  setenv("GOTOOLCHAIN", toolchain.c_str(), 1);
  LeakCheckSetup setup = PrepareLeakCheck(dirs, opts, error);
  EXPECT_EQ(error, "");
  std::string cmd = "cd " + Quote(module_dir) + " && env";
  for (const std::string& e : setup.env)
    cmd += " " + Quote(e);
  cmd += " GOFLAGS=-mod=mod PATH=\"$PATH:/usr/local/go/bin\" go test -json -count=1";
  for (const std::string& a : setup.go_test_args)
    cmd += " " + Quote(a);
  for (const std::string& p : packages)
    cmd += " ./" + p;
  cmd += " 2>&1";
  TestRunReport report;
  std::map<std::string, size_t> index;
  FILE* f = popen(cmd.c_str(), "r");
  EXPECT_NE(f, nullptr);
  std::string all;
  char buf[4096];
  while (f != nullptr && fgets(buf, sizeof buf, f) != nullptr) {
    std::string line(buf);
    all += line;
    auto ev = nlohmann::json::parse(line, nullptr, false);
    if (!ev.is_object() || !ev.contains("Package")) continue;
    std::string pkg = ev["Package"];
    if (!index.count(pkg)) {
      index[pkg] = report.packages.size();
      PackageResult pr;
      pr.package = pkg;
      std::string rel = pkg.substr(pkg.rfind('/') + 1);
      pr.dir = module_dir == kGoDir ? module_dir + "/" + rel : module_dir;
      report.packages.push_back(pr);
    }
    PackageResult& pr = report.packages[index[pkg]];
    std::string action = ev.value("Action", "");
    if (action != "pass" && action != "fail" && action != "skip") continue;
    if (ev.contains("Test")) {
      pr.tests.push_back(TestResult{ev["Test"], action, 0, ""});
    } else {
      pr.result = action;
    }
  }
  if (f != nullptr) pclose(f);
  unsetenv("GOTOOLCHAIN");
  CollectLeaks(setup, opts, report);
  for (const PackageResult& p : report.packages)
    EXPECT_EQ(p.result, "pass") << p.package << "\n" << all;
  if (out_setup != nullptr) *out_setup = setup;
  std::error_code ec;
  if (out_dumps != nullptr) {
    for (const auto& e : std::filesystem::directory_iterator(setup.dump_dir, ec)) {
      std::ifstream in(e.path());
      std::stringstream ss;
      ss << in.rdbuf();
      *out_dumps += ss.str();
    }
  }
  std::filesystem::remove_all(std::filesystem::path(setup.dump_dir).parent_path(), ec);
  return report;
}

std::string ResultOf(const TestRunReport& r, const std::string& test) {
  for (const PackageResult& p : r.packages) {
    for (const TestResult& t : p.tests) {
      if (t.name == test) return t.result;
    }
  }
  return "(none)";
}

struct Want {
  std::string package, test, file;
};

void CheckLeaks(const TestRunReport& r, const std::vector<Want>& wants,
                const std::string& proven_id) {
  std::string all;
  for (const TestDiagnosis& d : r.diagnoses)
    all += d.d.id + " " + d.test + ": " + d.d.message + "\n";
  EXPECT_EQ(r.diagnoses.size(), wants.size()) << all;
  for (const Want& w : wants) {
    bool found = false;
    for (const TestDiagnosis& d : r.diagnoses) {
      if (d.test != w.test) continue;
      found = true;
      std::string id = w.package == "leaksleep" ? "DUMP012" : proven_id;
      EXPECT_EQ(d.d.id, id) << all;
      EXPECT_EQ(d.d.location.line, WantLine(kGoDir + "/" + w.package, w.file)) << all;
      EXPECT_TRUE(d.d.location.file.ends_with(w.package + "/" + w.file)) << all;
      EXPECT_EQ(d.d.goroutines, 1u) << all;
    }
    EXPECT_TRUE(found) << w.test << "\n" << all;
    EXPECT_EQ(ResultOf(r, w.test), "leaked") << w.test;
  }
}

const std::vector<std::string> kPackages = {"leakplain", "leakparallel", "leaksubtest",
                                            "leaksleep", "leakclean",    "leaknoopt"};
const std::vector<Want> kWants = {
    {"leakplain", "TestServerDial", "peer_test.go"},
    {"leakparallel", "TestExportTimesOut", "export.go"},
    {"leaksubtest", "TestBoundedRunner/stop", "runner.go"},
    {"leaksleep", "TestWorkerCounts", "poller.go"},
};

void CheckRun(const std::string& toolchain, bool profile) {
  LeakOptions opts;
  opts.settle = std::chrono::milliseconds(300);
  opts.use_leak_profile = profile;
  LeakCheckSetup setup;
  TestRunReport r = RunGoTest(kGoDir, kPackages, toolchain, opts, &setup);
  CheckLeaks(r, kWants, profile ? "DUMP000" : "DUMP012");
  // The clean tests stay clean.
  for (const char* t :
       {"TestClean", "TestExportFast", "TestBoundedRunner/drained", "TestFetch", "TestNothing"}) {
    EXPECT_EQ(ResultOf(r, t), "pass") << t;
  }
  // The package with its own TestMain and no opt-in is named, not skipped silently.
  ASSERT_EQ(setup.notes.size(), 1u);
  EXPECT_NE(setup.notes[0].find("gopit.test/gotest/leaknoopt: has its own TestMain"),
            std::string::npos)
      << setup.notes[0];
}

TEST(LeakRun, Go126) {
  CheckRun("local", false);
}

TEST(LeakRun, Go127LeakProfile) {
  CheckRun("go1.27.0", true);
}

TEST(LeakRun, OwnTestMainWithGopittest) {
  LeakOptions opts;
  opts.settle = std::chrono::milliseconds(300);
  LeakCheckSetup setup;
  TestRunReport r = RunGoTest(kGoDir + "/leakmain", {"."}, "go1.27.0", opts, &setup);
  EXPECT_TRUE(setup.notes.empty());
  ASSERT_EQ(r.diagnoses.size(), 1u);
  const TestDiagnosis& d = r.diagnoses[0];
  EXPECT_EQ(d.test, "TestStreamsTimeOut");
  EXPECT_EQ(d.d.id, "DUMP000");
  EXPECT_EQ(d.d.location.line, WantLine(kGoDir + "/leakmain", "stream.go"));
  EXPECT_EQ(ResultOf(r, "TestStreamsTimeOut"), "leaked");
}

TEST(LeakRun, PresetIgnoresIdleHttpConnsUntilTurnedOff) {
  LeakOptions opts;
  opts.settle = std::chrono::milliseconds(100);
  opts.use_leak_profile = false;
  std::string dumps;
  TestRunReport r = RunGoTest(kGoDir, {"leakclean"}, "local", opts, nullptr, &dumps);
  for (const TestDiagnosis& d : r.diagnoses)
    ADD_FAILURE() << d.d.message << " " << d.d.location.function;
  // The settle did not wait for what the preset drops (the idle loops) and
  // what init's server started (the connection's serve): one look.
  EXPECT_NE(dumps.find("\ntries: 1\n"), std::string::npos) << dumps;
  opts.disabled_presets = {"net-http-idle-conns"};
  dumps.clear();
  r = RunGoTest(kGoDir, {"leakclean"}, "local", opts, nullptr, &dumps);
  EXPECT_EQ(dumps.find("\ntries: 1\n"), std::string::npos) << dumps;  // it waited for them
  ASSERT_EQ(r.diagnoses.size(), 2u);  // the idle connection's readLoop and writeLoop
  for (const TestDiagnosis& d : r.diagnoses)
    EXPECT_EQ(d.test, "TestFetch") << d.d.message;
}

}  // namespace
}  // namespace gopit
