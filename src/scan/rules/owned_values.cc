#include "scan/rules/owned_values.h"

#include "golang/ast_walk.h"
#include "scan/calls.h"

namespace gopit::scan {

using namespace golang;

namespace {

// A call that is a conversion written so that the syntax shows it.
bool IsConversion(const CallExpr* call, const SourceFile& file) {
  if (call->args.size() != 1) return false;
  const Expr* fun = call->fun;
  if (As<ParenExpr>(fun) || As<ArrayType>(fun)) return true;
  if (const auto* id = As<Ident>(fun)) return id->name == "uintptr";
  const auto* sel = As<SelectorExpr>(fun);
  const auto* pkg = sel ? As<Ident>(sel->x) : nullptr;
  return pkg && sel->sel->name == "Pointer" && file.ImportPath(pkg->name) == "unsafe";
}

}  // namespace

const Expr* StripValueWrappers(const Expr* e, const SourceFile& file) {
  for (;;) {
    if (const auto* p = As<ParenExpr>(e)) {
      e = p->x;
    } else if (const auto* u = As<UnaryExpr>(e); u && u->op == Tok::kAnd) {
      e = u->x;
    } else if (const auto* c = As<CallExpr>(e); c && IsConversion(c, file)) {
      e = c->args[0];
    } else {
      return e;
    }
  }
}

bool HandsOn(const Node* stmt, const SourceFile& file, std::string_view value,
             const std::function<bool(const CallExpr*)>& borrows) {
  auto is_value = [&](const Expr* e) {
    e = StripValueWrappers(e, file);
    // Cheap test first: the canonical text is built only for candidates.
    if (const auto* id = As<Ident>(e)) return id->name == value;
    return As<SelectorExpr>(e) && file.Canonical(e) == value;
  };
  bool handed = false;
  Inspect(stmt, [&](const Node* n) {
    if (handed) return false;
    switch (n->kind) {
      case NodeKind::kReturnStmt:
        for (const Expr* r : static_cast<const ReturnStmt*>(n)->results)
          handed = handed || is_value(r);
        break;
      case NodeKind::kCallExpr: {
        const auto* call = static_cast<const CallExpr*>(n);
        if (IsConversion(call, file) || borrows(call)) break;
        for (const Expr* a : call->args)
          handed = handed || is_value(a);
        break;
      }
      case NodeKind::kSendStmt:
        handed = is_value(static_cast<const SendStmt*>(n)->value);
        break;
      case NodeKind::kCompositeLit:
        for (const Expr* e : static_cast<const CompositeLit*>(n)->elts) {
          if (const auto* kv = As<KeyValueExpr>(e)) e = kv->value;
          handed = handed || is_value(e);
        }
        break;
      case NodeKind::kAssignStmt: {
        const auto* a = static_cast<const AssignStmt*>(n);
        if (a->tok != Tok::kAssign && a->tok != Tok::kDefine) break;
        for (size_t i = 0; i < a->rhs.size() && i < a->lhs.size(); ++i) {
          const auto* blank = As<Ident>(a->lhs[i]);
          if (blank && blank->name == "_") continue;
          handed = handed || is_value(a->rhs[i]);
        }
        break;
      }
      case NodeKind::kValueSpec:
        for (const Expr* v : static_cast<const ValueSpec*>(n)->values)
          handed = handed || is_value(v);
        break;
      default:
        break;
    }
    return !handed;
  });
  return handed;
}

bool Overwrites(const Node* stmt, std::string_view name) {
  const auto* a = As<AssignStmt>(stmt);
  if (!a || (a->tok != Tok::kAssign && a->tok != Tok::kDefine)) return false;
  bool assigns = false;
  for (const Expr* l : a->lhs) {
    if (const auto* id = As<Ident>(l); id && id->name == name) assigns = true;
  }
  if (!assigns) return false;
  for (const Expr* r : a->rhs) {
    if (MentionsName(r, name)) return false;
  }
  return true;
}

bool IsNamedResult(const FuncType* type, std::string_view name) {
  if (!type || !type->results) return false;
  for (const Field* f : type->results->list) {
    for (const Ident* n : f->names) {
      if (n->name == name) return true;
    }
  }
  return false;
}

bool IsStdlibPath(std::string_view import_path) {
  std::string_view first = import_path.substr(0, import_path.find('/'));
  return !first.empty() && first.find('.') == std::string_view::npos;
}

}  // namespace gopit::scan
