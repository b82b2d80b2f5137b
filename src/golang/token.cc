#include "golang/token.h"

#include <cstring>

namespace gopit::golang {

namespace {

constexpr std::string_view kNames[] = {
    "ILLEGAL",   "EOF",         "COMMENT", "IDENT", "INT",    "FLOAT",    "IMAG",    "CHAR",
    "STRING",    "+",           "-",       "*",     "/",      "%",        "&",       "|",
    "^",         "<<",          ">>",      "&^",    "+=",     "-=",       "*=",      "/=",
    "%=",        "&=",          "|=",      "^=",    "<<=",    ">>=",      "&^=",     "&&",
    "||",        "<-",          "++",      "--",    "==",     "<",        ">",       "=",
    "!",         "!=",          "<=",      ">=",    ":=",     "...",      "(",       "[",
    "{",         ",",           ".",       ")",     "]",      "}",        ";",       ":",
    "~",         "break",       "case",    "chan",  "const",  "continue", "default", "defer",
    "else",      "fallthrough", "for",     "func",  "go",     "goto",     "if",      "import",
    "interface", "map",         "package", "range", "return", "select",   "struct",  "switch",
    "type",      "var",
};
static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<size_t>(Tok::kCount));

}  // namespace

std::string_view TokString(Tok t) {
  auto i = static_cast<size_t>(t);
  return i < static_cast<size_t>(Tok::kCount) ? kNames[i] : "ILLEGAL";
}

Tok LookupKeyword(std::string_view w) {
  // Keywords are 2 to 11 bytes of lower-case ASCII; dispatch on the first
  // byte and compare the rest.
  auto is = [&](std::string_view k) {
    return w.size() == k.size() && std::memcmp(w.data(), k.data(), k.size()) == 0;
  };
  if (w.size() < 2 || w.size() > 11) return Tok::kIdent;
  switch (w[0]) {
    case 'b':
      if (is("break")) return Tok::kBreak;
      break;
    case 'c':
      if (w.size() == 4) {
        if (is("case")) return Tok::kCase;
        if (is("chan")) return Tok::kChan;
      } else if (is("const"))
        return Tok::kConst;
      else if (is("continue"))
        return Tok::kContinue;
      break;
    case 'd':
      if (is("default")) return Tok::kDefault;
      if (is("defer")) return Tok::kDefer;
      break;
    case 'e':
      if (is("else")) return Tok::kElse;
      break;
    case 'f':
      if (is("for")) return Tok::kFor;
      if (is("func")) return Tok::kFunc;
      if (is("fallthrough")) return Tok::kFallthrough;
      break;
    case 'g':
      if (is("go")) return Tok::kGo;
      if (is("goto")) return Tok::kGoto;
      break;
    case 'i':
      if (is("if")) return Tok::kIf;
      if (is("import")) return Tok::kImport;
      if (is("interface")) return Tok::kInterface;
      break;
    case 'm':
      if (is("map")) return Tok::kMap;
      break;
    case 'p':
      if (is("package")) return Tok::kPackage;
      break;
    case 'r':
      if (is("range")) return Tok::kRange;
      if (is("return")) return Tok::kReturn;
      break;
    case 's':
      if (w.size() == 6) {
        if (is("select")) return Tok::kSelect;
        if (is("struct")) return Tok::kStruct;
        if (is("switch")) return Tok::kSwitch;
      }
      break;
    case 't':
      if (is("type")) return Tok::kType;
      break;
    case 'v':
      if (is("var")) return Tok::kVar;
      break;
  }
  return Tok::kIdent;
}

}  // namespace gopit::golang
