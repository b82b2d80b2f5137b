#include "scan/suppressions.h"

#include <cctype>
#include <string_view>

namespace gopit::scan {

namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> SplitList(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) comma = s.size();
    std::string_view item = s.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ')
      item.remove_suffix(1);
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

}  // namespace

Suppressions::Suppressions(const SourceFile& file) {
  if (!file.ok()) return;
  for (const golang::CommentGroup* g : file.ast()->comments) {
    for (const golang::Comment& c : g->list) {
      std::string_view text = c.text;
      if (!text.starts_with("//")) continue;
      Add(file.PositionOf(c.pos).line, text.substr(2));
    }
  }
}

Suppressions Suppressions::FromHashComments(std::string_view text) {
  Suppressions s;
  int32_t line = 1;
  for (size_t at = 0; at < text.size(); ++line) {
    size_t nl = text.find('\n', at);
    std::string_view l = text.substr(at, nl == std::string_view::npos ? nl : nl - at);
    at = nl == std::string_view::npos ? text.size() : nl + 1;
    // A `#` starts a comment at the start of a line or after a blank; the
    // space YAML writers put after it is allowed.
    for (size_t h = l.find('#'); h != std::string_view::npos; h = l.find('#', h + 1)) {
      if (h > 0 && l[h - 1] != ' ' && l[h - 1] != '\t') continue;
      std::string_view d = l.substr(h + 1);
      while (!d.empty() && (d[0] == ' ' || d[0] == '\t'))
        d.remove_prefix(1);
      while (!d.empty() && d.back() == '\r')
        d.remove_suffix(1);
      s.Add(line, d);
    }
  }
  return s;
}

void Suppressions::Add(int32_t line, std::string_view text) {
  Entry e;
  if (text.starts_with("gopit:ignore")) {
    text.remove_prefix(12);
    if (!text.empty() && text[0] != ' ' && text[0] != '\t') return;
    while (!text.empty() && (text[0] == ' ' || text[0] == '\t'))
      text.remove_prefix(1);
    size_t end = text.find_first_of(" \t");
    for (std::string_view id : SplitList(text.substr(0, end))) {
      if (Upper(id) == "ALL") e.all = true;
      e.rules.push_back(Upper(id));
    }
    if (!e.all && e.rules.empty()) return;  // names no rule: not a suppression
  } else if (text.starts_with("nolint")) {
    text.remove_prefix(6);
    if (text.empty() || text[0] == ' ' || text[0] == '\t') {
      e.all = true;  // bare //nolint silences every linter
    } else if (text[0] == ':') {
      size_t end = text.find_first_of(" \t/");
      for (std::string_view name :
           SplitList(text.substr(1, end == text.npos ? text.npos : end - 1))) {
        if (name == "gopit") e.all = true;
      }
      if (!e.all) return;
    } else {
      return;
    }
  } else {
    return;
  }
  Entry& slot = by_line_[line];
  slot.all = slot.all || e.all;
  slot.rules.insert(slot.rules.end(), e.rules.begin(), e.rules.end());
}

bool Suppressions::Matches(int32_t line, const std::string& rule) const {
  auto it = by_line_.find(line);
  if (it == by_line_.end()) return false;
  if (it->second.all) return true;
  for (const std::string& r : it->second.rules) {
    if (r == rule) return true;
  }
  return false;
}

bool Suppressions::Suppresses(const Finding& f) const {
  if (by_line_.empty() || f.rule == "PARSE") return false;
  return Matches(f.line, f.rule) || Matches(f.line - 1, f.rule);
}

}  // namespace gopit::scan
