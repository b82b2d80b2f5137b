// The renderers of `gopit test`: one per output format, each reading only
// the TestRunReport (gotest/test_report.h).
#pragma once

#include <ostream>

#include "gotest/test_report.h"

namespace gopit {

struct TestTextOptions {
  bool color = false;
  // Why leaked goroutines were not looked for ("--no-leak-check"); empty when
  // they were. Said under the totals.
  std::string leaks_not_checked;
};

// Counts every output states the same way.
struct TestTotals {
  size_t packages = 0, tests = 0, passed = 0, failed = 0, skipped = 0, hung = 0, leaked = 0;
  size_t build_errors = 0;
};
TestTotals CountTests(const TestRunReport& r);
// "failed", "hung", "leaked" tests of a package, in report order.
bool IsBadResult(const std::string& result);

void RenderTestText(const TestRunReport& r, const TestTextOptions& o, std::ostream& out);
void RenderTestJson(const TestRunReport& r, std::ostream& out);
void RenderTestJunit(const TestRunReport& r, std::ostream& out);
void RenderTestMarkdown(const TestRunReport& r, std::ostream& out);
void RenderTestSarif(const TestRunReport& r, std::ostream& out);

}  // namespace gopit
