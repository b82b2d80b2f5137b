// End to end for the dump diagnoses DUMP003, 004, 005, 006, 008 and 009:
// tests/go/diagshapes puts a live process into each shape, the real gopit
// binary reads its pprof endpoint, and the JSON `diagnoses` array must name
// the diagnosis at the line the program's manifest gives.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "e2e/support.h"

namespace gopit::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

// A running diagshapes process with its manifest and pprof base URL.
struct Shape {
  std::unique_ptr<Process> proc;
  std::string base;
  json manifest;
};

Shape StartShape(const std::string& bin, const std::string& dir, const std::string& shape) {
  Shape s;
  std::string manifest = dir + "/" + shape + ".manifest.json";
  s.proc = std::make_unique<Process>(
      std::vector<std::string>{bin, "-shape", shape, "-manifest", manifest});
  std::string listen = s.proc->WaitForLine("listening ", seconds(60));
  EXPECT_FALSE(listen.empty()) << shape << ": " << s.proc->Stderr();
  if (listen.empty()) return s;
  s.base = listen.substr(std::string("listening ").size());
  EXPECT_FALSE(s.proc->WaitForLine("ready", seconds(60)).empty())
      << shape << ": " << s.proc->Stderr();
  s.manifest = json::parse(ReadFile(manifest));
  return s;
}

json StacksJson(const std::vector<std::string>& args) {
  std::vector<std::string> full{"stacks", "--format", "json"};
  full.insert(full.end(), args.begin(), args.end());
  Output o = Gopit(full);
  EXPECT_EQ(o.status, 0) << o.err;
  return json::parse(o.out);
}

const json& Site(const json& manifest, const std::string& name) {
  for (const json& s : manifest["sites"]) {
    if (s["site"] == name) return s;
  }
  ADD_FAILURE() << "no site " << name;
  static const json none = json::object();
  return none;
}

// The one diagnosis with `id` in the report; fails if there is not exactly one.
const json* FindDiagnosis(const json& report, const std::string& id) {
  EXPECT_TRUE(report["diagnoses"].is_array()) << report["diagnoses"].dump();
  if (!report["diagnoses"].is_array()) return nullptr;
  const json* found = nullptr;
  int n = 0;
  for (const json& d : report["diagnoses"]) {
    if (d["id"] == id) {
      found = &d;
      ++n;
    }
  }
  EXPECT_EQ(n, 1) << report["diagnoses"].dump(2);
  return found;
}

// Every field the schema promises, and the location at `site`.
void ExpectDiagnosis(const json& report, const json& d, const std::string& slug,
                     const std::string& severity, const json& site, uint64_t goroutines) {
  SCOPED_TRACE(d.dump(2));
  EXPECT_EQ(d["slug"], slug);
  EXPECT_EQ(d["severity"], severity);
  EXPECT_TRUE(d["message"].is_string());
  EXPECT_FALSE(d["message"].get<std::string>().empty());
  EXPECT_TRUE(d["score"].is_number());
  EXPECT_GT(d["score"].get<double>(), 0);
  ASSERT_TRUE(d["location"].is_object());
  EXPECT_EQ(d["location"]["function"], site["function"]);
  EXPECT_EQ(d["location"]["file"], site["file"]);
  EXPECT_EQ(d["location"]["line"], site["line"]);
  EXPECT_TRUE(d["created_by"].is_null() || d["created_by"].is_object());
  EXPECT_EQ(d["goroutines"].get<uint64_t>(), goroutines);
  ASSERT_TRUE(d["bucket_ids"].is_array());
  EXPECT_FALSE(d["bucket_ids"].empty());
  // The buckets a diagnosis rests on are in the report (none is runtime-internal).
  std::set<std::string> ids;
  for (const json& b : report["buckets"])
    ids.insert(b["id"].get<std::string>());
  for (const json& id : d["bucket_ids"])
    EXPECT_TRUE(ids.count(id.get<std::string>())) << id;
}

bool Mentions(const json& d, const std::string& part) {
  return d["message"].get<std::string>().find(part) != std::string::npos;
}

class DiagShapes : public ::testing::Test {
 protected:
  void SetUp() override {
    if (GoTool().empty()) GTEST_SKIP() << "no Go toolchain";
    bin_ = BuildGoProgram("diagshapes");
    dir_ = WorkDir(std::string("diagshapes-") +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  std::string bin_, dir_;
};

TEST_F(DiagShapes, HttpBodyLeak) {
  Shape s = StartShape(bin_, dir_, "http-body-leak");
  ASSERT_FALSE(s.base.empty());
  const json& rd = Site(s.manifest, "persistconn-readloop");
  const json& wr = Site(s.manifest, "persistconn-writeloop");
  json r = StacksJson({s.base});
  const json* d = FindDiagnosis(r, "DUMP003");
  ASSERT_NE(d, nullptr);
  ExpectDiagnosis(r, *d, "http-conn-leak", "warning", rd,
                  rd["count"].get<uint64_t>() + wr["count"].get<uint64_t>());
  ASSERT_TRUE((*d)["created_by"].is_object());
  EXPECT_EQ((*d)["created_by"]["function"], rd["created_by_function"]);
  EXPECT_EQ((*d)["created_by"]["line"], rd["created_by_line"]);
  EXPECT_TRUE(Mentions(*d, "response bodies not closed")) << (*d)["message"];

  // The same from the aggregated profile.
  json r1 = StacksJson({s.base + "/debug/pprof/goroutine?debug=1"});
  const json* d1 = FindDiagnosis(r1, "DUMP003");
  ASSERT_NE(d1, nullptr);
  EXPECT_EQ((*d1)["location"]["line"], rd["line"]);

  // And in the text report.
  Output t = Gopit({"stacks", "--color", "never", s.base});
  EXPECT_EQ(t.status, 0) << t.err;
  EXPECT_NE(t.out.find("DUMP003"), std::string::npos) << t.out;
}

TEST_F(DiagShapes, HttpTransportPerRequest) {
  Shape s = StartShape(bin_, dir_, "http-transport-leak");
  ASSERT_FALSE(s.base.empty());
  const json& rd = Site(s.manifest, "persistconn-readloop");
  const json& wr = Site(s.manifest, "persistconn-writeloop");
  json r = StacksJson({s.base});
  const json* d = FindDiagnosis(r, "DUMP003");
  ASSERT_NE(d, nullptr);
  ExpectDiagnosis(r, *d, "http-conn-leak", "warning", rd,
                  rd["count"].get<uint64_t>() + wr["count"].get<uint64_t>());
  EXPECT_TRUE(Mentions(*d, "Transport or Client made per request")) << (*d)["message"];
}

TEST_F(DiagShapes, FinalizerBlocked) {
  Shape s = StartShape(bin_, dir_, "finalizer-lock");
  ASSERT_FALSE(s.base.empty());
  const json& site = Site(s.manifest, "finalizer-lock");
  for (const std::string& url :
       {s.base, s.base + "/debug/pprof/goroutine?debug=1", s.base + "/debug/pprof/goroutine"}) {
    SCOPED_TRACE(url);
    json r = StacksJson({url});
    const json* d = FindDiagnosis(r, "DUMP005");
    ASSERT_NE(d, nullptr);
    ExpectDiagnosis(r, *d, "finalizer-blocked", "error", site, 1);
    EXPECT_TRUE(Mentions(*d, "finalizer goroutine")) << (*d)["message"];
  }
}

TEST_F(DiagShapes, LockPileup) {
  Shape s = StartShape(bin_, dir_, "lock-pileup");
  ASSERT_FALSE(s.base.empty());
  const json& site = Site(s.manifest, "balance-readers");
  json r = StacksJson({s.base});
  const json* d = FindDiagnosis(r, "DUMP006");
  ASSERT_NE(d, nullptr);
  ExpectDiagnosis(r, *d, "lock-pileup", "warning", site, site["count"].get<uint64_t>());
  ASSERT_TRUE((*d)["created_by"].is_object());
  EXPECT_EQ((*d)["created_by"]["line"], site["created_by_line"]);
  // With --args the waiters are seen to share one mutex.
  json ra = StacksJson({"--args", s.base});
  const json* da = FindDiagnosis(ra, "DUMP006");
  ASSERT_NE(da, nullptr);
  EXPECT_TRUE(Mentions(*da, "wait on one mutex")) << (*da)["message"];
  // A threshold above the pile silences it.
  json rq = StacksJson({"--lock-waiters", std::to_string(site["count"].get<int>() + 1), s.base});
  for (const json& x : rq["diagnoses"])
    EXPECT_NE(x["id"], "DUMP006") << x.dump();
}

TEST_F(DiagShapes, LockedThreads) {
  Shape s = StartShape(bin_, dir_, "locked-threads");
  ASSERT_FALSE(s.base.empty());
  const json& site = Site(s.manifest, "locked-workers");
  json r = StacksJson({s.base});
  const json* d = FindDiagnosis(r, "DUMP008");
  ASSERT_NE(d, nullptr);
  ExpectDiagnosis(r, *d, "locked-threads", "warning", site, site["count"].get<uint64_t>());
}

// The diagnoses that need wait times: three processes at once, read a
// little over a minute after they are ready (the runtime prints whole
// minutes), with --long-wait 1.
TEST_F(DiagShapes, LongWaits) {
  Shape idle = StartShape(bin_, dir_, "server-idle-conns");
  Shape sys = StartShape(bin_, dir_, "long-syscall");
  Shape lock = StartShape(bin_, dir_, "lock-pileup");
  ASSERT_FALSE(idle.base.empty());
  ASSERT_FALSE(sys.base.empty());
  ASSERT_FALSE(lock.base.empty());

  // Before a minute: none of the three.
  for (const Shape* s : {&idle, &sys}) {
    json r = StacksJson({"--long-wait", "1", s->base});
    for (const json& d : r["diagnoses"]) {
      EXPECT_NE(d["id"], "DUMP004") << d.dump();
      EXPECT_NE(d["id"], "DUMP009") << d.dump();
    }
  }

  std::this_thread::sleep_for(seconds(66));

  {
    SCOPED_TRACE("server-idle-conns");
    const json& conns = Site(idle.manifest, "server-conn-idle");
    const json& accept = Site(idle.manifest, "server-accept");
    json r = StacksJson({"--long-wait", "1", idle.base});
    const json* d = FindDiagnosis(r, "DUMP004");
    ASSERT_NE(d, nullptr);
    ExpectDiagnosis(r, *d, "server-conn-pileup", "warning", accept, conns["count"].get<uint64_t>());
    EXPECT_TRUE(Mentions(*d, "IdleTimeout")) << (*d)["message"];
    // With the default five minutes, one minute is not long.
    json rd = StacksJson({idle.base});
    for (const json& x : rd["diagnoses"])
      EXPECT_NE(x["id"], "DUMP004") << x.dump();
  }
  {
    SCOPED_TRACE("long-syscall");
    const json& site = Site(sys.manifest, "pipe-read");
    json r = StacksJson({"--long-wait", "1", sys.base});
    const json* d = FindDiagnosis(r, "DUMP009");
    ASSERT_NE(d, nullptr);
    ExpectDiagnosis(r, *d, "long-syscall", "warning", site, site["count"].get<uint64_t>());
    ASSERT_TRUE((*d)["created_by"].is_object());
    EXPECT_EQ((*d)["created_by"]["line"], site["created_by_line"]);
  }
  {
    SCOPED_TRACE("lock-pileup, long");
    const json& site = Site(lock.manifest, "balance-readers");
    json r = StacksJson({"--long-wait", "1", lock.base});
    const json* d = FindDiagnosis(r, "DUMP006");
    ASSERT_NE(d, nullptr);
    ExpectDiagnosis(r, *d, "lock-pileup", "error", site, site["count"].get<uint64_t>());
    EXPECT_TRUE(Mentions(*d, "likely a deadlock")) << (*d)["message"];
  }
}

}  // namespace
}  // namespace gopit::e2e
