// Every sample the real runtime wrote (tests/data) is read and bucketed, and
// each blocking site the program knows it created must come out as a bucket
// with the right count, state, category, line and `created by` line.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "analysis/buckets.h"
#include "dump/reader.h"
#include "dump/traceback_parser.h"
#include "unit/test_data.h"

namespace gopit {
namespace {

using nlohmann::json;

std::string DataPath(const std::string& name) {
  return std::string(GOPIT_TEST_DATA) + "/" + name;
}

struct Loaded {
  ReadResult read;
  BucketReport buckets;
};

Loaded Load(const std::string& name, ReadOptions opts = {}) {
  Loaded l;
  InputStatus st = ReadInput(DataPath(name), opts, l.read);
  EXPECT_TRUE(st.Ok()) << st.error;
  std::vector<const Snapshot*> snaps;
  for (const Snapshot& s : l.read.snapshots)
    snaps.push_back(&s);
  l.buckets = BuildBuckets(*l.read.symbols, snaps, {});
  return l;
}

// The bucket whose innermost frame of the program's own code is the site.
const Bucket* FindSite(const Loaded& l, const json& site) {
  const Symbols& sym = *l.read.symbols;
  for (const Bucket& b : l.buckets.buckets) {
    for (FrameId id : b.frames) {
      const Frame& f = sym.GetFrame(id);
      std::string_view fn = sym.Str(f.function);
      if (!fn.starts_with("main.")) continue;
      if (fn == site["function"].get<std::string>() && sym.Str(f.file) == site["file"] &&
          f.line == site["line"].get<int>()) {
        return &b;
      }
      break;  // only the innermost program frame counts
    }
  }
  return nullptr;
}

std::string ExpectedCategory(const std::string& state) {
  if (state.starts_with("chan ")) return "channel";
  if (state.starts_with("select")) return "select";
  if (state.starts_with("sync.Mutex") || state.starts_with("sync.RWMutex")) return "lock";
  if (state == "sync.WaitGroup.Wait") return "waitgroup";
  if (state == "sync.Cond.Wait") return "cond";
  if (state == "IO wait") return "io";
  if (state == "sleep") return "sleep";
  if (state == "syscall") return "syscall";
  return "?";
}

void CheckSites(const std::string& sample, const std::string& manifest, bool has_states,
                bool has_created_by) {
  SCOPED_TRACE(sample);
  Loaded l = Load(sample);
  json m = testing_data::Manifest(manifest);
  ASSERT_FALSE(l.read.snapshots.empty());
  for (const json& site : m["sites"]) {
    SCOPED_TRACE(site["site"].get<std::string>());
    const Bucket* b = FindSite(l, site);
    ASSERT_NE(b, nullptr) << "no bucket for " << site["function"] << " at line " << site["line"];
    EXPECT_EQ(b->count, site["count"].get<uint64_t>());
    std::string state = site["state"];
    if (sample.find("debug1") != std::string::npos) {
      // debug=1 prints no runtime frames: a wait in the runtime itself
      // (channels, select, sleep, IO) cannot be told apart there.
      std::string cat = CategoryName(b->category);
      EXPECT_TRUE(cat == ExpectedCategory(state) || cat == "unknown") << cat;
    } else {
      EXPECT_EQ(CategoryName(b->category), ExpectedCategory(state));
    }
    const Symbols& sym = *l.read.symbols;
    if (has_states) {
      EXPECT_EQ(sym.Str(b->state), state);
      EXPECT_EQ(b->goroutine_ids.size(), b->count);
      if (site.value("locked_to_thread", false)) EXPECT_EQ(b->locked_to_thread, b->count);
    }
    if (has_created_by) {
      ASSERT_NE(b->created_by, kNoFrame);
      const Frame& c = sym.GetFrame(b->created_by);
      EXPECT_EQ(sym.Str(c.function), site["created_by_function"].get<std::string>());
      EXPECT_EQ(c.line, site["created_by_line"].get<int>());
      EXPECT_NE(b->created_by_goroutine, 0u);
    }
  }
}

TEST(RealDumps, Debug2MatchesManifest) {
  CheckSites("states.debug2.txt", "states.manifest.json", true, true);
}
TEST(RealDumps, RuntimeStackMatchesManifest) {
  CheckSites("states.stack.txt", "states.manifest.json", true, true);
}
TEST(RealDumps, PanicMatchesManifest) {
  CheckSites("states.panic.txt", "states.manifest.json", true, true);
}
TEST(RealDumps, SigquitAllMatchesManifest) {
  CheckSites("states.sigquit-all.txt", "states.manifest.json", true, true);
}
TEST(RealDumps, SigquitSystemMatchesManifest) {
  CheckSites("states.sigquit-system.txt", "states.manifest.json", true, true);
}
TEST(RealDumps, SigquitCrashMatchesManifest) {
  CheckSites("states.sigquit-crash.txt", "states.manifest.json", true, true);
}
TEST(RealDumps, KubectlPrefixedMatchesManifest) {
  CheckSites("states.debug2.kubectl.txt", "states.manifest.json", true, true);
}
TEST(RealDumps, TimestampPrefixedMatchesManifest) {
  CheckSites("states.debug2.timestamps.txt", "states.manifest.json", true, true);
}
TEST(RealDumps, TracebackLabelsMatchManifest) {
  CheckSites("states.stack.tracebacklabels.txt", "states.manifest.json", true, true);
}
TEST(RealDumps, Debug1MatchesManifest) {
  CheckSites("states.debug1.txt", "states.manifest.json", false, false);
}
TEST(RealDumps, ProfileMatchesManifest) {
  CheckSites("states.debug0.pb.gz", "states.manifest.json", false, false);
}

// The same wait site has the same bucket id in every format.
TEST(RealDumps, FingerprintsAgreeAcrossFormats) {
  json m = testing_data::Manifest("states.manifest.json");
  Loaded reference = Load("states.debug2.txt");
  for (const char* other : {"states.debug1.txt", "states.debug0.pb.gz", "states.sigquit-system.txt",
                            "states.sigquit-crash.txt", "states.panic.txt"}) {
    SCOPED_TRACE(other);
    Loaded l = Load(other);
    for (const json& site : m["sites"]) {
      SCOPED_TRACE(site["site"].get<std::string>());
      const Bucket* a = FindSite(reference, site);
      const Bucket* b = FindSite(l, site);
      ASSERT_TRUE(a && b);
      EXPECT_EQ(FingerprintHex(a->fingerprint), FingerprintHex(b->fingerprint));
    }
  }
}

TEST(RealDumps, RuntimeGoroutinesAreHiddenUnlessAsked) {
  Loaded l = Load("states.sigquit-system.txt");
  EXPECT_GT(l.buckets.hidden, 0u);
  for (const Bucket& b : l.buckets.buckets)
    EXPECT_NE(b.category, Category::kRuntime);
  std::vector<const Snapshot*> snaps{&l.read.snapshots[0]};
  BucketOptions all;
  all.include_runtime = true;
  BucketReport r = BuildBuckets(*l.read.symbols, snaps, all);
  EXPECT_EQ(r.hidden, 0u);
  EXPECT_EQ(r.total, l.buckets.total);
}

TEST(RealDumps, DeepStackKeepsElision) {
  json m = testing_data::Manifest("states.manifest.json");
  Loaded l = Load("states.debug2.txt");
  for (const json& site : m["sites"]) {
    if (site["site"] != "deep-recursion") continue;
    const Bucket* b = FindSite(l, site);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->frames.size(), 100u);  // 50 innermost + 50 outermost
    EXPECT_GT(b->elided, 0u);
    EXPECT_EQ(b->frames.size() + b->elided, site["frames"].get<size_t>());
  }
}

TEST(RealDumps, LeakProfileMarksProvenLeaks) {
  json m = testing_data::Manifest("leakprof.manifest.json");
  for (const char* sample :
       {"leakprof.debug2.txt", "leakprof.debug1.txt", "leakprof.debug0.pb.gz"}) {
    SCOPED_TRACE(sample);
    Loaded l = Load(sample);
    for (const json& site : m["sites"]) {
      SCOPED_TRACE(site["site"].get<std::string>());
      const Bucket* b = FindSite(l, site);
      bool leaked = site.value("leaked", false);
      if (!leaked && std::string(sample) != "leakprof.debug2.txt") {
        // The leak profile lists only leaked goroutines.
        EXPECT_EQ(b, nullptr);
        continue;
      }
      ASSERT_NE(b, nullptr);
      EXPECT_EQ(b->count, site["count"].get<uint64_t>());
      EXPECT_EQ(b->leaked, leaked ? b->count : 0u);
    }
  }
}

TEST(RealDumps, PanicNamesReasonAndCurrentGoroutine) {
  Loaded l = Load("states.panic.txt");
  ASSERT_EQ(l.read.snapshots.size(), 1u);
  EXPECT_EQ(l.read.snapshots[0].reason, "panic: boom");
  EXPECT_NE(l.read.snapshots[0].current_goroutine, 0u);
}

TEST(RealDumps, DeadlockIsOneSnapshot) {
  Loaded l = Load("deadlock.txt");
  ASSERT_EQ(l.read.snapshots.size(), 1u);
  EXPECT_EQ(l.read.snapshots[0].reason, "fatal error: all goroutines are asleep - deadlock!");
  json m = testing_data::Manifest("deadlock.manifest.json");
  for (const json& site : m["sites"]) {
    const Bucket* b = FindSite(l, site);
    ASSERT_NE(b, nullptr) << site["site"];
    EXPECT_EQ(b->count, site["count"].get<uint64_t>());
  }
}

TEST(RealDumps, TestTimeoutDumpInsideTestOutput) {
  Loaded l = Load("testtimeout.txt");
  ASSERT_EQ(l.read.snapshots.size(), 1u);
  EXPECT_TRUE(l.read.snapshots[0].reason.starts_with("panic: test timed out after"));
  EXPECT_GT(l.read.snapshots[0].first_line, 1u);
  EXPECT_GE(l.buckets.total, 2u);
}

TEST(RealDumps, TwoDumpsInOneFile) {
  Loaded l = Load("two-dumps.txt");
  ASSERT_EQ(l.read.snapshots.size(), 2u);
  EXPECT_LT(l.read.snapshots[0].first_line, l.read.snapshots[1].first_line);
  // The junk lines between and before the dumps are reported, with line numbers.
  bool saw_junk = false;
  for (const Warning& w : l.read.warnings)
    saw_junk |= w.line > 0;
  EXPECT_TRUE(saw_junk);
}

TEST(RealDumps, TruncatedDumpKeepsWhatWasReadAndSaysSo) {
  Loaded full = Load("states.debug2.txt");
  Loaded cut = Load("states.debug2.truncated.txt");
  ASSERT_EQ(cut.read.snapshots.size(), 1u);
  EXPECT_GT(cut.buckets.total, 10u);
  EXPECT_LT(cut.buckets.total, full.buckets.total);
  bool said = false;
  for (const Warning& w : cut.read.warnings)
    said |= w.message.find("truncated") != std::string::npos;
  EXPECT_TRUE(said);
}

}  // namespace
}  // namespace gopit
