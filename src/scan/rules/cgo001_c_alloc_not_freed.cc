// CGO001 c-alloc-not-freed: memory from C.CString, C.CBytes or C.malloc
// that some path leaves the function without passing to C.free.
#include <string>

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
    "CGO001", "c-alloc-not-freed", Severity::kWarning,
    "C.CString, C.CBytes or C.malloc memory that is not passed to C.free on every path.",
    R"(## What it finds
- A `C.CString`, `C.CBytes` or `C.malloc` result kept in a local variable
  that some path leaves the function without freeing: no `C.free(p)` (or
  `C.free(unsafe.Pointer(p))`), deferred or not, and no hand-off (returned,
  stored in a field, element or package variable, passed to a Go function,
  sent on a channel). Passing it to a C function is a use, not a hand-off.
  The finding is on the allocation; the related location is the `return`
  that leaves without freeing it, or the statement that overwrites it.
- A `C.CString(...)`, `C.CBytes(...)` or `C.malloc(...)` written straight
  into the arguments of a C call: nothing can free it.

## Why it is bad
These functions allocate with C's `malloc`: the Go garbage collector does
not see the memory and never frees it. Each call on a path without
`C.free` leaks its bytes for the life of the process; in a request path or
a loop that is steady growth of the process's RSS that Go's heap profile
does not show.

## Bad
```go
func setTitle(w *C.Window, title string) error {
	cs := C.CString(title)
	if C.set_title(w, cs) != 0 {
		return errors.New("set_title failed") // cs leaks
	}
	C.free(unsafe.Pointer(cs))
	return nil
}
```

## Fix
```go
	cs := C.CString(title)
	defer C.free(unsafe.Pointer(cs))
```

## Go versions
All (cgo).

## Known limits
- A C function that takes ownership of the memory (and frees it itself)
  is not known: such calls are reported; suppress them with a reason.
- Copies into other locals, and conversions kept in other locals
  (`p := (*C.char)(unsafe.Pointer(cs))`), are taken to free it.
- Paths that end in `panic`, `os.Exit`, `log.Fatal` or `t.Fatal` are not
  reported.)"};

// The allocating calls, C.free, and the C functions that only borrow the
// memory: builtin-pairs.yaml (BuiltinPairsYaml).
const UserRuleSpec& Pair() {
  static const UserRuleSpec& spec = BuiltinPair("CGO001");
  return spec;
}

// "CString" for a C allocation call, "" otherwise.
std::string_view Allocator(const Expr* e, const FunctionUnit& fn) {
  const auto* call = As<CallExpr>(e);
  if (!call) return "";
  const Callee* c = MatchCallee(call, fn.types(), Pair().pairs[0].acquire);
  return c ? std::string_view(c->name) : "";
}

bool IsCCall(const CallExpr* call, const FunctionUnit& fn) {
  return MatchCallee(call, fn.types(), Pair().borrowed_by) != nullptr;
}

bool IsFree(const CallExpr* call, const FunctionUnit& fn) {
  return CallMatches(call, fn.types(), Pair().pairs[0].release.call);
}

class Cgo001 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    // Cheap syntax first: only files that import "C".
    if (fn.file().ImportPath("C") != "C") return;
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* a = As<AssignStmt>(n)) {
        if (a->lhs.size() == 1 && a->rhs.size() == 1) Check(fn, a, a->lhs[0], a->rhs[0], sink);
        return true;
      }
      if (const auto* call = As<CallExpr>(n); call && IsCCall(call, fn) && !IsFree(call, fn)) {
        for (const Expr* arg : call->args) {
          const Expr* inner = StripValueWrappers(arg, fn.file());
          std::string_view alloc = Allocator(inner, fn);
          if (alloc.empty()) continue;
          sink.Report(kInfo, fn.file(), inner->pos,
                      "C." + std::string(alloc) + " is passed straight to " +
                          std::string(fn.file().Text(call->fun)) +
                          " and never freed: keep it in a variable and defer C.free",
                      {{call->pos, "the C call it is passed to"}});
        }
      }
      return true;
    });
  }

 private:
  static bool Frees(const Node* s, std::string_view name, const FunctionUnit& fn) {
    bool found = false;
    Inspect(s, [&](const Node* n) {
      if (found) return false;
      const auto* call = As<CallExpr>(n);
      if (call && call->args.size() == 1 && IsFree(call, fn)) {
        const auto* id = As<Ident>(StripValueWrappers(call->args[0], fn.file()));
        found = id && id->name == name;
      }
      return !found;
    });
    return found;
  }

  void Check(const FunctionUnit& fn, const AssignStmt* site, const Expr* target, const Expr* value,
             FindingSink& sink) const {
    value = StripValueWrappers(value, fn.file());  // `(*C.char)(C.malloc(n))`
    std::string_view alloc = Allocator(value, fn);
    if (alloc.empty()) return;
    const auto* id = As<Ident>(target);
    if (!id || id->name == "_") return;  // stored in a field or element: handed on
    std::string_view name = id->name;
    if (!fn.types().IsLocal(name)) return;
    const Cfg* cfg = fn.cfg();
    if (!cfg) return;
    uint32_t from = cfg->NodeOf(site);
    if (from == UINT32_MAX) return;
    const SourceFile& file = fn.file();
    auto c_borrows = [&](const CallExpr* call) { return IsCCall(call, fn); };
    PathQuery q;
    q.step = [&](const CfgNode& node) {
      if (Frees(node.node, name, fn) || HandsOn(node.node, file, name, c_borrows)) {
        return PathStep::kReleased;
      }
      if (Overwrites(node.node, name)) return PathStep::kLeak;
      return PathStep::kContinue;
    };
    std::optional<UnreleasedPath> path = FindUnreleasedPath(*cfg, from, q);
    if (!path) return;
    std::string n(name);
    std::string head = n + " (C." + std::string(alloc) + ") is ";
    std::string fix = "; defer C.free(unsafe.Pointer(" + n + ")) right after it";
    if (path->at != UINT32_MAX && !path->falls_off_end) {
      const Node* at = cfg->node(path->at).node;
      int32_t line = file.PositionOf(at->pos).line;
      if (As<ReturnStmt>(at)) {
        sink.Report(
            kInfo, file, value->pos,
            head + "not freed on the path that returns at line " + std::to_string(line) + fix,
            {{at->pos, "returns here without C.free(" + n + ")"}});
      } else {
        sink.Report(
            kInfo, file, value->pos,
            head + "overwritten at line " + std::to_string(line) + " before it is freed" + fix,
            {{at->pos, n + " is overwritten here"}});
      }
      return;
    }
    sink.Report(kInfo, file, value->pos,
                head + "not freed on a path that reaches the end of the function" + fix,
                {{fn.body()->rbrace, "the function ends here without C.free(" + n + ")"}});
  }
};

}  // namespace

const Rule& Cgo001Rule() {
  static const Cgo001 rule;
  return rule;
}

}  // namespace gopit::scan
