// The paired-resource engine: "after node A, on every path to the end of the
// function, B happens". Behind lock/unlock, cancel, open/close, new/stop and
// alloc/free rules: the rule says what releases its resource (an Unlock, a
// deferred Unlock, the value escaping) and the engine searches the graph for
// a path that leaves the function without it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "scan/cfg.h"

namespace gopit::scan {

enum class PathStep : uint8_t {
  kContinue,  // nothing happens to the resource here
  kReleased,  // released (or handed on) on this path: stop following it
  kLeak,      // the resource is lost right here (e.g. taken again while held)
};

struct UnreleasedPath {
  // The node where the resource is lost: the return statement (or the last
  // statement before falling off the end) on the way to the exit, or the
  // node the rule called kLeak. UINT32_MAX when the path falls off the end
  // straight after the acquiring node.
  uint32_t at = UINT32_MAX;
  bool falls_off_end = false;  // reached the exit without a return statement
};

struct PathQuery {
  // Judges each statement node on a path (kStmt nodes only).
  std::function<PathStep(const CfgNode&)> step;
  // For branch nodes: the index of the only successor to follow, or -1 for
  // all. Lets a rule correlate `if x { lock }` with a later `if x { unlock }`.
  std::function<int(const CfgNode&)> only_branch;
  // Judges the expression a branch node evaluates (BranchExpr): a call in
  // `if !s.releaseAndCheck() {` releases as surely as one on its own line.
  // Unset: branch nodes release nothing.
  std::function<PathStep(const golang::Expr*)> cond;
};

// The expression a branch node evaluates before it chooses a successor: an
// if's or for's condition, a switch's tag, a range's operand. Null for other
// nodes and for select.
const golang::Expr* BranchExpr(const CfgNode& node);

// Whether the first release or acquire of a resource in the function's text
// is a release, reached from the entry without acquiring: the function is entered holding it (a
// helper documented "lock must be held" that drops its caller's lock for a while and takes it
// back). `acquires` and `releases` judge a statement node or the BranchExpr of a branch node.
bool ReleasedBeforeAcquired(const Cfg& cfg,
                            const std::function<bool(const golang::Node*)>& acquires,
                            const std::function<bool(const golang::Node*)>& releases);

// Searches the paths that start after node `from`. Paths into the abort node
// (panic, os.Exit) are not leaks. Each node is visited once, so the search is
// linear in the graph.
std::optional<UnreleasedPath> FindUnreleasedPath(const Cfg& cfg, uint32_t from,
                                                 const PathQuery& query);

// The same for a value that a call returns together with an error
// (`resp, err := c.Do(req)`), with one bit of path state: whether `err`
// (may be "") still holds the call's own error. While it does, `if err !=
// nil` leads only to the branch where the value is live; after another
// statement assigns err, both branches are followed. `if value != nil` /
// `if value == nil` are followed only where the value is live.
std::optional<UnreleasedPath> FindUnreleasedPathAfterCall(
    const Cfg& cfg, uint32_t from, const std::function<PathStep(const CfgNode&)>& step,
    std::string_view err, std::string_view value);

}  // namespace gopit::scan
