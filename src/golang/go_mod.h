// go.mod: the module path, the language version and the toolchain of a
// module, read the way the go command reads its main module's go.mod.
//
// Only the `module`, `go` and `toolchain` directives are interpreted; every
// other directive and block (require, replace, exclude, retract, godebug,
// tool, ignore, and directives a later Go may add) is checked for syntax and
// skipped, so a go.mod written for a newer Go still reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gopit::golang {

struct GoMod {
  std::string module_path;  // unquoted; empty if the file has no module line
  std::string go_version;   // "1.22" or "1.22.3"; empty if the file has no go line
  std::string toolchain;    // "go1.22.3", "default", or empty
  std::string path;         // of the go.mod file; set by FindGoMod
};

// Parses the text of a go.mod into `out` (all fields but `path` are reset).
// Returns false with `error` = "line N: why" for a syntax error (an
// unterminated string or block, a /* */ comment, a stray character) or a
// malformed or repeated module, go or toolchain directive. Never throws.
bool ParseGoMod(std::string_view text, GoMod& out, std::string& error);

// Walks up from `dir` (relative or absolute) to the nearest directory that
// holds a go.mod and reads it; the walk stops at the filesystem root.
// nullopt if there is none, or if the nearest one cannot be read or parsed:
// then `*error` (when given) says "PATH: why"; it stays empty when there
// simply is no go.mod. As with the go command, a broken nearest go.mod is
// not skipped in favour of one further up.
std::optional<GoMod> FindGoMod(const std::string& dir, std::string* error);
std::optional<GoMod> FindGoMod(const std::string& dir);

// Orders Go versions as the go command does (internal/gover): returns <0,
// 0 or >0. "1.21" is the language version and sorts before its release
// candidates, which sort before the release: 1.21 < 1.21rc1 < 1.21.0 <
// 1.21.1. Before Go 1.21 a missing patch means .0 (1.20 == 1.20.0). A
// leading "go" and a "-suffix" after it are allowed ("go1.22.3-custom").
// Invalid versions compare equal to each other and before all valid ones.
int CompareGoVersions(std::string_view a, std::string_view b);

// Whether `v` is a version CompareGoVersions understands ("1", "1.21",
// "1.21rc2", "1.21.3", optionally with "go").
bool IsValidGoVersion(std::string_view v);

}  // namespace gopit::golang
