#include "scan/rules/channels.h"

namespace gopit::scan {

using namespace golang;

bool IsIdentNamed(const Expr* e, std::string_view name) {
  const auto* id = As<Ident>(e);
  return id && id->name == name;
}

bool IsChanMake(const Expr* e, bool any_capacity) {
  const auto* call = As<CallExpr>(e);
  if (!call || !IsIdentNamed(call->fun, "make") || call->args.empty()) return false;
  if (!As<ChanType>(call->args[0])) return false;
  if (call->args.size() == 1 || any_capacity) return true;
  const auto* cap = As<BasicLit>(call->args[1]);
  return cap && cap->value == "0";
}

std::vector<MadeChan> ChannelsMade(const BlockStmt* body, bool any_capacity) {
  std::vector<MadeChan> out;
  InspectOwn(body, [&](const Node* n) {
    if (const auto* as = As<AssignStmt>(n);
        as && as->tok == Tok::kDefine && as->lhs.size() == 1 && as->rhs.size() == 1) {
      if (const auto* id = As<Ident>(as->lhs[0]); id && IsChanMake(as->rhs[0], any_capacity))
        out.push_back({id->name, as});
    }
    if (const auto* spec = As<ValueSpec>(n); spec && spec->names.size() == 1 &&
                                             spec->values.size() == 1 &&
                                             IsChanMake(spec->values[0], any_capacity)) {
      out.push_back({spec->names[0]->name, spec});
    }
    return true;
  });
  return out;
}

bool ReceivesFrom(const Node* root, std::string_view ch) {
  bool found = false;
  InspectOwn(root, [&](const Node* n) {
    if (found) return false;
    const auto* u = As<UnaryExpr>(n);
    if (u && u->op == Tok::kArrow && IsIdentNamed(u->x, ch)) found = true;
    return !found;
  });
  return found;
}

bool ClosesChan(const Node* root, std::string_view ch) {
  bool found = false;
  Inspect(root, [&](const Node* n) {
    if (found) return false;
    const auto* call = As<CallExpr>(n);
    if (call && IsIdentNamed(call->fun, "close") && call->args.size() == 1 &&
        IsIdentNamed(call->args[0], ch)) {
      found = true;
    }
    return !found;
  });
  return found;
}

std::string_view ParamName(const FuncType* type, size_t index) {
  if (!type || !type->params) return {};
  size_t i = 0;
  for (const Field* f : type->params->list) {
    if (f->names.empty()) {
      if (i++ == index) return {};
      continue;
    }
    for (const Ident* id : f->names) {
      if (i++ == index) return id->name;
    }
  }
  return {};
}

bool HasParam(const FuncType* type, std::string_view name) {
  if (!type || !type->params) return false;
  for (const Field* f : type->params->list) {
    for (const Ident* id : f->names) {
      if (id->name == name) return true;
    }
  }
  return false;
}

}  // namespace gopit::scan
