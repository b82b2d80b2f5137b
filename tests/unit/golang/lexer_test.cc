#include "golang/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gopit::golang {
namespace {

struct Lexed {
  std::vector<Token> tokens;  // up to and including EOF or the error
  std::string error;
};

Lexed Lex(const std::string& src, LineTable* lines = nullptr) {
  Lexed out;
  Lexer lx(src, lines);
  Token t;
  do {
    lx.Next(t);
    out.tokens.push_back(t);
  } while (t.tok != Tok::kEOF && t.tok != Tok::kIllegal);
  out.error = lx.error();
  return out;
}

// The tokens as "TOK" strings, implicit semicolons as "\\n".
std::string Kinds(const std::string& src) {
  std::string s;
  for (const Token& t : Lex(src).tokens) {
    if (!s.empty()) s += ' ';
    s += t.tok == Tok::kSemicolon && t.implicit ? "\\n" : std::string(TokString(t.tok));
  }
  return s;
}

bool Accepts(const std::string& src) {
  return Lex(src).error.empty();
}

TEST(LexerTest, TokensAndPositions) {
  std::string src = "x := a[1] + 2.5\n";
  Lexer lx(src, nullptr);
  Token t;
  lx.Next(t);
  EXPECT_EQ(t.tok, Tok::kIdent);
  EXPECT_EQ(lx.Text(t), "x");
  EXPECT_EQ(t.pos, 0u);
  EXPECT_EQ(t.end, 1u);
  EXPECT_EQ(t.line, 1u);
  lx.Next(t);
  EXPECT_EQ(t.tok, Tok::kDefine);
  EXPECT_EQ(t.pos, 2u);
  EXPECT_EQ(Kinds(src), "IDENT := IDENT [ INT ] + FLOAT \\n EOF");
}

TEST(LexerTest, SemicolonInsertion) {
  EXPECT_EQ(Kinds("a\nb"), "IDENT \\n IDENT \\n EOF");
  EXPECT_EQ(Kinds("return\n"), "return \\n EOF");
  EXPECT_EQ(Kinds("x++\ny--\n"), "IDENT ++ \\n IDENT -- \\n EOF");
  EXPECT_EQ(Kinds("f()\n"), "IDENT ( ) \\n EOF");
  EXPECT_EQ(Kinds("a +\nb"), "IDENT + IDENT \\n EOF");  // no semicolon after an operator
  EXPECT_EQ(Kinds("func\n"), "func EOF");
  EXPECT_EQ(Kinds("break\ncontinue\nfallthrough\n"), "break \\n continue \\n fallthrough \\n EOF");
  EXPECT_EQ(Kinds("'a'\n`b`\n\"c\"\n1i\n"), "CHAR \\n STRING \\n STRING \\n IMAG \\n EOF");
  EXPECT_EQ(Kinds("x;y"), "IDENT ; IDENT \\n EOF");
}

TEST(LexerTest, CommentsAndSemicolons) {
  // A line comment comes before the semicolon at its newline.
  EXPECT_EQ(Kinds("x // c\ny"), "IDENT COMMENT \\n IDENT \\n EOF");
  // A block comment spanning lines ends the statement at its first newline.
  Lexed l = Lex("x /* a\nb */ y");
  ASSERT_EQ(l.tokens.size(), 6u);
  EXPECT_EQ(l.tokens[1].tok, Tok::kComment);
  EXPECT_EQ(l.tokens[1].line, 1u);
  EXPECT_EQ(l.tokens[1].end_line, 2u);
  EXPECT_EQ(l.tokens[2].tok, Tok::kSemicolon);
  EXPECT_EQ(l.tokens[2].pos, 6u);  // the newline inside the comment
  // A block comment on one line does not.
  EXPECT_EQ(Kinds("x /* a */ y"), "IDENT COMMENT IDENT \\n EOF");
  EXPECT_FALSE(Accepts("/* open"));
}

TEST(LexerTest, NumberLiterals) {
  for (const char* ok :
       {"0",    "0x1F", "0X_1",   "0o17",         "0b101",    "017",    "1_000", "1.5",  "1.",
        ".5",   "1e3",  "1E-3",   "0x1p-2",       "0X1.8P+3", "0x_1p0", "1i",    "0i",   "09i",
        "08.5", "09e1", "0x1p1i", "1_2.3_4e5_6i", "0_7",      "00",     "0.e+1", "0x1e5"}) {
    EXPECT_TRUE(Accepts(ok)) << ok;
    EXPECT_EQ(Lex(ok).tokens[0].end, std::string(ok).size()) << ok;
  }
  for (const char* bad : {"08", "0x", "0b", "0o", "0b2", "0o8", "1__0", "1_", "0x_", "1_.5", "1._5",
                          "0x1.5", "1p5", "0x1p", "1e", "1e+_1", "0b1.0", "0o1e1", "0_x1"}) {
    EXPECT_FALSE(Accepts(bad)) << bad;
  }
  EXPECT_EQ(Lex("1.5").tokens[0].tok, Tok::kFloat);
  EXPECT_EQ(Lex("0x1p-2").tokens[0].tok, Tok::kFloat);
  EXPECT_EQ(Lex("2i").tokens[0].tok, Tok::kImag);
  EXPECT_EQ(Kinds("x.y"), "IDENT . IDENT \\n EOF");
  EXPECT_EQ(Kinds("a...b"), "IDENT ... IDENT \\n EOF");
}

TEST(LexerTest, RuneAndStringLiterals) {
  for (const char* ok : {"'a'", "'\\n'", "'\\x41'", "'\\u00e9'", "'\\U0001F600'", "'\\377'", "'é'",
                         "'\\''", "\"a\\tb\\\"\"", "\"\\a\\b\\f\\r\\v\\\\\"", "\"'\"", "\"\\'\"x",
                         "`raw\\n`", "`multi\nline`"}) {
    // "\'" in a string is not an escape; only the string itself is checked here.
    if (std::string(ok) == "\"\\'\"x") {
      EXPECT_FALSE(Accepts(ok));
      continue;
    }
    EXPECT_TRUE(Accepts(ok)) << ok;
  }
  for (const char* bad : {"''", "'ab'", "'\\q'", "'\\400'", "\"\\uD800\"", "\"\\U00110000\"",
                          "\"\\x4\"", "'\\\"'", "\"abc", "\"abc\n\"", "`abc", "'a", "'\n'"}) {
    EXPECT_FALSE(Accepts(bad)) << bad;
  }
}

TEST(LexerTest, EncodingErrors) {
  EXPECT_TRUE(Accepts("\xEF\xBB\xBFpackage"));  // BOM first: skipped
  EXPECT_EQ(Lex("\xEF\xBB\xBFx").tokens[0].pos, 3u);
  EXPECT_FALSE(Accepts("x \xEF\xBB\xBF"));  // BOM later
  EXPECT_FALSE(Accepts("// \xEF\xBB\xBF"));
  EXPECT_FALSE(Accepts("// \xFF"));                  // invalid UTF-8, even in comments
  EXPECT_FALSE(Accepts("\"\xC0\x80\""));             // overlong
  EXPECT_FALSE(Accepts("\"\xED\xA0\x80\""));         // surrogate
  EXPECT_FALSE(Accepts(std::string("// a\0b", 6)));  // NUL, even in comments
  EXPECT_FALSE(Accepts(std::string("\"\0\"", 3)));
  EXPECT_FALSE(Accepts("@"));
  EXPECT_FALSE(Accepts("\xE2\x80\x9Cx\xE2\x80\x9D"));  // curly quotes
  EXPECT_EQ(Kinds("héllo 日本 ǅ a٣"), "IDENT IDENT IDENT IDENT \\n EOF");
  EXPECT_FALSE(
      Accepts("\xD9\xA3"
              "a"));  // a digit cannot start an identifier
}

TEST(LexerTest, LineDirectives) {
  EXPECT_TRUE(Accepts("//line foo.go:10\n"));
  EXPECT_TRUE(Accepts("//line :10:5\n"));
  EXPECT_TRUE(Accepts("//line foo\n"));  // no ':': not a directive
  EXPECT_TRUE(Accepts("//line foo:1\r\n"));
  EXPECT_TRUE(Accepts("//line foo:1073741824\n"));
  EXPECT_TRUE(Accepts("x //line foo:x\n"));  // not at the start of a line
  EXPECT_FALSE(Accepts("//line foo.go:0\n"));
  EXPECT_FALSE(Accepts("//line foo.go:x\n"));
  EXPECT_FALSE(Accepts("//line foo:\n"));
  EXPECT_FALSE(Accepts("//line foo:1073741825\n"));
  EXPECT_FALSE(Accepts("//line foo:99999999999999999999\n"));
  EXPECT_FALSE(Accepts("//line foo.go:10:0\n"));
  EXPECT_FALSE(Accepts("//line foo:1\r\r\n"));
  EXPECT_FALSE(Accepts("x /*line foo.go:0*/"));
}

TEST(LexerTest, LineTable) {
  LineTable lines;
  Lex("a\r\n\tb\n\n", &lines);
  EXPECT_EQ(lines.LineCount(), 3u);  // the final newline starts no line
  EXPECT_EQ(lines.Lookup(0), (Position{1, 1, 0}));
  EXPECT_EQ(lines.Lookup(4), (Position{2, 2, 4}));  // a tab is one column
  EXPECT_EQ(lines.Lookup(6), (Position{3, 1, 6}));
  EXPECT_EQ(lines.Lookup(7), (Position{3, 2, 7}));  // the end of the input
}

TEST(LexerTest, ErrorsStick) {
  Lexer lx("@ x", nullptr);
  Token t;
  lx.Next(t);
  EXPECT_EQ(t.tok, Tok::kIllegal);
  EXPECT_EQ(lx.error(), "illegal character U+0040 '@'");
  EXPECT_EQ(lx.error_offset(), 0u);
  lx.Next(t);
  EXPECT_EQ(t.tok, Tok::kIllegal);
}

TEST(TokenTest, Keywords) {
  EXPECT_EQ(LookupKeyword("func"), Tok::kFunc);
  EXPECT_EQ(LookupKeyword("fallthrough"), Tok::kFallthrough);
  EXPECT_EQ(LookupKeyword("funcs"), Tok::kIdent);
  EXPECT_EQ(LookupKeyword("f"), Tok::kIdent);
  for (int i = static_cast<int>(Tok::kBreak); i <= static_cast<int>(Tok::kVar); ++i) {
    Tok t = static_cast<Tok>(i);
    EXPECT_EQ(LookupKeyword(TokString(t)), t) << TokString(t);
  }
  EXPECT_EQ(Precedence(Tok::kLOr), 1);
  EXPECT_EQ(Precedence(Tok::kAndNot), 5);
  EXPECT_EQ(Precedence(Tok::kAssign), 0);
}

}  // namespace
}  // namespace gopit::golang
