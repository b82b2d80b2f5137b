#include "scan/gitignore.h"

#include <cctype>

namespace gopit::scan {
namespace {

enum : int { kMatch = 0, kNoMatch = 1, kAbortAll = -1, kAbortToStarStar = -2 };

// Patterns longer than any path can be are dropped: it bounds the
// recursion of DoWild (one level per '*') whatever a .gitignore holds.
constexpr size_t kMaxPattern = 4096;

bool IsGlobSpecial(unsigned char c) {
  return c == '*' || c == '?' || c == '[' || c == '\\';
}

bool InClass(std::string_view cls, unsigned char c, bool& known) {
  known = true;
  if (cls == "alnum") return std::isalnum(c);
  if (cls == "alpha") return std::isalpha(c);
  if (cls == "blank") return c == ' ' || c == '\t';
  if (cls == "cntrl") return std::iscntrl(c);
  if (cls == "digit") return std::isdigit(c);
  if (cls == "graph") return std::isgraph(c);
  if (cls == "lower") return std::islower(c);
  if (cls == "print") return std::isprint(c);
  if (cls == "punct") return std::ispunct(c);
  if (cls == "space") return std::isspace(c);
  if (cls == "upper") return std::isupper(c);
  if (cls == "xdigit") return std::isxdigit(c);
  known = false;
  return false;
}

// A port of git's dowild() (wildmatch.c, with the 2.39 fix for exponential
// backtracking) over views; a '\0' stands for the
// end of either string, as in the C original. The abort codes cut the
// backtracking short, which keeps it polynomial.
int DoWild(std::string_view P, size_t pi, std::string_view T, size_t ti, bool pathname) {
  auto pc = [&](size_t i) -> unsigned char {
    return i < P.size() ? static_cast<unsigned char>(P[i]) : 0;
  };
  auto tc = [&](size_t i) -> unsigned char {
    return i < T.size() ? static_cast<unsigned char>(T[i]) : 0;
  };
  for (; pc(pi) != 0; ++ti, ++pi) {
    unsigned char p_ch = pc(pi);
    unsigned char t_ch = tc(ti);
    if (t_ch == 0 && p_ch != '*') return kAbortAll;
    if (p_ch == '?') {
      if (pathname && t_ch == '/') return kNoMatch;
      continue;
    }
    if (p_ch == '[') {
      p_ch = pc(++pi);
      if (p_ch == '^') p_ch = '!';
      bool negated = p_ch == '!';
      if (negated) p_ch = pc(++pi);
      unsigned char prev_ch = 0;
      bool matched = false;
      do {
        if (p_ch == 0) return kAbortAll;
        if (p_ch == '\\') {
          p_ch = pc(++pi);
          if (p_ch == 0) return kAbortAll;
          if (t_ch == p_ch) matched = true;
        } else if (p_ch == '-' && prev_ch != 0 && pc(pi + 1) != 0 && pc(pi + 1) != ']') {
          p_ch = pc(++pi);
          if (p_ch == '\\') {
            p_ch = pc(++pi);
            if (p_ch == 0) return kAbortAll;
          }
          if (t_ch <= p_ch && t_ch >= prev_ch) matched = true;
          p_ch = 0;  // so that prev_ch becomes 0: "a-c-e" is not two ranges
        } else if (p_ch == '[' && pc(pi + 1) == ':') {
          pi += 2;
          size_t s = pi;
          while ((p_ch = pc(pi)) != 0 && p_ch != ']')
            ++pi;
          if (p_ch == 0) return kAbortAll;
          if (pi - s < 1 || pc(pi - 1) != ':') {
            // No ":]": an ordinary '['.
            pi = s - 2;
            p_ch = '[';
            if (t_ch == p_ch) matched = true;
            continue;
          }
          bool known;
          if (InClass(P.substr(s, pi - s - 1), t_ch, known)) matched = true;
          if (!known) return kAbortAll;  // malformed [:class:]
          p_ch = 0;
        } else if (t_ch == p_ch) {
          matched = true;
        }
      } while (prev_ch = p_ch, (p_ch = pc(++pi)) != ']');
      if (matched == negated || (pathname && t_ch == '/')) return kNoMatch;
      continue;
    }
    if (p_ch == '*') {
      bool match_slash;
      if (pc(++pi) == '*') {
        size_t second = pi;
        while (pc(++pi) == '*') {
        }
        if (!pathname) {
          match_slash = true;
        } else if ((second < 2 || P[second - 2] == '/') &&
                   (pc(pi) == 0 || pc(pi) == '/' || (pc(pi) == '\\' && pc(pi + 1) == '/'))) {
          // "**/" may match nothing: "foo/**/bar" matches "foo/bar".
          if (pc(pi) == '/' && DoWild(P, pi + 1, T, ti, pathname) == kMatch) return kMatch;
          match_slash = true;
        } else {
          match_slash = false;  // "**" not between slashes is a '*'
        }
      } else {
        match_slash = !pathname;
      }
      if (pc(pi) == 0) {
        // A trailing "**" matches everything, a trailing '*' the rest of
        // one path element.
        if (!match_slash && T.find('/', ti) != std::string_view::npos) return kAbortToStarStar;
        return kMatch;
      }
      if (!match_slash && pc(pi) == '/') {
        // "*/": the '*' takes the rest of this path element.
        size_t slash = T.find('/', ti);
        if (slash == std::string_view::npos) return kAbortAll;
        ti = slash;  // the loop steps over both slashes
        continue;
      }
      for (;;) {
        if (t_ch == 0) break;
        // Skip ahead to the next occurrence of a literal that follows.
        if (!IsGlobSpecial(pc(pi))) {
          p_ch = pc(pi);
          while ((t_ch = tc(ti)) != 0 && (match_slash || t_ch != '/')) {
            if (t_ch == p_ch) break;
            ++ti;
          }
          // Not found: no later start can find it either (git's fix
          // for exponential matching).
          if (t_ch != p_ch) return match_slash ? kAbortAll : kAbortToStarStar;
        }
        int matched = DoWild(P, pi, T, ti, pathname);
        if (matched != kNoMatch) {
          if (!match_slash || matched != kAbortToStarStar) return matched;
        } else if (!match_slash && t_ch == '/') {
          return kAbortToStarStar;
        }
        t_ch = tc(++ti);
      }
      return kAbortAll;
    }
    if (p_ch == '\\') p_ch = pc(++pi);  // the next character literally
    if (t_ch != p_ch) return kNoMatch;
  }
  return ti < T.size() ? kNoMatch : kMatch;
}

// git's trim_trailing_spaces: drops trailing spaces unless the first of
// them is escaped with a backslash.
std::string_view TrimTrailingSpaces(std::string_view s) {
  size_t last_space = std::string_view::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ') {
      if (last_space == std::string_view::npos) last_space = i;
    } else if (s[i] == '\\') {
      if (++i >= s.size()) return s;
      last_space = std::string_view::npos;
    } else {
      last_space = std::string_view::npos;
    }
  }
  return last_space == std::string_view::npos ? s : s.substr(0, last_space);
}

}  // namespace

bool WildMatch(std::string_view pattern, std::string_view text, bool pathname) {
  return DoWild(pattern, 0, text, 0, pathname) == kMatch;
}

IgnoreList::IgnoreList(std::string_view text, std::string base) : base_(std::move(base)) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    // git reads patterns as C strings: a NUL ends one.
    line = line.substr(0, line.find('\0'));
    if (line.empty() || line[0] == '#') continue;
    line = TrimTrailingSpaces(line);
    Pattern p;
    if (line.starts_with('!')) {
      p.negated = true;
      line.remove_prefix(1);
    }
    if (line.ends_with('/')) {
      p.dir_only = true;
      line.remove_suffix(1);
    }
    // A '/' at the start or in the middle anchors the pattern to base_.
    p.basename = line.find('/') == std::string_view::npos;
    if (line.starts_with('/')) line.remove_prefix(1);
    if (line.empty() || line.size() > kMaxPattern) continue;
    p.literal = line.find_first_of("*?[\\") == std::string_view::npos;
    p.text.assign(line);
    patterns_.push_back(std::move(p));
  }
}

IgnoreList::Match IgnoreList::Check(std::string_view path, bool is_dir) const {
  // A .gitignore governs only the paths below its directory.
  bool under_base = base_.empty() || (path.size() > base_.size() && path[base_.size()] == '/' &&
                                      path.starts_with(base_));
  if (!under_base) return Match::kNone;
  std::string_view rel = base_.empty() ? path : path.substr(base_.size() + 1);
  size_t slash = rel.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? rel : rel.substr(slash + 1);
  for (size_t i = patterns_.size(); i-- > 0;) {
    const Pattern& p = patterns_[i];
    if (p.dir_only && !is_dir) continue;
    bool m;
    if (p.basename) {
      m = p.literal ? name == p.text : WildMatch(p.text, name, false);
    } else {
      m = p.literal ? rel == p.text : WildMatch(p.text, rel, true);
    }
    if (m) return p.negated ? Match::kIncluded : Match::kIgnored;
  }
  return Match::kNone;
}

bool IgnoreStack::IsIgnored(std::string_view path, bool is_dir) const {
  for (size_t i = lists_.size(); i-- > 0;) {
    IgnoreList::Match m = lists_[i].Check(path, is_dir);
    if (m != IgnoreList::Match::kNone) return m == IgnoreList::Match::kIgnored;
  }
  return false;
}

}  // namespace gopit::scan
