#include "scan/cfg.h"

#include <string>
#include <string_view>

#include "golang/stack_guard.h"

namespace gopit::scan {

using namespace golang;

bool IsNoReturnCall(const CallExpr* call, const SourceFile& file) {
  const Expr* fun = call->fun;
  if (const auto* id = As<Ident>(fun)) return id->name == "panic";
  const auto* sel = As<SelectorExpr>(fun);
  if (!sel) return false;
  std::string_view name = sel->sel->name;
  if (const auto* pkg = As<Ident>(sel->x)) {
    std::string_view path = file.ImportPath(pkg->name);
    if (path == "os") return name == "Exit";
    if (path == "runtime") return name == "Goexit";
    if (path == "log") {
      return name == "Fatal" || name == "Fatalf" || name == "Fatalln" || name == "Panic" ||
             name == "Panicf" || name == "Panicln";
    }
    if (!path.empty()) return false;
  }
  // Methods: t.Fatal, b.FailNow, t.Skip, logger.Fatalf...
  return name == "Fatal" || name == "Fatalf" || name == "FailNow" || name == "SkipNow" ||
         name == "Skip" || name == "Skipf";
}

uint32_t Cfg::NodeOf(const Node* stmt) const {
  auto it = index_.find(stmt);
  return it == index_.end() ? UINT32_MAX : it->second;
}

class CfgBuilder {
 public:
  // Frames here are large under AddressSanitizer (several KiB each); the
  // guard turns nesting that would not fit into "no graph".
  static constexpr size_t kStackBudget = 2 << 20;

  CfgBuilder(Cfg& cfg, const SourceFile& file) : cfg_(cfg), file_(file) {
    New(CfgKind::kEntry, nullptr);
    New(CfgKind::kExit, nullptr);
    New(CfgKind::kAbort, nullptr);
  }

  bool Run(const BlockStmt* body) {
    Preds end = Block(body->list, {cfg_.entry()});
    if (too_deep_) return false;
    Link(end, cfg_.exit());
    for (const auto& [from, label] : gotos_) {
      auto it = labels_.find(label);
      if (it != labels_.end()) Edge(from, it->second);
    }
    return true;
  }

 private:
  using Preds = std::vector<uint32_t>;

  // Enclosing loops, switches and selects, for break and continue.
  struct Target {
    std::string_view label;
    uint32_t break_to;
    uint32_t continue_to;  // UINT32_MAX for switch and select
  };

  uint32_t New(CfgKind kind, const Node* n) {
    cfg_.nodes_.push_back(CfgNode{kind, n, {}});
    uint32_t id = static_cast<uint32_t>(cfg_.nodes_.size() - 1);
    if (n && (kind == CfgKind::kStmt || kind == CfgKind::kBranch)) cfg_.index_.emplace(n, id);
    return id;
  }
  void Edge(uint32_t from, uint32_t to) { cfg_.nodes_[from].succ.push_back(to); }
  void Link(const Preds& preds, uint32_t to) {
    for (uint32_t p : preds)
      Edge(p, to);
  }
  uint32_t Join(const Preds& preds) {
    uint32_t j = New(CfgKind::kJoin, nullptr);
    Link(preds, j);
    return j;
  }
  uint32_t Simple(const Preds& preds, const Node* n) {
    uint32_t id = New(CfgKind::kStmt, n);
    Link(preds, id);
    return id;
  }

  Preds Block(List<Stmt> list, Preds preds) {
    for (const Stmt* s : list)
      preds = Statement(s, std::move(preds), {});
    return preds;
  }

  const Target* FindTarget(const Ident* label, bool for_continue) const {
    for (auto it = targets_.rbegin(); it != targets_.rend(); ++it) {
      if (for_continue && it->continue_to == UINT32_MAX) continue;
      if (!label || it->label == label->name) return &*it;
    }
    return nullptr;
  }

  Preds Statement(const Stmt* s, Preds preds, std::string_view label) {
    if (!s) return preds;
    if (++depth_ > Cfg::kMaxDepth || stack_.Exhausted()) too_deep_ = true;
    Preds out = too_deep_ ? Preds{} : Dispatch(s, std::move(preds), label);
    --depth_;
    return out;
  }

  Preds Dispatch(const Stmt* s, Preds preds, std::string_view label) {
    switch (s->kind) {
      case NodeKind::kBlockStmt:
        return Block(static_cast<const BlockStmt*>(s)->list, std::move(preds));
      case NodeKind::kLabeledStmt: {
        const auto* l = static_cast<const LabeledStmt*>(s);
        uint32_t j = Join(preds);
        labels_.emplace(l->label->name, j);
        return Statement(l->stmt, {j}, l->label->name);
      }
      case NodeKind::kReturnStmt:
        Edge(Simple(preds, s), cfg_.exit());
        return {};
      case NodeKind::kExprStmt: {
        uint32_t id = Simple(preds, s);
        const auto* call = As<CallExpr>(static_cast<const ExprStmt*>(s)->x);
        if (call && IsNoReturnCall(call, file_)) {
          Edge(id, cfg_.abort());
          return {};
        }
        return {id};
      }
      case NodeKind::kBranchStmt: {
        const auto* b = static_cast<const BranchStmt*>(s);
        uint32_t id = Simple(preds, s);
        if (b->tok == Tok::kGoto) {
          if (b->label) gotos_.emplace_back(id, b->label->name);
          return {};
        }
        if (b->tok == Tok::kFallthrough) {
          fallthroughs_.push_back(id);
          return {};
        }
        const Target* t = FindTarget(b->label, b->tok == Tok::kContinue);
        if (t) Edge(id, b->tok == Tok::kContinue ? t->continue_to : t->break_to);
        return {};
      }
      case NodeKind::kIfStmt: {
        const auto* i = static_cast<const IfStmt*>(s);
        if (i->init) preds = {Simple(preds, i->init)};
        uint32_t br = New(CfgKind::kBranch, s);
        Link(preds, br);
        uint32_t then_start = Join({br});
        uint32_t else_start = Join({br});
        Preds out = Block(i->body->list, {then_start});
        Preds other = Statement(i->else_, {else_start}, {});
        out.insert(out.end(), other.begin(), other.end());
        return out;
      }
      case NodeKind::kForStmt: {
        const auto* f = static_cast<const ForStmt*>(s);
        if (f->init) preds = {Simple(preds, f->init)};
        uint32_t head = New(CfgKind::kBranch, s);
        Link(preds, head);
        uint32_t body_start = Join({head});
        uint32_t after = New(CfgKind::kJoin, nullptr);
        if (f->cond) Edge(head, after);
        uint32_t cont = New(CfgKind::kJoin, nullptr);
        targets_.push_back({label, after, cont});
        Preds end = Block(f->body->list, {body_start});
        targets_.pop_back();
        Link(end, cont);
        Edge(f->post ? Simple({cont}, f->post) : cont, head);
        return {after};
      }
      case NodeKind::kRangeStmt: {
        const auto* r = static_cast<const RangeStmt*>(s);
        uint32_t head = New(CfgKind::kBranch, s);
        Link(preds, head);
        uint32_t body_start = Join({head});
        uint32_t after = Join({head});
        targets_.push_back({label, after, head});
        Preds end = Block(r->body->list, {body_start});
        targets_.pop_back();
        Link(end, head);
        return {after};
      }
      case NodeKind::kSwitchStmt:
      case NodeKind::kTypeSwitchStmt: {
        const Stmt* init = nullptr;
        const Stmt* assign = nullptr;
        const BlockStmt* body = nullptr;
        if (const auto* sw = As<SwitchStmt>(s)) {
          init = sw->init;
          body = sw->body;
        } else {
          const auto* ts = static_cast<const TypeSwitchStmt*>(s);
          init = ts->init;
          assign = ts->assign;
          body = ts->body;
        }
        if (init) preds = {Simple(preds, init)};
        if (assign) preds = {Simple(preds, assign)};
        uint32_t br = New(CfgKind::kBranch, s);
        Link(preds, br);
        uint32_t after = New(CfgKind::kJoin, nullptr);
        std::vector<uint32_t> starts;
        bool has_default = false;
        for (const Stmt* c : body->list) {
          starts.push_back(Join({br}));
          if (const auto* cc = As<CaseClause>(c); cc && cc->list.empty()) has_default = true;
        }
        if (!has_default) Edge(br, after);
        targets_.push_back({label, after, UINT32_MAX});
        for (size_t k = 0; k < body->list.size(); ++k) {
          const auto* cc = As<CaseClause>(body->list[k]);
          if (!cc) continue;
          size_t before = fallthroughs_.size();
          Link(Block(cc->body, {starts[k]}), after);
          // A fallthrough goes on to the next clause's body.
          for (size_t f = before; f < fallthroughs_.size(); ++f) {
            if (k + 1 < starts.size()) Edge(fallthroughs_[f], starts[k + 1]);
          }
          fallthroughs_.resize(before);
        }
        targets_.pop_back();
        return {after};
      }
      case NodeKind::kSelectStmt: {
        const auto* sel = static_cast<const SelectStmt*>(s);
        uint32_t br = New(CfgKind::kBranch, s);
        Link(preds, br);
        uint32_t after = New(CfgKind::kJoin, nullptr);
        targets_.push_back({label, after, UINT32_MAX});
        for (const Stmt* c : sel->body->list) {
          const auto* cc = As<CommClause>(c);
          if (!cc) continue;
          uint32_t start = Simple({br}, cc->comm ? static_cast<const Node*>(cc->comm) : cc);
          Link(Block(cc->body, {start}), after);
        }
        targets_.pop_back();
        return {after};  // no clauses: `after` is never reached
      }
      default:  // assignments, sends, go, defer, declarations, inc/dec, empty
        return {Simple(preds, s)};
    }
  }

  Cfg& cfg_;
  const SourceFile& file_;
  std::vector<Target> targets_;
  std::unordered_map<std::string_view, uint32_t> labels_;
  std::vector<std::pair<uint32_t, std::string_view>> gotos_;
  std::vector<uint32_t> fallthroughs_;
  int depth_ = 0;
  bool too_deep_ = false;
  golang::StackGuard stack_{kStackBudget};
};

std::optional<Cfg> Cfg::Build(const BlockStmt* body, const SourceFile& file) {
  Cfg cfg;
  if (!body) return std::nullopt;
  CfgBuilder b(cfg, file);
  if (!b.Run(body)) return std::nullopt;
  return cfg;
}

}  // namespace gopit::scan
