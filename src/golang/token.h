// Tokens of the Go language (as of Go 1.26), as the lexer reports them.
//
// The set, spelling and operator precedences follow the Go specification;
// the names follow go/token so that diagnostics and the conformance summary
// read the same as the Go tools'.
#pragma once

#include <cstdint>
#include <string_view>

namespace gopit::golang {

enum class Tok : uint8_t {
  kIllegal,
  kEOF,
  kComment,

  // Literals.
  kIdent,   // main
  kInt,     // 12345
  kFloat,   // 123.45
  kImag,    // 123.45i
  kChar,    // 'a'
  kString,  // "abc" or `abc`

  // Operators and delimiters.
  kAdd,  // +
  kSub,  // -
  kMul,  // *
  kQuo,  // /
  kRem,  // %

  kAnd,     // &
  kOr,      // |
  kXor,     // ^
  kShl,     // <<
  kShr,     // >>
  kAndNot,  // &^

  kAddAssign,  // +=
  kSubAssign,  // -=
  kMulAssign,  // *=
  kQuoAssign,  // /=
  kRemAssign,  // %=

  kAndAssign,     // &=
  kOrAssign,      // |=
  kXorAssign,     // ^=
  kShlAssign,     // <<=
  kShrAssign,     // >>=
  kAndNotAssign,  // &^=

  kLAnd,   // &&
  kLOr,    // ||
  kArrow,  // <-
  kInc,    // ++
  kDec,    // --

  kEql,     // ==
  kLss,     // <
  kGtr,     // >
  kAssign,  // =
  kNot,     // !

  kNeq,       // !=
  kLeq,       // <=
  kGeq,       // >=
  kDefine,    // :=
  kEllipsis,  // ...

  kLParen,  // (
  kLBrack,  // [
  kLBrace,  // {
  kComma,   // ,
  kPeriod,  // .

  kRParen,     // )
  kRBrack,     // ]
  kRBrace,     // }
  kSemicolon,  // ;
  kColon,      // :
  kTilde,      // ~

  // Keywords.
  kBreak,
  kCase,
  kChan,
  kConst,
  kContinue,
  kDefault,
  kDefer,
  kElse,
  kFallthrough,
  kFor,
  kFunc,
  kGo,
  kGoto,
  kIf,
  kImport,
  kInterface,
  kMap,
  kPackage,
  kRange,
  kReturn,
  kSelect,
  kStruct,
  kSwitch,
  kType,
  kVar,

  kCount
};

// The token's spelling ("+", "func") or its class name ("IDENT", "EOF").
std::string_view TokString(Tok t);

inline bool IsLiteral(Tok t) {
  return t >= Tok::kIdent && t <= Tok::kString;
}
inline bool IsKeyword(Tok t) {
  return t >= Tok::kBreak && t <= Tok::kVar;
}

// Binary operator precedence (5 binds tightest); 0 for non-operators.
inline int Precedence(Tok t) {
  switch (t) {
    case Tok::kLOr:
      return 1;
    case Tok::kLAnd:
      return 2;
    case Tok::kEql:
    case Tok::kNeq:
    case Tok::kLss:
    case Tok::kLeq:
    case Tok::kGtr:
    case Tok::kGeq:
      return 3;
    case Tok::kAdd:
    case Tok::kSub:
    case Tok::kOr:
    case Tok::kXor:
      return 4;
    case Tok::kMul:
    case Tok::kQuo:
    case Tok::kRem:
    case Tok::kShl:
    case Tok::kShr:
    case Tok::kAnd:
    case Tok::kAndNot:
      return 5;
    default:
      return 0;
  }
}

// The keyword spelled by `word`, or Tok::kIdent.
Tok LookupKeyword(std::string_view word);

}  // namespace gopit::golang
