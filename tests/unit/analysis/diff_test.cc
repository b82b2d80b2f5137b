// gopit diff's model on three real dumps of a leaking handler taken as the
// leak grew (tests/data/leakshapes.handler-timeout.{1,2,3}.txt): counts per
// snapshot, goroutines that never moved, and DUMP010 ranked first.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "analysis/diff.h"
#include "dump/reader.h"
#include "unit/test_data.h"

namespace gopit {
namespace {

using nlohmann::json;

struct Loaded {
  ReadResult read;
  std::vector<const Snapshot*> snaps;
};

void Load(Loaded& l, const std::vector<std::string>& names) {
  for (const std::string& n : names) {
    InputStatus st = ReadInput(std::string(GOPIT_TEST_DATA) + "/" + n, {}, l.read);
    ASSERT_TRUE(st.Ok()) << st.error;
  }
  for (const Snapshot& s : l.read.snapshots)
    l.snaps.push_back(&s);
}

const json& LeakSite() {
  static const json m = testing_data::Manifest("leakshapes.handler-timeout.manifest.json");
  return m["sites"][0];
}

TEST(Diff, GrowingLeakOverThreeDumps) {
  Loaded l;
  Load(l, {"leakshapes.handler-timeout.1.txt", "leakshapes.handler-timeout.2.txt",
           "leakshapes.handler-timeout.3.txt"});
  DiagnoseOptions opts;
  DiffReport r = BuildDiff(*l.read.symbols, l.snaps, {}, &opts);
  json m = testing_data::Manifest("leakshapes.handler-timeout.manifest.json");
  std::vector<uint64_t> expected = m["step_counts"].get<std::vector<uint64_t>>();

  ASSERT_FALSE(r.buckets.empty());
  const DiffBucket& top = r.buckets.front();  // most grown first
  EXPECT_EQ(top.counts, expected);
  EXPECT_EQ(top.change, static_cast<int64_t>(expected.back() - expected.front()));
  // The first batch's goroutines are still there in the last dump.
  EXPECT_EQ(top.persisted_ids.size(), expected.front());
  EXPECT_EQ(r.totals.size(), 3u);
  EXPECT_LT(r.totals[0], r.totals[2]);

  ASSERT_FALSE(r.diagnoses.empty());
  const Diagnosis& d = r.diagnoses.front();
  EXPECT_EQ(d.id, "DUMP010");
  EXPECT_EQ(d.severity, Severity::kError);  // a channel wait that tripled
  EXPECT_EQ(d.location.file, LeakSite()["file"].get<std::string>());
  EXPECT_EQ(d.location.line, LeakSite()["line"].get<int>());
  ASSERT_TRUE(d.created_by.has_value());
  EXPECT_EQ(d.created_by->line, LeakSite()["created_by_line"].get<int>());
  EXPECT_EQ(d.bucket_ids, std::vector<uint64_t>{top.bucket.fingerprint});
  EXPECT_EQ(d.goroutines, expected.back());
}

// A suspect that grew ranks higher than the same bucket seen once.
TEST(Diff, GrowthRaisesTheSuspectScore) {
  Loaded l;
  Load(l, {"leakshapes.handler-timeout.1.txt", "leakshapes.handler-timeout.2.txt",
           "leakshapes.handler-timeout.3.txt"});
  DiagnoseOptions opts;
  DiffReport r = BuildDiff(*l.read.symbols, l.snaps, {}, &opts);
  BucketOptions all;
  all.include_runtime = true;
  std::vector<const Snapshot*> last{l.snaps.back()};
  BucketReport once = BuildBuckets(*l.read.symbols, last, all);
  std::vector<Diagnosis> alone = Diagnose(DiagnosisInput{*l.read.symbols, once, last, opts});
  auto suspect = [](const std::vector<Diagnosis>& ds) {
    for (const Diagnosis& d : ds) {
      if (d.id == "DUMP002") return d.score;
    }
    return -1.0;
  };
  ASSERT_GT(suspect(alone), 0);
  EXPECT_NEAR(suspect(r.diagnoses), suspect(alone) * 3.0, 1e-9);  // 60 -> 180: x(1 + 2)
}

TEST(Diff, TwoSnapshotsShowChangeButNoGrowthDiagnosis) {
  Loaded l;
  Load(l, {"leakshapes.handler-timeout.1.txt", "leakshapes.handler-timeout.2.txt"});
  DiagnoseOptions opts;
  DiffReport r = BuildDiff(*l.read.symbols, l.snaps, {}, &opts);
  EXPECT_GT(r.buckets.front().change, 0);
  for (const Diagnosis& d : r.diagnoses)
    EXPECT_NE(d.id, "DUMP010");
}

TEST(Diff, ShrinkingIsNotGrowth) {
  Loaded l;
  Load(l, {"leakshapes.handler-timeout.3.txt", "leakshapes.handler-timeout.2.txt",
           "leakshapes.handler-timeout.1.txt"});
  DiagnoseOptions opts;
  DiffReport r = BuildDiff(*l.read.symbols, l.snaps, {}, &opts);
  for (const Diagnosis& d : r.diagnoses)
    EXPECT_NE(d.id, "DUMP010");
  EXPECT_LT(r.buckets.back().change, 0);  // most shrunk last
}

TEST(Diff, GrowthThresholdIsSettable) {
  Loaded l;
  Load(l, {"leakshapes.handler-timeout.1.txt", "leakshapes.handler-timeout.2.txt",
           "leakshapes.handler-timeout.3.txt"});
  DiagnoseOptions opts;
  opts.growth_min = 1000;
  DiffReport r = BuildDiff(*l.read.symbols, l.snaps, {}, &opts);
  for (const Diagnosis& d : r.diagnoses)
    EXPECT_NE(d.id, "DUMP010");
}

TEST(Diff, SameDumpTwiceChangesNothing) {
  Loaded l;
  Load(l, {"states.debug2.txt", "states.debug2.txt"});
  DiffReport r = BuildDiff(*l.read.symbols, l.snaps, {}, nullptr);
  EXPECT_FALSE(r.diagnosed);
  for (const DiffBucket& b : r.buckets) {
    EXPECT_EQ(b.change, 0);
    EXPECT_EQ(b.persisted_ids.size(), b.bucket.goroutine_ids.size());
  }
}

TEST(Diff, AcrossFormats) {
  // The same program in debug=2 and debug=1: buckets match by fingerprint.
  Loaded l;
  Load(l, {"states.debug2.txt", "states.debug1.txt"});
  DiffReport r = BuildDiff(*l.read.symbols, l.snaps, {}, nullptr);
  size_t matched = 0;
  for (const DiffBucket& b : r.buckets)
    matched += b.counts[0] > 0 && b.counts[1] > 0;
  EXPECT_GE(matched, 10u);
}

}  // namespace
}  // namespace gopit
