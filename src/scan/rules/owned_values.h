// What happens to a value a function owns and must release (a response
// body, a ticker, C memory): whether a statement hands it to someone else,
// or overwrites the only reference to it. Shared by the paired-resource
// rules LEAK005, LEAK007 and CGO001.
#pragma once

#include <functional>
#include <string_view>

#include "golang/ast.h"
#include "scan/source_file.h"

namespace gopit::scan {

// `e` without what does not change which object it is: parentheses, `&`,
// and conversions (`unsafe.Pointer(p)`, `(*C.char)(p)`, `uintptr(p)`).
const golang::Expr* StripValueWrappers(const golang::Expr* e, const SourceFile& file);

// Whether statement `stmt` hands on the value whose canonical text is
// `value` ("resp", "resp.Body"): returns it, stores it anywhere (a field,
// an element, a package variable, another local: copies are not followed),
// puts it in a composite literal, sends it, or passes it to a call other
// than one `borrows` says only uses it. Function literals inside are
// searched the same way.
bool HandsOn(const golang::Node* stmt, const SourceFile& file, std::string_view value,
             const std::function<bool(const golang::CallExpr*)>& borrows);

// Whether statement `stmt` assigns a new value to the local `name` (the
// right-hand side does not use the old one).
bool Overwrites(const golang::Node* stmt, std::string_view name);

// Whether `name` is a named result of a function of type `type` (a bare
// `return` hands it to the caller).
bool IsNamedResult(const golang::FuncType* type, std::string_view name);

// Whether the import path is of the standard library (no dot in its first
// element: "io", "encoding/json", not "github.com/x/y").
bool IsStdlibPath(std::string_view import_path);

}  // namespace gopit::scan
