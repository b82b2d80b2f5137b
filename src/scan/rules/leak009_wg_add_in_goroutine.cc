// LEAK009 wg-add-in-goroutine: wg.Add inside the goroutine it counts races
// with wg.Wait.
#include <string>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/goroutines.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LEAK009", "wg-add-in-goroutine", Severity::kWarning,
                     "wg.Add is called inside the goroutine it counts: wg.Wait can return "
                     "before it runs.",
                     R"(## What it finds
A `wg.Add(n)` statement inside a `go func() { ... }()` literal, where `wg`
is a `sync.WaitGroup` declared outside the literal and something waits on
it: the function that starts the goroutine calls `wg.Wait()`, or, for a
field of the receiver (`s.wg`), a method of the same type does. The finding
is on the `Add`; the related location is the `go` statement.

## Why it is bad
Nothing orders the goroutine's first statement before the `Wait`. When the
scheduler runs `Wait` first, the counter is still zero and `Wait` returns
while the goroutines are still starting: results are read before they are
written, channels are closed under senders (a panic), and a shutdown that
was meant to wait for handlers does not. The race detector reports it only
when the bad order actually happens, so tests usually pass.

## Bad
```go
func fetchAll(urls []string) []string {
	var wg sync.WaitGroup
	out := make([]string, len(urls))
	for i, u := range urls {
		go func() {
			wg.Add(1) // may run after wg.Wait() below
			defer wg.Done()
			out[i] = fetch(u)
		}()
	}
	wg.Wait()
	return out
}
```

## Fix
Count the goroutine before starting it:
```go
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = fetch(u)
		}()
	}
```
From Go 1.25, `wg.Go(func() { ... })` does both.

## Go versions
All.

Since Go 1.25, `go vet` reports an `Add` that is the first statement of
the goroutine; this rule also finds those after an early check, a log line
or a deferred recover.

## Known limits
- Only `go` statements with a function literal are checked; a named
  function that calls `Add` on a WaitGroup it receives is not followed.
- A goroutine already counted by an `Add` on the same WaitGroup before its
  `go` statement may add more (it spawns children while the counter cannot
  reach zero): not reported.
- When the WaitGroup is a parameter or a variable and `Wait` is called in
  another function, or it is a field and no method of the receiver's type
  waits on it, the rule stays silent.)"};

// Whether `root` calls `<canon>.Wait()`, leaving out the literal `skip`.
bool WaitsOn(const Node* root, const SourceFile& file, const std::string& canon, const Node* skip) {
  bool found = false;
  Inspect(root, [&](const Node* n) {
    if (found || n == skip) return false;
    if (const auto* call = As<CallExpr>(n)) {
      const Expr* x = MethodReceiver(call, {"Wait"});
      found = x && call->args.empty() && file.Canonical(x) == canon;
    }
    return !found;
  });
  return found;
}

// For `recv.field`: whether a method of the receiver's type waits on
// `.field` of its own receiver.
bool FieldWaitedOn(const FunctionUnit& fn, const Expr* x) {
  const auto* sel = As<SelectorExpr>(x);
  const Ident* base = BaseIdent(x);
  const FuncDecl* decl = fn.outermost().decl();
  if (!sel || !base || !decl || !decl->recv || decl->recv->list.size() != 1) return false;
  const Field* recv = decl->recv->list[0];
  if (recv->names.size() != 1 || recv->names[0]->name != base->name) return false;
  if (fn.outermost().types().Local(base->name).empty()) return false;
  const Package& pkg = fn.package();
  auto it = pkg.methods.find(ReceiverTypeName(decl));
  if (it == pkg.methods.end()) return false;
  std::string suffix(".");
  suffix += sel->sel->name;
  for (const DeclRef<FuncDecl>& m : it->second) {
    if (!m.decl->body || !m.decl->recv || m.decl->recv->list.size() != 1) continue;
    const Field* r = m.decl->recv->list[0];
    if (r->names.size() != 1) continue;
    std::string canon = std::string(r->names[0]->name) + suffix;
    if (WaitsOn(m.decl->body, *m.file, canon, nullptr)) return true;
  }
  return false;
}

class Leak009 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    if (!fn.lit()) return;
    const ExprStmt* add = nullptr;
    Inspect(fn.body(), [&](const Node* n) {
      if (add || n->kind == NodeKind::kFuncLit) return false;
      if (WaitGroupAddReceiver(n)) add = static_cast<const ExprStmt*>(n);
      return add == nullptr;
    });
    if (!add) return;
    const GoStmt* go = GoStmtOfLiteral(fn);
    if (!go) return;
    // Every Add statement of the literal, not only the first.
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const Expr* x = WaitGroupAddReceiver(n))
        Check(fn, go, static_cast<const ExprStmt*>(n), x, sink);
      return true;
    });
  }

 private:
  // An Add on the same WaitGroup before the `go` statement, in the function
  // that starts it, counts the goroutine: its own Adds then happen while
  // the counter cannot reach zero.
  static void Check(const FunctionUnit& fn, const GoStmt* go, const ExprStmt* add, const Expr* x,
                    FindingSink& sink) {
    const Ident* base = BaseIdent(x);
    if (!base || DeclaresName(fn.lit()->type, fn.body(), base->name)) return;
    if (!IsWaitGroup(fn, x)) return;
    const SourceFile& file = fn.file();
    std::string canon = file.Canonical(x);
    const FunctionUnit& starter = *fn.outer();
    if (AddedBefore(starter, go, canon)) return;
    const FunctionUnit& top = fn.outermost();
    if (!WaitsOn(top.body(), file, canon, fn.lit()) && !FieldWaitedOn(fn, x)) return;
    sink.Report(kInfo, file, add->pos,
                canon + ".Add runs inside the goroutine it counts: " + canon +
                    ".Wait() can return before it runs; call " + canon +
                    ".Add before the go statement",
                {{go->pos, "the goroutine is started here, before it is counted"}});
  }
};

}  // namespace

const Rule& Leak009Rule() {
  static const Leak009 rule;
  return rule;
}

}  // namespace gopit::scan
