// The `go test -json` reader on real streams of Go 1.26 and Go 1.27
// (tests/data/gotest/README.md says how each was made). The expected
// verdicts are what the packages of tests/go/gotest do (their comments):
// backoff's large attempts fail, chandeadlock and parallelhang hang at their
// `// want hung` line, panicking's TestSet panics, builderror does not build.
#include <gtest/gtest.h>

#include "gotest/test_events.h"
#include "unit/gotest/test_stream_support.h"

namespace gopit {
namespace {

using namespace gotest_testing;

using Expect = std::map<std::string, std::string>;

void ExpectRunVerdicts(const TestRunReport& r, bool with_passing_tests) {
  const PackageResult* backoff = FindPackage(r, "backoff");
  ASSERT_NE(backoff, nullptr);
  EXPECT_EQ(backoff->result, "fail");
  Expect want = {{"TestDelay", "fail"},
                 {"TestDelay/attempt64", "fail"},
                 {"TestDelay/attempt100", "fail"},
                 {"TestDelayNeverShrinks", "fail"},
                 {"TestDelayNeverShrinks/base100ms", "fail"},
                 {"TestDelayNeverShrinks/base100ms/upTo70", "fail"}};
  if (with_passing_tests) {
    want.insert({{"TestDelay/first", "pass"},
                 {"TestDelay/third", "pass"},
                 {"TestDelay/capped", "pass"},
                 {"TestDelayNeverShrinks/base100ms/upTo30", "pass"},
                 {"TestDelayNeverShrinks/zeroBase", "skip"},
                 {"TestDelayLogsSchedule", "pass"}});
  }
  EXPECT_EQ(Results(*backoff), want);

  const PackageResult* chan = FindPackage(r, "chandeadlock");
  ASSERT_NE(chan, nullptr);
  EXPECT_EQ(chan->result, "hung");
  EXPECT_EQ(Results(*chan).at("TestShutdownTimeout"), "hung");
  EXPECT_EQ(DiagnosisPlace(r, "TestShutdownTimeout"),
            "executor.go:" + std::to_string(WantHungLine("chandeadlock", "executor.go")));

  const PackageResult* panicking = FindPackage(r, "panicking");
  ASSERT_NE(panicking, nullptr);
  EXPECT_EQ(panicking->result, "fail");
  EXPECT_EQ(Results(*panicking).at("TestSet"), "fail");
  if (with_passing_tests) {
    EXPECT_EQ(Results(*panicking).at("TestZeroConfig"), "pass");
  }

  const PackageResult* broken = FindPackage(r, "builderror");
  ASSERT_NE(broken, nullptr);
  EXPECT_EQ(broken->result, "build-error");
  EXPECT_TRUE(broken->tests.empty());
  EXPECT_NE(broken->output.find("broken.go:5:9: cannot use \"three\""), std::string::npos)
      << broken->output;
  // The compiler's message is builderror's alone.
  for (const PackageResult& p : r.packages)
    if (&p != broken) {
      EXPECT_EQ(p.output.find("cannot use"), std::string::npos) << p.package;
    }
}

TEST(TestEvents, Go127StreamOfFivePackages) {
  TestRunReport r = ReadReport(ReadData("run-go1.27.json"));
  ASSERT_EQ(r.packages.size(), 5u);
  ExpectRunVerdicts(r, true);
  const PackageResult* par = FindPackage(r, "parallelhang");
  ASSERT_NE(par, nullptr);
  EXPECT_EQ(par->result, "hung");
  EXPECT_EQ(Results(*par).at("TestParallelWorkers"), "hung");
  EXPECT_EQ(Results(*par).at("TestSerialWorkers/worker#01"), "pass");
  EXPECT_EQ(DiagnosisPlace(r, "TestParallelWorkers"),
            "pool_test.go:" + std::to_string(WantHungLine("parallelhang", "pool_test.go")));
  EXPECT_TRUE(r.warnings.empty());
}

TEST(TestEvents, Go126StreamGivesTheSameVerdicts) {
  TestRunReport r126 = ReadReport(ReadData("run-go1.26.json"));
  ExpectRunVerdicts(r126, true);
  EXPECT_EQ(Summary(r126), Summary(ReadReport(ReadData("run-go1.27.json"))));
}

// Go 1.27 says what each output line is; Go 1.26 does not.
TEST(TestEvents, OutputTypeOfGo127) {
  std::string text = ReadData("run-go1.27.json");
  std::map<std::string, std::string> type_of;  // output -> OutputType
  int hung_test_ends = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    TestEvent e;
    std::string err;
    ASSERT_TRUE(ParseTestEventLine(line, e, err)) << line;
    if (e.action == "output" && e.test.starts_with("TestDelay/attempt64"))
      type_of[e.output] = e.output_type;
    if (e.action == "output" && e.output == "panic: test timed out after 3s\n" &&
        e.package.ends_with("/chandeadlock")) {
      // Still on the last test named, and of no type (the runtime's text).
      EXPECT_EQ(e.test, "TestShutdownTimeout");
      EXPECT_EQ(e.output_type, "");
    }
    hung_test_ends += e.test == "TestShutdownTimeout" && e.action == "fail";
  }
  // Go 1.27 still gives a hung test no end event (golang/go#57305).
  EXPECT_EQ(hung_test_ends, 0);
  EXPECT_EQ(type_of["=== RUN   TestDelay/attempt64\n"], "frame");
  EXPECT_EQ(type_of["    backoff_test.go:27: Delay(attempt 64) = 0s, want 1m0s\n"], "error");
  EXPECT_EQ(type_of["        the caller would retry without waiting\n"], "error-continue");
  // test2json takes the subtest's indentation off its result line.
  EXPECT_EQ(type_of["--- FAIL: TestDelay/attempt64 (0.00s)\n"], "frame");

  TestEvent e;
  std::string err;
  std::string old = ReadData("run-go1.26.json");
  ASSERT_TRUE(ParseTestEventLine(old.substr(0, old.find('\n')), e, err));
  EXPECT_EQ(e.output_type, "");
}

// The timeout dump lands on one test's output events; `running tests:` names
// all four hung tests, two of them subtests.
TEST(TestEvents, TimeoutWithFourRunningTests) {
  TestRunReport r = ReadReport(ReadData("subtesthang-go1.27.json"));
  ASSERT_EQ(r.packages.size(), 1u);
  EXPECT_EQ(r.packages[0].result, "hung");
  EXPECT_EQ(Results(r.packages[0]), (Expect{{"TestCacheGet", "hung"},
                                            {"TestCacheGet/lookup", "hung"},
                                            {"TestCacheReget", "hung"},
                                            {"TestCacheReget/lookup", "hung"},
                                            {"TestCacheEmpty", "pass"}}));
  std::string place = "cache.go:" + std::to_string(WantHungLine("subtesthang", "cache.go"));
  EXPECT_EQ(DiagnosisPlace(r, "TestCacheGet"), place);
  EXPECT_EQ(DiagnosisPlace(r, "TestCacheReget"), place);
}

TEST(TestEvents, LiveCountsForTheProgressLine) {
  TestRunBuilder b;
  ReadTestStream(ReadData("run-go1.27.json"), b);
  const TestRunBuilder::Counts& c = b.counts();
  EXPECT_EQ(c.packages_started, 5u);
  EXPECT_EQ(c.packages_done, 5u);
  // backoff 5, chandeadlock 1, panicking 1, parallelhang 3 (a parent, two subtests).
  EXPECT_EQ(c.passed, 10u);
  EXPECT_EQ(c.failed, 7u);  // backoff 6, panicking 1; hung tests have no event
  EXPECT_EQ(c.skipped, 1u);
}

// CI logs: every line behind a GitHub Actions timestamp, the runner's own
// "##[group]" lines around them, a go download line before the first event.
TEST(TestEvents, StreamInsideActionsTimestamps) {
  std::string plain = ReadData("run-go1.27.json");
  std::string wrapped = "##[group]Run go test -json ./...\n" + WithActionsTimestamps(plain) +
                        "##[error]Process completed with exit code 1.\n";
  EXPECT_EQ(Summary(ReadReport(wrapped)), Summary(ReadReport(plain)));
  std::string preamble = "go: downloading golang.org/x/sync v0.7.0\n" + plain;
  EXPECT_EQ(Summary(ReadReport(preamble)), Summary(ReadReport(plain)));
}

// A docker json-file log of a container that ran go test -json.
TEST(TestEvents, StreamInsideDockerJsonLog) {
  std::string plain = ReadData("subtesthang-go1.27.json");
  std::string docker;
  size_t pos = 0;
  while (pos < plain.size()) {
    size_t nl = plain.find('\n', pos);
    std::string line = plain.substr(pos, nl - pos);
    pos = nl + 1;
    std::string esc;
    for (char c : line) {
      if (c == '"' || c == '\\') esc += '\\';
      esc += c;
    }
    docker +=
        "{\"log\":\"" + esc + "\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:00Z\"}\n";
  }
  EXPECT_EQ(Summary(ReadReport(docker)), Summary(ReadReport(plain)));
}

// A stream cut off mid-line while a test runs: what was read stays, the
// running test counts as failed, and the report says why.
TEST(TestEvents, CutOffStream) {
  std::string text = ReadData("run-go1.27.json");
  size_t cut = text.find("backoff_test.go:47");
  ASSERT_NE(cut, std::string::npos);
  TestRunReport r = ReadReport(text.substr(0, cut));
  const PackageResult* backoff = FindPackage(r, "backoff");
  ASSERT_NE(backoff, nullptr);
  EXPECT_EQ(Results(*backoff).at("TestDelay/attempt64"), "fail");
  EXPECT_EQ(Results(*backoff).at("TestDelayNeverShrinks/base100ms/upTo70"), "fail");
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings[0].find("the stream ends while"), std::string::npos) << r.warnings[0];
}

TEST(TestEvents, LinesThatAreNoEvents) {
  TestEvent e;
  std::string err;
  EXPECT_FALSE(ParseTestEventLine("ok  \tgopit.test/gotest/backoff\t0.006s", e, err));
  EXPECT_FALSE(ParseTestEventLine("{\"Action\":", e, err));
  EXPECT_FALSE(ParseTestEventLine("{\"Output\":\"x\"}", e, err));
  EXPECT_FALSE(ParseTestEventLine("{\"Action\":7}", e, err));
  EXPECT_TRUE(ParseTestEventLine("{\"Action\":\"start\",\"Package\":\"p\"}\r\n", e, err));
  EXPECT_EQ(e.package, "p");
  TestRunBuilder b;
  ReadTestStream("{\"Action\":\"start\",\"Package\":\"p\"}\nsomething go printed\n", b);
  EXPECT_EQ(b.stray(), "something go printed\n");
  EXPECT_TRUE(ReadReport("").packages.empty());
}

}  // namespace
}  // namespace gopit
