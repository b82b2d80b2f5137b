// LEAK012 server-without-timeouts: an HTTP server that lets a slow client
// hold a connection goroutine for as long as it likes.
#include <string>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/configured_literals.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"LEAK012", "server-without-timeouts", Severity::kWarning,
                     "http.ListenAndServe, or an http.Server without ReadHeaderTimeout or "
                     "ReadTimeout: slow clients pin connection goroutines.",
                     R"(## What it finds
- Calls of the package functions `http.ListenAndServe` and
  `http.ListenAndServeTLS`, whose server cannot be given timeouts.
- A composite literal `http.Server{...}` or `&http.Server{...}` that sets
  neither `ReadHeaderTimeout` nor `ReadTimeout`, unless the function later
  assigns one of them (`srv.ReadTimeout = ...`) to the variable or field
  the literal was stored in.

Import aliases are followed. The finding is on the call or literal; the
related location is the call's arguments or the literal's closing brace.

## Why it is bad
Without a read timeout the server waits for a request's headers for as
long as the client likes. Every connection has its own goroutine (and
buffers): a few thousand clients that open a connection and send a byte
now and then (Slowloris), or just a flaky mobile network, pin that many
goroutines, file descriptors and memory until the process runs out of one
of them. `ReadHeaderTimeout` bounds the wait for headers without limiting
slow uploads of large bodies; `ReadTimeout` bounds the whole request.

## Bad
```go
func main() {
	http.HandleFunc("/", handle)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
```

## Fix
```go
func main() {
	http.HandleFunc("/", handle)
	srv := &http.Server{
		Addr:              ":8080",
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	log.Fatal(srv.ListenAndServe())
}
```

## Go versions
All; `ReadHeaderTimeout` exists from Go 1.8.

## Known limits
- A timeout set later through another name, or inside a helper the server
  is passed to, is not seen; an assignment to `.ReadTimeout` or
  `.ReadHeaderTimeout` of a field with the same name anywhere in the
  package (`s.srv = &http.Server{}` and `x.srv.ReadTimeout = t`) is.
- `http.Serve` and `http.ServeTLS` on a listener are not reported (the
  listener may enforce deadlines itself).
- `_test.go` files, files that import `testing` and test-support packages
  (named `testing` or ending in `test` or `testutil`, as `httptest`) (test servers) are not
  checked; package-level variable initialisers are not function bodies and
  are not checked.)"};

class Leak012 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    const SourceFile& file = fn.file();
    if (IsTestCode(file)) return;
    LiteralDestinations dest = FindLiteralDestinations(fn);
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* lit = As<CompositeLit>(n)) {
        CheckLiteral(fn, lit, dest, sink);
        return true;
      }
      if (const auto* call = As<CallExpr>(n)) {
        std::string c = QualifiedCallee(call, fn.types());
        if (c == "net/http.ListenAndServe" || c == "net/http.ListenAndServeTLS") {
          std::string name = "http." + c.substr(c.find('.') + 1);
          sink.Report(kInfo, file, call->pos,
                      name +
                          " serves with no read timeout (none can be set): a slow client "
                          "holds its connection goroutine as long as it likes; use an "
                          "http.Server with ReadHeaderTimeout",
                      {{call->lparen, "the server started here has no timeouts"}});
        }
        return true;
      }
      return true;
    });
  }

 private:
  static void CheckLiteral(const FunctionUnit& fn, const CompositeLit* lit,
                           const LiteralDestinations& dest, FindingSink& sink) {
    const SourceFile& file = fn.file();
    if (!lit->type) return;
    if (fn.types().resolver().FromTypeExpr(lit->type, file) != "net/http.Server") return;
    if (LiteralSetsKey(lit, "ReadHeaderTimeout") || LiteralSetsKey(lit, "ReadTimeout")) return;
    if (FieldAssignedLater(fn, lit, dest, {"ReadTimeout", "ReadHeaderTimeout"})) return;
    sink.Report(kInfo, file, lit->pos,
                "this http.Server sets neither ReadHeaderTimeout nor ReadTimeout: a slow "
                "client holds its connection goroutine as long as it likes",
                {{lit->rbrace, "the literal ends here without a read timeout"}});
  }
};

}  // namespace

const Rule& Leak012Rule() {
  static const Leak012 rule;
  return rule;
}

}  // namespace gopit::scan
