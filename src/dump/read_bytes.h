// Whole files and standard input read into memory, with the system's reason
// when that fails. std::ifstream with istreambuf_iterator throws from inside
// the read on errors such as EISDIR or ESRCH (a /proc file of a process that
// just exited), which would end gopit; these never throw.
#pragma once

#include <string>

namespace gopit {

// Reads `spec` (a path, or "-" for standard input) into `out`. On failure
// returns false and sets `error` to "PATH: reason".
bool ReadBytes(const std::string& spec, std::string& out, std::string& error);

}  // namespace gopit
