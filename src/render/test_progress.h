// The live progress line of `gopit test` (shown on a terminal, on stderr):
// packages done of how many, tests passed, failed, hung, leaking and skipped
// so far, packages with a test running, and the time since the start.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "gotest/test_events.h"

namespace gopit {

struct TestProgressExtra {
  size_t packages_total = 0;      // 0: not known (without the leak check gopit lists none)
  size_t running = 0;             // packages with a test running
  std::optional<size_t> leaking;  // tests that leaked so far; none without the leak check
};

// No colour and no terminal control: the caller adds those.
std::string TestProgressLine(const TestRunBuilder::Counts& c, const TestProgressExtra& x,
                             double elapsed_s);

}  // namespace gopit
