#include "scan/package_index.h"

#include <algorithm>
#include <map>
#include <utility>

#include "golang/go_mod.h"

namespace gopit::scan {

using namespace golang;

const DeclRef<FuncDecl>* Package::Method(std::string_view type, std::string_view name) const {
  auto it = methods.find(type);
  if (it == methods.end()) return nullptr;
  for (const DeclRef<FuncDecl>& m : it->second) {
    if (m.decl->name->name == name) return &m;
  }
  return nullptr;
}

std::optional<bool> Package::GoVersionAtLeast(std::string_view v) const {
  if (!IsValidGoVersion(go_version)) return std::nullopt;
  return CompareGoVersions(go_version, v) >= 0;
}

std::string_view ReceiverTypeName(const FuncDecl* fn) {
  if (!fn->recv || fn->recv->list.empty()) return {};
  const Expr* t = fn->recv->list[0]->type;
  for (;;) {
    if (const auto* star = As<StarExpr>(t)) {
      t = star->x;
    } else if (const auto* paren = As<ParenExpr>(t)) {
      t = paren->x;
    } else if (const auto* index = As<IndexExpr>(t)) {
      t = index->x;  // generic receiver T[K]
    } else {
      break;
    }
  }
  const auto* id = As<Ident>(t);
  return id ? id->name : std::string_view{};
}

namespace {

std::string DirOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
}

void Index(Package& pkg, const SourceFile* f) {
  for (const Decl* d : f->ast()->decls) {
    if (const auto* fn = As<FuncDecl>(d)) {
      std::string_view recv = ReceiverTypeName(fn);
      if (fn->recv) {
        if (!recv.empty()) pkg.methods[recv].push_back({fn, f});
      } else if (fn->name->name != "init" && fn->name->name != "_") {
        pkg.funcs.emplace(fn->name->name, DeclRef<FuncDecl>{fn, f});
      }
      continue;
    }
    const auto* gen = As<GenDecl>(d);
    if (!gen) continue;
    for (const Spec* s : gen->specs) {
      if (const auto* ts = As<TypeSpec>(s)) {
        pkg.types.emplace(ts->name->name, DeclRef<TypeSpec>{ts, f});
      } else if (const auto* vs = As<ValueSpec>(s)) {
        for (size_t i = 0; i < vs->names.size(); ++i) {
          if (vs->names[i]->name == "_") continue;
          pkg.values.emplace(vs->names[i]->name, ValueRef{vs, i, f, gen->tok == Tok::kConst});
        }
      }
    }
  }
}

}  // namespace

std::vector<Package> BuildPackages(const std::vector<const SourceFile*>& files) {
  std::map<std::pair<std::string, std::string>, std::vector<const SourceFile*>> groups;
  for (const SourceFile* f : files) {
    if (!f->ok()) continue;
    groups[{DirOf(f->path()), std::string(f->package_name())}].push_back(f);
  }
  std::vector<Package> out;
  out.reserve(groups.size());
  for (auto& [key, members] : groups) {
    Package pkg;
    pkg.dir = key.first;
    pkg.name = key.second;
    std::sort(members.begin(), members.end(),
              [](const SourceFile* a, const SourceFile* b) { return a->path() < b->path(); });
    pkg.files = std::move(members);
    for (const SourceFile* f : pkg.files)
      Index(pkg, f);
    out.push_back(std::move(pkg));
  }
  return out;
}

}  // namespace gopit::scan
