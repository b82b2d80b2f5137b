#include "golang/lexer.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "golang/unicode_tables.h"

namespace gopit::golang {

namespace {

enum : uint8_t { kLetterBit = 1, kDigitBit = 2, kHexBit = 4 };

struct CharTable {
  uint8_t bits[256] = {};
  constexpr CharTable() {
    for (int c = 'a'; c <= 'z'; ++c)
      bits[c] |= kLetterBit;
    for (int c = 'A'; c <= 'Z'; ++c)
      bits[c] |= kLetterBit;
    bits[static_cast<unsigned char>('_')] |= kLetterBit;
    for (int c = '0'; c <= '9'; ++c)
      bits[c] |= kDigitBit | kHexBit;
    for (int c = 'a'; c <= 'f'; ++c)
      bits[c] |= kHexBit;
    for (int c = 'A'; c <= 'F'; ++c)
      bits[c] |= kHexBit;
  }
};
constexpr CharTable kChars;

inline uint8_t Bits(char c) {
  return kChars.bits[static_cast<unsigned char>(c)];
}
inline bool IsAsciiLetter(char c) {
  return Bits(c) & kLetterBit;
}
inline bool IsIdentByte(char c) {
  return Bits(c) & (kLetterBit | kDigitBit);
}
inline bool IsDecimal(char c) {
  return c >= '0' && c <= '9';
}
inline bool IsHex(char c) {
  return Bits(c) & kHexBit;
}
// The lower-case letter for an ASCII letter (other bytes: garbage).
inline char Lower(char c) {
  return static_cast<char>(c | 0x20);
}

int DigitVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  char l = Lower(c);
  if (l >= 'a' && l <= 'f') return l - 'a' + 10;
  return 16;
}

const char* LitName(char prefix) {
  switch (prefix) {
    case 'x':
      return "hexadecimal literal";
    case 'o':
    case '0':
      return "octal literal";
    case 'b':
      return "binary literal";
  }
  return "decimal literal";
}

// Index of the first misplaced '_' in the number literal x, or -1. A '_'
// must sit between two digits, or between the base prefix and a digit.
int InvalidSeparator(std::string_view x) {
  char x1 = ' ';  // base prefix letter, only 'x' matters
  char d = '.';   // class of the previous byte: '_', '0' (digit) or '.' (other)
  size_t i = 0;
  if (x.size() >= 2 && x[0] == '0') {
    x1 = Lower(x[1]);
    if (x1 == 'x' || x1 == 'o' || x1 == 'b') {
      d = '0';
      i = 2;
    }
  }
  for (; i < x.size(); ++i) {
    char p = d;
    d = x[i];
    if (d == '_') {
      if (p != '0') return static_cast<int>(i);
    } else if (IsDecimal(d) || (x1 == 'x' && IsHex(d))) {
      d = '0';
    } else {
      if (p == '_') return static_cast<int>(i) - 1;
      d = '.';
    }
  }
  if (d == '_') return static_cast<int>(x.size()) - 1;
  return -1;
}

std::string DescribeRune(char32_t r) {
  char buf[32];
  if (r >= 0x20 && r < 0x7f) {
    std::snprintf(buf, sizeof buf, "U+%04X '%c'", static_cast<unsigned>(r), static_cast<char>(r));
  } else {
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(r));
  }
  return buf;
}

Tok Delimiter(char c) {
  switch (c) {
    case ',':
      return Tok::kComma;
    case ';':
      return Tok::kSemicolon;
    case '(':
      return Tok::kLParen;
    case ')':
      return Tok::kRParen;
    case '[':
      return Tok::kLBrack;
    case ']':
      return Tok::kRBrack;
    case '{':
      return Tok::kLBrace;
    case '}':
      return Tok::kRBrace;
    default:
      return Tok::kTilde;
  }
}

// Operators of one to three bytes, as go/scanner's switch2/3/4: at p is
// the first byte; a following '=' selects the assignment form, a second
// `c2` the doubled operator (and then a '=' its assignment form).
inline Tok Switch2(const char*& p, Tok t0, Tok t1) {
  if (p[1] == '=') {
    p += 2;
    return t1;
  }
  p += 1;
  return t0;
}

inline Tok Switch3(const char*& p, Tok t0, Tok t1, char c2, Tok t2) {
  if (p[1] == '=') {
    p += 2;
    return t1;
  }
  if (p[1] == c2) {
    p += 2;
    return t2;
  }
  p += 1;
  return t0;
}

inline Tok Switch4(const char*& p, Tok t0, Tok t1, char c2, Tok t2, Tok t3) {
  if (p[1] == '=') {
    p += 2;
    return t1;
  }
  if (p[1] == c2) {
    if (p[2] == '=') {
      p += 3;
      return t3;
    }
    p += 2;
    return t2;
  }
  p += 1;
  return t0;
}

}  // namespace

int DecodeUtf8(const char* p, const char* end, char32_t& r) {
  auto b = [&](int i) { return static_cast<unsigned char>(p[i]); };
  auto cont = [&](int i, unsigned lo, unsigned hi) {
    return p + i < end && b(i) >= lo && b(i) <= hi;
  };
  unsigned c0 = b(0);
  if (c0 < 0x80) {
    r = c0;
    return 1;
  }
  if (c0 >= 0xC2 && c0 <= 0xDF) {
    if (!cont(1, 0x80, 0xBF)) return 0;
    r = ((c0 & 0x1F) << 6) | (b(1) & 0x3F);
    return 2;
  }
  if (c0 >= 0xE0 && c0 <= 0xEF) {
    unsigned lo = c0 == 0xE0 ? 0xA0 : 0x80, hi = c0 == 0xED ? 0x9F : 0xBF;
    if (!cont(1, lo, hi) || !cont(2, 0x80, 0xBF)) return 0;
    r = ((c0 & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    return 3;
  }
  if (c0 >= 0xF0 && c0 <= 0xF4) {
    unsigned lo = c0 == 0xF0 ? 0x90 : 0x80, hi = c0 == 0xF4 ? 0x8F : 0xBF;
    if (!cont(1, lo, hi) || !cont(2, 0x80, 0xBF) || !cont(3, 0x80, 0xBF)) return 0;
    r = ((c0 & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    return 4;
  }
  return 0;
}

Lexer::Lexer(std::string_view src, LineTable* lines)
    : src_(src),
      begin_(src.data()),
      end_(src.data() + src.size()),
      p_(begin_),
      line_start_(begin_),
      lines_(lines) {
  // A byte order mark is allowed as the very first character only.
  if (src.size() >= 3 && std::memcmp(begin_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;
}

void Lexer::Fail(const char* p, std::string msg) {
  if (!error_.empty()) return;
  error_ = std::move(msg);
  error_offset_ = Off(p);
}

int Lexer::DecodeChecked(const char* p, char32_t& r) {
  int n = DecodeUtf8(p, end_, r);
  if (n == 0) {
    Fail(p, "illegal UTF-8 encoding");
    return 0;
  }
  if (r == 0xFEFF) {
    Fail(p, "illegal byte order mark");
    return 0;
  }
  return n;
}

const char* Lexer::ScanIdentifierTail(const char* p) {
  for (;;) {
    while (IsIdentByte(*p))
      ++p;
    if (static_cast<unsigned char>(*p) < 0x80) return p;
    char32_t r;
    int n = DecodeChecked(p, r);
    if (n == 0) return nullptr;
    if (!IsUnicodeLetter(r) && !IsUnicodeDigit(r)) return p;
    p += n;
  }
}

const char* Lexer::ScanNumber(const char* p, Tok& tok) {
  const char* start = p;
  int base = 10;
  char prefix = 0;  // 0 (decimal), '0' (legacy octal), 'x', 'o' or 'b'
  int digsep = 0;   // bit 0: digits seen, bit 1: '_' seen
  const char* invalid = nullptr;

  auto digits = [&](int b, const char** inv) {
    int ds = 0;
    if (b <= 10) {
      char max = static_cast<char>('0' + b);
      for (;; ++p) {
        char c = *p;
        if (c == '_') {
          ds |= 2;
        } else if (IsDecimal(c)) {
          ds |= 1;
          if (c >= max && inv && !*inv) *inv = p;
        } else {
          break;
        }
      }
    } else {
      for (;; ++p) {
        char c = *p;
        if (c == '_')
          ds |= 2;
        else if (IsHex(c))
          ds |= 1;
        else
          break;
      }
    }
    return ds;
  };

  tok = Tok::kIllegal;
  if (*p != '.') {
    tok = Tok::kInt;
    if (*p == '0') {
      ++p;
      switch (Lower(*p)) {
        case 'x':
          ++p;
          base = 16;
          prefix = 'x';
          break;
        case 'o':
          ++p;
          base = 8;
          prefix = 'o';
          break;
        case 'b':
          ++p;
          base = 2;
          prefix = 'b';
          break;
        default:
          base = 8;
          prefix = '0';
          digsep = 1;
          break;  // the leading 0
      }
    }
    digsep |= digits(base, &invalid);
  }
  if (*p == '.') {
    tok = Tok::kFloat;
    if (prefix == 'o' || prefix == 'b') {
      Fail(p, std::string("invalid radix point in ") + LitName(prefix));
      return nullptr;
    }
    ++p;
    digsep |= digits(base, &invalid);
  }
  if (!(digsep & 1)) {
    Fail(p, std::string(LitName(prefix)) + " has no digits");
    return nullptr;
  }
  char e = Lower(*p);
  if (e == 'e' || e == 'p') {
    if (e == 'e' && prefix != 0 && prefix != '0') {
      Fail(p, std::string("'") + *p + "' exponent requires decimal mantissa");
      return nullptr;
    }
    if (e == 'p' && prefix != 'x') {
      Fail(p, std::string("'") + *p + "' exponent requires hexadecimal mantissa");
      return nullptr;
    }
    ++p;
    tok = Tok::kFloat;
    if (*p == '+' || *p == '-') ++p;
    int ds = digits(10, nullptr);
    digsep |= ds;
    if (!(ds & 1)) {
      Fail(p, "exponent has no digits");
      return nullptr;
    }
  } else if (prefix == 'x' && tok == Tok::kFloat) {
    Fail(p, "hexadecimal mantissa requires a 'p' exponent");
    return nullptr;
  }
  if (*p == 'i') {
    tok = Tok::kImag;
    ++p;
  }
  if (tok == Tok::kInt && invalid) {
    Fail(invalid, std::string("invalid digit '") + *invalid + "' in " + LitName(prefix));
    return nullptr;
  }
  if (digsep & 2) {
    int i = InvalidSeparator(std::string_view(start, static_cast<size_t>(p - start)));
    if (i >= 0) {
      Fail(start + i, "'_' must separate successive digits");
      return nullptr;
    }
  }
  return p;
}

const char* Lexer::ScanEscape(const char* p, char quote) {
  const char* start = p;  // after the backslash, where go/scanner reports
  int n;
  uint32_t base, max;
  char c = *p;
  switch (c) {
    case 'a':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
    case 'v':
    case '\\':
      return p + 1;
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
      n = 3, base = 8, max = 255;
      break;
    case 'x':
      ++p;
      n = 2, base = 16, max = 255;
      break;
    case 'u':
      ++p;
      n = 4, base = 16, max = 0x10FFFF;
      break;
    case 'U':
      ++p;
      n = 8, base = 16, max = 0x10FFFF;
      break;
    default:
      if (c == quote) return p + 1;
      Fail(start, p == end_ ? "escape sequence not terminated" : "unknown escape sequence");
      return nullptr;
  }
  uint32_t x = 0;
  for (; n > 0; --n, ++p) {
    uint32_t d = static_cast<uint32_t>(DigitVal(*p));
    if (d >= base) {
      Fail(p,
           p == end_ ? "escape sequence not terminated" : "illegal character in escape sequence");
      return nullptr;
    }
    x = x * base + d;
  }
  if (x > max || (x >= 0xD800 && x < 0xE000)) {
    Fail(start, "escape sequence is invalid Unicode code point");
    return nullptr;
  }
  return p;
}

const char* Lexer::ScanString(const char* p) {
  const char* start = p++;
  for (;;) {
    char c = *p;
    if (c == '"') return p + 1;
    if (c == '\\') {
      p = ScanEscape(p + 1, '"');
      if (!p) return nullptr;
      continue;
    }
    if (c == '\n' || (c == 0 && p == end_)) {
      Fail(start, "string literal not terminated");
      return nullptr;
    }
    if (c == 0) {
      Fail(p, "illegal character NUL");
      return nullptr;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      char32_t r;
      int n = DecodeChecked(p, r);
      if (n == 0) return nullptr;
      p += n;
      continue;
    }
    ++p;
  }
}

const char* Lexer::ScanRawString(const char* p) {
  const char* start = p++;
  for (;;) {
    char c = *p;
    if (c == '`') return p + 1;
    if (c == '\n') {
      ++p;
      NewLine(p);
      continue;
    }
    if (c == 0) {
      Fail(p == end_ ? start : p,
           p == end_ ? "raw string literal not terminated" : "illegal character NUL");
      return nullptr;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      char32_t r;
      int n = DecodeChecked(p, r);
      if (n == 0) return nullptr;
      p += n;
      continue;
    }
    ++p;
  }
}

const char* Lexer::ScanRune(const char* p) {
  const char* start = p++;
  int n = 0;
  for (;;) {
    char c = *p;
    if (c == '\n' || (c == 0 && p == end_)) {
      Fail(start, "rune literal not terminated");
      return nullptr;
    }
    if (c == '\'') {
      ++p;
      break;
    }
    ++n;
    if (c == '\\') {
      p = ScanEscape(p + 1, '\'');
      if (!p) return nullptr;
      continue;
    }
    if (c == 0) {
      Fail(p, "illegal character NUL");
      return nullptr;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      char32_t r;
      int len = DecodeChecked(p, r);
      if (len == 0) return nullptr;
      p += len;
      continue;
    }
    ++p;
  }
  if (n != 1) {
    Fail(start, "illegal rune literal");
    return nullptr;
  }
  return p;
}

// Applies go/scanner's checks to a comment that may be a line directive
// ("//line file:line[:col]" at the start of a line, or "/*line ...*/"):
// a directive with a malformed or out-of-range number is an error.
bool Lexer::CheckLineDirective(const char* p, const char* end) {
  std::string_view lit(p, static_cast<size_t>(end - p));
  bool block = lit[1] == '*';
  if (!block && lit.back() == '\r') lit.remove_suffix(1);
  if (!block && p != line_start_) return true;
  if (lit.substr(2, 5) != "line ") return true;
  std::string_view text = lit;
  if (block) text.remove_suffix(2);
  text.remove_prefix(7);
  const char* text_at = p + 7;

  // (index after the last ':', value, whether the digits parse)
  struct Trailing {
    size_t i;
    uint64_t n;
    bool ok;
  };
  auto trailing = [](std::string_view t) -> Trailing {
    size_t colon = t.rfind(':');
    if (colon == std::string_view::npos) return {0, 0, false};
    std::string_view digits = t.substr(colon + 1);
    uint64_t n = 0;
    bool ok = !digits.empty();
    for (char c : digits) {
      if (!IsDecimal(c)) {
        ok = false;
        break;
      }
      uint64_t d = static_cast<uint64_t>(c - '0');
      if (n > (UINT64_MAX - d) / 10) {
        ok = false;
        break;
      }
      n = n * 10 + d;
    }
    return {colon + 1, ok ? n : 0, ok};
  };
  constexpr uint64_t kMaxLineCol = uint64_t{1} << 30;

  Trailing last = trailing(text);
  if (last.i == 0) return true;  // no ':': not a line directive
  if (!last.ok) {
    Fail(text_at + last.i, "invalid line number: " + std::string(text.substr(last.i)));
    return false;
  }
  Trailing prev = trailing(text.substr(0, last.i - 1));
  uint64_t line = last.n;
  size_t line_i = last.i;
  if (prev.ok) {
    uint64_t col = last.n;
    if (col == 0 || col > kMaxLineCol) {
      Fail(text_at + last.i, "invalid column number: " + std::string(text.substr(last.i)));
      return false;
    }
    line = prev.n;
    line_i = prev.i;
  }
  if (line == 0 || line > kMaxLineCol) {
    Fail(text_at + line_i, "invalid line number");
    return false;
  }
  return true;
}

const char* Lexer::ScanComment(const char* p, const char** first_newline) {
  const char* q = p + 2;
  if (p[1] == '/') {
    // Skip plain ASCII eight bytes at a time; stop at a word with a
    // newline, a NUL or a non-ASCII byte and look at it byte by byte.
    constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    while (end_ - q >= 8) {
      uint64_t w;
      std::memcpy(&w, q, 8);
      uint64_t nl = w ^ (kOnes * '\n');
      if (((w | ((w - kOnes) & ~w) | ((nl - kOnes) & ~nl)) & kHigh) != 0) break;
      q += 8;
    }
    for (;;) {
      char c = *q;
      if (c == '\n') break;
      if (static_cast<unsigned char>(c) >= 0x80) {
        char32_t r;
        int n = DecodeChecked(q, r);
        if (n == 0) return nullptr;
        q += n;
        continue;
      }
      if (c == 0) {
        if (q == end_) break;
        Fail(q, "illegal character NUL");
        return nullptr;
      }
      ++q;
    }
  } else {
    for (;;) {
      char c = *q;
      if (c == '*' && q[1] == '/') {
        q += 2;
        break;
      }
      if (c == '\n') {
        if (!*first_newline) *first_newline = q;
        ++q;
        NewLine(q);
        continue;
      }
      if (static_cast<unsigned char>(c) >= 0x80) {
        char32_t r;
        int n = DecodeChecked(q, r);
        if (n == 0) return nullptr;
        q += n;
        continue;
      }
      if (c == 0) {
        Fail(q == end_ ? p : q, q == end_ ? "comment not terminated" : "illegal character NUL");
        return nullptr;
      }
      ++q;
    }
  }
  // "//line " or "/*line " is the only prefix that needs a closer look.
  if (q - p >= 7 && p[2] == 'l' && std::memcmp(p + 2, "line ", 5) == 0 && !CheckLineDirective(p, q))
    return nullptr;
  return q;
}

void Lexer::Next(Token& t) {
  t.implicit = false;
  if (!error_.empty()) {
    t.tok = Tok::kIllegal;
    t.pos = t.end = error_offset_;
    return;
  }
  if (pending_semi_ != kNoPos) {
    t.tok = Tok::kSemicolon;
    t.implicit = true;
    t.pos = t.end = pending_semi_;
    t.line = t.end_line = pending_semi_line_;
    pending_semi_ = kNoPos;
    return;
  }

  const char* p = p_;
  for (;;) {
    char c = *p;
    if (c == ' ' || c == '\t' || c == '\r') {
      ++p;
    } else if (c == '\n' && !insert_semi_) {
      ++p;
      NewLine(p);
    } else {
      break;
    }
  }

  t.pos = Off(p);
  t.line = line_;
  bool insert_semi = false;
  Tok tok;
  char c = *p;
  if (IsAsciiLetter(c)) {
    const char* start = p;
    p = ScanIdentifierTail(p + 1);
    if (!p) goto fail;
    tok = p - start > 1 ? LookupKeyword(std::string_view(start, static_cast<size_t>(p - start)))
                        : Tok::kIdent;
    insert_semi = tok == Tok::kIdent || tok == Tok::kBreak || tok == Tok::kContinue ||
                  tok == Tok::kFallthrough || tok == Tok::kReturn;
  } else if (IsDecimal(c) || (c == '.' && IsDecimal(p[1]))) {
    p = ScanNumber(p, tok);
    if (!p) goto fail;
    insert_semi = true;
  } else {
    switch (c) {
      case 0:
        if (p != end_) {
          Fail(p, "illegal character NUL");
          goto fail;
        }
        if (insert_semi_) {
          insert_semi_ = false;
          t.tok = Tok::kSemicolon;
          t.implicit = true;
          t.end = t.pos;
          t.end_line = t.line;
          p_ = p;
          return;
        }
        tok = Tok::kEOF;
        break;
      case '\n':
        // Only reached when a semicolon is due.
        insert_semi_ = false;
        ++p;
        NewLine(p);
        p_ = p;
        t.tok = Tok::kSemicolon;
        t.implicit = true;
        t.end = t.pos;
        t.end_line = t.line;
        return;
      case '"':
        p = ScanString(p);
        if (!p) goto fail;
        tok = Tok::kString;
        insert_semi = true;
        break;
      case '\'':
        p = ScanRune(p);
        if (!p) goto fail;
        tok = Tok::kChar;
        insert_semi = true;
        break;
      case '`':
        p = ScanRawString(p);
        if (!p) goto fail;
        tok = Tok::kString;
        insert_semi = true;
        break;
      case ':':
        tok = Switch2(p, Tok::kColon, Tok::kDefine);
        break;
      case '.':
        if (p[1] == '.' && p[2] == '.') {
          tok = Tok::kEllipsis;
          p += 3;
        } else {
          tok = Tok::kPeriod;
          p += 1;
        }
        break;
      case ',':
      case ';':
      case '(':
      case ')':
      case '[':
      case ']':
      case '{':
      case '}':
      case '~':
        tok = Delimiter(c);
        ++p;
        insert_semi = c == ')' || c == ']' || c == '}';
        break;
      case '+':
        tok = Switch3(p, Tok::kAdd, Tok::kAddAssign, '+', Tok::kInc);
        insert_semi = tok == Tok::kInc;
        break;
      case '-':
        tok = Switch3(p, Tok::kSub, Tok::kSubAssign, '-', Tok::kDec);
        insert_semi = tok == Tok::kDec;
        break;
      case '*':
        tok = Switch2(p, Tok::kMul, Tok::kMulAssign);
        break;
      case '/':
        if (p[1] == '/' || p[1] == '*') {
          const char* first_newline = nullptr;
          const char* q = ScanComment(p, &first_newline);
          if (!q) goto fail;
          if (insert_semi_ && first_newline) {
            // A /*...*/ comment spanning lines ends the statement: the
            // semicolon follows the comment, at the comment's first newline.
            pending_semi_ = Off(first_newline);
            pending_semi_line_ = t.line;
            insert_semi_ = false;
          }
          insert_semi = insert_semi_;
          p = q;
          tok = Tok::kComment;
        } else {
          tok = Switch2(p, Tok::kQuo, Tok::kQuoAssign);
        }
        break;
      case '%':
        tok = Switch2(p, Tok::kRem, Tok::kRemAssign);
        break;
      case '^':
        tok = Switch2(p, Tok::kXor, Tok::kXorAssign);
        break;
      case '<':
        if (p[1] == '-') {
          tok = Tok::kArrow;
          p += 2;
        } else {
          tok = Switch4(p, Tok::kLss, Tok::kLeq, '<', Tok::kShl, Tok::kShlAssign);
        }
        break;
      case '>':
        tok = Switch4(p, Tok::kGtr, Tok::kGeq, '>', Tok::kShr, Tok::kShrAssign);
        break;
      case '=':
        tok = Switch2(p, Tok::kAssign, Tok::kEql);
        break;
      case '!':
        tok = Switch2(p, Tok::kNot, Tok::kNeq);
        break;
      case '&':
        if (p[1] == '^') {
          ++p;  // at '^': "&^" or "&^="
          tok = Switch2(p, Tok::kAndNot, Tok::kAndNotAssign);
        } else {
          tok = Switch3(p, Tok::kAnd, Tok::kAndAssign, '&', Tok::kLAnd);
        }
        break;
      case '|':
        tok = Switch3(p, Tok::kOr, Tok::kOrAssign, '|', Tok::kLOr);
        break;
      default: {
        if (static_cast<unsigned char>(c) >= 0x80) {
          char32_t r;
          int n = DecodeChecked(p, r);
          if (n == 0) goto fail;
          if (IsUnicodeLetter(r)) {
            p = ScanIdentifierTail(p + n);
            if (!p) goto fail;
            tok = Tok::kIdent;
            insert_semi = true;
            break;
          }
          if (r == 0x201C || r == 0x201D) {
            Fail(p, "curly quotation mark (use neutral '\"')");
          } else {
            Fail(p, "illegal character " + DescribeRune(r));
          }
          goto fail;
        }
        Fail(p, "illegal character " + DescribeRune(static_cast<unsigned char>(c)));
        goto fail;
      }
    }
  }
  insert_semi_ = insert_semi;
  p_ = p;
  t.tok = tok;
  t.end = Off(p);
  t.end_line = line_;
  return;

fail:
  t.tok = Tok::kIllegal;
  t.pos = t.end = error_offset_;
  t.line = t.end_line = line_;
}

}  // namespace gopit::golang
