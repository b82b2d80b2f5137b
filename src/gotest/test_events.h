// Reading what `go test` prints into a TestRunReport.
//
// Two inputs share one builder: the `go test -json` stream (test2json
// events, one JSON object a line) and the plain `go test -v` text a CI log
// holds. Both become TestEvents in stream order; the builder keeps per
// package its tests and, in order, the package's whole output, because a
// timeout dump is spread over the output events of whichever test was
// last named (golang/go#57305, #74323). Finish() turns that output into
// verdicts: hung tests from the dump (gotest/hung_tests.h), tests the binary
// never reported on.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gotest/test_report.h"

namespace gopit {

struct TestEvent {
  std::string action;   // run pause cont pass fail skip output start bench build-output build-fail
  std::string package;  // import path ("ImportPath" for build events, without " [x.test]")
  std::string test;     // empty for package events
  std::string output;   // the text of an output event, with its newline
  // Go 1.27+: what an output line is ("frame" for === RUN / --- FAIL lines,
  // "error" and "error-continue" for t.Error/t.Fatal text); "" before 1.27.
  std::string output_type;
  double elapsed = -1;        // seconds; -1 when the event has none
  bool failed_build = false;  // a package "fail" that says FailedBuild
};

// Parses one line of a `go test -json` stream. False (with `error`) when the
// line is not a test2json object; such lines are what go itself printed.
bool ParseTestEventLine(std::string_view line, TestEvent& out, std::string& error);

class TestRunBuilder {
 public:
  void Add(TestEvent e);
  // Text go printed that is no event (its stderr, or a non-JSON line).
  void AddStray(std::string_view line);
  // The watchdog quit this package's test binary after `quiet_s` seconds
  // without a test event.
  void NoteWatchdog(const std::string& package, double quiet_s);

  // Live counts for the progress line. A test is counted hung when its
  // package ends after a -timeout panic or the watchdog's SIGQUIT with the
  // test unfinished (the verdict Finish() gives it, known that early).
  struct Counts {
    size_t packages_started = 0, packages_done = 0;
    size_t passed = 0, failed = 0, skipped = 0, hung = 0;
  };
  const Counts& counts() const { return counts_; }
  // Packages with a test that has started and not ended.
  std::vector<std::string> PackagesRunning() const;

  // Decides the verdicts and diagnoses. Call once, at the end of the stream.
  TestRunReport Finish();
  bool AnyBuildError() const;
  // What go printed outside events (build errors of older releases, go's own errors).
  const std::string& stray() const { return stray_; }

 private:
  struct Pkg {
    PackageResult result;
    std::map<std::string, size_t> test_index;
    std::string watchdog;    // non-empty when gopit quit the binary
    bool timed_out = false;  // the binary printed the -timeout panic
    bool build_failed = false;
    bool done = false;
  };
  Pkg& PackageFor(const std::string& name);
  TestResult& TestFor(Pkg& p, const std::string& name);

  std::vector<Pkg> packages_;
  std::map<std::string, size_t> package_index_;
  std::string stray_;
  std::vector<std::string> warnings_;
  Counts counts_;
};

// Reads a saved stream, sniffing -json (the first line go test itself wrote
// is an event) or -v, inside CI log wrappers (gotest/test_log_wrapper.h).
void ReadTestStream(std::string_view text, TestRunBuilder& b);
// The -v reader alone (gotest/test_verbose.cc).
void ReadVerboseStream(std::string_view text, TestRunBuilder& b);

}  // namespace gopit
