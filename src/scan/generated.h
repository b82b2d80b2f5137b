// The Go convention for generated files (https://go.dev/s/generatedcode):
// a comment before the package clause with a line that matches
// `^// Code generated .* DO NOT EDIT\.$`. Such files are the output of a
// tool (mocks, protobuf and gRPC stubs, deep copies); their findings belong
// to the generator, so the scan leaves them out unless asked.
#pragma once

#include <string_view>

namespace gopit::scan {

// Whether the source text declares itself generated. Reads only the
// comments before the package clause, as go/ast.IsGenerated does.
bool IsGeneratedSource(std::string_view text);

}  // namespace gopit::scan
