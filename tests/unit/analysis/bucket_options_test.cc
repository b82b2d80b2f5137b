// Grouping options on a real dump: exact arguments split buckets that the
// default merges, and a shorter frame prefix merges buckets.
#include <gtest/gtest.h>

#include "analysis/buckets.h"
#include "dump/reader.h"

#include <set>

namespace gopit {
namespace {

BucketReport Read(const char* name, bool keep_args, BucketOptions opts, ReadResult& r) {
  ReadOptions ro;
  ro.parse.keep_args = keep_args;
  EXPECT_TRUE(ReadInput(std::string(GOPIT_TEST_DATA) + "/" + name, ro, r).Ok());
  std::vector<const Snapshot*> snaps;
  for (const Snapshot& s : r.snapshots)
    snaps.push_back(&s);
  return BuildBuckets(*r.symbols, snaps, opts);
}

TEST(BucketOptions, ExactArgsSplitsAndTopFramesMerges) {
  ReadResult r1, r2, r3;
  BucketReport loose = Read("states.debug2.txt", false, {}, r1);
  BucketOptions exact;
  exact.similarity = Similarity::kExactArgs;
  BucketReport strict = Read("states.debug2.txt", true, exact, r2);
  BucketOptions top;
  top.top_frames = 1;
  BucketReport shallow = Read("states.debug2.txt", false, top, r3);

  EXPECT_EQ(loose.total, strict.total);
  EXPECT_EQ(loose.total, shallow.total);
  // The readers of distinct connections, the RWMutex writers on distinct
  // mutexes and the labelled workers differ in their arguments.
  EXPECT_GT(strict.buckets.size(), loose.buckets.size());
  // internal/poll.runtime_pollWait tops both IO waits (listener and conns).
  EXPECT_LT(shallow.buckets.size(), loose.buckets.size());
  for (const Bucket& b : shallow.buckets)
    EXPECT_EQ(b.frames.size(), 1u);
  // Args are kept and shown in exact mode only.
  bool any_args = false;
  for (const Bucket& b : strict.buckets) {
    for (FrameId f : b.frames)
      any_args |= r2.symbols->GetFrame(f).args != kNoStr;
  }
  EXPECT_TRUE(any_args);
}

// Hiding runtime goroutines after bucketing them gives what bucketing
// without them gives, on every real sample format.
TEST(BucketOptions, HideRuntimeEqualsBucketingWithoutIt) {
  size_t samples_with_runtime_goroutines = 0;
  for (const char* name : {"states.debug2.txt", "states.debug1.txt", "states.debug0.pb.gz",
                           "states.sigquit-system.txt", "states.sigquit-crash.txt", "two-dumps.txt",
                           "leakprof.debug2.txt"}) {
    SCOPED_TRACE(name);
    ReadResult r;
    BucketReport hidden = Read(name, false, {}, r);
    BucketOptions all;
    all.include_runtime = true;
    ReadResult r2;
    BucketReport everything = Read(name, false, all, r2);
    BucketReport derived = HideRuntime(everything);
    samples_with_runtime_goroutines += everything.buckets.size() > derived.buckets.size();
    EXPECT_EQ(derived.total, hidden.total);
    EXPECT_EQ(derived.hidden, hidden.hidden);
    ASSERT_EQ(derived.buckets.size(), hidden.buckets.size());
    for (size_t i = 0; i < derived.buckets.size(); ++i) {
      EXPECT_EQ(derived.buckets[i].fingerprint, hidden.buckets[i].fingerprint);
      EXPECT_EQ(derived.buckets[i].count, hidden.buckets[i].count);
      EXPECT_EQ(derived.buckets[i].category, hidden.buckets[i].category);
    }
  }
  // debug=2 leaves runtime goroutines out itself; SIGQUIT with
  // GOTRACEBACK=system and the profiles list them.
  EXPECT_GE(samples_with_runtime_goroutines, 2u);
}

TEST(BucketOptions, IdsAreStableAcrossRuns) {
  ReadResult a, b;
  BucketReport x = Read("states.debug2.txt", false, {}, a);
  BucketReport y = Read("states.debug2.txt", false, {}, b);
  ASSERT_EQ(x.buckets.size(), y.buckets.size());
  for (size_t i = 0; i < x.buckets.size(); ++i) {
    EXPECT_EQ(x.buckets[i].fingerprint, y.buckets[i].fingerprint);
  }
  // And unique within a report.
  std::set<uint64_t> ids;
  for (const Bucket& bk : x.buckets)
    EXPECT_TRUE(ids.insert(bk.fingerprint).second);
}

}  // namespace
}  // namespace gopit
