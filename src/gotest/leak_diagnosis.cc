#include "gotest/leak_diagnosis.h"

namespace gopit {

const RuleInfo& TestLeakRuleInfo() {
  static const RuleInfo kInfo{"DUMP012", "test-leak", Severity::kWarning,
                              "Goroutines a test started that were still running after the "
                              "tests and the settle.",
                              R"(## What it finds
`gopit test` notes the goroutines that exist before a package's tests, runs
them, and looks again after the last test, retrying with backoff for up to
the settle time (`--settle`, 1s by default) while any new goroutine is left.
Each one still there is attributed to the test that started it, through its
`created by` line, the stacks of its creators (`GODEBUG=tracebackancestors`)
and the test function's closures, so a leak in a `t.Parallel` test or a
subtest is blamed on that test, not on whichever ran last. The goroutine-leak
profile (Go 1.27; Go 1.26 with `GOEXPERIMENT=goroutineleakprofile`) proves
some of them can never wake: those are DUMP000 errors. What only the settle
saw stays this warning: a goroutine in a sleep loop, in I/O, or blocked on
something a global still reaches.

## Why it is bad
A goroutine a test leaves behind keeps running through the tests after it:
it holds memory and connections, races with later tests, and in production
code the same path leaks once per call.

## Example
tests/go/gotest/leaksleep: a worker that polls with `time.Sleep` and has no
way to stop:
```
goroutine 7 [sleep]:
time.Sleep(0xf4240)
gopit.test/gotest/leaksleep.(*Worker).Start.func1()
	.../leaksleep/poller.go:27 +0x45
created by gopit.test/gotest/leaksleep.(*Worker).Start in goroutine 6
```
is reported as `TestWorkerCounts leaked 1 goroutine (sleep) at poller.go:27`.

## Fix
Give the goroutine a way to end (a context, a stop channel, closing what it
reads) and end it in the test, e.g. with `t.Cleanup`. A library goroutine
that lives for the process by design belongs in an ignore rule with a reason
(`--ignore`, `test: ignore:` in .gopit.yaml) or a preset; see
docs/test-leaks.md.

## Go versions
All; attribution through ended creators needs the creator stacks the
runtime records with `GODEBUG=tracebackancestors` (gopit sets it). The leak
profile that turns these into DUMP000 needs Go 1.27, or 1.26 built with
`GOEXPERIMENT=goroutineleakprofile`.

## Known limits
A goroutine that ends a little after the settle is still reported; a longer
`--settle` trades time for certainty. Packages with a TestMain of their own
are checked only when it calls `gopittest.Main(m)` or `gopittest.Run(m)`.)"};
  return kInfo;
}

}  // namespace gopit
