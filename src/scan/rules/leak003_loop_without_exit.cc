// LEAK003 loop-without-exit: a goroutine's `for { select { ... } }` that
// nothing can leave.
#include <string>
#include <unordered_set>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/rules/goroutines.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LEAK003", "loop-without-exit", Severity::kWarning,
                     "A goroutine's for-select loop has no case that leaves it: the goroutine "
                     "can never end.",
                     R"(## What it finds
A `for { select { ... } }` loop without a condition, in a goroutine (a
`go func() { ... }()` literal, or a function or method of the package that
some `go` statement starts), where nothing in the loop can leave it: no
`return`, no `break` that targets the loop (a plain `break` inside the
`select` only leaves the `select`), no labelled `break` or `continue` to an
outer statement, no `goto`, no `panic`, `os.Exit`, `log.Fatal` or
`runtime.Goexit`. The finding is on the `for`; the related location is the
`go` statement (or the `select` when the goroutine is started in another
file).

## Why it is bad
The goroutine lives until the process exits, with everything it
references: its channels, the buffers and connections its cases use, the
struct whose method it runs. When the goroutine is started per request,
per connection or per object (a cache with a janitor, a client with a
keep-alive loop), every start adds one more that never ends, and the
`Close` of the owner cannot stop it. A case on `ctx.Done()` or a `done`
channel that does not `return` spins instead of stopping.

## Bad
```go
func NewCache(ttl time.Duration) *Cache {
	c := &Cache{items: map[string]entry{}}
	go func() {
		t := time.NewTicker(ttl)
		for {
			select {
			case <-t.C:
				c.evictExpired()
			}
		}
	}()
	return c
}
```

## Fix
```go
func NewCache(ttl time.Duration) *Cache {
	c := &Cache{items: map[string]entry{}, done: make(chan struct{})}
	go func() {
		t := time.NewTicker(ttl)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				c.evictExpired()
			case <-c.done: // closed by c.Close()
				return
			}
		}
	}()
	return c
}
```

## Go versions
All.

## Known limits
- Only goroutines started once per owner are reported, where an endless
  loop is a leak that grows: started in a method, in a constructor
  (`New...`), in a function taking a `context.Context`, `net.Conn`,
  `http.ResponseWriter` or `*http.Request`, in a test, or running a method.
  A goroutine started by `main`, `init`, inside `once.Do`, or by another
  plain function (usually a process-wide singleton) is left alone.
- Calls are taken to return: a case that calls a helper which itself
  calls `runtime.Goexit` is not seen as an exit.
- A named function counts as a goroutine only when a `go` statement of the
  package names it (for a method, by a method name no other type of the
  package declares).)"};

bool IsBreakable(const Node* n) {
  switch (n->kind) {
    case NodeKind::kForStmt:
    case NodeKind::kRangeStmt:
    case NodeKind::kSwitchStmt:
    case NodeKind::kTypeSwitchStmt:
    case NodeKind::kSelectStmt:
      return true;
    default:
      return false;
  }
}

// Whether anything in the body of `loop` (labelled `label`, or "") can
// leave it, not counting function literals inside it.
bool CanLeave(const ForStmt* loop, std::string_view label, const SourceFile& file) {
  std::unordered_set<std::string_view> inner_labels;
  Inspect(loop->body, [&](const Node* n) {
    if (n->kind == NodeKind::kFuncLit) return false;
    if (const auto* l = As<LabeledStmt>(n)) inner_labels.insert(l->label->name);
    return true;
  });
  bool leaves = false;
  std::vector<uint32_t> breakable_ends;  // breakable statements inside the loop, open here
  Inspect(loop->body, [&](const Node* n) {
    if (leaves || n->kind == NodeKind::kFuncLit) return false;
    while (!breakable_ends.empty() && n->pos >= breakable_ends.back())
      breakable_ends.pop_back();
    if (IsBreakable(n)) breakable_ends.push_back(n->end);
    switch (n->kind) {
      case NodeKind::kReturnStmt:
        leaves = true;
        break;
      case NodeKind::kBranchStmt: {
        const auto* b = static_cast<const BranchStmt*>(n);
        if (b->tok == Tok::kGoto) {
          leaves = true;
        } else if (b->label) {
          std::string_view l = b->label->name;
          if (l == label) {
            leaves = b->tok == Tok::kBreak;
          } else {
            leaves = !inner_labels.contains(l);  // to a statement around the loop
          }
        } else if (b->tok == Tok::kBreak) {
          leaves = breakable_ends.empty();
        }
        break;
      }
      case NodeKind::kCallExpr:
        leaves = IsNoReturnCall(static_cast<const CallExpr*>(n), file);
        break;
      default:
        break;
    }
    return !leaves;
  });
  return leaves;
}

bool HasSelect(const ForStmt* loop) {
  for (const Stmt* s : loop->body->list) {
    if (const auto* sel = As<SelectStmt>(s); sel && !sel->body->list.empty()) return true;
  }
  return false;
}

// Whether the literal of `unit`, or of a unit around it, is the function
// of a `once.Do(func() { ... })`: whatever it starts, it starts once.
bool InsideOnce(const FunctionUnit* unit) {
  for (; unit && unit->lit(); unit = unit->outer()) {
    const FuncLit* lit = unit->lit();
    bool once = false;
    Inspect(unit->outer()->body(), [&](const Node* n) {
      if (once || n->pos > lit->pos || n->end < lit->end) return false;
      if (const auto* call = As<CallExpr>(n)) {
        const auto* sel = As<SelectorExpr>(call->fun);
        if (sel && sel->sel->name == "Do" && call->args.size() == 1 && call->args[0] == lit) {
          once = true;
        }
      }
      return !once;
    });
    if (once) return true;
  }
  return false;
}

// Whether the goroutine is started once per object, request, connection or
// test, so that an endless one is a leak that grows, rather than a
// process-long singleton (a dispatcher started by `main`, a signal thread
// behind a package-level nil check).
bool StartedPerOwner(const FunctionUnit& fn, const GoSite& site) {
  const FuncDecl* in = site.in;
  if (!in) return false;
  if (!in->recv && (in->name->name == "main" || in->name->name == "init")) return false;
  if (site.file->is_test()) return true;
  if (in->recv || (fn.decl() && fn.decl()->recv)) return true;
  std::string_view name = in->name->name;
  if (name.starts_with("New") || name.starts_with("new")) return true;
  const TypeResolver& resolver = fn.types().resolver();
  for (const Field* f : in->type->params->list) {
    std::string t = resolver.FromTypeExpr(f->type, *site.file);
    if (t == "context.Context" || t == "net.Conn" || t == "net/http.ResponseWriter" ||
        t == "*net/http.Request") {
      return true;
    }
  }
  return false;
}

class Leak003 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    // Endless for-select loops of this body, with their labels.
    std::vector<std::pair<const ForStmt*, std::string_view>> loops;
    std::vector<const LabeledStmt*> labels;
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* l = As<LabeledStmt>(n)) labels.push_back(l);
      if (const auto* f = As<ForStmt>(n); f && !f->cond && HasSelect(f)) {
        std::string_view label;
        for (const LabeledStmt* l : labels) {
          if (l->stmt == f) label = l->label->name;
        }
        loops.emplace_back(f, label);
      }
      return true;
    });
    if (loops.empty()) return;
    std::vector<const ForStmt*> endless;
    for (const auto& [loop, label] : loops) {
      if (!CanLeave(loop, label, fn.file())) endless.push_back(loop);
    }
    if (endless.empty()) return;

    const SourceFile& file = fn.file();
    const GoStmt* go = GoStmtOfLiteral(fn);
    GoSite site{go, &file, fn.outermost().decl()};
    if (!go) site = GoStmtStarting(fn);
    if (!site.stmt || !StartedPerOwner(fn, site)) return;
    if (go && InsideOnce(fn.outer())) return;
    for (const ForStmt* loop : endless) {
      std::string msg =
          "this for-select loop has no way out (no return, no break out of the for, no "
          "done or ctx.Done() case that returns): the goroutine never ends; add a case that "
          "returns when its owner stops";
      const SelectStmt* sel = nullptr;
      for (const Stmt* s : loop->body->list) {
        if (!sel) sel = As<SelectStmt>(s);
      }
      if (site.file == &file) {
        sink.Report(kInfo, file, loop->pos, msg,
                    {{site.stmt->pos, "the goroutine is started here"}});
      } else {
        int32_t line = site.file->PositionOf(site.stmt->pos).line;
        sink.Report(kInfo, file, loop->pos,
                    msg + " (started at " + site.file->path() + ":" + std::to_string(line) + ")",
                    {{sel->pos, "no case of this select leaves the loop"}});
      }
    }
  }
};

}  // namespace

const Rule& Leak003Rule() {
  static const Leak003 rule;
  return rule;
}

}  // namespace gopit::scan
