// A lexer for Go source text (the language as of Go 1.26).
//
// It turns a buffer into tokens with exact positions, inserts semicolons as
// the specification's rule for line ends requires, and reports comments as
// tokens. It accepts exactly what go/scanner accepts: every case in which
// go/scanner reports an error (malformed literals and escapes, invalid
// UTF-8, NUL bytes, misplaced byte order marks, unterminated comments,
// malformed //line directives, illegal characters) yields a Tok::kIllegal
// token and an error message instead.
//
// Invariants:
//  - The buffer must be followed by a NUL byte (src.data()[src.size()] ==
//    0; a std::string provides one). Loops stop on that sentinel instead of
//    checking bounds.
//  - Token texts are views into the buffer; nothing is copied.
//  - After an error the lexer keeps returning Tok::kIllegal.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "golang/source.h"
#include "golang/token.h"

namespace gopit::golang {

struct Token {
  Tok tok = Tok::kIllegal;
  // For Tok::kSemicolon: inserted at a newline or at the end of the input
  // (go/scanner's literal "\n") rather than written as ';'.
  bool implicit = false;
  uint32_t pos = 0;   // offset of the first byte
  uint32_t end = 0;   // offset after the last byte
  uint32_t line = 0;  // line of `pos`
  // Line of the last byte; differs from `line` only for comments and raw
  // strings that span lines.
  uint32_t end_line = 0;
};

class Lexer {
 public:
  // `lines` (optional) receives the start of every line the lexer passes.
  Lexer(std::string_view src, LineTable* lines);

  // Scans the next token into `t`.
  void Next(Token& t);

  std::string_view Text(const Token& t) const { return src_.substr(t.pos, t.end - t.pos); }

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  uint32_t error_offset() const { return error_offset_; }

 private:
  void Fail(const char* p, std::string msg);
  // Called after each '\n'. A newline that ends the input starts no line
  // (as in go/token): offsets at the very end belong to the last line.
  void NewLine(const char* after) {
    if (after == end_) return;
    ++line_;
    line_start_ = after;
    if (lines_) lines_->AddLine(Off(after));
  }
  uint32_t Off(const char* p) const { return static_cast<uint32_t>(p - begin_); }

  const char* ScanIdentifierTail(const char* p);
  const char* ScanNumber(const char* p, Tok& tok);
  const char* ScanString(const char* p);
  const char* ScanRawString(const char* p);
  const char* ScanRune(const char* p);
  const char* ScanEscape(const char* p, char quote);
  const char* ScanComment(const char* p, const char** first_newline);
  const char* SkipText(const char* p, bool stop_at_newline);
  bool CheckLineDirective(const char* p, const char* end);
  // Decodes the UTF-8 sequence at p (*p >= 0x80); returns its length, or 0
  // after reporting an error for invalid UTF-8 or a misplaced BOM.
  int DecodeChecked(const char* p, char32_t& r);

  std::string_view src_;
  const char* begin_;
  const char* end_;
  const char* p_;
  const char* line_start_;
  uint32_t line_ = 1;
  LineTable* lines_;
  bool insert_semi_ = false;
  // Offset of the newline inside a /*...*/ comment that must become a
  // semicolon after the comment, or kNoPos.
  uint32_t pending_semi_ = kNoPos;
  uint32_t pending_semi_line_ = 0;

  std::string error_;
  uint32_t error_offset_ = 0;
};

// Decodes one UTF-8 sequence at p..end with the rules of Go's
// utf8.DecodeRune. Returns the length (1 to 4), or 0 if the bytes are not
// valid UTF-8.
int DecodeUtf8(const char* p, const char* end, char32_t& r);

}  // namespace gopit::golang
