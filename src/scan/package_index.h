// The package index: parsed files grouped into packages (a directory and a
// package clause, so an external `foo_test` package stays apart from `foo`),
// with their package-level declarations by name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "golang/ast.h"
#include "scan/source_file.h"

namespace gopit::scan {

template <typename T>
struct DeclRef {
  const T* decl = nullptr;
  const SourceFile* file = nullptr;
};

// One name of a package-level var or const: `index` into spec->names.
struct ValueRef {
  const golang::ValueSpec* spec = nullptr;
  size_t index = 0;
  const SourceFile* file = nullptr;
  bool is_const = false;
};

struct Package {
  std::string dir;
  std::string name;  // the package clause
  // The Go language version rules go by: `gopit scan --go-version` when
  // given, else the go directive of the nearest go.mod; "" when neither says.
  std::string go_version;
  std::string module_path;
  std::vector<const SourceFile*> files;  // parsed files only, in path order

  std::unordered_map<std::string_view, DeclRef<golang::TypeSpec>> types;
  std::unordered_map<std::string_view, DeclRef<golang::FuncDecl>> funcs;
  // Methods by receiver base type name ("T" for both T and *T receivers).
  std::unordered_map<std::string_view, std::vector<DeclRef<golang::FuncDecl>>> methods;
  std::unordered_map<std::string_view, ValueRef> values;

  // Whether go_version is at least `v` ("1.23"); nullopt when the version is
  // unknown (no go.mod, no go directive): version-aware rules then say so
  // at their milder severity.
  std::optional<bool> GoVersionAtLeast(std::string_view v) const;

  // The method `name` of type `type` declared in this package, or null.
  const DeclRef<golang::FuncDecl>* Method(std::string_view type, std::string_view name) const;
};

// The receiver's base type name of a method ("T" for `func (t *T[K]) m()`),
// empty for a function.
std::string_view ReceiverTypeName(const golang::FuncDecl* fn);

// Groups parsed files by directory and package clause and indexes their
// declarations. Files that did not parse are left out (the scan reports
// them). The result is ordered by directory, then package name.
std::vector<Package> BuildPackages(const std::vector<const SourceFile*>& files);

}  // namespace gopit::scan
