// gopit test on the Go test packages of tests/go/gotest, which hang, fail
// and break on purpose. The expected file:line comes from each package's
// `// want hung` marker; the expected test is the one its comment names.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "e2e/support.h"

namespace gopit::e2e {
namespace {

const std::string kDir = GOPIT_GO_DIR "/gotest";

// "file.go:LINE" of the marker (`// want hung` or `// want leak`) in package `pkg`.
std::string MarkerPlace(const std::string& pkg, const std::string& file,
                        const std::string& marker = "// want hung") {
  std::ifstream f(kDir + "/" + pkg + "/" + file);
  std::string line;
  for (int n = 1; std::getline(f, line); ++n) {
    if (line.find(marker) != std::string::npos) return file + ":" + std::to_string(n);
  }
  return "";
}

// "file.go:LINE" of a JSON diagnosis' location.
std::string PlaceOf(const nlohmann::json& d) {
  std::string file = d["location"]["file"];
  return file.substr(file.rfind('/') + 1) + ":" + std::to_string(int(d["location"]["line"]));
}

// The result of test `name` in package `pkg` of a gopit.test/v1 report.
std::string ResultOf(const nlohmann::json& j, const std::string& pkg, const std::string& name) {
  for (const auto& p : j["packages"]) {
    if (p["package"] != "gopit.test/gotest/" + pkg) continue;
    for (const auto& t : p["tests"])
      if (t["name"] == name) return t["result"];
  }
  return "(none)";
}

Output GopitTestIn(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
  std::string go = GoTool();
  std::string dir = go.substr(0, go.rfind('/'));
  std::vector<std::string> argv = {"env", "-C", kDir, "PATH=" + dir + ":/usr/bin:/bin"};
  argv.insert(argv.end(), env.begin(), env.end());
  argv.push_back(GOPIT_BINARY);
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

struct Want {
  std::string pkg, file, test;
  bool deadlock;
};

const std::vector<Want> kWants = {
    {"chandeadlock", "executor.go", "TestShutdownTimeout", true},
    {"mutexdeadlock", "registry.go", "TestSummaryWithWriter", true},
    {"wgdeadlock", "upload.go", "TestUploadAllWithEmpty", true},
    {"lockorder", "store.go", "TestProgressDuringCommit", true},
    {"slow", "poll.go", "TestWaitForLeader", false},
    {"parallelhang", "pool_test.go", "TestParallelWorkers", true},
};

// One go test run (packages in parallel, 3 s timeout) serves every package's
// assertions; its JSON report is checked here.
TEST(GoTest, TimeoutRunNamesEachHungTestAndLine) {
  if (GoTool().empty()) GTEST_SKIP() << "no Go toolchain";
  Output o = GopitTestIn({"test", "--format", "json", "./chandeadlock", "./mutexdeadlock",
                          "./wgdeadlock", "./lockorder", "./slow", "./parallelhang", "./panicking",
                          "--", "-timeout", "3s"});
  ASSERT_EQ(o.status, 1) << o.err;
  nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["schema"], "gopit.test/v1");
  for (const Want& w : kWants) {
    std::string place = MarkerPlace(w.pkg, w.file);
    ASSERT_FALSE(place.empty()) << w.pkg;
    bool found = false;
    for (const auto& d : j["diagnoses"]) {
      if (d["test"] != w.test) continue;
      found = true;
      EXPECT_EQ(d["id"], "DUMP011");
      EXPECT_EQ(d["package"], "gopit.test/gotest/" + w.pkg);
      std::string file = d["location"]["file"];
      EXPECT_EQ(file.substr(file.rfind('/') + 1) + ":" + std::to_string(int(d["location"]["line"])),
                place)
          << d["message"];
      std::string msg = d["message"];
      EXPECT_EQ(msg.find(w.test + (w.deadlock ? " deadlocked" : " hung, not deadlocked")), 0u)
          << msg;
      EXPECT_EQ(d["severity"], w.deadlock ? "error" : "warning");
    }
    EXPECT_TRUE(found) << w.test;
    for (const auto& p : j["packages"]) {
      if (p["package"] != "gopit.test/gotest/" + w.pkg) continue;
      EXPECT_EQ(p["result"], "hung");
      for (const auto& t : p["tests"]) {
        if (t["name"] == w.test) EXPECT_EQ(t["result"], "hung");
      }
    }
  }
  // The panicking test fails on its own; its neighbour passes.
  for (const auto& p : j["packages"]) {
    if (p["package"] != "gopit.test/gotest/panicking") continue;
    EXPECT_EQ(p["result"], "fail");
    for (const auto& t : p["tests"])
      EXPECT_EQ(t["result"], t["name"] == "TestSet" ? "fail" : "pass");
  }
}

TEST(GoTest, WatchdogQuitsAHungBinary) {
  if (GoTool().empty()) GTEST_SKIP() << "no Go toolchain";
  Output o = GopitTestIn({"test", "--hang-after", "2s", "./chandeadlock"});
  ASSERT_EQ(o.status, 1) << o.err;
  EXPECT_NE(o.out.find("TestShutdownTimeout deadlocked"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find(MarkerPlace("chandeadlock", "executor.go")), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("gopit sent SIGQUIT"), std::string::npos) << o.out;
}

TEST(GoTest, BuildErrorExitsTwoWithTheCompilerMessage) {
  if (GoTool().empty()) GTEST_SKIP() << "no Go toolchain";
  Output o = GopitTestIn({"test", "./builderror"});
  EXPECT_EQ(o.status, 2);
  EXPECT_NE((o.out + o.err).find("cannot use \"three\" (untyped string constant) as int value"),
            std::string::npos)
      << o.out << o.err;
}

// A --from that cannot be read is a usage error with the reason, not a crash.
TEST(GoTest, FromUnreadableInputSaysWhy) {
  std::string work = WorkDir("gotest-from-bad");
  Output dir = Gopit({"test", "--from", work});
  EXPECT_EQ(dir.status, 2);
  EXPECT_NE(dir.err.find(work + ": is a directory"), std::string::npos) << dir.err;
  Output missing = Gopit({"test", "--from", work + "/none.json"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("No such file or directory"), std::string::npos) << missing.err;
  Output empty = Gopit({"test", "--from", "-"}, "");
  EXPECT_EQ(empty.status, 2);
  EXPECT_NE(empty.err.find("holds no go test output"), std::string::npos) << empty.err;
}

// The same verdicts from a saved `go test -v` log, no toolchain in the reading.
TEST(GoTest, FromVerboseLog) {
  if (GoTool().empty()) GTEST_SKIP() << "no Go toolchain";
  std::string go = GoTool();
  Output v = RunCommand({"env", "-C", kDir, go, "test", "-v", "-timeout", "3s", "./wgdeadlock"});
  ASSERT_NE(v.status, 0);
  std::string work = WorkDir("gotest-from-v");
  WriteFile(work + "/run.txt", v.out + v.err);
  Output o = Gopit({"test", "--from", work + "/run.txt"});
  EXPECT_EQ(o.status, 1) << o.err;
  EXPECT_NE(o.out.find("HUNG TestUploadAllWithEmpty"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find(MarkerPlace("wgdeadlock", "upload.go")), std::string::npos) << o.out;
  // The -v reader sees the test that passed before the hang.
  Output j = Gopit({"test", "--from", work + "/run.txt", "--format", "junit"});
  EXPECT_NE(j.out.find("<testcase name=\"TestUploadAllGood\""), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("<failure message=\"TestUploadAllWithEmpty deadlocked"), std::string::npos)
      << j.out;
}

// A test that dies with `all goroutines are asleep` (no -timeout, so no alarm
// timer keeps the runtime from noticing) and a synctest bubble whose main
// goroutine ended with a goroutine still blocked: both name the test and the
// blocked line.
TEST(GoTest, AllAsleepAndSynctestBubble) {
  if (GoTool().empty()) GTEST_SKIP() << "no Go toolchain";
  // --hang-after only as a guard: neither package should need it.
  Output o = GopitTestIn({"test", "--format", "json", "--hang-after", "60s", "./asleep",
                          "./synctestleak", "./synctestwait", "--", "-timeout", "0"});
  ASSERT_EQ(o.status, 1) << o.err;
  nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(ResultOf(j, "asleep", "TestConcurrentDiv"), "hung");
  EXPECT_EQ(ResultOf(j, "asleep", "TestDiv"), "pass");
  EXPECT_EQ(ResultOf(j, "synctestleak", "TestBroadcasterSucceeds"), "pass");
  EXPECT_EQ(ResultOf(j, "synctestleak", "TestBroadcasterRetriesTransientError"), "fail");
  EXPECT_EQ(ResultOf(j, "synctestwait", "TestFlushAllGood"), "pass");
  EXPECT_EQ(ResultOf(j, "synctestwait", "TestFlushAllWithEmpty"), "fail");
  bool asleep = false, bubble = false, bubble_deadlock = false;
  for (const auto& d : j["diagnoses"]) {
    std::string msg = d["message"];
    if (d["test"] == "TestConcurrentDiv") {
      asleep = true;
      EXPECT_EQ(d["id"], "DUMP011") << msg;
      EXPECT_EQ(PlaceOf(d), MarkerPlace("asleep", "calc_test.go")) << msg;
      EXPECT_EQ(msg.find("TestConcurrentDiv deadlocked"), 0u) << msg;
    }
    if (d["test"] == "TestBroadcasterRetriesTransientError") {
      bubble = true;
      EXPECT_EQ(PlaceOf(d), MarkerPlace("synctestleak", "broadcast.go")) << msg;
      EXPECT_EQ(d["severity"], "error") << msg;
      EXPECT_EQ(msg.find("TestBroadcasterRetriesTransientError left goroutine "), 0u) << msg;
      EXPECT_NE(msg.find("started at " +
                         MarkerPlace("synctestleak", "broadcast_test.go", "go b.Run() // started")),
                std::string::npos)
          << msg;
    }
    if (d["test"] == "TestFlushAllWithEmpty") {
      bubble_deadlock = true;
      EXPECT_EQ(PlaceOf(d), MarkerPlace("synctestwait", "upload.go")) << msg;
      EXPECT_EQ(msg.find("TestFlushAllWithEmpty deadlocked in its synctest bubble"), 0u) << msg;
    }
  }
  EXPECT_TRUE(asleep) << o.out;
  EXPECT_TRUE(bubble) << o.out;
  EXPECT_TRUE(bubble_deadlock) << o.out;

  // gopit stacks reads the bubble's panic in a plain go test log the same way.
  Output v = RunCommand({"env", "-C", kDir, GoTool(), "test", "./synctestleak"});
  std::string work = WorkDir("gotest-synctest-stacks");
  WriteFile(work + "/run.txt", v.out + v.err);
  Output st = Gopit({"stacks", "--format", "json", work + "/run.txt"});
  nlohmann::json sj = nlohmann::json::parse(st.out);
  ASSERT_FALSE(sj["diagnoses"].empty()) << st.out;
  EXPECT_EQ(sj["diagnoses"][0]["id"], "DUMP011") << st.out;
  EXPECT_EQ(PlaceOf(sj["diagnoses"][0]), MarkerPlace("synctestleak", "broadcast.go")) << st.out;
}

// Go 1.27 (the golang.org/toolchain module that scripts/setup.sh fetches):
// the live run, and the same run's saved `go test -json` stream read back
// with --from, give the same verdicts.
TEST(GoTest, Go127RunAndItsSavedJsonStream) {
  if (GoTool().empty()) GTEST_SKIP() << "no Go toolchain";
  const std::vector<std::string> env = {"GOTOOLCHAIN=go1.27.0"};
  Output live = GopitTestIn({"test", "--format", "json", "--no-leak-check", "./lockorder", "./slow",
                             "--", "-timeout", "3s"},
                            env);
  ASSERT_EQ(live.status, 1) << live.err;
  std::string go = GoTool();
  Output saved = RunCommand({"env", "-C", kDir, "GOTOOLCHAIN=go1.27.0", go, "test", "-json",
                             "-timeout", "3s", "./lockorder", "./slow"});
  ASSERT_NE(saved.status, 0) << saved.err;
  ASSERT_NE(saved.out.find("\"Action\":\"output\""), std::string::npos) << saved.out;
  std::string work = WorkDir("gotest-from-json");
  WriteFile(work + "/run.json", saved.out);
  Output from = Gopit({"test", "--from", work + "/run.json", "--format", "json"});
  ASSERT_EQ(from.status, 1) << from.err;
  for (const Output* o : {&live, &from}) {
    nlohmann::json j = nlohmann::json::parse(o->out);
    EXPECT_EQ(ResultOf(j, "lockorder", "TestProgressDuringCommit"), "hung") << o->out;
    EXPECT_EQ(ResultOf(j, "slow", "TestWaitForLeader"), "hung") << o->out;
    int found = 0;
    for (const auto& d : j["diagnoses"]) {
      std::string msg = d["message"];
      if (d["test"] == "TestProgressDuringCommit") {
        ++found;
        EXPECT_EQ(PlaceOf(d), MarkerPlace("lockorder", "store.go")) << msg;
        EXPECT_EQ(msg.find("TestProgressDuringCommit deadlocked"), 0u) << msg;
      }
      if (d["test"] == "TestWaitForLeader") {
        ++found;
        EXPECT_EQ(PlaceOf(d), MarkerPlace("slow", "poll.go")) << msg;
        EXPECT_EQ(msg.find("TestWaitForLeader hung, not deadlocked"), 0u) << msg;
      }
    }
    EXPECT_EQ(found, 2) << o->out;
  }
  // Markdown, for a PR comment or $GITHUB_STEP_SUMMARY: each hung test with
  // its verdict and line.
  Output md = Gopit({"test", "--from", work + "/run.json", "--format", "markdown"});
  EXPECT_EQ(md.status, 1) << md.err;
  EXPECT_NE(md.out.find("- **TestProgressDuringCommit**: hung"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("(`" + MarkerPlace("lockorder", "store.go") + "`)"), std::string::npos)
      << md.out;
  EXPECT_NE(md.out.find("- **TestWaitForLeader**: hung"), std::string::npos) << md.out;
}

// The leak check through the binary: every leaking test named with its line
// in JSON, as a failing JUnit testcase, as a valid SARIF result at the line;
// --fail-on failed lets leaks pass; --ignore drops a leak by its frame.
TEST(GoTest, LeaksInEveryFormat) {
  if (GoTool().empty()) GTEST_SKIP() << "no Go toolchain";
  struct Leak {
    std::string pkg, test, file;
  };
  const std::vector<Leak> leaks = {
      {"leakplain", "TestServerDial", "peer_test.go"},
      {"leakparallel", "TestExportTimesOut", "export.go"},
      {"leaksubtest", "TestBoundedRunner/stop", "runner.go"},
      {"leaksleep", "TestWorkerCounts", "poller.go"},
  };
  const std::vector<std::string> pkgs = {"./leakplain", "./leakparallel", "./leaksubtest",
                                         "./leaksleep", "./leakclean"};
  std::string work = WorkDir("gotest-leak-formats");
  auto run = [&](const std::vector<std::string>& opts, const std::vector<std::string>& env = {}) {
    std::vector<std::string> args = {"test", "--settle", "300ms"};
    args.insert(args.end(), opts.begin(), opts.end());
    args.insert(args.end(), pkgs.begin(), pkgs.end());
    return GopitTestIn(args, env);
  };
  // The leak check's files under TMPDIR: gone after a run, unless kept.
  auto leak_dirs = [](const std::string& tmp) {
    size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(tmp))
      n += e.path().filename().string().starts_with("gopit-leak-");
    return n;
  };
  const std::string tmp_removed = work + "/tmp-removed", tmp_kept = work + "/tmp-kept";
  std::filesystem::create_directories(tmp_removed);
  std::filesystem::create_directories(tmp_kept);

  Output o = run({"--format", "json"});
  ASSERT_EQ(o.status, 1) << o.err;
  nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["diagnoses"].size(), leaks.size()) << o.out;
  for (const Leak& l : leaks) {
    EXPECT_EQ(ResultOf(j, l.pkg, l.test), "leaked") << l.test;
    bool found = false;
    for (const auto& d : j["diagnoses"]) {
      if (d["test"] != l.test) continue;
      found = true;
      EXPECT_EQ(PlaceOf(d), MarkerPlace(l.pkg, l.file, "// want leak")) << d["message"];
      EXPECT_EQ(d["package"], "gopit.test/gotest/" + l.pkg);
    }
    EXPECT_TRUE(found) << l.test << "\n" << o.out;
  }
  EXPECT_EQ(ResultOf(j, "leakclean", "TestFetch"), "pass");

  // JUnit: one testcase per test, each leaked one failing with its diagnosis.
  Output x = run({"--format", "junit", "-o", work + "/report.xml"},
                 {"TMPDIR=" + tmp_kept, "GOPIT_KEEP_LEAK_DIR=1"});
  EXPECT_EQ(x.status, 1) << x.err;
  EXPECT_EQ(leak_dirs(tmp_kept), 1u);
  Output parsed = RunCommand({"python3", "-c", R"(
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for case in root.iter("testcase"):
    f = case.find("failure")
    print(case.get("classname"), case.get("name"), "FAIL" if f is not None else "ok",
          f.get("message", "")[:40] if f is not None else "")
)",
                              work + "/report.xml"});
  ASSERT_EQ(parsed.status, 0) << parsed.err;
  for (const Leak& l : leaks)
    EXPECT_NE(parsed.out.find(" " + l.test + " FAIL"), std::string::npos) << parsed.out;
  EXPECT_NE(parsed.out.find("gopit.test/gotest/leakclean TestFetch ok"), std::string::npos)
      << parsed.out;

  // SARIF: valid for GitHub code scanning, one result per leak at its line.
  Output sf = run({"--format", "sarif", "-o", work + "/report.sarif"});
  EXPECT_EQ(sf.status, 1) << sf.err;
  Output v = RunCommand(
      {"bash", std::string(GOPIT_GO_DIR) + "/../sarif_validate.sh", work + "/report.sarif"});
  if (v.status != 77) EXPECT_EQ(v.status, 0) << v.out << v.err;
  nlohmann::json sarif = nlohmann::json::parse(ReadFile(work + "/report.sarif"));
  std::string places;
  for (const auto& r : sarif["runs"][0]["results"]) {
    const auto& loc = r["locations"][0]["physicalLocation"];
    std::string uri = loc["artifactLocation"]["uri"];
    places += uri.substr(uri.rfind('/') + 1) + ":" +
              std::to_string(int(loc["region"]["startLine"])) + " ";
  }
  for (const Leak& l : leaks)
    EXPECT_NE(places.find(MarkerPlace(l.pkg, l.file, "// want leak")), std::string::npos) << places;

  // Leaks do not fail the run with --fail-on failed; --ignore by frame drops one.
  Output lenient = run({"--fail-on", "failed", "--ignore",
                        "frame=gopit.test/gotest/leaksleep.(*Worker).Start.func1:polls for the "
                        "process's life",
                        "--format", "json"},
                       {"TMPDIR=" + tmp_removed});
  EXPECT_EQ(lenient.status, 0) << lenient.err;
  EXPECT_EQ(leak_dirs(tmp_removed), 0u);
  nlohmann::json lj = nlohmann::json::parse(lenient.out);
  EXPECT_EQ(lj["diagnoses"].size(), leaks.size() - 1) << lenient.out;
  EXPECT_EQ(ResultOf(lj, "leaksleep", "TestWorkerCounts"), "pass") << lenient.out;
}

}  // namespace
}  // namespace gopit::e2e
