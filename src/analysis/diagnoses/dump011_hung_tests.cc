// DUMP011 hung-test: a test that did not finish, named, with what its
// goroutines wait on and whether that is a deadlock.
#include "analysis/diagnoses/diagnoses.h"
#include "analysis/test_owner.h"

namespace gopit {
namespace {

const RuleInfo kInfo{
    "DUMP011", "hung-test", Severity::kError,
    "A test did not finish: its goroutines wait on each other (a deadlock) or on something slow.",
    R"(## What it finds
A dump of a test binary that stopped because a test hung: the
`panic: test timed out after ...` of `go test -timeout`, the runtime's
`fatal error: all goroutines are asleep - deadlock!`, a synctest bubble
deadlock, or the SIGQUIT dump `gopit test --hang-after` takes. For each
test whose function is still running it finds the test's goroutines: the
one running the test function (right above `testing.tRunner`) and every
goroutine it started, directly or through others (`created by ... in
goroutine N`). The testing machinery (`m.Run`, the timeout alarm, subtests
parked in `t.Parallel`), signal and runtime goroutines are not the test's.

It is a **deadlock** (error) when every goroutine of the test is blocked on
a channel, a `select`, a mutex, a wait group or a condition variable; the
test can never finish. It is **hung, not deadlocked** (warning) when one of
them sleeps, waits for I/O, is in a system call or runs: the test is slow
or polls for something that does not come.

A testing/synctest bubble (Go 1.24+) ends a test at once instead of
hanging it, and what it says is certain, not a guess from a timeout: the
runtime panics only when the goroutines are durably blocked (`(durable)`,
`synctest bubble N` in their state). `deadlock: main bubble goroutine has
exited but blocked goroutines remain` is a leak the bubble proved: the
message names the goroutines the test left blocked and where they were
started. `deadlock: all goroutines in bubble are blocked` is a deadlock
inside the test. Both are errors; the test keeps go test's `fail` (it did
not hang), and the goroutine that reports the panic is not counted.

The location is where to look: when the test waits in its own `_test.go`
file for the code under test, the place where that code is blocked (and
the `go` statement that started it); otherwise where the test's goroutine
itself is blocked.

## Why it is bad
A hung test costs the whole `-timeout` (10 minutes by default) and prints
every goroutine of the binary; `go test -json` attributes the dump to one
test and gives the hung ones no `fail` event (golang/go#57305, #74323).
The cause is nearly always in the code under test: a send nobody receives,
a lock taken twice or in two orders, a `wg.Done` skipped on an error path.

## Example
From tests/go/gotest/chandeadlock (the shape of go-co-op/gocron#835), with
`go test -timeout 3s`:
```
TestShutdownTimeout deadlocked: goroutine 22 waits at executor_test.go:19
(sync.WaitGroup.Wait) for goroutine 23 blocked at executor.go:24 (chan send),
started at executor.go:30
```

## Fix
Read the blocked places together: each waits for something another holds or
should send. Give every send a receiver or a buffer (or a `select` with the
context), match every `Add` with a `defer wg.Done()`, never take a read
lock twice, take locks in one order.

## Score
97 for a deadlock, 70 for a hung test that can still make progress.

## Known limits
A test is told from its stack only: goroutines started by package `init`
or `TestMain` belong to no test, and a goroutine whose creator has exited
is attributed only when its `created by` function is the test's own (a
closure of it). A `select` waiting on a timer counts as blocked. Subtests
are named by their top-level test (stacks carry no subtest names);
`gopit test` adds the names from the `running tests:` list.)"};

class Dump011 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    for (const Snapshot* s : in.snapshots) {
      if (!IsHungTestDump(in.symbols, *s)) continue;
      for (HungTest& h : AnalyseHungTests(in.symbols, *s, kInfo))
        out.push_back(std::move(h.diagnosis));
    }
  }
};

}  // namespace

const DumpDiagnosis& Dump011Diagnosis() {
  static const Dump011 d;
  return d;
}

}  // namespace gopit
