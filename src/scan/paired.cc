#include "scan/paired.h"

#include <vector>

#include "golang/ast_walk.h"

namespace gopit::scan {

using namespace golang;

namespace {

// `x != nil` (1) or `x == nil` (0) for the variable `name`; -1 otherwise.
int NilTest(const Expr* cond, std::string_view name) {
  while (const auto* p = As<ParenExpr>(cond))
    cond = p->x;
  const auto* b = As<BinaryExpr>(cond);
  if (!b || (b->op != Tok::kNeq && b->op != Tok::kEql)) return -1;
  const auto* x = As<Ident>(b->x);
  const auto* y = As<Ident>(b->y);
  if (!x || !y) return -1;
  if (!((x->name == name && y->name == "nil") || (y->name == name && x->name == "nil"))) {
    return -1;
  }
  return b->op == Tok::kNeq ? 1 : 0;
}

// Whether statement `s` assigns the variable `name`.
bool AssignsName(const Node* s, std::string_view name) {
  if (const auto* a = As<AssignStmt>(s)) {
    for (const Expr* l : a->lhs) {
      if (const auto* id = As<Ident>(l); id && id->name == name) return true;
    }
  }
  if (const auto* d = As<DeclStmt>(s)) {
    bool found = false;
    Inspect(d, [&](const Node* n) {
      if (const auto* v = As<ValueSpec>(n)) {
        for (const Ident* id : v->names)
          found = found || id->name == name;
      }
      return !found;
    });
    return found;
  }
  return false;
}

}  // namespace

const Expr* BranchExpr(const CfgNode& node) {
  if (node.kind != CfgKind::kBranch) return nullptr;
  if (const auto* i = As<IfStmt>(node.node)) return i->cond;
  if (const auto* f = As<ForStmt>(node.node)) return f->cond;
  if (const auto* r = As<RangeStmt>(node.node)) return r->x;
  if (const auto* s = As<SwitchStmt>(node.node)) return s->tag;
  return nullptr;
}

bool ReleasedBeforeAcquired(const Cfg& cfg, const std::function<bool(const Node*)>& acquires,
                            const std::function<bool(const Node*)>& releases) {
  const auto& nodes = cfg.nodes();
  auto judged = [&](const CfgNode& node) -> const Node* {
    return node.kind == CfgKind::kStmt ? node.node : BranchExpr(node);
  };
  // The first release or acquire in the text must be a release: the graph
  // alone does not know that `if doLock { Lock }` and a later `if doLock {
  // Unlock }` agree, or that a loop that locks runs at least once.
  uint32_t first = UINT32_MAX;
  for (uint32_t n = 0; n < nodes.size(); ++n) {
    const Node* j = judged(nodes[n]);
    if (j && (first == UINT32_MAX || j->pos < judged(nodes[first])->pos) &&
        (releases(j) || acquires(j))) {
      first = n;
    }
  }
  if (first == UINT32_MAX || !releases(judged(nodes[first]))) return false;
  // And a path from the entry reaches it without acquiring.
  std::vector<uint8_t> seen(nodes.size(), 0);
  std::vector<uint32_t> work{cfg.entry()};
  while (!work.empty()) {
    uint32_t n = work.back();
    work.pop_back();
    if (seen[n]) continue;
    seen[n] = 1;
    if (n == first) return true;
    if (const Node* j = judged(nodes[n]); j && acquires(j)) continue;
    for (uint32_t s : nodes[n].succ)
      work.push_back(s);
  }
  return false;
}

std::optional<UnreleasedPath> FindUnreleasedPathAfterCall(
    const Cfg& cfg, uint32_t from, const std::function<PathStep(const CfgNode&)>& step,
    std::string_view err, std::string_view resp) {
  const auto& nodes = cfg.nodes();
  std::vector<uint8_t> seen(nodes.size() * 2, 0);
  struct Item {
    uint32_t node, last;
    bool fresh;
  };
  std::vector<Item> work;
  auto push_succ = [&](uint32_t n, uint32_t last, bool fresh) {
    const CfgNode& node = nodes[n];
    int only = -1;
    if (const auto* i = As<IfStmt>(node.node); i && node.kind == CfgKind::kBranch) {
      int t = fresh && !err.empty() ? NilTest(i->cond, err) : -1;
      if (t >= 0) {
        only = t;  // err != nil: the else branch; err == nil: the then branch
      } else if (int r = NilTest(i->cond, resp); r >= 0) {
        only = 1 - r;  // resp != nil: the then branch
      }
    }
    for (size_t k = 0; k < node.succ.size(); ++k) {
      if (only >= 0 && static_cast<int>(k) != only) continue;
      work.push_back({node.succ[k], last, fresh});
    }
  };
  push_succ(from, UINT32_MAX, true);
  while (!work.empty()) {
    Item it = work.back();
    work.pop_back();
    uint8_t& s = seen[it.node * 2 + (it.fresh ? 1 : 0)];
    if (s) continue;
    s = 1;
    const CfgNode& node = nodes[it.node];
    if (it.node == cfg.exit()) {
      UnreleasedPath p;
      p.at = it.last;
      p.falls_off_end = it.last == UINT32_MAX || nodes[it.last].node->kind != NodeKind::kReturnStmt;
      return p;
    }
    if (it.node == cfg.abort()) continue;
    if (node.kind == CfgKind::kStmt) {
      switch (step(node)) {
        case PathStep::kReleased:
          continue;
        case PathStep::kLeak:
          return UnreleasedPath{it.node, false};
        case PathStep::kContinue:
          break;
      }
      it.last = it.node;
      if (!err.empty() && AssignsName(node.node, err)) it.fresh = false;
    }
    push_succ(it.node, it.last, it.fresh);
  }
  return std::nullopt;
}

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
    // A statement, or a branch's condition (a release inside `if !f() {`).
    PathStep step = PathStep::kContinue;
    if (node.kind == CfgKind::kStmt) {
      step = query.step(node);
    } else if (node.kind == CfgKind::kBranch && query.cond) {
      if (const golang::Expr* e = BranchExpr(node)) step = query.cond(e);
    }
    if (step == PathStep::kReleased) continue;
    if (step == PathStep::kLeak) return UnreleasedPath{n, false};
    if (node.kind == CfgKind::kStmt) last = n;
    push_succ(n, last);
  }
  return std::nullopt;
}

}  // namespace gopit::scan
