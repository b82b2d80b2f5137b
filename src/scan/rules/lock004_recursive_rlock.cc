// LOCK004 recursive-rlock: a goroutine read-locks an RWMutex whose read lock
// it already holds.
#include "scan/rules/held_locks.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

const RuleInfo kInfo{"LOCK004", "recursive-rlock", Severity::kWarning,
                     "RLock on an RWMutex whose read lock the same goroutine already holds.",
                     R"(## What it finds
An `RLock()` on a `sync.RWMutex` while the same goroutine holds its read
lock, with no `RUnlock` on the path between: written twice in one function,
or taken by a method or function of the package called with the read lock
held (a `Len()` that read-locks, called from a `Range()` that read-locks).
The finding is on the second `RLock` (or on the call); the related
locations are the first `RLock` and, in the same file, the called
function's.

## Why it is bad
It works in tests and deadlocks under load. Once a writer calls `Lock`, new
readers wait for it, so that writers are not starved. The writer waits for
the first read lock; the second `RLock` waits for the writer; the first
read lock is never released. The `sync` documentation forbids recursive
read locking for this reason.

## Bad
```go
func (r *Registry) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.items)
}

func (r *Registry) Summary() string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return fmt.Sprintf("%d items", r.Len()) // read-locks again
}
```

## Fix
Call an unexported body that expects the lock to be held (`lenLocked()`),
or release the read lock before calling the method that takes it.

## Go versions
All.

## Known limits
- The mutex must be declared as a `sync.RWMutex` (or a struct of the
  package embedding one).
- Calls are followed as for LOCK003: methods and functions of the package,
  up to four calls deep, through their unconditional statements only.
- A read lock followed by a write lock of the same mutex is LOCK003.)"};

class Lock004 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    for (const HeldLock& lock : MutexLocks(fn)) {
      if (!lock.read) continue;
      for (const Relock& again : FindRelocks(fn, lock)) {
        if (again.read) ReportRelock(kInfo, fn, lock, again, sink);
      }
    }
  }
};

}  // namespace

const Rule& Lock004Rule() {
  static const Lock004 rule;
  return rule;
}

}  // namespace gopit::scan
