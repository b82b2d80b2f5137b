// LEAK002 range-never-closed: a goroutine ranges over a channel its starter
// made, and nothing ever closes it.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/channels.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LEAK002", "range-never-closed", Severity::kWarning,
                     "A goroutine ranges over a channel that nothing closes: it never ends.",
                     R"(## What it finds
A function makes a channel, starts a goroutine that ranges over it (`for v
:= range ch`, in a function literal or in a function of the same package
the channel is passed to), and nothing closes the channel: not the
function, not its other goroutines, not the package functions it hands the
channel to. The loop has no other way out (no `return`, no `break` out of
it, no `goto`). The finding is on the `range`; the related location is
where the channel is made.

## Why it is bad
`range` over a channel ends only when the channel is closed. Without a
close the goroutine waits in `[chan receive]` forever once the senders are
done, holding whatever it references; if the function runs per request or
per job, every call leaves one more goroutine behind (a growing bucket in
`gopit watch`).

## Bad
```go
func process(jobs []Job) {
	results := make(chan Result)
	go func() {
		for r := range results { // never ends
			store(r)
		}
	}()
	for _, j := range jobs {
		results <- run(j)
	}
}
```

## Fix
Close the channel when the senders are done (`close(results)` after the
loop, or `defer close(results)` in the single sender), or give the consumer
another way out (`select` on `ctx.Done()`).

## Go versions
All.

## Known limits
Only channels made in the function and used there to send, receive, close
and start goroutines; a channel passed anywhere else (returned, stored,
given to a function outside the package) may be closed there, and the rule
is silent. `main` and `init` are left alone: a consumer that lives as long
as the process is a design, not a leak. A bare receive loop (`for { v :=
<-ch }`) is not covered.)"};

// Whether the range loop has a way out other than the channel closing. An
// explicit work stack, not recursion: input decides how deep bodies nest.
bool LeavesEarly(const RangeStmt* loop) {
  // `inner` counts constructs a plain `break` would leave instead of the
  // range.
  std::vector<std::pair<const Node*, int>> work{{loop->body, 0}};
  while (!work.empty()) {
    // Plain variables, not a structured binding: the lambda below captures
    // them, which clang 14 does not allow for bindings.
    const Node* root = work.back().first;
    int inner = work.back().second;
    work.pop_back();
    bool out = false;
    ForEachChild(root, [&](const char*, const Node* n) {
      switch (n->kind) {
        case NodeKind::kFuncLit:
          return;
        case NodeKind::kReturnStmt:
          out = true;
          return;
        case NodeKind::kBranchStmt: {
          const auto* b = static_cast<const BranchStmt*>(n);
          if (b->tok == Tok::kGoto || (b->tok == Tok::kBreak && (b->label || inner == 0)))
            out = true;
          return;
        }
        case NodeKind::kExprStmt: {
          const auto* call = As<CallExpr>(static_cast<const ExprStmt*>(n)->x);
          if (call && IsIdentNamed(call->fun, "panic")) out = true;
          return;
        }
        case NodeKind::kForStmt:
        case NodeKind::kRangeStmt:
        case NodeKind::kSwitchStmt:
        case NodeKind::kTypeSwitchStmt:
        case NodeKind::kSelectStmt:
          work.emplace_back(n, inner + 1);
          return;
        case NodeKind::kBlockStmt:
        case NodeKind::kIfStmt:
        case NodeKind::kCaseClause:
        case NodeKind::kCommClause:
        case NodeKind::kLabeledStmt:
          work.emplace_back(n, inner);
          return;
        default:
          return;  // expressions and simple statements hold no way out
      }
    });
    if (out) return true;
  }
  return false;
}

// The `for range ch` loops without another way out in `body`.
std::vector<const RangeStmt*> EndlessRanges(const BlockStmt* body, std::string_view ch) {
  std::vector<const RangeStmt*> out;
  InspectOwn(body, [&](const Node* n) {
    const auto* r = As<RangeStmt>(n);
    if (r && IsIdentNamed(r->x, ch) && !LeavesEarly(r)) out.push_back(r);
    return true;
  });
  return out;
}

struct Consumer {
  const RangeStmt* range = nullptr;
  const SourceFile* file = nullptr;
};

class Leak002 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    const BlockStmt* body = fn.body();
    if (!body) return;
    if (const FuncDecl* d = fn.decl();
        d && !d->recv && (d->name->name == "main" || d->name->name == "init")) {
      return;
    }
    bool has_go = false;
    InspectOwn(body, [&](const Node* n) {
      has_go = has_go || n->kind == NodeKind::kGoStmt;
      return !has_go;
    });
    if (!has_go) return;
    for (const MadeChan& c : ChannelsMade(body, true))
      Check(fn, c, sink);
  }

 private:
  void Check(const FunctionUnit& fn, const MadeChan& c, FindingSink& sink) const {
    std::string_view ch = c.name;
    if (ClosesChan(fn.body(), ch)) return;
    std::vector<Consumer> consumers;
    bool escapes = false;
    Inspect(fn.body(), [&](const Node* n) {
      if (escapes || n == c.def) return false;
      if (const auto* go = As<GoStmt>(n)) {
        if (!MentionsName(go, ch)) return false;
        Judge(fn, go, ch, consumers, escapes);
        return false;
      }
      if (const auto* send = As<SendStmt>(n); send && IsIdentNamed(send->chan, ch)) {
        Inspect(send->value, [&](const Node* v) {
          escapes = escapes ||
                    (v->kind == NodeKind::kIdent && IsIdentNamed(static_cast<const Expr*>(v), ch));
          return !escapes;
        });
        return false;
      }
      if (const auto* u = As<UnaryExpr>(n); u && u->op == Tok::kArrow && IsIdentNamed(u->x, ch))
        return false;
      if (const auto* r = As<RangeStmt>(n); r && IsIdentNamed(r->x, ch)) return true;
      if (const auto* call = As<CallExpr>(n)) {
        const auto* f = As<Ident>(call->fun);
        if (f && (f->name == "len" || f->name == "cap") && call->args.size() == 1 &&
            IsIdentNamed(call->args[0], ch)) {
          return false;
        }
      }
      if (n->kind == NodeKind::kFuncLit) {
        // A closure run in place (defer, a callback) may close or drain it.
        escapes = MentionsName(n, ch);
        return false;
      }
      if (n->kind == NodeKind::kIdent && IsIdentNamed(static_cast<const Expr*>(n), ch)) {
        escapes = true;
        return false;
      }
      return true;
    });
    if (escapes) return;
    for (const Consumer& k : consumers) {
      uint32_t made = c.def->pos;
      std::string msg = "range over " + std::string(ch) +
                        " never ends: nothing closes the channel, so this goroutine waits "
                        "forever once the senders are done; close(" +
                        std::string(ch) + ") when the last send is done";
      if (k.file == &fn.file()) {
        sink.Report(kInfo, fn.file(), k.range->pos, msg,
                    {{made, std::string(ch) + " is made here and never closed"}});
      } else {
        sink.Report(kInfo, fn.file(), made,
                    std::string(ch) + " is ranged over in " + k.file->path() + ":" +
                        std::to_string(k.file->PositionOf(k.range->pos).line) +
                        " and never closed: that goroutine never ends");
      }
    }
  }

  // What a `go` statement that mentions `ch` does with it: a consumer that
  // ranges without end, a sender (fine), or something the rule cannot see
  // through (closing it, passing it on).
  static void Judge(const FunctionUnit& fn, const GoStmt* go, std::string_view ch,
                    std::vector<Consumer>& consumers, bool& escapes) {
    const CallExpr* call = go->call;
    if (const auto* lit = As<FuncLit>(call->fun)) {
      if (HasParam(lit->type, ch) || ClosesChan(lit->body, ch)) {
        escapes = true;
        return;
      }
      for (const RangeStmt* r : EndlessRanges(lit->body, ch))
        consumers.push_back({r, &fn.file()});
      for (const Expr* a : call->args)
        escapes = escapes || MentionsName(a, ch);
      return;
    }
    const auto* name = As<Ident>(call->fun);
    auto it = name ? fn.package().funcs.find(name->name) : fn.package().funcs.end();
    if (it == fn.package().funcs.end() || !it->second.decl->body) {
      escapes = true;
      return;
    }
    for (size_t i = 0; i < call->args.size(); ++i) {
      if (!IsIdentNamed(call->args[i], ch)) {
        escapes = escapes || MentionsName(call->args[i], ch);
        continue;
      }
      std::string_view p = ParamName(it->second.decl->type, i);
      if (p.empty() || p == "_" || ClosesChan(it->second.decl->body, p)) {
        escapes = true;
        return;
      }
      // The function must only range, receive or send on it itself.
      bool passes_on = false;
      Inspect(it->second.decl->body, [&](const Node* n) {
        if (passes_on) return false;
        if (const auto* c2 = As<CallExpr>(n)) {
          for (const Expr* a : c2->args)
            passes_on = passes_on || IsIdentNamed(a, p);
        }
        if (const auto* go2 = As<GoStmt>(n)) passes_on = passes_on || MentionsName(go2, p);
        return !passes_on;
      });
      if (passes_on) {
        escapes = true;
        return;
      }
      for (const RangeStmt* r : EndlessRanges(it->second.decl->body, p))
        consumers.push_back({r, it->second.file});
    }
  }
};

}  // namespace

const Rule& Leak002Rule() {
  static const Leak002 rule;
  return rule;
}

}  // namespace gopit::scan
