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
  // Identifiers that are field names, not variables: the `sel` of x.sel and
  // the key of {key: value}. Inspect visits a parent before its children.
  std::unordered_set<const Node*> not_variables;
  bool found = false;
  Inspect(root, [&](const Node* n) {
    if (found) return false;
    if (const auto* sel = As<SelectorExpr>(n)) {
      not_variables.insert(sel->sel);
    } else if (const auto* kv = As<KeyValueExpr>(n); kv && As<Ident>(kv->key)) {
      not_variables.insert(kv->key);
    } else if (const auto* id = As<Ident>(n); id && id->name == name) {
      found = !not_variables.contains(n);
    }
    return !found;
  });
  return found;
}

}  // namespace gopit::scan
