// debug=1 profiles leave out the runtime frames that name a channel or
// select wait. One tests/go/states process per release (Go 1.26, 1.27) was
// read as debug=1, debug=0 and debug=2 (tests/data/formats/go1.NN.profile.*);
// the category each site waits in was written from the program's source
// (profile.categories.json) before gopit read them.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "analysis/buckets.h"
#include "dump/hidden_frames.h"
#include "dump/reader.h"
#include "unit/test_data.h"

namespace gopit {
namespace {

using nlohmann::json;

std::string DataPath(const std::string& name) {
  return std::string(GOPIT_TEST_DATA) + "/formats/" + name;
}

json ReadJson(const std::string& name) {
  std::ifstream in(DataPath(name));
  return json::parse(in);
}

struct Read {
  ReadResult read;
  std::vector<size_t> namers;
  BucketReport buckets;
};

// Reads `inputs` into one run, names hidden frames, and buckets every
// snapshot, as `gopit stacks` does.
Read Load(const std::vector<std::string>& inputs) {
  Read r;
  for (const std::string& in : inputs) {
    InputStatus st = ReadInput(DataPath(in), {}, r.read);
    EXPECT_TRUE(st.Ok()) << st.error;
  }
  r.namers = ResolveHiddenFrames(r.read);
  std::vector<const Snapshot*> snaps;
  for (const Snapshot& s : r.read.snapshots)
    snaps.push_back(&s);
  r.buckets = BuildBuckets(*r.read.symbols, snaps, {});
  return r;
}

// The category of the bucket whose innermost program frame is the site.
std::string SiteCategory(const Read& r, const json& site) {
  const Symbols& sym = *r.read.symbols;
  for (const Bucket& b : r.buckets.buckets) {
    for (FrameId id : b.frames) {
      const Frame& f = sym.GetFrame(id);
      if (!sym.Str(f.function).starts_with("main.")) continue;
      if (sym.Str(f.function) == site["function"].get<std::string>() &&
          f.line == site["line"].get<int>()) {
        return CategoryName(b.category);
      }
      break;
    }
  }
  return "no bucket";
}

class HiddenFrames : public ::testing::TestWithParam<std::string> {};

TEST_P(HiddenFrames, Debug1AloneSaysUnknownNotOther) {
  std::string v = GetParam();
  Read r = Load({v + ".profile.debug1.txt"});
  json cats = ReadJson("profile.categories.json")["sites"];
  // Kept in a local: the loop must not run over a temporary's member.
  const json manifest = ReadJson(v + ".profile.manifest.json");
  for (const json& site : manifest["sites"]) {
    std::string want = cats[site["site"].get<std::string>()];
    SCOPED_TRACE(site["site"].get<std::string>());
    // Locks, wait groups, conds, sleeps, I/O and syscalls show in frames
    // debug=1 prints (sync.(*Mutex).Lock, time.Sleep, internal/poll);
    // channel and select waits happen in runtime frames only.
    bool runtime_only = want == "channel" || want == "select";
    EXPECT_EQ(SiteCategory(r, site), runtime_only ? "unknown" : want);
  }
}

TEST_P(HiddenFrames, Debug0OfTheSameProcessNamesEveryWait) {
  std::string v = GetParam();
  Read r = Load({v + ".profile.debug1.txt", v + ".profile.debug0.pb.gz"});
  ASSERT_EQ(r.namers, std::vector<size_t>{1});  // the debug=0 profile named the frames
  // Each input counts, as every input does (one process or two replicas).
  EXPECT_EQ(r.buckets.total,
            r.read.snapshots[0].TotalGoroutines() + r.read.snapshots[1].TotalGoroutines());
  json cats = ReadJson("profile.categories.json")["sites"];
  // Kept in a local: the loop must not run over a temporary's member.
  const json manifest = ReadJson(v + ".profile.manifest.json");
  for (const json& site : manifest["sites"]) {
    SCOPED_TRACE(site["site"].get<std::string>());
    EXPECT_EQ(SiteCategory(r, site), cats[site["site"].get<std::string>()]);
  }
  for (const Bucket& b : r.buckets.buckets)
    EXPECT_NE(b.category, Category::kUnknown) << FingerprintHex(b.fingerprint);
  // Read through debug=0, `select {}` is known to block forever.
  bool no_cases = false;
  for (const Bucket& b : r.buckets.buckets)
    no_cases |= r.read.symbols->Str(b.state) == "select (no cases)";
  EXPECT_TRUE(no_cases);
}

TEST_P(HiddenFrames, Debug2OfTheSameProcessNamesEveryWait) {
  std::string v = GetParam();
  Read r = Load({v + ".profile.debug1.txt", v + ".profile.debug2.txt"});
  json cats = ReadJson("profile.categories.json")["sites"];
  // Kept in a local: the loop must not run over a temporary's member.
  const json manifest = ReadJson(v + ".profile.manifest.json");
  for (const json& site : manifest["sites"]) {
    SCOPED_TRACE(site["site"].get<std::string>());
    EXPECT_EQ(SiteCategory(r, site), cats[site["site"].get<std::string>()]);
  }
}

INSTANTIATE_TEST_SUITE_P(Releases, HiddenFrames, ::testing::Values("go1.26", "go1.27"));

// Another build's PCs name other functions: never used.
TEST(HiddenFramesOtherBinary, NotUsed) {
  Read r = Load({"go1.26.profile.debug1.txt", "go1.27.profile.debug0.pb.gz"});
  EXPECT_TRUE(r.namers.empty());
  uint64_t unknown = 0;
  for (const Bucket& b : r.buckets.buckets) {
    if (b.category == Category::kUnknown) unknown += b.count;
  }
  EXPECT_GT(unknown, 0u);
}

// The "@" line's PCs above the first printed frame are kept per record.
TEST(HiddenFramesParse, PcsAboveTheFirstFrame) {
  Read r = Load({"go1.27.profile.debug1.txt"});
  const Snapshot& s = r.read.snapshots.at(0);
  ASSERT_EQ(s.hidden_pcs.size(), s.goroutines.size());
  // 17 @ 0x48c82a 0x419c6e 0x4197b2 0x703d65 0x493761
  // #	0x703d64	main.blockOnRecv+0x24	.../states/main.go:44
  EXPECT_EQ(s.goroutines[0].count, 17u);
  EXPECT_EQ(s.hidden_pcs[0].pcs, (std::vector<uint64_t>{0x48c82a, 0x419c6e, 0x4197b2}));
  EXPECT_EQ(s.hidden_pcs[0].first_shown, 0x703d64u);
}

}  // namespace
}  // namespace gopit
