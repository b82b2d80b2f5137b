// The model of one `gopit test` run: packages, their tests and verdicts, and
// the diagnoses attached to tests.
#pragma once

#include <string>
#include <vector>

#include "analysis/diagnosis.h"

namespace gopit {

struct TestResult {
  std::string name;
  std::string result; /* pass|fail|skip|hung|leaked */
  double elapsed_s;
  std::string output;
};

struct PackageResult {
  std::string package;
  std::string dir;
  std::string result;
  std::vector<TestResult> tests;
};

struct TestDiagnosis {
  Diagnosis d;
  std::string test, package;
};

struct TestRunReport {
  std::vector<PackageResult> packages;
  std::vector<TestDiagnosis> diagnoses;
};

}  // namespace gopit
