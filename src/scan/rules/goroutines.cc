#include "scan/rules/goroutines.h"

#include <string>

#include "golang/ast_walk.h"
#include "scan/calls.h"

namespace gopit::scan {

using namespace golang;

namespace {

// Whether a method called `name` is declared on more than one type of the
// package: then `go x.name()` cannot be matched by name alone.
bool MethodNameShared(const Package& pkg, std::string_view name) {
  int types = 0;
  for (const auto& [type, methods] : pkg.methods) {
    for (const DeclRef<FuncDecl>& m : methods) {
      if (m.decl->name->name == name) {
        ++types;
        break;
      }
    }
  }
  return types > 1;
}

}  // namespace

const GoStmt* GoStmtOfLiteral(const FunctionUnit& fn) {
  if (!fn.lit() || !fn.outer()) return nullptr;
  const GoStmt* found = nullptr;
  const FuncLit* lit = fn.lit();
  Inspect(fn.outer()->body(), [&](const Node* n) {
    if (found || n->pos > lit->pos || n->end < lit->end) return false;
    if (const auto* g = As<GoStmt>(n)) {
      if (Unparen(g->call->fun) == lit) found = g;
    }
    return n->kind != NodeKind::kFuncLit;
  });
  return found;
}

GoSite GoStmtStarting(const FunctionUnit& fn) {
  const FuncDecl* decl = fn.decl();
  if (!decl) return {};
  std::string_view name = decl->name->name;
  bool method = decl->recv != nullptr;
  const Package& pkg = fn.package();
  if (method && MethodNameShared(pkg, name)) return {};
  if (!method && name == "main") return {};
  GoSite site;
  for (const SourceFile* file : pkg.files) {
    for (const Decl* d : file->ast()->decls) {
      const auto* in = As<FuncDecl>(d);
      if (!in || !in->body) continue;
      Inspect(in->body, [&](const Node* n) {
        if (site.stmt) return false;
        const auto* g = As<GoStmt>(n);
        if (!g) return true;
        const Expr* fun = Unparen(g->call->fun);
        if (const auto* ix = As<IndexExpr>(fun)) fun = Unparen(ix->x);  // go f[T](...)
        bool match = false;
        if (const auto* id = As<Ident>(fun)) {
          match = !method && id->name == name;
        } else if (const auto* sel = As<SelectorExpr>(fun)) {
          // x.name: a method of the package's type, unless x is an import.
          const auto* x = As<Ident>(sel->x);
          match = method && sel->sel->name == name && !(x && !file->ImportPath(x->name).empty());
        }
        if (match) site = {g, file, in};
        return true;
      });
      if (site.stmt) return site;
    }
  }
  return site;
}

const Expr* WaitGroupAddReceiver(const Node* stmt) {
  const auto* es = As<ExprStmt>(stmt);
  const auto* call = es ? As<CallExpr>(es->x) : nullptr;
  const auto* sel = call ? As<SelectorExpr>(call->fun) : nullptr;
  return sel && sel->sel->name == "Add" && call->args.size() == 1 ? sel->x : nullptr;
}

const Node* AddedBefore(const FunctionUnit& fn, const Node* before, const std::string& canon) {
  const Node* add = nullptr;
  Inspect(fn.body(), [&](const Node* n) {
    if (add || n->pos >= before->pos || n->kind == NodeKind::kFuncLit) return false;
    if (const Expr* x = WaitGroupAddReceiver(n); x && fn.file().Canonical(x) == canon) add = n;
    return add == nullptr;
  });
  return add;
}

bool IsWaitGroup(const FunctionUnit& fn, const Expr* x) {
  std::string t(Deref(fn.types().TypeOf(x)));
  return t == "sync.WaitGroup" || (!t.empty() && fn.types().resolver().Embeds(t, "sync.WaitGroup"));
}

bool DeclaresName(const FuncType* type, const BlockStmt* body, std::string_view name) {
  auto in_fields = [&](const FieldList* list) {
    if (!list) return false;
    for (const Field* f : list->list) {
      for (const Ident* id : f->names) {
        if (id->name == name) return true;
      }
    }
    return false;
  };
  if (type && (in_fields(type->params) || in_fields(type->results))) return true;
  auto is_name = [&](const Expr* e) {
    const auto* id = As<Ident>(e);
    return id && id->name == name;
  };
  bool found = false;
  Inspect(body, [&](const Node* n) {
    if (found || n->kind == NodeKind::kFuncLit) return false;
    if (const auto* a = As<AssignStmt>(n); a && a->tok == Tok::kDefine) {
      for (const Expr* l : a->lhs)
        found = found || is_name(l);
    } else if (const auto* v = As<ValueSpec>(n)) {
      for (const Ident* id : v->names)
        found = found || id->name == name;
    } else if (const auto* r = As<RangeStmt>(n); r && r->tok == Tok::kDefine) {
      found = is_name(r->key) || is_name(r->value);
    }
    return !found;
  });
  return found;
}

const Ident* BaseIdent(const Expr* e) {
  for (;;) {
    e = Unparen(e);
    if (const auto* sel = As<SelectorExpr>(e)) {
      e = sel->x;
    } else if (const auto* star = As<StarExpr>(e)) {
      e = star->x;
    } else if (const auto* u = As<UnaryExpr>(e); u && u->op == Tok::kAnd) {
      e = u->x;
    } else {
      return As<Ident>(e);
    }
  }
}

}  // namespace gopit::scan
