// Hung tests of one package: from the dump its test binary printed (a
// `-timeout` panic, the runtime's deadlock abort, a synctest deadlock, or
// gopit's SIGQUIT), the `running tests:` list of Go 1.23+, and the tests
// that never ended. Each hung test gets the result "hung" and a DUMP011
// diagnosis (analysis/test_owner.h does the reasoning, so `gopit stacks`
// reads the same dump the same way).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gotest/test_report.h"

namespace gopit {

// Where the dump of a stopped test binary starts in `output` (a package's
// whole output); npos when there is none.
size_t FindHungDumpStart(std::string_view output);

struct RunningTest {
  std::string name;
  double elapsed_s = -1;
};
// The indented list under "running tests:" after a timeout panic.
std::vector<RunningTest> ParseRunningTests(std::string_view dump);

// "3s", "1m0s", "250ms" as go prints durations; -1 when unreadable.
double ParseGoDuration(std::string_view s);

// Marks the package's hung tests and appends their diagnoses to `report`.
// `watchdog` is non-empty when gopit quit the binary (said in the message).
void JudgeHungTests(PackageResult& pkg, const std::string& watchdog, TestRunReport& report);

// Most important first (analysis/diagnosis.h's order).
void SortDiagnoses(TestRunReport& report);

}  // namespace gopit
