#include "scan/source_file.h"

namespace gopit::scan {

namespace {

std::string Unquote(std::string_view lit) {
  // Import paths are plain ASCII in practice; escapes would be unusual and
  // are kept as written.
  if (lit.size() >= 2 && (lit.front() == '"' || lit.front() == '`')) {
    return std::string(lit.substr(1, lit.size() - 2));
  }
  return std::string(lit);
}

// The package name an import path gets by default: its last element, with a
// major-version suffix ("v2") or a "go-" prefix dropped the way the go
// command's conventions usually have it.
std::string_view DefaultName(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (last.size() >= 2 && last[0] == 'v' && last.find_first_not_of("0123456789", 1) == last.npos &&
      slash != std::string_view::npos) {
    std::string_view before = path.substr(0, slash);
    size_t s2 = before.rfind('/');
    last = s2 == std::string_view::npos ? before : before.substr(s2 + 1);
  }
  if (last.starts_with("go-")) last.remove_prefix(3);
  return last;
}

}  // namespace

SourceFile::SourceFile(std::string display_path, std::unique_ptr<golang::ParsedFile> parsed)
    : path_(std::move(display_path)), parsed_(std::move(parsed)) {
  is_test_ = path_.ends_with("_test.go");
  if (!parsed_->ok()) return;
  for (const golang::ImportSpec* spec : parsed_->file()->imports) {
    Import imp;
    imp.path = Unquote(spec->path->value);
    if (spec->name) {
      imp.name = spec->name->name;
      imp.explicit_name = true;
    } else {
      imp.name = std::string(DefaultName(imp.path));
    }
    imports_.push_back(std::move(imp));
  }
}

std::string_view SourceFile::package_name() const {
  return ok() ? ast()->name->name : std::string_view{};
}

std::string_view SourceFile::ImportPath(std::string_view name) const {
  for (const Import& imp : imports_) {
    if (imp.name == name && imp.name != "." && imp.name != "_") return imp.path;
  }
  return {};
}

bool SourceFile::Imports(std::string_view path) const {
  for (const Import& imp : imports_) {
    if (imp.path == path) return true;
  }
  return false;
}

std::string_view SourceFile::Text(const golang::Node* n) const {
  std::string_view src = parsed_->source();
  if (!n || n->pos > n->end || n->end > src.size()) return {};
  return src.substr(n->pos, n->end - n->pos);
}

std::string SourceFile::Canonical(const golang::Node* n) const {
  while (const auto* p = golang::As<golang::ParenExpr>(n))
    n = p->x;
  std::string out;
  for (char c : Text(n)) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

std::string_view SourceFile::LineText(int32_t line) const {
  std::string_view src = parsed_->source();
  if (line < 1 || static_cast<size_t>(line) > parsed_->lines().LineCount()) return {};
  // A linear scan: this runs once per finding.
  size_t begin = 0;
  int32_t at = 1;
  while (at < line && begin < src.size()) {
    size_t nl = src.find('\n', begin);
    if (nl == std::string_view::npos) return {};
    begin = nl + 1;
    ++at;
  }
  size_t end = src.find('\n', begin);
  if (end == std::string_view::npos) end = src.size();
  std::string_view text = src.substr(begin, end - begin);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

}  // namespace gopit::scan
