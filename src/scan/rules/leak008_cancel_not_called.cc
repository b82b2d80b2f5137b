// LEAK008 cancel-not-called: the cancel function of a derived context is
// dropped, or some path leaves the function without calling it.
#include <algorithm>
#include <string>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/paired.h"
#include "scan/rules/rules.h"
#include "scan/user_rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{
    "LEAK008", "cancel-not-called", Severity::kWarning,
    "The cancel function of context.WithCancel/WithTimeout/WithDeadline is discarded or not "
    "called on every path.",
    R"(## What it finds
A call of `context.WithCancel`, `WithTimeout`, `WithDeadline`,
`WithCancelCause`, `WithTimeoutCause` or `WithDeadlineCause` whose cancel
function is assigned to `_`, or kept in a local variable that some path
leaves the function without calling, deferring, returning, storing or
passing on. The finding is on the call; the related location is the
`return` on the path that forgets it, or the statement that overwrites it.

## Why it is bad
A derived context stays registered with its parent until it is cancelled.
Without the call, every request adds a child to a long-lived parent (and a
timer for `WithTimeout`) that is released only when the parent ends: memory
and, for `AfterFunc`-style watchers, goroutines grow with traffic. Code that
waits on `ctx.Done()` of the child also waits until the deadline instead of
until the work is over.

## Bad
```go
func fetch(parent context.Context, url string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(parent, 5*time.Second)
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return nil, err // cancel is never called on this path
	}
	defer cancel()
	return do(req)
}
```

## Fix
```go
func fetch(parent context.Context, url string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(parent, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return nil, err
	}
	return do(req)
}
```

## Go versions
All; `WithCancelCause` from Go 1.20, `WithTimeoutCause` and
`WithDeadlineCause` from Go 1.21.

## Known limits
- A path handles the cancel function when it calls or defers it, or when
  the value escapes: returned, stored in a field, element or package
  variable, passed to a function, sent on a channel, captured by a function
  literal (anywhere in the function: the closure calls it), or copied to
  another local (copies are not followed). `if cancel != nil { cancel() }`
  right after a conditional assignment counts as calling it (the variable
  is not nil on the paths from the assignment), and a path that waits for
  `<-ctx.Done()` of the derived context needs no cancel. A `:=` in a nested
  block or on the next turn of a loop declares a new variable and does not
  overwrite this one; a function literal that assigns its creator's
  variable leaves the call to the creator.
- Cancel functions kept in struct fields or slices are not followed.
- Paths that end in `panic`, `os.Exit`, `log.Fatal` or `t.Fatal` are not
  reported.)"};

// `stop := cancel`: another local now holds it; following copies is out of
// scope, so the path counts as handled.
bool AliasedLocally(const Node* s, std::string_view name) {
  const auto* a = As<AssignStmt>(s);
  if (!a) return false;
  for (const Expr* r : a->rhs) {
    if (const auto* id = As<Ident>(r); id && id->name == name) return true;
  }
  return false;
}

// The calls that derive a context and the index of the cancel function
// among their results: builtin-pairs.yaml (BuiltinPairsYaml).
const UserRuleSpec& Pair() {
  static const UserRuleSpec& spec = BuiltinPair("LEAK008");
  return spec;
}

// `lhs` names a local variable being (re)assigned by statement `s`.
bool Reassigns(const Node* s, std::string_view name) {
  const auto* a = As<AssignStmt>(s);
  if (!a) return false;
  for (const Expr* l : a->lhs) {
    if (const auto* id = As<Ident>(l); id && id->name == name) {
      for (const Expr* r : a->rhs) {
        if (MentionsName(r, name)) return false;
      }
      return true;
    }
  }
  return false;
}

// Whether `name` is declared in this function (a parameter, `:=`, `var`,
// or a range variable) rather than captured from an enclosing one: a
// literal that sets its creator's variable leaves calling it to the creator.
bool DeclaredIn(const FunctionUnit& fn, std::string_view name) {
  if (const FieldList* params = fn.type()->params) {
    for (const Field* f : params->list)
      for (const Ident* n : f->names)
        if (n->name == name) return true;
  }
  bool found = false;
  auto is_name = [&](const Expr* e) {
    const auto* id = As<Ident>(e);
    return id && id->name == name;
  };
  Inspect(fn.body(), [&](const Node* n) {
    if (found || n->kind == NodeKind::kFuncLit) return false;
    if (const auto* a = As<AssignStmt>(n); a && a->tok == Tok::kDefine) {
      for (const Expr* l : a->lhs)
        found = found || is_name(l);
    } else if (const auto* v = As<ValueSpec>(n)) {
      for (const Ident* id : v->names)
        found = found || id->name == name;
    } else if (const auto* r = As<RangeStmt>(n); r && r->tok == Tok::kDefine) {
      found = is_name(r->key) || is_name(r->value);
    }
    return !found;
  });
  return found;
}

// Whether a function literal of the function refers to `name`: the
// closure calls it (a callback, a cleanup), wherever the literal sits.
bool CapturedByLiteral(const FunctionUnit& fn, std::string_view name) {
  bool found = false;
  Inspect(fn.body(), [&](const Node* n) {
    if (found) return false;
    if (const auto* lit = As<FuncLit>(n)) {
      found = MentionsName(lit->body, name);
      return false;
    }
    return true;
  });
  return found;
}

// `<-ctx.Done()` in the statement: past it the context is finished and
// its cancel function frees nothing more.
bool WaitsForDone(const Node* s, std::string_view ctx) {
  bool found = false;
  Inspect(s, [&](const Node* n) {
    if (found || n->kind == NodeKind::kFuncLit) return false;
    if (const auto* u = As<UnaryExpr>(n); u && u->op == Tok::kArrow) {
      const auto* call = As<CallExpr>(Unparen(u->x));
      const auto* sel = call ? As<SelectorExpr>(call->fun) : nullptr;
      const auto* x = sel ? As<Ident>(sel->x) : nullptr;
      found = x && x->name == ctx && sel->sel->name == "Done";
    }
    return !found;
  });
  return found;
}

// The statements of the block that holds `stmt` directly.
std::vector<const Node*> Siblings(const FunctionUnit& fn, const Node* stmt) {
  std::vector<const Node*> out;
  auto scan = [&](List<Stmt> list) {
    for (const Stmt* s : list)
      if (s == stmt) {
        for (const Stmt* t : list)
          out.push_back(t);
        return true;
      }
    return false;
  };
  Inspect(fn.body(), [&](const Node* n) {
    if (!out.empty() || n->kind == NodeKind::kFuncLit) return false;
    if (n->pos > stmt->pos || n->end < stmt->end) return false;
    if (const auto* b = As<BlockStmt>(n)) scan(b->list);
    if (const auto* c = As<CaseClause>(n)) scan(c->body);
    if (const auto* c = As<CommClause>(n)) scan(c->body);
    return out.empty();
  });
  return out;
}

class Leak008 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      const size_t cancel = Pair().result;
      if (const auto* a = As<AssignStmt>(n)) {
        if (a->lhs.size() == cancel + 1 && a->rhs.size() == 1) {
          Check(fn, a, a->lhs[cancel], a->rhs[0], sink);
        }
        return true;
      }
      if (const auto* v = As<ValueSpec>(n)) {
        if (v->names.size() == cancel + 1 && v->values.size() == 1) {
          // `var ctx, cancel = context.WithCancel(p)` lives in a DeclStmt.
          const Node* stmt = Enclosing(fn, v);
          if (stmt) Check(fn, stmt, v->names[cancel], v->values[0], sink);
        }
        return false;
      }
      return true;
    });
  }

 private:
  static const Node* Enclosing(const FunctionUnit& fn, const ValueSpec* v) {
    const Node* found = nullptr;
    Inspect(fn.body(), [&](const Node* n) {
      if (found || n->kind == NodeKind::kFuncLit) return false;
      if (const auto* d = As<DeclStmt>(n); d && d->pos <= v->pos && v->end <= d->end) {
        found = d;
        return false;
      }
      return n->pos <= v->pos && v->end <= n->end;
    });
    return found;
  }

  static bool IsNamedResult(const FunctionUnit& fn, std::string_view name) {
    const FieldList* results = fn.type()->results;
    if (!results) return false;
    for (const Field* f : results->list) {
      for (const Ident* n : f->names) {
        if (n->name == name) return true;
      }
    }
    return false;
  }

  void Check(const FunctionUnit& fn, const Node* stmt, const Expr* target, const Expr* value,
             FindingSink& sink) const {
    const auto* call = As<CallExpr>(value);
    if (!call) return;
    const Callee* derive = MatchCallee(call, fn.types(), Pair().pairs[0].acquire);
    if (!derive) return;
    const std::string& callee = derive->text;
    const SourceFile& file = fn.file();
    const auto* id = As<Ident>(target);
    if (!id) return;  // stored in a field or element: handed on
    if (id->name == "_") {
      sink.Report(kInfo, file, call->pos,
                  "the cancel function returned by " + callee +
                      " is discarded: the context stays registered with its parent until the "
                      "parent is done; keep it and defer it");
      return;
    }
    if (!fn.types().IsLocal(id->name)) return;  // a package variable
    if (IsNamedResult(fn, id->name)) return;    // returned, also by a bare return
    if (!DeclaredIn(fn, id->name)) return;      // the enclosing function's variable
    if (CapturedByLiteral(fn, id->name)) return;
    // The derived context: `<-ctx.Done()` ends its life too.
    std::string ctx_name;
    if (const auto* a = As<AssignStmt>(stmt); a && !a->lhs.empty())
      if (const auto* c = As<Ident>(a->lhs[0])) ctx_name = std::string(c->name);
    // A `:=` declares a new variable unless it is in the block of this one
    // (a nested block or the next turn of a loop body gets a fresh one).
    std::vector<const Node*> block = Siblings(fn, stmt);
    auto same_variable = [&](const Node* s) {
      const auto* a = As<AssignStmt>(s);
      if (!a || a->tok != Tok::kDefine) return true;
      return s != stmt && std::find(block.begin(), block.end(), s) != block.end();
    };
    const Cfg* cfg = fn.cfg();
    if (!cfg) return;
    uint32_t from = cfg->NodeOf(stmt);
    if (from == UINT32_MAX) return;
    std::string_view name = id->name;
    PathQuery q;
    q.step = [&](const CfgNode& node) {
      if (Reassigns(node.node, name)) {
        if (!same_variable(node.node)) return PathStep::kReleased;  // another variable now
        return PathStep::kLeak;
      }
      if (!ctx_name.empty() && ctx_name != "_" && WaitsForDone(node.node, ctx_name)) {
        return PathStep::kReleased;
      }
      if (CallsName(node.node, name) || EscapesAt(node.node, name, fn.types())) {
        return PathStep::kReleased;
      }
      if (AliasedLocally(node.node, name)) return PathStep::kReleased;
      return PathStep::kContinue;
    };
    // `if cancel != nil { cancel() }`: set here, so not nil on these paths.
    q.only_branch = [&](const CfgNode& node) {
      const auto* i = As<IfStmt>(node.node);
      const auto* b = i ? As<BinaryExpr>(Unparen(i->cond)) : nullptr;
      if (!b || (b->op != Tok::kNeq && b->op != Tok::kEql)) return -1;
      const auto* x = As<Ident>(Unparen(b->x));
      const auto* y = As<Ident>(Unparen(b->y));
      bool on_name = (x && x->name == name && y && y->name == "nil") ||
                     (y && y->name == name && x && x->name == "nil");
      if (!on_name) return -1;
      return b->op == Tok::kNeq ? 0 : 1;
    };
    std::optional<UnreleasedPath> path = FindUnreleasedPath(*cfg, from, q);
    if (!path) return;
    std::string head = std::string(name) + ", the cancel function of " + callee + ",";
    if (path->at != UINT32_MAX && !path->falls_off_end) {
      const Node* at = cfg->node(path->at).node;
      int32_t line = file.PositionOf(at->pos).line;
      if (As<ReturnStmt>(at)) {
        sink.Report(kInfo, file, call->pos,
                    head + " is not called on the path that returns at line " +
                        std::to_string(line) + "; defer " + std::string(name) +
                        "() right after this call",
                    {{at->pos, "returns here without calling " + std::string(name)}});
      } else {
        sink.Report(
            kInfo, file, call->pos,
            head + " is overwritten at line " + std::to_string(line) + " before it is called",
            {{at->pos, std::string(name) + " is overwritten here"}});
      }
      return;
    }
    sink.Report(
        kInfo, file, call->pos,
        head + " is not called on a path that reaches the end of the function",
        {{fn.body()->rbrace, "the function ends here without calling " + std::string(name)}});
  }
};

}  // namespace

const Rule& Leak008Rule() {
  static const Leak008 rule;
  return rule;
}

}  // namespace gopit::scan
