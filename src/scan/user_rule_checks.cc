// The user rules of a scan as one Rule: a single walk over each function
// hands the calls whose name some rule names to that rule. forbidden-call
// reports each call of its callees; paired-call follows each acquired value
// with the paired-resource engine (FindUnreleasedPath) to every exit of the
// function.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "golang/ast_walk.h"
#include "scan/calls.h"
#include "scan/paired.h"
#include "scan/rules/owned_values.h"
#include "scan/user_rules.h"

namespace gopit::scan {
namespace {

using namespace golang;

class ForbiddenCall {
 public:
  explicit ForbiddenCall(const UserRuleSpec& spec) : spec_(spec) {}
  const UserRuleSpec& spec() const { return spec_; }

  void OnCall(const FunctionUnit& fn, const CallExpr* call, FindingSink& sink) const {
    if (!spec_.tests && fn.file().is_test()) return;
    if (const Callee* c = MatchCallee(call, fn, spec_.calls, true)) {
      sink.Report(spec_.info, fn.file(), call->pos, c->text + ": " + spec_.message);
    }
  }

 private:
  const UserRuleSpec& spec_;
};

// One acquiring call and what must be released.
struct Site {
  const Node* stmt;
  const CallExpr* call;
  const PairSpec* pair;
  const Callee* callee;
  std::string value;  // the variable, or the receiver's canonical text; "" for value: none
  std::string err;    // the variable of the call's last result when it is another one
};

class PairedCall {
 public:
  explicit PairedCall(const UserRuleSpec& spec) : spec_(spec) {
    for (const PairSpec& p : spec.pairs) {
      for (const Callee& c : p.acquire)
        acquire_.push_back(c);
    }
  }
  const UserRuleSpec& spec() const { return spec_; }
  const std::vector<Callee>& acquire() const { return acquire_; }

  // `call` as a statement: a receiver or a pure call pair, or a result
  // thrown away.
  void OnExprStmt(const FunctionUnit& fn, const ExprStmt* es, const CallExpr* call,
                  std::vector<Site>& sites, FindingSink& sink) const {
    if (!spec_.tests && fn.file().is_test()) return;
    const Callee* c = MatchCallee(call, fn, acquire_, true);
    if (!c) return;
    if (spec_.value == PairedValue::kResult) {
      Discarded(fn, call, sink);
      return;
    }
    std::string value;
    if (spec_.value == PairedValue::kReceiver) {
      value = fn.file().Canonical(static_cast<const SelectorExpr*>(call->fun)->x);
    }
    sites.push_back({es, call, Pair(c), c, value, ""});
  }

  // `x := call` or `x, err := call`.
  void OnAssign(const FunctionUnit& fn, const AssignStmt* a, const CallExpr* call,
                std::vector<Site>& sites, FindingSink& sink) const {
    if (spec_.value != PairedValue::kResult) return;
    if (!spec_.tests && fn.file().is_test()) return;
    const Callee* c = MatchCallee(call, fn, acquire_, true);
    if (!c) return;
    // `x := f()` for result 0 of a one-result call; `a, b := f()` by index.
    if (a->lhs.size() <= spec_.result) return;
    const auto* id = As<Ident>(a->lhs[spec_.result]);
    if (!id) return;  // stored in a field or element: handed on
    if (id->name == "_") {
      Discarded(fn, call, sink);
      return;
    }
    if (!fn.types().IsLocal(id->name)) return;  // a package variable
    if (spec_.handoff && IsNamedResult(fn.type(), id->name)) return;
    // `v, err := f()`: on the path where err is not nil there is
    // nothing to release (the Go convention for a failed call).
    std::string err;
    if (a->lhs.size() > 1 && spec_.result + 1 < a->lhs.size()) {
      const auto* e = As<Ident>(a->lhs.back());
      if (e && e->name != "_") err = std::string(e->name);
    }
    sites.push_back({a, call, Pair(c), c, std::string(id->name), err});
  }

  const PairSpec* Pair(const Callee* c) const {
    for (const PairSpec& p : spec_.pairs) {
      for (const Callee& a : p.acquire) {
        if (a.text == c->text) return &p;
      }
    }
    return &spec_.pairs.front();
  }

  void Discarded(const FunctionUnit& fn, const CallExpr* call, FindingSink& sink) const {
    sink.Report(spec_.info, fn.file(), call->pos,
                "the result of " + std::string(fn.file().Text(call->fun)) +
                    "() is discarded, so it is never released: " + spec_.message);
  }

  // Whether statement `s` releases the site's value (a deferred release
  // counts: it runs on every path after it).
  bool Releases(const FunctionUnit& fn, const Site& site, const Node* s) const {
    const ReleaseSpec& rel = site.pair->release;
    const SourceFile& file = fn.file();
    bool found = false;
    switch (rel.kind) {
      case ReleaseSpec::Kind::kMethod: {
        std::string target = rel.field.empty() ? site.value : site.value + "." + rel.field;
        Inspect(s, [&](const Node* n) {
          if (found) return false;
          const auto* sel = As<SelectorExpr>(n);
          if (sel && sel->sel->name == rel.method && file.Canonical(sel->x) == target) {
            found = true;
          }
          return !found;
        });
        return found;
      }
      case ReleaseSpec::Kind::kInvoke:
        return CallsName(s, site.value);
      case ReleaseSpec::Kind::kCall:
        Inspect(s, [&](const Node* n) {
          if (found) return false;
          const auto* call = As<CallExpr>(n);
          if (!call || !CallMatches(call, fn.types(), rel.call, true)) return true;
          if (spec_.value == PairedValue::kNone) {
            found = true;
          } else {
            for (const Expr* a : call->args) {
              if (file.Canonical(StripValueWrappers(a, file)) == site.value) found = true;
            }
          }
          return !found;
        });
        return found;
    }
    return false;
  }

  bool HandsOnValue(const FunctionUnit& fn, const Site& site, const Node* s) const {
    if (!spec_.handoff || spec_.value == PairedValue::kNone) return false;
    auto borrows = [&](const CallExpr* call) {
      return !spec_.borrowed_by.empty() &&
             MatchCallee(call, fn, spec_.borrowed_by, true) != nullptr;
    };
    if (HandsOn(s, fn.file(), site.value, borrows)) return true;
    const ReleaseSpec& rel = site.pair->release;
    return rel.kind == ReleaseSpec::Kind::kMethod && !rel.field.empty() &&
           HandsOn(s, fn.file(), site.value + "." + rel.field, borrows);
  }

  void CheckPath(const FunctionUnit& fn, const Site& site, FindingSink& sink) const {
    const Cfg* cfg = fn.cfg();
    if (!cfg) return;
    uint32_t from = cfg->NodeOf(site.stmt);
    if (from == UINT32_MAX) return;
    const bool local = spec_.value == PairedValue::kResult;
    auto step = [&](const CfgNode& node) {
      if (Releases(fn, site, node.node) || HandsOnValue(fn, site, node.node)) {
        return PathStep::kReleased;
      }
      if (local && Overwrites(node.node, site.value)) return PathStep::kLeak;
      return PathStep::kContinue;
    };
    std::optional<UnreleasedPath> path;
    if (local) {
      path = FindUnreleasedPathAfterCall(*cfg, from, step, site.err, site.value);
    } else {
      PathQuery q;
      q.step = step;
      path = FindUnreleasedPath(*cfg, from, q);
    }
    if (!path) return;

    const SourceFile& file = fn.file();
    std::string called = std::string(file.Text(site.call->fun)) + "()";
    std::string what = local ? site.value + " from " + called : called;
    std::string without = "without " + ReleaseText(site);
    if (path->at != UINT32_MAX && !path->falls_off_end &&
        cfg->node(path->at).kind == CfgKind::kStmt) {
      const Node* at = cfg->node(path->at).node;
      int32_t line = file.PositionOf(at->pos).line;
      if (As<ReturnStmt>(at)) {
        sink.Report(spec_.info, file, site.call->pos,
                    what + " is not released on the path that returns at line " +
                        std::to_string(line) + ": " + spec_.message,
                    {{at->pos, "returns here " + without}});
        return;
      }
      if (local && Overwrites(at, site.value)) {
        sink.Report(spec_.info, file, site.call->pos,
                    what + " is overwritten at line " + std::to_string(line) +
                        " before it is released: " + spec_.message,
                    {{at->pos, site.value + " is overwritten here " + without}});
        return;
      }
    }
    sink.Report(
        spec_.info, file, site.call->pos,
        what + " is not released on a path that reaches the end of the function: " + spec_.message,
        {{fn.body()->rbrace, "the function ends here " + without}});
  }

  // "c.Release()", "pool.Free(b)", "stop()": the release the path lacks.
  std::string ReleaseText(const Site& site) const {
    const ReleaseSpec& rel = site.pair->release;
    switch (rel.kind) {
      case ReleaseSpec::Kind::kMethod:
        return site.value + "." + rel.text + "()";
      case ReleaseSpec::Kind::kInvoke:
        return site.value + "()";
      case ReleaseSpec::Kind::kCall:
        break;
    }
    const Callee& c = rel.call;
    std::string name =
        c.type.empty() ? c.package.substr(c.package.rfind('/') + 1) + "." + c.name : c.text;
    return name + "(" + site.value + ")";
  }

  const UserRuleSpec& spec_;
  std::vector<Callee> acquire_;
};

const RuleInfo kInfo{"USER", "user-rules", Severity::kWarning,
                     "The user rules of a scan (docs/user-rules.md); each reports as itself.", ""};

class UserRulesRule : public Rule {
 public:
  explicit UserRulesRule(const std::vector<const UserRuleSpec*>& specs) {
    for (const UserRuleSpec* spec : specs) {
      if (spec->kind == UserRuleKind::kForbiddenCall) {
        forbidden_.emplace_back(*spec);
      } else {
        paired_.emplace_back(*spec);
      }
    }
    // The names point into the specs, which outlive the rule.
    for (size_t i = 0; i < forbidden_.size(); ++i) {
      for (const Callee& c : forbidden_[i].spec().calls)
        AddName(forbidden_by_name_, c.name, i);
    }
    for (size_t i = 0; i < paired_.size(); ++i) {
      for (const PairSpec& p : paired_[i].spec().pairs) {
        for (const Callee& c : p.acquire)
          AddName(paired_by_name_, c.name, i);
      }
    }
  }
  const RuleInfo& Info() const override { return kInfo; }

  void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const override {
    std::vector<std::vector<Site>> sites(paired_.size());
    const SourceFile& file = fn.file();
    Inspect(fn.body(), [&](const Node* n) {
      if (n->kind == NodeKind::kFuncLit) return false;  // a unit of its own
      if (const auto* call = As<CallExpr>(n)) {
        if (const auto* rules = Named(forbidden_by_name_, call)) {
          for (size_t i : *rules)
            forbidden_[i].OnCall(fn, call, sink);
        }
      } else if (const auto* es = As<ExprStmt>(n)) {
        const auto* call = As<CallExpr>(StripValueWrappers(es->x, file));
        if (const auto* rules = Named(paired_by_name_, call)) {
          for (size_t i : *rules)
            paired_[i].OnExprStmt(fn, es, call, sites[i], sink);
        }
      } else if (const auto* a = As<AssignStmt>(n); a && a->rhs.size() == 1) {
        const auto* call = As<CallExpr>(StripValueWrappers(a->rhs[0], file));
        if (const auto* rules = Named(paired_by_name_, call)) {
          for (size_t i : *rules)
            paired_[i].OnAssign(fn, a, call, sites[i], sink);
        }
      }
      return true;
    });
    for (size_t i = 0; i < paired_.size(); ++i) {
      for (const Site& site : sites[i])
        paired_[i].CheckPath(fn, site, sink);
    }
  }

 private:
  using ByName = std::unordered_map<std::string_view, std::vector<size_t>>;

  static void AddName(ByName& m, std::string_view name, size_t rule) {
    std::vector<size_t>& rules = m[name];
    if (rules.empty() || rules.back() != rule) rules.push_back(rule);
  }

  // The rules that name the method or function `call` calls, or null.
  static const std::vector<size_t>* Named(const ByName& m, const CallExpr* call) {
    const auto* sel = call ? As<SelectorExpr>(call->fun) : nullptr;
    if (!sel) return nullptr;
    auto it = m.find(sel->sel->name);
    return it == m.end() ? nullptr : &it->second;
  }

  std::vector<ForbiddenCall> forbidden_;
  std::vector<PairedCall> paired_;
  ByName forbidden_by_name_, paired_by_name_;
};

}  // namespace

std::unique_ptr<Rule> MakeUserRules(const std::vector<const UserRuleSpec*>& specs) {
  return std::make_unique<UserRulesRule>(specs);
}

}  // namespace gopit::scan
