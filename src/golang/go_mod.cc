#include "golang/go_mod.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

namespace gopit::golang {
namespace {

// --- Tokens -----------------------------------------------------------------
//
// The go.mod grammar (golang.org/x/mod/modfile): a file is lines of tokens;
// a line whose last token is '(' opens a block of lines closed by a line
// that starts with ')'. Comments are "//" to the end of the line.

enum class Kind : uint8_t { kEOL, kEOF, kLParen, kRParen, kOther };

struct Tok {
  Kind kind;
  std::string_view text;
  int line;
};

bool IsPunct(char c) {
  switch (c) {
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case ',':
      return true;
    default:
      return false;
  }
}

// Most printable runes are identifier runes (modfile's isIdent); bytes of
// multi-byte UTF-8 sequences are accepted as they come.
bool IsIdentByte(unsigned char c) {
  return c >= 0x80 || (c > ' ' && c < 0x7f && !IsPunct(static_cast<char>(c)));
}

std::string LineError(int line, std::string_view msg) {
  return "line " + std::to_string(line) + ": " + std::string(msg);
}

// Cuts the whole file into tokens up front: go.mod files are small, and a
// token vector makes the one-token lookahead of the grammar trivial.
bool Tokenize(std::string_view s, std::vector<Tok>& toks, std::string& error) {
  int line = 1;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '\n') {
      toks.push_back({Kind::kEOL, s.substr(i, 1), line});
      ++line;
      ++i;
      continue;
    }
    if (s.compare(i, 2, "//") == 0) {
      // A comment ends its line: it stands for the newline it runs to.
      size_t nl = s.find('\n', i);
      size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
      toks.push_back({Kind::kEOL, s.substr(i, end - i), line});
      if (nl != std::string_view::npos) ++line;
      i = end;
      continue;
    }
    if (s.compare(i, 2, "/*") == 0) {
      error = LineError(line, "mod files must use // comments (not /* */ comments)");
      return false;
    }
    size_t start = i;
    if (IsPunct(c)) {
      Kind k = c == '(' ? Kind::kLParen : c == ')' ? Kind::kRParen : Kind::kOther;
      toks.push_back({k, s.substr(i, 1), line});
      ++i;
      continue;
    }
    if (c == '"' || c == '`') {
      ++i;
      for (;;) {
        if (i >= s.size()) {
          error = LineError(line, "unexpected EOF in string");
          return false;
        }
        if (s[i] == '\n') {
          error = LineError(line, "unexpected newline in string");
          return false;
        }
        char d = s[i++];
        if (d == c) break;
        if (d == '\\' && c == '"') {
          if (i >= s.size()) {
            error = LineError(line, "unexpected EOF in string");
            return false;
          }
          if (s[i] == '\n') {
            error = LineError(line, "unexpected newline in string");
            return false;
          }
          ++i;
        }
      }
      toks.push_back({Kind::kOther, s.substr(start, i - start), line});
      continue;
    }
    if (!IsIdentByte(static_cast<unsigned char>(c))) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "unexpected input character 0x%02x",
                    static_cast<unsigned char>(c));
      error = LineError(line, buf);
      return false;
    }
    while (i < s.size() && IsIdentByte(static_cast<unsigned char>(s[i]))) {
      if (s.compare(i, 2, "//") == 0) break;
      if (s.compare(i, 2, "/*") == 0) {
        error = LineError(line, "mod files must use // comments (not /* */ comments)");
        return false;
      }
      ++i;
    }
    toks.push_back({Kind::kOther, s.substr(start, i - start), line});
  }
  toks.push_back({Kind::kEOF, {}, line});
  return true;
}

// --- Strings ----------------------------------------------------------------

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, uint32_t r) {
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xE0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

// strconv.Unquote for a double-quoted Go string literal.
bool UnquoteDouble(std::string_view lit, std::string& out) {
  if (lit.size() < 2 || lit.front() != '"' || lit.back() != '"') return false;
  std::string_view body = lit.substr(1, lit.size() - 2);
  out.clear();
  for (size_t i = 0; i < body.size();) {
    char c = body[i++];
    if (c == '"' || c == '\n') return false;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i >= body.size()) return false;
    char e = body[i++];
    switch (e) {
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      case 'x':
      case 'u':
      case 'U': {
        int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (body.size() - i < static_cast<size_t>(n)) return false;
        uint32_t v = 0;
        for (int k = 0; k < n; ++k) {
          int h = HexValue(body[i++]);
          if (h < 0) return false;
          v = v << 4 | static_cast<uint32_t>(h);
        }
        if (e == 'x') {
          out += static_cast<char>(v);  // a byte, not a rune
        } else {
          if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) return false;
          AppendUtf8(out, v);
        }
        break;
      }
      default: {
        if (e < '0' || e > '7') return false;  // includes \' (only valid in runes)
        if (body.size() - i < 2) return false;
        uint32_t v = static_cast<uint32_t>(e - '0');
        for (int k = 0; k < 2; ++k) {
          char d = body[i++];
          if (d < '0' || d > '7') return false;
          v = v * 8 + static_cast<uint32_t>(d - '0');
        }
        if (v > 255) return false;
        out += static_cast<char>(v);
      }
    }
  }
  return true;
}

// modfile's parseString: a double-quoted string is unquoted; any other
// token must not contain a quote (reserved for later syntax).
bool ParseStringArg(std::string_view tok, std::string& out, std::string& why) {
  if (!tok.empty() && tok.front() == '"') {
    if (!UnquoteDouble(tok, out)) {
      why = "invalid quoted string: invalid syntax";
      return false;
    }
    return true;
  }
  if (tok.find_first_of("\"'`") != std::string_view::npos) {
    why = "invalid quoted string: unquoted string cannot contain quote";
    return false;
  }
  out.assign(tok);
  return true;
}

// --- Versions ---------------------------------------------------------------

// A run of decimal digits without a needless leading zero.
bool CutInt(std::string_view& x, std::string_view& n) {
  size_t i = 0;
  while (i < x.size() && x[i] >= '0' && x[i] <= '9')
    ++i;
  if (i == 0 || (x[0] == '0' && i != 1)) return false;
  n = x.substr(0, i);
  x.remove_prefix(i);
  return true;
}

// modfile.GoVersionRE: 1.N, 1.N.P, 1.NrcK (a release the go line may name).
bool IsGoDirectiveVersion(std::string_view x) {
  std::string_view n;
  if (!CutInt(x, n) || n == "0" || x.empty() || x[0] != '.') return false;
  x.remove_prefix(1);
  if (!CutInt(x, n)) return false;
  if (!x.empty() && x[0] == '.') {
    x.remove_prefix(1);
    if (!CutInt(x, n)) return false;
  }
  if (x.empty()) return true;
  size_t i = 0;
  while (i < x.size() && x[i] >= 'a' && x[i] <= 'z')
    ++i;
  if (i == 0) return false;
  x.remove_prefix(i);
  // [0-9]+ (leading zeros allowed here)
  if (x.empty()) return false;
  for (char c : x) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// modfile.ToolchainRE: "default", "go1" or "go1.<anything>".
bool IsToolchainName(std::string_view x) {
  return x == "default" || x == "go1" || x.starts_with("go1.");
}

struct Version {
  std::string_view major, minor, patch, kind, pre;
  bool valid = false;
};

Version ParseVersion(std::string_view x) {
  if (x.starts_with("go")) {
    x.remove_prefix(2);
    x = x.substr(0, x.find('-'));  // "go1.22.3-bigcorp"
  }
  Version v;
  if (!CutInt(x, v.major)) return {};
  if (x.empty()) {  // "1" is 1.0.0
    v.minor = "0";
    v.patch = "0";
    v.valid = true;
    return v;
  }
  if (x[0] != '.') return {};
  x.remove_prefix(1);
  if (!CutInt(x, v.minor)) return {};
  if (x.empty()) {
    // Before 1.21 a missing patch is .0; from 1.21 on "1.21" is the
    // language version, before every release of it.
    if (v.minor.size() < 2 || (v.minor.size() == 2 && v.minor < "21")) v.patch = "0";
    v.valid = true;
    return v;
  }
  if (x[0] == '.') {
    x.remove_prefix(1);
    if (!CutInt(x, v.patch) || !x.empty()) return {};  // no pre-releases of patches
    v.valid = true;
    return v;
  }
  size_t i = 0;
  while (i < x.size() && x[i] >= 'a' && x[i] <= 'z')
    ++i;
  if (i == 0 || (i < x.size() && (x[i] < '0' || x[i] > '9'))) return {};
  v.kind = x.substr(0, i);
  x.remove_prefix(i);
  if (!x.empty() && (!CutInt(x, v.pre) || !x.empty())) return {};
  v.valid = true;
  return v;
}

// Decimal strings without leading zeros: longer is larger.
int CmpInt(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a < b ? -1 : 1;
}

// --- Directives -------------------------------------------------------------

struct Seen {
  bool module = false, go = false, toolchain = false;
};

bool Apply(std::string_view verb, const std::vector<Tok>& args, int line, GoMod& out, Seen& seen,
           std::string& error) {
  if (verb == "module") {
    if (seen.module) return error = LineError(line, "repeated module statement"), false;
    seen.module = true;
    if (args.size() != 1) return error = LineError(line, "usage: module module/path"), false;
    std::string why;
    if (!ParseStringArg(args[0].text, out.module_path, why)) {
      return error = LineError(line, why), false;
    }
  } else if (verb == "go") {
    if (seen.go) return error = LineError(line, "repeated go statement"), false;
    seen.go = true;
    if (args.size() != 1) {
      return error = LineError(line, "go directive expects exactly one argument"), false;
    }
    if (!IsGoDirectiveVersion(args[0].text)) {
      return error = LineError(line, "invalid go version '" + std::string(args[0].text) +
                                         "': must match format 1.23.0"),
             false;
    }
    out.go_version.assign(args[0].text);
  } else if (verb == "toolchain") {
    if (seen.toolchain) return error = LineError(line, "repeated toolchain statement"), false;
    seen.toolchain = true;
    if (args.size() != 1) {
      return error = LineError(line, "toolchain directive expects exactly one argument"), false;
    }
    if (!IsToolchainName(args[0].text)) {
      return error = LineError(line, "invalid toolchain version '" + std::string(args[0].text) +
                                         "': must match format go1.23.0 or default"),
             false;
    }
    out.toolchain.assign(args[0].text);
  }
  // Anything else (require, replace, ..., or a newer directive) is skipped.
  return true;
}

bool ReadWholeFile(const std::string& path, std::string& out, int& err) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    err = errno;
    return false;
  }
  out.clear();
  char buf[16384];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    out.append(buf, n);
  bool ok = !std::ferror(f);
  err = ok ? 0 : EIO;
  std::fclose(f);
  return ok;
}

}  // namespace

bool ParseGoMod(std::string_view text, GoMod& out, std::string& error) {
  out.module_path.clear();
  out.go_version.clear();
  out.toolchain.clear();
  error.clear();
  std::vector<Tok> toks;
  if (!Tokenize(text, toks, error)) return false;

  Seen seen;
  size_t i = 0;
  auto at_eol = [&](size_t k) { return toks[k].kind == Kind::kEOL || toks[k].kind == Kind::kEOF; };
  std::vector<Tok> line;
  while (toks[i].kind != Kind::kEOF) {
    if (toks[i].kind == Kind::kEOL) {
      ++i;
      continue;
    }
    // One statement: tokens up to the end of the line, or a block header.
    line.clear();
    int start_line = toks[i].line;
    bool block = false, empty_block = false;
    while (!at_eol(i)) {
      const Tok& t = toks[i];
      if (t.kind == Kind::kLParen && at_eol(i + 1)) {
        block = true;
        ++i;
        break;
      }
      if (t.kind == Kind::kLParen && toks[i + 1].kind == Kind::kRParen && at_eol(i + 2)) {
        empty_block = true;
        i += 2;
        break;
      }
      line.push_back(t);
      ++i;
    }
    if (empty_block) continue;
    if (!block) {
      std::vector<Tok> args(line.begin() + 1, line.end());
      if (!Apply(line[0].text, args, start_line, out, seen, error)) return false;
      continue;
    }
    // A block "verb (": lines until one that starts with ')'.
    std::string_view verb = line.empty() ? std::string_view() : line[0].text;
    bool known = line.size() == 1 && verb == "module";
    if (line.size() == 1 && (verb == "go" || verb == "toolchain")) {
      error = LineError(start_line, "unknown block type: " + std::string(verb));
      return false;
    }
    for (;;) {
      const Tok& t = toks[i];
      if (t.kind == Kind::kEOF) {
        error = LineError(t.line, "syntax error (unterminated block started at line " +
                                      std::to_string(start_line) + ")");
        return false;
      }
      if (t.kind == Kind::kEOL) {
        ++i;
        continue;
      }
      if (t.kind == Kind::kRParen) {
        if (!at_eol(i + 1)) {
          error = LineError(t.line, "syntax error (expected newline after closing paren)");
          return false;
        }
        ++i;
        break;
      }
      std::vector<Tok> args;
      int l = t.line;
      while (!at_eol(i))
        args.push_back(toks[i++]);
      if (known && !Apply(verb, args, l, out, seen, error)) return false;
    }
  }
  return true;
}

std::optional<GoMod> FindGoMod(const std::string& dir, std::string* error) {
  namespace fs = std::filesystem;
  if (error != nullptr) error->clear();
  std::error_code ec;
  fs::path d = fs::absolute(dir.empty() ? std::string(".") : dir, ec);
  if (ec) {
    if (error != nullptr) *error = dir + ": " + ec.message();
    return std::nullopt;
  }
  d = d.lexically_normal();
  if (d.has_filename() == false && d != d.root_path()) d = d.parent_path();  // "a/b/" -> "a/b"
  for (;;) {
    std::string candidate = (d / "go.mod").string();
    struct stat st;
    // A directory named go.mod is not a go.mod (as in the go command).
    if (::stat(candidate.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
      GoMod mod;
      mod.path = candidate;
      std::string text;
      int err = 0;
      if (!ReadWholeFile(candidate, text, err)) {
        if (error != nullptr) *error = candidate + ": " + std::strerror(err);
        return std::nullopt;
      }
      std::string why;
      if (!ParseGoMod(text, mod, why)) {
        if (error != nullptr) *error = candidate + ": " + why;
        return std::nullopt;
      }
      return mod;
    }
    fs::path parent = d.parent_path();
    if (parent == d || parent.empty()) return std::nullopt;
    d = parent;
  }
}

std::optional<GoMod> FindGoMod(const std::string& dir) {
  return FindGoMod(dir, nullptr);
}

int CompareGoVersions(std::string_view a, std::string_view b) {
  Version x = ParseVersion(a), y = ParseVersion(b);
  if (x.valid != y.valid) return x.valid ? 1 : -1;
  if (!x.valid) return 0;
  if (int c = CmpInt(x.major, y.major)) return c;
  if (int c = CmpInt(x.minor, y.minor)) return c;
  if (int c = CmpInt(x.patch, y.patch)) return c;
  if (x.kind != y.kind) return x.kind < y.kind ? -1 : 1;  // "" < alpha < beta < rc
  return CmpInt(x.pre, y.pre);
}

bool IsValidGoVersion(std::string_view v) {
  return ParseVersion(v).valid;
}

}  // namespace gopit::golang
