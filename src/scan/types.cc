#include "scan/types.h"

#include "golang/ast_walk.h"
#include "scan/stdlib_signatures.h"

namespace gopit::scan {

using namespace golang;

namespace {

constexpr int kMaxDepth = 8;  // embedded structs, package vars defined by package vars

bool IsPredeclaredType(std::string_view n) {
  static constexpr std::string_view kTypes[] = {
      "bool",   "byte",   "complex64", "complex128", "error", "float32",   "float64", "int",
      "int8",   "int16",  "int32",     "int64",      "rune",  "string",    "uint",    "uint8",
      "uint16", "uint32", "uint64",    "uintptr",    "any",   "comparable"};
  for (std::string_view t : kTypes) {
    if (n == t) return true;
  }
  return false;
}

// Element type of a slice, array, map value or channel type.
std::string ElementOf(std::string_view t) {
  if (t.starts_with("[]")) return std::string(t.substr(2));
  if (t.starts_with("[")) {
    size_t close = t.find(']');
    return close == std::string_view::npos ? "" : std::string(t.substr(close + 1));
  }
  if (t.starts_with("map[")) {
    int depth = 0;
    for (size_t i = 3; i < t.size(); ++i) {
      if (t[i] == '[') ++depth;
      if (t[i] == ']' && --depth == 0) return std::string(t.substr(i + 1));
    }
    return "";
  }
  if (t.starts_with("chan<- ")) return std::string(t.substr(7));
  if (t.starts_with("<-chan ")) return std::string(t.substr(7));
  if (t.starts_with("chan ")) return std::string(t.substr(5));
  return "";
}

std::string MapKeyOf(std::string_view t) {
  if (!t.starts_with("map[")) return "";
  int depth = 0;
  for (size_t i = 3; i < t.size(); ++i) {
    if (t[i] == '[') ++depth;
    if (t[i] == ']' && --depth == 0) return std::string(t.substr(4, i - 4));
  }
  return "";
}

thread_local int g_depth = 0;

struct DepthGuard {
  DepthGuard() { ++g_depth; }
  ~DepthGuard() { --g_depth; }
  bool too_deep() const { return g_depth > kMaxDepth; }
};

}  // namespace

std::string_view Deref(std::string_view type) {
  return type.starts_with("*") ? type.substr(1) : type;
}

bool IsReceivableChan(std::string_view type) {
  return type.starts_with("chan ") || type.starts_with("<-chan ");
}

std::string TypeResolver::FromTypeExpr(const Expr* t, const SourceFile& file) const {
  if (!t) return "";
  switch (t->kind) {
    case NodeKind::kIdent:
      return std::string(static_cast<const Ident*>(t)->name);
    case NodeKind::kSelectorExpr: {
      const auto* sel = static_cast<const SelectorExpr*>(t);
      const auto* pkg = As<Ident>(sel->x);
      if (!pkg) return "";
      std::string_view path = file.ImportPath(pkg->name);
      if (path.empty()) return "";
      return std::string(path) + "." + std::string(sel->sel->name);
    }
    case NodeKind::kParenExpr:
      return FromTypeExpr(static_cast<const ParenExpr*>(t)->x, file);
    case NodeKind::kStarExpr: {
      std::string inner = FromTypeExpr(static_cast<const StarExpr*>(t)->x, file);
      return inner.empty() ? "" : "*" + inner;
    }
    case NodeKind::kEllipsis: {
      std::string inner = FromTypeExpr(static_cast<const Ellipsis*>(t)->elt, file);
      return inner.empty() ? "" : "[]" + inner;
    }
    case NodeKind::kArrayType: {
      const auto* a = static_cast<const ArrayType*>(t);
      std::string elt = FromTypeExpr(a->elt, file);
      if (elt.empty()) return "";
      if (!a->len) return "[]" + elt;
      return "[" + std::string(file.Text(a->len)) + "]" + elt;
    }
    case NodeKind::kMapType: {
      const auto* m = static_cast<const MapType*>(t);
      std::string k = FromTypeExpr(m->key, file), v = FromTypeExpr(m->value, file);
      return k.empty() || v.empty() ? "" : "map[" + k + "]" + v;
    }
    case NodeKind::kChanType: {
      const auto* c = static_cast<const ChanType*>(t);
      std::string v = FromTypeExpr(c->value, file);
      if (v.empty()) return "";
      switch (c->dir) {
        case ChanDir::kSend:
          return "chan<- " + v;
        case ChanDir::kRecv:
          return "<-chan " + v;
        case ChanDir::kBoth:
          return "chan " + v;
      }
      return "";
    }
    case NodeKind::kFuncType:
      return "func";
    case NodeKind::kInterfaceType:
      return "interface{}";
    case NodeKind::kStructType:
      return "struct{}";
    case NodeKind::kIndexExpr:  // a generic type instantiated: its base name
      return FromTypeExpr(static_cast<const IndexExpr*>(t)->x, file);
    default:
      return "";
  }
}

const StructType* TypeResolver::StructOf(std::string_view type, const SourceFile** file) const {
  type = Deref(type);
  if (type.empty() || type.find('.') != std::string_view::npos) return nullptr;
  auto it = pkg_.types.find(type);
  if (it == pkg_.types.end()) return nullptr;
  *file = it->second.file;
  return As<StructType>(it->second.decl->type);
}

std::string TypeResolver::FieldType(std::string_view type, std::string_view field) const {
  return FieldTypeAt(type, field, 0);
}

std::string TypeResolver::FieldTypeAt(std::string_view type, std::string_view field,
                                      int depth) const {
  const SourceFile* file = nullptr;
  const StructType* st = StructOf(type, &file);
  if (!st || depth > kMaxDepth) return "";
  std::vector<std::string> embedded;
  for (const Field* f : st->fields->list) {
    std::string ft = FromTypeExpr(f->type, *file);
    if (f->names.empty()) {
      // An embedded field is named by its type's last identifier.
      std::string_view base = Deref(ft);
      size_t dot = base.rfind('.');
      if ((dot == std::string_view::npos ? base : base.substr(dot + 1)) == field) return ft;
      if (!ft.empty()) embedded.push_back(ft);
      continue;
    }
    for (const Ident* n : f->names) {
      if (n->name == field) return ft;
    }
  }
  for (const std::string& e : embedded) {
    std::string t = FieldTypeAt(e, field, depth + 1);
    if (!t.empty()) return t;
  }
  return "";
}

bool TypeResolver::Embeds(std::string_view type, std::string_view embedded) const {
  return EmbedsAt(type, embedded, 0);
}

bool TypeResolver::EmbedsAt(std::string_view type, std::string_view embedded, int depth) const {
  const SourceFile* file = nullptr;
  const StructType* st = StructOf(type, &file);
  if (!st || depth > kMaxDepth) return false;
  for (const Field* f : st->fields->list) {
    if (!f->names.empty()) continue;
    std::string ft = FromTypeExpr(f->type, *file);
    if (Deref(ft) == embedded || EmbedsAt(ft, embedded, depth + 1)) return true;
  }
  return false;
}

std::vector<std::string> TypeResolver::Results(const FuncDecl* fn, const SourceFile& file) const {
  std::vector<std::string> out;
  if (!fn->type->results) return out;
  for (const Field* f : fn->type->results->list) {
    std::string t = FromTypeExpr(f->type, file);
    size_t n = f->names.empty() ? 1 : f->names.size();
    for (size_t i = 0; i < n; ++i)
      out.push_back(t);
  }
  return out;
}

FunctionTypes::FunctionTypes(const TypeResolver& resolver, const SourceFile& file,
                             const FuncType* type, const FieldList* recv, const BlockStmt* body,
                             const FunctionTypes* outer)
    : resolver_(resolver), file_(file), outer_(outer) {
  DeclareFields(recv);
  if (type) {
    DeclareFields(type->params);
    DeclareFields(type->results);
  }
  if (body) Collect(body);
}

void FunctionTypes::Declare(std::string_view name, std::string type) {
  if (name == "_") return;
  auto [it, fresh] = locals_.emplace(name, type);
  if (!fresh && it->second != type) conflicting_.insert(name);
  if (type.empty()) conflicting_.insert(name);
}

void FunctionTypes::DeclareFields(const FieldList* list) {
  if (!list) return;
  for (const Field* f : list->list) {
    std::string t = resolver_.FromTypeExpr(f->type, file_);
    for (const Ident* n : f->names)
      Declare(n->name, t);
  }
}

void FunctionTypes::Collect(const BlockStmt* body) {
  // Names on the left of := or in var specs, typed from their right side.
  auto declare_all = [&](auto names, List<Expr> values, const Expr* type) {
    std::vector<std::string> types;
    if (type) {
      types.assign(names.size(), resolver_.FromTypeExpr(type, file_));
    } else if (values.size() == names.size()) {
      for (const Expr* v : values)
        types.push_back(TypeOf(v));
    } else if (values.size() == 1) {
      if (const auto* call = As<CallExpr>(values[0])) types = ResultsOf(call);
      // v, ok := m[k] / x.(T) / <-ch: the first has the element's type.
      if (types.empty() && names.size() == 2) types = {TypeOf(values[0]), "bool"};
    }
    for (size_t i = 0; i < names.size(); ++i) {
      if (const auto* id = As<Ident>(names[i])) Declare(id->name, i < types.size() ? types[i] : "");
    }
  };
  Inspect(body, [&](const Node* n) {
    switch (n->kind) {
      case NodeKind::kFuncLit:
        return false;  // its own FunctionTypes
      case NodeKind::kAssignStmt: {
        const auto* a = static_cast<const AssignStmt*>(n);
        if (a->tok == Tok::kDefine) declare_all(a->lhs, a->rhs, nullptr);
        return true;
      }
      case NodeKind::kValueSpec: {
        const auto* v = static_cast<const ValueSpec*>(n);
        declare_all(v->names, v->values, v->type);
        return true;
      }
      case NodeKind::kRangeStmt: {
        const auto* r = static_cast<const RangeStmt*>(n);
        if (r->tok != Tok::kDefine) return true;
        std::string x = TypeOf(r->x);
        std::string key, value;
        if (x.starts_with("map[")) {
          key = MapKeyOf(x);
          value = ElementOf(x);
        } else if (x.starts_with("[") || x.starts_with("*[")) {
          key = "int";
          value = ElementOf(Deref(x));
        } else if (x.find("chan ") != std::string::npos) {
          key = ElementOf(x);
        } else if (x == "string") {
          key = "int";
          value = "rune";
        } else if (x == "int") {
          key = "int";
        }
        if (const auto* k = As<Ident>(r->key)) Declare(k->name, key);
        if (const auto* v = As<Ident>(r->value)) Declare(v->name, value);
        return true;
      }
      default:
        return true;
    }
  });
}

bool FunctionTypes::IsLocal(std::string_view name) const {
  return locals_.contains(name) || (outer_ && outer_->IsLocal(name));
}

std::string FunctionTypes::Local(std::string_view name) const {
  auto it = locals_.find(name);
  if (it != locals_.end()) return conflicting_.contains(name) ? "" : it->second;
  return outer_ ? outer_->Local(name) : "";
}

std::string FunctionTypes::Qualified(const Expr* fun) const {
  const auto* sel = As<SelectorExpr>(fun);
  if (!sel) return "";
  const auto* pkg = As<Ident>(sel->x);
  if (!pkg || IsLocal(pkg->name)) return "";
  if (pkg->name == "C") return "C." + std::string(sel->sel->name);
  std::string_view path = file_.ImportPath(pkg->name);
  if (path.empty()) return "";
  return std::string(path) + "." + std::string(sel->sel->name);
}

std::string FunctionTypes::TypeOf(const Expr* e) const {
  DepthGuard guard;
  if (!e || guard.too_deep()) return "";
  switch (e->kind) {
    case NodeKind::kIdent: {
      std::string_view name = static_cast<const Ident*>(e)->name;
      if (IsLocal(name)) return Local(name);
      if (name == "true" || name == "false") return "bool";
      auto it = resolver_.package().values.find(name);
      if (it == resolver_.package().values.end()) return "";
      const ValueRef& v = it->second;
      if (v.spec->type) return resolver_.FromTypeExpr(v.spec->type, *v.file);
      if (v.spec->values.size() == v.spec->names.size()) {
        FunctionTypes package_scope(resolver_, *v.file, nullptr, nullptr, nullptr);
        return package_scope.TypeOf(v.spec->values[v.index]);
      }
      return "";
    }
    case NodeKind::kBasicLit:
      switch (static_cast<const BasicLit*>(e)->lit_kind) {
        case Tok::kInt:
          return "int";
        case Tok::kFloat:
          return "float64";
        case Tok::kChar:
          return "rune";
        case Tok::kString:
          return "string";
        default:
          return "";
      }
    case NodeKind::kParenExpr:
      return TypeOf(static_cast<const ParenExpr*>(e)->x);
    case NodeKind::kStarExpr: {
      std::string t = TypeOf(static_cast<const StarExpr*>(e)->x);
      return t.starts_with("*") ? t.substr(1) : "";
    }
    case NodeKind::kUnaryExpr: {
      const auto* u = static_cast<const UnaryExpr*>(e);
      std::string t = TypeOf(u->x);
      if (u->op == Tok::kAnd) return t.empty() ? "" : "*" + t;
      if (u->op == Tok::kArrow) return ElementOf(t);
      if (u->op == Tok::kNot) return "bool";
      return t;
    }
    case NodeKind::kBinaryExpr: {
      const auto* b = static_cast<const BinaryExpr*>(e);
      switch (b->op) {
        case Tok::kEql:
        case Tok::kNeq:
        case Tok::kLss:
        case Tok::kLeq:
        case Tok::kGtr:
        case Tok::kGeq:
        case Tok::kLAnd:
        case Tok::kLOr:
          return "bool";
        default:
          return TypeOf(b->x);
      }
    }
    case NodeKind::kSelectorExpr: {
      const auto* sel = static_cast<const SelectorExpr*>(e);
      std::string q = Qualified(sel);
      if (!q.empty()) return std::string(StdlibVarType(q));
      std::string x = TypeOf(sel->x);
      return x.empty() ? "" : resolver_.FieldType(x, sel->sel->name);
    }
    case NodeKind::kCallExpr: {
      std::vector<std::string> r = ResultsOf(static_cast<const CallExpr*>(e));
      return r.size() == 1 ? r[0] : "";
    }
    case NodeKind::kCompositeLit:
      return resolver_.FromTypeExpr(static_cast<const CompositeLit*>(e)->type, file_);
    case NodeKind::kFuncLit:
      return "func";
    case NodeKind::kIndexExpr: {
      const auto* ix = static_cast<const IndexExpr*>(e);
      std::string x = TypeOf(ix->x);
      if (x.starts_with("[") || x.starts_with("map[")) return ElementOf(x);
      if (x == "string") return "byte";
      return "";
    }
    case NodeKind::kSliceExpr:
      return TypeOf(static_cast<const SliceExpr*>(e)->x);
    case NodeKind::kTypeAssertExpr:
      return resolver_.FromTypeExpr(static_cast<const TypeAssertExpr*>(e)->type, file_);
    default:
      return "";
  }
}

std::vector<std::string> FunctionTypes::ResultsOf(const CallExpr* call) const {
  DepthGuard guard;
  if (guard.too_deep()) return {};
  const Expr* fun = call->fun;
  while (const auto* p = As<ParenExpr>(fun))
    fun = p->x;
  if (const auto* ix = As<IndexExpr>(fun)) fun = ix->x;  // f[T](x)
  switch (fun->kind) {
    case NodeKind::kIdent: {
      std::string_view name = static_cast<const Ident*>(fun)->name;
      if (IsLocal(name)) return {};  // a func-typed local: not followed
      if (name == "new" && call->args.size() == 1) {
        std::string t = resolver_.FromTypeExpr(call->args[0], file_);
        return {t.empty() ? "" : "*" + t};
      }
      if (name == "make" && !call->args.empty()) {
        return {resolver_.FromTypeExpr(call->args[0], file_)};
      }
      if (name == "len" || name == "cap" || name == "copy") return {"int"};
      if (name == "append" && !call->args.empty()) return {TypeOf(call->args[0])};
      const Package& pkg = resolver_.package();
      if (auto it = pkg.funcs.find(name); it != pkg.funcs.end()) {
        return resolver_.Results(it->second.decl, *it->second.file);
      }
      if (pkg.types.contains(name) || IsPredeclaredType(name)) return {std::string(name)};
      return {};
    }
    case NodeKind::kSelectorExpr: {
      const auto* sel = static_cast<const SelectorExpr*>(fun);
      std::string q = Qualified(sel);
      if (!q.empty()) {
        const std::vector<std::string>* r = StdlibResults(q);
        return r ? *r : std::vector<std::string>{};
      }
      std::string recv(Deref(TypeOf(sel->x)));
      if (recv.empty()) return {};
      if (const DeclRef<FuncDecl>* m = resolver_.package().Method(recv, sel->sel->name)) {
        return resolver_.Results(m->decl, *m->file);
      }
      const std::vector<std::string>* r =
          StdlibResults("(" + recv + ")." + std::string(sel->sel->name));
      return r ? *r : std::vector<std::string>{};
    }
    case NodeKind::kFuncLit: {
      const auto* lit = static_cast<const FuncLit*>(fun);
      std::vector<std::string> out;
      if (!lit->type->results) return out;
      for (const Field* f : lit->type->results->list) {
        std::string t = resolver_.FromTypeExpr(f->type, file_);
        for (size_t i = 0; i < std::max<size_t>(1, f->names.size()); ++i)
          out.push_back(t);
      }
      return out;
    }
    case NodeKind::kArrayType:
    case NodeKind::kMapType:
    case NodeKind::kChanType:
    case NodeKind::kStarExpr:
    case NodeKind::kFuncType:
    case NodeKind::kInterfaceType:
      return {resolver_.FromTypeExpr(fun, file_)};  // a conversion
    default:
      return {};
  }
}

}  // namespace gopit::scan
