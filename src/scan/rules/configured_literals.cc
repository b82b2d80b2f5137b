#include "scan/rules/configured_literals.h"

#include <algorithm>

#include "golang/ast_walk.h"

namespace gopit::scan {

using namespace golang;

namespace {

bool IsTestSupport(std::string_view name) {
  return name == "testing" || name.ends_with("test") || name.ends_with("testutil");
}

std::string LastPart(const std::string& canon) {
  size_t dot = canon.rfind('.');
  return dot == std::string::npos ? canon : canon.substr(dot + 1);
}

// Whether `root` assigns `<dest>.<field>` for one of `fields`; with
// `by_last_part`, any `x.<last part of dest>.<field>` counts (a struct field
// set in another method, under another receiver name).
bool AssignsField(const Node* root, const SourceFile& file, const std::string& dest,
                  std::initializer_list<std::string_view> fields, bool by_last_part) {
  bool found = false;
  std::string last = LastPart(dest);
  Inspect(root, [&](const Node* n) {
    if (found) return false;
    const auto* a = As<AssignStmt>(n);
    if (!a) return true;
    for (const Expr* l : a->lhs) {
      const auto* sel = As<SelectorExpr>(l);
      if (!sel || std::find(fields.begin(), fields.end(), sel->sel->name) == fields.end()) {
        continue;
      }
      std::string x = file.Canonical(sel->x);
      if (x == dest) found = true;
      if (by_last_part && (x == last || x.ends_with("." + last))) found = true;
    }
    return !found;
  });
  return found;
}

}  // namespace

bool ImportsTesting(const SourceFile& file) {
  return file.Imports("testing");
}

bool IsTestCode(const SourceFile& file) {
  return file.is_test() || ImportsTesting(file) || IsTestSupport(file.package_name());
}

const Expr* UnwrapAddress(const Expr* e) {
  for (;;) {
    if (const auto* p = As<ParenExpr>(e)) {
      e = p->x;
    } else if (const auto* u = As<UnaryExpr>(e); u && u->op == Tok::kAnd) {
      e = u->x;
    } else {
      return e;
    }
  }
}

bool LiteralSetsKey(const CompositeLit* lit, std::string_view key) {
  for (const Expr* e : lit->elts) {
    const auto* kv = As<KeyValueExpr>(e);
    if (!kv) continue;
    if (const auto* k = As<Ident>(kv->key); k && k->name == key) return true;
  }
  return false;
}

LiteralDestinations FindLiteralDestinations(const FunctionUnit& fn) {
  LiteralDestinations dest;
  const SourceFile& file = fn.file();
  Inspect(fn.body(), [&](const Node* n) {
    if (n->kind == NodeKind::kFuncLit) return false;
    if (const auto* a = As<AssignStmt>(n); a && a->lhs.size() == a->rhs.size()) {
      for (size_t i = 0; i < a->lhs.size(); ++i) {
        if (const auto* lit = As<CompositeLit>(UnwrapAddress(a->rhs[i]))) {
          dest[lit] = file.Canonical(a->lhs[i]);
        }
      }
    } else if (const auto* v = As<ValueSpec>(n); v && v->names.size() == v->values.size()) {
      for (size_t i = 0; i < v->names.size(); ++i) {
        if (const auto* lit = As<CompositeLit>(UnwrapAddress(v->values[i]))) {
          dest[lit] = std::string(v->names[i]->name);
        }
      }
    }
    return true;
  });
  return dest;
}

bool FieldAssignedLater(const FunctionUnit& fn, const CompositeLit* lit,
                        const LiteralDestinations& dest,
                        std::initializer_list<std::string_view> fields) {
  auto it = dest.find(lit);
  if (it == dest.end()) return false;
  if (AssignsField(fn.outermost().body(), fn.file(), it->second, fields, false)) return true;
  if (it->second.find('.') == std::string::npos) return false;
  for (const SourceFile* f : fn.package().files) {
    if (AssignsField(f->ast(), *f, it->second, fields, true)) return true;
  }
  return false;
}

}  // namespace gopit::scan
