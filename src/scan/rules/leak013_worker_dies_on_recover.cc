// LEAK013 worker-dies-on-recover: a worker goroutine's deferred recover
// swallows a job's panic and lets the worker end, so the pool shrinks.
#include <string>

#include "golang/ast_walk.h"
#include "scan/rules/goroutines.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LEAK013", "worker-dies-on-recover", Severity::kWarning,
                     "A worker goroutine recovers a panic in a deferred function and returns: "
                     "the pool silently loses a worker.",
                     R"(## What it finds
A goroutine (a `go func() { ... }()` literal, or a function of the package
started with `go`) that defers a function calling `recover()` and then
runs a worker loop (`for job := range jobs`, `for { ... }`), where the
deferred function neither panics again, exits the process, nor starts a
replacement worker. The finding is on the `defer`; the related location is
the loop that ends for good.

## Why it is bad
The first job that panics unwinds out of the loop; the deferred function
logs the panic and the goroutine returns. Nothing crashes and nothing
restarts it: a pool of N workers becomes N-1, then 0, and the producers
block on a full queue while the process looks healthy. Without the
`recover` the panic would at least crash the process where it can be
seen. Both are worse than recovering per job.

## Bad
```go
for i := 0; i < n; i++ {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Printf("worker: %v", r)
			}
		}()
		for job := range jobs {
			job.Run() // one panic ends this worker
		}
	}()
}
```

## Fix
Recover around each job, so the worker goes on with the next one:
```go
		for job := range jobs {
			func() {
				defer func() {
					if r := recover(); r != nil {
						log.Printf("job %v: %v", job.ID, r)
					}
				}()
				job.Run()
			}()
		}
```
or start a replacement worker from the deferred function.

## Go versions
All.

## Known limits
- The deferred function must be a function literal, or a function or
  method of the package named in the `defer`; its `recover()` must be in
  its own body.
- A deferred function that calls `panic`, `os.Exit`, `log.Fatal`, starts
  a goroutine or calls the worker's own function is taken to handle the
  failure.
- A loop that already recovers around each job (a deferred recover inside
  the loop) is not reported: the outer recover only catches what escapes
  the loop's own code.
- `range` loops count as worker loops only over a channel whose type is
  known; `for` loops only without a condition and with a receive or a
  `select` in their body. A loop that reads requests off its own
  connection (an HTTP connection's serve loop) is a handler, not a pool
  worker, and is left alone.)"};

bool CallsRecover(const Node* root) {
  bool found = false;
  Inspect(root, [&](const Node* n) {
    if (found) return false;
    if (const auto* call = As<CallExpr>(n)) {
      const auto* id = As<Ident>(call->fun);
      found = id && id->name == "recover" && call->args.empty();
    }
    return !found;
  });
  return found;
}

// The body of the function a `defer` runs: its literal, or a function or
// method of the package it names; with that body's file.
const BlockStmt* DeferredBody(const FunctionUnit& fn, const DeferStmt* d, const SourceFile** file) {
  *file = &fn.file();
  if (const auto* lit = As<FuncLit>(d->call->fun)) return lit->body;
  const Package& pkg = fn.package();
  if (const auto* id = As<Ident>(d->call->fun)) {
    if (fn.types().IsLocal(id->name)) return nullptr;
    auto it = pkg.funcs.find(id->name);
    if (it == pkg.funcs.end()) return nullptr;
    *file = it->second.file;
    return it->second.decl->body;
  }
  if (const auto* sel = As<SelectorExpr>(d->call->fun)) {
    std::string type(Deref(fn.types().TypeOf(sel->x)));
    if (type.empty()) return nullptr;
    const DeclRef<FuncDecl>* m = pkg.Method(type, sel->sel->name);
    if (!m) return nullptr;
    *file = m->file;
    return m->decl->body;
  }
  return nullptr;
}

// Whether the recovering function deals with the failure: panics again,
// ends the process, or starts a replacement (a goroutine, or a call of
// the worker's own function `self`).
bool HandlesFailure(const BlockStmt* body, const SourceFile& file, std::string_view self) {
  bool handled = false;
  Inspect(body, [&](const Node* n) {
    if (handled) return false;
    if (n->kind == NodeKind::kGoStmt) {
      handled = true;
    } else if (const auto* call = As<CallExpr>(n)) {
      handled = IsNoReturnCall(call, file);
      const Expr* fun = call->fun;
      if (const auto* sel = As<SelectorExpr>(fun)) fun = sel->sel;
      if (const auto* id = As<Ident>(fun); id && !self.empty() && id->name == self) handled = true;
    }
    return !handled;
  });
  return handled;
}

// A loop that recovers around each job itself.
bool RecoversPerJob(const Node* loop) {
  bool found = false;
  Inspect(loop, [&](const Node* n) {
    if (found) return false;
    if (const auto* d = As<DeferStmt>(n)) {
      const auto* lit = As<FuncLit>(d->call->fun);
      found = lit && CallsRecover(lit->body);
    }
    return !found;
  });
  return found;
}

// Whether a loop body takes its work from a channel (a select, or a
// receive), as a pool's worker does; a loop reading requests off its own
// connection is a per-connection handler, whose ending on a panic is the
// intended clean-up.
bool ReceivesJobs(const BlockStmt* body) {
  bool found = false;
  Inspect(body, [&](const Node* n) {
    if (found || n->kind == NodeKind::kFuncLit) return false;
    if (n->kind == NodeKind::kSelectStmt) found = true;
    if (const auto* u = As<UnaryExpr>(n); u && u->op == Tok::kArrow) found = true;
    return !found;
  });
  return found;
}

class Leak013 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    // Cheap first: a top-level defer, then a top-level loop.
    List<Stmt> list = fn.body()->list;
    const Stmt* loop = nullptr;
    bool deferred = false;
    for (const Stmt* s : list) {
      if (s->kind == NodeKind::kDeferStmt) deferred = true;
      if (deferred && (s->kind == NodeKind::kForStmt || s->kind == NodeKind::kRangeStmt)) {
        loop = s;
        break;
      }
    }
    if (!loop) return;
    const DeferStmt* defer = nullptr;
    const SourceFile* handler_file = nullptr;
    const BlockStmt* handler = nullptr;
    for (const Stmt* s : list) {
      if (s == loop) break;
      const auto* d = As<DeferStmt>(s);
      if (!d) continue;
      const BlockStmt* body = DeferredBody(fn, d, &handler_file);
      if (body && CallsRecover(body)) {
        defer = d;
        handler = body;
        break;
      }
    }
    if (!defer || !IsWorkerLoop(fn, loop)) return;
    std::string_view self = fn.decl() ? fn.decl()->name->name : std::string_view{};
    if (HandlesFailure(handler, *handler_file, self) || RecoversPerJob(loop)) return;
    if (!GoStmtOfLiteral(fn) && !GoStmtStarting(fn).stmt) return;
    const SourceFile& file = fn.file();
    int32_t line = file.PositionOf(loop->pos).line;
    sink.Report(kInfo, file, defer->pos,
                "this deferred recover swallows a panic and lets the worker return: the loop at "
                "line " +
                    std::to_string(line) +
                    " stops for good and the pool silently shrinks; recover around each job "
                    "inside the loop, or restart the worker",
                {{loop->pos, "this worker loop ends at the first panic"}});
  }

 private:
  static bool IsWorkerLoop(const FunctionUnit& fn, const Stmt* s) {
    if (const auto* f = As<ForStmt>(s)) return !f->cond && ReceivesJobs(f->body);
    if (const auto* r = As<RangeStmt>(s)) {
      return IsReceivableChan(fn.types().TypeOf(r->x));
    }
    return false;
  }
};

}  // namespace

const Rule& Leak013Rule() {
  static const Leak013 rule;
  return rule;
}

}  // namespace gopit::scan
