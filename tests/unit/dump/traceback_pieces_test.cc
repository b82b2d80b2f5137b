// Large dumps are cut at goroutine header lines and the pieces parsed on
// several cores. Whatever the cuts, the merged result must be exactly what
// one pass gives: same snapshots, goroutines, stacks, current goroutine,
// crash thread sections and warnings.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dump/traceback_parser.h"
#include "support/describe_result.h"
#include "unit/test_data.h"

namespace gopit {
namespace {

std::string OnePass(std::string_view text) {
  ReadResult r;
  ParseTraceback(text, "x", {}, r);
  return DescribeResult(r);
}

std::string InPieces(std::string_view text, size_t n, size_t min_piece, size_t* made = nullptr) {
  std::vector<TracebackPiece> pieces;
  for (std::string_view part : SplitTracebackText(text, n, min_piece))
    pieces.push_back(ParseTracebackPiece(part, {}));
  if (made) *made = pieces.size();
  ReadResult r;
  MergeTracebackPieces(pieces, "x", text.size(), r);
  return DescribeResult(r);
}

// Every cut a splitter could make: the text in n pieces for many n.
void ExpectPiecesEqualOnePass(std::string_view text) {
  std::string one = OnePass(text);
  size_t most = 1;
  for (size_t n = 2; n <= 40; ++n) {
    SCOPED_TRACE(n);
    size_t made = 0;
    ASSERT_EQ(InPieces(text, n, 1, &made), one);
    most = std::max(most, made);
  }
  EXPECT_GT(most, 1u) << "the text was never cut";
}

class RealSample : public ::testing::TestWithParam<const char*> {};

TEST_P(RealSample, PiecesEqualOnePass) {
  ExpectPiecesEqualOnePass(testing_data::Data(GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Traceback, RealSample,
                         ::testing::Values("states.debug2.txt", "states.debug2.kubectl.txt",
                                           "states.debug2.timestamps.txt",
                                           "states.debug2.truncated.txt", "states.panic.txt",
                                           "states.sigquit-all.txt", "states.sigquit-crash.txt",
                                           "states.sigquit-system.txt", "states.stack.txt",
                                           "states.stack.tracebacklabels.txt", "testtimeout.txt",
                                           "two-dumps.txt", "deadlock.txt", "leakprof.debug2.txt",
                                           "goleak.v1.1.10.txt", "goleak.v1.2.1.txt",
                                           "realdumps/leak.grpc-528.testlog.txt"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

// A GOTRACEBACK=crash dump repeats goroutines in its per-thread sections; a
// cut inside those sections must not turn the repeats into a second dump.
TEST(TracebackPieces, CutInsideCrashThreadSections) {
  std::string text = testing_data::Data("states.sigquit-crash.txt");
  ReadResult r;
  ParseTraceback(text, "x", {}, r);
  ASSERT_EQ(r.snapshots.size(), 1u);
  ExpectPiecesEqualOnePass(text);
}

// The goroutine after "panic:" is the one that panicked, also when the cut
// falls between the two lines.
TEST(TracebackPieces, CutRightAfterDumpReason) {
  std::string text =
      "panic: boom\n\n"
      "goroutine 7 [running]:\nmain.f()\n\t/x/main.go:3 +0x1\n\n"
      "goroutine 1 [chan receive]:\nmain.main()\n\t/x/main.go:9 +0x1\n";
  ReadResult r;
  ParseTraceback(text, "x", {}, r);
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_EQ(r.snapshots[0].current_goroutine, 7u);
  ExpectPiecesEqualOnePass(text);
}

// A header ends whatever the parser was skipping ("runtime stack:" blocks,
// tracebackancestors stacks) even without the blank line before it, as it
// does when the header begins a piece.
TEST(TracebackPieces, HeaderEndsSkippedBlocks) {
  std::string text =
      "fatal error: x\n\nruntime stack:\nruntime.throw()\n\t/r/panic.go:1 +0x1\n"
      "goroutine 1 [running]:\nmain.main()\n\t/x/main.go:9 +0x1\n"
      "[originating from goroutine 1]:\nmain.main(...)\n\t/x/main.go:4 +0x1\n"
      "goroutine 2 [select]:\nmain.g()\n\t/x/main.go:5 +0x1\n";
  ReadResult r;
  ParseTraceback(text, "x", {}, r);
  ASSERT_EQ(r.snapshots.size(), 1u);
  EXPECT_EQ(r.snapshots[0].goroutines.size(), 2u);
  ExpectPiecesEqualOnePass(text);
}

// A frame cut short by the next header is warned about at the same line
// whether or not a piece ends there.
TEST(TracebackPieces, FrameWithoutFileLineBeforeCut) {
  std::string text =
      "goroutine 1 [running]:\nmain.main()\n"
      "goroutine 2 [select]:\nmain.g()\n\t/x/main.go:5 +0x1\n";
  ReadResult r;
  ParseTraceback(text, "x", {}, r);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 2u);
  ExpectPiecesEqualOnePass(text);
}

}  // namespace
}  // namespace gopit
