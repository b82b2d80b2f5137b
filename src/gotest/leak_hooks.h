// Where `gopit test` calls the leak check (gotest/leak_check.h, built
// separately): before `go test` to add its arguments and environment, after
// it to mark leaked tests. This file's .cc is the version without the leak
// check: it adds nothing and finds nothing.
#pragma once

#include <string>
#include <vector>

#include "gotest/test_report.h"

namespace gopit {

// The leak flags of `gopit test`, as parsed.
struct LeakFlags {
  bool enabled = true;                  // --no-leak-check turns it off
  std::vector<std::string> ignore;      // --ignore RULE
  std::vector<std::string> no_presets;  // --no-preset NAME
  std::string settle;                   // --settle DURATION, empty: the default
};

struct LeakHookState;  // what Prepare leaves for Collect

// Adds to `go_args` and `env` what the leak check needs; false (with
// `error`) when it cannot be set up. `packages` are the patterns given.
bool PrepareLeakHooks(const std::vector<std::string>& packages, const LeakFlags& flags,
                      std::vector<std::string>& go_args, std::vector<std::string>& env,
                      LeakHookState*& state, std::string& error);

// Marks leaked tests in `report` and appends their diagnoses; frees `state`.
void CollectLeakHooks(LeakHookState* state, TestRunReport& report);

// How many packages `go list` named for the run, the progress line's total;
// 0 when unknown (no state).
size_t LeakHookPackageCount(const LeakHookState* state);

// How many tests have leaked so far, while go test runs (gotest/leak_check.h
// LeakWatch); 0 without state.
size_t LeakHookLeakingSoFar(LeakHookState* state);

// Whether this build has the leak check (the text report says when not).
bool LeakCheckAvailable();

}  // namespace gopit
