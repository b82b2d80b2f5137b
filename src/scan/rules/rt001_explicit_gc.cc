// RT001 explicit-gc: runtime.GC() in library or server code.
#include <string>
#include <unordered_set>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/configured_literals.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"RT001", "explicit-gc", Severity::kWarning,
                     "runtime.GC() outside main, tests and benchmarks: a full, blocking "
                     "collection.",
                     R"(## What it finds
A call of `runtime.GC()` in ordinary code: not in `main` or `init` of
package `main`, not in a `_test.go` file, and not in a function that
measures memory right after (`runtime.ReadMemStats`, a heap profile). The
finding is on the call; the related location is the function it is in.

## Why it is bad
`runtime.GC()` runs a complete collection and blocks the calling goroutine
until it is over, including the sweep; on a large heap that is tens of
milliseconds or more, and the concurrent mark takes CPU from every other
goroutine. Called from a request handler, a cache eviction or a worker
loop it turns into latency spikes that scale with traffic, and it rarely
returns memory the runtime would not have reclaimed anyway. To give memory
back to the OS use `GOMEMLIMIT`/`debug.SetMemoryLimit`, or
`debug.FreeOSMemory()` once after a known one-off peak.

## Bad
```go
func (c *Cache) Evict(keys []string) {
	for _, k := range keys {
		delete(c.items, k)
	}
	runtime.GC() // every eviction stops to collect the whole heap
}
```

## Fix
```go
func (c *Cache) Evict(keys []string) {
	for _, k := range keys {
		delete(c.items, k)
	}
	// let the GC pace itself; bound the heap with GOMEMLIMIT if needed
}
```

## Go versions
All.

## Known limits
- Calls in `_test.go` files, in files that import `testing` (test helpers
  and benchmark harnesses), in test-support and benchmark packages (a
  package named `testing`, ending in `test` or `testutil`, or containing
  `bench`), and in `main`/`init` of package `main` are not reported.
- Nor is a call in a function that also calls `runtime.ReadMemStats`,
  `runtime/pprof.WriteHeapProfile`, `runtime/pprof.Lookup` or
  `debug.FreeOSMemory` (measuring, or writing an up-to-date heap profile,
  is what the collection is for), in a function that sets a finalizer or
  cleanup or makes a weak pointer, or in a loop that receives from a
  channel a finalizer or cleanup of the package sends on or closes (it
  collects until that has run), or
  under an `if` on a boolean package variable (`if debugGC { runtime.GC() }`,
  a debugging or testing switch).
- Only the call through the `runtime` import is found (`runtime.GC` passed
  as a function value is not).
- Package-level variable initialisers are not function bodies and are not
  checked.)"};

// Whether the function (without its literals) measures memory or writes a
// heap profile: the collection is there to make the numbers exact.
bool Measures(const FunctionUnit& fn) {
  bool found = false;
  Inspect(fn.body(), [&](const Node* n) {
    if (found || n->kind == NodeKind::kFuncLit) return false;
    if (const auto* call = As<CallExpr>(n)) {
      std::string c = QualifiedCallee(call, fn.types());
      found = c == "runtime.ReadMemStats" || c == "runtime/pprof.WriteHeapProfile" ||
              c == "runtime/pprof.Lookup" || c == "runtime/debug.FreeOSMemory";
    }
    return !found;
  });
  return found;
}

// Test support and benchmark harness packages (httptest, testing,
// benchmark): collections there are for comparable measurements.
bool IsHarnessPackage(std::string_view name) {
  return name == "testing" || name.ends_with("test") || name.ends_with("testutil") ||
         name.find("bench") != std::string_view::npos;
}

// Whether the function waits for finalizers or cleanups: it sets one (or
// makes a weak pointer) and collects until it has run.
bool WaitsForFinalizer(const FunctionUnit& fn) {
  const FunctionUnit& top = fn.outermost();
  bool found = false;
  Inspect(top.body(), [&](const Node* n) {
    if (found) return false;
    if (const auto* call = As<CallExpr>(n)) {
      std::string c = QualifiedCallee(call, fn.types());
      found = c == "runtime.SetFinalizer" || c == "runtime.AddCleanup" || c == "weak.Make";
    }
    return !found;
  });
  return found;
}

// The channels (by canonical text) that the package's finalizers and
// cleanups send on or close: `runtime.SetFinalizer(x, func(*T) { close(done) })`
// or a named finalizer function of the package.
std::unordered_set<std::string> FinalizerChannels(const FunctionUnit& fn) {
  std::unordered_set<std::string> chans;
  auto collect = [&](const Node* body, const SourceFile& file) {
    Inspect(body, [&](const Node* n) {
      if (const auto* send = As<SendStmt>(n)) chans.insert(file.Canonical(send->chan));
      if (const auto* call = As<CallExpr>(n); call && call->args.size() == 1) {
        if (const auto* id = As<Ident>(call->fun); id && id->name == "close") {
          chans.insert(file.Canonical(call->args[0]));
        }
      }
      return true;
    });
  };
  for (const SourceFile* f : fn.package().files) {
    Inspect(f->ast(), [&](const Node* n) {
      const auto* call = As<CallExpr>(n);
      const auto* sel = call ? As<SelectorExpr>(call->fun) : nullptr;
      const auto* pkg = sel ? As<Ident>(sel->x) : nullptr;
      if (!pkg || call->args.size() < 2 || f->ImportPath(pkg->name) != "runtime" ||
          (sel->sel->name != "SetFinalizer" && sel->sel->name != "AddCleanup")) {
        return true;
      }
      const Expr* fin = call->args[1];
      if (const auto* lit = As<FuncLit>(fin)) {
        collect(lit->body, *f);
      } else if (const auto* id = As<Ident>(fin)) {
        auto it = fn.package().funcs.find(id->name);
        if (it != fn.package().funcs.end() && it->second.decl->body) {
          collect(it->second.decl->body, *it->second.file);
        }
      }
      return true;
    });
  }
  return chans;
}

// Whether `loop` receives from one of `chans`.
bool ReceivesFrom(const Node* loop, const SourceFile& file,
                  const std::unordered_set<std::string>& chans) {
  bool found = false;
  Inspect(loop, [&](const Node* n) {
    if (found) return false;
    if (const auto* u = As<UnaryExpr>(n); u && u->op == Tok::kArrow) {
      found = chans.contains(file.Canonical(u->x));
    }
    return !found;
  });
  return found;
}

// The innermost loop of the function around `call`, or null.
const Node* LoopAround(const FunctionUnit& fn, const CallExpr* call) {
  const Node* loop = nullptr;
  Inspect(fn.body(), [&](const Node* n) {
    if (n->kind == NodeKind::kFuncLit) return false;
    if (n->pos > call->pos || n->end < call->end) return false;
    if (As<ForStmt>(n) || As<RangeStmt>(n)) loop = n;
    return true;
  });
  return loop;
}

// Whether `call` sits in the then-branch of an `if` whose condition reads a
// boolean package variable (`if callGC { runtime.GC() }`): a debugging or
// testing switch.
bool UnderBoolSwitch(const FunctionUnit& fn, const CallExpr* call) {
  bool found = false;
  Inspect(fn.body(), [&](const Node* n) {
    if (found || n->kind == NodeKind::kFuncLit) return false;
    if (n->pos > call->pos || n->end < call->end) return false;
    const auto* i = As<IfStmt>(n);
    if (!i || i->body->pos > call->pos || call->end > i->body->end) return true;
    Inspect(i->cond, [&](const Node* c) {
      const auto* id = As<Ident>(c);
      if (!id || found) return !found;
      if (fn.types().IsLocal(id->name)) return true;
      auto it = fn.package().values.find(id->name);
      if (it != fn.package().values.end() && !it->second.is_const &&
          fn.types().TypeOf(id) == "bool") {
        found = true;
      }
      return true;
    });
    return !found;
  });
  return found;
}

class Rt001 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    const SourceFile& file = fn.file();
    if (file.is_test() || ImportsTesting(file) || IsHarnessPackage(file.package_name())) return;
    const FunctionUnit& top = fn.outermost();
    const FuncDecl* decl = top.decl();
    if (!decl) return;
    if (file.package_name() == "main" && !decl->recv &&
        (decl->name->name == "main" || decl->name->name == "init")) {
      return;
    }
    std::vector<const CallExpr*> calls;
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* call = As<CallExpr>(n)) {
        if (call->args.empty() && QualifiedCallee(call, fn.types()) == "runtime.GC") {
          calls.push_back(call);
        }
      }
      return true;
    });
    if (calls.empty() || Measures(fn) || WaitsForFinalizer(fn)) return;
    std::string where = decl->recv ? "method " : "function ";
    where += std::string(decl->name->name);
    for (const CallExpr* call : calls) {
      if (UnderBoolSwitch(fn, call)) continue;
      // Collecting in a loop until a finalizer signals that it has run.
      if (const Node* loop = LoopAround(fn, call)) {
        if (ReceivesFrom(loop, file, FinalizerChannels(fn))) continue;
      }
      sink.Report(kInfo, file, call->pos,
                  "runtime.GC() forces a full, blocking collection in " + where +
                      "; let the GC pace itself (GOMEMLIMIT, debug.SetMemoryLimit) or keep "
                      "explicit collections to main, tests and benchmarks",
                  {{decl->name->pos, where + " is not main/init of package main"}});
    }
  }
};

}  // namespace

const Rule& Rt001Rule() {
  static const Rt001 rule;
  return rule;
}

}  // namespace gopit::scan
