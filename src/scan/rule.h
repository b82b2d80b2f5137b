// What a source rule sees and how it reports. A rule is one class in
// scan/rules/, registered in scan/rules/registry.cc; it looks at one function
// body at a time (function literals included, each as its own function) and
// reports findings through the sink. Rules never print and never know the
// output format.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "golang/ast.h"
#include "model/finding.h"
#include "scan/cfg.h"
#include "scan/package_index.h"
#include "scan/source_file.h"
#include "scan/types.h"

namespace gopit::scan {

// One function body: a declared function or method, or a function literal.
// The type table and the control-flow graph are built on first use, so a
// rule that finds nothing of interest in the syntax costs little.
class FunctionUnit {
 public:
  FunctionUnit(const Package& pkg, const TypeResolver& resolver, const SourceFile& file,
               const golang::FuncDecl* decl, const golang::FuncLit* lit, const FunctionUnit* outer);

  const Package& package() const { return pkg_; }
  const SourceFile& file() const { return file_; }
  const golang::FuncDecl* decl() const { return decl_; }  // null for a literal
  const golang::FuncLit* lit() const { return lit_; }     // null for a declaration
  const golang::BlockStmt* body() const;
  const golang::FuncType* type() const;
  // The literal's enclosing function, or null.
  const FunctionUnit* outer() const { return outer_; }
  // The declared function this unit is (or is nested in).
  const FunctionUnit& outermost() const { return outer_ ? outer_->outermost() : *this; }

  const FunctionTypes& types() const;
  // Null when the body nests too deep for a graph.
  const Cfg* cfg() const;

 private:
  const Package& pkg_;
  const TypeResolver& resolver_;
  const SourceFile& file_;
  const golang::FuncDecl* decl_;
  const golang::FuncLit* lit_;
  const FunctionUnit* outer_;
  mutable std::unique_ptr<FunctionTypes> types_;
  mutable std::optional<std::optional<Cfg>> cfg_;
};

class FindingSink {
 public:
  explicit FindingSink(std::vector<Finding>& out) : out_(out) {}
  // A finding at `offset` of `file`; related locations are (offset, message)
  // in the same file.
  void Report(const RuleInfo& rule, const SourceFile& file, uint32_t offset, std::string message,
              const std::vector<std::pair<uint32_t, std::string>>& related = {});
  // The same with related locations that may lie in other files of the
  // package (the declaration of a type, a called function).
  struct RelatedAt {
    const SourceFile* file;
    uint32_t offset;
    std::string message;
  };
  void ReportWith(const RuleInfo& rule, const SourceFile& file, uint32_t offset,
                  std::string message, const std::vector<RelatedAt>& related);
  // As above, at `severity` instead of the rule's own: for rules whose
  // certainty, or the module's Go version, decides how bad a finding is.
  void Report(const RuleInfo& rule, Severity severity, const SourceFile& file, uint32_t offset,
              std::string message,
              const std::vector<std::pair<uint32_t, std::string>>& related = {});

 private:
  std::vector<Finding>& out_;
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleInfo& Info() const = 0;
  // Each function body; rules that look only at whole packages leave it out.
  virtual void CheckFunction(const FunctionUnit& fn, FindingSink& sink) const {
    (void)fn, (void)sink;
  }
  // Once per package, after every function of it was checked: for rules
  // about what is not in a function body (directives, package variables)
  // or about facts that span functions (the order locks are taken in).
  // A rule that needs a function's graph or types builds its own
  // FunctionUnit from `resolver`.
  virtual void CheckPackage(const Package& pkg, const TypeResolver& resolver,
                            FindingSink& sink) const {
    (void)pkg, (void)resolver, (void)sink;
  }
};

}  // namespace gopit::scan
