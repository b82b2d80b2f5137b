// RT002 lockosthread-unpaired: runtime.LockOSThread with a path that leaves
// the function without runtime.UnlockOSThread.
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

const RuleInfo kInfo{"RT002", "lockosthread-unpaired", Severity::kWarning,
                     "runtime.LockOSThread() without runtime.UnlockOSThread() on every path.",
                     R"(## What it finds
A `runtime.LockOSThread()` after which some path leaves the function
without `runtime.UnlockOSThread()` and without a deferred unlock, in a
function that does unlock the thread on its other paths. The finding is on
the `LockOSThread` line; the related location is the `return` that leaves
with the thread still locked.

## Why it is bad
Until it is unlocked as many times as it was locked, the goroutine keeps
its OS thread to itself: nothing else is scheduled on that thread, and
thread-local state set after the lock (a network namespace, a cgo library's
thread context, signal masks) leaks into whatever this goroutine does next.
If the goroutine exits while locked, the runtime kills the thread instead
of reusing it. The function's other paths show that the pairing was
intended: the path that skips it is usually an early error return.

## Bad
```go
func withNetNS(ns netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	orig, err := netns.Get()
	if err != nil {
		return err // the thread stays locked
	}
	...
	runtime.UnlockOSThread()
	return nil
}
```

## Fix
```go
func withNetNS(ns netns.NsHandle, fn func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	orig, err := netns.Get()
	if err != nil {
		return err
	}
	...
}
```

## Go versions
All. Since Go 1.10 locks nest (each `LockOSThread` needs its own
`UnlockOSThread`) and a goroutine that exits locked takes its thread with
it.

## Known limits
- A function that never calls `runtime.UnlockOSThread` is not reported: a
  goroutine that keeps its thread until it exits (an OS-thread worker, a
  GUI main loop, `init` pinning the main goroutine) does so on purpose, and
  a helper may hand the locked thread to its caller.
- A goroutine body is not reported: a goroutine may exit with its thread
  locked on purpose, so that the runtime discards a thread whose state it
  changed. Goroutine bodies are function literals started by `go` (directly
  or through the local they are assigned to) and functions or methods of
  the package named in a `go` statement of the package.
- A call of a function or method of the package whose body unlocks the
  thread counts as the unlock; unlocks in other function literals than a
  deferred one (callbacks, goroutines) make the rule stay silent.
- Paths that end in `panic`, `os.Exit`, `log.Fatal` or `t.Fatal` are not
  reported.)"};

// The call that locks the thread and the one that undoes it:
// builtin-pairs.yaml (BuiltinPairsYaml).
const PairSpec& Pair() {
  static const PairSpec& pair = BuiltinPair("RT002").pairs[0];
  return pair;
}

bool IsLock(const CallExpr* call, const FunctionTypes& types) {
  return call && MatchCallee(call, types, Pair().acquire);
}

bool IsUnlock(const CallExpr* call, const FunctionTypes& types) {
  return call && CallMatches(call, types, Pair().release.call);
}

// Whether `root` calls runtime.UnlockOSThread (literals inside included).
bool HasUnlock(const Node* root, const FunctionTypes& types) {
  bool found = false;
  Inspect(root, [&](const Node* n) {
    if (found) return false;
    if (const auto* call = As<CallExpr>(n)) found = IsUnlock(call, types);
    return !found;
  });
  return found;
}

// Whether a declaration's body calls runtime.UnlockOSThread, through its own
// file's import of runtime.
bool BodyUnlocks(const DeclRef<FuncDecl>* d) {
  if (!d || !d->decl->body) return false;
  bool found = false;
  Inspect(d->decl->body, [&](const Node* n) {
    if (found) return false;
    if (const auto* call = As<CallExpr>(n)) {
      const auto* sel = As<SelectorExpr>(call->fun);
      const auto* pkg = sel ? As<Ident>(sel->x) : nullptr;
      const Callee& unlock = Pair().release.call;
      found =
          pkg && sel->sel->name == unlock.name && d->file->ImportPath(pkg->name) == unlock.package;
    }
    return !found;
  });
  return found;
}

std::unordered_set<std::string> EnclosingConditions(const FunctionUnit& fn, const Stmt* stmt) {
  std::unordered_set<std::string> conds;
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

// Whether `fn` runs as a goroutine: a literal started by `go` directly or
// through the local it is assigned to, or a function or method of the
// package that some `go` statement of the package starts (by name). Such a
// goroutine may exit with its thread locked on purpose: the runtime then
// throws the thread away, with whatever state the goroutine changed in it.
bool IsGoroutineBody(const FunctionUnit& fn) {
  std::string_view name;
  const Node* scope = nullptr;
  if (fn.lit()) {
    if (!fn.outer()) return false;
    scope = fn.outer()->body();
    Inspect(scope, [&](const Node* n) {
      if (const auto* a = As<AssignStmt>(n); a && a->lhs.size() == a->rhs.size()) {
        for (size_t i = 0; i < a->rhs.size(); ++i) {
          const auto* id = As<Ident>(a->lhs[i]);
          if (a->rhs[i] == fn.lit() && id) name = id->name;
        }
      }
      return name.empty();
    });
  } else {
    name = fn.decl()->name->name;
  }
  bool found = false;
  auto scan = [&](const Node* root) {
    Inspect(root, [&](const Node* n) {
      if (found) return false;
      const auto* g = As<GoStmt>(n);
      if (!g) return true;
      const Expr* f = g->call->fun;
      if (f == fn.lit()) found = true;
      if (const auto* id = As<Ident>(f); id && !name.empty() && id->name == name) found = true;
      if (const auto* sel = As<SelectorExpr>(f);
          sel && fn.decl() && fn.decl()->recv && sel->sel->name == name) {
        found = true;
      }
      return !found;
    });
  };
  if (fn.lit()) {
    scan(scope);
  } else {
    for (const SourceFile* f : fn.package().files)
      scan(f->ast());
  }
  return found;
}

class Rt002 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    const FunctionTypes& types = fn.types();
    std::vector<const Stmt*> sites;
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* es = As<ExprStmt>(n)) {
        if (IsLock(StatementCall(es), types)) sites.push_back(es);
        return false;
      }
      return true;
    });
    if (sites.empty() || IsGoroutineBody(fn)) return;
    // Only functions that pair the lock with an unlock themselves.
    if (!HasUnlockOutsideLiterals(fn)) return;
    if (UnlocksInClosure(fn)) return;
    for (const Stmt* site : sites)
      Check(fn, site, sink);
  }

 private:
  static bool HasUnlockOutsideLiterals(const FunctionUnit& fn) {
    bool found = false;
    Inspect(fn.body(), [&](const Node* n) {
      if (found) return false;
      if (const auto* d = As<DeferStmt>(n)) {
        found = HasUnlock(d->call, fn.types());
        return false;
      }
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* call = As<CallExpr>(n)) {
        found = IsUnlock(call, fn.types());
      }
      return !found;
    });
    return found;
  }

  // An unlock in a function literal that is not simply deferred: the
  // release happens elsewhere; leave it.
  static bool UnlocksInClosure(const FunctionUnit& fn) {
    bool found = false;
    Inspect(fn.body(), [&](const Node* n) {
      if (found) return false;
      if (const auto* d = As<DeferStmt>(n)) {
        if (As<FuncLit>(d->call->fun)) {
          for (const Expr* a : d->call->args) {
            if (HasUnlock(a, fn.types())) found = true;
          }
          return false;
        }
        return true;
      }
      if (const auto* lit = As<FuncLit>(n)) {
        found = HasUnlock(lit->body, fn.types());
        return false;
      }
      return true;
    });
    return found;
  }

  // A call of a function or method of the package that unlocks the thread.
  static bool CallsUnlockingHelper(const FunctionUnit& fn, const Node* s) {
    bool found = false;
    Inspect(s, [&](const Node* n) {
      if (found) return false;
      const auto* call = As<CallExpr>(n);
      if (!call) return true;
      if (const auto* id = As<Ident>(call->fun); id && !fn.types().IsLocal(id->name)) {
        auto it = fn.package().funcs.find(id->name);
        if (it != fn.package().funcs.end()) found = BodyUnlocks(&it->second);
      } else if (const auto* sel = As<SelectorExpr>(call->fun)) {
        std::string type(Deref(fn.types().TypeOf(sel->x)));
        if (!type.empty()) found = BodyUnlocks(fn.package().Method(type, sel->sel->name));
      }
      return !found;
    });
    return found;
  }

  void Check(const FunctionUnit& fn, const Stmt* site, FindingSink& sink) const {
    const SourceFile& file = fn.file();
    const FunctionTypes& types = fn.types();
    // A deferred unlock before the lock already covers it.
    bool deferred_before = false;
    Inspect(fn.body(), [&](const Node* n) {
      if (deferred_before || n->kind == NodeKind::kFuncLit || n->pos >= site->pos) return false;
      if (const auto* d = As<DeferStmt>(n)) {
        deferred_before = HasUnlock(d->call, types);
        return false;
      }
      return true;
    });
    if (deferred_before) return;
    const Cfg* cfg = fn.cfg();
    if (!cfg) return;
    uint32_t from = cfg->NodeOf(site);
    if (from == UINT32_MAX) return;
    std::unordered_set<std::string> conds = EnclosingConditions(fn, site);
    PathQuery q;
    q.step = [&](const CfgNode& node) {
      const Node* s = node.node;
      if (HasUnlock(s, types) || CallsUnlockingHelper(fn, s)) return PathStep::kReleased;
      return PathStep::kContinue;
    };
    q.only_branch = [&](const CfgNode& node) {
      const auto* i = As<IfStmt>(node.node);
      return i && conds.contains(file.Canonical(i->cond)) ? 0 : -1;
    };
    std::optional<UnreleasedPath> path = FindUnreleasedPath(*cfg, from, q);
    if (!path) return;
    if (path->at != UINT32_MAX && !path->falls_off_end &&
        cfg->node(path->at).kind == CfgKind::kStmt) {
      const Node* at = cfg->node(path->at).node;
      if (As<ReturnStmt>(at)) {
        int32_t line = file.PositionOf(at->pos).line;
        sink.Report(kInfo, file, site->pos,
                    "runtime.LockOSThread() is not undone on the path that returns at line " +
                        std::to_string(line) +
                        "; unlock before returning or defer runtime.UnlockOSThread()",
                    {{at->pos, "returns here with the OS thread still locked"}});
        return;
      }
    }
    sink.Report(kInfo, file, site->pos,
                "runtime.LockOSThread() is not undone on a path that reaches the end of the "
                "function; defer runtime.UnlockOSThread()",
                {{fn.body()->rbrace, "the function ends here with the OS thread still locked"}});
  }
};

}  // namespace

const Rule& Rt002Rule() {
  static const Rt002 rule;
  return rule;
}

}  // namespace gopit::scan
