#include "golang/build_constraints.h"

#include <array>
#include <cstring>

#include "golang/unicode_tables.h"

namespace gopit::golang {
namespace {

// --- Text helpers -----------------------------------------------------------

// Decodes one UTF-8 sequence at s[i]; invalid input yields U+FFFD of length 1
// (as Go's utf8.DecodeRuneInString).
char32_t DecodeRune(std::string_view s, size_t i, size_t& len) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  len = 1;
  if (c < 0x80) return c;
  size_t need;
  char32_t r, min;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1, r = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2, r = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3, r = c & 0x07, min = 0x10000;
  } else {
    return 0xFFFD;
  }
  if (s.size() - i <= need) return 0xFFFD;
  for (size_t k = 1; k <= need; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0xFFFD;
    r = r << 6 | (b(k) & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000)) return 0xFFFD;
  len = need + 1;
  return r;
}

// unicode.IsSpace.
bool IsSpaceRune(char32_t r) {
  switch (r) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return r >= 0x2000 && r <= 0x200A;
  }
}

// The length of the white space rune that ends at s[end-1], or 0.
size_t TrailingSpace(std::string_view s, size_t end) {
  size_t start = end - 1;
  while (start > 0 && end - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
    --start;
  }
  size_t n;
  char32_t r = DecodeRune(s, start, n);
  if (start + n != end) return 0;
  return IsSpaceRune(r) ? n : 0;
}

// strings.TrimSpace (Unicode white space at both ends).
std::string_view TrimSpace(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c != ' ' && (c < '\t' || c > '\r')) break;
      ++i;
      continue;
    }
    size_t n;
    if (!IsSpaceRune(DecodeRune(s, i, n))) break;
    i += n;
  }
  size_t j = s.size();
  while (j > i) {
    size_t n = TrailingSpace(s, j);
    if (n == 0) break;
    j -= n;
  }
  return s.substr(i, j - i);
}

bool IsTagRune(char32_t r) {
  if (r < 0x80) {
    return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '_' ||
           r == '.';
  }
  return IsUnicodeLetter(r) || IsUnicodeDigit(r);
}

// The length of the tag at the start of s (letters, digits, '_', '.').
size_t TagLength(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t n;
    if (!IsTagRune(DecodeRune(s, i, n))) break;
    i += n;
  }
  return i;
}

bool IsValidTag(std::string_view w) {
  return !w.empty() && TagLength(w) == w.size();
}

// Cuts the expression out of "//go:build EXPR" (splitGoBuild).
bool SplitGoBuild(std::string_view line, std::string_view& expr) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (line.find('\n') != std::string_view::npos) return false;
  constexpr std::string_view kPrefix = "//go:build";
  if (!line.starts_with(kPrefix)) return false;
  line = TrimSpace(line).substr(kPrefix.size());
  // The prefix must be followed by space (or nothing): "//go:buildx" is not one.
  std::string_view trim = TrimSpace(line);
  if (line.size() == trim.size() && !line.empty()) return false;
  expr = trim;
  return true;
}

// Cuts the expression out of "// +build A B" (splitPlusBuild).
bool SplitPlusBuild(std::string_view line, std::string_view& expr) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (line.find('\n') != std::string_view::npos) return false;
  if (!line.starts_with("//")) return false;
  line = TrimSpace(line.substr(2));
  constexpr std::string_view kPrefix = "+build";
  if (!line.starts_with(kPrefix)) return false;
  line.remove_prefix(kPrefix.size());
  std::string_view trim = TrimSpace(line);
  if (line.size() == trim.size() && !line.empty()) return false;
  expr = trim;
  return true;
}

// --- //go:build expressions -------------------------------------------------

// Recursive descent over "||", "&&", "!", "(...)" and tags. Recursion depth
// is bounded: every level of nesting costs one operand, and an expression
// may have at most kMaxSize of them.
class ExprParser {
 public:
  ExprParser(std::string_view s, BuildExpr& out) : s_(s), out_(out) {}

  bool Parse(std::string& error) {
    Or();
    if (!failed_ && !tok_.empty()) Fail(pos_, "unexpected token " + std::string(tok_));
    if (failed_) error = error_;
    return !failed_;
  }

 private:
  static constexpr int kMaxSize = 1000;

  void Fail(size_t, std::string msg) {
    if (!failed_) error_ = std::move(msg);
    failed_ = true;
  }

  uint32_t Or() {
    uint32_t x = And();
    while (!failed_ && tok_ == "||") {
      uint32_t y = And();
      if (failed_) return 0;
      x = out_.Or(x, y);
    }
    return x;
  }

  uint32_t And() {
    uint32_t x = Not();
    while (!failed_ && tok_ == "&&") {
      uint32_t y = Not();
      if (failed_) return 0;
      x = out_.And(x, y);
    }
    return x;
  }

  uint32_t Not() {
    if (++size_ > kMaxSize) {
      Fail(pos_, "build expression too large");
      return 0;
    }
    Lex();
    if (failed_) return 0;
    if (tok_ == "!") {
      Lex();
      if (failed_) return 0;
      if (tok_ == "!") {
        Fail(pos_, "double negation not allowed");
        return 0;
      }
      uint32_t x = Atom();
      if (failed_) return 0;
      return out_.Not(x);
    }
    return Atom();
  }

  uint32_t Atom() {
    if (tok_ == "(") {
      uint32_t x = Or();
      if (failed_) {
        if (error_ == "unexpected end of expression") error_ = "missing close paren";
        return 0;
      }
      if (tok_ != ")") {
        Fail(pos_, "missing close paren");
        return 0;
      }
      Lex();
      return x;
    }
    if (!is_tag_) {
      Fail(pos_, tok_.empty() ? std::string("unexpected end of expression")
                              : "unexpected token " + std::string(tok_));
      return 0;
    }
    uint32_t x = out_.Tag(tok_);
    Lex();
    return x;
  }

  void Lex() {
    is_tag_ = false;
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t'))
      ++i_;
    pos_ = i_;
    if (i_ >= s_.size()) {
      tok_ = {};
      return;
    }
    char c = s_[i_];
    if (c == '(' || c == ')' || c == '!') {
      tok_ = s_.substr(i_++, 1);
      return;
    }
    if (c == '&' || c == '|') {
      if (i_ + 1 >= s_.size() || s_[i_ + 1] != c) {
        Fail(i_, std::string("invalid syntax at ") + c);
        return;
      }
      tok_ = s_.substr(i_, 2);
      i_ += 2;
      return;
    }
    size_t n = TagLength(s_.substr(i_));
    if (n == 0) {
      size_t len;
      DecodeRune(s_, i_, len);
      Fail(i_, "invalid syntax at " + std::string(s_.substr(i_, len)));
      return;
    }
    tok_ = s_.substr(i_, n);
    i_ += n;
    is_tag_ = true;
  }

  std::string_view s_;
  BuildExpr& out_;
  size_t i_ = 0;
  size_t pos_ = 0;
  std::string_view tok_;
  bool is_tag_ = false;
  int size_ = 0;
  bool failed_ = false;
  std::string error_;
};

// "// +build" syntax: space-separated alternatives of comma-separated
// (possibly negated) tags. Invalid words become "ignore", as in go/build.
bool ParsePlusBuildExpr(std::string_view text, BuildExpr& out, std::string& error) {
  constexpr int kMaxOldSize = 100;
  int size = 0;
  bool have_x = false;
  uint32_t x = 0;
  size_t i = 0;
  while (i < text.size()) {
    // strings.Fields: split at Unicode white space.
    size_t n;
    if (IsSpaceRune(DecodeRune(text, i, n))) {
      i += n;
      continue;
    }
    size_t start = i;
    while (i < text.size() && !IsSpaceRune(DecodeRune(text, i, n)))
      i += n;
    std::string_view clause = text.substr(start, i - start);
    bool have_y = false;
    uint32_t y = 0;
    for (size_t p = 0;;) {
      size_t comma = clause.find(',', p);
      std::string_view lit =
          clause.substr(p, comma == std::string_view::npos ? std::string_view::npos : comma - p);
      uint32_t z;
      if (lit.starts_with("!!") || lit == "!") {
        z = out.Tag("ignore");
      } else {
        bool neg = lit.starts_with("!");
        if (neg) lit.remove_prefix(1);
        z = out.Tag(IsValidTag(lit) ? lit : std::string_view("ignore"));
        if (neg) z = out.Not(z);
      }
      if (!have_y) {
        y = z, have_y = true;
      } else {
        if (++size > kMaxOldSize) {
          error = "expression too complex for // +build lines";
          return false;
        }
        y = out.And(y, z);
      }
      if (comma == std::string_view::npos) break;
      p = comma + 1;
    }
    if (!have_x) {
      x = y, have_x = true;
    } else {
      if (++size > kMaxOldSize) {
        error = "expression too complex for // +build lines";
        return false;
      }
      x = out.Or(x, y);
    }
  }
  if (!have_x) out.Tag("ignore");
  return true;
}

// --- File header --------------------------------------------------------------

struct Header {
  size_t end = 0;  // the header that may hold "// +build" lines is text[:end]
  std::string_view go_build;
  int go_build_line = 0;
};

// go/build's parseFileHeader: the leading blank lines and comments. Stops at
// the first non-comment text, so only the top of the file is read.
bool ReadHeader(std::string_view text, Header& h, std::string* error) {
  bool ended = false;          // saw a non-blank, non-// line
  bool in_slash_star = false;  // inside /* */
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    ++line_no;
    size_t nl = text.find('\n', pos);
    size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view line = TrimSpace(text.substr(pos, next - pos));
    pos = next;
    if (line.empty() && !ended) {
      // A "// +build" line must come before a blank line that precedes
      // the first non-comment line; remember the latest such position.
      h.end = pos;
      continue;
    }
    if (!line.starts_with("//")) ended = true;
    if (!in_slash_star && IsGoBuildLine(line)) {
      if (h.go_build_line != 0) {
        if (error != nullptr) *error = std::to_string(line_no) + ": multiple //go:build comments";
        return false;
      }
      h.go_build = line;
      h.go_build_line = line_no;
    }
    for (;;) {
      if (line.empty()) break;
      if (in_slash_star) {
        size_t i = line.find("*/");
        if (i == std::string_view::npos) break;  // comment continues on the next line
        in_slash_star = false;
        line = TrimSpace(line.substr(i + 2));
        continue;
      }
      if (line.starts_with("//")) break;
      if (line.starts_with("/*")) {
        in_slash_star = true;
        line = TrimSpace(line.substr(2));
        continue;
      }
      return true;  // non-comment text: the header is over
    }
  }
  return true;
}

// --- File names -----------------------------------------------------------------

constexpr std::array<std::string_view, 18> kKnownOS = {
    "aix",   "android", "darwin", "dragonfly", "freebsd", "hurd",    "illumos", "ios",     "js",
    "linux", "nacl",    "netbsd", "openbsd",   "plan9",   "solaris", "wasip1",  "windows", "zos"};
constexpr std::array<std::string_view, 12> kUnixOS = {"aix",     "android", "darwin",  "dragonfly",
                                                      "freebsd", "hurd",    "illumos", "ios",
                                                      "linux",   "netbsd",  "openbsd", "solaris"};
constexpr std::array<std::string_view, 24> kKnownArch = {
    "386",     "amd64",  "amd64p32", "arm",      "armbe",     "arm64",       "arm64be", "loong64",
    "mips",    "mipsle", "mips64",   "mips64le", "mips64p32", "mips64p32le", "ppc",     "ppc64",
    "ppc64le", "riscv",  "riscv64",  "s390",     "s390x",     "sparc",       "sparc64", "wasm"};

template <size_t N>
bool In(const std::array<std::string_view, N>& set, std::string_view s) {
  for (std::string_view x : set) {
    if (x == s) return true;
  }
  return false;
}

// The minor version N of "1.N", "1.N.P", "go1.NrcK"; -1 if not Go 1.
int GoMinor(std::string_view v) {
  if (v.starts_with("go")) v.remove_prefix(2);
  if (!v.starts_with("1.")) return -1;
  v.remove_prefix(2);
  int n = 0;
  size_t i = 0;
  for (; i < v.size() && v[i] >= '0' && v[i] <= '9' && n < 100000; ++i)
    n = n * 10 + (v[i] - '0');
  return i == 0 ? -1 : n;
}

// "go1.N" with N in 1..minor, written as the release tags are (no leading
// zeros).
bool IsReleaseTagUpTo(std::string_view tag, int minor) {
  if (!tag.starts_with("go1.")) return false;
  tag.remove_prefix(4);
  if (tag.empty() || tag.size() > 6 || tag[0] == '0') return false;
  int n = 0;
  for (char c : tag) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  return n >= 1 && n <= minor;
}

// --- import "C" ---------------------------------------------------------------

// Just enough of a Go scanner to read "package p; import (...)".
class ImportScanner {
 public:
  explicit ImportScanner(std::string_view s) : s_(s) {}

  enum class T { kIdent, kString, kPunct, kEnd };
  T kind = T::kEnd;
  std::string_view text;  // identifier, string contents, or punctuation

  void Next() {
    for (;;) {
      while (i_ < s_.size() &&
             (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
        ++i_;
      }
      if (s_.compare(i_, 2, "//") == 0) {
        size_t nl = s_.find('\n', i_);
        i_ = nl == std::string_view::npos ? s_.size() : nl + 1;
        continue;
      }
      if (s_.compare(i_, 2, "/*") == 0) {
        size_t e = s_.find("*/", i_ + 2);
        if (e == std::string_view::npos) return End();
        i_ = e + 2;
        continue;
      }
      break;
    }
    if (i_ >= s_.size()) return End();
    unsigned char c = static_cast<unsigned char>(s_[i_]);
    size_t start = i_;
    if (c == '_' || c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
      while (i_ < s_.size()) {
        unsigned char d = static_cast<unsigned char>(s_[i_]);
        if (!(d == '_' || d >= 0x80 || ((d | 0x20) >= 'a' && (d | 0x20) <= 'z') ||
              (d >= '0' && d <= '9'))) {
          break;
        }
        ++i_;
      }
      kind = T::kIdent;
      text = s_.substr(start, i_ - start);
      return;
    }
    if (c == '"' || c == '`') {
      ++i_;
      while (i_ < s_.size() && s_[i_] != static_cast<char>(c)) {
        if (c == '"' && (s_[i_] == '\\' || s_[i_] == '\n')) {
          if (s_[i_] == '\n') return End();
          ++i_;
        }
        ++i_;
      }
      if (i_ >= s_.size()) return End();
      kind = T::kString;
      text = s_.substr(start + 1, i_ - start - 1);
      ++i_;
      return;
    }
    kind = T::kPunct;
    text = s_.substr(i_++, 1);
  }

 private:
  void End() {
    kind = T::kEnd;
    text = {};
    i_ = s_.size();
  }
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

// --- BuildExpr ------------------------------------------------------------------

uint32_t BuildExpr::Tag(std::string_view name) {
  Node n;
  n.op = Op::kTag;
  n.tag.assign(name);
  nodes_.push_back(std::move(n));
  return root();
}

uint32_t BuildExpr::Not(uint32_t x) {
  nodes_.push_back({Op::kNot, x, 0, {}});
  return root();
}

uint32_t BuildExpr::And(uint32_t x, uint32_t y) {
  nodes_.push_back({Op::kAnd, x, y, {}});
  return root();
}

uint32_t BuildExpr::Or(uint32_t x, uint32_t y) {
  nodes_.push_back({Op::kOr, x, y, {}});
  return root();
}

namespace {

// Recursion depth is the expression's depth, which parsing bounds.
void Print(const std::vector<BuildExpr::Node>& nodes, uint32_t i, std::string& out) {
  using Op = BuildExpr::Op;
  const BuildExpr::Node& n = nodes[i];
  auto operand = [&](uint32_t k, Op paren_if) {
    bool paren = nodes[k].op == paren_if;
    if (paren) out += '(';
    Print(nodes, k, out);
    if (paren) out += ')';
  };
  switch (n.op) {
    case Op::kTag:
      out += n.tag;
      break;
    case Op::kNot: {
      out += '!';
      // Unlike go/build/constraint, "!(!x)" keeps its parentheses: "!!x"
      // would not parse again.
      bool paren = nodes[n.x].op != Op::kTag;
      if (paren) out += '(';
      Print(nodes, n.x, out);
      if (paren) out += ')';
      break;
    }
    case Op::kAnd:
      operand(n.x, Op::kOr);
      out += " && ";
      operand(n.y, Op::kOr);
      break;
    case Op::kOr:
      operand(n.x, Op::kAnd);
      out += " || ";
      operand(n.y, Op::kAnd);
      break;
  }
}

}  // namespace

std::string BuildExpr::String() const {
  std::string out;
  if (!nodes_.empty()) Print(nodes_, root(), out);
  return out;
}

// --- Public functions -------------------------------------------------------------

bool MatchBuildTag(std::string_view tag, const BuildContext& ctx) {
  if (tag == "ignore") return false;
  if (tag == "cgo" && ctx.cgo) return true;
  if (tag == ctx.goos || tag == ctx.goarch || tag == ctx.compiler) return true;
  if (ctx.goos == "android" && tag == "linux") return true;
  if (ctx.goos == "illumos" && tag == "solaris") return true;
  if (ctx.goos == "ios" && tag == "darwin") return true;
  if (tag == "unix") return In(kUnixOS, ctx.goos);
  if (tag == "boringcrypto") tag = "goexperiment.boringcrypto";  // its old name
  for (const std::string& t : ctx.tags) {
    if (t == tag) return true;
  }
  return IsReleaseTagUpTo(tag, GoMinor(ctx.go_version));
}

bool IsGoBuildLine(std::string_view line) {
  std::string_view expr;
  return SplitGoBuild(line, expr);
}

bool IsPlusBuildLine(std::string_view line) {
  std::string_view expr;
  return SplitPlusBuild(line, expr);
}

bool ParseBuildLine(std::string_view line, BuildExpr& out, std::string& error) {
  out = BuildExpr();
  std::string_view text;
  if (SplitGoBuild(line, text)) {
    ExprParser p(text, out);
    if (p.Parse(error)) return true;
    out = BuildExpr();
    return false;
  }
  if (SplitPlusBuild(line, text)) {
    if (ParsePlusBuildExpr(text, out, error)) return true;
    out = BuildExpr();
    return false;
  }
  error = "not a build constraint";
  return false;
}

bool FileConstraint::Eval(const BuildContext& ctx) const {
  if (has_go_build) return go_build.Eval(ctx);
  for (const BuildExpr& e : plus_build) {
    if (!e.Eval(ctx)) return false;
  }
  return true;
}

bool ParseFileConstraint(std::string_view source, FileConstraint& out, std::string* error) {
  out = FileConstraint();
  if (source.starts_with("\xEF\xBB\xBF")) source.remove_prefix(3);  // byte order mark
  Header h;
  if (!ReadHeader(source, h, error)) return false;
  if (h.go_build_line != 0) {
    std::string why;
    if (!ParseBuildLine(h.go_build, out.go_build, why)) {
      if (error != nullptr) {
        *error = std::to_string(h.go_build_line) + ": parsing //go:build line: " + why;
      }
      out = FileConstraint();
      return false;
    }
    out.has_go_build = true;
    out.line = h.go_build_line;
    return true;
  }
  std::string_view p = source.substr(0, h.end);
  while (!p.empty()) {
    size_t nl = p.find('\n');
    std::string_view line = TrimSpace(p.substr(0, nl));
    p.remove_prefix(nl == std::string_view::npos ? p.size() : nl + 1);
    if (!line.starts_with("//") || line.find("+build") == std::string_view::npos) continue;
    BuildExpr e;
    std::string why;
    // Malformed "// +build" lines are ignored (go/build does; vet reports them).
    if (IsPlusBuildLine(line) && ParseBuildLine(line, e, why))
      out.plus_build.push_back(std::move(e));
  }
  return true;
}

bool FileNameMatches(std::string_view filename, const BuildContext& ctx) {
  size_t slash = filename.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? filename : filename.substr(slash + 1);
  if (name.starts_with('_') || name.starts_with('.')) return false;
  name = name.substr(0, name.find('.'));
  // Only what follows the first '_' counts: "linux.go" is not constrained
  // (since Go 1.4) but "x_linux.go" is.
  size_t u = name.find('_');
  if (u == std::string_view::npos) return true;
  name.remove_prefix(u + 1);
  std::vector<std::string_view> l;
  for (;;) {
    size_t k = name.find('_');
    l.push_back(name.substr(0, k));
    if (k == std::string_view::npos) break;
    name.remove_prefix(k + 1);
  }
  if (l.back() == "test") l.pop_back();
  size_t n = l.size();
  if (n >= 2 && In(kKnownOS, l[n - 2]) && In(kKnownArch, l[n - 1])) {
    return MatchBuildTag(l[n - 1], ctx) && MatchBuildTag(l[n - 2], ctx);
  }
  if (n >= 1 && (In(kKnownOS, l[n - 1]) || In(kKnownArch, l[n - 1]))) {
    return MatchBuildTag(l[n - 1], ctx);
  }
  return true;
}

bool FileMatches(std::string_view filename, std::string_view source, const BuildContext& ctx,
                 std::string* error) {
  if (error != nullptr) error->clear();
  if (!FileNameMatches(filename, ctx)) return false;
  FileConstraint c;
  std::string why;
  if (!ParseFileConstraint(source, c, &why)) {
    if (error != nullptr) *error = std::string(filename) + ":" + why;
    return false;
  }
  if (!c.Eval(ctx)) return false;
  // Without cgo, go/build leaves out every file that imports "C".
  if (!ctx.cgo && ImportsC(source)) return false;
  return true;
}

bool ImportsC(std::string_view source) {
  using T = ImportScanner::T;
  ImportScanner sc(source);
  sc.Next();
  if (sc.kind != T::kIdent || sc.text != "package") return false;
  sc.Next();
  if (sc.kind != T::kIdent) return false;
  sc.Next();
  // One import spec: [name | "."] "path". Returns whether the path is "C".
  auto spec = [&]() {
    if (sc.kind == T::kIdent || (sc.kind == T::kPunct && sc.text == ".")) sc.Next();
    if (sc.kind != T::kString) return false;
    bool c = sc.text == "C";
    sc.Next();
    return c;
  };
  for (;;) {
    if (sc.kind == T::kPunct && sc.text == ";") {
      sc.Next();
      continue;
    }
    if (sc.kind != T::kIdent || sc.text != "import") return false;
    sc.Next();
    if (sc.kind == T::kPunct && sc.text == "(") {
      sc.Next();
      for (;;) {
        if (sc.kind == T::kPunct && sc.text == ";") {
          sc.Next();
          continue;
        }
        if (sc.kind == T::kPunct && sc.text == ")") {
          sc.Next();
          break;
        }
        if (sc.kind != T::kIdent && sc.kind != T::kString &&
            !(sc.kind == T::kPunct && sc.text == ".")) {
          return false;
        }
        if (spec()) return true;
      }
    } else if (spec()) {
      return true;
    }
  }
}

}  // namespace gopit::golang
