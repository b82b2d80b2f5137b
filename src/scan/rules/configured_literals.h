// What the rules about configuration literals share (LEAK011's
// http.Client{Timeout}, LEAK012's http.Server{ReadTimeout}): where a literal
// was stored, and whether the setting it lacks is assigned later; and which
// files are test code, where such settings do not matter.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>

#include "golang/ast.h"
#include "scan/rule.h"

namespace gopit::scan {

// `_test.go` files, files that import "testing", and test-support packages
// (named `testing` or ending in `test` or `testutil`, as httptest).
bool ImportsTesting(const SourceFile& file);
bool IsTestCode(const SourceFile& file);

// `x`, `(x)` and `&x` all give x.
const golang::Expr* UnwrapAddress(const golang::Expr* e);

// Whether the literal sets `key` ({Timeout: t}).
bool LiteralSetsKey(const golang::CompositeLit* lit, std::string_view key);

// The composite literals of a function body that are assigned or declared
// to a name, with the canonical text of that name ("srv", "s.hc").
using LiteralDestinations = std::unordered_map<const golang::CompositeLit*, std::string>;
LiteralDestinations FindLiteralDestinations(const FunctionUnit& fn);

// Whether one of `fields` of the literal is assigned after all: through the
// name it was stored in, in the declared function around it, or (for a
// struct field such as `s.hc`) as `x.hc.<field>` anywhere in the package.
bool FieldAssignedLater(const FunctionUnit& fn, const golang::CompositeLit* lit,
                        const LiteralDestinations& dest,
                        std::initializer_list<std::string_view> fields);

}  // namespace gopit::scan
