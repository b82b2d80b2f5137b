// LEAK005 ticker-not-stopped: a ticker or timer the function owns is never
// stopped; time.Tick where its ticker can never be stopped.
#include <string>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/paired.h"
#include "scan/rules/go_versions.h"
#include "scan/rules/owned_values.h"
#include "scan/rules/rules.h"
#include "scan/user_rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{
    "LEAK005", "ticker-not-stopped", Severity::kWarning,
    "A time.NewTicker/NewTimer is never stopped by the function that owns it, or time.Tick "
    "is used where its ticker is never released (before Go 1.23).",
    R"(## What it finds
- A `time.NewTicker` or `time.NewTimer` kept in a local variable that the
  function never stops (no `t.Stop()`, deferred or not, also none in a
  function literal) and never hands on (returned, stored in a field or
  element, passed to a function, sent on a channel). The finding is on the
  call; the related location is the end of the function that loses it.
- A `time.NewTicker(d).C` taken directly: that ticker can never be stopped.
- A `time.Tick` in a function that can return (outside package `main` and
  tests), or inside a loop that calls it again on every turn.

Functions that never return (a `for` loop with no way out, as in a
service's main loop) own their ticker for the life of the process and are
not reported, nor is `func main`. In `_test.go` files what would be a
warning is info: the ticker goes with the test process; `time.Tick` there
is not reported.

Severity by the module's Go version (the `go` directive of the nearest
`go.mod`, or `--go-version`):

| | before Go 1.23 | Go 1.23 and later | unknown |
|---|---|---|---|
| unstopped `NewTicker` | warning | info | info |
| unstopped `NewTimer` | info | info | info |
| `time.Tick` | warning | not reported | info |

## Why it is bad
Before Go 1.23 the runtime holds every active timer in its heaps: a ticker
that is not stopped keeps firing, and neither it nor its channel (nor
what its goroutine's closure references) is ever collected, even when
nothing refers to it any more. A function that creates a ticker per call
or per request leaks one per call, and the runtime's timer work grows with
them. An unstopped `Timer` is held the same way, but only until it fires.
`time.Tick` gives no way to stop its ticker at all.

Go 1.23 changed this: timers and tickers that the program no longer
references can be collected even if `Stop` was not called, and their
channels became unbuffered (so no stale tick is received after `Stop` or
`Reset`). Both changes apply when the main module's `go.mod` says
`go 1.23` or later; the `GODEBUG` setting `asynctimerchan=1` brings back
the old channels. From 1.23 an unstopped ticker is still a ticker that
keeps firing while referenced, hence info.

## Bad
```go
func (w *Watcher) poll(ctx context.Context) error {
	t := time.NewTicker(w.every)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err() // t keeps firing forever before Go 1.23
		case <-t.C:
			w.check()
		}
	}
}
```

## Fix
```go
	t := time.NewTicker(w.every)
	defer t.Stop()
```
and use `time.NewTicker` with a `Stop` instead of `time.Tick` in code that
returns.

## Go versions
The leak is real before Go 1.23. The rule is version-aware (see the table
above). The version is that of the scanned module, used as a stand-in for
the main module that builds it: a library declaring `go 1.21` that is
built into a `go 1.23` program gets the new behaviour.

## Known limits
- "Stopped" means a `Stop` call on the variable anywhere in the function,
  not on every path.
- Tickers kept in struct fields are left to whoever owns the struct.
- Copies into other locals are taken to be stopped by the copy.
- A `NewTimer` whose channel the function receives from outside a
  `select` (`<-t.C` as a statement) has fired and is not reported.)"};

enum class Kind { kTicker, kTimer, kTick };

// The calls that make a ticker or timer to stop, and the method that stops
// it: builtin-pairs.yaml (BuiltinPairsYaml).
const PairSpec& Pair() {
  static const PairSpec& pair = BuiltinPair("LEAK005").pairs[0];
  return pair;
}

// The time function `call` calls ("NewTicker"), or "": one of the pair's
// acquiring calls, or time.Tick, whose ticker nothing can stop.
std::string_view TimeFunc(const CallExpr* call, const FunctionUnit& fn) {
  if (!call) return "";
  const auto* sel = As<SelectorExpr>(call->fun);
  if (!sel) return "";
  if (const Callee* c = MatchCallee(call, fn.types(), Pair().acquire)) return c->name;
  std::string_view name = sel->sel->name;
  if (name != "Tick") return "";
  return QualifiedCallee(call, fn.types()) == "time.Tick" ? name : "";
}

// A statement other than a block: what a call belongs to in the graph.
bool IsStmtKind(const Node* n) {
  return n->kind >= NodeKind::kDeclStmt && n->kind <= NodeKind::kRangeStmt &&
         n->kind != NodeKind::kBlockStmt;
}

class Leak005 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    // Cheap syntax first: most functions use no timer at all.
    struct Site {
      const Node* stmt;
      const CallExpr* call;
      std::string_view name;  // the variable, or "" for time.Tick and NewTicker(d).C
      Kind kind;
      bool in_loop;
    };
    std::vector<Site> sites;
    std::vector<const Node*> loops;
    std::vector<std::pair<const Node*, const CallExpr*>> channels;
    const Node* stmt = nullptr;
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      while (!loops.empty() && n->pos >= loops.back()->end)
        loops.pop_back();
      if (As<ForStmt>(n)) loops.push_back(static_cast<const ForStmt*>(n)->body);
      if (const auto* r = As<RangeStmt>(n)) loops.push_back(r->body);
      if (IsStmtKind(n)) stmt = n;
      // `time.NewTicker(d).C`: kept nowhere, stopped never.
      if (const auto* sel = As<SelectorExpr>(n); sel && sel->sel->name == "C") {
        const auto* inner = As<CallExpr>(sel->x);
        if (TimeFunc(inner, fn) == "NewTicker") channels.emplace_back(stmt, inner);
      }
      const auto* call = As<CallExpr>(n);
      std::string_view f = TimeFunc(call, fn);
      if (f.empty()) return true;
      bool in_loop = !loops.empty() && n->pos >= loops.back()->pos;
      if (f == "Tick") {
        sites.push_back({stmt, call, "", Kind::kTick, in_loop});
        return true;
      }
      Kind k = f == "NewTicker" ? Kind::kTicker : Kind::kTimer;
      const auto* a = As<AssignStmt>(stmt);
      if (a && a->rhs.size() == 1 && a->rhs[0] == call && a->lhs.size() == 1) {
        if (const auto* id = As<Ident>(a->lhs[0])) {
          sites.push_back({stmt, call, id->name, k, in_loop});
        }
      }
      return true;
    });
    for (const auto& [st, call] : channels)
      ReportTickerChannel(fn, st, call, sink);
    for (const Site& s : sites) {
      if (s.kind == Kind::kTick) {
        CheckTick(fn, s.stmt, s.call, s.in_loop, sink);
      } else {
        CheckOwned(fn, s.stmt, s.call, s.name, s.kind, sink);
      }
    }
  }

 private:
  static bool IsMain(const FunctionUnit& fn) {
    const FuncDecl* d = fn.outermost().decl();
    return fn.package().name == "main" && d && !d->recv && d->name->name == "main";
  }

  // No path from `stmt` leaves the function: it owns what it made for the
  // life of the process.
  static bool NeverReturns(const FunctionUnit& fn, const Node* stmt) {
    const Cfg* cfg = fn.cfg();
    if (!cfg || !stmt) return false;
    uint32_t from = cfg->NodeOf(stmt);
    if (from == UINT32_MAX) return false;
    PathQuery q;
    q.step = [](const CfgNode&) { return PathStep::kContinue; };
    // Ranging over a ticker's channel ends only by leaving the body.
    q.only_branch = [&](const CfgNode& node) {
      const auto* r = As<RangeStmt>(node.node);
      const auto* call = r ? As<CallExpr>(r->x) : nullptr;
      return call && TimeFunc(call, fn) == "Tick" ? 0 : -1;
    };
    return !FindUnreleasedPath(*cfg, from, q);
  }

  static void ReportTickerChannel(const FunctionUnit& fn, const Node* stmt, const CallExpr* call,
                                  FindingSink& sink) {
    GoEra era = EraOf(fn.package(), "1.23");
    if (IsMain(fn) || NeverReturns(fn, stmt)) return;
    Severity sev =
        era == GoEra::kBefore && !fn.file().is_test() ? Severity::kWarning : Severity::kInfo;
    sink.Report(
        kInfo, sev, fn.file(), call->pos,
        "the ticker of time.NewTicker(...).C is never stopped: nothing keeps it" +
            std::string(era == GoEra::kFrom ? "; it is collected once unreferenced (Go 1.23+) but "
                                              "keeps firing until then"
                                            : ", and before Go 1.23 it fires and is held forever") +
            EraNote(fn.package()) + "; keep it and defer Stop()",
        {{fn.body()->rbrace, "the function ends here; the ticker lives on"}});
  }

  static void CheckTick(const FunctionUnit& fn, const Node* stmt, const CallExpr* call,
                        bool in_loop, FindingSink& sink) {
    GoEra era = EraOf(fn.package(), "1.23");
    if (era == GoEra::kFrom) return;  // collected once unreferenced
    if (fn.file().is_test()) return;
    // A ranged-over Tick is called once; one in a loop body, every turn.
    if (!in_loop) {
      if (fn.package().name == "main" || NeverReturns(fn, stmt)) return;
    }
    Severity sev = era == GoEra::kBefore ? Severity::kWarning : Severity::kInfo;
    if (in_loop) {
      sink.Report(kInfo, sev, fn.file(), call->pos,
                  "time.Tick is called on every turn of the loop: each call starts a ticker "
                  "that is never stopped or collected before Go 1.23" +
                      EraNote(fn.package()) +
                      "; make one time.NewTicker before the loop and defer its Stop()",
                  {{stmt->pos, "evaluated again on each turn"}});
      return;
    }
    sink.Report(kInfo, sev, fn.file(), call->pos,
                "time.Tick in a function that returns: its ticker can never be stopped and, "
                "before Go 1.23, is never collected" +
                    EraNote(fn.package()) + "; use time.NewTicker and defer its Stop()",
                {{fn.body()->rbrace, "the function can return; the ticker lives on"}});
  }

  static void CheckOwned(const FunctionUnit& fn, const Node* stmt, const CallExpr* call,
                         std::string_view name, Kind kind, FindingSink& sink) {
    if (name == "_") {
      return;  // nothing a Stop could name: a later rule's business (the result is unused)
    }
    const FunctionTypes& types = fn.types();
    if (!types.IsLocal(name) || IsNamedResult(fn.type(), name)) return;
    const SourceFile& file = fn.file();
    // Stopped, or handed on, anywhere in the function (literals included).
    bool handled = false;
    Inspect(fn.body(), [&](const Node* n) {
      if (handled) return false;
      if (const auto* sel = As<SelectorExpr>(n)) {
        const auto* x = As<Ident>(sel->x);
        handled = x && x->name == name && sel->sel->name == Pair().release.method;
      } else if (n != stmt && (As<ReturnStmt>(n) || As<CallExpr>(n) || As<SendStmt>(n) ||
                               As<CompositeLit>(n) || As<AssignStmt>(n) || As<ValueSpec>(n))) {
        handled = HandsOn(n, file, name, [](const CallExpr*) { return false; });
      }
      return !handled;
    });
    if (handled) return;
    // `<-t.C` as a statement, not a select case: the timer has fired.
    bool drained = false;
    if (kind == Kind::kTimer) {
      std::string channel = std::string(name) + ".C";
      Inspect(fn.body(), [&](const Node* n) {
        if (drained || As<SelectStmt>(n)) return false;
        const auto* es = As<ExprStmt>(n);
        const auto* u = es ? As<UnaryExpr>(es->x) : nullptr;
        drained = u && u->op == Tok::kArrow && file.Canonical(u->x) == channel;
        return !drained;
      });
    }
    if (drained) return;
    if (IsMain(fn) || NeverReturns(fn, stmt)) return;
    GoEra era = EraOf(fn.package(), "1.23");
    std::string n(name);
    if (kind == Kind::kTimer) {
      sink.Report(kInfo, Severity::kInfo, file, call->pos,
                  n + " (time.NewTimer) is never stopped: " +
                      (era == GoEra::kFrom
                           ? "it is collected once unreferenced, but stopping it says the wait "
                             "is over"
                           : "before Go 1.23 the runtime holds it until it fires") +
                      EraNote(fn.package()) + "; defer " + n + ".Stop()",
                  {{fn.body()->rbrace, "the function ends here without stopping " + n}});
      return;
    }
    Severity sev = era == GoEra::kBefore && !file.is_test() ? Severity::kWarning : Severity::kInfo;
    sink.Report(
        kInfo, sev, file, call->pos,
        n + " (time.NewTicker) is never stopped: " +
            (era == GoEra::kFrom ? "it is collected once unreferenced (Go 1.23+), but keeps firing "
                                   "until then"
                                 : "before Go 1.23 it keeps firing and is never collected") +
            EraNote(fn.package()) + "; defer " + n + ".Stop()",
        {{fn.body()->rbrace, "the function ends here without stopping " + n}});
  }
};

}  // namespace

const Rule& Leak005Rule() {
  static const Leak005 rule;
  return rule;
}

}  // namespace gopit::scan
