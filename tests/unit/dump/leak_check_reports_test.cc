// Test leak checks print the goroutines a test left behind in their own
// shapes: goleak's "found unexpected goroutines:" report (its header line per
// goroutine, followed by the runtime's header before v1.3.0 and by the frames
// from v1.3.0 on), and gRPC's leak check, which logs "Leaked goroutine: "
// before each runtime header. The goleak samples are real `go test` output
// (tests/data/README.md says how they were made); the others were pasted in
// public issue threads (tests/data/realdumps/MANIFEST.tsv).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dump/reader.h"
#include "dump/traceback_lines.h"
#include "unit/test_data.h"

namespace gopit {
namespace {

ReadResult ReadData(const std::string& name) {
  ReadResult r;
  EXPECT_TRUE(ReadInput(std::string(GOPIT_TEST_DATA) + "/" + name, {}, r).Ok()) << name;
  return r;
}

std::vector<std::string> Functions(const ReadResult& r, const GoroutineRecord& g) {
  std::vector<std::string> out;
  for (FrameId f : r.symbols->GetStack(g.stack).frames)
    out.emplace_back(r.symbols->Str(r.symbols->GetFrame(f).function));
  return out;
}

TEST(LeakCheckHeader, GoleakLines) {
  TracebackHeader h;
  std::string_view first =
      "        [Goroutine 13 in state chan send, 1 minutes, with "
      "github.com/aquasecurity/tracee/tests/testutils.ExecCmdBgWithSudoAndCtx.func1.1 on top of "
      "the stack:";
  EXPECT_EQ(ParseLeakCheckHeader(first, h), 9u);
  EXPECT_EQ(h.id, 13u);
  EXPECT_EQ(h.state, "chan send");
  EXPECT_EQ(h.wait_minutes, 1);
  std::string_view next =
      " Goroutine 8 in state chan send, with example.com/gl.startWorkers.func1 on top of the "
      "stack:";
  EXPECT_EQ(ParseLeakCheckHeader(next, h), 1u);
  EXPECT_EQ(h.id, 8u);
  EXPECT_EQ(h.wait_minutes, -1);
  // Not goleak's: no id, no state, prose.
  EXPECT_EQ(ParseLeakCheckHeader("Goroutine x in state y, with f on top of the stack:", h),
            std::string_view::npos);
  EXPECT_EQ(ParseLeakCheckHeader("Goroutine 7 in state , with f on top of the stack:", h),
            std::string_view::npos);
  EXPECT_EQ(ParseLeakCheckHeader("the one on top of the stack:", h), std::string_view::npos);
}

// Three goleak releases, one leak: two goroutines blocked sending at
// leak_test.go:13, started at :12. Every release reads the same.
TEST(LeakCheckReports, EveryGoleakReleaseReadsTheSame) {
  for (const char* name : {"goleak.v1.1.10.txt", "goleak.v1.2.1.txt", "goleak.v1.3.0.txt"}) {
    SCOPED_TRACE(name);
    ReadResult r = ReadData(name);
    ASSERT_EQ(r.snapshots.size(), 1u);
    const Snapshot& s = r.snapshots[0];
    EXPECT_TRUE(s.leak_check);
    ASSERT_EQ(s.goroutines.size(), 2u);  // the old releases' two headers are one goroutine
    for (const GoroutineRecord& g : s.goroutines) {
      EXPECT_EQ(r.symbols->Str(g.state), "chan send");
      EXPECT_EQ(Functions(r, g), std::vector<std::string>{"example.com/gl.startWorkers.func1"});
      const Frame& top = r.symbols->GetFrame(r.symbols->GetStack(g.stack).frames[0]);
      EXPECT_EQ(r.symbols->Str(top.file), "/tmp/gl/leak_test.go");
      EXPECT_EQ(top.line, 13);
      ASSERT_NE(g.created_by, kNoFrame);
      EXPECT_EQ(r.symbols->GetFrame(g.created_by).line, 12);
    }
    for (const Warning& w : r.warnings)
      EXPECT_EQ(w.message.find("without"), std::string::npos) << w.message;
  }
}

TEST(LeakCheckReports, GoleakInATestLogWithWaitMinutes) {
  ReadResult r = ReadData("realdumps/leak.tracee-4044.goleak.txt");
  ASSERT_EQ(r.snapshots.size(), 1u);
  const Snapshot& s = r.snapshots[0];
  EXPECT_TRUE(s.leak_check);
  ASSERT_EQ(s.goroutines.size(), 2u);
  EXPECT_EQ(s.goroutines[0].id, 13u);
  EXPECT_EQ(s.goroutines[1].id, 127u);
  EXPECT_EQ(s.goroutines[1].wait_minutes, 1);
  EXPECT_EQ(s.goroutines[1].created_by_goroutine, 126u);
}

TEST(LeakCheckReports, LeakedGoroutineLogLines) {
  ReadResult r = ReadData("realdumps/leak.grpc-528.testlog.txt");
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_TRUE(r.snapshots[0].leak_check);
  ASSERT_EQ(r.snapshots[0].goroutines.size(), 2u);
  EXPECT_EQ(Functions(r, r.snapshots[0].goroutines[0]),
            std::vector<std::string>{"google.golang.org/grpc.NewClientStream.func1"});
}

// An ordinary dump is no leak report, and neither is a goleak header whose
// stack was cut away.
TEST(LeakCheckReports, NotOtherwise) {
  for (const char* name : {"states.debug2.txt", "testtimeout.txt"}) {
    ReadResult r = ReadData(name);
    for (const Snapshot& s : r.snapshots)
      EXPECT_FALSE(s.leak_check) << name;
  }
  ReadResult r;
  ParseBytes("[Goroutine 7 in state chan send, with main.f on top of the stack:\n", "in", {}, r);
  for (const Snapshot& s : r.snapshots)
    EXPECT_TRUE(s.goroutines.empty());
}

}  // namespace
}  // namespace gopit
