// The live progress line of `gopit test` (shown on a terminal, on stderr):
// packages done of how many, tests passed, failed, hung and skipped so far,
// packages with a test running, and the time since the start.
#pragma once

#include <cstddef>
#include <string>

#include "gotest/test_events.h"

namespace gopit {

// `packages_total` is 0 when it is not known (without the leak check gopit
// does not list the packages first); `running` is how many packages have a
// test running. No colour and no terminal control: the caller adds those.
std::string TestProgressLine(const TestRunBuilder::Counts& c, size_t packages_total, size_t running,
                             double elapsed_s);

}  // namespace gopit
