// Build constraints: which files of a package the go command would compile
// for a target (GOOS, GOARCH, cgo, tags, Go version).
//
// The rules are go/build's, so that the files accepted here are the files
// `go list` reports:
//  - a file name "x_GOOS.go", "x_GOARCH.go" or "x_GOOS_GOARCH.go" (each
//    optionally followed by "_test") builds only for that target; names
//    starting with '_' or '.' never build;
//  - a "//go:build EXPR" line in the file's header (the leading run of
//    blank lines and comments before the package clause) must hold; with
//    no //go:build line, every "// +build" line in the part of the header
//    that is followed by a blank line must hold (malformed "// +build"
//    lines are ignored, as go/build ignores them);
//  - with cgo disabled, a file that imports "C" does not build.
//
// Only the header (and, with cgo disabled, the import block) is read, so a
// check costs a few hundred bytes of scanning whatever the file's size.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace gopit::golang {

struct BuildContext {
  std::string goos = "linux";
  std::string goarch = "amd64";
  bool cgo = true;
  // Extra tags (as go build -tags), and the toolchain's tool tags
  // ("goexperiment.X", "amd64.v1") when they matter.
  std::vector<std::string> tags;
  // Release tags go1.1 .. go1.N are satisfied for go_version 1.N or 1.N.P.
  std::string go_version = "1.26";
  std::string compiler = "gc";
};

// Whether one tag is satisfied: cgo (when enabled), GOOS, GOARCH, the
// compiler, "unix" on Unix systems, linux on android, solaris on illumos,
// darwin on ios, release tags, and `tags`. "ignore" is never satisfied.
bool MatchBuildTag(std::string_view tag, const BuildContext& ctx);

// A boolean expression over tags. Nodes are stored children-first, so the
// expression is evaluated in one pass without recursion; parsing bounds
// its size (1000 operands for //go:build, 100 operators for // +build).
class BuildExpr {
 public:
  enum class Op : uint8_t { kTag, kNot, kAnd, kOr };
  struct Node {
    Op op = Op::kTag;
    uint32_t x = 0, y = 0;  // operand node indices (kNot uses x)
    std::string tag;        // kTag only
  };

  bool empty() const { return nodes_.empty(); }
  const std::vector<Node>& nodes() const { return nodes_; }
  uint32_t root() const { return static_cast<uint32_t>(nodes_.size() - 1); }

  // `ok(tag)` says whether a tag is satisfied.
  template <typename Fn>
  requires std::is_invocable_r_v<bool, Fn, std::string_view>
  bool Eval(Fn&& ok) const {
    std::vector<bool> v(nodes_.size());
    for (size_t i = 0; i < nodes_.size(); ++i) {
      const Node& n = nodes_[i];
      switch (n.op) {
        case Op::kTag:
          v[i] = ok(std::string_view(n.tag));
          break;
        case Op::kNot:
          v[i] = !v[n.x];
          break;
        case Op::kAnd:
          v[i] = v[n.x] && v[n.y];
          break;
        case Op::kOr:
          v[i] = v[n.x] || v[n.y];
          break;
      }
    }
    return !v.empty() && v.back();
  }
  bool Eval(const BuildContext& ctx) const {
    return Eval([&](std::string_view t) { return MatchBuildTag(t, ctx); });
  }

  // The //go:build form, parenthesised as go/build/constraint prints it:
  // "(linux || darwin) && !cgo".
  std::string String() const;

  // Builders; operands must be nodes of this expression.
  uint32_t Tag(std::string_view name);
  uint32_t Not(uint32_t x);
  uint32_t And(uint32_t x, uint32_t y);
  uint32_t Or(uint32_t x, uint32_t y);

 private:
  std::vector<Node> nodes_;
};

// Whether `line` is a "//go:build" line (the prefix then a space or the end;
// "//go:buildx" is not). Checks the prefix only.
bool IsGoBuildLine(std::string_view line);
// Whether `line` is a "// +build" line ("//+build" counts too).
bool IsPlusBuildLine(std::string_view line);

// Parses a "//go:build EXPR" or "// +build A,B C" line. Returns false with
// `error` set for a malformed one ("unexpected token )", "missing close
// paren", "expected build constraint", ...).
bool ParseBuildLine(std::string_view line, BuildExpr& out, std::string& error);

// The constraint of one file.
struct FileConstraint {
  bool has_go_build = false;          // from a //go:build line (then plus_build is ignored)
  int line = 0;                       // of the //go:build line
  BuildExpr go_build;                 // when has_go_build
  std::vector<BuildExpr> plus_build;  // every valid // +build line; all must hold

  // True when the file has no constraint.
  bool empty() const { return !has_go_build && plus_build.empty(); }
  bool Eval(const BuildContext& ctx) const;
};

// Reads the constraint from the header of a Go file. Returns false with
// `*error` = "LINE: why" for a malformed //go:build line or for two of them.
bool ParseFileConstraint(std::string_view source, FileConstraint& out, std::string* error);

// Whether a file of this name (a path; only its last element counts) builds
// for ctx: no leading '_' or '.', and any _GOOS / _GOARCH suffix matches.
bool FileNameMatches(std::string_view filename, const BuildContext& ctx);

// Whether source file `filename` with text `source` builds for ctx (name,
// header constraint, import "C"). False, with `*error` = "FILENAME:LINE:
// why", when the file's //go:build line is malformed. A file constrained by
// "ignore" never matches.
bool FileMatches(std::string_view filename, std::string_view source, const BuildContext& ctx,
                 std::string* error);

// Whether the file's import declarations include "C" (what makes it a cgo
// file). Reads only the package clause and the imports.
bool ImportsC(std::string_view source);

}  // namespace gopit::golang
