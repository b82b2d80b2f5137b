// DUMP013 on the runtime's own concurrent-map crashes: the samples of
// tests/go/mapcrash (go1.26.8) and dumps pasted in public issue threads
// (tests/data/realdumps, where MANIFEST.tsv says where each came from).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "analysis/buckets.h"
#include "analysis/diagnoses/diagnoses.h"
#include "analysis/diagnosis.h"
#include "dump/reader.h"

namespace gopit {
namespace {

struct Loaded {
  ReadResult read;
  std::vector<const Snapshot*> snaps;
  BucketReport buckets;
};

std::unique_ptr<Loaded> Load(const std::string& name) {
  auto l = std::make_unique<Loaded>();
  InputStatus st = ReadInput(std::string(GOPIT_TEST_DATA) + "/" + name, ReadOptions{}, l->read);
  EXPECT_TRUE(st.Ok()) << name << ": " << st.error;
  for (const Snapshot& s : l->read.snapshots)
    l->snaps.push_back(&s);
  BucketOptions bo;
  bo.include_runtime = true;
  l->buckets = BuildBuckets(*l->read.symbols, l->snaps, bo);
  return l;
}

std::vector<Diagnosis> Run013(const std::string& name) {
  auto l = Load(name);
  DiagnoseOptions o;
  std::vector<Diagnosis> out;
  Dump013Diagnosis().Run(DiagnosisInput{*l->read.symbols, l->buckets, l->snaps, o}, out);
  return out;
}

std::string Base(const std::string& file) {
  return file.substr(file.rfind('/') + 1);
}

TEST(Dump013, OnlyTheThrowerWhenTheRuntimePrintsOnlyIt) {
  auto d = Run013("mapcrash.write.txt");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].severity, Severity::kError);
  EXPECT_EQ(d[0].location.function, "main.(*registry).add");
  EXPECT_EQ(Base(d[0].location.file), "main.go");
  EXPECT_EQ(d[0].location.line, 24);
  ASSERT_TRUE(d[0].created_by);
  EXPECT_EQ(d[0].created_by->line, 48);
  EXPECT_EQ(d[0].goroutines, 1u);
  EXPECT_NE(d[0].message.find("concurrent map writes"), std::string::npos) << d[0].message;
  EXPECT_NE(d[0].message.find("goroutine 4 "), std::string::npos) << d[0].message;
}

TEST(Dump013, TwoWritersAtOneLineNameEachOther) {
  auto d = Run013("mapcrash.write-all.txt");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.line, 24);
  EXPECT_EQ(d[0].created_by->line, 55);
  EXPECT_EQ(d[0].goroutines, 2u);
  EXPECT_NE(d[0].message.find("goroutine 18 is at the map too, at main.go:24"), std::string::npos)
      << d[0].message;
}

TEST(Dump013, TheOnlyOtherRunningGoroutineIsTheLikelyOtherSide) {
  auto d = Run013("mapcrash.read-all.txt");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.function, "main.(*registry).lookup");
  EXPECT_EQ(d[0].location.line, 30);
  EXPECT_NE(d[0].message.find("goroutine 6 was the only other one running, likely the other side, "
                              "at main.go:24 in main.(*registry).add"),
            std::string::npos)
      << d[0].message;
  // Goroutine 1 sleeps: it cannot be inside the map.
  EXPECT_EQ(d[0].message.find("goroutine 1 "), std::string::npos) << d[0].message;
}

TEST(Dump013, IterationCrashPastTheMapIterator) {
  auto d = Run013("mapcrash.iterate-all.txt");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.function, "main.(*registry).each");
  EXPECT_EQ(d[0].location.line, 36);
  EXPECT_NE(d[0].message.find("concurrent map iteration and map write"), std::string::npos);
}

// Go 1.15 on Windows: runtime.throw, then mapaccess1_faststr with fp= sp= pc=.
TEST(Dump013, OldRuntimeThrowAndMapaccessFrames) {
  auto d = Run013("realdumps/cmap.grtm-4.txt");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.function,
            "github.com/scottkiss/grtm.(*GrManager).NewLoopGoroutine.func1");
  EXPECT_EQ(d[0].location.line, 38);
  ASSERT_TRUE(d[0].created_by);
  EXPECT_EQ(d[0].created_by->line, 30);
}

// Go 1.24+ behind a docker compose prefix, and on Windows with a generic function.
TEST(Dump013, SwissMapCrashesFromIssueThreads) {
  auto haven = Run013("realdumps/cmap.haven-99.compose.txt");
  ASSERT_EQ(haven.size(), 1u);
  EXPECT_EQ(haven[0].location.function, "main.updateWoTMap");
  EXPECT_EQ(haven[0].location.line, 129);
  auto gogram = Run013("realdumps/cmap.gogram-254.windows.txt");
  ASSERT_EQ(gogram.size(), 1u);
  EXPECT_EQ(gogram[0].location.function,
            "github.com/amarnathcjd/gogram/telegram.removeHandleFromMap[...]");
  EXPECT_EQ(gogram[0].location.line, 336);
}

// Go 1.6's mapassign1 under a wrapped file line, and a paste of the crashing
// goroutine without the runtime's message (Go 1.11, mapassign_faststr).
TEST(Dump013, OldPastesWrappedOrWithoutTheMessage) {
  auto airlift = Run013("realdumps/cmap.airlift-22.wrapped.txt");
  ASSERT_EQ(airlift.size(), 1u);
  EXPECT_EQ(airlift[0].location.function, "ktkr.us/pkg/airlift/thumb.(*Cache).getThumb.func1");
  EXPECT_EQ(airlift[0].location.line, 302);
  auto roles = Run013("realdumps/cmap.fabric-peer-ext-218.nomessage.txt");
  ASSERT_EQ(roles.size(), 1u);
  EXPECT_EQ(roles[0].location.function, "github.com/trustbloc/fabric-peer-ext/pkg/roles.HasRole");
  EXPECT_EQ(roles[0].location.line, 73);
  EXPECT_NE(roles[0].message.find("the fatal error line is not in the dump"), std::string::npos);
}

// A paste that stops at runtime.throw says so instead of naming the runtime
// as the crash site.
TEST(Dump013, PasteCutInsideTheRuntimeSaysSo) {
  auto d = Run013("realdumps/cmap.bacalhau-415.padded.txt");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("the dump stops before the frame that touched the map"),
            std::string::npos)
      << d[0].message;
}

// Not a map crash: other fatal errors, panics, ordinary dumps, and the
// goroutines pasted from a map crash without its message.
TEST(Dump013, SilentWithoutTheRuntimesMapMessage) {
  for (const char* name : {"deadlock.txt", "states.panic.txt", "states.debug2.txt",
                           "states.sigquit-crash.txt", "realdumps/cmap.emp3r0r-34.txt"}) {
    EXPECT_TRUE(Run013(name).empty()) << name;
  }
}

}  // namespace
}  // namespace gopit
