// Questions the goroutine rules (LEAK003, LEAK009, LEAK010, LEAK013) share:
// which `go` statement starts a function, and whether a value is a
// sync.WaitGroup.
#pragma once

#include <string>
#include <string_view>

#include "golang/ast.h"
#include "scan/rule.h"

namespace gopit::scan {

// For the unit of a function literal started as `go func(...){...}(...)`:
// that `go` statement in the enclosing unit; null for any other unit.
const golang::GoStmt* GoStmtOfLiteral(const FunctionUnit& fn);

// For a declared function or method: a `go f(...)` / `go x.f(...)` in the
// package that names it (by name, and for a method by method name on a
// value of its receiver type when that type is known), with its file; null
// when none does. Walks the whole package: ask only after cheaper checks.
struct GoSite {
  const golang::GoStmt* stmt = nullptr;
  const SourceFile* file = nullptr;
  const golang::FuncDecl* in = nullptr;  // the declared function holding `stmt`
};
GoSite GoStmtStarting(const FunctionUnit& fn);

// Whether a function with this signature and body declares `name` itself
// (a parameter or result, `:=`, `var`, a range variable), not counting
// nested function literals.
bool DeclaresName(const golang::FuncType* type, const golang::BlockStmt* body,
                  std::string_view name);

// The leftmost identifier of `x.y.z` (`x`), or null.
const golang::Ident* BaseIdent(const golang::Expr* e);

// The receiver of a `x.Add(n)` statement, or null.
const golang::Expr* WaitGroupAddReceiver(const golang::Node* stmt);

// An `Add` statement on the WaitGroup whose canonical text is `canon`, in
// `fn` (outside its literals) before `before`; null if none.
const golang::Node* AddedBefore(const FunctionUnit& fn, const golang::Node* before,
                                const std::string& canon);

// Whether `x` is a sync.WaitGroup (or a pointer to one) in `fn`.
bool IsWaitGroup(const FunctionUnit& fn, const golang::Expr* x);

}  // namespace gopit::scan
