// LOCK003 double-lock: a goroutine locks a mutex it already holds, directly
// or through a method or function of the package that locks it.
#include "scan/rules/held_locks.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

const RuleInfo kInfo{"LOCK003", "double-lock", Severity::kError,
                     "A mutex is locked again by the goroutine that already holds it.",
                     R"(## What it finds
A `Lock()` (or `RLock()` after `Lock()`, or `Lock()` after `RLock()`) on a
`sync.Mutex` or `sync.RWMutex` that the same goroutine already holds, with
no unlock on the path between the two. The second lock is either written
in the same function or taken by a method or function of the package that
the function calls while it holds the lock: a method of the same receiver
that begins with `c.mu.Lock()` is the usual shape. The finding is on the
second lock (or on the call); the related locations are the first `Lock`
and, when it is in the same file, the called function's `Lock`.

## Why it is bad
Go mutexes are not reentrant. The second `Lock` waits for the first to be
released, which only the waiting goroutine can do: it blocks forever, and
every other goroutine that needs the mutex piles up behind it. In a server
the process stays up and stops answering. The call version is easy to write
when a public method that locks is reused from another public method that
already locks, and tests that call each method alone do not see it.

## Bad
```go
func (c *Cache) Get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

func (c *Cache) GetOrLoad(k string, load func() string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v := c.Get(k); v != "" { // Get locks c.mu again: deadlock
		return v
	}
	v := load()
	c.items[k] = v
	return v
}
```

## Fix
Split each method into a locking wrapper and an unexported body that
expects the lock to be held, and call the body from code that already
holds it:

```go
func (c *Cache) Get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.getLocked(k)
}

func (c *Cache) getLocked(k string) string { return c.items[k] }
```

## Go versions
All. The runtime reports the deadlock only when every goroutine is blocked
(`fatal error: all goroutines are asleep`), which a real server never is.

## Known limits
- The mutex's type must be known: a field, variable or parameter declared
  as `sync.Mutex` or `sync.RWMutex`, or a struct of the package embedding
  one.
- Calls are followed to methods and functions of the same package, up to
  four calls deep, and only through the called function's unconditional
  statements (its top-level statements, an `if`'s condition): a lock under
  a condition or after an unlock is not counted. Interface calls, function
  values and `go` statements are not followed.
- Both locks must name the mutex the same way (`c.mu` and `c.mu`, or the
  receiver passed on as an argument); aliases through other variables are
  not tracked.
- `if x { mu.Lock() }` is correlated with a later `if x` on the same
  condition text; other ways of locking conditionally may be missed.)"};

class Lock003 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    for (const HeldLock& lock : MutexLocks(fn)) {
      for (const Relock& again : FindRelocks(fn, lock)) {
        if (lock.read && again.read) continue;  // LOCK004
        ReportRelock(kInfo, fn, lock, again, sink);
      }
    }
  }
};

}  // namespace

const Rule& Lock003Rule() {
  static const Lock003 rule;
  return rule;
}

}  // namespace gopit::scan
