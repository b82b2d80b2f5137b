// RT005 unsafe-uintptr: a pointer kept as a uintptr in a variable, field
// or slice, and turned back into an unsafe.Pointer later in the function.
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/rules/rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

const RuleInfo kInfo{"RT005", "unsafe-uintptr", Severity::kWarning,
                     "A pointer stored as a uintptr and converted back to unsafe.Pointer "
                     "later: the object may move or be freed in between.",
                     R"(## What it finds
In one function: a value computed from a pointer as a `uintptr`
(`uintptr(unsafe.Pointer(p))`, `uintptr(ptr)` of an `unsafe.Pointer`,
`reflect.Value.Pointer()` or `UnsafeAddr()`, or arithmetic on one of
these) is stored in a variable, a struct field or a slice element (an
assignment, `var`, `append`, a composite literal field), and a later
`unsafe.Pointer(...)` conversion reads it back. The finding is on the
first conversion back of each store; the related location is the store.

Not reported, as the `unsafe` package documents them valid:
- conversion and arithmetic in one expression:
  `unsafe.Pointer(uintptr(p) + off)`;
- `uintptr(unsafe.Pointer(p))` written directly as an argument of
  `syscall.Syscall` and similar calls;
- `unsafe.Pointer(v.Pointer())` with the reflect call in the conversion;
- a uintptr from a pointer that is only printed, hashed, compared or
  used for alignment and never converted back.

`go vet`'s `unsafeptr` check looks only at the form of the conversion
back: it reports every `unsafe.Pointer(x)` of an integer that is not one
of the valid forms, wherever the integer came from (C memory, `mmap`,
the `noescape` idiom), and it is not among the checks `go test` runs. It
cannot tell which of those conversions turn a Go pointer back. This rule
follows the value from the store to the conversion within the function
and reports only those.

## Why it is bad
A `uintptr` is an integer: it does not keep the object alive and it is
not updated when the object moves. Between the store and the conversion
back the garbage collector may free the object (nothing else refers to
it), and a goroutine stack may grow and be copied to a new address,
moving every variable on it. The conversion then makes a pointer to
freed or reused memory: corruption that shows up far away, rarely, and
differently with each Go release (escape analysis decides what lives on
the stack).

## Bad
```go
func (b *Buffer) Header() *Header {
	addr := uintptr(unsafe.Pointer(&b.data[0])) // only an integer now
	runtime.Gosched()
	return (*Header)(unsafe.Pointer(addr)) // b.data may have moved or been freed
}
```

## Fix
Keep the pointer an `unsafe.Pointer` and do the arithmetic in the
conversion, or with `unsafe.Add` (Go 1.17) and `unsafe.Slice`:
```go
func (b *Buffer) Header() *Header {
	p := unsafe.Pointer(&b.data[0])
	runtime.Gosched()
	return (*Header)(p)
}

func field(base unsafe.Pointer, off uintptr) unsafe.Pointer {
	return unsafe.Add(base, off) // not unsafe.Pointer(uintptr(base) + off) kept in a var
}
```

## Go versions
All.

## Known limits
- Only flows inside one function body are followed (not through
  parameters, results, closures or package variables); a value stored in
  a field and converted back in another method is not found.
- The analysis is flow-insensitive: a variable stored from a pointer and
  later overwritten with an unrelated integer before the conversion is
  still reported.
- A uintptr stored and then passed to `syscall.Syscall` (invalid too:
  the conversion must be in the call) is not reported, as there is no
  conversion back.
- Memory that does not move and is not collected (C memory, `mmap`, the
  runtime's own heap structures) makes the pattern safe. The runtime's
  packages (`runtime`, `internal/runtime/...`, `runtime/internal/...`)
  are not checked for that reason, nor are functions marked
  `//go:nosplit` (their stack cannot grow, the home of the `noescape`
  idiom), `//go:systemstack` or `//go:nocheckptr` (an explicit opt-out of
  the pointer checks); other such code should suppress the finding with
  `//gopit:ignore RT005 reason`.)"};

class Rt005 : public Rule {
 public:
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    const SourceFile& file = fn.file();
    if (file.ImportPath("unsafe").empty()) return;
    if (RuntimeInternals(fn.package()) || Exempt(fn.outermost().decl())) return;
    const FunctionTypes& types = fn.types();

    auto is_pointer_conv = [&](const Expr* e) {
      const auto* call = As<CallExpr>(e);
      return call && call->args.size() == 1 && QualifiedCallee(call, types) == "unsafe.Pointer";
    };
    // A uintptr taken straight from a pointer.
    auto source = [&](const Expr* e) {
      e = Unparen(e);
      const auto* call = As<CallExpr>(e);
      if (!call) return false;
      if (const auto* id = As<Ident>(call->fun);
          id && id->name == "uintptr" && call->args.size() == 1 && !types.IsLocal("uintptr")) {
        const Expr* a = Unparen(call->args[0]);
        return is_pointer_conv(a) || types.TypeOf(a) == "unsafe.Pointer";
      }
      // reflect.Value's Pointer, or UnsafeAddr (a name no other common
      // API uses, and the receiver's type is often a call's result).
      const auto* sel = As<SelectorExpr>(call->fun);
      return sel && call->args.empty() &&
             (sel->sel->name == "UnsafeAddr" ||
              (sel->sel->name == "Pointer" && types.TypeOf(sel->x) == "reflect.Value"));
    };
    // The first store of each variable or field, by its canonical text
    // ("u", "h.addr", ".addr" for a literal's field). Nodes are visited in
    // source order, so a later store of the same key is never the earlier.
    std::unordered_map<std::string, const Node*> stores;
    auto add_store = [&](std::string key, const Node* at) { stores.emplace(std::move(key), at); };
    // A copy of a stored value (`p := start`) is stored as well.
    auto stored = [&](const Expr* e) {
      return (As<Ident>(e) || As<SelectorExpr>(e)) && stores.contains(file.Canonical(e));
    };
    // The source, or integer arithmetic on it; with `copies`, a copy of a
    // stored value too.
    auto derived = [&](const Expr* e, bool copies = true) {
      auto from = [&](const Expr* x) { return source(x) || (copies && stored(Unparen(x))); };
      for (int depth = 0; e && depth < 32; ++depth) {
        e = Unparen(e);
        if (from(e)) return true;
        const auto* b = As<BinaryExpr>(e);
        if (!b || (b->op != Tok::kAdd && b->op != Tok::kSub && b->op != Tok::kAnd &&
                   b->op != Tok::kOr && b->op != Tok::kAndNot)) {
          return false;
        }
        if (from(b->y)) return true;
        e = b->x;
      }
      return false;
    };

    std::vector<const CallExpr*> conversions;
    auto key_of = [&](const Expr* lhs) {
      lhs = Unparen(lhs);
      while (const auto* ix = As<IndexExpr>(lhs))
        lhs = Unparen(ix->x);
      return file.Canonical(lhs);
    };
    auto store = [&](const Expr* lhs, const Expr* rhs, const Node* at) {
      if (const auto* id = As<Ident>(Unparen(lhs)); id && id->name == "_") return;
      if (derived(rhs)) {
        add_store(key_of(lhs), at);
        return;
      }
      // s = append(s, uintptr(unsafe.Pointer(p)))
      const auto* call = As<CallExpr>(Unparen(rhs));
      const auto* fun = call ? As<Ident>(call->fun) : nullptr;
      if (fun && fun->name == "append") {
        for (size_t i = 1; i < call->args.size(); ++i) {
          if (derived(call->args[i])) add_store(key_of(lhs), at);
        }
      }
    };
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;
      if (const auto* a = As<AssignStmt>(n); a && a->lhs.size() == a->rhs.size()) {
        for (size_t i = 0; i < a->lhs.size(); ++i)
          store(a->lhs[i], a->rhs[i], n);
      } else if (const auto* v = As<ValueSpec>(n); v && v->names.size() == v->values.size()) {
        for (size_t i = 0; i < v->names.size(); ++i)
          store(v->names[i], v->values[i], n);
      } else if (const auto* kv = As<KeyValueExpr>(n); kv && As<Ident>(kv->key)) {
        // T{addr: uintptr(unsafe.Pointer(p))}: any later x.addr.
        if (derived(kv->value)) add_store(std::string(".").append(file.Canonical(kv->key)), n);
      } else if (const auto* call = As<CallExpr>(n); call && is_pointer_conv(call)) {
        conversions.push_back(call);
      }
      return true;
    });
    if (stores.empty() || conversions.empty()) return;

    std::unordered_set<const Node*> reported;
    for (const CallExpr* conv : conversions) {
      const Expr* arg = conv->args[0];
      if (derived(arg, false)) continue;  // the valid one-expression form
      const Node* hit = nullptr;
      auto stored_before = [&](const std::string& key) {
        auto it = stores.find(key);
        if (it != stores.end() && it->second->pos < conv->pos) hit = it->second;
      };
      Inspect(arg, [&](const Node* n) {
        if (hit || n->kind == NodeKind::kFuncLit || n->kind == NodeKind::kCallExpr) return false;
        if (!As<Ident>(n) && !As<SelectorExpr>(n)) return true;
        stored_before(file.Canonical(n));
        if (const auto* sel = As<SelectorExpr>(n); sel && !hit) {
          stored_before(std::string(".").append(sel->sel->name));
        }
        return !hit;
      });
      // One finding per store: its first conversion back.
      if (!hit || !reported.insert(hit).second) continue;
      int32_t line = file.PositionOf(hit->pos).line;
      sink.Report(kInfo, file, conv->pos,
                  "unsafe.Pointer(" + std::string(file.Text(arg)) +
                      ") turns back into a pointer the uintptr stored at line " +
                      std::to_string(line) +
                      ": a uintptr neither keeps the object alive nor follows it when the "
                      "stack moves; keep it an unsafe.Pointer and use unsafe.Add in one "
                      "expression",
                  {{hit->pos, "the pointer is stored as a plain integer here"}});
    }
  }

 private:
  // A function marked //go:nosplit cannot grow its stack, so nothing on it
  // moves between the conversions (the noescape idiom `x := uintptr(p);
  // return unsafe.Pointer(x ^ 0)` lives there); //go:nocheckptr says the
  // author opted out of the pointer checks on purpose.
  static bool Exempt(const FuncDecl* decl) {
    if (!decl || !decl->doc) return false;
    for (const Comment& c : decl->doc->list) {
      if (c.text.starts_with("//go:nosplit") || c.text.starts_with("//go:nocheckptr") ||
          c.text.starts_with("//go:systemstack")) {
        return true;
      }
    }
    return false;
  }

  // The runtime manages memory that does not move and keeps uintptrs to it
  // on purpose, under rules of its own (nosplit, systemstack).
  static bool RuntimeInternals(const Package& pkg) {
    if (pkg.module_path != "std") return false;
    std::string_view dir = pkg.dir;
    return pkg.name == "runtime" || dir.find("/internal/runtime/") != std::string_view::npos ||
           dir.ends_with("/internal/runtime") ||
           dir.find("/runtime/internal/") != std::string_view::npos;
  }
};

}  // namespace

const Rule& Rt005Rule() {
  static const Rt005 rule;
  return rule;
}

}  // namespace gopit::scan
