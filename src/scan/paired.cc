#include "scan/paired.h"

#include <vector>

namespace gopit::scan {

std::optional<UnreleasedPath> FindUnreleasedPath(const Cfg& cfg, uint32_t from,
                                                 const PathQuery& query) {
  const auto& nodes = cfg.nodes();
  std::vector<uint8_t> seen(nodes.size(), 0);
  // (node, the last statement node on the way to it)
  std::vector<std::pair<uint32_t, uint32_t>> work;
  auto push_succ = [&](uint32_t n, uint32_t last_stmt) {
    const CfgNode& node = nodes[n];
    int only = node.kind == CfgKind::kBranch && query.only_branch ? query.only_branch(node) : -1;
    for (size_t i = 0; i < node.succ.size(); ++i) {
      if (only >= 0 && static_cast<int>(i) != only) continue;
      work.emplace_back(node.succ[i], last_stmt);
    }
  };
  push_succ(from, UINT32_MAX);
  while (!work.empty()) {
    auto [n, last] = work.back();
    work.pop_back();
    if (seen[n]) continue;
    seen[n] = 1;
    const CfgNode& node = nodes[n];
    if (n == cfg.exit()) {
      UnreleasedPath p;
      p.at = last;
      p.falls_off_end =
          last == UINT32_MAX || nodes[last].node->kind != golang::NodeKind::kReturnStmt;
      return p;
    }
    if (n == cfg.abort()) continue;
    if (node.kind == CfgKind::kStmt) {
      switch (query.step(node)) {
        case PathStep::kReleased:
          continue;
        case PathStep::kLeak:
          return UnreleasedPath{n, false};
        case PathStep::kContinue:
          break;
      }
      last = n;
    }
    push_succ(n, last);
  }
  return std::nullopt;
}

}  // namespace gopit::scan
