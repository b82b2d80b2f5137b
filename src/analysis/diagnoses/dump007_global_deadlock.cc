// DUMP007 global-deadlock: no user goroutine can make progress.
#include <cmath>

#include "analysis/diagnoses/diagnoses.h"

namespace gopit {
namespace {

const RuleInfo kInfo{
    "DUMP007", "global-deadlock", Severity::kError,
    "No user goroutine can make progress: all are blocked on channels, locks or wait groups.",
    R"(## What it finds
A dump in which every goroutine of the program (runtime-internal ones
aside) waits on a channel, a `select`, a mutex, a wait group or a condition
variable, and none is running, runnable, sleeping, in a system call or in
I/O. When the runtime found it itself it aborted with
`fatal error: all goroutines are asleep - deadlock!` and the diagnosis is
certain (error); when gopit infers it from the states of a dump it is a
warning, since a `select` may also wait on a timer that will fire.

## Why it is bad
Nothing will ever happen again in the process: requests hang, tests time
out. Usual causes: a send with no receiver in `main`, `wg.Wait()` with an
`Add` that is never matched by `Done`, two goroutines each waiting for the
other (lock order, or two unbuffered channels).

## Example
From tests/go/deadlock (built with CGO_ENABLED=0, so the runtime detects it):
```
fatal error: all goroutines are asleep - deadlock!

goroutine 1 [sync.WaitGroup.Wait]:
sync.runtime_SemacquireWaitGroup(0x4e2000?, 0xa8?)
	/usr/local/go/src/runtime/sema.go:114 +0x2e
sync.(*WaitGroup).Wait(0x1f7e1ca020b0)
	/usr/local/go/src/sync/waitgroup.go:206 +0x85
main.main()
	/work/main/tests/go/deadlock/main.go:80 +0x56a
```

## Fix
Read the location (where `main`, or the largest group, waits) together with
the other buckets: each waits for something another one holds or should
send. Match every `Add` with a `Done` (`defer wg.Done()`), close channels
that are ranged over, and take locks in one order.

## Score
95 when the runtime declared the deadlock, 60 when inferred.

## False alarms it does not raise
An inferred deadlock is claimed only from a dump known to be whole: one
traceback, written on request (a dump endpoint, `SIGQUIT`; not a panic or
another fatal error, which stop the process at a moment of their own), with
goroutine 1 in it, its stack down to `main.main` (a paste that stops inside
`main`'s stack is an excerpt: the goroutines after it are missing too), and
read without any warning. One or two goroutines cut
from a live process, a dump gopit found truncated, or a crash such as
`fatal error: concurrent map iteration and map write` never get the claim:
the other diagnoses say what is blocked there. A service idling until
SIGTERM (an `os/signal` watcher) is not deadlocked either.

## Known limits
Goroutines blocked in cgo or on the network count as able to make progress,
so a deadlock that involves them is not seen. A process with an `os/signal`
watcher can be woken from outside and is not called deadlocked. A channel
fed by a timer (`time.Ticker`, `time.After`) looks like any other channel
in a dump, which is why an inferred deadlock is a warning. Inferred
deadlocks need wait states, which only tracebacks (debug=2, panics,
SIGQUIT) carry.)"};

bool Blocking(Category c) {
  return c == Category::kChannel || c == Category::kSelect || c == Category::kLock ||
         c == Category::kWaitGroup || c == Category::kCond;
}

// Goroutine 1 runs main.main for the life of the process, so its stack
// ends there (then runtime.main, when runtime frames are shown); one that
// stops short of it without an elision mark was cut by whoever pasted it:
// the rest of the dump is not there either.
bool MainReachesMain(const Symbols& symbols, const GoroutineRecord& g) {
  const Stack& st = symbols.GetStack(g.stack);
  if (st.elided > 0 || st.elided_unknown) return true;
  for (FrameId f : st.frames) {
    std::string_view fn = symbols.Str(symbols.GetFrame(f).function);
    if (fn == "main.main" || fn == "runtime.main") return true;
  }
  return false;
}

// A whole dump of one moment: a single traceback that the process wrote
// on request (no crash reason other than a signal), with goroutine 1 in it
// and its stack down to main.main (excerpts pasted from a live process
// rarely keep it, or cut it), read without any warning (a cut or damaged
// dump is missing goroutines).
bool Whole(const DiagnosisInput& in) {
  if (in.snapshots.size() != 1) return false;
  const Snapshot& s = *in.snapshots[0];
  if (s.format != InputFormat::kTraceback || s.leak_profile) return false;
  if (!s.reason.empty() && !s.reason.starts_with("SIGQUIT")) return false;
  if (!in.warnings || !in.warnings->empty()) return false;
  for (const GoroutineRecord& g : s.goroutines) {
    if (g.id == 1 && !g.thread_section) return MainReachesMain(in.symbols, g);
  }
  return false;
}

class Dump007 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    bool declared = false;
    for (const Snapshot* s : in.snapshots) {
      if (s->reason.find("all goroutines are asleep") != std::string::npos) declared = true;
    }
    // Inferred only from a single traceback known to be whole: merged
    // buckets of several dumps say nothing about one moment, and an
    // excerpt, a cut dump or a crash for another reason shows only some of
    // the goroutines, or a moment the crash chose.
    if (!declared && !Whole(in)) return;

    const Bucket* main_bucket = nullptr;
    const Bucket* largest = nullptr;
    uint64_t user = 0;
    std::vector<uint64_t> ids;
    for (const Bucket& b : in.buckets.buckets) {
      // A process that waits for signals (os/signal) can still be woken
      // from outside: a service idling until SIGTERM is not deadlocked.
      if (!declared && (HasFunction(in.symbols, b.frames, "os/signal.signal_recv") ||
                        HasFunction(in.symbols, b.frames, "os/signal.loop"))) {
        return;
      }
      if (b.category == Category::kRuntime) continue;
      if (!Blocking(b.category) && !declared) return;  // something can still run
      user += b.count;
      ids.push_back(b.fingerprint);
      if (!main_bucket && HasFunction(in.symbols, b.frames, "main.main")) main_bucket = &b;
      if (!largest || b.count > largest->count) largest = &b;
    }
    if (user == 0) return;
    const Bucket& at = main_bucket ? *main_bucket : *largest;
    Diagnosis d = MakeDiagnosis(kInfo, in.symbols, at);
    d.bucket_ids = ids;
    d.goroutines = user;
    d.severity = declared ? Severity::kError : Severity::kWarning;
    d.score = declared ? 95 : 60;
    std::string who = main_bucket ? "main waits" : "the largest group waits";
    std::string state(in.symbols.Str(at.state));
    d.message = (declared ? std::string("the runtime aborted: all goroutines are asleep. ")
                          : std::string("no goroutine can make progress: ")) +
                std::to_string(user) + (user == 1 ? " goroutine" : " goroutines") +
                " blocked on channels, locks or wait groups; " + who + " at " +
                ShortPlace(d.location) + (state.empty() ? "" : " (" + state + ")");
    out.push_back(std::move(d));
  }
};

}  // namespace

const DumpDiagnosis& Dump007Diagnosis() {
  static const Dump007 d;
  return d;
}

}  // namespace gopit
