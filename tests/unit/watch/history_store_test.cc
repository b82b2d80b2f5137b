// The history store on real SQLite files in a temporary directory: what is
// recorded reads back field by field, ranges and targets filter, pruning
// keeps what is still needed, and a writer killed mid-transaction or a
// reader beside a writer never sees half a sample.
#include "watch/history_store.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <thread>

namespace gopit::watch {
namespace {

namespace fs = std::filesystem;

// Fingerprints with the top bit set read back negative from SQLite unless
// the store casts them back.
constexpr uint64_t kFpA = 0xfedcba9876543210ULL;
constexpr uint64_t kFpB = 0x0123456789abcdefULL;
constexpr uint64_t kFpC = 0x8000000000000001ULL;

class HistoryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "gopit-history-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string Path(const std::string& name = "history.db") const { return (dir_ / name).string(); }

  std::unique_ptr<HistoryStore> OpenOk(const std::string& path) {
    std::string error;
    std::unique_ptr<HistoryStore> s = HistoryStore::Open(path, &error);
    EXPECT_TRUE(s) << error;
    return s;
  }

  static WatchReport LoadOk(HistoryStore& s, UnixMs from = 0, UnixMs to = INT64_MAX,
                            const std::string& target = "", size_t top = 20) {
    std::string error;
    std::optional<WatchReport> r = s.Load(from, to, target, top, &error);
    EXPECT_TRUE(r) << error;
    return r.value_or(WatchReport{});
  }

  static SampleRecord Sample(const std::string& target, UnixMs t, uint64_t a, uint64_t b) {
    SampleRecord s;
    s.target = target;
    s.t_ms = t;
    s.latency_ms = 1.5;
    s.total = a + b;
    s.by_category = {{"channel", a}, {"select", b}};
    if (a) s.bucket_counts.emplace_back(kFpA, a);
    if (b) s.bucket_counts.emplace_back(kFpB, b);
    return s;
  }

  static void Record(HistoryStore& s, const SampleRecord& r) {
    std::string error;
    ASSERT_TRUE(s.RecordSample(r, &error)) << error;
  }

  fs::path dir_;
};

BucketInfo BucketA() {
  BucketInfo b;
  b.fingerprint = kFpA;
  b.category = "channel";
  b.state = "chan send";
  b.location = CodeLocation{"/src/app/handler.go", 45, "main.handle.func1"};
  b.created_by = CodeLocation{"/src/app/handler.go", 42, "main.handle"};
  b.stack = {"main.handle.func1 /src/app/handler.go:45", "created by main.handle"};
  return b;
}

Diagnosis Suspect(uint64_t fp) {
  Diagnosis d;
  d.id = "DUMP002";
  d.slug = "leak-suspect";
  d.severity = Severity::kError;
  d.message = "120 goroutines blocked in chan send at handler.go:45";
  d.score = 123.5;
  d.location = CodeLocation{"/src/app/handler.go", 45, "main.handle.func1"};
  d.created_by = CodeLocation{"/src/app/handler.go", 42, "main.handle"};
  d.bucket_ids = {fp};
  d.goroutines = 120;
  return d;
}

TEST_F(HistoryStoreTest, RoundTripsEveryField) {
  auto s = OpenOk(Path("deep/er/history.db"));  // parent directories are created
  ASSERT_TRUE(s);
  std::string error;
  ASSERT_TRUE(s->RecordTarget("api", "http://alice:s3cret@10.0.0.7:6060/debug/pprof", &error))
      << error;
  Record(*s, Sample("api", 1000, 10, 5));
  SampleRecord down;
  down.target = "api";
  down.t_ms = 2000;
  down.latency_ms = 5000;
  down.error = "connection refused";
  Record(*s, down);
  Record(*s, Sample("api", 3000, 30, 0));
  SampleRecord last = Sample("api", 4000, 60, 4);
  last.latency_ms = 2.25;
  last.by_category["lock"] = 7;
  Record(*s, last);

  BucketInfo b = BucketInfo{};
  b.fingerprint = kFpB;
  b.category = "select";
  b.location = CodeLocation{"/src/app/poll.go", 9, "main.poll"};
  ASSERT_TRUE(s->RecordBuckets("api", {BucketA(), b}, &error)) << error;

  Diagnosis old = Suspect(kFpB);
  ASSERT_TRUE(s->RecordDiagnoses("api", 2500, {old}, &error)) << error;
  Diagnosis growth;
  growth.id = "DUMP010";
  growth.slug = "growth";
  growth.message = "grew 10 -> 60";
  growth.bucket_ids = {kFpA, kFpC};
  ASSERT_TRUE(s->RecordDiagnoses("api", 4000, {Suspect(kFpA), growth}, &error)) << error;

  AlertEvent firing;
  firing.name = "LeakSuspect";
  firing.target = "api";
  firing.severity = "critical";
  firing.summary = "leak at handler.go:45";
  firing.description = "120 goroutines";
  firing.labels = {{"bucket", "fedcba9876543210"}, {"location", "handler.go:45"}};
  firing.starts_at_ms = 3000;
  ASSERT_TRUE(s->RecordAlert(firing, &error)) << error;
  AlertEvent resolved = firing;
  resolved.ends_at_ms = 3900;
  ASSERT_TRUE(s->RecordAlert(resolved, &error)) << error;  // the same alert, now resolved
  AlertEvent high;
  high.name = "GoroutinesHigh";
  high.target = "api";
  high.severity = "warning";
  high.starts_at_ms = 3500;
  ASSERT_TRUE(s->RecordAlert(high, &error)) << error;

  WatchReport r = LoadOk(*s);
  EXPECT_EQ(r.from_ms, 1000);
  EXPECT_EQ(r.to_ms, 4000);
  ASSERT_EQ(r.targets.size(), 1u);
  const TargetReport& t = r.targets[0];
  EXPECT_EQ(t.name, "api");
  EXPECT_EQ(t.url, "http://10.0.0.7:6060/debug/pprof");
  EXPECT_EQ(t.samples, 3u);
  EXPECT_EQ(t.errors, 1u);
  EXPECT_EQ(t.last_error, "connection refused");
  EXPECT_EQ(t.last_error_ms, 2000);
  EXPECT_TRUE(t.up);
  EXPECT_DOUBLE_EQ(t.last_latency_ms, 2.25);
  EXPECT_EQ(t.goroutines.first, 15u);
  EXPECT_EQ(t.goroutines.last, 64u);
  EXPECT_EQ(t.goroutines.max, 64u);
  EXPECT_EQ(t.by_category,
            (std::map<std::string, uint64_t>{{"channel", 60}, {"lock", 7}, {"select", 4}}));
  ASSERT_EQ(t.totals.size(), 3u);
  EXPECT_EQ(t.totals[0].t_ms, 1000);
  EXPECT_EQ(t.totals[0].value, 15u);
  EXPECT_EQ(t.totals[1].t_ms, 3000);
  EXPECT_EQ(t.totals[2].value, 64u);

  ASSERT_EQ(t.buckets.size(), 2u);
  const BucketTrend& a = t.buckets[0];  // the suspect
  EXPECT_TRUE(a.suspect);
  EXPECT_EQ(a.info.fingerprint, kFpA);
  EXPECT_EQ(a.info.category, "channel");
  EXPECT_EQ(a.info.state, "chan send");
  EXPECT_EQ(a.info.location.file, "/src/app/handler.go");
  EXPECT_EQ(a.info.location.line, 45);
  EXPECT_EQ(a.info.location.function, "main.handle.func1");
  ASSERT_TRUE(a.info.created_by);
  EXPECT_EQ(a.info.created_by->line, 42);
  EXPECT_EQ(a.info.created_by->function, "main.handle");
  EXPECT_EQ(a.info.stack, BucketA().stack);
  EXPECT_EQ(a.baseline, 10u);
  EXPECT_EQ(a.last, 60u);
  EXPECT_EQ(a.max, 60u);
  ASSERT_EQ(a.counts.size(), 3u);
  EXPECT_EQ(a.counts[1].t_ms, 3000);
  EXPECT_EQ(a.counts[1].value, 30u);
  const BucketTrend& bt = t.buckets[1];
  EXPECT_FALSE(bt.suspect);  // only an older diagnoses set named it
  EXPECT_EQ(bt.info.fingerprint, kFpB);
  EXPECT_FALSE(bt.info.created_by);
  EXPECT_EQ(bt.info.state, "");
  ASSERT_EQ(bt.counts.size(), 3u);
  EXPECT_EQ(bt.counts[1].value, 0u);  // absent from that sample
  EXPECT_EQ(bt.baseline, 5u);
  EXPECT_EQ(bt.last, 4u);
  EXPECT_EQ(bt.max, 5u);

  ASSERT_EQ(t.diagnoses.size(), 2u);  // the latest set only
  const Diagnosis& d = t.diagnoses[0];
  Diagnosis want = Suspect(kFpA);
  EXPECT_EQ(d.id, want.id);
  EXPECT_EQ(d.slug, want.slug);
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.message, want.message);
  EXPECT_DOUBLE_EQ(d.score, want.score);
  EXPECT_EQ(d.location.file, want.location.file);
  EXPECT_EQ(d.location.line, want.location.line);
  EXPECT_EQ(d.location.function, want.location.function);
  ASSERT_TRUE(d.created_by);
  EXPECT_EQ(d.created_by->line, 42);
  EXPECT_EQ(d.bucket_ids, want.bucket_ids);
  EXPECT_EQ(d.goroutines, 120u);
  EXPECT_EQ(t.diagnoses[1].id, "DUMP010");
  EXPECT_EQ(t.diagnoses[1].severity, Severity::kWarning);
  EXPECT_FALSE(t.diagnoses[1].created_by);
  EXPECT_EQ(t.diagnoses[1].bucket_ids, (std::vector<uint64_t>{kFpA, kFpC}));

  ASSERT_EQ(t.alerts.size(), 2u);
  EXPECT_EQ(t.alerts[0].name, "LeakSuspect");
  EXPECT_EQ(t.alerts[0].target, "api");
  EXPECT_EQ(t.alerts[0].severity, "critical");
  EXPECT_EQ(t.alerts[0].summary, "leak at handler.go:45");
  EXPECT_EQ(t.alerts[0].description, "120 goroutines");
  EXPECT_EQ(t.alerts[0].labels, firing.labels);
  EXPECT_EQ(t.alerts[0].starts_at_ms, 3000);
  EXPECT_EQ(t.alerts[0].ends_at_ms, 3900);
  EXPECT_EQ(t.alerts[1].name, "GoroutinesHigh");
  EXPECT_TRUE(t.alerts[1].Firing());
}

TEST_F(HistoryStoreTest, LatestSampleDownMeansNotUp) {
  auto s = OpenOk(Path());
  ASSERT_TRUE(s);
  Record(*s, Sample("api", 1000, 3, 0));
  SampleRecord down;
  down.target = "api";
  down.t_ms = 2000;
  down.error = "HTTP 503";
  Record(*s, down);
  WatchReport r = LoadOk(*s);
  ASSERT_EQ(r.targets.size(), 1u);
  EXPECT_FALSE(r.targets[0].up);
  EXPECT_EQ(r.targets[0].url, "");  // never recorded with RecordTarget
  EXPECT_EQ(r.targets[0].by_category.at("channel"), 3u);
}

TEST_F(HistoryStoreTest, RangeFiltersSamplesDiagnosesAndAlerts) {
  auto s = OpenOk(Path());
  ASSERT_TRUE(s);
  std::string error;
  for (int i = 1; i <= 10; ++i)
    Record(*s, Sample("api", i * 1000, static_cast<uint64_t>(i * 10), 1));
  ASSERT_TRUE(s->RecordDiagnoses("api", 2000, {Suspect(kFpA)}, &error)) << error;
  ASSERT_TRUE(s->RecordDiagnoses("api", 5000, {}, &error)) << error;  // nothing wrong then
  ASSERT_TRUE(s->RecordDiagnoses("api", 9000, {Suspect(kFpB)}, &error)) << error;
  AlertEvent early{"A", "api", "warning", "", "", {}, 500, 1500};
  AlertEvent across{"B", "api", "warning", "", "", {}, 2000, 4000};
  AlertEvent open{"C", "api", "warning", "", "", {}, 5500, 0};
  AlertEvent late{"D", "api", "warning", "", "", {}, 7000, 0};
  for (const AlertEvent& a : {early, across, open, late})
    ASSERT_TRUE(s->RecordAlert(a, &error)) << error;

  WatchReport r = LoadOk(*s, 3000, 6000);
  EXPECT_EQ(r.from_ms, 3000);
  EXPECT_EQ(r.to_ms, 6000);
  ASSERT_EQ(r.targets.size(), 1u);
  const TargetReport& t = r.targets[0];
  EXPECT_EQ(t.samples, 4u);
  EXPECT_EQ(t.goroutines.first, 31u);
  EXPECT_EQ(t.goroutines.last, 61u);
  ASSERT_FALSE(t.buckets.empty());
  EXPECT_EQ(t.buckets[0].info.fingerprint, kFpA);
  EXPECT_EQ(t.buckets[0].baseline, 30u);  // the first sample in range
  EXPECT_EQ(t.buckets[0].last, 60u);
  EXPECT_FALSE(t.buckets[0].suspect);
  EXPECT_TRUE(t.diagnoses.empty());  // the set at 5000 said nothing
  ASSERT_EQ(t.alerts.size(), 2u);
  EXPECT_EQ(t.alerts[0].name, "B");
  EXPECT_EQ(t.alerts[1].name, "C");

  WatchReport before = LoadOk(*s, 0, 2500);
  ASSERT_EQ(before.targets.size(), 1u);
  ASSERT_EQ(before.targets[0].diagnoses.size(), 1u);
  EXPECT_TRUE(before.targets[0].buckets[0].suspect);

  // Later: no samples, but the alerts that still fire.
  WatchReport later = LoadOk(*s, 100000, 200000);
  EXPECT_EQ(later.from_ms, 100000);
  EXPECT_EQ(later.to_ms, 200000);
  ASSERT_EQ(later.targets.size(), 1u);
  EXPECT_EQ(later.targets[0].samples, 0u);
  EXPECT_TRUE(later.targets[0].buckets.empty());
  ASSERT_EQ(later.targets[0].alerts.size(), 2u);
  EXPECT_EQ(later.targets[0].alerts[1].name, "D");

  // Before everything: nothing at all.
  EXPECT_TRUE(LoadOk(*s, 0, 400).targets.empty());
}

TEST_F(HistoryStoreTest, TargetFilter) {
  auto s = OpenOk(Path());
  ASSERT_TRUE(s);
  std::string error;
  ASSERT_TRUE(s->RecordTarget("api", "http://127.0.0.1:1", &error));
  ASSERT_TRUE(s->RecordTarget("db", "http://127.0.0.1:2", &error));
  ASSERT_TRUE(s->RecordTarget("idle", "http://127.0.0.1:3", &error));
  Record(*s, Sample("api", 1000, 1, 0));
  Record(*s, Sample("db", 1000, 2, 0));
  Record(*s, Sample("db", 2000, 3, 0));

  WatchReport all = LoadOk(*s);
  ASSERT_EQ(all.targets.size(), 2u);  // idle has nothing to report
  EXPECT_EQ(all.targets[0].name, "api");
  EXPECT_EQ(all.targets[1].name, "db");

  WatchReport db = LoadOk(*s, 0, INT64_MAX, "db");
  ASSERT_EQ(db.targets.size(), 1u);
  EXPECT_EQ(db.targets[0].samples, 2u);
  EXPECT_EQ(db.targets[0].url, "http://127.0.0.1:2");

  WatchReport idle = LoadOk(*s, 0, INT64_MAX, "idle");  // asked for by name: reported
  ASSERT_EQ(idle.targets.size(), 1u);
  EXPECT_EQ(idle.targets[0].samples, 0u);

  std::optional<WatchReport> missing = s->Load(0, INT64_MAX, "web", 20, &error);
  EXPECT_FALSE(missing);
  EXPECT_NE(error.find("no target named \"web\""), std::string::npos) << error;
  EXPECT_NE(error.find("api db idle"), std::string::npos) << error;
}

TEST_F(HistoryStoreTest, BucketsOrderedSuspectsGrowthThenSize) {
  auto s = OpenOk(Path());
  ASSERT_TRUE(s);
  std::string error;
  // fp 1: big and flat; fp 2: grows by 5; fp 3: grows by 50; fp 4: small, suspect.
  for (int i = 0; i < 3; ++i) {
    SampleRecord r;
    r.target = "api";
    r.t_ms = 1000 + i;
    r.bucket_counts = {{1, 500}, {2, 10 + 5ULL * (i == 2)}, {3, 1 + 50ULL * (i == 2)}, {4, 2}};
    r.total = 513;
    Record(*s, r);
  }
  ASSERT_TRUE(s->RecordDiagnoses("api", 1002, {Suspect(4)}, &error));
  WatchReport r = LoadOk(*s);
  ASSERT_EQ(r.targets.size(), 1u);
  std::vector<uint64_t> order;
  for (const BucketTrend& b : r.targets[0].buckets)
    order.push_back(b.info.fingerprint);
  EXPECT_EQ(order, (std::vector<uint64_t>{4, 3, 2, 1}));

  WatchReport top2 = LoadOk(*s, 0, INT64_MAX, "", 2);
  ASSERT_EQ(top2.targets[0].buckets.size(), 2u);
  EXPECT_EQ(top2.targets[0].buckets[1].info.fingerprint, 3u);
  EXPECT_EQ(top2.targets[0].buckets[1].info.category, "");  // never described
}

TEST_F(HistoryStoreTest, PruneKeepsWhatIsStillNeeded) {
  auto s = OpenOk(Path());
  ASSERT_TRUE(s);
  std::string error;
  BucketInfo gone = BucketA();
  gone.fingerprint = kFpC;
  ASSERT_TRUE(s->RecordBuckets("api", {gone}, &error));  // described with no sample: wall clock
  Record(*s, Sample("api", 1000, 1, 1));
  ASSERT_TRUE(s->RecordBuckets("api", {BucketA()}, &error));  // last seen at 1000
  Record(*s, Sample("api", 2000, 2, 0));
  Record(*s, Sample("api", 3000, 3, 0));
  ASSERT_TRUE(s->RecordDiagnoses("api", 1000, {Suspect(kFpA)}, &error));
  ASSERT_TRUE(s->RecordDiagnoses("api", 3000, {Suspect(kFpB)}, &error));
  ASSERT_TRUE(s->RecordAlert(AlertEvent{"Old", "api", "warning", "", "", {}, 100, 900}, &error));
  ASSERT_TRUE(s->RecordAlert(AlertEvent{"Open", "api", "warning", "", "", {}, 100, 0}, &error));

  ASSERT_TRUE(s->Prune(2500, &error)) << error;
  WatchReport r = LoadOk(*s);
  ASSERT_EQ(r.targets.size(), 1u);
  const TargetReport& t = r.targets[0];
  EXPECT_EQ(t.samples, 1u);
  ASSERT_EQ(t.totals.size(), 1u);
  EXPECT_EQ(t.totals[0].t_ms, 3000);
  ASSERT_EQ(t.buckets.size(), 1u);
  // Described at 1000, but still counted at 3000: the description stays.
  EXPECT_EQ(t.buckets[0].info.category, "channel");
  ASSERT_EQ(t.diagnoses.size(), 1u);
  EXPECT_EQ(t.diagnoses[0].bucket_ids[0], kFpB);
  ASSERT_EQ(t.alerts.size(), 1u);
  EXPECT_EQ(t.alerts[0].name, "Open");  // a firing alert is never pruned

  // Everything before the far future: the bucket rows go with the samples.
  ASSERT_TRUE(s->Prune(INT64_MAX, &error)) << error;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(Path().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT (SELECT count(*) FROM samples), (SELECT count(*) FROM "
                               "bucket_counts), (SELECT count(*) FROM buckets)",
                               -1, &st, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 0);
  EXPECT_EQ(sqlite3_column_int(st, 1), 0);
  EXPECT_EQ(sqlite3_column_int(st, 2), 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_F(HistoryStoreTest, ReopenKeepsEverything) {
  std::string error;
  {
    auto s = OpenOk(Path());
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->RecordTarget("api", "https://u:p@h:1/", &error));
    Record(*s, Sample("api", 1000, 4, 2));
    ASSERT_TRUE(s->RecordBuckets("api", {BucketA()}, &error));
  }
  auto s = OpenOk(Path());
  ASSERT_TRUE(s);
  Record(*s, Sample("api", 2000, 5, 2));
  WatchReport r = LoadOk(*s);
  ASSERT_EQ(r.targets.size(), 1u);
  EXPECT_EQ(r.targets[0].url, "https://h:1/");
  EXPECT_EQ(r.targets[0].samples, 2u);
  EXPECT_EQ(r.targets[0].buckets[0].info.state, "chan send");
  // A later description without a state keeps the state a full dump gave.
  BucketInfo again = BucketA();
  again.state = "";
  ASSERT_TRUE(s->RecordBuckets("api", {again}, &error));
  EXPECT_EQ(LoadOk(*s).targets[0].buckets[0].info.state, "chan send");
}

TEST_F(HistoryStoreTest, UrlsLoseOnlyTheirCredentials) {
  auto s = OpenOk(Path());
  ASSERT_TRUE(s);
  std::string error;
  const std::pair<std::string, std::string> cases[] = {
      {"http://user:pw@h:6060", "http://h:6060"},
      {"http://user@h:6060/x?a=b@c", "http://h:6060/x?a=b@c"},
      {"http://h:6060/debug/pprof/goroutine", "http://h:6060/debug/pprof/goroutine"},
      {"https://a:b@c@h/", "https://h/"},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    std::string name = "t" + std::to_string(i);
    ASSERT_TRUE(s->RecordTarget(name, cases[i].first, &error));
    Record(*s, Sample(name, 1000, 1, 0));
  }
  WatchReport r = LoadOk(*s);
  ASSERT_EQ(r.targets.size(), std::size(cases));
  for (size_t i = 0; i < std::size(cases); ++i)
    EXPECT_EQ(r.targets[i].url, cases[i].second) << cases[i].first;
}

TEST_F(HistoryStoreTest, RefusesWhatIsNotAHistory) {
  std::string error;
  {
    std::ofstream f(Path("notes.db"));
    f << "these are not the pages you are looking for\n" << std::string(5000, 'x');
  }
  EXPECT_FALSE(HistoryStore::Open(Path("notes.db"), &error));
  EXPECT_NE(error.find("not a SQLite database"), std::string::npos) << error;
  EXPECT_NE(error.find("notes.db"), std::string::npos) << error;

  // Another program's SQLite database is refused and left as it was.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(Path("other.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  error.clear();
  EXPECT_FALSE(HistoryStore::Open(Path("other.db"), &error));
  EXPECT_NE(error.find("not a gopit history"), std::string::npos) << error;
  ASSERT_EQ(sqlite3_open(Path("other.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "delete");
  sqlite3_finalize(st);
  sqlite3_close(db);

  // A history from a newer gopit.
  { OpenOk(Path("newer.db")); }
  ASSERT_EQ(sqlite3_open(Path("newer.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=7", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  error.clear();
  EXPECT_FALSE(HistoryStore::Open(Path("newer.db"), &error));
  EXPECT_NE(error.find("newer gopit (history schema 7"), std::string::npos) << error;

  // An empty file is a new database.
  { std::ofstream f(Path("empty.db")); }
  EXPECT_TRUE(OpenOk(Path("empty.db")));
}

TEST_F(HistoryStoreTest, TruncatedFileIsReportedDamaged) {
  {
    auto s = OpenOk(Path());
    ASSERT_TRUE(s);
    std::string error;
    ASSERT_TRUE(s->RecordBuckets("api", {BucketA()}, &error));
    for (int i = 0; i < 2000; ++i) {
      SampleRecord r = Sample("api", 1000 + i, 10, 3);
      for (uint64_t k = 0; k < 20; ++k)
        r.bucket_counts.emplace_back(100 + k, k);
      Record(*s, r);
    }
  }  // closing checkpoints the WAL into the file
  uintmax_t size = fs::file_size(Path());
  ASSERT_GT(size, 100000u);
  fs::resize_file(Path(), size / 2);

  std::string error;
  std::unique_ptr<HistoryStore> s = HistoryStore::Open(Path(), &error);
  if (s) {
    std::optional<WatchReport> r = s->Load(0, INT64_MAX, "", 20, &error);
    EXPECT_FALSE(r);
  }
  EXPECT_NE(error.find("damaged"), std::string::npos) << error;
  EXPECT_NE(error.find(Path()), std::string::npos) << error;
}

TEST_F(HistoryStoreTest, KilledWriterLosesNothingCommitted) {
  // Each round kills the writer at a different moment of its loop; every
  // sample it reported committed must be there, and the file must be whole.
  for (int round = 0; round < 3; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    uint32_t base = static_cast<uint32_t>(round) * 1000000;
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      std::string error;
      std::unique_ptr<HistoryStore> s = HistoryStore::Open(Path(), &error);
      if (!s) _exit(3);
      for (uint32_t i = 0; i < 200000; ++i) {
        SampleRecord r;
        r.target = "api";
        r.t_ms = base + i;
        r.total = base + i;
        // Many rows per sample, so that a kill lands inside a transaction.
        for (uint64_t k = 0; k < 200; ++k)
          r.bucket_counts.emplace_back(k, i);
        if (!s->RecordSample(r, &error)) _exit(4);
        uint32_t v = base + i;
        if (write(fds[1], &v, sizeof v) != sizeof v) _exit(5);
      }
      _exit(0);
    }
    close(fds[1]);
    struct Reaper {
      pid_t pid;
      ~Reaper() {
        if (pid > 0) {
          kill(pid, SIGKILL);
          waitpid(pid, nullptr, 0);
        }
      }
    } reaper{pid};

    std::set<uint32_t> committed;
    auto read_some = [&](int timeout_ms) {
      pollfd p{fds[0], POLLIN, 0};
      if (poll(&p, 1, timeout_ms) <= 0) return false;
      uint32_t buf[256];
      ssize_t n = read(fds[0], buf, sizeof buf);
      if (n <= 0) return false;
      for (ssize_t k = 0; k < n / static_cast<ssize_t>(sizeof(uint32_t)); ++k)
        committed.insert(buf[k]);
      return true;
    };
    size_t want = 20 + static_cast<size_t>(round) * 37;
    while (committed.size() < want)
      ASSERT_TRUE(read_some(30000)) << "the writer stopped after " << committed.size();
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    reaper.pid = -1;
    ASSERT_TRUE(WIFSIGNALED(status)) << status;
    while (read_some(1000)) {
    }
    close(fds[0]);

    std::unique_ptr<HistoryStore> s = OpenOk(Path());
    ASSERT_TRUE(s);
    WatchReport r = LoadOk(*s, base, base + 999999, "api", 0);
    ASSERT_EQ(r.targets.size(), 1u);
    std::set<uint32_t> stored;
    for (const TimePoint& p : r.targets[0].totals)
      stored.insert(static_cast<uint32_t>(p.value));
    for (uint32_t v : committed)
      EXPECT_TRUE(stored.count(v)) << "sample " << v << " was reported committed";
    // At most the one sample between its commit and its report is extra.
    EXPECT_LE(stored.size(), committed.size() + 1);
    // Every stored sample is whole: all its 200 bucket rows are there.
    ASSERT_EQ(r.targets[0].buckets.size(), 200u);
    for (const BucketTrend& b : r.targets[0].buckets) {
      ASSERT_EQ(b.counts.size(), stored.size());
      for (size_t k = 0; k < b.counts.size(); ++k)
        ASSERT_EQ(b.counts[k].value, r.targets[0].totals[k].value - base);
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(Path().c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
    sqlite3_finalize(st);
    sqlite3_close(db);
  }
}

TEST_F(HistoryStoreTest, ReaderBesideAWriterSeesWholeSamples) {
  auto writer = OpenOk(Path());
  auto reader = OpenOk(Path());
  ASSERT_TRUE(writer && reader);
  constexpr uint64_t kSamples = 1500;
  std::atomic<bool> done{false};
  std::string write_error;
  std::thread w([&] {
    for (uint64_t i = 1; i <= kSamples; ++i) {
      SampleRecord r;
      r.target = "api";
      r.t_ms = static_cast<UnixMs>(i);
      r.total = 3 * i;
      r.bucket_counts = {{kFpA, i}, {kFpB, 2 * i}};
      if (!writer->RecordSample(r, &write_error)) break;
    }
    done = true;
  });
  uint64_t seen = 0;
  int loads = 0;
  bool ok = true;
  // Bounded by the writer finishing; each load is checked whole.
  while (ok) {
    bool finished = done.load();
    std::string error;
    std::optional<WatchReport> r = reader->Load(0, INT64_MAX, "", 20, &error);
    ++loads;
    if (!r) {
      ADD_FAILURE() << error;
      break;
    }
    if (!r->targets.empty()) {
      const TargetReport& t = r->targets[0];
      EXPECT_GE(t.samples, seen);
      seen = t.samples;
      EXPECT_EQ(t.totals.size(), t.samples);
      for (const BucketTrend& b : t.buckets) {
        uint64_t mul = b.info.fingerprint == kFpA ? 1 : 2;
        for (size_t k = 0; k < b.counts.size(); ++k) {
          if (b.counts[k].value * 3 != t.totals[k].value * mul) {
            ok = false;
            ADD_FAILURE() << "sample " << k << " read half written";
            break;
          }
        }
      }
    }
    if (finished) break;
  }
  w.join();
  EXPECT_TRUE(write_error.empty()) << write_error;
  EXPECT_EQ(seen, kSamples);
  EXPECT_GT(loads, 1);
}

// Load speed on a long history: 20,000 samples of 20 buckets by default;
// GOPIT_HISTORY_SAMPLES=100000 measures more. Prints, never asserts, times.
TEST_F(HistoryStoreTest, LongHistoryLoadsWhole) {
  size_t n = 20000;
  if (const char* e = getenv("GOPIT_HISTORY_SAMPLES")) n = std::strtoull(e, nullptr, 10);
  auto s = OpenOk(Path());
  ASSERT_TRUE(s);
  std::string error;
  auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < n; ++i) {
    SampleRecord r;
    r.target = i % 2 ? "api" : "db";
    r.t_ms = static_cast<UnixMs>(i);
    r.total = 100 + i;
    r.by_category = {{"channel", i}, {"select", 100}};
    for (uint64_t k = 0; k < 20; ++k)
      r.bucket_counts.emplace_back(k * 0x9e3779b97f4a7c15ULL, k == 0 ? i : 5);
    ASSERT_TRUE(s->RecordSample(r, &error)) << error;
  }
  auto t1 = std::chrono::steady_clock::now();
  WatchReport r = LoadOk(*s);
  auto t2 = std::chrono::steady_clock::now();
  ASSERT_EQ(r.targets.size(), 2u);
  EXPECT_EQ(r.targets[0].samples + r.targets[1].samples, n);
  EXPECT_EQ(r.targets[0].buckets.size(), 20u);
  EXPECT_EQ(r.targets[0].buckets[0].info.fingerprint, 0u);  // the one that grows
  EXPECT_EQ(r.targets[0].buckets[0].counts.size(), r.targets[0].samples);
  using ms = std::chrono::duration<double, std::milli>;
  std::cout << "[ history  ] " << n << " samples x 20 buckets: RecordSample "
            << ms(t1 - t0).count() * 1000 / static_cast<double>(n) << " us each, Load "
            << ms(t2 - t1).count() << " ms\n";
}

TEST(DefaultHistoryPath, FollowsXdgStateHome) {
  std::string old_state = getenv("XDG_STATE_HOME") ? getenv("XDG_STATE_HOME") : "";
  std::string old_home = getenv("HOME") ? getenv("HOME") : "";
  setenv("XDG_STATE_HOME", "/var/lib/me", 1);
  EXPECT_EQ(DefaultHistoryPath(), "/var/lib/me/gopit/history.db");
  setenv("XDG_STATE_HOME", "relative/ignored", 1);
  setenv("HOME", "/home/me", 1);
  EXPECT_EQ(DefaultHistoryPath(), "/home/me/.local/state/gopit/history.db");
  unsetenv("XDG_STATE_HOME");
  EXPECT_EQ(DefaultHistoryPath(), "/home/me/.local/state/gopit/history.db");
  if (!old_state.empty()) setenv("XDG_STATE_HOME", old_state.c_str(), 1);
  setenv("HOME", old_home.c_str(), 1);
}

}  // namespace
}  // namespace gopit::watch
