// gopit test on the Go test packages of tests/go/gotest, which hang, fail
// and break on purpose. The expected file:line comes from each package's
// `// want hung` marker; the expected test is the one its comment names.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "e2e/support.h"

namespace gopit::e2e {
namespace {

const std::string kDir = GOPIT_GO_DIR "/gotest";

// "file.go:LINE" of the marker in package `pkg`.
std::string MarkerPlace(const std::string& pkg, const std::string& file) {
  std::ifstream f(kDir + "/" + pkg + "/" + file);
  std::string line;
  for (int n = 1; std::getline(f, line); ++n) {
    if (line.find("// want hung") != std::string::npos) return file + ":" + std::to_string(n);
  }
  return "";
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

}  // namespace
}  // namespace gopit::e2e
