// Small syntactic questions rules ask about calls and names.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_set>

#include "golang/ast.h"
#include "scan/source_file.h"
#include "scan/types.h"

namespace gopit::scan {

// The call an expression statement makes, or null.
const golang::CallExpr* StatementCall(const golang::Node* stmt);

// For `x.m(args)`: x, when m is one of `methods`; null otherwise.
const golang::Expr* MethodReceiver(const golang::CallExpr* call,
                                   std::initializer_list<std::string_view> methods);

// "context.WithCancel" for a call of an imported package's function (local
// names shadowing the import are respected), "" otherwise.
std::string QualifiedCallee(const golang::CallExpr* call, const FunctionTypes& types);

// Whether `root` holds a call `recv.m()` for one of `methods`, where recv's
// canonical text is `recv` (function literals inside are searched too).
bool HasMethodCallOn(const golang::Node* root, const SourceFile& file, std::string_view recv,
                     std::initializer_list<std::string_view> methods);

// Whether `root` uses the variable `name` (a selector's field name does not
// count; function literals inside are searched).
bool MentionsName(const golang::Node* root, std::string_view name);
// The same: the first such use, or null.
const golang::Ident* FirstMention(const golang::Node* root, std::string_view name);

// `e` without the parentheses around it.
const golang::Expr* Unparen(const golang::Expr* e);

// The variable an expression is reached through: x for x, (x), &x, *x,
// x.f.g and x[i]; null when the root is a call or a literal.
const golang::Ident* RootIdent(const golang::Expr* e);

// Every name declared anywhere in `root` (parameters, results, receivers,
// `:=`, `var`, range variables, those of nested function literals too),
// flow-insensitively: a use of such a name in `root` may be a local.
std::unordered_set<std::string_view> NamesDeclaredIn(const golang::Node* root);

// Whether statement `stmt` calls the function value `name` (`name()`, also
// inside `defer` and `go` statements and function literals).
bool CallsName(const golang::Node* stmt, std::string_view name);

// Whether the local `name` escapes at statement `stmt`: returned, stored
// anywhere but in a plain local (a field, an element, a package variable),
// passed to a call, sent on a channel, or captured by a function literal.
// Comparisons and other reads do not count.
bool EscapesAt(const golang::Node* stmt, std::string_view name, const FunctionTypes& types);

}  // namespace gopit::scan
