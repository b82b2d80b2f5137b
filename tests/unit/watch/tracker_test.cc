// The differential sampling of TargetTracker on real dumps: three debug=2
// dumps of tests/go/leakshapes taken as its handler leaked a worker per
// timed-out request (60, 120, 180 workers, the same goroutines carried
// over), and a healthy program's dump that does not change.
#include "watch/tracker.h"

#include <gtest/gtest.h>

#include "dump/reader.h"
#include "unit/test_data.h"

namespace gopit::watch {
namespace {

using testing_data::Data;
using testing_data::Manifest;

ReadResult Parse(const std::string& name) {
  ReadResult r;
  ReadOptions o;
  o.threads = 1;
  EXPECT_TRUE(ParseBytes(Data(name), name, o, r).Ok()) << name;
  return r;
}

WatchSettings Fast() {
  WatchSettings s;
  s.suspect_samples = 2;
  s.suspect_min_ms = 1000;
  s.full_dump_min_interval_ms = 1000;
  return s;
}

Target Svc() {
  Target t;
  t.name = "svc";
  t.url = "http://127.0.0.1:1";
  return t;
}

const Diagnosis* Find(const TargetReport& r, const std::string& id) {
  for (const Diagnosis& d : r.diagnoses) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

TEST(TargetTracker, GrowingBucketWithTheSameGoroutinesIsASuspectAtTheLeakLine) {
  ReadResult d1 = Parse("leakshapes.handler-timeout.1.txt");
  ReadResult d2 = Parse("leakshapes.handler-timeout.2.txt");
  ReadResult d3 = Parse("leakshapes.handler-timeout.3.txt");
  nlohmann::json site = Manifest("leakshapes.handler-timeout.manifest.json")["sites"][0];
  TargetTracker t(Svc(), Fast());

  t.AddSample(0, 1, d1);
  EXPECT_FALSE(t.WantsFullDump(0)) << "nothing needs evidence yet: no dump, it would stop the target";
  t.AddFullDump(0, d1);
  t.AddSample(1000, 1, d2);
  EXPECT_FALSE(t.WantsFullDump(1000)) << "one sample above the baseline is not a candidate yet";
  t.AddSample(2000, 1, d2);
  ASSERT_TRUE(t.WantsFullDump(2000)) << "a candidate waiting on a channel needs evidence";
  t.AddFullDump(2000, d2);
  EXPECT_EQ(Find(t.Report(), "DUMP002"), nullptr)
      << "one dump of the new goroutines proves nothing";
  t.AddSample(2500, 1, d3);
  EXPECT_FALSE(t.WantsFullDump(2500)) << "rate limit: not within 1 s of the last";
  ASSERT_TRUE(t.WantsFullDump(4000));
  t.AddFullDump(4000, d3);

  TargetReport r = t.Report();
  ASSERT_FALSE(r.diagnoses.empty());
  const Diagnosis& top = r.diagnoses.front();
  EXPECT_EQ(top.id, "DUMP002");
  EXPECT_EQ(top.location.file, site["file"]);
  EXPECT_EQ(top.location.line, site["line"]);
  ASSERT_TRUE(top.created_by.has_value());
  EXPECT_EQ(top.created_by->line, site["created_by_line"]);
  EXPECT_EQ(top.goroutines, 180u);
  EXPECT_NE(top.message.find("60 when watch started, +120"), std::string::npos) << top.message;
  ASSERT_FALSE(r.buckets.empty());
  EXPECT_TRUE(r.buckets.front().suspect);
  EXPECT_EQ(r.buckets.front().info.state, "chan send");
  EXPECT_EQ(r.buckets.front().baseline, 60u);
  EXPECT_EQ(r.buckets.front().last, 180u);
  ASSERT_EQ(r.buckets.front().counts.size(), 4u);
  EXPECT_EQ(r.buckets.front().counts[1].value, 120u);
  EXPECT_EQ(r.samples, 4u);
  EXPECT_EQ(r.full_dumps, 3u);
  EXPECT_EQ(r.goroutines.first, d1.snapshots[0].TotalGoroutines());
  EXPECT_EQ(r.goroutines.last, d3.snapshots[0].TotalGoroutines());
  EXPECT_GT(r.by_category.at("channel"), 0u);

  EXPECT_NE(Find(r, "DUMP010"), nullptr) << "60 -> 120 -> 180 is growth";
}

TEST(TargetTracker, PersistingGoroutinesOfTheBaselineAreNoEvidence) {
  // Full dumps at the first and the last moment: the goroutines present in
  // both are the 60 of the baseline, so the 120 new ones were never seen
  // twice.
  ReadResult d1 = Parse("leakshapes.handler-timeout.1.txt");
  ReadResult d3 = Parse("leakshapes.handler-timeout.3.txt");
  TargetTracker t(Svc(), Fast());
  t.AddSample(0, 1, d1);
  t.AddFullDump(0, d1);
  t.AddSample(1000, 1, d3);
  t.AddSample(2000, 1, d3);
  ASSERT_TRUE(t.WantsFullDump(2000));
  t.AddFullDump(2000, d3);
  EXPECT_EQ(Find(t.Report(), "DUMP002"), nullptr);
}

TEST(TargetTracker, UnchangingProgramHasNoCandidateAndNoSuspect) {
  ReadResult d = Parse("states.debug2.txt");
  TargetTracker t(Svc(), Fast());
  for (int i = 0; i < 10; ++i) {
    t.AddSample(i * 500, 1, d);
    if (t.WantsFullDump(i * 500)) t.AddFullDump(i * 500, d);
  }
  TargetReport r = t.Report();
  EXPECT_EQ(r.full_dumps, 0u) << "nothing grew: no full dump needed";
  for (const Diagnosis& x : r.diagnoses) {
    EXPECT_NE(x.id, "DUMP002") << x.message;
    EXPECT_NE(x.id, "DUMP010") << x.message;
  }
  for (const BucketTrend& b : r.buckets)
    EXPECT_FALSE(b.suspect);
}

TEST(TargetTracker, ErrorsBackOffAndCountAndASampleResets) {
  WatchSettings s = Fast();
  s.interval_ms = 500;
  s.max_backoff_ms = 3000;
  TargetTracker t(Svc(), s);
  EXPECT_EQ(t.NextIntervalMs(), 500);
  t.AddError(0, 1, "connection refused");
  EXPECT_EQ(t.NextIntervalMs(), 500);
  t.AddError(500, 1, "connection refused");
  EXPECT_EQ(t.NextIntervalMs(), 1000);
  t.AddError(1500, 1, "connection refused");
  t.AddError(3500, 1, "connection refused");
  t.AddError(7500, 1, "connection refused");
  EXPECT_EQ(t.NextIntervalMs(), 3000) << "capped at max_backoff";
  EXPECT_EQ(t.consecutive_errors(), 5u);
  TargetReport r = t.Report();
  EXPECT_EQ(r.errors, 5u);
  EXPECT_FALSE(r.up);
  EXPECT_EQ(r.last_error, "connection refused");
  t.AddSample(8000, 1, Parse("states.debug1.txt"));
  EXPECT_EQ(t.consecutive_errors(), 0u);
  EXPECT_EQ(t.NextIntervalMs(), 500);
  EXPECT_TRUE(t.Report().up);
}

TEST(TargetTracker, WithTheIndexPageProfilesComeOnlyAsOftenAsTheDutyAllows) {
  WatchSettings s = Fast();
  s.interval_ms = 500;
  s.max_duty = 0.01;
  TargetTracker t(Svc(), s);
  t.SetIndexAvailable(true);
  EXPECT_TRUE(t.WantsBucketSample(0)) << "the first tick reads the profile";
  t.AddSample(0, 300, Parse("states.debug1.txt"));
  t.NoteProfileCost(300);  // a target with 100,000 goroutines
  EXPECT_FALSE(t.WantsBucketSample(500)) << "300 ms at 1%: not again within 30 s";
  t.AddTotal(500, 1, 100000);
  EXPECT_EQ(t.NextIntervalMs(), 1000) << "ticks stay fast (the slow interval above 5,000)";
  EXPECT_FALSE(t.WantsBucketSample(29999));
  EXPECT_TRUE(t.WantsBucketSample(30000));
  TargetReport r = t.Report();
  EXPECT_EQ(r.samples, 1u) << "a count from the index page is not a sample";
  EXPECT_EQ(r.goroutines.last, 100000u);
  EXPECT_EQ(r.totals.back().value, 100000u);

  TargetTracker bare(Svc(), s);  // a mux without the index page
  bare.SetIndexAvailable(false);
  bare.AddSample(0, 300, Parse("states.debug1.txt"));
  bare.NoteProfileCost(300);
  EXPECT_TRUE(bare.WantsBucketSample(500)) << "every tick is a profile";
  EXPECT_EQ(bare.NextIntervalMs(), 30000) << "so the ticks slow down instead";
}

TEST(TargetTracker, DebugOneCountsAndDebugTwoDumpsShareBucketIds) {
  // The same program in both formats: every bucket of the cheap profile is
  // described by the full dump (same fingerprint), so it gets a state.
  TargetTracker t(Svc(), Fast());
  t.AddSample(0, 1, Parse("states.debug1.txt"));
  t.AddFullDump(0, Parse("states.debug2.txt"));
  size_t with_state = 0;
  for (const BucketTrend& b : t.Report().buckets)
    with_state += !b.info.state.empty();
  EXPECT_GE(with_state, t.Report().buckets.size() / 2) << "most cheap buckets matched a full one";
}

TEST(TargetTracker, LeakProfileProvesLeaksAndAMissingOneIsNotAskedAgain) {
  WatchSettings s = Fast();
  s.leak_profile_interval_ms = 1000;
  TargetTracker t(Svc(), s);
  EXPECT_FALSE(t.WantsLeakProfile(0)) << "not before the target answered";
  t.AddSample(0, 1, Parse("leakprof.debug1.txt"));
  ASSERT_TRUE(t.WantsLeakProfile(0));
  ReadResult leak = Parse("leakprof.debug1.txt");
  t.AddLeakProfile(0, &leak, true);
  EXPECT_FALSE(t.WantsLeakProfile(500));
  EXPECT_TRUE(t.WantsLeakProfile(1000));
  TargetReport report = t.Report();  // Find points into it
  const Diagnosis* d = Find(report, "DUMP000");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->severity, Severity::kError);
  EXPECT_EQ(t.Report().leak_profile_reads, 1u);

  TargetTracker old(Svc(), s);
  old.AddSample(0, 1, Parse("states.debug1.txt"));
  old.AddLeakProfile(0, nullptr, false);
  EXPECT_FALSE(old.WantsLeakProfile(100000)) << "a 404 means this Go has none";
}

}  // namespace
}  // namespace gopit::watch
