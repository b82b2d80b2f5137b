// One Go file of a scan: its parse, its imports by local name, and helpers
// to turn offsets and nodes into what a finding needs.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "golang/ast.h"
#include "golang/parser.h"

namespace gopit::scan {

struct Import {
  std::string name;  // local name: the alias, or the last path element
  std::string path;  // unquoted import path ("net/http")
  bool explicit_name = false;
};

class SourceFile {
 public:
  // `display_path` is how findings name the file.
  SourceFile(std::string display_path, std::unique_ptr<golang::ParsedFile> parsed);

  const std::string& path() const { return path_; }
  bool ok() const { return parsed_->ok(); }
  const golang::ParsedFile& parsed() const { return *parsed_; }
  const golang::File* ast() const { return parsed_->file(); }
  std::string_view package_name() const;
  bool is_test() const { return is_test_; }
  // A generated file (scan/generated.h) is read for the package's
  // declarations but not checked.
  bool is_generated() const { return is_generated_; }
  void set_generated(bool generated) { is_generated_ = generated; }

  // The import path a local package name stands for, or "" when `name` is
  // not an import of this file. A dot import is never matched.
  std::string_view ImportPath(std::string_view name) const;
  // Whether the file imports `path` under any name (a blank or dot import too).
  bool Imports(std::string_view path) const;
  const std::vector<Import>& imports() const { return imports_; }

  golang::Position PositionOf(uint32_t offset) const { return parsed_->PositionOf(offset); }
  // The source text of a node.
  std::string_view Text(const golang::Node* n) const;
  // The node's text without blanks and outer parentheses: "(s.mu)" and
  // "s . mu" both give "s.mu". For comparing receiver expressions.
  std::string Canonical(const golang::Node* n) const;
  // The whole line `line` (1-based) without its newline.
  std::string_view LineText(int32_t line) const;

 private:
  std::string path_;
  std::unique_ptr<golang::ParsedFile> parsed_;
  std::vector<Import> imports_;
  bool is_test_ = false;
  bool is_generated_ = false;
};

}  // namespace gopit::scan
