#include "scan/generated.h"

namespace gopit::scan {

namespace {

constexpr std::string_view kPrefix = "// Code generated ";
constexpr std::string_view kSuffix = " DO NOT EDIT.";

bool IsMarker(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line.size() >= kPrefix.size() + kSuffix.size() - 1 && line.starts_with(kPrefix) &&
         line.ends_with(kSuffix);
}

std::string_view TrimLeft(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
    ++i;
  return s.substr(i);
}

}  // namespace

bool IsGeneratedSource(std::string_view text) {
  bool in_block = false;  // inside a /* */ comment
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = TrimLeft(text.substr(pos, end - pos));
    pos = end + 1;
    if (in_block) {
      // go/ast matches the marker on any line of a comment's text, so a
      // line of a block comment counts too.
      if (IsMarker(line)) return true;
      size_t close = line.find("*/");
      if (close == std::string_view::npos) continue;
      in_block = false;
      line = TrimLeft(line.substr(close + 2));
    }
    // What follows on the line: more comments, or the package clause.
    while (!line.empty()) {
      if (line.starts_with("//")) {
        if (IsMarker(line)) return true;
        line = {};
      } else if (line.starts_with("/*")) {
        size_t close = line.find("*/", 2);
        if (close == std::string_view::npos) {
          if (IsMarker(line.substr(2))) return true;
          in_block = true;
          line = {};
        } else {
          line = TrimLeft(line.substr(close + 2));
        }
      } else {
        return false;  // the package clause (or anything else): no more header
      }
    }
  }
  return false;
}

}  // namespace gopit::scan
