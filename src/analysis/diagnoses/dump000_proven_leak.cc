// DUMP000 proven-leak: goroutines the runtime's goroutine-leak detector
// proved can never wake.
#include <cmath>

#include "analysis/diagnoses/diagnoses.h"

namespace gopit {
namespace {

const RuleInfo kInfo{"DUMP000", "proven-leak", Severity::kError,
                     "Goroutines the runtime's goroutine-leak profile proves can never wake.",
                     R"(## What it finds
Goroutines listed by `/debug/pprof/goroutineleak` (Go 1.26 built with
`GOEXPERIMENT=goroutineleakprofile`, standard from Go 1.27), in any of its
forms: `debug=2` text marks them `(leaked)` in their state, `debug=1` and
`debug=0` list only them. The garbage collector found that nothing
reachable can ever unblock them: the channel, mutex or wait group they wait
on is unreachable from any running goroutine.

## Why it is bad
They are leaks by proof, not by suspicion: each holds its stack and
everything it references until the process exits, and more pile up each
time the code path runs.

## Example
From `/debug/pprof/goroutineleak?debug=2` of tests/go/leakprof (a lookup
whose worker sends its result after the caller gave up):
```
goroutine 20 [chan send (leaked)]:
main.lookup.func1()
	/work/main/tests/go/leakprof/main.go:42 +0x91
created by main.lookup in goroutine 1
	/work/main/tests/go/leakprof/main.go:38 +0x125
```

## Fix
Give the blocked operation a way out: a buffered channel of size 1 for a
single result, a `select` on `ctx.Done()`, or closing the channel in the
producer. The location is the blocking line; the `created by` line is where
the goroutine was started.

## Score
100 + log2(1 + goroutines): certain findings rank above every suspicion.

## Known limits
Only goroutines blocked on objects that became unreachable are proven; a
goroutine blocked on a channel a global still references is not (DUMP002
may still call it a suspect).)"};

class Dump000 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    for (const Bucket& b : in.buckets.buckets) {
      if (b.leaked == 0) continue;
      Diagnosis d = MakeDiagnosis(kInfo, in.symbols, b);
      d.goroutines = b.leaked;
      d.score = 100 + std::log2(1.0 + static_cast<double>(b.leaked));
      std::string state(in.symbols.Str(b.state));
      d.message = std::to_string(b.leaked) + (b.leaked == 1 ? " goroutine" : " goroutines") +
                  " proven leaked by the runtime, blocked at " + ShortPlace(d.location) +
                  (state.empty() ? "" : " (" + state + ")") +
                  (d.created_by ? ", started at " + ShortPlace(*d.created_by) : "") +
                  ": nothing can ever wake them";
      out.push_back(std::move(d));
    }
  }
};

}  // namespace

const DumpDiagnosis& Dump000Diagnosis() {
  static const Dump000 d;
  return d;
}

}  // namespace gopit
