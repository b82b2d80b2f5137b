// The control-flow graph of one function body, at statement granularity.
//
// Nodes are statements, plus branch nodes for the conditions of if, for,
// range, switch and select (whose successors are the alternatives, the first
// being the "then"/body edge), join nodes where paths meet, the entry, the
// exit (return or falling off the end) and the abort node (panic, os.Exit,
// log.Fatal, t.Fatal...: paths that never return normally). Function
// literals are not entered: each gets its own graph. `go` and `defer`
// statements are plain nodes; rules read their calls.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "golang/ast.h"
#include "scan/source_file.h"

namespace gopit::scan {

enum class CfgKind : uint8_t { kEntry, kExit, kAbort, kStmt, kBranch, kJoin };

struct CfgNode {
  CfgKind kind = CfgKind::kJoin;
  // kStmt: the statement (a CommClause for a select case without a
  // communication). kBranch: the IfStmt, ForStmt, RangeStmt, SwitchStmt,
  // TypeSwitchStmt or SelectStmt. Null otherwise.
  const golang::Node* node = nullptr;
  std::vector<uint32_t> succ;
};

class Cfg {
 public:
  // Null when the body nests deeper than the builder allows (kMaxDepth
  // statements, or more stack than it may use); rules then leave the
  // function alone.
  static std::optional<Cfg> Build(const golang::BlockStmt* body, const SourceFile& file);
  static constexpr int kMaxDepth = 1000;

  const std::vector<CfgNode>& nodes() const { return nodes_; }
  const CfgNode& node(uint32_t id) const { return nodes_[id]; }
  uint32_t entry() const { return 0; }
  uint32_t exit() const { return 1; }
  uint32_t abort() const { return 2; }
  // The node of a statement (kStmt) or compound statement (kBranch), or
  // UINT32_MAX when the statement has none (blocks, labels) or is unknown.
  uint32_t NodeOf(const golang::Node* stmt) const;

 private:
  friend class CfgBuilder;
  std::vector<CfgNode> nodes_;
  std::unordered_map<const golang::Node*, uint32_t> index_;
};

// Whether the call never returns normally: panic, os.Exit, runtime.Goexit,
// log.Fatal*/Panic*, and Fatal/FailNow/Skip methods (testing.T and loggers).
bool IsNoReturnCall(const golang::CallExpr* call, const SourceFile& file);

}  // namespace gopit::scan
