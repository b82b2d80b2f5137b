// Which test a goroutine of a test binary belongs to, and what a hung test's
// goroutines wait on.
//
// A test's own goroutine has the test function directly above
// `testing.tRunner` on its stack; a goroutine it started (or one started by
// such a goroutine) is found through `created by ... in goroutine N`, and,
// when the creator is gone from the dump, through the `created by` frame's
// function ("pkg.TestFoo.func2" belongs to TestFoo). The testing machinery
// (m.Run, the alarm that panics on timeout, tRunner goroutines waiting for
// subtests), signal and runtime goroutines belong to no test.
//
// Both `gopit stacks` (through DUMP011) and `gopit test` use this, so the
// same dump gives the same verdict in both.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/category.h"
#include "analysis/diagnosis.h"
#include "model/snapshot.h"

namespace gopit {

struct GoroutineOwner {
  std::string test;        // top-level test name ("TestFoo"); empty: no test
  bool test_body = false;  // the goroutine runs the test function itself (above tRunner)
  // Parked inside the testing package on behalf of the test: t.Parallel
  // waiting for the parent to return, t.Run waiting for a subtest.
  bool testing_wait = false;
};

// One entry per record of `snap`, in the same order.
std::vector<GoroutineOwner> OwnTests(const Symbols& symbols, const Snapshot& snap);

// "TestFoo" from "example.com/pkg.TestFoo.func1.2" or "pkg_test.TestFoo";
// empty when the function is no test, benchmark, fuzz target or example of a
// user package.
std::string TestNameOfFunction(std::string_view function);

// Whether the snapshot is a test binary that stopped because something hung:
// a test timeout panic, the runtime's "all goroutines are asleep", a
// synctest bubble deadlock, or a SIGQUIT (gopit's watchdog), with at least
// one goroutine that runs a test.
bool IsHungTestDump(const Symbols& symbols, const Snapshot& snap);

// How a testing/synctest bubble (Go 1.24+) ended in a panic: its main
// goroutine returned while others stayed durably blocked (a leak the
// runtime proved), or every goroutine in it is durably blocked (a deadlock).
enum class BubbleEnd { kNone, kBlockedRemain, kAllBlocked };
BubbleEnd SynctestBubbleEnd(std::string_view reason);

// What one hung test's goroutines do.
struct HungTest {
  std::string test;
  bool deadlocked = false;  // every goroutine of it is blocked on channels, locks, wait groups
  Diagnosis diagnosis;      // DUMP011, message naming the test, the waits and their lines
};

// One per test that owns goroutines in `snap` (a hung-test dump), in order
// of their first goroutine. `info` gives id, slug and severity.
std::vector<HungTest> AnalyseHungTests(const Symbols& symbols, const Snapshot& snap,
                                       const RuleInfo& info);

}  // namespace gopit
