// LEAK011 client-without-timeout: an http.Client with no Timeout, or the
// package-level helpers that use http.DefaultClient.
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/configured_literals.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LEAK011", "client-without-timeout", Severity::kWarning,
                     "An http.Client without Timeout, or http.Get/Post/DefaultClient in "
                     "non-test code: a stuck peer holds the goroutine forever.",
                     R"(## What it finds
- A composite literal `http.Client{...}` or `&http.Client{...}` that does
  not set `Timeout`, unless the function later assigns `x.Timeout = ...` to
  the variable or field the literal was stored in.
- Calls of the package functions `http.Get`, `http.Head`, `http.Post` and
  `http.PostForm`, which use `http.DefaultClient`.
- Other uses of `http.DefaultClient` (`http.DefaultClient.Do(req)`, passing
  it on), except comparing it and assigning to its fields.

Import aliases are followed and a local variable named `http` is not taken
for the package. The finding is on the literal, call or use; the related
location is the literal's closing brace or the call's argument list.

## Why it is bad
`http.Client`'s zero `Timeout` means no timeout at all, and
`http.DefaultClient` is such a client. A peer that accepts the connection
and then stops answering (an overloaded backend, a half-open TCP
connection, a proxy that holds the request) keeps the calling goroutine in
`[IO wait]` forever, together with the transport's two connection
goroutines. In a server each stuck outbound call pins the request that made
it: goroutines and memory grow until the process is restarted.

## Bad
```go
var client = &http.Client{}

func fetchUser(id string) (*User, error) {
	resp, err := http.Get(api + "/users/" + id) // no timeout
	...
}

func newAPI() *API {
	return &API{hc: &http.Client{Transport: tr}} // no timeout
}
```

## Fix
```go
func newAPI() *API {
	return &API{hc: &http.Client{Transport: tr, Timeout: 10 * time.Second}}
}

func (a *API) fetchUser(ctx context.Context, id string) (*User, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", api+"/users/"+id, nil)
	...
	resp, err := a.hc.Do(req)
}
```
Requests made with a context that has a deadline are bounded too, but a
client without `Timeout` leaves that to every call site.

## Go versions
All.

## Known limits
- `_test.go` files, files that import `testing` and test-support packages
  (named `testing` or ending in `test` or `testutil`, as `httptest`) are not checked.
- A client whose `Transport` sets `ResponseHeaderTimeout` (in the literal,
  in the function, or in the package function that builds the transport)
  is not reported: the wait for an answer is bounded, only a body that
  stalls half-way is not.
- `http.DefaultClient.Do(req)` is reported only when `req` is a local made
  by `http.NewRequest` (no context); a request made with a context, or
  handed in by the caller, may carry a deadline.
- A client whose requests all carry a context with a deadline is safe, but
  the rule does not follow requests to their client and still reports the
  literal.
- `Timeout` set later through another name (`c := &http.Client{}; d := c;
  d.Timeout = t`, or inside a helper the client is passed to) is not seen;
  an assignment to `.Timeout` of a field with the same name anywhere in the
  package (`s.hc = &http.Client{}` and `x.hc.Timeout = t`) is.
- Package-level variable initialisers (`var client = &http.Client{}`) are
  not function bodies and are not checked.)"};

// `http.DefaultClient` (through the file's import of net/http).
bool IsDefaultClient(const Expr* e, const FunctionUnit& fn) {
  const auto* sel = As<SelectorExpr>(e);
  if (!sel || sel->sel->name != "DefaultClient") return false;
  const auto* pkg = As<Ident>(sel->x);
  return pkg && !fn.types().IsLocal(pkg->name) && fn.file().ImportPath(pkg->name) == "net/http";
}

// Whether the request `arg` may carry a context: anything but a local
// assigned only from http.NewRequest (a parameter, a field, a request made
// with NewRequestWithContext, WithContext or Clone).
bool MayCarryContext(const FunctionUnit& fn, const Expr* arg) {
  const auto* id = As<Ident>(arg);
  if (!id) return true;
  bool without = false, with = false;
  Inspect(fn.outermost().body(), [&](const Node* n) {
    const auto* a = As<AssignStmt>(n);
    if (!a || a->lhs.empty()) return true;
    const auto* l = As<Ident>(a->lhs[0]);
    if (!l || l->name != id->name || a->rhs.size() != 1) return true;
    const auto* call = As<CallExpr>(a->rhs[0]);
    if (call && QualifiedCallee(call, fn.types()) == "net/http.NewRequest") {
      without = true;
    } else {
      with = true;
    }
    return true;
  });
  return with || !without;
}

bool MentionsHeaderTimeout(const Node* root) {
  bool found = false;
  Inspect(root, [&](const Node* n) {
    if (const auto* id = As<Ident>(n); id && id->name == "ResponseHeaderTimeout") found = true;
    return !found;
  });
  return found;
}

// Whether the literal's Transport bounds the wait for the response:
// `ResponseHeaderTimeout` set in the transport expression, anywhere in the
// function (a transport built in a local), or in the package function that
// builds it.
bool BoundedTransport(const FunctionUnit& fn, const CompositeLit* lit) {
  const Expr* transport = nullptr;
  for (const Expr* e : lit->elts) {
    const auto* kv = As<KeyValueExpr>(e);
    const auto* k = kv ? As<Ident>(kv->key) : nullptr;
    if (k && k->name == "Transport") transport = kv->value;
  }
  if (!transport) return false;
  if (MentionsHeaderTimeout(transport) || MentionsHeaderTimeout(fn.outermost().body())) {
    return true;
  }
  bool found = false;
  Inspect(transport, [&](const Node* n) {
    const auto* call = As<CallExpr>(n);
    const auto* id = call ? As<Ident>(call->fun) : nullptr;
    if (id && !fn.types().IsLocal(id->name)) {
      auto it = fn.package().funcs.find(id->name);
      if (it != fn.package().funcs.end() && it->second.decl->body) {
        found = MentionsHeaderTimeout(it->second.decl->body);
      }
    }
    return !found;
  });
  return found;
}

class Leak011 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    const SourceFile& file = fn.file();
    if (IsTestCode(file)) return;
    const FunctionTypes& types = fn.types();
    LiteralDestinations dest = FindLiteralDestinations(fn);
    std::unordered_set<const Node*> skip;  // comparisons and assignment targets
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (skip.contains(n)) return false;
      if (const auto* a = As<AssignStmt>(n)) {
        for (const Expr* l : a->lhs)
          skip.insert(l);
        return true;
      }
      if (const auto* b = As<BinaryExpr>(n); b && (b->op == Tok::kEql || b->op == Tok::kNeq)) {
        skip.insert(b->x);
        skip.insert(b->y);
        return true;
      }
      if (const auto* lit = As<CompositeLit>(n)) {
        CheckLiteral(fn, lit, dest, sink);
        return true;
      }
      if (const auto* call = As<CallExpr>(n); call && call->args.size() == 1) {
        // http.DefaultClient.Do(req) with a request that may carry a
        // context: the context bounds it.
        const auto* sel = As<SelectorExpr>(call->fun);
        if (sel && sel->sel->name == "Do" && IsDefaultClient(sel->x, fn) &&
            MayCarryContext(fn, call->args[0])) {
          return false;
        }
      }
      if (const auto* call = As<CallExpr>(n)) {
        std::string c = QualifiedCallee(call, types);
        if (c == "net/http.Get" || c == "net/http.Head" || c == "net/http.Post" ||
            c == "net/http.PostForm") {
          std::string name = "http." + c.substr(c.find('.') + 1);
          sink.Report(kInfo, file, call->pos,
                      name +
                          " uses http.DefaultClient, which has no timeout: a peer that stops "
                          "answering blocks this goroutine forever; use a client with Timeout "
                          "or a request with a context deadline",
                      {{call->lparen, "the request is sent here through http.DefaultClient"}});
          skip.insert(call->fun);
        }
        return true;
      }
      if (const auto* sel = As<SelectorExpr>(n); sel && IsDefaultClient(sel, fn)) {
        sink.Report(kInfo, file, sel->pos,
                    "http.DefaultClient has no timeout: a peer that stops answering blocks "
                    "the calling goroutine forever; use a client with Timeout",
                    {{sel->sel->pos, "DefaultClient.Timeout is zero (no timeout)"}});
        return false;
      }
      return true;
    });
  }

 private:
  static void CheckLiteral(const FunctionUnit& fn, const CompositeLit* lit,
                           const LiteralDestinations& dest, FindingSink& sink) {
    const SourceFile& file = fn.file();
    if (!lit->type) return;
    if (fn.types().resolver().FromTypeExpr(lit->type, file) != "net/http.Client") return;
    if (LiteralSetsKey(lit, "Timeout")) return;
    if (BoundedTransport(fn, lit)) return;
    if (FieldAssignedLater(fn, lit, dest, {"Timeout"})) return;
    sink.Report(kInfo, file, lit->pos,
                "this http.Client has no Timeout: a peer that stops answering blocks the "
                "calling goroutine forever; set Timeout",
                {{lit->rbrace, "the literal ends here without Timeout"}});
  }
};

}  // namespace

const Rule& Leak011Rule() {
  static const Leak011 rule;
  return rule;
}

}  // namespace gopit::scan
