// The few standard-library signatures the rules need to know the type of a
// value: result types of functions and methods, and types of package-level
// variables. Types are written as scan/types.h spells them ("*net/http.Client").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gopit::scan {

// Results of "context.WithCancel" or of a method "(*net/http.Client).Do" /
// "(database/sql.DB).Query" (receiver without '*' for value and pointer
// methods alike). Null when the table does not know it.
const std::vector<std::string>* StdlibResults(std::string_view qualified);

// Type of a package-level variable such as "net/http.DefaultClient", or "".
std::string_view StdlibVarType(std::string_view qualified);

}  // namespace gopit::scan
