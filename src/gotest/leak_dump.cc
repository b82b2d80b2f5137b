#include "gotest/leak_dump.h"

#include <charconv>

namespace gopit {
namespace {

bool ReadUint(std::string_view s, uint64_t& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool ReadInt(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' '))
    s.remove_suffix(1);
  return s;
}

// "goroutine 18 [chan send (leaked), 2 minutes]:" (Go 1.27 may add
// " {labels}" before the colon).
bool ParseHeader(std::string_view s, LeakGoroutine& g) {
  if (!s.starts_with("goroutine ")) return false;
  s.remove_prefix(10);
  size_t sp = s.find(' ');
  if (sp == std::string_view::npos || !ReadUint(s.substr(0, sp), g.id)) return false;
  size_t open = s.find('[', sp);
  if (open == std::string_view::npos) return false;
  size_t close = s.find(']', open);
  if (close == std::string_view::npos) return false;
  std::string_view state = s.substr(open + 1, close - open - 1);
  size_t cut = state.find(',');
  if (cut != std::string_view::npos) state = state.substr(0, cut);
  cut = state.find(" labels:");
  if (cut != std::string_view::npos) state = state.substr(0, cut);
  if (size_t l = state.find(" (leaked)"); l != std::string_view::npos) {
    g.leaked = true;
    state = state.substr(0, l);
  }
  g.state = std::string(state);
  return true;
}

// "\t/path/file.go:42 +0x1d" -> file, line.
bool ParseFileLine(std::string_view s, LeakFrame& f) {
  if (s.empty() || s[0] != '\t') return false;
  s.remove_prefix(1);
  if (size_t plus = s.rfind(" +0x"); plus != std::string_view::npos) s = s.substr(0, plus);
  size_t colon = s.rfind(':');
  if (colon == std::string_view::npos) return false;
  uint64_t line = 0;
  if (!ReadUint(s.substr(colon + 1), line) || line > 1u << 30) return false;
  f.file = std::string(s.substr(0, colon));
  f.line = static_cast<int32_t>(line);
  return true;
}

// "pkg.F(0x1, ...)" or "pkg.F(...)" -> "pkg.F". The argument list starts at
// the last '(' whose text runs to the line's end, since method names hold
// parentheses too ("pkg.(*T).M(...)").
std::string FunctionOf(std::string_view s) {
  if (s.ends_with(")")) {
    int depth = 0;
    for (size_t i = s.size(); i-- > 0;) {
      if (s[i] == ')') ++depth;
      if (s[i] == '(' && --depth == 0) return std::string(s.substr(0, i));
    }
  }
  return std::string(s);
}

void ParseHeaderLine(std::string_view s, LeakDump& d) {
  auto value = [&](std::string_view key) { return s.substr(key.size()); };
  if (s.starts_with("dir: ")) {
    d.dir = std::string(value("dir: "));
  } else if (s.starts_with("package: ")) {
    d.package = std::string(value("package: "));
  } else if (s.starts_with("via: ")) {
    d.via = std::string(value("via: "));
  } else if (s.starts_with("settle_ns: ")) {
    ReadInt(value("settle_ns: "), d.settle_ns);
  } else if (s.starts_with("check_ns: ")) {
    ReadInt(value("check_ns: "), d.check_ns);
  } else if (s.starts_with("tries: ")) {
    ReadInt(value("tries: "), d.tries);
  } else if (s.starts_with("before:")) {
    std::string_view rest = value("before:");
    while (!rest.empty()) {
      size_t b = rest.find_first_not_of(' ');
      if (b == std::string_view::npos) break;
      rest.remove_prefix(b);
      size_t e = rest.find(' ');
      uint64_t id = 0;
      if (ReadUint(rest.substr(0, e), id)) d.before.push_back(id);
      if (e == std::string_view::npos) break;
      rest.remove_prefix(e);
    }
  }
}

}  // namespace

LeakDump ParseLeakDump(std::string_view text) {
  LeakDump d;
  enum class In { kHeader, kOutside, kOwn, kCreatedBy, kAncestor, kAncestorCreatedBy };
  In in = In::kOutside;
  if (text.starts_with("gopit-leakcheck ")) {
    d.has_header = true;
    in = In::kHeader;
  }
  LeakGoroutine* g = nullptr;
  LeakFrame pending;  // a function line waiting for its file line
  bool have_pending = false;
  size_t pos = 0;
  bool first = true;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        Trim(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (in == In::kHeader) {
      if (first) {
        first = false;
        continue;
      }
      if (line.empty()) {
        in = In::kOutside;
      } else {
        ParseHeaderLine(line, d);
      }
      continue;
    }
    if (line.empty()) {
      g = nullptr;
      have_pending = false;
      in = In::kOutside;
      continue;
    }
    LeakGoroutine fresh;
    if (ParseHeader(line, fresh)) {
      d.goroutines.push_back(std::move(fresh));
      g = &d.goroutines.back();
      have_pending = false;
      in = In::kOwn;
      continue;
    }
    if (g == nullptr) {
      ++d.skipped_lines;
      continue;
    }
    if (line.starts_with("[originating from goroutine ")) {
      std::string_view id = line.substr(28);
      if (id.ends_with("]:")) id.remove_suffix(2);
      LeakAncestor a;
      ReadUint(id, a.id);
      g->ancestors.push_back(std::move(a));
      have_pending = false;
      in = In::kAncestor;
      continue;
    }
    if (line[0] == '\t') {
      LeakFrame f = pending;
      if (!have_pending || !ParseFileLine(line, f)) {
        ++d.skipped_lines;
        continue;
      }
      have_pending = false;
      if (in == In::kOwn) {
        g->frames.push_back(std::move(f));
      } else if (in == In::kCreatedBy) {
        g->created_by = std::move(f);
      } else if (in == In::kAncestor) {
        g->ancestors.back().frames.push_back(std::move(f));
      }
      continue;
    }
    if (line.starts_with("created by ")) {
      std::string_view fn = line.substr(11);
      size_t in_g = fn.find(" in goroutine ");
      if (in == In::kOwn && in_g != std::string_view::npos) {
        ReadUint(fn.substr(in_g + 14), g->created_in);
      }
      pending = LeakFrame{};
      pending.function = std::string(fn.substr(0, in_g));
      have_pending = true;
      in = in == In::kOwn ? In::kCreatedBy : In::kAncestorCreatedBy;
      continue;
    }
    if (line.starts_with("...")) continue;  // "...additional frames elided..."
    pending = LeakFrame{};
    pending.function = FunctionOf(line);
    have_pending = true;
  }
  return d;
}

}  // namespace gopit
