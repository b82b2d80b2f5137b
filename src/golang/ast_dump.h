// The canonical AST summary that the conformance test compares with
// go/parser's (tests/go/astdump prints the same format for go/ast):
//
//   File 1:1-12:2
//     Name: Ident 1:9-1:13 main
//     Decls: FuncDecl 3:1-5:2
//       ...
//
// One node per line in pre-order, indented two spaces per level, as
// "FIELD: KIND BEGIN-END [ATTRIBUTES]" with go/ast's field and type names
// and BEGIN/END as LINE:COL of go/ast's Pos() and End(). The format is
// described in full in docs/golang-frontend.md.
#pragma once

#include <string>
#include <vector>

#include "golang/parser.h"

namespace gopit::golang {

// The summary of a parsed file, or for a file that did not parse the single
// line "error: FILE:LINE:COL: MESSAGE\n".
std::string DumpAstSummary(const ParsedFile& file);

// Implements `gopit debug-ast FILE...` (defined in src/cli/debug_ast_cmd.cc):
// prints "== FILE" and the summary of each file to stdout. Returns 0, or 1
// if a file could not be read or parsed.
int RunDebugAst(const std::vector<std::string>& files);

}  // namespace gopit::golang
