// The model of one `gopit test` run: per package the tests with their
// results, and the diagnoses that explain the failing ones (hung tests from
// the timeout or watchdog dump, leaked goroutines after the tests).
//
// Input -> model: gotest/test_events.cc (go test -json) and
// gotest/test_verbose.cc (go test -v) fill it from a stream; the runner
// fills it from a live `go test -json`; the leak side (gotest/leak_*.cc)
// marks leaked tests and appends their diagnoses. Renderers read it only.
#pragma once

#include <string>
#include <vector>

#include "analysis/diagnosis.h"

namespace gopit {

struct TestResult {
  std::string name;    // "TestFoo" or "TestFoo/sub"
  std::string result;  // pass|fail|skip|hung|leaked
  double elapsed_s = 0;
  std::string output;  // the test's own output lines, in order
};

struct PackageResult {
  std::string package;  // import path, as go test prints it
  std::string dir;      // directory, when known (live runs); empty from --from
  std::string result;   // pass|fail|skip|hung|build-error (or "" when the stream ends early)
  std::vector<TestResult> tests;
  std::string output;  // package-level output (build errors, timeout panic, dump)
  double elapsed_s = 0;
};

// A diagnosis tied to the test and package it explains.
struct TestDiagnosis {
  Diagnosis d;
  std::string test;  // "" when it concerns the package as a whole
  std::string package;
};

struct TestRunReport {
  std::vector<PackageResult> packages;
  std::vector<TestDiagnosis> diagnoses;  // most important first
  std::vector<std::string> warnings;     // what was skipped while reading
};

}  // namespace gopit
