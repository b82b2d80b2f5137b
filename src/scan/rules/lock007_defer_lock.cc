// LOCK007 defer-lock: `defer mu.Lock()` where `defer mu.Unlock()` was meant.
#include <string>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LOCK007", "defer-lock", Severity::kError,
                     "`defer mu.Lock()` where `defer mu.Unlock()` was meant.",
                     R"(## What it finds
A `defer mu.Lock()` or `defer mu.RLock()` on a `sync.Mutex`,
`sync.RWMutex`, `sync.Locker` (or a struct of the package embedding a
mutex), in a function that has not unlocked that mutex before the `defer`.
The finding is on the `defer`; the related location is the end of the
function, where the deferred call takes the lock.

## Why it is bad
It is almost always a typo for `defer mu.Unlock()`. The critical section
after the `Lock` is never released, and the deferred call locks the mutex
again when the function returns: with a `sync.Mutex` already held by the
same goroutine that is an immediate deadlock, otherwise the mutex stays
locked for good and every later caller blocks in `[sync.Mutex.Lock]`.

## Bad
```go
func (s *Store) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Lock()
	s.items[k] = v
}
```

## Fix
```go
func (s *Store) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[k] = v
}
```

## Go versions
All.

## Known limits
- The mutex's type must be known (a field, variable or parameter declared
  as `sync.Mutex`, `sync.RWMutex`, `sync.Locker`, or a struct of the package
  embedding a mutex); otherwise the rule stays silent.
- `mu.Unlock(); defer mu.Lock()` drops a lock the caller holds and takes
  it back on return, on purpose: a `defer Lock` after an unlock of the same
  mutex (`Unlock` or `RUnlock`, anywhere earlier in the function or, for a
  function literal, in its enclosing functions) is not reported.
- Locks taken through other names (`l := &s.mu; defer l.Lock()` when the
  unlock used `s.mu`) are compared by their text only.)"};

bool IsMutexType(const FunctionUnit& fn, const Expr* recv) {
  std::string t(Deref(fn.types().TypeOf(recv)));
  if (t.empty()) return false;
  if (t == "sync.Mutex" || t == "sync.RWMutex" || t == "sync.Locker") return true;
  const TypeResolver& r = fn.types().resolver();
  return r.Embeds(t, "sync.Mutex") || r.Embeds(t, "sync.RWMutex");
}

// Whether `body` unlocks `canon` (Unlock or RUnlock) before offset `before`.
bool UnlocksBefore(const Node* body, const SourceFile& file, const std::string& canon,
                   uint32_t before) {
  bool found = false;
  Inspect(body, [&](const Node* n) {
    if (found || n->pos >= before) return false;
    if (const auto* call = As<CallExpr>(n)) {
      const Expr* x = MethodReceiver(call, {"Unlock", "RUnlock"});
      if (x && call->args.empty() && call->pos < before && file.Canonical(x) == canon) {
        found = true;
      }
    }
    return !found;
  });
  return found;
}

class Lock007 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    const SourceFile& file = fn.file();
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      const auto* d = As<DeferStmt>(n);
      if (!d) return true;
      const Expr* recv = MethodReceiver(d->call, {"Lock", "RLock"});
      if (!recv || !d->call->args.empty()) return false;
      if (!IsMutexType(fn, recv)) return false;
      std::string canon = file.Canonical(recv);
      // `mu.Unlock(); defer mu.Lock()`: the lock is dropped for a while
      // and taken back for the caller, on purpose.
      for (const FunctionUnit* u = &fn; u; u = u->outer()) {
        if (UnlocksBefore(u->body(), file, canon, d->pos)) return false;
      }
      const auto* sel = static_cast<const SelectorExpr*>(d->call->fun);
      std::string lock(sel->sel->name);
      std::string unlock = lock == "RLock" ? "RUnlock" : "Unlock";
      sink.Report(kInfo, file, d->pos,
                  "defer " + canon + "." + lock + "() locks " + canon +
                      " again when the function returns instead of releasing it; did you mean "
                      "defer " +
                      canon + "." + unlock + "()?",
                  {{fn.body()->rbrace, "the deferred " + lock + " runs here, leaving " + canon +
                                           " locked (or deadlocking)"}});
      return false;
    });
  }
};

}  // namespace

const Rule& Lock007Rule() {
  static const Lock007 rule;
  return rule;
}

}  // namespace gopit::scan
