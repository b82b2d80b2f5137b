// LEAK006 time-after-in-loop: a select in a loop that calls time.After on
// every turn, where another case can start the next turn.
#include <string>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/go_versions.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{
    "LEAK006", "time-after-in-loop", Severity::kWarning,
    "time.After in a select inside a loop: before Go 1.23 every turn leaves a timer behind "
    "until it fires.",
    R"(## What it finds
A `select` inside a `for` loop with a case `<-time.After(d)`, where some
other case (or `default`) can go on to the next turn of the loop. The
finding is on the `time.After` call; the related location is the loop.

A select whose other cases all leave the loop (`return`, `break` to a
label outside it, `goto`, `panic`) is not reported: the next turn only
comes after the timer fired, as in a retry loop that waits out a backoff.

Severity by the module's Go version (the `go` directive of the nearest
`go.mod`, or `--go-version`): **warning** before Go 1.23 for a loop that
runs as long as it is fed (`for {}`, `for cond {}`, `for v := range ch`);
**info** from Go 1.23, when the version is unknown, for loops with a known
number of turns (counted, or over a slice or map: at most one timer per
turn is held) and in `_test.go` files (the timers go with the test
process).

## Why it is bad
Each `time.After` creates a timer and a channel. Before Go 1.23 the
runtime keeps the timer until it fires even when nothing can receive from
the channel any more: a loop that handles a message every millisecond with
a one-minute `time.After` holds sixty thousand timers at any moment, with
the memory and the timer-heap work that come with them. From Go 1.23
(main module's `go.mod` at `go 1.23` or later) unreferenced timers are
collected at once, and what is left is an allocation per turn.

## Bad
```go
func (w *Worker) run(ctx context.Context) {
	for {
		select {
		case job := <-w.jobs:
			w.handle(job)
		case <-time.After(time.Minute): // a new timer per job
			w.idle()
		case <-ctx.Done():
			return
		}
	}
}
```

## Fix
One timer for the loop, reset on each turn:
```go
	idle := time.NewTimer(time.Minute)
	defer idle.Stop()
	for {
		select {
		case job := <-w.jobs:
			w.handle(job)
		case <-idle.C:
			w.idle()
		case <-ctx.Done():
			return
		}
		idle.Reset(time.Minute) // Go 1.23+; before, stop and drain first
	}
```

## Go versions
A leak before Go 1.23; from Go 1.23 an allocation per turn (info). The
version is that of the scanned module, used as a stand-in for the main
module that builds it.

## Known limits
- Only `time.After` written in the case itself is seen, not a channel
  made by `time.After` earlier in the turn and selected on later.
- A case that ends the loop by setting a flag the loop condition tests is
  taken to go on to the next turn.
- A range over a value whose type is not known to be a channel counts as
  bounded.)"};

// Whether the statements of a select case end by leaving the loop.
bool LeavesLoop(List<Stmt> body, const SourceFile& file) {
  if (body.empty()) return false;
  const Stmt* last = body.back();
  while (const auto* l = As<LabeledStmt>(last))
    last = l->stmt;
  if (As<ReturnStmt>(last)) return true;
  if (const auto* b = As<BranchStmt>(last)) {
    // A bare break leaves only the select; a labelled one, a loop.
    return b->tok == Tok::kGoto || (b->tok == Tok::kBreak && b->label);
  }
  if (const auto* call = StatementCall(last)) return IsNoReturnCall(call, file);
  if (const auto* blk = As<BlockStmt>(last)) return LeavesLoop(blk->list, file);
  return false;
}

// The time.After call a case receives from, or null.
const CallExpr* AfterCall(const CommClause* c, const FunctionUnit& fn) {
  if (!c->comm) return nullptr;
  const Expr* x = nullptr;
  if (const auto* es = As<ExprStmt>(c->comm)) x = es->x;
  if (const auto* a = As<AssignStmt>(c->comm); a && a->rhs.size() == 1) x = a->rhs[0];
  const auto* u = As<UnaryExpr>(x);
  if (!u || u->op != Tok::kArrow) return nullptr;
  const auto* call = As<CallExpr>(u->x);
  const auto* sel = call ? As<SelectorExpr>(call->fun) : nullptr;
  if (!sel || sel->sel->name != "After") return nullptr;
  return QualifiedCallee(call, fn.types()) == "time.After" ? call : nullptr;
}

// `for {}`, `for cond {}` or a range over a channel: the loop runs for as
// long as it is fed, not a known number of turns.
bool Unbounded(const FunctionUnit& fn, const Stmt* loop) {
  if (const auto* f = As<ForStmt>(loop)) return !f->init && !f->post;
  const auto* r = As<RangeStmt>(loop);
  if (!r) return false;
  return IsReceivableChan(fn.types().TypeOf(r->x));
}

class Leak006 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    std::vector<const Stmt*> loops;  // enclosing for/range statements
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      while (!loops.empty() && n->pos >= loops.back()->end)
        loops.pop_back();
      if (const auto* f = As<ForStmt>(n)) loops.push_back(f);
      if (const auto* r = As<RangeStmt>(n)) loops.push_back(r);
      if (const auto* s = As<SelectStmt>(n); s && !loops.empty()) Check(fn, s, loops.back(), sink);
      return true;
    });
  }

 private:
  static void Check(const FunctionUnit& fn, const SelectStmt* s, const Stmt* loop,
                    FindingSink& sink) {
    const CallExpr* after = nullptr;
    bool next_turn = false;  // another case can go round again
    for (const Stmt* st : s->body->list) {
      const auto* c = As<CommClause>(st);
      if (!c) continue;
      if (const CallExpr* call = AfterCall(c, fn); call && !after) {
        after = call;
        continue;
      }
      if (!LeavesLoop(c->body, fn.file())) next_turn = true;
    }
    if (!after || !next_turn) return;
    GoEra era = EraOf(fn.package(), "1.23");
    // A counted loop or one over a collection holds at most one timer per
    // element: bounded, like the life of a test process.
    bool unbounded = Unbounded(fn, loop);
    Severity sev = era == GoEra::kBefore && unbounded && !fn.file().is_test() ? Severity::kWarning
                                                                              : Severity::kInfo;
    std::string why = era == GoEra::kFrom
                          ? "each turn allocates a timer that is dropped (collected at once from "
                            "Go 1.23)"
                          : "before Go 1.23 each turn leaves a timer behind until it fires";
    sink.Report(kInfo, sev, fn.file(), after->pos,
                "time.After in a select inside a loop creates a timer on every turn: " + why +
                    EraNote(fn.package()) +
                    "; make one time.NewTimer before the loop and Reset it each turn",
                {{loop->pos, "the loop that evaluates it again on each turn"}});
  }
};

}  // namespace

const Rule& Leak006Rule() {
  static const Leak006 rule;
  return rule;
}

}  // namespace gopit::scan
