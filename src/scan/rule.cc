#include "scan/rule.h"

namespace gopit::scan {

FunctionUnit::FunctionUnit(const Package& pkg, const TypeResolver& resolver, const SourceFile& file,
                           const golang::FuncDecl* decl, const golang::FuncLit* lit,
                           const FunctionUnit* outer)
    : pkg_(pkg), resolver_(resolver), file_(file), decl_(decl), lit_(lit), outer_(outer) {}

const golang::BlockStmt* FunctionUnit::body() const {
  return decl_ ? decl_->body : lit_->body;
}

const golang::FuncType* FunctionUnit::type() const {
  return decl_ ? decl_->type : lit_->type;
}

const FunctionTypes& FunctionUnit::types() const {
  if (!types_) {
    types_ =
        std::make_unique<FunctionTypes>(resolver_, file_, type(), decl_ ? decl_->recv : nullptr,
                                        body(), outer_ ? &outer_->types() : nullptr);
  }
  return *types_;
}

const Cfg* FunctionUnit::cfg() const {
  if (!cfg_) cfg_.emplace(Cfg::Build(body(), file_));
  return cfg_->has_value() ? &**cfg_ : nullptr;
}

void FindingSink::Report(const RuleInfo& rule, const SourceFile& file, uint32_t offset,
                         std::string message,
                         const std::vector<std::pair<uint32_t, std::string>>& related) {
  Report(rule, rule.severity, file, offset, std::move(message), related);
}

void FindingSink::Report(const RuleInfo& rule, Severity severity, const SourceFile& file,
                         uint32_t offset, std::string message,
                         const std::vector<std::pair<uint32_t, std::string>>& related) {
  Finding f;
  f.rule = rule.id;
  f.slug = rule.slug;
  f.severity = severity;
  f.file = file.path();
  golang::Position p = file.PositionOf(offset);
  f.line = p.line;
  f.column = p.column;
  f.message = std::move(message);
  for (const auto& [off, msg] : related) {
    golang::Position rp = file.PositionOf(off);
    f.related.push_back(RelatedLocation{file.path(), rp.line, rp.column, msg});
  }
  out_.push_back(std::move(f));
}

void FindingSink::ReportWith(const RuleInfo& rule, const SourceFile& file, uint32_t offset,
                             std::string message, const std::vector<RelatedAt>& related) {
  Report(rule, file, offset, std::move(message));
  Finding& f = out_.back();
  for (const RelatedAt& r : related) {
    golang::Position rp = r.file->PositionOf(r.offset);
    f.related.push_back(RelatedLocation{r.file->path(), rp.line, rp.column, r.message});
  }
}

}  // namespace gopit::scan
