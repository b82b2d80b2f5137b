// End to end: the dump diagnoses on real programs. tests/go/leakshapes puts
// a process into a known shape (a growing handler-timeout leak, nil
// channels, select {}, a whole-program deadlock, and two healthy programs)
// and writes where its goroutines block; tests/go/leakprof leaks goroutines
// the runtime's goroutine-leak profile can prove. The real gopit binary reads
// the real dumps, and its `diagnoses` must name the right problem first, at
// the manifest's line and `created by` line, and nothing for healthy code.
#include <signal.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "e2e/support.h"

namespace gopit::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

const std::string kData = GOPIT_TEST_DATA;

json StacksJson(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  std::vector<std::string> full{"stacks", "--format", "json"};
  full.insert(full.end(), args.begin(), args.end());
  Output o = Gopit(full, stdin_text);
  EXPECT_EQ(o.status, 0) << o.err;
  if (o.status != 0) return json::object();
  return json::parse(o.out);
}

// The report's diagnoses; a failure (and an empty array) when the field is
// missing or null.
json Diagnoses(const json& report) {
  if (!report.contains("diagnoses") || !report["diagnoses"].is_array()) {
    ADD_FAILURE() << "the report has no diagnoses array";
    return json::array();
  }
  return report["diagnoses"];
}

// One line per diagnosis, for failure messages.
std::string Describe(const json& report) {
  if (!report.contains("diagnoses") || !report["diagnoses"].is_array()) return "(no diagnoses)";
  std::ostringstream s;
  s << report["diagnoses"].size() << " diagnoses:";
  for (const json& d : report["diagnoses"]) {
    s << "\n  " << d.value("id", "?") << " " << d.value("severity", "?") << " score "
      << d.value("score", 0.0) << " goroutines " << d.value("goroutines", 0) << " at ";
    if (d.contains("location") && d["location"].is_object()) {
      s << d["location"].value("function", "?") << " " << d["location"].value("file", "?") << ":"
        << d["location"].value("line", 0);
    }
    s << ": " << d.value("message", "");
  }
  return s.str();
}

// The largest buckets, for failure messages.
std::string DescribeBuckets(const json& report) {
  std::ostringstream s;
  s << "buckets:";
  int n = 0;
  for (const json& b : report.value("buckets", json::array())) {
    if (++n > 6) break;
    s << "\n  " << b.value("count", 0) << " " << b.value("category", "?") << " ["
      << b.value("state", "") << "]";
    if (!b["frames"].empty()) {
      const json& f = b["frames"][0];
      s << " " << f.value("function", "?") << " " << f.value("file", "?") << ":"
        << f.value("line", 0);
    }
  }
  return s.str();
}

int SeverityRank(const std::string& s) {
  return s == "error" ? 2 : s == "warning" ? 1 : 0;
}

bool IsHex16(const std::string& s) {
  return s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// Every diagnosis has the documented fields, and the array is sorted most
// important first (severity, then score).
void ExpectWellFormed(const json& report) {
  json ds = Diagnoses(report);
  for (size_t i = 0; i < ds.size(); ++i) {
    const json& d = ds[i];
    SCOPED_TRACE("diagnosis " + std::to_string(i) + ": " + d.dump());
    ASSERT_TRUE(d.is_object());
    ASSERT_TRUE(d["id"].is_string());
    EXPECT_TRUE(d["id"].get<std::string>().starts_with("DUMP"));
    EXPECT_TRUE(d["slug"].is_string());
    ASSERT_TRUE(d["severity"].is_string());
    EXPECT_TRUE(d["severity"] == "error" || d["severity"] == "warning" || d["severity"] == "info");
    ASSERT_TRUE(d["message"].is_string());
    EXPECT_FALSE(d["message"].get<std::string>().empty());
    EXPECT_TRUE(d["score"].is_number());
    ASSERT_TRUE(d["location"].is_object());
    EXPECT_TRUE(d["location"]["file"].is_string());
    EXPECT_TRUE(d["location"]["line"].is_number_integer());
    EXPECT_TRUE(d["location"]["function"].is_string());
    EXPECT_TRUE(d["created_by"].is_null() ||
                (d["created_by"].is_object() && d["created_by"]["file"].is_string() &&
                 d["created_by"]["line"].is_number_integer() &&
                 d["created_by"]["function"].is_string()));
    ASSERT_TRUE(d["bucket_ids"].is_array());
    for (const json& id : d["bucket_ids"]) {
      EXPECT_TRUE(id.is_string() && IsHex16(id.get<std::string>())) << id;
    }
    EXPECT_TRUE(d["goroutines"].is_number_unsigned());
    if (i > 0) {
      const json& p = ds[i - 1];
      if (!p["severity"].is_string() || !p["score"].is_number() || !d["score"].is_number())
        continue;
      int rp = SeverityRank(p["severity"]), rd = SeverityRank(d["severity"]);
      EXPECT_GE(rp, rd) << "not sorted by severity";
      if (rp == rd) {
        EXPECT_GE(p["score"].get<double>(), d["score"].get<double>()) << "not sorted by score";
      }
    }
  }
}

// The bucket whose innermost frame of the program's own code is the site.
const json* FindSite(const json& report, const json& site) {
  if (!report.contains("buckets")) return nullptr;
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

bool AtSite(const json& d, const json& site) {
  return d.contains("location") && d["location"].is_object() &&
         d["location"].value("file", "") == site["file"] &&
         d["location"].value("line", 0) == site["line"];
}

// The diagnosis `id` located at the site, or null.
const json* FindDiagnosis(const json& report, const std::string& id, const json& site) {
  if (!report.contains("diagnoses") || !report["diagnoses"].is_array()) return nullptr;
  for (const json& d : report["diagnoses"]) {
    if (d.value("id", "") == id && AtSite(d, site)) return &d;
  }
  return nullptr;
}

// `d` is at the site: file, line and function, the created-by line when
// `created_by` (and the site has one), the site's bucket among its
// bucket_ids and, when `count`, exactly the site's population.
void ExpectAt(const json& report, const json& d, const json& site, bool created_by, bool count) {
  SCOPED_TRACE("site " + site["site"].get<std::string>());
  ASSERT_TRUE(d["location"].is_object()) << d;
  EXPECT_EQ(d["location"]["file"], site["file"]) << d;
  EXPECT_EQ(d["location"]["line"], site["line"]) << d;
  EXPECT_EQ(d["location"]["function"], site["function"]) << d;
  if (created_by && site["created_by_line"].get<int>() == 0) {
    EXPECT_TRUE(d["created_by"].is_null()) << "the site has no go statement: " << d;
  } else if (created_by) {
    ASSERT_TRUE(d["created_by"].is_object()) << d;
    EXPECT_EQ(d["created_by"]["file"], site["created_by_file"]) << d;
    EXPECT_EQ(d["created_by"]["line"], site["created_by_line"]) << d;
    EXPECT_EQ(d["created_by"]["function"], site["created_by_function"]) << d;
  }
  if (const json* b = FindSite(report, site)) {
    bool listed = false;
    for (const json& id : d["bucket_ids"])
      listed |= id == (*b)["id"];
    EXPECT_TRUE(listed) << "bucket " << (*b)["id"] << " not in " << d["bucket_ids"];
  } else {
    ADD_FAILURE() << "no bucket at the site";
  }
  if (count) {
    EXPECT_EQ(d["goroutines"], site["count"]) << d;
  }
}

// The first diagnosis is `id` at `site` (see ExpectAt).
void ExpectFirst(const json& report, const std::string& id, const json& site, bool created_by,
                 bool count) {
  json ds = Diagnoses(report);
  ASSERT_FALSE(ds.empty()) << "no diagnosis; expected " << id << "\n" << DescribeBuckets(report);
  EXPECT_EQ(ds[0]["id"], id) << Describe(report);
  ExpectAt(report, ds[0], site, created_by, count);
}

// Healthy code: nothing of severity warning or error.
void ExpectNoWarnings(const json& report) {
  for (const json& d : Diagnoses(report)) {
    std::string sev = d.value("severity", "");
    EXPECT_TRUE(sev != "error" && sev != "warning") << Describe(report);
  }
}

bool HaveGo() {
  return !GoTool().empty();
}

// A leakshapes process serving pprof: started, "listening" read, and
// WaitReady() reads each "ready".
class Shape {
 public:
  Shape(const std::string& shape, const std::string& dir, std::vector<std::string> extra = {})
      : manifest_(dir + "/" + shape + ".manifest.json") {
    std::vector<std::string> argv{BuildGoProgram("leakshapes"), "-shape=" + shape, "-manifest",
                                  manifest_};
    argv.insert(argv.end(), extra.begin(), extra.end());
    p_ = std::make_unique<Process>(argv);
    std::string line = p_->WaitForLine("listening ", seconds(120));
    if (line.empty()) throw std::runtime_error("leakshapes did not listen: " + p_->Stderr());
    base_ = line.substr(std::string("listening ").size());
  }
  ~Shape() {
    if (p_) {
      p_->Signal(SIGTERM);
      p_->Wait(seconds(30));
    }
  }
  bool WaitReady() { return !p_->WaitForLine("ready", seconds(180)).empty(); }
  json Manifest() const { return json::parse(ReadFile(manifest_)); }
  const std::string& Base() const { return base_; }
  Process& Proc() { return *p_; }

 private:
  std::string manifest_, base_;
  std::unique_ptr<Process> p_;
};

std::string TestDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return WorkDir(std::string(info->test_suite_name()) + "." + info->name());
}

// Downloads a URL to a file with tests/go/fetch (gopit reads URLs itself;
// this keeps the exact bytes for multi-dump runs and failure analysis).
void Fetch(const std::string& url, const std::string& file) {
  Output o = RunCommand({BuildGoProgram("fetch"), url, file}, "", seconds(60));
  ASSERT_EQ(o.status, 0) << o.err;
}

// ---------------------------------------------------------------- DUMP002

TEST(LeakShapes, HandlerTimeoutLeakSuspectGrows) {
  if (!HaveGo()) GTEST_SKIP() << "no Go toolchain";
  std::string dir = TestDir();
  // 100 requests a step: every one the handler gives up on leaks a worker
  // (the manifest counts exactly those), comfortably past the default
  // suspect size even on a slow machine where a few workers win the race.
  Shape s("handler-timeout", dir, {"-requests", "100", "-grow-steps", "3"});
  std::vector<uint64_t> counts;
  std::vector<std::string> dumps;
  json site;
  for (int step = 1; step <= 3; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    if (step > 1) s.Proc().Signal(SIGUSR1);
    ASSERT_TRUE(s.WaitReady()) << s.Proc().Stderr();
    json m = s.Manifest();
    ASSERT_EQ(m["step"], step);
    ASSERT_EQ(m["sites"].size(), 1u);
    site = m["sites"][0];
    ASSERT_EQ(site["count"], m["step_counts"][step - 1]);
    ASSERT_GT(site["count"].get<int>(), 0);

    // A bare base URL: gopit fetches /debug/pprof/goroutine?debug=2.
    json r = StacksJson({s.Base()});
    ExpectWellFormed(r);
    ExpectFirst(r, "DUMP002", site, true, true);
    json ds = Diagnoses(r);
    if (!ds.empty() && ds[0]["id"] == "DUMP002") {
      EXPECT_TRUE(ds[0]["severity"] == "warning" || ds[0]["severity"] == "error") << ds[0];
      EXPECT_EQ(ds[0]["slug"], "leak-suspect");
      // The message names the blocking line and the go statement's line.
      std::string msg = ds[0]["message"];
      EXPECT_NE(msg.find("handler.go:" + std::to_string(site["line"].get<int>())),
                std::string::npos)
          << msg;
      EXPECT_NE(msg.find("handler.go:" + std::to_string(site["created_by_line"].get<int>())),
                std::string::npos)
          << msg;
      counts.push_back(ds[0]["goroutines"].get<uint64_t>());
    }
    dumps.push_back(dir + "/step" + std::to_string(step) + ".txt");
    Fetch(s.Base() + "/debug/pprof/goroutine?debug=2", dumps.back());
  }
  ASSERT_EQ(counts.size(), 3u);
  EXPECT_LT(counts[0], counts[1]);
  EXPECT_LT(counts[1], counts[2]);

  // debug=0 (profile.proto) has no states and no created-by lines, but its
  // stacks keep the runtime's frames (runtime.chansend1): the suspect is
  // still the worker's send.
  json d0 = StacksJson({s.Base() + "/debug/pprof/goroutine"});
  ExpectWellFormed(d0);
  ExpectFirst(d0, "DUMP002", site, false, true);
  // debug=1 prints no runtime frames either, so what the workers wait on is
  // unknown there; at least nothing may be called an error.
  json d1 = StacksJson({s.Base() + "/debug/pprof/goroutine?debug=1"});
  ExpectWellFormed(d1);
  for (const json& d : Diagnoses(d1))
    EXPECT_NE(d["severity"], "error") << Describe(d1);

  // The three dumps read together, in time order.
  json all = StacksJson(dumps);
  ExpectWellFormed(all);
  ASSERT_EQ(all["snapshots"].size(), 3u);
  json all_ds = Diagnoses(all);
  ASSERT_FALSE(all_ds.empty());
  // The growing leak is the top problem; whichever diagnosis says so must
  // point at the worker's send.
  EXPECT_TRUE(AtSite(all_ds[0], site)) << Describe(all);
  EXPECT_NE(FindDiagnosis(all, "DUMP002", site), nullptr) << Describe(all);
}

// The checked-in captures of the same program (scripts/capture-samples.sh).
TEST(LeakShapeSamples, HandlerTimeoutThreeMomentsAndAfterAMinute) {
  json m = json::parse(ReadFile(kData + "/leakshapes.handler-timeout.manifest.json"));
  ASSERT_EQ(m["step_counts"].size(), 3u);
  json site = m["sites"][0];
  std::vector<uint64_t> counts;
  for (int step = 1; step <= 3; ++step) {
    std::string f = kData + "/leakshapes.handler-timeout." + std::to_string(step) + ".txt";
    SCOPED_TRACE(f);
    json r = StacksJson({f});
    ExpectWellFormed(r);
    json want = site;
    want["count"] = m["step_counts"][step - 1];
    ExpectFirst(r, "DUMP002", want, true, true);
  }
  std::string waited = kData + "/leakshapes.handler-timeout.waited.txt";
  ASSERT_NE(ReadFile(waited).find("[chan send, 1 minutes]:"), std::string::npos);
  json r = StacksJson({waited});
  ExpectWellFormed(r);
  ExpectFirst(r, "DUMP002", site, true, true);
  const json* b = FindSite(r, site);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ((*b)["wait_minutes"]["min"], 1);
}

// A bucket too small to be a suspect by size is one by how long it waited:
// the runtime's real ", 1 minutes" must count, and its absence must not.
TEST(LeakShapeSamples, LongWaitComesFromTheRuntimesMinutes) {
  json m = json::parse(ReadFile(kData + "/leakshapes.handler-timeout.manifest.json"));
  json site = m["sites"][0];
  std::vector<std::string> strict{"--suspect-count", "100000", "--long-wait", "1"};

  auto args = strict;
  args.push_back(kData + "/leakshapes.handler-timeout.waited.txt");
  json waited = StacksJson(args);
  ExpectWellFormed(waited);
  const json* d = FindDiagnosis(waited, "DUMP002", site);
  ASSERT_NE(d, nullptr) << Describe(waited);
  ExpectAt(waited, *d, site, true, true);
  EXPECT_EQ(Diagnoses(waited)[0]["id"], "DUMP002") << Describe(waited);

  args = strict;
  args.push_back(kData + "/leakshapes.handler-timeout.3.txt");
  json fresh = StacksJson(args);
  EXPECT_EQ(FindDiagnosis(fresh, "DUMP002", site), nullptr) << Describe(fresh);
}

// ---------------------------------------------------------------- DUMP001

TEST(LeakShapes, NilChannelsBlockForever) {
  if (!HaveGo()) GTEST_SKIP() << "no Go toolchain";
  std::string dir = TestDir();
  Shape s("nil-chan", dir);
  ASSERT_TRUE(s.WaitReady()) << s.Proc().Stderr();
  json m = s.Manifest();
  ASSERT_EQ(m["sites"].size(), 2u);
  json r = StacksJson({s.Base()});
  ExpectWellFormed(r);
  json ds = Diagnoses(r);
  ASSERT_FALSE(ds.empty());
  EXPECT_EQ(ds[0]["id"], "DUMP001") << Describe(r);
  EXPECT_TRUE(AtSite(ds[0], m["sites"][0]) || AtSite(ds[0], m["sites"][1])) << Describe(r);
  for (const json& site : m["sites"]) {
    SCOPED_TRACE(site["site"].get<std::string>());
    const json* d = FindDiagnosis(r, "DUMP001", site);
    ASSERT_NE(d, nullptr) << Describe(r);
    EXPECT_EQ((*d)["severity"], "error");
    EXPECT_EQ((*d)["slug"], "blocked-forever");
    ExpectAt(r, *d, site, true, true);
  }
  // Both sites are errors; nothing may outrank them.
  ASSERT_GE(ds.size(), 2u);
  EXPECT_EQ(ds[1]["id"], "DUMP001") << Describe(r);
}

TEST(LeakShapes, SelectWithNoCasesBlocksForever) {
  if (!HaveGo()) GTEST_SKIP() << "no Go toolchain";
  std::string dir = TestDir();
  Shape s("select-nocases", dir);
  ASSERT_TRUE(s.WaitReady()) << s.Proc().Stderr();
  json site = s.Manifest()["sites"][0];
  json r = StacksJson({s.Base()});
  ExpectWellFormed(r);
  ExpectFirst(r, "DUMP001", site, true, true);
  if (!Diagnoses(r).empty()) {
    EXPECT_EQ(Diagnoses(r)[0]["severity"], "error");
    EXPECT_EQ(Diagnoses(r)[0]["slug"], "blocked-forever");
  }
  // select {} parks in runtime.block, a frame debug=0 keeps (debug=1 prints
  // no runtime frames, so it cannot tell select {} apart).
  SCOPED_TRACE("goroutine?debug=0");
  json d0 = StacksJson({s.Base() + "/debug/pprof/goroutine"});
  ExpectWellFormed(d0);
  ExpectFirst(d0, "DUMP001", site, false, true);
}

// ---------------------------------------------------------------- DUMP007

TEST(LeakShapes, AllGoroutinesAsleep) {
  if (!HaveGo()) GTEST_SKIP() << "no Go toolchain";
  std::string dir = TestDir();
  // With cgo in the binary the runtime does not detect the deadlock.
  std::string bin = BuildGoProgram("leakshapes", {"CGO_ENABLED=0"});
  std::string manifest = dir + "/all-asleep.manifest.json";
  Output o = RunCommand({bin, "-shape=all-asleep", "-manifest", manifest}, "", seconds(120));
  ASSERT_EQ(o.status, 2) << o.err;
  ASSERT_NE(o.err.find("fatal error: all goroutines are asleep - deadlock!"), std::string::npos)
      << o.err;
  WriteFile(dir + "/all-asleep.txt", o.err);
  json m = json::parse(ReadFile(manifest));

  json r = StacksJson({"-"}, o.err);
  ExpectWellFormed(r);
  json ds = Diagnoses(r);
  ASSERT_FALSE(ds.empty());
  const json& d = ds[0];
  EXPECT_EQ(d["id"], "DUMP007") << Describe(r);
  EXPECT_EQ(d["slug"], "global-deadlock");
  EXPECT_EQ(d["severity"], "error");
  // It points into the program, at one of its blocked goroutines, and
  // covers all of them.
  const json* at = nullptr;
  uint64_t total = 0;
  for (const json& site : m["sites"]) {
    if (AtSite(d, site)) at = &site;
    total += site["count"].get<uint64_t>();
  }
  ASSERT_NE(at, nullptr) << Describe(r);
  ExpectAt(r, d, *at, true, false);
  EXPECT_GE(d["goroutines"].get<uint64_t>(), total) << d;
  std::set<std::string> ids;
  for (const json& id : d["bucket_ids"])
    ids.insert(id.get<std::string>());
  for (const json& site : m["sites"]) {
    SCOPED_TRACE(site["site"].get<std::string>());
    const json* b = FindSite(r, site);
    ASSERT_NE(b, nullptr);
    EXPECT_TRUE(ids.contains((*b)["id"].get<std::string>())) << d;
  }
}

// The same program built with cgo: the runtime no longer notices the
// deadlock and the process just hangs. Its SIGQUIT dump has no "fatal
// error" line, but every goroutine of the program is blocked on a channel,
// a lock or a WaitGroup and none is in I/O, sleep, a syscall or running.
TEST(LeakShapes, AllAsleepHangsWithCgoAndSigquitShowsIt) {
  if (!HaveGo()) GTEST_SKIP() << "no Go toolchain";
  std::string dir = TestDir();
  std::string manifest = dir + "/all-asleep.manifest.json";
  for (std::string tb : {"", "all"}) {
    SCOPED_TRACE("GOTRACEBACK=" + tb);
    std::vector<std::string> env{"GOTRACEBACK=" + tb};
    Process p({BuildGoProgram("leakshapes"), "-shape=all-asleep", "-manifest", manifest}, env);
    ASSERT_FALSE(p.WaitForLine("ready", seconds(120)).empty()) << p.Stderr();
    // "ready" is the reporter goroutine's last act; let it return.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    p.Signal(SIGQUIT);
    p.Wait(seconds(60));
    ASSERT_NE(p.Stderr().find("SIGQUIT: quit"), std::string::npos) << p.Stderr();
    ASSERT_EQ(p.Stderr().find("fatal error: all goroutines are asleep"), std::string::npos)
        << "built with cgo, the runtime was expected not to detect the deadlock";
    WriteFile(dir + "/sigquit" + tb + ".txt", p.Stderr());
    json m = json::parse(ReadFile(manifest));

    json r = StacksJson({"-"}, p.Stderr());
    ExpectWellFormed(r);
    json ds = Diagnoses(r);
    ASSERT_FALSE(ds.empty()) << DescribeBuckets(r);
    EXPECT_EQ(ds[0]["id"], "DUMP007") << Describe(r);
    // Inferred from the states, not declared by the runtime: a warning,
    // since a channel fed by a timer looks the same in a dump.
    EXPECT_EQ(ds[0]["severity"], "warning") << Describe(r);
    const json* at = nullptr;
    for (const json& site : m["sites"]) {
      if (AtSite(ds[0], site)) at = &site;
    }
    ASSERT_NE(at, nullptr) << Describe(r);
    ExpectAt(r, ds[0], *at, true, false);
  }
}

// ---------------------------------------------------------------- DUMP000

TEST(LeakShapes, ProvenLeakFromTheLeakProfile) {
  std::string go = GoTool();
  if (go.empty()) GTEST_SKIP() << "no Go toolchain";
  Output v = RunCommand({go, "version"});
  if (v.out.find("go1.26") == std::string::npos && v.out.find("go1.27") == std::string::npos) {
    GTEST_SKIP() << "the goroutine-leak profile needs Go 1.26+: " << v.out;
  }
  std::string bin = BuildGoProgram("leakprof", {"GOEXPERIMENT=goroutineleakprofile"});
  std::string dir = TestDir();
  Process p({bin, "-manifest", dir + "/m.json"});
  std::string listen = p.WaitForLine("LISTEN ", seconds(120));
  ASSERT_FALSE(listen.empty()) << p.Stderr();
  ASSERT_FALSE(p.WaitForLine("READY", seconds(120)).empty());
  std::string base = listen.substr(7);
  json m = json::parse(ReadFile(dir + "/m.json"));

  // First the ordinary goroutine profile: it proves nothing. (Each read of
  // the leak profile moves the stuck goroutines to the leaked state for
  // good, so this must come before.)
  json plain = StacksJson({base});
  ExpectWellFormed(plain);
  for (const json& d : Diagnoses(plain))
    EXPECT_NE(d["id"], "DUMP000") << Describe(plain);

  for (std::string q : {"?debug=2", "?debug=1", "?debug=0"}) {
    SCOPED_TRACE("goroutineleak" + q);
    bool text2 = q == "?debug=2";
    json r = StacksJson({base + "/debug/pprof/goroutineleak" + q});
    ExpectWellFormed(r);
    json ds = Diagnoses(r);
    ASSERT_FALSE(ds.empty());
    EXPECT_EQ(ds[0]["id"], "DUMP000") << Describe(r);
    EXPECT_EQ(ds[0]["slug"], "proven-leak");
    EXPECT_EQ(ds[0]["severity"], "error");
    bool first_at_leaked = false;
    for (const json& site : m["sites"]) {
      SCOPED_TRACE(site["site"].get<std::string>());
      const json* d = FindDiagnosis(r, "DUMP000", site);
      if (!site.value("leaked", false)) {
        EXPECT_EQ(d, nullptr) << "reachable goroutines reported as proven leaks: " << Describe(r);
        continue;
      }
      first_at_leaked |= AtSite(ds[0], site);
      ASSERT_NE(d, nullptr) << Describe(r);
      EXPECT_EQ((*d)["severity"], "error");
      ExpectAt(r, *d, site, text2, true);
    }
    EXPECT_TRUE(first_at_leaked) << Describe(r);
  }
}

// ---------------------------------------------------------------- healthy

// Dumps of a healthy process at three moments, in every format, and the
// three text dumps read together: no warning, no error.
void ExpectHealthy(Shape& s, const std::string& dir) {
  std::vector<std::string> dumps;
  for (int i = 1; i <= 3; ++i) {
    SCOPED_TRACE("dump " + std::to_string(i));
    dumps.push_back(dir + "/dump" + std::to_string(i) + ".txt");
    Fetch(s.Base() + "/debug/pprof/goroutine?debug=2", dumps.back());
    json r = StacksJson({dumps.back()});
    ExpectWellFormed(r);
    ExpectNoWarnings(r);
    EXPECT_GT(r["total_goroutines"].get<int>(), 0);
  }
  for (std::string q : {"?debug=2", "?debug=1", ""}) {
    SCOPED_TRACE("goroutine" + q);
    json r = StacksJson({s.Base() + "/debug/pprof/goroutine" + q});
    ExpectWellFormed(r);
    ExpectNoWarnings(r);
  }
  json all = StacksJson(dumps);
  ASSERT_EQ(all["snapshots"].size(), 3u);
  ExpectWellFormed(all);
  ExpectNoWarnings(all);
}

TEST(LeakShapes, HealthyWorkerPool) {
  if (!HaveGo()) GTEST_SKIP() << "no Go toolchain";
  std::string dir = TestDir();
  Shape s("healthy-pool", dir);
  ASSERT_TRUE(s.WaitReady()) << s.Proc().Stderr();
  json m = s.Manifest();
  EXPECT_EQ(m["healthy"], true);
  EXPECT_EQ(m["sites"].size(), 4u);
  ExpectHealthy(s, dir);
}

// The pool with no listener at all, dumped by SIGQUIT: every goroutine of
// the program waits on a channel or a WaitGroup, yet it is working (the
// producer's ticker wakes it every 20 ms, and main waits for SIGTERM
// through os/signal). Not a deadlock. (The slow ticker makes it all but
// certain that the dump catches every goroutine parked, as it would in a
// mostly idle service.)
TEST(LeakShapes, HealthyWorkerPoolWithoutListenerSigquit) {
  if (!HaveGo()) GTEST_SKIP() << "no Go toolchain";
  std::string dir = TestDir();
  Process p({BuildGoProgram("leakshapes"), "-shape=healthy-pool", "-serve=false", "-interval",
             "20ms", "-manifest", dir + "/healthy-pool.manifest.json"},
            {"GOTRACEBACK=all"});
  ASSERT_FALSE(p.WaitForLine("ready", seconds(120)).empty()) << p.Stderr();
  // Let main, which just printed "ready", park again.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  p.Signal(SIGQUIT);
  p.Wait(seconds(60));
  ASSERT_NE(p.Stderr().find("SIGQUIT: quit"), std::string::npos) << p.Stderr();
  WriteFile(dir + "/sigquit.txt", p.Stderr());
  json r = StacksJson({"-"}, p.Stderr());
  ExpectWellFormed(r);
  ExpectNoWarnings(r);
}

TEST(LeakShapes, HealthyHttpServerUnderLoad) {
  if (!HaveGo()) GTEST_SKIP() << "no Go toolchain";
  std::string dir = TestDir();
  Shape s("healthy-http", dir);
  ASSERT_TRUE(s.WaitReady()) << s.Proc().Stderr();
  json m = s.Manifest();
  EXPECT_EQ(m["healthy"], true);
  EXPECT_EQ(m["sites"].size(), 1u);
  ExpectHealthy(s, dir);
}

}  // namespace
}  // namespace gopit::e2e
