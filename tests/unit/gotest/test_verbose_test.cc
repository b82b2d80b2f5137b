// The `go test -v` (and plain `go test`) log reader on real logs of Go 1.26
// and Go 1.27 (tests/data/gotest/README.md), and on a GitHub Actions log
// pasted in a public report. Expected verdicts as in test_events_test.cc:
// the -v log of a run must give what its -json stream gives.
#include <gtest/gtest.h>

#include "gotest/test_events.h"
#include "gotest/test_log_wrapper.h"
#include "unit/gotest/test_stream_support.h"

namespace gopit {
namespace {

using namespace gotest_testing;

// The verdicts of the -json stream of the same run, from another process of
// the same packages (goroutine ids differ; verdicts and lines do not).
TEST(TestVerbose, SameVerdictsAsTheJsonStream) {
  for (const char* name : {"run-go1.26.v.txt", "run-go1.27.v.txt"}) {
    SCOPED_TRACE(name);
    TestRunReport v = ReadReport(ReadData(name));
    TestRunReport j = ReadReport(ReadData("run-go1.27.json"));
    // go prints the build failure first in one log and between packages in
    // the other; the order of packages is not the point.
    auto sorted = [](TestRunReport r) {
      std::sort(
          r.packages.begin(), r.packages.end(),
          [](const PackageResult& a, const PackageResult& b) { return a.package < b.package; });
      return Summary(r);
    };
    EXPECT_EQ(sorted(v), sorted(j));
    EXPECT_TRUE(v.warnings.empty());
  }
}

// Parallel subtests print their messages after `=== CONT` or `=== NAME`
// lines, interleaved; each message belongs to its own subtest.
TEST(TestVerbose, InterleavedParallelSubtests) {
  TestRunReport r = ReadReport(ReadData("run-go1.26.v.txt"));
  const PackageResult* p = FindPackage(r, "backoff");
  ASSERT_NE(p, nullptr);
  const TestResult* a64 = FindTest(*p, "TestDelay/attempt64");
  const TestResult* a100 = FindTest(*p, "TestDelay/attempt100");
  ASSERT_TRUE(a64 && a100);
  EXPECT_NE(a64->output.find("Delay(attempt 64) = 0s, want 1m0s\n"), std::string::npos);
  EXPECT_NE(a64->output.find("        the caller would retry without waiting"), std::string::npos);
  EXPECT_EQ(a64->output.find("attempt 100"), std::string::npos) << a64->output;
  EXPECT_NE(a100->output.find("Delay(attempt 100)"), std::string::npos);
  EXPECT_EQ(a100->output.find("attempt 64"), std::string::npos) << a100->output;
  const TestResult* deep = FindTest(*p, "TestDelayNeverShrinks/base100ms/upTo70");
  ASSERT_NE(deep, nullptr);
  EXPECT_NE(deep->output.find("delay shrinks at attempt 37"), std::string::npos);
  const TestResult* skip = FindTest(*p, "TestDelayNeverShrinks/zeroBase");
  ASSERT_NE(skip, nullptr);
  EXPECT_NE(skip->output.find("a zero base means no backoff"), std::string::npos);
}

// Without -v go prints only failures: "--- FAIL:" lines nested by
// indentation, each failed test's messages indented below its line, the
// timeout panic with no "=== RUN" before it, and the build failure's block
// between other packages' lines.
TEST(TestVerbose, PlainLogOfSixPackages) {
  TestRunReport r = ReadReport(ReadData("run-go1.26.plain.txt"));
  ASSERT_EQ(r.packages.size(), 6u);
  const PackageResult* p = FindPackage(r, "backoff");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(Results(*p), (std::map<std::string, std::string>{
                             {"TestDelay", "fail"},
                             {"TestDelay/attempt64", "fail"},
                             {"TestDelay/attempt100", "fail"},
                             {"TestDelayNeverShrinks", "fail"},
                             {"TestDelayNeverShrinks/base100ms", "fail"},
                             {"TestDelayNeverShrinks/base100ms/upTo70", "fail"}}));
  const TestResult* a64 = FindTest(*p, "TestDelay/attempt64");
  EXPECT_NE(a64->output.find("Delay(attempt 64) = 0s"), std::string::npos) << a64->output;
  EXPECT_EQ(a64->output.find("attempt 100"), std::string::npos) << a64->output;
  EXPECT_NE(FindTest(*p, "TestDelayNeverShrinks/base100ms/upTo70")->output.find("attempt 37"),
            std::string::npos);

  const PackageResult* broken = FindPackage(r, "builderror");
  ASSERT_NE(broken, nullptr);
  EXPECT_EQ(broken->result, "build-error");
  EXPECT_NE(broken->output.find("broken.go:5:9: cannot use"), std::string::npos);
  for (const PackageResult& q : r.packages)
    if (&q != broken) {
      EXPECT_EQ(q.output.find("cannot use"), std::string::npos) << q.package;
    }

  struct Hung {
    const char *pkg, *file, *test;
  };
  for (Hung h : {Hung{"chandeadlock", "executor.go", "TestShutdownTimeout"},
                 Hung{"subtesthang", "cache.go", "TestCacheGet"},
                 Hung{"subtesthang", "cache.go", "TestCacheReget"},
                 Hung{"slow", "poll.go", "TestWaitForLeader"}}) {
    SCOPED_TRACE(h.test);
    const PackageResult* q = FindPackage(r, h.pkg);
    ASSERT_NE(q, nullptr);
    EXPECT_EQ(q->result, "hung");
    EXPECT_EQ(Results(*q).at(h.test), "hung");
    EXPECT_EQ(DiagnosisPlace(r, h.test),
              std::string(h.file) + ":" + std::to_string(WantHungLine(h.pkg, h.file)));
  }
  EXPECT_EQ(Results(*FindPackage(r, "subtesthang")).at("TestCacheGet/lookup"), "hung");
  EXPECT_EQ(Results(*FindPackage(r, "panicking")).at("TestSet"), "fail");
}

// A panicking test's message and dump follow its "--- FAIL:" line; they are
// its output, as test2json says in the -json stream of the same run.
TEST(TestVerbose, PanicIsItsTestsOutput) {
  for (const char* name :
       {"run-go1.27.json", "run-go1.26.v.txt", "run-go1.27.v.txt", "run-go1.26.plain.txt"}) {
    SCOPED_TRACE(name);
    TestRunReport r = ReadReport(ReadData(name));
    const PackageResult* p = FindPackage(r, "panicking");
    ASSERT_NE(p, nullptr);
    const TestResult* t = FindTest(*p, "TestSet");
    ASSERT_NE(t, nullptr);
    EXPECT_NE(t->output.find("panic: assignment to entry in nil map"), std::string::npos)
        << t->output;
    EXPECT_NE(t->output.find("config.go:9"), std::string::npos);
    EXPECT_EQ(t->output.find("\nFAIL\n"), std::string::npos) << t->output;
  }
}

TEST(TestVerbose, TimeoutWithFourRunningTests) {
  TestRunReport v = ReadReport(ReadData("subtesthang-go1.26.v.txt"));
  EXPECT_EQ(Summary(v), Summary(ReadReport(ReadData("subtesthang-go1.27.json"))));
}

// go's closing "FAIL" after the last package is no package of its own.
TEST(TestVerbose, ClosingFailLine) {
  std::string text = ReadData("subtesthang-go1.26.v.txt");
  ASSERT_TRUE(text.ends_with("\nFAIL\n"));
  TestRunBuilder b;
  ReadTestStream(text, b);
  EXPECT_EQ(b.Finish().packages.size(), 1u);
  EXPECT_EQ(b.stray(), "");
}

// A GitHub Actions log as pasted in a public report (see the README): the
// excerpt has no package line, so the package is unnamed, and the test's
// verdict and message survive the timestamps.
TEST(TestVerbose, ActionsLogFromAReport) {
  TestRunReport r = ReadReport(ReadData("ghactions-tfmongodbatlas.txt"));
  ASSERT_EQ(r.packages.size(), 1u);
  ASSERT_EQ(r.packages[0].tests.size(), 1u);
  const TestResult& t = r.packages[0].tests[0];
  EXPECT_EQ(t.name, "TestAccPrivateLinkEndpoint_basicGCP");
  EXPECT_EQ(t.result, "fail");
  EXPECT_DOUBLE_EQ(t.elapsed_s, 1.63);
  EXPECT_NE(t.output.find("    resource_test.go:85: Step 1/2 error: Error running apply"),
            std::string::npos)
      << t.output;
  EXPECT_EQ(t.output.find("2026-02-14T"), std::string::npos) << t.output;
}

// The same logs as a CI job's raw log (timestamps), its web-log copy (line
// numbers and timestamps), with the runner's group markers, quoted in a
// reply, and in a journal: the same report as the plain log.
TEST(TestVerbose, LogsInsideCiWrappers) {
  for (const char* name : {"run-go1.26.v.txt", "run-go1.27.v.txt", "run-go1.26.plain.txt",
                           "subtesthang-go1.26.v.txt"}) {
    SCOPED_TRACE(name);
    std::string plain = ReadData(name);
    std::string expect = Summary(ReadReport(plain));
    std::string ts = WithActionsTimestamps(plain);
    EXPECT_EQ(Summary(ReadReport(ts)), expect);
    std::string grouped =
        "2024-05-01T09:59:59.0000000Z ##[group]Run go test -v ./...\n" + ts +
        "2024-05-01T10:59:59.0000000Z ##[error]Process completed with exit code 1.\n";
    TestRunBuilder b;
    ReadTestStream(grouped, b);
    EXPECT_EQ(Summary(b.Finish()), expect);
    EXPECT_NE(b.stray().find("##[error]Process completed"), std::string::npos);
    std::string weblog;
    size_t pos = 0, n = 1;
    while (pos < ts.size()) {
      size_t nl = ts.find('\n', pos);
      weblog += std::to_string(n++) + " " + ts.substr(pos, nl + 1 - pos);
      pos = nl + 1;
    }
    EXPECT_EQ(Summary(ReadReport(weblog)), expect);
    // A reply that quotes the log, and a journal of the CI machine.
    std::string quoted, journal;
    pos = 0;
    while (pos < plain.size()) {
      size_t nl = plain.find('\n', pos);
      std::string line = plain.substr(pos, nl - pos);
      quoted += (line.empty() ? ">" : "> ") + line + "\n";
      journal += "Dec 07 10:00:00 ci-runner-3 go[4121]: " + line + "\n";
      pos = nl + 1;
    }
    EXPECT_EQ(Summary(ReadReport(quoted)), expect);
    EXPECT_EQ(Summary(ReadReport(journal)), expect);
  }
}

TEST(TestVerbose, WhichLinesAreGoTests) {
  EXPECT_TRUE(IsGoTestLine("=== RUN   TestX"));
  EXPECT_TRUE(IsGoTestLine("    --- FAIL: TestX/sub (0.00s)"));
  EXPECT_TRUE(IsGoTestLine("ok  \texample.com/p\t0.1s"));
  EXPECT_TRUE(IsGoTestLine("panic: test timed out after 3s"));
  EXPECT_TRUE(IsGoTestLine("{\"Time\":\"2024-05-01T10:00:00Z\",\"Action\":\"start\"}"));
  EXPECT_FALSE(IsGoTestLine("    ok  \tnot a package line"));
  EXPECT_FALSE(IsGoTestLine("{\"log\":\"=== RUN   TestX\\n\"}"));
  EXPECT_FALSE(IsGoTestLine("2024-05-01T10:00:00.1234567Z === RUN   TestX"));
  std::string out;
  EXPECT_FALSE(
      UnwrapTestLog("=== RUN   TestX\n2024-05-01T10:00:00.1234567Z === RUN   TestY\n", out));
  EXPECT_TRUE(UnwrapTestLog("2024-05-01T10:00:00.1234567Z === RUN   TestY\n", out));
  EXPECT_EQ(out, "=== RUN   TestY\n");
}

// A log cut off while a test runs (a CI job killed): the tests that started
// count as failed, with a warning; a log without go test lines is nothing.
TEST(TestVerbose, CutOffLog) {
  std::string text = ReadData("run-go1.26.v.txt");
  size_t cut = text.find("=== RUN   TestDelayNeverShrinks/base100ms/upTo70");
  TestRunReport r = ReadReport(text.substr(0, cut));
  ASSERT_EQ(r.packages.size(), 2u);  // builderror's block, and the unnamed package
  const PackageResult* p = FindPackage(r, "(unnamed package)");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(Results(*p).at("TestDelay/attempt64"), "fail");
  // -v prints a subtest's result line when its parent ends: upTo30 passed,
  // but the log was cut before it said so.
  EXPECT_EQ(Results(*p).at("TestDelayNeverShrinks/base100ms/upTo30"), "fail");
  EXPECT_EQ(Results(*p).at("TestDelayNeverShrinks"), "fail");
  EXPECT_FALSE(r.warnings.empty());
  EXPECT_TRUE(ReadReport("Run go test\nProcess completed with exit code 1.\n").packages.empty());
}

}  // namespace
}  // namespace gopit
