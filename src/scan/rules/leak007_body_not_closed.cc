// LEAK007 body-not-closed: the Body of an *http.Response from the client is
// not closed on every path.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/paired.h"
#include "scan/rules/owned_values.h"
#include "scan/rules/rules.h"
#include "scan/user_rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{
    "LEAK007", "body-not-closed", Severity::kWarning,
    "The Body of an *http.Response from http.Get/Post/Head/PostForm or Client.Do/Get/... is "
    "not closed on every path.",
    R"(## What it finds
A response from `http.Get`, `http.Post`, `http.PostForm`, `http.Head`, or
the `Do`, `Get`, `Post`, `PostForm` and `Head` methods of an
`*http.Client`, whose `Body` some path leaves the function without closing
(`resp.Body.Close()`, deferred or not), and without handing on: returning
`resp` or `resp.Body`, storing it, or passing `resp` to a function (or
`resp.Body` to a function outside the standard library, such as a
`drainAndClose` helper). The finding is on the call; the related location
is the `return` that leaves with the body open, or the statement that
overwrites `resp`.

The error path is not a leak: when the call returns an error, the
response is nil (or, when a `CheckRedirect` hook failed, its body is
already closed), so the usual `if err != nil { return err }` right after
the call is not reported.

Severity: **error** when the body is never closed or handed on anywhere in
the function, or the response is thrown away (`_, err := http.Get(u)`);
**warning** when it is closed on some paths but not on all (the early
`return` on a bad status code is the classic); **info** for `Head`, whose
response has no body to read, so the standard transport already reuses
the connection.

## Why it is bad
Until the body is closed, the transport keeps the connection out of its
pool, together with the two goroutines that serve it (`readLoop` and
`writeLoop`) and their buffers. A client that forgets it on one path opens
a new connection per request on that path: goroutines, file descriptors
and memory grow with traffic until the process runs out of one of them,
and the server sees a connection storm.

## Bad
```go
func fetchStatus(c *http.Client, url string) (int, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, fmt.Errorf("GET %s: %s", url, resp.Status) // body left open
	}
	defer resp.Body.Close()
	return decode(resp.Body)
}
```

## Fix
Defer the close right after the error check:
```go
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
```
To let the connection be reused, read what is left before closing
(`io.Copy(io.Discard, resp.Body)`).

## Go versions
All.

## Known limits
- The client must be known to be an `*http.Client` (a variable, field or
  parameter declared so, or `http.DefaultClient`); responses from other
  clients and from wrappers returning `*http.Response` are not followed.
- The error checks that are understood are `if err != nil` and
  `if err == nil` on the call's own error before it is assigned again,
  and `if resp != nil` / `if resp == nil` anywhere.
- Copies of `resp` into other locals are not followed: the copy is taken
  to close it.
- Paths that end in `panic`, `os.Exit`, `log.Fatal` or `t.Fatal` are not
  reported.)"};

// The calls that return a client response and how its body is closed
// (`Body.Close`): builtin-pairs.yaml (BuiltinPairsYaml).
const PairSpec& Pair() {
  static const PairSpec& pair = BuiltinPair("LEAK007").pairs[0];
  return pair;
}

// "http.Get", "client.Do"...: how the finding names the call, or "" when
// `e` is not a call that returns a client response.
std::string ResponseCall(const Expr* e, const FunctionUnit& fn, bool& head) {
  const auto* call = As<CallExpr>(e);
  const auto* sel = call ? As<SelectorExpr>(call->fun) : nullptr;
  if (!sel) return "";
  const Callee* c = MatchCallee(call, fn.types(), Pair().acquire);
  if (!c) return "";
  head = c->name == "Head";
  if (!c->type.empty()) return std::string(fn.file().Text(sel));
  // A function: named by the last element of its import path ("http.Get").
  return c->package.substr(c->package.rfind('/') + 1) + "." + c->name;
}

class Leak007 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* a = As<AssignStmt>(n)) {
        if (a->rhs.size() == 1 && a->lhs.size() == 2) Check(fn, a, a->lhs[0], a->lhs[1], sink);
        return true;
      }
      if (const auto* es = As<ExprStmt>(n)) {
        bool head = false;
        std::string what = ResponseCall(es->x, fn, head);
        if (!what.empty()) Discarded(fn, es->x, what, head, sink);
        return false;
      }
      return true;
    });
  }

 private:
  static void Discarded(const FunctionUnit& fn, const Expr* call, const std::string& what,
                        bool head, FindingSink& sink) {
    sink.Report(kInfo, head ? Severity::kInfo : Severity::kError, fn.file(), call->pos,
                "the response of " + what +
                    " is discarded, so its Body is never closed: the connection and its two "
                    "goroutines are not released; keep it and defer resp.Body.Close()");
  }

  void Check(const FunctionUnit& fn, const AssignStmt* site, const Expr* target,
             const Expr* err_target, FindingSink& sink) const {
    bool head = false;
    std::string what = ResponseCall(site->rhs[0], fn, head);
    if (what.empty()) return;
    const SourceFile& file = fn.file();
    const auto* id = As<Ident>(target);
    if (!id) return;  // stored in a field or element: handed on
    if (id->name == "_") {
      Discarded(fn, site->rhs[0], what, head, sink);
      return;
    }
    std::string_view resp = id->name;
    if (!fn.types().IsLocal(resp) || IsNamedResult(fn.type(), resp)) return;
    const Cfg* cfg = fn.cfg();
    if (!cfg) return;
    uint32_t from = cfg->NodeOf(site);
    if (from == UINT32_MAX) return;

    std::string body = std::string(resp) + "." + Pair().release.field;
    const FunctionTypes& types = fn.types();
    // Reading the body with the standard library (io.ReadAll, json.NewDecoder)
    // does not close it; a helper of the project may.
    auto borrows = [&](const CallExpr* call) {
      std::string callee = QualifiedCallee(call, types);
      if (!callee.empty()) return IsStdlibPath(callee.substr(0, callee.rfind('.')));
      const auto* sel = As<SelectorExpr>(call->fun);
      if (!sel) return false;
      std::string recv(Deref(types.TypeOf(sel->x)));
      size_t dot = recv.rfind('.');
      return dot != std::string::npos && IsStdlibPath(recv.substr(0, dot));
    };
    auto handled = [&](const Node* s) {
      bool closes = false;
      Inspect(s, [&](const Node* n) {
        if (closes) return false;
        if (const auto* sel = As<SelectorExpr>(n);
            sel && sel->sel->name == Pair().release.method && file.Canonical(sel->x) == body) {
          closes = true;
        }
        return !closes;
      });
      return closes || HandsOn(s, file, resp, [](const CallExpr*) { return false; }) ||
             HandsOn(s, file, body, borrows);
    };

    const auto* err_id = As<Ident>(err_target);
    std::string_view err = err_id && err_id->name != "_" ? err_id->name : std::string_view();
    auto step = [&](const CfgNode& node) {
      if (handled(node.node)) return PathStep::kReleased;
      if (Overwrites(node.node, resp)) return PathStep::kLeak;
      return PathStep::kContinue;
    };
    std::optional<UnreleasedPath> path = FindUnreleasedPathAfterCall(*cfg, from, step, err, resp);
    if (!path) return;

    // Closed or handed on nowhere: not a forgotten path but a forgotten close.
    bool closed_somewhere = ClosedSomewhere(fn, site, handled);
    Severity sev = head               ? Severity::kInfo
                   : closed_somewhere ? Severity::kWarning
                                      : Severity::kError;

    std::string head_text = std::string(resp) + ".Body of " + what + " is ";
    if (path->at != UINT32_MAX && !path->falls_off_end) {
      const Node* at = cfg->node(path->at).node;
      int32_t line = file.PositionOf(at->pos).line;
      if (As<ReturnStmt>(at)) {
        sink.Report(kInfo, sev, file, site->rhs[0]->pos,
                    head_text +
                        (closed_somewhere ? "not closed on the path that returns at line "
                                          : "never closed; the function returns at line ") +
                        std::to_string(line) + ": defer " + body +
                        ".Close() right after the error check",
                    {{at->pos, "returns here with " + body + " open"}});
      } else if (at == site) {
        sink.Report(kInfo, sev, file, site->rhs[0]->pos,
                    head_text + "not closed before the next turn of the loop overwrites " +
                        std::string(resp) + ": close it at the end of each turn",
                    {{at->pos, std::string(resp) + " is overwritten here"}});
      } else {
        sink.Report(kInfo, sev, file, site->rhs[0]->pos,
                    head_text + "not closed before " + std::string(resp) +
                        " is overwritten at line " + std::to_string(line),
                    {{at->pos, std::string(resp) + " is overwritten here"}});
      }
      return;
    }
    sink.Report(kInfo, sev, file, site->rhs[0]->pos,
                head_text +
                    (closed_somewhere ? "not closed on a path that reaches the end of the function"
                                      : "never closed") +
                    ": defer " + body + ".Close() right after the error check",
                {{fn.body()->rbrace, "the function ends here with " + body + " open"}});
  }

  // Whether anything after the call closes the body or hands it on.
  template <typename Handled>
  static bool ClosedSomewhere(const FunctionUnit& fn, const Stmt* site, const Handled& handled) {
    bool found = false;
    Inspect(fn.body(), [&](const Node* n) {
      if (found || n->end <= site->end) return false;
      if (n->pos >= site->end) {
        found = handled(n);
        return false;
      }
      return true;
    });
    return found;
  }
};

}  // namespace

const Rule& Leak007Rule() {
  static const Leak007 rule;
  return rule;
}

}  // namespace gopit::scan
