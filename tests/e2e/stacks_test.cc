// End to end: real Go programs put goroutines into known states, the real
// runtime writes every dump format, and the real gopit binary must read them.
#include <signal.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "e2e/support.h"

namespace gopit::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

// The bucket whose innermost frame of the program's own code is the site.
const json* FindSite(const json& report, const json& site) {
  for (const json& b : report["buckets"]) {
    for (const json& f : b["frames"]) {
      std::string fn = f["function"];
      if (!fn.starts_with("main.")) continue;
      if (fn == site["function"] && f["file"] == site["file"] && f["line"] == site["line"])
        return &b;
      break;
    }
  }
  return nullptr;
}

// Every site of the manifest is a bucket with its count; with `states`,
// also the exact state and the created-by line.
void ExpectSites(const json& report, const json& manifest, bool states, bool created_by) {
  for (const json& site : manifest["sites"]) {
    SCOPED_TRACE(site["site"].get<std::string>());
    const json* b = FindSite(report, site);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ((*b)["count"], site["count"]);
    if (states) {
      EXPECT_EQ((*b)["state"], site["state"]);
      EXPECT_EQ((*b)["goroutine_ids"].size(), site["count"].get<size_t>());
    }
    if (created_by) {
      ASSERT_TRUE((*b)["created_by"].is_object());
      EXPECT_EQ((*b)["created_by"]["function"], site["created_by_function"]);
      EXPECT_EQ((*b)["created_by"]["line"], site["created_by_line"]);
    }
  }
}

json StacksJson(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  std::vector<std::string> full{"stacks", "--format", "json"};
  full.insert(full.end(), args.begin(), args.end());
  Output o = Gopit(full, stdin_text);
  EXPECT_EQ(o.status, 0) << o.err;
  return json::parse(o.out);
}

class StatesProgram : public ::testing::Test {
 protected:
  void SetUp() override {
    if (GoTool().empty()) GTEST_SKIP() << "no Go toolchain";
    bin_ = BuildGoProgram("states");
    dir_ = WorkDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    manifest_path_ = dir_ + "/manifest.json";
  }
  json Manifest() { return json::parse(ReadFile(manifest_path_)); }
  std::string bin_, dir_, manifest_path_;
};

TEST_F(StatesProgram, LiveEndpointInEveryDebugLevel) {
  Process p({bin_, "-serve", "-manifest", manifest_path_});
  std::string listen = p.WaitForLine("LISTEN ", seconds(60));
  ASSERT_FALSE(listen.empty()) << p.Stderr();
  ASSERT_FALSE(p.WaitForLine("READY", seconds(60)).empty());
  std::string base = listen.substr(7);
  json m = Manifest();

  json d2 = StacksJson({base});  // a bare base URL means debug=2
  EXPECT_EQ(d2["snapshots"][0]["format"], "traceback");
  ExpectSites(d2, m, true, true);

  json d1 = StacksJson({base + "/debug/pprof/goroutine?debug=1"});
  EXPECT_EQ(d1["snapshots"][0]["format"], "debug1");
  EXPECT_TRUE(d1["snapshots"][0]["declared_total"].is_number());
  ExpectSites(d1, m, false, false);

  json d0 = StacksJson({base + "/debug/pprof/goroutine"});
  EXPECT_EQ(d0["snapshots"][0]["format"], "profile");
  ExpectSites(d0, m, false, false);

  // One call, three inputs: three snapshots, every site counted three times.
  json all =
      StacksJson({base, base + "/debug/pprof/goroutine?debug=1", base + "/debug/pprof/goroutine"});
  EXPECT_EQ(all["snapshots"].size(), 3u);
  for (const json& site : m["sites"]) {
    const json* b = FindSite(all, site);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ((*b)["count"], site["count"].get<int>() * 3) << site["site"];
  }
}

void SigquitCase(const std::string& bin, const std::string& dir, const std::string& level) {
  std::string manifest = dir + "/manifest-" + level + ".json";
  Process p({bin, "-manifest", manifest}, {"GOTRACEBACK=" + level});
  ASSERT_FALSE(p.WaitForLine("READY", seconds(60)).empty()) << p.Stderr();
  p.Signal(SIGQUIT);
  p.Wait(seconds(60));
  std::string dump = dir + "/sigquit-" + level + ".txt";
  WriteFile(dump, p.Stderr());
  json r = StacksJson({dump});
  ASSERT_EQ(r["snapshots"].size(), 1u);
  EXPECT_EQ(r["snapshots"][0]["reason"], "SIGQUIT: quit");
  EXPECT_GT(r["hidden_goroutines"].get<int>(), 0);
  ExpectSites(r, json::parse(ReadFile(manifest)), true, true);
}

TEST_F(StatesProgram, SigquitAll) {
  SigquitCase(bin_, dir_, "all");
}
TEST_F(StatesProgram, SigquitSystem) {
  SigquitCase(bin_, dir_, "system");
}
TEST_F(StatesProgram, SigquitCrash) {
  SigquitCase(bin_, dir_, "crash");
}

TEST_F(StatesProgram, PanicFromStdin) {
  Output o = RunCommand({bin_, "-panic", "-manifest", manifest_path_}, "", seconds(120),
                        {"GOTRACEBACK=all"});
  EXPECT_EQ(o.status, 2);
  json r = StacksJson({"-"}, o.err);
  EXPECT_EQ(r["snapshots"][0]["reason"], "panic: boom");
  EXPECT_TRUE(r["snapshots"][0]["current_goroutine"].is_number());
  ExpectSites(r, Manifest(), true, true);
}

TEST_F(StatesProgram, GzipFileAndTextReport) {
  std::string dump = dir_ + "/stack.txt";
  Output o = RunCommand({bin_, "-stack", dump, "-manifest", manifest_path_});
  ASSERT_EQ(o.status, 0) << o.err;
  ASSERT_EQ(RunCommand({"gzip", "-k", dump}).status, 0);
  json r = StacksJson({dump + ".gz"});
  ExpectSites(r, Manifest(), true, true);

  // The text report names the biggest bucket's line and its creator.
  Output t = Gopit({"stacks", "--color", "never", dump});
  ASSERT_EQ(t.status, 0);
  json m = Manifest();
  const json& top = m["sites"][0];
  EXPECT_NE(t.out.find("17  chan receive"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("states/main.go:" + std::to_string(top["line"].get<int>())),
            std::string::npos);
  EXPECT_NE(t.out.find("created by main.startSites"), std::string::npos);
  EXPECT_EQ(t.out.find("\x1b["), std::string::npos);  // no colour when asked for none
}

TEST(Programs, FatalDeadlock) {
  if (GoTool().empty()) GTEST_SKIP() << "no Go toolchain";
  std::string bin = BuildGoProgram("deadlock", {"CGO_ENABLED=0"});
  std::string dir = WorkDir("deadlock");
  Output o = RunCommand({bin, "-manifest", dir + "/m.json"});
  EXPECT_EQ(o.status, 2);
  json r = StacksJson({"-"}, o.err);
  EXPECT_EQ(r["snapshots"][0]["reason"], "fatal error: all goroutines are asleep - deadlock!");
  ExpectSites(r, json::parse(ReadFile(dir + "/m.json")), true, true);
}

TEST(Programs, TestTimeoutInsideGoTestOutput) {
  std::string go = GoTool();
  if (go.empty()) GTEST_SKIP() << "no Go toolchain";
  Output o = RunCommand(
      {"sh", "-c", "cd '" GOPIT_GO_DIR "' && '" + go + "' test -count=1 -timeout 3s ./testtimeout"},
      "", seconds(300), {"GOPIT_TIMEOUT_DEMO=1"});
  EXPECT_NE(o.status, 0);
  json r = StacksJson({"-"}, o.out + o.err);
  ASSERT_EQ(r["snapshots"].size(), 1u);
  EXPECT_TRUE(
      r["snapshots"][0]["reason"].get<std::string>().starts_with("panic: test timed out after 3s"));
  bool saw_test_frame = false;
  for (const json& b : r["buckets"]) {
    for (const json& f : b["frames"]) {
      saw_test_frame |=
          f["function"].get<std::string>().find("testtimeout.Test") == 0 ||
          f["function"].get<std::string>().find("gopit.test/go/testtimeout.Test") == 0;
    }
  }
  EXPECT_TRUE(saw_test_frame);
}

TEST(Programs, GoroutineLeakProfileLive) {
  std::string go = GoTool();
  if (go.empty()) GTEST_SKIP() << "no Go toolchain";
  Output v = RunCommand({go, "version"});
  if (v.out.find("go1.26") == std::string::npos && v.out.find("go1.27") == std::string::npos) {
    GTEST_SKIP() << "the goroutine-leak profile needs Go 1.26+: " << v.out;
  }
  std::string bin = BuildGoProgram("leakprof", {"GOEXPERIMENT=goroutineleakprofile"});
  std::string dir = WorkDir("leakprof");
  Process p({bin, "-manifest", dir + "/m.json"});
  std::string listen = p.WaitForLine("LISTEN ", seconds(60));
  ASSERT_FALSE(listen.empty()) << p.Stderr();
  ASSERT_FALSE(p.WaitForLine("READY", seconds(60)).empty());
  std::string base = listen.substr(7);
  json m = json::parse(ReadFile(dir + "/m.json"));
  for (std::string q : {"?debug=0", "?debug=1", "?debug=2"}) {
    SCOPED_TRACE(q);
    json r = StacksJson({base + "/debug/pprof/goroutineleak" + q});
    for (const json& site : m["sites"]) {
      SCOPED_TRACE(site["site"].get<std::string>());
      const json* b = FindSite(r, site);
      if (!site.value("leaked", false)) {
        if (b) EXPECT_EQ((*b)["proven_leaked"], 0);
        continue;
      }
      ASSERT_NE(b, nullptr);
      EXPECT_EQ((*b)["count"], site["count"]);
      EXPECT_EQ((*b)["proven_leaked"], site["count"]);
    }
  }
}

TEST(Errors, UnreadableInputsFailClearly) {
  std::string dir = WorkDir("errors");
  Output missing = Gopit({"stacks", dir + "/nope.txt"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("No such file"), std::string::npos) << missing.err;

  WriteFile(dir + "/junk.txt", "hello\nthis is not a dump\n");
  Output junk = Gopit({"stacks", dir + "/junk.txt"});
  EXPECT_EQ(junk.status, 1);
  EXPECT_NE(junk.err.find("no goroutine dump"), std::string::npos) << junk.err;

  Output dir_in = Gopit({"stacks", dir});
  EXPECT_EQ(dir_in.status, 1);

  // A port nobody listens on: a clear error, quickly, no hang.
  Output dead = Gopit({"stacks", "--timeout", "5", "http://127.0.0.1:1/"});
  EXPECT_EQ(dead.status, 1);
  EXPECT_NE(dead.err.find("127.0.0.1"), std::string::npos) << dead.err;

  Output usage = Gopit({"stacks", "--format", "yaml", "x"});
  EXPECT_EQ(usage.status, 2);
  Output none = Gopit({});
  EXPECT_EQ(none.status, 2);

  // One good input beside a bad one: the good one is reported, status 0.
  Output mixed = Gopit({"stacks", "--format", "json",
                        std::string(GOPIT_TEST_DATA) + "/deadlock.txt", dir + "/nope.txt"});
  EXPECT_EQ(mixed.status, 0);
  json r = json::parse(mixed.out);
  EXPECT_TRUE(r["inputs"][1]["error"].is_string());
}

TEST(Errors, CorruptAndTruncatedInputsKeepWhatWasRead) {
  std::string dir = WorkDir("corrupt");
  std::string text = ReadFile(std::string(GOPIT_TEST_DATA) + "/states.debug2.txt");
  // Cut mid-line.
  WriteFile(dir + "/cut.txt", text.substr(0, text.size() / 2 + 7));
  json r = StacksJson({dir + "/cut.txt"});
  EXPECT_GT(r["total_goroutines"].get<int>(), 10);
  bool truncated = false;
  for (const json& w : r["warnings"]) {
    truncated |= w["message"].get<std::string>().find("truncated") != std::string::npos;
  }
  EXPECT_TRUE(truncated);

  // A gzip stream cut short.
  std::string gz = ReadFile(std::string(GOPIT_TEST_DATA) + "/states.debug0.pb.gz");
  WriteFile(dir + "/cut.pb.gz", gz.substr(0, gz.size() - 40));
  Output o = Gopit({"stacks", "--format", "json", dir + "/cut.pb.gz"});
  EXPECT_TRUE(o.status == 0 || o.status == 1) << o.status;
  if (o.status == 0) EXPECT_FALSE(json::parse(o.out)["warnings"].empty());
}

}  // namespace
}  // namespace gopit::e2e
