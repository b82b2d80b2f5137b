// DUMP008 locked-threads: many goroutines locked to their OS thread, each
// pinning a thread.
#include <algorithm>
#include <cmath>

#include "analysis/diagnoses/diagnoses.h"

namespace gopit {
namespace {

const RuleInfo kInfo{
    "DUMP008", "locked-threads", Severity::kWarning,
    "Many goroutines are locked to their OS thread (runtime.LockOSThread), each pinning a "
    "thread.",
    R"(## What it finds
Goroutines of the program (runtime-internal ones aside) that the runtime
prints as `locked to thread`, when there are at least `--locked-threads`
(default 20) of them in all. The location is the innermost frame of the
program of the bucket with the most locked goroutines; the message names
where they wait.

## Why it is bad
`runtime.LockOSThread` wires the goroutine to its OS thread until a
matching `UnlockOSThread` or the goroutine's end: no other goroutine can
use that thread, so every blocked locked goroutine costs a whole thread
(its stack, a kernel task). Locking without unlocking in long-lived
goroutines, or in goroutines that leak, grows the thread count without
bound, up to the runtime's limit (`program exceeds 10000-thread limit`,
a crash). A goroutine that exits while still locked also makes the runtime
throw its thread away, so a lock in a short-lived goroutine per request
means a new thread per request.

## Example
```
goroutine 18 [chan receive, locked to thread]:
main.pinnedWorker(0xc0000a4000)
	/src/app/worker.go:336 +0x45
created by main.startWorkers in goroutine 1
	/src/app/worker.go:347 +0x6b
```

## Fix
Pair every `runtime.LockOSThread()` with `defer runtime.UnlockOSThread()`
in the same function, lock only around the calls that need the thread
(thread-local C state, namespaces, UI main loops), and make sure locked
goroutines end. Use a fixed pool of locked worker goroutines fed by a
channel instead of locking one per task.

## Score
log2(1 + locked goroutines) x (1 + max wait minutes / 10) over the buckets
with locked goroutines.

## False alarms it does not raise
- `main` locked to its thread on purpose (an `init` that calls
  `runtime.LockOSThread` for a GUI, OpenGL or other main-thread library),
  or a small fixed pool of locked workers that own thread-bound C state:
  fewer than `--locked-threads` (default 20) locked goroutines of the
  program in all are by design.
- Locked goroutines with no frame of the program's own (the runtime's,
  such as `runtime.ensureSigM` that `os/signal` starts), and
  runtime-internal goroutines, never count toward the threshold.

## Known limits
- Only tracebacks (debug=2, SIGQUIT, panics) say `locked to thread`;
  debug=1 and debug=0 profiles never trigger this.
- Some locking is by design (a pool of goroutines that own C libraries'
  thread-bound state); raise `--locked-threads` for such programs.
- A locked goroutine that is running, not blocked, still counts.)"};

class Dump008 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    const Symbols& sym = in.symbols;
    uint64_t locked = 0;
    int32_t max_wait = -1;
    const Bucket* top = nullptr;
    std::vector<uint64_t> ids;
    size_t sites = 0;
    for (const Bucket& b : in.buckets.buckets) {
      if (b.locked_to_thread == 0 || b.category == Category::kRuntime) continue;
      if (!HasUserFrame(sym, b.frames)) continue;
      locked += b.locked_to_thread;
      max_wait = std::max(max_wait, b.wait.max);
      ids.push_back(b.fingerprint);
      ++sites;
      if (!top || b.locked_to_thread > top->locked_to_thread) top = &b;
    }
    if (!top || locked < in.options.locked_threads) return;

    Diagnosis d = MakeDiagnosis(kInfo, sym, *top);
    d.bucket_ids = std::move(ids);
    d.goroutines = locked;
    double minutes = max_wait > 0 ? max_wait : 0;
    d.score = std::log2(1.0 + static_cast<double>(locked)) * (1.0 + minutes / 10.0);
    std::string state(sym.Str(top->state));
    if (state.empty()) state = CategoryName(top->category);
    std::string msg = std::to_string(locked) +
                      " goroutines are locked to their OS thread (runtime.LockOSThread), each "
                      "pinning a thread: " +
                      std::to_string(top->locked_to_thread) + " of them wait in " + state + " at " +
                      ShortPlace(d.location) + " (" + d.location.function + ")";
    if (top->wait.max > 0)
      msg += " for up to " + std::to_string(top->wait.max) +
             (top->wait.max == 1 ? " minute" : " minutes");
    if (sites > 1) msg += ", the others at " + std::to_string(sites - 1) + " more places";
    msg += "; a LockOSThread without UnlockOSThread, or locked goroutines that never end";
    d.message = std::move(msg);
    out.push_back(std::move(d));
  }
};

}  // namespace

const DumpDiagnosis& Dump008Diagnosis() {
  static const Dump008 d;
  return d;
}

}  // namespace gopit
