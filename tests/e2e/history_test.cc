// `gopit history` as a user runs it: on a history the real `gopit watch`
// wrote while watching a real Go service (tests/go/watchsvc), and on the
// files it must refuse.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e/support.h"

namespace gopit::e2e {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

TEST(History, MissingDatabaseIsAnError) {
  std::string db = WorkDir("history-missing") + "/nothing-here.db";
  Output o = Gopit({"history", "--db", db});
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("no history at " + db), std::string::npos) << o.err;
  EXPECT_TRUE(o.out.empty());
  EXPECT_FALSE(fs::exists(db));  // reading never creates it
}

TEST(History, Help) {
  Output o = Gopit({"history", "--help"});
  ASSERT_EQ(o.status, 0) << o.err;
  for (const char* s : {"--db", "--since", "--until", "--target", "--top", "--format",
                        "--prune-older-than", "RFC 3339", "Exit status"})
    EXPECT_NE(o.out.find(s), std::string::npos) << s << "\n" << o.out;
}

TEST(History, UsageErrors) {
  std::string db = WorkDir("history-usage") + "/h.db";
  WriteFile(db, "");
  Output since = Gopit({"history", "--db", db, "--since", "last tuesday"});
  EXPECT_EQ(since.status, 2);
  EXPECT_NE(since.err.find("--since last tuesday: not a time"), std::string::npos) << since.err;
  Output order = Gopit({"history", "--db", db, "--since", "1h", "--until", "2h"});
  EXPECT_EQ(order.status, 2);
  EXPECT_EQ(Gopit({"history", "--db", db, "--format", "xml"}).status, 2);
}

TEST(History, NotADatabase) {
  std::string db = WorkDir("history-notdb") + "/h.db";
  WriteFile(db, "goroutine 1 [running]:\nmain.main()\n" + std::string(8192, '.'));
  Output o = Gopit({"history", "--db", db});
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find(db + ": not a SQLite database"), std::string::npos) << o.err;
}

// A history that `gopit watch` wrote about a target that never answered
// (no Go needed), then damaged: every page past the first overwritten.
TEST(History, DamagedDatabase) {
  std::string dir = WorkDir("history-damaged");
  std::string db = dir + "/h.db";
  Gopit({"watch", "--duration", "1s", "--interval", "200ms", "-q", "--db", db,
         "down=http://127.0.0.1:1"});
  ASSERT_TRUE(fs::exists(db));
  Output before = Gopit({"history", "--db", db, "--format", "json"});
  ASSERT_EQ(before.status, 0) << before.err;
  json j = json::parse(before.out);
  ASSERT_EQ(j["targets"].size(), 1u);
  EXPECT_GT(j["targets"][0]["errors"].get<int>(), 0);
  EXPECT_FALSE(j["targets"][0]["up"].get<bool>());

  fs::remove(db + "-wal");
  fs::remove(db + "-shm");
  uintmax_t size = fs::file_size(db);
  ASSERT_GT(size, 8192u);
  {
    std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    std::string junk(size - 4096, '\xa5');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  Output o = Gopit({"history", "--db", db});
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find(db + ": the history database is damaged"), std::string::npos) << o.err;
}

TEST(History, WhatWatchRecorded) {
  if (GoTool().empty()) GTEST_SKIP() << "no Go toolchain";
  std::string svc = BuildGoProgram("watchsvc");
  ASSERT_FALSE(svc.empty());
  Process p({svc});
  std::string listen = p.WaitForLine("LISTEN ", std::chrono::seconds(60));
  ASSERT_FALSE(listen.empty()) << p.Stderr();
  std::string url = listen.substr(std::string("LISTEN ").size());
  std::string dir = WorkDir("history-watch");
  std::string db = dir + "/state/history.db";  // the directory is created

  Output w =
      Gopit({"watch", "--duration", "3s", "--interval", "200ms", "-q", "--db", db, "svc=" + url});
  ASSERT_TRUE(fs::exists(db)) << w.err;

  Output o = Gopit({"history", "--db", db, "--format", "json"});
  ASSERT_EQ(o.status, 0) << o.err;
  json j = json::parse(o.out);
  EXPECT_EQ(j["schema"], "gopit.watch/v1");
  ASSERT_EQ(j["targets"].size(), 1u);
  const json& t = j["targets"][0];
  EXPECT_EQ(t["name"], "svc");
  EXPECT_EQ(t["url"], url);
  uint64_t samples = t["samples"].get<uint64_t>() + t["errors"].get<uint64_t>();
  EXPECT_GT(samples, 0u);
  EXPECT_EQ(t["totals"].size(), t["samples"].get<uint64_t>());
  EXPECT_LE(j["from_ms"].get<int64_t>(), j["to_ms"].get<int64_t>());

  Output text = Gopit({"history", "--db", db, "--color", "never", "--target", "svc"});
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("svc"), std::string::npos) << text.out;

  std::string page = dir + "/history.html";
  Output html = Gopit({"history", "--db", db, "--format", "html", "-o", page});
  ASSERT_EQ(html.status, 0) << html.err;
  EXPECT_NE(ReadFile(page).find("<html"), std::string::npos);

  Output unknown = Gopit({"history", "--db", db, "--target", "nosuch"});
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.err.find("no target named \"nosuch\" (targets: svc)"), std::string::npos)
      << unknown.err;

  // A range before everything: an empty report, said so.
  Output before = Gopit({"history", "--db", db, "--format", "json", "--since",
                         "2001-01-01T00:00:00Z", "--until", "2001-01-02T00:00:00+02:00"});
  ASSERT_EQ(before.status, 0) << before.err;
  EXPECT_TRUE(json::parse(before.out)["targets"].empty());
  EXPECT_NE(before.err.find("nothing in the range"), std::string::npos) << before.err;

  // Pruning everything older than now leaves no samples, and reports nothing.
  Output prune = Gopit({"history", "--db", db, "--prune-older-than", "0"});
  ASSERT_EQ(prune.status, 0) << prune.err;
  EXPECT_TRUE(prune.out.empty());
  Output after = Gopit({"history", "--db", db, "--format", "json", "--target", "svc"});
  ASSERT_EQ(after.status, 0) << after.err;
  json a = json::parse(after.out);
  ASSERT_EQ(a["targets"].size(), 1u);
  EXPECT_EQ(a["targets"][0]["samples"], 0);
  EXPECT_EQ(a["targets"][0]["errors"], 0);

  p.Signal(SIGTERM);
  p.Wait(std::chrono::seconds(30));
}

}  // namespace
}  // namespace gopit::e2e
