// Function names as the runtime prints them in tracebacks.
#pragma once

#include <string>
#include <string_view>

namespace gopit {

// Profiles carry a generic function's linker name with its shape types
// ("main.F[go.shape.int,go.shape.string].func1"); tracebacks and debug=1 print
// everything from the first '[' to the last ']' as "[...]" ("main.F[...].func1").
// Returns the printed form, using `scratch` when it has to differ.
std::string_view PrintedFunctionName(std::string_view name, std::string& scratch);

}  // namespace gopit
