// CGO002 callback-panics: an `//export` function (Go called from C) that
// can panic, which would unwind through C frames, or block on a channel or
// WaitGroup, which blocks the C thread that called it.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/channels.h"
#include "scan/rules/configured_literals.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"CGO002", "callback-panics", Severity::kError,
                     "An //export function (called from C) can panic or block on a channel: a "
                     "panic must not unwind into C.",
                     R"(## What it finds
In a function exported to C with an `//export Name` directive (a file that
imports `"C"`), without a deferred `recover` at its top:
- an explicit `panic(...)` or `log.Panic*` call (error; a warning in test
  code: a `_test.go` file or one that imports `testing`);
- a call to a function or method of the package that itself calls `panic`
  (up to two calls deep), a `regexp.MustCompile` / `template.Must` style
  call whose input is not a constant, or a type assertion `x.(T)` without
  the `, ok` form (warning: they panic only on some inputs; info for
  `h.Value().(T)` on a `cgo.Handle`, the documented idiom, which fails only
  when C passes a handle of another kind);

and, with or without a `recover`:
- a channel send or receive, a `for range` over a channel, a `select`
  without `default` (and without a `time.After` case), or
  `sync.WaitGroup.Wait` (warning: it can block for as long as the other
  side takes). An empty `select {}`, which parks the thread for good on
  purpose, is not reported.

The finding is on the statement; the related location is the `//export`
line.

## Why it is bad
A Go panic cannot unwind through C frames: when a panic reaches the C
caller of an exported function the process aborts (or, with C code
compiled with exceptions and cleanups, unwinds in ways C does not expect),
and the C side's locks and resources are never released. `recover` in the
exported function itself is the only place that can stop it.

A C thread that calls into Go blocks its own caller while the Go code
waits: a channel operation that waits for a goroutine (or a
`WaitGroup`) holds that C thread, which may be a UI thread, an event loop
or a thread that holds C locks the Go side needs. Blocking there turns a
slow consumer into a hung application.

## Bad
```go
//export OnMessage
func OnMessage(p *C.char, n C.int) {
	msg := C.GoStringN(p, n)
	if len(msg) == 0 {
		panic("empty message") // unwinds into the C caller: abort
	}
	messages <- msg // blocks the C event loop when the consumer is slow
}
```

## Fix
Recover at the top of every exported function and turn the panic into an
error code; hand work to Go without waiting (a buffered channel with a
non-blocking send, or a `select` with `default`):

```go
//export OnMessage
func OnMessage(p *C.char, n C.int) (rc C.int) {
	defer func() {
		if r := recover(); r != nil {
			log.Printf("OnMessage: %v", r)
			rc = -1
		}
	}()
	msg := C.GoStringN(p, n)
	select {
	case messages <- msg:
	default:
		return -2 // queue full: drop, tell C
	}
	return 0
}
```

## Go versions
All (cgo).

## Known limits
- Runtime panics without a `panic` call are not reported: nil pointer
  dereferences, index out of range, division by zero, closed channels.
- Called functions are followed two calls deep, only within the package,
  and only for `panic` calls written in them; methods are followed when the
  receiver's type is a type of the package. Interface calls and function
  values are not followed.
- A `recover` counts when a top-level `defer` of the exported function,
  before the statement, calls a function literal or a package function
  that calls `recover()`; one that re-panics is still taken to recover.
- A send on a channel made with a buffer in the function, or a package
  variable initialised with `make(chan T, n)`, is not reported: it blocks
  only when the buffer is full, which is not known here. Other channels
  are reported whatever their buffer. Code inside function literals and
  `go` statements is not checked.)"};

// The `//export Name` comment of the declaration, or null.
const Comment* ExportDirective(const FuncDecl* d) {
  if (!d->doc) return nullptr;
  for (const Comment& c : d->doc->list) {
    if (c.text.starts_with("//export ") || c.text.starts_with("//export\t")) return &c;
  }
  return nullptr;
}

bool IsBuiltinCall(const CallExpr* call, std::string_view name, const FunctionTypes& types,
                   const Package& pkg) {
  const auto* id = As<Ident>(call->fun);
  return id && id->name == name && !types.IsLocal(name) && !pkg.funcs.contains(name) &&
         !pkg.values.contains(name);
}

// Visits the nodes of `body` that run in this goroutine now: not function
// literals, not `go` statements. fn returns false to skip children.
template <typename Fn>
void InspectNow(const Node* body, Fn&& fn) {
  Inspect(body, [&](const Node* n) {
    if (n->kind == NodeKind::kFuncLit || n->kind == NodeKind::kGoStmt) return false;
    return fn(n);
  });
}

// The package function or method a call goes to, or null.
const DeclRef<FuncDecl>* Callee(const CallExpr* call, const FunctionTypes& types,
                                const Package& pkg) {
  const Expr* fun = call->fun;
  while (const auto* p = As<ParenExpr>(fun))
    fun = p->x;
  if (const auto* ix = As<IndexExpr>(fun)) fun = ix->x;
  if (const auto* id = As<Ident>(fun)) {
    if (types.IsLocal(id->name)) return nullptr;
    auto it = pkg.funcs.find(id->name);
    return it == pkg.funcs.end() ? nullptr : &it->second;
  }
  if (const auto* sel = As<SelectorExpr>(fun)) {
    std::string t(Deref(types.TypeOf(sel->x)));
    if (t.empty() || t.find('.') != std::string::npos) return nullptr;
    size_t b = t.find('[');
    if (b != std::string::npos) t.resize(b);
    return pkg.Method(t, sel->sel->name);
  }
  return nullptr;
}

bool CallsRecover(const Node* body, const FunctionTypes& types, const Package& pkg) {
  bool found = false;
  Inspect(body, [&](const Node* n) {
    if (found) return false;
    if (const auto* c = As<CallExpr>(n)) found = IsBuiltinCall(c, "recover", types, pkg);
    return !found;
  });
  return found;
}

// The position of the first top-level `defer` of the function that
// recovers (a literal or a package function that calls recover()), or
// UINT32_MAX: panics after it are caught.
uint32_t RecoveringDefer(const FunctionUnit& fn) {
  const Package& pkg = fn.package();
  for (const Stmt* s : fn.body()->list) {
    const auto* d = As<DeferStmt>(s);
    if (!d) continue;
    if (const auto* lit = As<FuncLit>(d->call->fun)) {
      if (CallsRecover(lit->body, fn.types(), pkg)) return d->pos;
      continue;
    }
    const DeclRef<FuncDecl>* callee = Callee(d->call, fn.types(), pkg);
    if (callee && callee->decl->body) {
      FunctionTypes types(fn.types().resolver(), *callee->file, callee->decl->type,
                          callee->decl->recv, callee->decl->body);
      if (CallsRecover(callee->decl->body, types, pkg)) return d->pos;
    }
  }
  return UINT32_MAX;
}

// The first `panic(...)` a package function calls, directly or through
// `depth` more calls; null when none or it recovers itself.
const CallExpr* PanicIn(const DeclRef<FuncDecl>& ref, const TypeResolver& resolver, int depth,
                        const DeclRef<FuncDecl>** where) {
  const FuncDecl* d = ref.decl;
  if (!d->body) return nullptr;
  const Package& pkg = resolver.package();
  FunctionTypes types(resolver, *ref.file, d->type, d->recv, d->body);
  for (const Stmt* s : d->body->list) {
    if (const auto* def = As<DeferStmt>(s)) {
      if (CallsRecover(def, types, pkg)) return nullptr;
    }
  }
  const CallExpr* found = nullptr;
  InspectNow(d->body, [&](const Node* n) {
    if (found) return false;
    const auto* c = As<CallExpr>(n);
    if (!c) return true;
    if (IsBuiltinCall(c, "panic", types, pkg)) {
      found = c;
      *where = &ref;
      return false;
    }
    if (depth > 0) {
      const DeclRef<FuncDecl>* next = Callee(c, types, pkg);
      if (next && next->decl != d && PanicIn(*next, resolver, depth - 1, where)) found = c;
    }
    return !found;
  });
  return found;
}

// Whether `e` is made only of literals and the package's constants. A
// walk, not a recursion: `"a" + "b" + ...` may nest thousands deep.
bool IsConstant(const Expr* e, const FunctionTypes& types, const Package& pkg) {
  bool constant = true;
  Inspect(e, [&](const Node* n) {
    if (!constant) return false;
    if (n->kind == NodeKind::kParenExpr || n->kind == NodeKind::kBinaryExpr) return true;
    if (const auto* id = As<Ident>(n)) {
      auto v = types.IsLocal(id->name) ? pkg.values.end() : pkg.values.find(id->name);
      constant = v != pkg.values.end() && v->second.is_const;
    } else {
      constant = As<BasicLit>(n) != nullptr;
    }
    return false;
  });
  return constant;
}

// `regexp.MustCompile(s)` with s not a constant, or `template.Must(x)`
// where a call inside x has an argument that is not a constant.
bool MustWithInput(const CallExpr* call, const FunctionTypes& types, const Package& pkg) {
  std::string q = QualifiedCallee(call, types);
  if (q == "regexp.MustCompile" || q == "regexp.MustCompilePOSIX") {
    return call->args.size() == 1 && !IsConstant(call->args[0], types, pkg);
  }
  if (q != "text/template.Must" && q != "html/template.Must") return false;
  bool variable = false;
  for (const Expr* a : call->args) {
    Inspect(a, [&](const Node* n) {
      if (const auto* c = As<CallExpr>(n)) {
        for (const Expr* arg : c->args)
          variable = variable || !IsConstant(arg, types, pkg);
      }
      return !variable;
    });
  }
  return variable;
}

// `<-time.After(d)`: a receive that ends by itself.
bool IsTimerReceive(const Expr* chan, const FunctionTypes& types) {
  const auto* call = As<CallExpr>(chan);
  if (!call) return false;
  std::string q = QualifiedCallee(call, types);
  return q == "time.After" || q == "time.Tick";
}

// `make(chan T, n)` with n not a literal 0.
bool IsBufferedMake(const Expr* e) {
  return IsChanMake(e, true) && !IsChanMake(e, false);
}

// A channel made with a buffer: a local assigned `make(chan T, n)` in the
// function, or a package variable initialised with it. A send on it blocks
// only when the buffer is full.
bool IsBufferedChannel(const Expr* ch, const FunctionUnit& fn) {
  const auto* id = As<Ident>(ch);
  if (!id) return false;
  if (fn.types().IsLocal(id->name)) {
    bool buffered = false;
    Inspect(fn.body(), [&](const Node* n) {
      if (const auto* a = As<AssignStmt>(n); a && a->lhs.size() == a->rhs.size()) {
        for (size_t i = 0; i < a->lhs.size(); ++i) {
          const auto* l = As<Ident>(a->lhs[i]);
          if (l && l->name == id->name && IsBufferedMake(a->rhs[i])) buffered = true;
        }
      }
      return !buffered;
    });
    return buffered;
  }
  auto v = fn.package().values.find(id->name);
  if (v == fn.package().values.end()) return false;
  const ValueSpec* spec = v->second.spec;
  return spec->values.size() == spec->names.size() && IsBufferedMake(spec->values[v->second.index]);
}

// `h.Value()` in a file that imports runtime/cgo: the documented way to get
// a Go value back from a cgo.Handle asserts its type unchecked; it fails
// only when C passes a handle of another kind.
bool IsHandleValue(const Expr* x, const SourceFile& file) {
  const auto* call = As<CallExpr>(x);
  return call && call->args.empty() && MethodReceiver(call, {"Value"}) &&
         file.Imports("runtime/cgo");
}

class Cgo002 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    if (!fn.decl() || fn.file().ImportPath("C") != "C") return;
    const Comment* directive = ExportDirective(fn.decl());
    if (!directive) return;
    const FunctionTypes& types = fn.types();
    const Package& pkg = fn.package();
    const SourceFile& file = fn.file();
    std::string name(fn.decl()->name->name);
    uint32_t recover_at = RecoveringDefer(fn);
    // Test support (a _test.go file, or one that imports testing): a panic
    // there is how a test fails, and a warning.
    bool test_code = file.is_test() || ImportsTesting(file);
    auto recovered = [&](const Node* n) { return n->pos > recover_at; };
    std::vector<std::pair<uint32_t, std::string>> related = {
        {directive->pos, "exported to C here"}};
    std::string where = " (in " + name + ", which C calls through //export)";
    auto panics = [&](const Node* at, Severity sev, const std::string& what) {
      sink.Report(kInfo, sev, file, at->pos,
                  what + where +
                      ": a panic cannot unwind through C frames and aborts the process; defer a "
                      "function that recovers at the top of " +
                      name + " and return an error code to C",
                  related);
    };
    auto blocks = [&](const Node* at, const std::string& what) {
      sink.Report(kInfo, Severity::kWarning, file, at->pos,
                  what + where +
                      " blocks the calling C thread until the other side is ready; hand the "
                      "work over without waiting (select with default, a buffered channel) or "
                      "wait in a goroutine",
                  related);
    };
    // Assertions in `v, ok := x.(T)` (and var) form do not panic.
    std::unordered_set<const Node*> checked;
    InspectNow(fn.body(), [&](const Node* n) {
      if (const auto* a = As<AssignStmt>(n); a && a->lhs.size() == 2 && a->rhs.size() == 1) {
        checked.insert(a->rhs[0]);
      }
      if (const auto* v = As<ValueSpec>(n); v && v->names.size() == 2 && v->values.size() == 1) {
        checked.insert(v->values[0]);
      }
      return true;
    });
    std::unordered_set<const Node*> in_select;  // communications of a select
    // IsBufferedChannel walks the body: once per channel name, not per send.
    std::unordered_map<std::string_view, bool> buffered;
    auto is_buffered = [&](const Expr* ch) {
      const auto* id = As<Ident>(ch);
      if (!id) return false;
      auto it = buffered.find(id->name);
      if (it == buffered.end()) it = buffered.emplace(id->name, IsBufferedChannel(ch, fn)).first;
      return it->second;
    };
    // PanicIn walks the callee and its callees: once per callee, not per call.
    std::unordered_map<const FuncDecl*, const DeclRef<FuncDecl>*> panicking;
    auto panicking_callee = [&](const DeclRef<FuncDecl>& callee) {
      auto it = panicking.find(callee.decl);
      if (it == panicking.end()) {
        const DeclRef<FuncDecl>* where = nullptr;
        PanicIn(callee, types.resolver(), 1, &where);
        it = panicking.emplace(callee.decl, where).first;
      }
      return it->second;
    };
    InspectNow(fn.body(), [&](const Node* n) {
      switch (n->kind) {
        case NodeKind::kCallExpr: {
          const auto* c = static_cast<const CallExpr*>(n);
          // Blocking is reported with or without a recover.
          if (const Expr* wg = MethodReceiver(c, {"Wait"}); wg && c->args.empty()) {
            if (Deref(types.TypeOf(wg)) == "sync.WaitGroup") {
              blocks(c, std::string(file.Text(c)));
              return true;
            }
          }
          if (recovered(c)) return true;
          std::string q = QualifiedCallee(c, types);
          if (IsBuiltinCall(c, "panic", types, pkg) || q == "log.Panic" || q == "log.Panicf" ||
              q == "log.Panicln") {
            panics(c, test_code ? Severity::kWarning : Severity::kError,
                   std::string(file.Text(c->fun)) + " is called");
            return true;
          }
          if (MustWithInput(c, types, pkg)) {
            panics(c, Severity::kWarning,
                   q + " panics when its input, not a constant, does not parse");
            return true;
          }
          if (const DeclRef<FuncDecl>* callee = Callee(c, types, pkg);
              callee && callee->decl != fn.decl()) {
            if (const DeclRef<FuncDecl>* where = panicking_callee(*callee)) {
              panics(c, Severity::kWarning,
                     std::string(file.Text(c->fun)) + " can panic (" +
                         std::string(where->decl->name->name) + " calls panic)");
            }
          }
          return true;
        }
        case NodeKind::kTypeAssertExpr: {
          const auto* t = static_cast<const TypeAssertExpr*>(n);
          if (!recovered(t) && t->type && !checked.contains(n)) {
            panics(t, IsHandleValue(t->x, file) ? Severity::kInfo : Severity::kWarning,
                   "the type assertion " + std::string(file.Text(t)) +
                       ", without `, ok`, panics when the value has another type");
          }
          return true;
        }
        case NodeKind::kSelectStmt: {
          const auto* s = static_cast<const SelectStmt*>(n);
          bool bounded = false;
          for (const Stmt* cs : s->body->list) {
            const auto* cc = As<CommClause>(cs);
            if (!cc) continue;
            if (!cc->comm) bounded = true;
            if (cc->comm) {
              in_select.insert(cc->comm);
              Inspect(cc->comm, [&](const Node* m) {
                if (const auto* u = As<UnaryExpr>(m); u && u->op == Tok::kArrow) {
                  bounded = bounded || IsTimerReceive(u->x, types);
                  in_select.insert(u);
                }
                return true;
              });
            }
          }
          if (!bounded && !s->body->list.empty()) blocks(s, "a select without default");
          return true;
        }
        case NodeKind::kSendStmt:
          if (!in_select.contains(n) && !is_buffered(static_cast<const SendStmt*>(n)->chan)) {
            blocks(n,
                   "the send on " + std::string(file.Text(static_cast<const SendStmt*>(n)->chan)));
          }
          return true;
        case NodeKind::kUnaryExpr: {
          const auto* u = static_cast<const UnaryExpr*>(n);
          if (u->op == Tok::kArrow && !in_select.contains(n) && !IsTimerReceive(u->x, types)) {
            blocks(u, "the receive from " + std::string(file.Text(u->x)));
          }
          return true;
        }
        case NodeKind::kRangeStmt: {
          const auto* r = static_cast<const RangeStmt*>(n);
          if (IsReceivableChan(types.TypeOf(r->x))) {
            blocks(r, "the range over the channel " + std::string(file.Text(r->x)) +
                          " (until it is closed)");
          }
          return true;
        }
        default:
          return true;
      }
    });
  }
};

}  // namespace

const Rule& Cgo002Rule() {
  static const Cgo002 rule;
  return rule;
}

}  // namespace gopit::scan
