// Light type inference: enough to know that `s.mu` is a sync.Mutex or that
// `cancel` came from context.WithTimeout, without a type checker. Types are
// text: "sync.Mutex", "*net/http.Client", "[]byte", "chan int", and for a
// type declared in the scanned package its bare name ("Cache"). The empty
// string means unknown, and unknown stays unknown: rules must not guess.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "golang/ast.h"
#include "scan/package_index.h"

namespace gopit::scan {

// "*T" -> "T"; anything else unchanged.
std::string_view Deref(std::string_view type);

// Whether a value of `type` can be received from: "chan T" or "<-chan T"
// (a range over it, or a receive, blocks until a send or a close).
bool IsReceivableChan(std::string_view type);

// Package-level knowledge: type expressions and struct fields.
class TypeResolver {
 public:
  explicit TypeResolver(const Package& pkg) : pkg_(pkg) {}
  const Package& package() const { return pkg_; }

  // The text of a type expression written in `file`.
  std::string FromTypeExpr(const golang::Expr* t, const SourceFile& file) const;
  // The type of field `field` of `type` (a struct of this package, pointer
  // or not), following embedded fields a few levels deep; "" if unknown.
  std::string FieldType(std::string_view type, std::string_view field) const;
  // Whether `type` (a struct of this package) embeds `embedded`
  // ("sync.Mutex") directly or through embedded structs of the package.
  bool Embeds(std::string_view type, std::string_view embedded) const;
  // Result types of a function or method of this package.
  std::vector<std::string> Results(const golang::FuncDecl* fn, const SourceFile& file) const;

 private:
  const golang::StructType* StructOf(std::string_view type, const SourceFile** file) const;
  std::string FieldTypeAt(std::string_view type, std::string_view field, int depth) const;
  bool EmbedsAt(std::string_view type, std::string_view embedded, int depth) const;

  const Package& pkg_;
};

// The types of one function's parameters and locals, flow-insensitively: a
// name declared twice with different types in the function is unknown.
// Function literals get their own instance with the enclosing one as
// `outer`, so captured variables resolve.
class FunctionTypes {
 public:
  FunctionTypes(const TypeResolver& resolver, const SourceFile& file, const golang::FuncType* type,
                const golang::FieldList* recv, const golang::BlockStmt* body,
                const FunctionTypes* outer = nullptr);

  std::string TypeOf(const golang::Expr* e) const;
  // Result types of a call (several for f() (T, error)); empty if unknown.
  std::vector<std::string> ResultsOf(const golang::CallExpr* call) const;
  // The type of a local or parameter by name ("" if not one, or unknown).
  std::string Local(std::string_view name) const;
  bool IsLocal(std::string_view name) const;
  const SourceFile& file() const { return file_; }
  const TypeResolver& resolver() const { return resolver_; }

 private:
  void Declare(std::string_view name, std::string type);
  void DeclareFields(const golang::FieldList* list);
  void Collect(const golang::BlockStmt* body);
  // "net/http.Get" for `http.Get` when http is an import of the file.
  std::string Qualified(const golang::Expr* fun) const;

  const TypeResolver& resolver_;
  const SourceFile& file_;
  const FunctionTypes* outer_;
  std::unordered_map<std::string_view, std::string> locals_;
  std::unordered_set<std::string_view> conflicting_;
};

}  // namespace gopit::scan
