// LOCK001 lock-not-released: a path leaves the function with a mutex held.
#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/paired.h"
#include "scan/rules/rules.h"
#include "scan/user_rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LOCK001", "lock-not-released", Severity::kError,
                     "A mutex is locked and a path returns without unlocking it.",
                     R"(## What it finds
A `Lock()` or `RLock()` on a `sync.Mutex`, `sync.RWMutex` (or a struct
embedding one) after which some path leaves the function without the
matching `Unlock()`/`RUnlock()` and without a deferred unlock. The finding
is on the `Lock` line; the related location is the `return` that leaves with
the lock held.

## Why it is bad
The next `Lock` on that mutex blocks forever. In a server that is every
request touching the same data: goroutines pile up in `[sync.Mutex.Lock]`
and the service stops answering without crashing. The early-return path
that forgets the unlock is usually an error path, so tests rarely cover it.

## Bad
```go
func (c *Cache) Get(k string) (string, error) {
	c.mu.Lock()
	v, ok := c.items[k]
	if !ok {
		return "", errNotFound // c.mu is still locked
	}
	c.mu.Unlock()
	return v, nil
}
```

## Fix
```go
func (c *Cache) Get(k string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.items[k]
	if !ok {
		return "", errNotFound
	}
	return v, nil
}
```

## Go versions
All.

## Known limits
- The mutex's type must be known (a field, variable or parameter declared
  as `sync.Mutex`, `sync.RWMutex`, `sync.Locker`, or a struct of the package
  embedding a mutex); otherwise the rule stays silent.
- A function that never unlocks the mutex itself is taken to hand the lock
  on on purpose (`lockShard()` helpers) and is not reported.
- Unlocks inside function literals other than a deferred one, calls that
  pass the mutex on, and methods of the same receiver that unlock it
  (called, or returned as a method value) count as releases.
- A `Lock` that takes back a lock the function dropped for a while
  (`mu.Unlock(); wait(); mu.Lock()`, or after `defer mu.Unlock()`) is the
  first holder's responsibility and is not checked. So is every `Lock` of a
  function called with the lock held: one whose first use of the mutex in
  the text is an unlock reached from its entry (a helper documented "lock
  must be held" that drops its caller's lock and takes it back before
  returning, the error returns too).
- A call that releases the lock counts where it is, in an `if` or `switch`
  condition too (`if !q.sendAndUnlock() { return }`).
- A path that records the held lock in its receiver (an assignment to a
  field whose name says `hold` or `locked`, as `rs.closemuScanHold = true`)
  hands the lock to another method and is not reported.
- Paths that end in `panic`, `os.Exit`, `log.Fatal` or `t.Fatal` are not
  reported.)"};

// The lock methods, the types they are methods of, and the unlock of each:
// builtin-pairs.yaml (BuiltinPairsYaml).
const UserRuleSpec& Pairs() {
  static const UserRuleSpec& spec = BuiltinPair("LOCK001");
  return spec;
}

// The pair whose acquiring method is named `method` ("Lock", "RLock"), or null.
const PairSpec* PairOfMethod(std::string_view method) {
  for (const PairSpec& p : Pairs().pairs) {
    for (const Callee& c : p.acquire) {
      if (c.name == method) return &p;
    }
  }
  return nullptr;
}

struct LockSite {
  const Stmt* stmt;
  const Expr* recv;
  std::string canon;
  std::string_view lock;    // "Lock", "RLock"
  std::string_view unlock;  // "Unlock", "RUnlock"
};

// A type some pair's method is on (sync.Mutex, sync.RWMutex, sync.Locker),
// or a struct of the package embedding a concrete one (a method written on
// a pointer, (*sync.Mutex).Lock, is of a concrete type, not an interface).
bool IsMutexType(const FunctionUnit& fn, const Expr* recv) {
  std::string t(Deref(fn.types().TypeOf(recv)));
  if (t.empty()) return false;
  for (const PairSpec& p : Pairs().pairs) {
    for (const Callee& c : p.acquire) {
      if (t == c.type) return true;
    }
  }
  const TypeResolver& r = fn.types().resolver();
  std::vector<std::string_view> embedded;
  for (const PairSpec& p : Pairs().pairs) {
    for (const Callee& c : p.acquire) {
      if (c.pointer && std::find(embedded.begin(), embedded.end(), c.type) == embedded.end()) {
        embedded.push_back(c.type);
      }
    }
  }
  for (std::string_view e : embedded) {
    if (r.Embeds(t, e)) return true;
  }
  return false;
}

// Conditions of the ifs whose then-branch holds `stmt`: a later branch on
// the same condition is taken the same way (`if x { lock }; ...; if x { unlock }`).
std::unordered_set<std::string> EnclosingConditions(const FunctionUnit& fn, const Stmt* stmt) {
  std::unordered_set<std::string> conds;
  std::vector<const IfStmt*> open;
  Inspect(fn.body(), [&](const Node* n) {
    if (n->kind == NodeKind::kFuncLit) return false;
    if (n->pos > stmt->pos || n->end < stmt->end) return false;
    if (const auto* i = As<IfStmt>(n)) {
      if (i->body->pos <= stmt->pos && stmt->end <= i->body->end) {
        conds.insert(fn.file().Canonical(i->cond));
      }
    }
    return true;
  });
  return conds;
}

class Lock001 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    std::vector<LockSite> sites;
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* es = As<ExprStmt>(n)) {
        const CallExpr* call = StatementCall(es);
        const auto* sel = call ? As<SelectorExpr>(call->fun) : nullptr;
        const PairSpec* pair = sel ? PairOfMethod(sel->sel->name) : nullptr;
        if (pair && call->args.empty()) {
          sites.push_back(
              {es, sel->x, fn.file().Canonical(sel->x), sel->sel->name, pair->release.method});
        }
        return false;
      }
      return true;
    });
    for (const LockSite& site : sites)
      Check(fn, site, sink);
  }

 private:
  void Check(const FunctionUnit& fn, const LockSite& site, FindingSink& sink) const {
    const SourceFile& file = fn.file();
    std::string_view unlock = site.unlock;
    std::string_view lock = site.lock;
    // Only functions that pair the lock with an unlock themselves.
    if (!HasMethodCallOn(fn.body(), file, site.canon, {unlock})) return;
    if (!IsMutexType(fn, site.recv)) return;
    if (UnlocksInClosure(fn, site, unlock)) return;
    if (DeferredBefore(fn, site, unlock) || RelocksAfterUnlock(fn, site, unlock)) return;
    const Cfg* cfg = fn.cfg();
    if (!cfg) return;
    uint32_t from = cfg->NodeOf(site.stmt);
    if (from == UINT32_MAX) return;
    if (EnteredHeld(fn, *cfg, site)) return;

    std::unordered_set<std::string> conds = EnclosingConditions(fn, site.stmt);
    PathQuery q;
    q.step = [&](const CfgNode& node) {
      const Node* s = node.node;
      if (const auto* d = As<DeferStmt>(s)) {
        return HasMethodCallOn(d->call, file, site.canon, {unlock}) ? PathStep::kReleased
                                                                    : PathStep::kContinue;
      }
      if (HasMethodCallOn(s, file, site.canon, {unlock})) return PathStep::kReleased;
      if (HandsOn(fn, s, site) || RecordsHold(fn, s, site)) return PathStep::kReleased;
      const CallExpr* call = StatementCall(s);
      const Expr* again = MethodReceiver(call, {lock});
      if (again && call->args.empty() && file.Canonical(again) == site.canon) {
        return PathStep::kLeak;
      }
      return PathStep::kContinue;
    };
    q.only_branch = [&](const CfgNode& node) {
      const auto* i = As<IfStmt>(node.node);
      return i && conds.contains(file.Canonical(i->cond)) ? 0 : -1;
    };
    // `if !t.sendAndUnlock() { return }`: a release in a condition.
    q.cond = [&](const Expr* e) {
      return HasMethodCallOn(e, file, site.canon, {unlock}) || HandsOn(fn, e, site)
                 ? PathStep::kReleased
                 : PathStep::kContinue;
    };
    std::optional<UnreleasedPath> path = FindUnreleasedPath(*cfg, from, q);
    if (!path) return;

    std::string what = site.canon + "." + std::string(lock) + "()";
    if (path->at != UINT32_MAX && cfg->node(path->at).kind == CfgKind::kStmt &&
        !path->falls_off_end) {
      const Node* at = cfg->node(path->at).node;
      int32_t line = file.PositionOf(at->pos).line;
      if (As<ReturnStmt>(at)) {
        sink.Report(kInfo, file, site.stmt->pos,
                    what + " is not released on the path that returns at line " +
                        std::to_string(line) + "; unlock before returning or defer " + site.canon +
                        "." + std::string(unlock) + "()",
                    {{at->pos, "returns here with " + site.canon + " held"}});
      } else if (at == site.stmt) {
        sink.Report(kInfo, file, site.stmt->pos,
                    what +
                        " is taken again on the next turn of the loop while still held (a "
                        "path through the loop skips the unlock): the goroutine deadlocks",
                    {{at->pos, "locked again here"}});
      } else {
        sink.Report(kInfo, file, site.stmt->pos,
                    what + " is still held when it is locked again at line " +
                        std::to_string(line) + ": the goroutine deadlocks",
                    {{at->pos, "locked again here"}});
      }
      return;
    }
    uint32_t end = fn.body()->rbrace;
    sink.Report(kInfo, file, site.stmt->pos,
                what + " is not released on a path that reaches the end of the function",
                {{end, "the function ends here with " + site.canon + " held"}});
  }

  // A path from the entry unlocks the mutex before locking it: the function
  // is called with the lock held (documented "lock must be held", a
  // `fooLocked` helper), drops it for a while and takes it back; keeping it
  // on return is what its caller expects.
  static bool EnteredHeld(const FunctionUnit& fn, const Cfg& cfg, const LockSite& site) {
    const SourceFile& file = fn.file();
    std::string_view unlock = site.unlock;
    // A call on the mutex in the node itself, not in a function literal.
    auto calls = [&](const Node* root, std::initializer_list<std::string_view> methods) {
      bool found = false;
      Inspect(root, [&](const Node* n) {
        if (found || n->kind == NodeKind::kFuncLit || n->kind == NodeKind::kDeferStmt) {
          return false;
        }
        if (const auto* call = As<CallExpr>(n)) {
          const Expr* x = MethodReceiver(call, methods);
          found = x && call->args.empty() && file.Canonical(x) == site.canon;
        }
        return !found;
      });
      return found;
    };
    return ReleasedBeforeAcquired(
        cfg,
        [&](const Node* n) {
          return calls(n, {"Lock", "RLock"});
        },
        [&](const Node* n) { return calls(n, {unlock}); });
  }

  // `defer mu.Unlock()` before this Lock: the function already holds the
  // lock and drops it for a while (`mu.Unlock(); wait(); mu.Lock()`).
  static bool DeferredBefore(const FunctionUnit& fn, const LockSite& site,
                             std::string_view unlock) {
    bool found = false;
    Inspect(fn.body(), [&](const Node* n) {
      if (found || n->kind == NodeKind::kFuncLit || n->pos >= site.stmt->pos) return false;
      if (const auto* d = As<DeferStmt>(n)) {
        found = HasMethodCallOn(d->call, fn.file(), site.canon, {unlock});
        return false;
      }
      return true;
    });
    return found;
  }

  // A Lock that follows an Unlock of the same mutex in the same block takes
  // back a lock the function held before (`mu.Unlock(); sleep(); mu.Lock()`);
  // whoever took it first is responsible for it.
  static bool RelocksAfterUnlock(const FunctionUnit& fn, const LockSite& site,
                                 std::string_view unlock) {
    bool relock = false;
    auto scan_list = [&](List<Stmt> list) {
      for (size_t i = 0; i < list.size(); ++i) {
        if (list[i] != site.stmt) continue;
        for (size_t k = 0; k < i; ++k) {
          if (HasMethodCallOn(list[k], fn.file(), site.canon, {unlock})) relock = true;
        }
      }
    };
    Inspect(fn.body(), [&](const Node* n) {
      if (relock || n->kind == NodeKind::kFuncLit) return false;
      if (n->pos > site.stmt->pos || n->end < site.stmt->end) return false;
      if (const auto* b = As<BlockStmt>(n)) scan_list(b->list);
      if (const auto* c = As<CaseClause>(n)) scan_list(c->body);
      if (const auto* c = As<CommClause>(n)) scan_list(c->body);
      return true;
    });
    return relock;
  }

  // An unlock in a function literal that is not simply deferred: the
  // release happens elsewhere (a callback, another goroutine); leave it.
  static bool UnlocksInClosure(const FunctionUnit& fn, const LockSite& site,
                               std::string_view unlock) {
    bool found = false;
    Inspect(fn.body(), [&](const Node* n) {
      if (found) return false;
      if (const auto* d = As<DeferStmt>(n)) {
        if (As<FuncLit>(d->call->fun)) {
          // `defer func() { ...; mu.Unlock() }()` is a deferred unlock;
          // its arguments are still searched.
          for (const Expr* a : d->call->args) {
            if (HasMethodCallOn(a, fn.file(), site.canon, {unlock})) found = true;
          }
          return false;
        }
        return true;
      }
      if (const auto* lit = As<FuncLit>(n)) {
        found = HasMethodCallOn(lit->body, fn.file(), site.canon, {unlock});
        return false;
      }
      return true;
    });
    return found;
  }

  // A call that passes the mutex on (`release(&s.mu)`), or a method of the
  // same receiver that unlocks it (`s.unlockAndNotify()`).
  static bool HandsOn(const FunctionUnit& fn, const Node* s, const LockSite& site) {
    const SourceFile& file = fn.file();
    size_t dot = site.canon.find('.');
    std::string base = dot == std::string::npos ? "" : site.canon.substr(0, dot);
    std::string field = dot == std::string::npos ? "" : site.canon.substr(dot);
    bool handed = false;
    Inspect(s, [&](const Node* n) {
      if (handed) return false;
      if (const auto* call = As<CallExpr>(n)) {
        for (const Expr* a : call->args) {
          std::string arg = file.Canonical(a);
          if (arg == site.canon || arg == "&" + site.canon) handed = true;
        }
      }
      // s.unlockAndNotify() called, or s.release returned as a method
      // value for the caller to call.
      const auto* sel = As<SelectorExpr>(n);
      if (!handed && sel && !base.empty() && file.Canonical(sel->x) == base) {
        std::string type(Deref(fn.types().TypeOf(sel->x)));
        if (const DeclRef<FuncDecl>* m = fn.package().Method(type, sel->sel->name)) {
          handed = UnlocksField(m, field, site.unlock);
        }
      }
      return !handed;
    });
    return handed;
  }

  // `rs.closemuScanHold = true`: the function records in its receiver that
  // it keeps the lock, for another method to release.
  static bool RecordsHold(const FunctionUnit& fn, const Node* s, const LockSite& site) {
    const auto* a = As<AssignStmt>(s);
    size_t dot = site.canon.find('.');
    if (!a || dot == std::string::npos) return false;
    std::string base = site.canon.substr(0, dot);
    for (const Expr* l : a->lhs) {
      const auto* sel = As<SelectorExpr>(l);
      if (!sel || fn.file().Canonical(sel->x) != base) continue;
      std::string name(sel->sel->name);
      for (char& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (name.find("hold") != std::string::npos || name.find("locked") != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  static bool UnlocksField(const DeclRef<FuncDecl>* m, const std::string& field,
                           std::string_view unlock) {
    if (!m->decl->body) return false;
    bool found = false;
    Inspect(m->decl->body, [&](const Node* n) {
      if (found) return false;
      if (const auto* call = As<CallExpr>(n)) {
        const Expr* x = MethodReceiver(call, {unlock});
        if (x) {
          std::string c = m->file->Canonical(x);
          found = c.size() > field.size() && c.ends_with(field);
        }
      }
      return !found;
    });
    return found;
  }
};

}  // namespace

const Rule& Lock001Rule() {
  static const Lock001 rule;
  return rule;
}

}  // namespace gopit::scan
