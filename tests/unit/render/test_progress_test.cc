// The live progress line of gopit test, fed the real Go 1.27 stream of
// tests/data/gotest/run-go1.27.json event by event, as the runner feeds it:
// five packages run in parallel; chandeadlock's test hangs until the 3 s
// timeout, and parallelhang's parent and its two paused subtests with it.
#include "render/test_progress.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace gopit {
namespace {

std::vector<std::string> Lines(const std::string& name) {
  std::ifstream in(std::string(GOPIT_TEST_DATA) + "/gotest/" + name);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);)
    out.push_back(l);
  return out;
}

// Feeds the first `n` lines of the stream.
void Feed(const std::vector<std::string>& lines, size_t n, TestRunBuilder& b) {
  for (size_t i = 0; i < n && i < lines.size(); ++i) {
    TestEvent e;
    std::string err;
    if (ParseTestEventLine(lines[i], e, err)) b.Add(std::move(e));
  }
}

size_t LineOf(const std::vector<std::string>& lines, const std::string& what) {
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].find(what) != std::string::npos) return i;
  return lines.size();
}

TEST(TestProgress, WhileTheRunGoesOn) {
  std::vector<std::string> lines = Lines("run-go1.27.json");
  ASSERT_GT(lines.size(), 200u);
  size_t chan_end = LineOf(
      lines, "\"Action\":\"fail\",\"Package\":\"gopit.test/gotest/chandeadlock\",\"Elapsed\"");
  ASSERT_LT(chan_end, lines.size());

  // Up to chandeadlock's end: backoff, panicking and builderror are done,
  // chandeadlock and parallelhang still run a test each (parallelhang's
  // serial tests have passed); nothing is known
  // to hang yet.
  TestRunBuilder b;
  Feed(lines, chan_end, b);
  EXPECT_EQ(TestProgressLine(b.counts(), {5, b.PackagesRunning().size(), {}}, 2.04),
            "packages 3/5  passed 10  failed 7  hung 0  skipped 1  running in 2  2.0s");
  // Its end after the timeout panic: its running test hung.
  Feed({lines[chan_end]}, 1, b);
  EXPECT_EQ(TestProgressLine(b.counts(), {5, b.PackagesRunning().size(), {}}, 3.1),
            "packages 4/5  passed 10  failed 7  hung 1  skipped 1  running in 1  3.1s");

  TestRunBuilder all;
  Feed(lines, lines.size(), all);
  EXPECT_EQ(TestProgressLine(all.counts(), {5, all.PackagesRunning().size(), {}}, 3.5),
            "packages 5/5  passed 10  failed 7  hung 4  skipped 1  3.5s");
  // The same counts the report gives at the end.
  TestRunReport r = all.Finish();
  size_t hung = 0;
  for (const PackageResult& p : r.packages)
    for (const TestResult& t : p.tests)
      hung += t.result == "hung";
  EXPECT_EQ(hung, 4u);
}

// The watchdog's SIGQUIT: the hung test is known when the binary ends.
TEST(TestProgress, WatchdogHang) {
  std::vector<std::string> lines = Lines("subtesthang-go1.27.json");
  size_t end = LineOf(
      lines, "\"Action\":\"fail\",\"Package\":\"gopit.test/gotest/subtesthang\",\"Elapsed\"");
  ASSERT_LT(end, lines.size());
  TestRunBuilder b;
  Feed(lines, LineOf(lines, "panic: test timed out"), b);
  b.NoteWatchdog("gopit.test/gotest/subtesthang", 2);
  EXPECT_EQ(b.counts().hung, 0u);
  Feed({lines[end]}, 1, b);
  EXPECT_EQ(TestProgressLine(b.counts(), {0, b.PackagesRunning().size(), {}}, 2.25),
            "packages 1 done  passed 1  failed 0  hung 4  2.2s");
}

// Without a total (no go list without the leak check), or with one below
// what go test started: only what is known.
TEST(TestProgress, UnknownTotal) {
  TestRunBuilder::Counts c;
  c.packages_started = 3;
  c.packages_done = 1;
  c.passed = 2;
  EXPECT_EQ(TestProgressLine(c, {0, 2, {}}, 0.5),
            "packages 1 done  passed 2  failed 0  hung 0  running in 2  0.5s");
  EXPECT_EQ(TestProgressLine(c, {2, 2, {}}, 0.5),
            "packages 1 done  passed 2  failed 0  hung 0  running in 2  0.5s");
  // With the leak check, the tests that leaked so far, even none.
  EXPECT_EQ(TestProgressLine(c, {3, 2, 0}, 0.5),
            "packages 1/3  passed 2  failed 0  hung 0  leaking 0  running in 2  0.5s");
  EXPECT_EQ(TestProgressLine(c, {3, 0, 1}, 0.5),
            "packages 1/3  passed 2  failed 0  hung 0  leaking 1  0.5s");
}

}  // namespace
}  // namespace gopit
