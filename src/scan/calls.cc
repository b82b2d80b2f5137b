#include "scan/calls.h"

#include <unordered_set>

#include "golang/ast_walk.h"

namespace gopit::scan {

using namespace golang;

const CallExpr* StatementCall(const Node* stmt) {
  const auto* es = As<ExprStmt>(stmt);
  return es ? As<CallExpr>(es->x) : nullptr;
}

const Expr* MethodReceiver(const CallExpr* call, std::initializer_list<std::string_view> methods) {
  if (!call) return nullptr;
  const auto* sel = As<SelectorExpr>(call->fun);
  if (!sel) return nullptr;
  for (std::string_view m : methods) {
    if (sel->sel->name == m) return sel->x;
  }
  return nullptr;
}

std::string QualifiedCallee(const CallExpr* call, const FunctionTypes& types) {
  const auto* sel = As<SelectorExpr>(call->fun);
  if (!sel) return "";
  const auto* pkg = As<Ident>(sel->x);
  if (!pkg || types.IsLocal(pkg->name)) return "";
  std::string_view path = types.file().ImportPath(pkg->name);
  if (path.empty()) return "";
  return std::string(path) + "." + std::string(sel->sel->name);
}

bool HasMethodCallOn(const Node* root, const SourceFile& file, std::string_view recv,
                     std::initializer_list<std::string_view> methods) {
  bool found = false;
  Inspect(root, [&](const Node* n) {
    if (found) return false;
    if (const auto* call = As<CallExpr>(n)) {
      const Expr* x = MethodReceiver(call, methods);
      if (x && call->args.empty() && file.Canonical(x) == recv) found = true;
    }
    return !found;
  });
  return found;
}

bool MentionsName(const Node* root, std::string_view name) {
  return FirstMention(root, name) != nullptr;
}

const Ident* FirstMention(const Node* root, std::string_view name) {
  // Identifiers that are field names, not variables: the `sel` of x.sel and
  // the key of {key: value}. Inspect visits a parent before its children.
  std::unordered_set<const Node*> not_variables;
  const Ident* found = nullptr;
  Inspect(root, [&](const Node* n) {
    if (found) return false;
    if (const auto* sel = As<SelectorExpr>(n)) {
      not_variables.insert(sel->sel);
    } else if (const auto* kv = As<KeyValueExpr>(n); kv && As<Ident>(kv->key)) {
      not_variables.insert(kv->key);
    } else if (const auto* id = As<Ident>(n); id && id->name == name) {
      if (!not_variables.contains(n)) found = id;
    }
    return !found;
  });
  return found;
}

const Expr* Unparen(const Expr* e) {
  while (const auto* p = As<ParenExpr>(e))
    e = p->x;
  return e;
}

const Ident* RootIdent(const Expr* e) {
  for (;;) {
    if (const auto* p = As<ParenExpr>(e)) {
      e = p->x;
    } else if (const auto* u = As<UnaryExpr>(e); u && u->op == Tok::kAnd) {
      e = u->x;
    } else if (const auto* s = As<SelectorExpr>(e)) {
      e = s->x;
    } else if (const auto* i = As<IndexExpr>(e)) {
      e = i->x;
    } else if (const auto* st = As<StarExpr>(e)) {
      e = st->x;
    } else {
      return As<Ident>(e);
    }
  }
}

std::unordered_set<std::string_view> NamesDeclaredIn(const Node* root) {
  std::unordered_set<std::string_view> names;
  Inspect(root, [&](const Node* n) {
    if (const auto* f = As<Field>(n)) {
      for (const Ident* id : f->names)
        names.insert(id->name);
    } else if (const auto* a = As<AssignStmt>(n); a && a->tok == Tok::kDefine) {
      for (const Expr* e : a->lhs) {
        if (const auto* id = As<Ident>(e)) names.insert(id->name);
      }
    } else if (const auto* v = As<ValueSpec>(n)) {
      for (const Ident* id : v->names)
        names.insert(id->name);
    } else if (const auto* r = As<RangeStmt>(n); r && r->tok == Tok::kDefine) {
      if (const auto* k = As<Ident>(r->key)) names.insert(k->name);
      if (const auto* v = As<Ident>(r->value)) names.insert(v->name);
    }
    return true;
  });
  return names;
}

bool CallsName(const Node* stmt, std::string_view name) {
  bool found = false;
  Inspect(stmt, [&](const Node* n) {
    if (found) return false;
    if (const auto* call = As<CallExpr>(n)) {
      const Expr* fun = call->fun;
      while (const auto* p = As<ParenExpr>(fun))
        fun = p->x;
      if (const auto* id = As<Ident>(fun); id && id->name == name) found = true;
    }
    return !found;
  });
  return found;
}

bool EscapesAt(const Node* stmt, std::string_view name, const FunctionTypes& types) {
  bool escapes = false;
  auto is_name = [&](const Expr* e) {
    while (const auto* p = As<ParenExpr>(e))
      e = p->x;
    const auto* id = As<Ident>(e);
    return id && id->name == name;
  };
  Inspect(stmt, [&](const Node* n) {
    if (escapes) return false;
    switch (n->kind) {
      case NodeKind::kReturnStmt:
        for (const Expr* r : static_cast<const ReturnStmt*>(n)->results)
          escapes = escapes || MentionsName(r, name);
        return !escapes;
      case NodeKind::kFuncLit:
        escapes = MentionsName(static_cast<const FuncLit*>(n)->body, name);
        return false;
      case NodeKind::kCallExpr:
        for (const Expr* a : static_cast<const CallExpr*>(n)->args)
          escapes = escapes || MentionsName(a, name);
        return !escapes;
      case NodeKind::kSendStmt:
        escapes = MentionsName(static_cast<const SendStmt*>(n)->value, name);
        return !escapes;
      case NodeKind::kCompositeLit:
        for (const Expr* e : static_cast<const CompositeLit*>(n)->elts)
          escapes = escapes || MentionsName(e, name);
        return !escapes;
      case NodeKind::kAssignStmt: {
        const auto* a = static_cast<const AssignStmt*>(n);
        for (size_t i = 0; i < a->rhs.size() && i < a->lhs.size(); ++i) {
          if (!MentionsName(a->rhs[i], name)) continue;
          // Into a plain local it is still ours to follow; anywhere else
          // (field, element, package variable) it is handed on.
          const auto* target = As<Ident>(a->lhs[i]);
          bool local = target && (target->name == "_" ? false : types.IsLocal(target->name));
          if (!local || !is_name(a->rhs[i])) escapes = true;
        }
        return !escapes;
      }
      default:
        return true;
    }
  });
  return escapes;
}

}  // namespace gopit::scan
