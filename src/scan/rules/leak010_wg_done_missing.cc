// LEAK010 wg-done-missing: a goroutine counted by wg.Add has a path that
// ends without wg.Done, so wg.Wait blocks forever.
#include <string>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/paired.h"
#include "scan/rules/goroutines.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LEAK010", "wg-done-missing", Severity::kError,
                     "A goroutine counted by wg.Add has a path that ends without wg.Done: "
                     "wg.Wait blocks forever.",
                     R"(## What it finds
A `go` statement after `wg.Add(n)` on a `sync.WaitGroup`, where the
goroutine (a function literal, or a function of the package that receives
the WaitGroup as a parameter, `go worker(&wg, ...)`) calls `wg.Done()` on
some paths but has a path from its start to its end without `wg.Done()`
and without a `defer wg.Done()` before it. The finding is on the `go`
statement; the related location is the `return` (or the end of the
function) that leaves without `Done`.

## Why it is bad
The counter never reaches zero, so `wg.Wait()` blocks forever: a shutdown
that hangs, a request handler stuck waiting for its fan-out, a pipeline
whose output channel is never closed. The forgotten path is nearly always
an early `return` on an error or a `continue`-like guard added later, which
tests seldom take.

## Bad
```go
for _, u := range urls {
	wg.Add(1)
	go func() {
		resp, err := http.Get(u)
		if err != nil {
			return // wg.Done is never called on this path
		}
		resp.Body.Close()
		wg.Done()
	}()
}
wg.Wait()
```

## Fix
Defer the `Done` as the goroutine's first statement:
```go
	go func() {
		defer wg.Done()
		resp, err := http.Get(u)
		if err != nil {
			return
		}
		resp.Body.Close()
	}()
```
From Go 1.25, `wg.Go(func() { ... })` counts and releases the goroutine
itself.

## Go versions
All.

## Known limits
- The goroutine must call `Done` on the same WaitGroup somewhere, and the
  `Add` must come before the `go` statement in the same function: a
  goroutine released by someone else is not judged.
- A path hands the release on, and is not followed further, when it passes
  the WaitGroup to a call, calls a method of the same receiver that calls
  `Done` on it, or builds a function literal that calls `Done`.
- A goroutine that calls `Done` inside a loop and goes on looping counts
  work items rather than itself (`wg.Add(len(jobs))`, one `Done` per job):
  it is not judged.
- Functions started by name are followed only when they are functions
  (not methods) of the package that receive the WaitGroup as a
  parameter.
- Paths that end in `panic`, `os.Exit`, `log.Fatal` or `runtime.Goexit`
  are not reported.)"};

// A function body that should release `canon` on every path.
struct Releaser {
  const BlockStmt* body;
  const SourceFile* file;
  std::string canon;
};

// Whether statement `s` releases the WaitGroup or hands the release on.
bool Releases(const Node* s, const Package& pkg, const SourceFile& file, const std::string& canon) {
  std::string base, field;  // "s" and ".wg" of "s.wg"
  if (size_t dot = canon.find('.'); dot != std::string::npos) {
    base = canon.substr(0, dot);
    field = canon.substr(dot);
  }
  bool released = false;
  Inspect(s, [&](const Node* n) {
    if (released) return false;
    if (const auto* sel = As<SelectorExpr>(n)) {
      // wg.Done(), or the method value wg.Done handed to someone.
      std::string x = file.Canonical(sel->x);
      if (sel->sel->name == "Done" && x == canon) {
        released = true;
      } else if (!base.empty() && x == base) {
        // s.finish(): a method of the receiver that calls s.wg.Done().
        for (const auto& [type, methods] : pkg.methods) {
          for (const DeclRef<FuncDecl>& m : methods) {
            if (m.decl->name->name != sel->sel->name || !m.decl->body) continue;
            Inspect(m.decl->body, [&](const Node* k) {
              if (released) return false;
              if (const auto* ks = As<SelectorExpr>(k); ks && ks->sel->name == "Done") {
                std::string kx = m.file->Canonical(ks->x);
                released = kx.size() > field.size() && kx.ends_with(field);
              }
              return !released;
            });
          }
        }
      }
    } else if (const auto* call = As<CallExpr>(n)) {
      for (const Expr* a : call->args) {
        std::string arg = file.Canonical(a);
        if (arg == canon || arg == "&" + canon) released = true;
      }
    }
    return !released;
  });
  return released;
}

// The Done receivers (canonical text) called or referenced in `body`.
std::vector<std::string> DoneReceivers(const BlockStmt* body, const SourceFile& file) {
  std::vector<std::string> out;
  Inspect(body, [&](const Node* n) {
    if (const auto* sel = As<SelectorExpr>(n); sel && sel->sel->name == "Done") {
      std::string x = file.Canonical(sel->x);
      bool seen = false;
      for (const std::string& o : out)
        seen = seen || o == x;
      if (!seen) out.push_back(std::move(x));
    }
    return true;
  });
  return out;
}

// Whether `body` calls `canon.Done()` inside a loop and then goes on
// looping: the WaitGroup counts work items, not the goroutine (`wg.Add(len(
// jobs))` with workers calling Done per job), so the goroutine's own exit
// path owes it nothing. A Done followed by `return` still releases the
// goroutine.
bool DonePerItem(const BlockStmt* body, const SourceFile& file, const std::string& canon) {
  bool per_item = false;
  auto scan_list = [&](List<Stmt> list) {
    for (size_t i = 0; i < list.size(); ++i) {
      const CallExpr* call = StatementCall(list[i]);
      const Expr* x = MethodReceiver(call, {"Done"});
      if (!x || file.Canonical(x) != canon) continue;
      if (i + 1 == list.size() || !As<ReturnStmt>(list[i + 1])) per_item = true;
    }
  };
  std::vector<uint32_t> loop_ends;  // of the loops around the current node
  Inspect(body, [&](const Node* n) {
    if (per_item || n->kind == NodeKind::kFuncLit) return false;
    while (!loop_ends.empty() && n->pos >= loop_ends.back()) {
      loop_ends.pop_back();
    }
    if (n->kind == NodeKind::kForStmt || n->kind == NodeKind::kRangeStmt) {
      loop_ends.push_back(n->end);
    }
    if (!loop_ends.empty()) {
      if (const auto* b = As<BlockStmt>(n)) scan_list(b->list);
      if (const auto* c = As<CaseClause>(n)) scan_list(c->body);
      if (const auto* c = As<CommClause>(n)) scan_list(c->body);
    }
    return !per_item;
  });
  return per_item;
}

class Leak010 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    CheckNamedWorkers(fn, sink);
    if (!fn.lit()) return;
    std::vector<std::string> dones = DoneReceivers(fn.body(), fn.file());
    if (dones.empty()) return;
    const GoStmt* go = GoStmtOfLiteral(fn);
    if (!go) return;
    for (const std::string& canon : dones) {
      const Expr* x = DoneExpr(fn.body(), fn.file(), canon);
      const Ident* base = BaseIdent(x);
      if (!base || DeclaresName(fn.lit()->type, fn.body(), base->name)) continue;
      if (!IsWaitGroup(fn, x)) continue;
      const Node* add = AddedBefore(*fn.outer(), go, canon);
      if (!add || DonePerItem(fn.body(), fn.file(), canon)) continue;
      Check(fn, go, add, {fn.body(), &fn.file(), canon}, canon, sink);
    }
  }

 private:
  static const Expr* DoneExpr(const BlockStmt* body, const SourceFile& file,
                              const std::string& canon) {
    const Expr* x = nullptr;
    Inspect(body, [&](const Node* n) {
      if (x) return false;
      if (const auto* sel = As<SelectorExpr>(n);
          sel && sel->sel->name == "Done" && file.Canonical(sel->x) == canon) {
        x = sel->x;
      }
      return x == nullptr;
    });
    return x;
  }

  // `go worker(&wg, ...)` with worker a function of the package.
  static void CheckNamedWorkers(const FunctionUnit& fn, FindingSink& sink) {
    const Package& pkg = fn.package();
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      const auto* go = As<GoStmt>(n);
      if (!go) return true;
      const auto* name = As<Ident>(go->call->fun);
      if (!name || fn.types().IsLocal(name->name)) return false;
      auto it = pkg.funcs.find(name->name);
      if (it == pkg.funcs.end() || !it->second.decl->body) return false;
      const FuncDecl* worker = it->second.decl;
      for (size_t i = 0; i < go->call->args.size(); ++i) {
        const Expr* arg = go->call->args[i];
        const Expr* x = arg;
        if (const auto* u = As<UnaryExpr>(arg); u && u->op == Tok::kAnd) x = u->x;
        if (!IsWaitGroup(fn, x)) continue;
        std::string param = ParamName(worker, i);
        if (param.empty() || param == "_") continue;
        std::string canon = fn.file().Canonical(x);
        const Node* add = AddedBefore(fn, go, canon);
        if (!add) continue;
        bool calls_done = false;
        for (const std::string& d : DoneReceivers(worker->body, *it->second.file))
          calls_done = calls_done || d == param;
        if (!calls_done || DonePerItem(worker->body, *it->second.file, param)) continue;
        Check(fn, go, add, {worker->body, it->second.file, param}, canon, sink);
      }
      return false;
    });
  }

  // The name of parameter `index` of `decl`, "" when it is variadic or
  // unnamed.
  static std::string ParamName(const FuncDecl* decl, size_t index) {
    size_t i = 0;
    for (const Field* f : decl->type->params->list) {
      if (f->type->kind == NodeKind::kEllipsis) return "";
      if (f->names.empty()) {
        if (i++ == index) return "";
        continue;
      }
      for (const Ident* id : f->names) {
        if (i++ == index) return std::string(id->name);
      }
    }
    return "";
  }

  static void Check(const FunctionUnit& fn, const GoStmt* go, const Node* add, const Releaser& r,
                    const std::string& canon, FindingSink& sink) {
    std::optional<Cfg> built;
    const Cfg* cfg = nullptr;
    if (r.body == fn.body()) {
      cfg = fn.cfg();
    } else {
      built = Cfg::Build(r.body, *r.file);
      if (built) cfg = &*built;
    }
    if (!cfg) return;
    const Package& pkg = fn.package();
    PathQuery q;
    q.step = [&](const CfgNode& node) {
      return Releases(node.node, pkg, *r.file, r.canon) ? PathStep::kReleased : PathStep::kContinue;
    };
    std::optional<UnreleasedPath> path = FindUnreleasedPath(*cfg, cfg->entry(), q);
    if (!path) return;
    uint32_t at = r.body->rbrace;
    std::string where = "reaches the end";
    if (path->at != UINT32_MAX && !path->falls_off_end &&
        cfg->node(path->at).kind == CfgKind::kStmt) {
      const Node* s = cfg->node(path->at).node;
      if (As<ReturnStmt>(s)) {
        at = s->pos;
        where = "returns at line " + std::to_string(r.file->PositionOf(at).line);
      }
    }
    const SourceFile& file = fn.file();
    int32_t add_line = file.PositionOf(add->pos).line;
    std::string who = r.body == fn.body() ? "the goroutine" : "the goroutine's function";
    std::string msg = "the goroutine counted by " + canon + ".Add at line " +
                      std::to_string(add_line) + " has a path that " + where + " without " +
                      r.canon + ".Done(): " + canon + ".Wait() blocks forever; defer " + r.canon +
                      ".Done() at its start";
    if (r.file == &file) {
      sink.Report(kInfo, file, go->pos, msg,
                  {{at, who + " ends here without " + r.canon + ".Done()"}});
    } else {
      sink.Report(kInfo, file, go->pos, msg + " (in " + r.file->path() + ")",
                  {{add->pos, canon + " is counted here"}});
    }
  }
};

}  // namespace

const Rule& Leak010Rule() {
  static const Leak010 rule;
  return rule;
}

}  // namespace gopit::scan
