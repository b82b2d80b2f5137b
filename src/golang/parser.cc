// Recursive descent over the Go grammar, decision for decision the way
// go/parser takes them (so that both accept the same files and build the
// same trees), without its error recovery: the first error ends the parse.
//
// Errors unwind with an internal exception (Abort) that never leaves
// ParsedFile::Parse. Lists are collected on a scratch stack and copied into
// the arena when complete; nested lists push above their parent's entries
// and pop back before the parent continues.
#include "golang/parser.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "golang/lexer.h"
#include "golang/stack_guard.h"

namespace gopit::golang {

namespace {

struct Abort {};

// go/parser's limit on its nesting counter (see IncNest).
constexpr int kMaxNestLev = 100000;

Expr* Unparen(Expr* x) {
  while (auto* p = As<ParenExpr>(x))
    x = p->x;
  return x;
}

enum class SimpleMode { kBasic, kLabelOk, kRangeOk };

struct Param {
  Ident* name;
  Expr* type;
};

class Parser {
 public:
  Parser(std::string_view src, Arena& arena, LineTable& lines, const ParseOptions& options)
      : lex_(src, &lines), arena_(arena), options_(options) {}

  File* ParseFile();

  // Set when ParseFile threw Abort.
  uint32_t error_offset() const { return error_offset_; }
  const std::string& error_message() const { return error_message_; }

 private:
  // --- Errors --------------------------------------------------------------

  // Error paths are out of line and cold so that the recursive parse
  // functions keep small stack frames (deep nesting costs less stack).
  [[noreturn, gnu::noinline, gnu::cold]] void Error(uint32_t pos, std::string_view a,
                                                    std::string_view b = {},
                                                    std::string_view c = {},
                                                    std::string_view d = {}) {
    error_offset_ = pos;
    error_message_.assign(a);
    error_message_.append(b);
    error_message_.append(c);
    error_message_.append(d);
    throw Abort{};
  }

  [[noreturn, gnu::noinline, gnu::cold]] void ErrorExpected(uint32_t pos, std::string_view what) {
    std::string msg = "expected ";
    msg += what;
    if (pos == tok_.pos) {
      if (tok_.tok == Tok::kSemicolon && tok_.implicit) {
        msg += ", found newline";
      } else if (IsLiteral(tok_.tok)) {
        msg += ", found ";
        msg += Lit();
      } else {
        msg += ", found '";
        msg += TokString(tok_.tok);
        msg += "'";
      }
    }
    Error(pos, msg);
  }

  [[noreturn, gnu::noinline, gnu::cold]] void ErrorExpectedTok(Tok t) {
    std::string what = "'";
    what += TokString(t);
    what += "'";
    ErrorExpected(tok_.pos, what);
  }

  [[noreturn, gnu::noinline, gnu::cold]] void ErrorMissingComma(std::string_view context) {
    std::string msg = "missing ','";
    if (tok_.tok == Tok::kSemicolon && tok_.implicit) msg += " before newline";
    Error(tok_.pos, msg, " in ", context);
  }

  [[noreturn, gnu::noinline, gnu::cold]] void ErrorDepth() {
    Error(tok_.pos, "exceeded max nesting depth");
  }

  // go/parser counts nesting in a handful of places (including once per
  // iteration of the binary and primary expression loops) and stops at
  // kMaxNestLev. The count is mirrored so that the same inputs fail; the
  // real guard against stack exhaustion is the stack check beside it.
  void IncNest() {
    if (++nest_lev_ > kMaxNestLev) ErrorDepth();
    CheckStack();
  }

  void CheckStack() {
    if (stack_->Exhausted()) ErrorDepth();
  }

  // --- Tokens ----------------------------------------------------------------

  std::string_view Lit() const { return lex_.Text(tok_); }

  void Next0() {
    lex_.Next(tok_);
    if (tok_.tok == Tok::kIllegal) Error(lex_.error_offset(), lex_.error());
  }

  // Advances to the next non-comment token, grouping the comments passed
  // and noting the lead comment (a group on the lines just before the new
  // token) and the line comment (a group after the previous token on its
  // line).
  void Next() {
    lead_comment_ = nullptr;
    line_comment_ = nullptr;
    uint32_t prev_line = tok_.line;
    Next0();
    if (tok_.tok != Tok::kComment) return;
    CommentGroup* group = nullptr;
    int64_t end_line;
    if (tok_.line == prev_line) {
      group = ConsumeCommentGroup(0, end_line);
      if (tok_.line != end_line || tok_.tok == Tok::kSemicolon || tok_.tok == Tok::kEOF) {
        line_comment_ = group;
      }
    }
    end_line = -1;
    while (tok_.tok == Tok::kComment)
      group = ConsumeCommentGroup(1, end_line);
    if (end_line + 1 == tok_.line) lead_comment_ = group;
  }

  CommentGroup* ConsumeCommentGroup(int n, int64_t& end_line) {
    comment_scratch_.clear();
    end_line = tok_.line;
    while (tok_.tok == Tok::kComment && tok_.line <= end_line + n) {
      Comment c;
      c.pos = tok_.pos;
      c.end = tok_.end;
      c.text = Lit();
      comment_scratch_.push_back(c);
      end_line = tok_.end_line;
      Next0();
    }
    auto* g = arena_.New<CommentGroup>();
    g->list = arena_.Copy(std::span<const Comment>(comment_scratch_));
    comments_.push_back(g);
    return g;
  }

  uint32_t Expect(Tok t) {
    uint32_t pos = tok_.pos;
    if (tok_.tok != t) ErrorExpectedTok(t);
    Next();
    return pos;
  }

  uint32_t ExpectClosing(Tok t, std::string_view context) {
    if (tok_.tok != t && tok_.tok == Tok::kSemicolon && tok_.implicit) {
      Error(tok_.pos, "missing ',' before newline in ", context);
    }
    return Expect(t);
  }

  // Consumes a semicolon (optional before ')' and '}') and returns the line
  // comment that belongs to the construct it ends.
  CommentGroup* ExpectSemi() {
    switch (tok_.tok) {
      case Tok::kRParen:
      case Tok::kRBrace:
        return nullptr;
      case Tok::kSemicolon:
        if (!tok_.implicit) {
          Next();
          return line_comment_;  // the comment after the ';'
        } else {
          CommentGroup* c = line_comment_;  // the comment before the newline
          Next();
          return c;
        }
      default:
        ErrorExpected(tok_.pos, "';'");
    }
  }

  bool AtComma(std::string_view context, Tok follow) {
    if (tok_.tok == Tok::kComma) return true;
    if (tok_.tok != follow) ErrorMissingComma(context);
    return false;
  }

  // --- Building --------------------------------------------------------------

  template <typename T>
  T* New(uint32_t pos, uint32_t end) {
    T* n = arena_.New<T>();
    n->pos = pos;
    n->end = end;
    return n;
  }

  size_t Mark() const { return scratch_.size(); }
  void Push(Node* n) { scratch_.push_back(n); }
  template <typename T>
  List<T> Finish(size_t mark) {
    size_t n = scratch_.size() - mark;
    if (n == 0) return {};
    T** out = static_cast<T**>(arena_.Allocate(sizeof(T*) * n, alignof(T*)));
    for (size_t i = 0; i < n; ++i)
      out[i] = static_cast<T*>(scratch_[mark + i]);
    scratch_.resize(mark);
    return List<T>(out, n);
  }
  template <typename T>
  List<T> One(T* x) {
    T** out = static_cast<T**>(arena_.Allocate(sizeof(T*), alignof(T*)));
    out[0] = x;
    return List<T>(out, 1);
  }

  Ident* NewIdent(uint32_t pos, std::string_view name) {
    auto* id = New<Ident>(pos, pos + static_cast<uint32_t>(name.size()));
    id->name = name;
    return id;
  }

  FieldList* NewFieldList(uint32_t opening, List<Field> list, uint32_t closing) {
    auto* l = New<FieldList>(0, 0);
    l->opening = opening;
    l->list = list;
    l->closing = closing;
    // go/ast: Opening (or the first field), Closing+1 (or the last field).
    l->pos = opening != kNoPos ? opening : list.empty() ? kNoPos : list.front()->pos;
    l->end = closing != kNoPos ? closing + 1 : list.empty() ? kNoPos : list.back()->end;
    return l;
  }

  Field* NewField(CommentGroup* doc, List<Ident> names, Expr* type, BasicLit* tag,
                  CommentGroup* comment) {
    auto* f = New<Field>(0, 0);
    f->doc = doc;
    f->names = names;
    f->type = type;
    f->tag = tag;
    f->comment = comment;
    f->pos = !names.empty() ? names.front()->pos : type->pos;
    f->end = tag ? tag->end : type->end;
    return f;
  }

  FuncType* NewFuncType(uint32_t func, FieldList* tparams, FieldList* params, FieldList* results) {
    auto* t =
        New<FuncType>(func != kNoPos ? func : params->pos, results ? results->end : params->end);
    t->func = func;
    t->type_params = tparams;
    t->params = params;
    t->results = results;
    return t;
  }

  Expr* PackIndexExpr(Expr* x, uint32_t lbrack, List<Expr> indices, uint32_t rbrack) {
    auto* e = New<IndexExpr>(x->pos, rbrack + 1);
    e->x = x;
    e->lbrack = lbrack;
    e->indices = indices;
    return e;
  }

  // --- Identifiers and lists -------------------------------------------------

  Ident* ParseIdent() {
    if (tok_.tok != Tok::kIdent) Expect(Tok::kIdent);
    Ident* id = New<Ident>(tok_.pos, tok_.end);
    id->name = Lit();
    Next();
    return id;
  }

  List<Ident> ParseIdentList() {
    size_t mark = Mark();
    Push(ParseIdent());
    while (tok_.tok == Tok::kComma) {
      Next();
      Push(ParseIdent());
    }
    return Finish<Ident>(mark);
  }

  List<Expr> ParseExprList() {
    size_t mark = Mark();
    Push(ParseExpr());
    while (tok_.tok == Tok::kComma) {
      Next();
      Push(ParseExpr());
    }
    return Finish<Expr>(mark);
  }

  List<Expr> ParseList(bool in_rhs) {
    bool old = in_rhs_;
    in_rhs_ = in_rhs;
    List<Expr> list = ParseExprList();
    in_rhs_ = old;
    return list;
  }

  // --- Types -----------------------------------------------------------------

  Expr* ParseType() {
    Expr* t = TryIdentOrType();
    if (!t) ErrorExpected(tok_.pos, "type");
    return t;
  }

  Expr* ParseQualifiedIdent(Ident* ident) {
    Expr* t = ParseTypeName(ident);
    if (tok_.tok == Tok::kLBrack) t = ParseTypeInstance(t);
    return t;
  }

  Expr* ParseTypeName(Ident* ident) {
    if (!ident) ident = ParseIdent();
    if (tok_.tok == Tok::kPeriod) {
      Next();
      Ident* sel = ParseIdent();
      auto* s = New<SelectorExpr>(ident->pos, sel->end);
      s->x = ident;
      s->sel = sel;
      return s;
    }
    return ident;
  }

  // '[' is consumed; `len` is the already parsed length, if any.
  ArrayType* ParseArrayType(uint32_t lbrack, Expr* len) {
    if (!len) {
      ++expr_lev_;
      if (tok_.tok == Tok::kEllipsis) {
        len = New<Ellipsis>(tok_.pos, tok_.pos + 3);
        Next();
      } else if (tok_.tok != Tok::kRBrack) {
        len = ParseRhs();
      }
      --expr_lev_;
    }
    if (tok_.tok == Tok::kComma) Error(tok_.pos, "unexpected comma; expecting ]");
    Expect(Tok::kRBrack);
    Expr* elt = ParseType();
    auto* a = New<ArrayType>(lbrack, elt->end);
    a->len = len;
    a->elt = elt;
    return a;
  }

  // After a field or parameter name x at '[': either an array or slice type
  // (x [N]E, x []E) or an instantiated type (x[P1, P2]). Returns the name
  // (null for an instantiation, which has none) and the type.
  std::pair<Ident*, Expr*> ParseArrayFieldOrTypeInstance(Ident* x) {
    uint32_t lbrack = Expect(Tok::kLBrack);
    uint32_t trailing_comma = kNoPos;
    size_t mark = Mark();
    if (tok_.tok != Tok::kRBrack) {
      ++expr_lev_;
      Push(ParseRhs());
      while (tok_.tok == Tok::kComma) {
        uint32_t comma = tok_.pos;
        Next();
        if (tok_.tok == Tok::kRBrack) {
          trailing_comma = comma;
          break;
        }
        Push(ParseRhs());
      }
      --expr_lev_;
    }
    uint32_t rbrack = Expect(Tok::kRBrack);
    size_t n = scratch_.size() - mark;
    if (n == 0) {
      Expr* elt = ParseType();
      auto* a = New<ArrayType>(lbrack, elt->end);
      a->elt = elt;
      return {x, a};
    }
    if (n == 1) {
      Expr* len = static_cast<Expr*>(scratch_[mark]);
      scratch_.resize(mark);
      if (Expr* elt = TryIdentOrType()) {
        if (trailing_comma != kNoPos) Error(trailing_comma, "unexpected comma; expecting ]");
        auto* a = New<ArrayType>(lbrack, elt->end);
        a->len = len;
        a->elt = elt;
        return {x, a};
      }
      return {nullptr, PackIndexExpr(x, lbrack, One(len), rbrack)};
    }
    return {nullptr, PackIndexExpr(x, lbrack, Finish<Expr>(mark), rbrack)};
  }

  Field* ParseFieldDecl() {
    CommentGroup* doc = lead_comment_;
    size_t mark = Mark();
    Expr* type = nullptr;
    switch (tok_.tok) {
      case Tok::kIdent: {
        Ident* name = ParseIdent();
        Tok t = tok_.tok;
        if (t == Tok::kPeriod || t == Tok::kString || t == Tok::kSemicolon || t == Tok::kRBrace) {
          type = name;  // embedded type
          if (t == Tok::kPeriod) type = ParseQualifiedIdent(name);
        } else {
          Push(name);
          while (tok_.tok == Tok::kComma) {
            Next();
            Push(ParseIdent());
          }
          if (scratch_.size() - mark == 1 && tok_.tok == Tok::kLBrack) {
            auto [n, t2] = ParseArrayFieldOrTypeInstance(name);
            type = t2;
            if (!n) scratch_.resize(mark);  // embedded instantiated type
          } else {
            type = ParseType();
          }
        }
        break;
      }
      case Tok::kMul: {
        uint32_t star = tok_.pos;
        Next();
        if (tok_.tok == Tok::kLParen) Error(tok_.pos, "cannot parenthesize embedded type");
        Expr* x = ParseQualifiedIdent(nullptr);
        auto* s = New<StarExpr>(star, x->end);
        s->x = x;
        type = s;
        break;
      }
      case Tok::kLParen:
        Error(tok_.pos, "cannot parenthesize embedded type");
      default:
        ErrorExpected(tok_.pos, "field name or embedded type");
    }
    List<Ident> names = Finish<Ident>(mark);
    BasicLit* tag = nullptr;
    if (tok_.tok == Tok::kString) {
      tag = New<BasicLit>(tok_.pos, tok_.end);
      tag->lit_kind = Tok::kString;
      tag->value = Lit();
      Next();
    }
    CommentGroup* comment = ExpectSemi();
    return NewField(doc, names, type, tag, comment);
  }

  StructType* ParseStructType() {
    uint32_t pos = Expect(Tok::kStruct);
    uint32_t lbrace = Expect(Tok::kLBrace);
    size_t mark = Mark();
    while (tok_.tok == Tok::kIdent || tok_.tok == Tok::kMul || tok_.tok == Tok::kLParen) {
      Push(ParseFieldDecl());
    }
    uint32_t rbrace = Expect(Tok::kRBrace);
    auto* s = New<StructType>(pos, rbrace + 1);
    s->fields = NewFieldList(lbrace, Finish<Field>(mark), rbrace);
    return s;
  }

  StarExpr* ParsePointerType() {
    uint32_t star = Expect(Tok::kMul);
    Expr* base = ParseType();
    auto* s = New<StarExpr>(star, base->end);
    s->x = base;
    return s;
  }

  Ellipsis* ParseDotsType() {
    uint32_t pos = Expect(Tok::kEllipsis);
    Expr* elt = ParseType();
    auto* e = New<Ellipsis>(pos, elt->end);
    e->elt = elt;
    return e;
  }

  static bool StartsParamType(Tok t) {
    switch (t) {
      case Tok::kIdent:
      case Tok::kMul:
      case Tok::kArrow:
      case Tok::kFunc:
      case Tok::kChan:
      case Tok::kMap:
      case Tok::kStruct:
      case Tok::kInterface:
      case Tok::kLParen:
        return true;
      default:
        return false;
    }
  }

  Param ParseParamDecl(Ident* name, bool type_sets_ok) {
    Param f{nullptr, nullptr};
    if (!name && type_sets_ok && tok_.tok == Tok::kTilde) return {nullptr, EmbeddedElem(nullptr)};
    Tok t = name ? Tok::kIdent : tok_.tok;
    switch (t) {
      case Tok::kIdent:
        f.name = name ? name : ParseIdent();
        switch (tok_.tok) {
          case Tok::kIdent:
          case Tok::kMul:
          case Tok::kArrow:
          case Tok::kFunc:
          case Tok::kChan:
          case Tok::kMap:
          case Tok::kStruct:
          case Tok::kInterface:
          case Tok::kLParen:
            f.type = ParseType();  // name type
            break;
          case Tok::kLBrack: {
            auto [n, ty] = ParseArrayFieldOrTypeInstance(f.name);
            f.name = n;
            f.type = ty;
            break;
          }
          case Tok::kEllipsis:
            f.type = ParseDotsType();
            return f;  // no "...T |"
          case Tok::kPeriod:
            f.type = ParseQualifiedIdent(f.name);
            f.name = nullptr;
            break;
          case Tok::kTilde:
            if (type_sets_ok) {
              f.type = EmbeddedElem(nullptr);
              return f;
            }
            break;
          case Tok::kOr:
            if (type_sets_ok) {
              f.type = EmbeddedElem(f.name);
              f.name = nullptr;
              return f;
            }
            break;
          default:
            break;
        }
        break;
      case Tok::kMul:
      case Tok::kArrow:
      case Tok::kFunc:
      case Tok::kLBrack:
      case Tok::kChan:
      case Tok::kMap:
      case Tok::kStruct:
      case Tok::kInterface:
      case Tok::kLParen:
        f.type = ParseType();
        break;
      case Tok::kEllipsis:
        f.type = ParseDotsType();
        return f;
      default:
        ErrorExpected(tok_.pos, "')'");
    }
    if (type_sets_ok && tok_.tok == Tok::kOr && f.type) f.type = EmbeddedElem(f.type);
    return f;
  }

  List<Field> ParseParameterList(Ident* name0, Expr* type0, Tok closing, bool dddok) {
    bool tparams = closing == Tok::kRBrack;
    uint32_t first_pos = name0 ? name0->pos : type0 ? type0->pos : tok_.pos;
    size_t mark = params_.size();
    int named = 0;  // parameters with a name and a type
    int typed = 0;  // parameters with a type
    while (name0 || (tok_.tok != closing && tok_.tok != Tok::kEOF)) {
      Param par;
      if (type0) {
        if (tparams) type0 = EmbeddedElem(type0);
        par = {name0, type0};
      } else {
        par = ParseParamDecl(name0, tparams);
      }
      name0 = nullptr;
      type0 = nullptr;
      if (par.name || par.type) {
        params_.push_back(par);
        if (par.name && par.type) ++named;
        if (par.type) ++typed;
      }
      if (!AtComma("parameter list", closing)) break;
      Next();
    }
    size_t n = params_.size() - mark;
    if (n == 0) return {};
    Param* list = params_.data() + mark;

    if (named == 0) {
      // All unnamed: the names seen are type names.
      for (size_t i = 0; i < n; ++i) {
        if (list[i].name) {
          list[i].type = list[i].name;
          list[i].name = nullptr;
        }
      }
      if (tparams) {
        if (named == typed) Error(tok_.pos, "missing type constraint");
        Error(first_pos, n == 1 ? "missing type parameter name or invalid array length"
                                : "missing type parameter name");
      }
    } else if (static_cast<size_t>(named) != n) {
      // Some named: every parameter needs a name, and names without a type
      // take the type that follows them.
      Expr* type = nullptr;
      uint32_t err_pos = kNoPos;  // left-most parameter lacking a name or type
      for (size_t i = n; i-- > 0;) {
        Param& par = list[i];
        if (par.type) {
          type = par.type;
          if (!par.name) err_pos = par.type->pos;
        } else if (type) {
          par.type = type;
        } else {
          err_pos = par.name->pos;
        }
      }
      if (err_pos != kNoPos) {
        if (named == typed)
          Error(tok_.pos, tparams ? "missing type constraint" : "missing parameter type");
        Error(err_pos, !tparams ? "missing parameter name"
                       : n == 1 ? "missing type parameter name or invalid array length"
                                : "missing type parameter name");
      }
    }

    for (size_t i = 0; i < n; ++i) {
      if (auto* e = As<Ellipsis>(list[i].type); e && (!dddok || i + 1 < n)) {
        Error(e->pos, dddok ? "can only use ... with final parameter" : "invalid use of ...");
      }
    }

    size_t fmark = Mark();
    if (named == 0) {
      for (size_t i = 0; i < n; ++i)
        Push(NewField(nullptr, {}, list[i].type, nullptr, nullptr));
    } else {
      // Consecutive names with the same type share one field.
      size_t i = 0;
      while (i < n) {
        size_t j = i;
        size_t nmark = Mark();
        while (j < n && list[j].type == list[i].type)
          Push(list[j++].name);
        List<Ident> names = Finish<Ident>(nmark);
        Push(NewField(nullptr, names, list[i].type, nullptr, nullptr));
        i = j;
      }
    }
    params_.resize(mark);
    return Finish<Field>(fmark);
  }

  FieldList* ParseTypeParameters() {
    uint32_t lbrack = Expect(Tok::kLBrack);
    List<Field> list;
    if (tok_.tok != Tok::kRBrack) list = ParseParameterList(nullptr, nullptr, Tok::kRBrack, false);
    uint32_t rbrack = Expect(Tok::kRBrack);
    if (list.empty()) Error(rbrack, "empty type parameter list");
    return NewFieldList(lbrack, list, rbrack);
  }

  FieldList* ParseParameters(bool result) {
    if (!result || tok_.tok == Tok::kLParen) {
      uint32_t lparen = Expect(Tok::kLParen);
      List<Field> list;
      if (tok_.tok != Tok::kRParen)
        list = ParseParameterList(nullptr, nullptr, Tok::kRParen, !result);
      uint32_t rparen = Expect(Tok::kRParen);
      return NewFieldList(lparen, list, rparen);
    }
    if (Expr* t = TryIdentOrType()) {
      return NewFieldList(kNoPos, One(NewField(nullptr, {}, t, nullptr, nullptr)), kNoPos);
    }
    return nullptr;
  }

  FuncType* ParseFuncType() {
    uint32_t pos = Expect(Tok::kFunc);
    if (tok_.tok == Tok::kLBrack) {
      FieldList* tparams = ParseTypeParameters();
      Error(tparams->opening, "function type must have no type parameters");
    }
    FieldList* params = ParseParameters(false);
    FieldList* results = ParseParameters(true);
    return NewFuncType(pos, nullptr, params, results);
  }

  Field* ParseMethodSpec() {
    CommentGroup* doc = lead_comment_;
    List<Ident> names;
    Expr* type;
    Expr* x = ParseTypeName(nullptr);
    if (auto* ident = As<Ident>(x)) {
      if (tok_.tok == Tok::kLBrack) {
        // A generic method (an error) or an embedded instantiated type.
        uint32_t lbrack = tok_.pos;
        Next();
        ++expr_lev_;
        Expr* x0 = ParseExpr();
        --expr_lev_;
        if (As<Ident>(x0) && tok_.tok != Tok::kComma && tok_.tok != Tok::kRBrack) {
          Error(lbrack, "interface method must have no type parameters");
        }
        size_t mark = Mark();
        Push(x0);
        if (AtComma("type argument list", Tok::kRBrack)) {
          ++expr_lev_;
          Next();
          while (tok_.tok != Tok::kRBrack && tok_.tok != Tok::kEOF) {
            Push(ParseType());
            if (!AtComma("type argument list", Tok::kRBrack)) break;
            Next();
          }
          --expr_lev_;
        }
        uint32_t rbrack = ExpectClosing(Tok::kRBrack, "type argument list");
        type = PackIndexExpr(ident, lbrack, Finish<Expr>(mark), rbrack);
      } else if (tok_.tok == Tok::kLParen) {
        FieldList* params = ParseParameters(false);
        FieldList* results = ParseParameters(true);
        names = One(ident);
        type = NewFuncType(kNoPos, nullptr, params, results);
      } else {
        type = x;  // embedded type
      }
    } else {
      type = x;  // embedded qualified type, maybe instantiated
      if (tok_.tok == Tok::kLBrack) type = ParseTypeInstance(type);
    }
    return NewField(doc, names, type, nullptr, nullptr);
  }

  Expr* EmbeddedElem(Expr* x) {
    if (!x) x = EmbeddedTerm();
    while (tok_.tok == Tok::kOr) {
      uint32_t op_pos = tok_.pos;
      Next();
      Expr* y = EmbeddedTerm();
      auto* b = New<BinaryExpr>(x->pos, y->end);
      b->op = Tok::kOr;
      b->op_pos = op_pos;
      b->x = x;
      b->y = y;
      x = b;
    }
    return x;
  }

  Expr* EmbeddedTerm() {
    if (tok_.tok == Tok::kTilde) {
      uint32_t pos = tok_.pos;
      Next();
      Expr* t = ParseType();
      auto* u = New<UnaryExpr>(pos, t->end);
      u->op = Tok::kTilde;
      u->x = t;
      return u;
    }
    Expr* t = TryIdentOrType();
    if (!t) ErrorExpected(tok_.pos, "~ term or type");
    return t;
  }

  InterfaceType* ParseInterfaceType() {
    uint32_t pos = Expect(Tok::kInterface);
    uint32_t lbrace = Expect(Tok::kLBrace);
    size_t mark = Mark();
    for (;;) {
      if (tok_.tok == Tok::kIdent) {
        Field* f = ParseMethodSpec();
        if (f->names.empty()) {
          f->type = EmbeddedElem(f->type);
          f->end = f->type->end;
        }
        f->comment = ExpectSemi();
        Push(f);
      } else if (tok_.tok == Tok::kTilde) {
        Expr* t = EmbeddedElem(nullptr);
        CommentGroup* comment = ExpectSemi();
        Push(NewField(nullptr, {}, t, nullptr, comment));
      } else if (Expr* t = TryIdentOrType()) {
        Expr* elem = EmbeddedElem(t);
        CommentGroup* comment = ExpectSemi();
        Push(NewField(nullptr, {}, elem, nullptr, comment));
      } else {
        break;
      }
    }
    uint32_t rbrace = Expect(Tok::kRBrace);
    auto* it = New<InterfaceType>(pos, rbrace + 1);
    it->methods = NewFieldList(lbrace, Finish<Field>(mark), rbrace);
    return it;
  }

  MapType* ParseMapType() {
    uint32_t pos = Expect(Tok::kMap);
    Expect(Tok::kLBrack);
    Expr* key = ParseType();
    Expect(Tok::kRBrack);
    Expr* value = ParseType();
    auto* m = New<MapType>(pos, value->end);
    m->key = key;
    m->value = value;
    return m;
  }

  ChanType* ParseChanType() {
    uint32_t pos = tok_.pos;
    ChanDir dir = ChanDir::kBoth;
    uint32_t arrow = kNoPos;
    if (tok_.tok == Tok::kChan) {
      Next();
      if (tok_.tok == Tok::kArrow) {
        arrow = tok_.pos;
        Next();
        dir = ChanDir::kSend;
      }
    } else {
      arrow = Expect(Tok::kArrow);
      Expect(Tok::kChan);
      dir = ChanDir::kRecv;
    }
    Expr* value = ParseType();
    auto* c = New<ChanType>(pos, value->end);
    c->dir = dir;
    c->arrow = arrow;
    c->value = value;
    return c;
  }

  Expr* ParseTypeInstance(Expr* type) {
    uint32_t opening = Expect(Tok::kLBrack);
    ++expr_lev_;
    size_t mark = Mark();
    while (tok_.tok != Tok::kRBrack && tok_.tok != Tok::kEOF) {
      Push(ParseType());
      if (!AtComma("type argument list", Tok::kRBrack)) break;
      Next();
    }
    --expr_lev_;
    uint32_t closing = ExpectClosing(Tok::kRBrack, "type argument list");
    if (scratch_.size() == mark) ErrorExpected(closing, "type argument list");
    return PackIndexExpr(type, opening, Finish<Expr>(mark), closing);
  }

  Expr* TryIdentOrType() {
    int saved = nest_lev_;
    IncNest();
    Expr* t = nullptr;
    switch (tok_.tok) {
      case Tok::kIdent:
        t = ParseTypeName(nullptr);
        if (tok_.tok == Tok::kLBrack) t = ParseTypeInstance(t);
        break;
      case Tok::kLBrack: {
        uint32_t lbrack = Expect(Tok::kLBrack);
        t = ParseArrayType(lbrack, nullptr);
        break;
      }
      case Tok::kStruct:
        t = ParseStructType();
        break;
      case Tok::kMul:
        t = ParsePointerType();
        break;
      case Tok::kFunc:
        t = ParseFuncType();
        break;
      case Tok::kInterface:
        t = ParseInterfaceType();
        break;
      case Tok::kMap:
        t = ParseMapType();
        break;
      case Tok::kChan:
      case Tok::kArrow:
        t = ParseChanType();
        break;
      case Tok::kLParen: {
        uint32_t lparen = tok_.pos;
        Next();
        Expr* x = ParseType();
        uint32_t rparen = Expect(Tok::kRParen);
        auto* p = New<ParenExpr>(lparen, rparen + 1);
        p->x = x;
        t = p;
        break;
      }
      default:
        break;
    }
    nest_lev_ = saved;
    return t;
  }

  // --- Blocks ----------------------------------------------------------------

  List<Stmt> ParseStmtList() {
    size_t mark = Mark();
    for (;;) {
      Tok t = tok_.tok;
      if (t == Tok::kCase || t == Tok::kDefault || t == Tok::kRBrace || t == Tok::kEOF) break;
      Push(ParseStmt());
    }
    return Finish<Stmt>(mark);
  }

  BlockStmt* ParseBlockStmt() {
    uint32_t lbrace = Expect(Tok::kLBrace);
    List<Stmt> list = ParseStmtList();
    uint32_t rbrace = Expect(Tok::kRBrace);
    auto* b = New<BlockStmt>(lbrace, rbrace + 1);
    b->lbrace = lbrace;
    b->rbrace = rbrace;
    b->list = list;
    return b;
  }

  // --- Expressions -----------------------------------------------------------

  Expr* ParseFuncTypeOrLit() {
    FuncType* type = ParseFuncType();
    if (tok_.tok != Tok::kLBrace) return type;
    ++expr_lev_;
    BlockStmt* body = ParseBlockStmt();
    --expr_lev_;
    auto* f = New<FuncLit>(type->pos, body->end);
    f->type = type;
    f->body = body;
    return f;
  }

  // May return a type (even [...]T); callers check.
  Expr* ParseOperand() {
    switch (tok_.tok) {
      case Tok::kIdent:
        return ParseIdent();
      case Tok::kInt:
      case Tok::kFloat:
      case Tok::kImag:
      case Tok::kChar:
      case Tok::kString: {
        auto* b = New<BasicLit>(tok_.pos, tok_.end);
        b->lit_kind = tok_.tok;
        b->value = Lit();
        Next();
        return b;
      }
      case Tok::kLParen: {
        uint32_t lparen = tok_.pos;
        Next();
        ++expr_lev_;
        Expr* x = ParseRhs();  // types may be parenthesized: (some type)
        --expr_lev_;
        uint32_t rparen = Expect(Tok::kRParen);
        auto* p = New<ParenExpr>(lparen, rparen + 1);
        p->x = x;
        return p;
      }
      case Tok::kFunc:
        return ParseFuncTypeOrLit();
      default:
        break;
    }
    if (Expr* t = TryIdentOrType()) return t;  // composite literal type or conversion
    ErrorExpected(tok_.pos, "operand");
  }

  Expr* ParseSelector(Expr* x) {
    Ident* sel = ParseIdent();
    auto* s = New<SelectorExpr>(x->pos, sel->end);
    s->x = x;
    s->sel = sel;
    return s;
  }

  Expr* ParseTypeAssertion(Expr* x) {
    uint32_t lparen = Expect(Tok::kLParen);
    Expr* type = nullptr;
    if (tok_.tok == Tok::kType) {
      Next();  // x.(type) in a type switch
    } else {
      type = ParseType();
    }
    uint32_t rparen = Expect(Tok::kRParen);
    auto* t = New<TypeAssertExpr>(x->pos, rparen + 1);
    t->x = x;
    t->type = type;
    t->lparen = lparen;
    return t;
  }

  Expr* ParseIndexOrSliceOrInstance(Expr* x) {
    uint32_t lbrack = Expect(Tok::kLBrack);
    if (tok_.tok == Tok::kRBrack) ErrorExpected(tok_.pos, "operand");
    ++expr_lev_;
    Expr* index[3] = {nullptr, nullptr, nullptr};
    uint32_t colons[2] = {kNoPos, kNoPos};
    int ncolons = 0;
    size_t mark = Mark();
    bool instance = false;
    if (tok_.tok != Tok::kColon) index[0] = ParseRhs();
    if (tok_.tok == Tok::kColon) {
      while (tok_.tok == Tok::kColon && ncolons < 2) {
        colons[ncolons++] = tok_.pos;
        Next();
        if (tok_.tok != Tok::kColon && tok_.tok != Tok::kRBrack && tok_.tok != Tok::kEOF) {
          index[ncolons] = ParseRhs();
        }
      }
    } else if (tok_.tok == Tok::kComma) {
      instance = true;
      Push(index[0]);
      while (tok_.tok == Tok::kComma) {
        Next();
        if (tok_.tok != Tok::kRBrack && tok_.tok != Tok::kEOF) Push(ParseType());
      }
    }
    --expr_lev_;
    uint32_t rbrack = Expect(Tok::kRBrack);
    if (ncolons > 0) {
      bool slice3 = ncolons == 2;
      if (slice3) {
        if (!index[1]) Error(colons[0], "middle index required in 3-index slice");
        if (!index[2]) Error(colons[1], "final index required in 3-index slice");
      }
      auto* s = New<SliceExpr>(x->pos, rbrack + 1);
      s->x = x;
      s->lbrack = lbrack;
      s->low = index[0];
      s->high = index[1];
      s->max = index[2];
      s->slice3 = slice3;
      return s;
    }
    if (!instance) return PackIndexExpr(x, lbrack, One(index[0]), rbrack);
    return PackIndexExpr(x, lbrack, Finish<Expr>(mark), rbrack);
  }

  CallExpr* ParseCallOrConversion(Expr* fun) {
    uint32_t lparen = Expect(Tok::kLParen);
    ++expr_lev_;
    uint32_t ellipsis = kNoPos;
    size_t mark = Mark();
    while (tok_.tok != Tok::kRParen && tok_.tok != Tok::kEOF && ellipsis == kNoPos) {
      Push(ParseRhs());  // builtins may take a type: make(some type, ...)
      if (tok_.tok == Tok::kEllipsis) {
        ellipsis = tok_.pos;
        Next();
      }
      if (!AtComma("argument list", Tok::kRParen)) break;
      Next();
    }
    --expr_lev_;
    List<Expr> args = Finish<Expr>(mark);
    uint32_t rparen = ExpectClosing(Tok::kRParen, "argument list");
    auto* c = New<CallExpr>(fun->pos, rparen + 1);
    c->fun = fun;
    c->args = args;
    c->lparen = lparen;
    c->ellipsis = ellipsis;
    return c;
  }

  Expr* ParseValue() {
    if (tok_.tok == Tok::kLBrace) return ParseLiteralValue(nullptr);
    return ParseExpr();
  }

  Expr* ParseElement() {
    Expr* x = ParseValue();
    if (tok_.tok == Tok::kColon) {
      uint32_t colon = tok_.pos;
      Next();
      Expr* v = ParseValue();
      auto* kv = New<KeyValueExpr>(x->pos, v->end);
      kv->key = x;
      kv->colon = colon;
      kv->value = v;
      x = kv;
    }
    return x;
  }

  Expr* ParseLiteralValue(Expr* type) {
    int saved = nest_lev_;
    IncNest();
    uint32_t lbrace = Expect(Tok::kLBrace);
    size_t mark = Mark();
    ++expr_lev_;
    while (tok_.tok != Tok::kRBrace && tok_.tok != Tok::kEOF) {
      Push(ParseElement());
      if (!AtComma("composite literal", Tok::kRBrace)) break;
      Next();
    }
    --expr_lev_;
    List<Expr> elts = Finish<Expr>(mark);
    uint32_t rbrace = ExpectClosing(Tok::kRBrace, "composite literal");
    auto* c = New<CompositeLit>(type ? type->pos : lbrace, rbrace + 1);
    c->type = type;
    c->elts = elts;
    c->lbrace = lbrace;
    c->rbrace = rbrace;
    nest_lev_ = saved;
    return c;
  }

  Expr* ParsePrimaryExpr(Expr* x) {
    if (!x) x = ParseOperand();
    int saved = nest_lev_;
    for (;;) {
      IncNest();
      switch (tok_.tok) {
        case Tok::kPeriod:
          Next();
          if (tok_.tok == Tok::kIdent) {
            x = ParseSelector(x);
          } else if (tok_.tok == Tok::kLParen) {
            x = ParseTypeAssertion(x);
          } else {
            ErrorExpected(tok_.pos, "selector or type assertion");
          }
          break;
        case Tok::kLBrack:
          x = ParseIndexOrSliceOrInstance(x);
          break;
        case Tok::kLParen:
          x = ParseCallOrConversion(x);
          break;
        case Tok::kLBrace: {
          // A composite literal, or the block of an if/for/switch header?
          Expr* t = Unparen(x);
          switch (t->kind) {
            case NodeKind::kIdent:
            case NodeKind::kSelectorExpr:
            case NodeKind::kIndexExpr:
              if (expr_lev_ < 0) {
                nest_lev_ = saved;
                return x;
              }
              break;
            case NodeKind::kArrayType:
            case NodeKind::kStructType:
            case NodeKind::kMapType:
              break;
            default:
              nest_lev_ = saved;
              return x;
          }
          if (t != x) Error(t->pos, "cannot parenthesize type in composite literal");
          x = ParseLiteralValue(x);
          break;
        }
        default:
          nest_lev_ = saved;
          return x;
      }
    }
  }

  Expr* ParseUnaryExpr() {
    int saved = nest_lev_;
    IncNest();
    Expr* result;
    switch (tok_.tok) {
      case Tok::kAdd:
      case Tok::kSub:
      case Tok::kNot:
      case Tok::kXor:
      case Tok::kAnd:
      case Tok::kTilde: {
        uint32_t pos = tok_.pos;
        Tok op = tok_.tok;
        Next();
        Expr* x = ParseUnaryExpr();
        auto* u = New<UnaryExpr>(pos, x->end);
        u->op = op;
        u->x = x;
        result = u;
        break;
      }
      case Tok::kArrow: {
        uint32_t arrow = tok_.pos;
        Next();
        Expr* x = ParseUnaryExpr();
        if (auto* typ = As<ChanType>(x)) {
          // <-chan T: the arrow belongs to the channel type(s) parsed; move
          // each arrow one channel type down: <-(chan<- T) is <-chan (<-T).
          ChanDir dir = ChanDir::kSend;
          while (typ && dir == ChanDir::kSend) {
            if (typ->dir == ChanDir::kRecv) ErrorExpected(typ->arrow, "'chan'");
            uint32_t next_arrow = typ->arrow;
            typ->pos = arrow;
            typ->arrow = arrow;
            arrow = next_arrow;
            dir = typ->dir;
            typ->dir = ChanDir::kRecv;
            typ = As<ChanType>(typ->value);
          }
          if (dir == ChanDir::kSend) ErrorExpected(arrow, "channel type");
          result = x;
        } else {
          auto* u = New<UnaryExpr>(arrow, x->end);
          u->op = Tok::kArrow;
          u->x = x;
          result = u;
        }
        break;
      }
      case Tok::kMul: {
        uint32_t pos = tok_.pos;
        Next();
        Expr* x = ParseUnaryExpr();
        auto* s = New<StarExpr>(pos, x->end);
        s->x = x;
        result = s;
        break;
      }
      default:
        result = ParsePrimaryExpr(nullptr);
    }
    nest_lev_ = saved;
    return result;
  }

  Expr* ParseBinaryExpr(Expr* x, int prec1) {
    if (!x) x = ParseUnaryExpr();
    int saved = nest_lev_;
    for (;;) {
      IncNest();
      Tok op = tok_.tok;
      if (in_rhs_ && op == Tok::kAssign) op = Tok::kEql;  // so that "x = y" in a rhs errors
      int oprec = Precedence(op);
      if (oprec < prec1) {
        nest_lev_ = saved;
        return x;
      }
      uint32_t pos = Expect(op);
      Expr* y = ParseBinaryExpr(nullptr, oprec + 1);
      auto* b = New<BinaryExpr>(x->pos, y->end);
      b->op = op;
      b->op_pos = pos;
      b->x = x;
      b->y = y;
      x = b;
    }
  }

  Expr* ParseExpr() { return ParseBinaryExpr(nullptr, 1); }

  Expr* ParseRhs() {
    bool old = in_rhs_;
    in_rhs_ = true;
    Expr* x = ParseExpr();
    in_rhs_ = old;
    return x;
  }

  // --- Statements ------------------------------------------------------------

  struct Simple {
    Stmt* stmt;
    bool is_range;
  };

  static bool IsAssignOp(Tok t) {
    switch (t) {
      case Tok::kDefine:
      case Tok::kAssign:
      case Tok::kAddAssign:
      case Tok::kSubAssign:
      case Tok::kMulAssign:
      case Tok::kQuoAssign:
      case Tok::kRemAssign:
      case Tok::kAndAssign:
      case Tok::kOrAssign:
      case Tok::kXorAssign:
      case Tok::kShlAssign:
      case Tok::kShrAssign:
      case Tok::kAndNotAssign:
        return true;
      default:
        return false;
    }
  }

  UnaryExpr* ParseRangeExpr() {
    uint32_t pos = tok_.pos;
    Next();
    Expr* x = ParseRhs();
    auto* u = New<UnaryExpr>(pos, x->end);
    u->op = Tok::kRange;
    u->x = x;
    return u;
  }

  Simple ParseSimpleStmt(SimpleMode mode) {
    List<Expr> x = ParseList(false);
    if (IsAssignOp(tok_.tok)) {
      uint32_t pos = tok_.pos;
      Tok tok = tok_.tok;
      Next();
      List<Expr> y;
      bool is_range = false;
      if (mode == SimpleMode::kRangeOk && tok_.tok == Tok::kRange &&
          (tok == Tok::kDefine || tok == Tok::kAssign)) {
        y = One<Expr>(ParseRangeExpr());
        is_range = true;
      } else {
        y = ParseList(true);
      }
      auto* a = New<AssignStmt>(x.front()->pos, y.back()->end);
      a->lhs = x;
      a->tok = tok;
      a->tok_pos = pos;
      a->rhs = y;
      return {a, is_range};
    }
    if (x.size() > 1) ErrorExpected(x[0]->pos, "1 expression");
    switch (tok_.tok) {
      case Tok::kColon: {
        uint32_t colon = tok_.pos;
        Next();
        auto* label = As<Ident>(x[0]);
        if (mode != SimpleMode::kLabelOk || !label) Error(colon, "illegal label declaration");
        Stmt* s = ParseStmt();
        auto* l = New<LabeledStmt>(label->pos, s->end);
        l->label = label;
        l->colon = colon;
        l->stmt = s;
        return {l, false};
      }
      case Tok::kArrow: {
        uint32_t arrow = tok_.pos;
        Next();
        Expr* y = ParseRhs();
        auto* s = New<SendStmt>(x[0]->pos, y->end);
        s->chan = x[0];
        s->arrow = arrow;
        s->value = y;
        return {s, false};
      }
      case Tok::kInc:
      case Tok::kDec: {
        auto* s = New<IncDecStmt>(x[0]->pos, tok_.pos + 2);
        s->x = x[0];
        s->tok = tok_.tok;
        s->tok_pos = tok_.pos;
        Next();
        return {s, false};
      }
      default: {
        auto* s = New<ExprStmt>(x[0]->pos, x[0]->end);
        s->x = x[0];
        return {s, false};
      }
    }
  }

  CallExpr* ParseCallExpr(const char* call_type) {
    Expr* x = ParseRhs();  // could be a conversion: (some type)(x)
    if (Unparen(x) != x) {
      Error(x->pos, "expression in ", call_type, " must not be parenthesized");
    }
    if (auto* call = As<CallExpr>(x)) return call;
    Error(x->end, "expression in ", call_type, " must be function call");
  }

  Stmt* ParseGoStmt() {
    uint32_t pos = Expect(Tok::kGo);
    CallExpr* call = ParseCallExpr("go");
    ExpectSemi();
    auto* s = New<GoStmt>(pos, call->end);
    s->call = call;
    return s;
  }

  Stmt* ParseDeferStmt() {
    uint32_t pos = Expect(Tok::kDefer);
    CallExpr* call = ParseCallExpr("defer");
    ExpectSemi();
    auto* s = New<DeferStmt>(pos, call->end);
    s->call = call;
    return s;
  }

  Stmt* ParseReturnStmt() {
    uint32_t pos = Expect(Tok::kReturn);
    List<Expr> x;
    if (tok_.tok != Tok::kSemicolon && tok_.tok != Tok::kRBrace) x = ParseList(true);
    ExpectSemi();
    auto* r = New<ReturnStmt>(pos, x.empty() ? pos + 6 : x.back()->end);
    r->results = x;
    return r;
  }

  Stmt* ParseBranchStmt(Tok tok) {
    uint32_t pos = Expect(tok);
    Ident* label = nullptr;
    if (tok == Tok::kGoto ||
        ((tok == Tok::kContinue || tok == Tok::kBreak) && tok_.tok == Tok::kIdent)) {
      label = ParseIdent();
    }
    ExpectSemi();
    auto* b = New<BranchStmt>(
        pos, label ? label->end : pos + static_cast<uint32_t>(TokString(tok).size()));
    b->tok = tok;
    b->label = label;
    return b;
  }

  Expr* MakeExpr(Stmt* s, const char* want) {
    if (!s) return nullptr;
    if (auto* es = As<ExprStmt>(s)) return es->x;
    Error(s->pos, "expected ", want,
          As<AssignStmt>(s) ? ", found assignment" : ", found simple statement",
          " (missing parentheses around composite literal?)");
  }

  std::pair<Stmt*, Expr*> ParseIfHeader() {
    if (tok_.tok == Tok::kLBrace) Error(tok_.pos, "missing condition in if statement");
    int prev_lev = expr_lev_;
    expr_lev_ = -1;
    Stmt* init = nullptr;
    if (tok_.tok != Tok::kSemicolon) {
      if (tok_.tok == Tok::kVar) {
        Next();
        Error(tok_.pos, "var declaration not allowed in if initializer");
      }
      init = ParseSimpleStmt(SimpleMode::kBasic).stmt;
    }
    Stmt* cond_stmt = nullptr;
    bool semi = false;
    uint32_t semi_pos = kNoPos;
    bool semi_implicit = false;
    if (tok_.tok != Tok::kLBrace) {
      if (tok_.tok == Tok::kSemicolon) {
        semi = true;
        semi_pos = tok_.pos;
        semi_implicit = tok_.implicit;
        Next();
      } else {
        Expect(Tok::kSemicolon);
      }
      if (tok_.tok != Tok::kLBrace) cond_stmt = ParseSimpleStmt(SimpleMode::kBasic).stmt;
    } else {
      cond_stmt = init;
      init = nullptr;
    }
    Expr* cond = nullptr;
    if (cond_stmt) {
      cond = MakeExpr(cond_stmt, "boolean expression");
    } else if (semi) {
      Error(semi_pos, semi_implicit ? "unexpected newline, expecting { after if clause"
                                    : "missing condition in if statement");
    }
    expr_lev_ = prev_lev;
    return {init, cond};
  }

  Stmt* ParseIfStmt() {
    int saved = nest_lev_;
    IncNest();
    uint32_t pos = Expect(Tok::kIf);
    auto [init, cond] = ParseIfHeader();
    BlockStmt* body = ParseBlockStmt();
    Stmt* else_ = nullptr;
    if (tok_.tok == Tok::kElse) {
      Next();
      if (tok_.tok == Tok::kIf) {
        else_ = ParseIfStmt();
      } else if (tok_.tok == Tok::kLBrace) {
        else_ = ParseBlockStmt();
        ExpectSemi();
      } else {
        ErrorExpected(tok_.pos, "if statement or block");
      }
    } else {
      ExpectSemi();
    }
    auto* s = New<IfStmt>(pos, else_ ? else_->end : body->end);
    s->init = init;
    s->cond = cond;
    s->body = body;
    s->else_ = else_;
    nest_lev_ = saved;
    return s;
  }

  CaseClause* ParseCaseClause() {
    uint32_t pos = tok_.pos;
    List<Expr> list;
    if (tok_.tok == Tok::kCase) {
      Next();
      list = ParseList(true);
    } else {
      Expect(Tok::kDefault);
    }
    uint32_t colon = Expect(Tok::kColon);
    List<Stmt> body = ParseStmtList();
    auto* c = New<CaseClause>(pos, body.empty() ? colon + 1 : body.back()->end);
    c->list = list;
    c->colon = colon;
    c->body = body;
    return c;
  }

  static bool IsTypeSwitchAssert(Expr* x) {
    auto* a = As<TypeAssertExpr>(x);
    return a && !a->type;
  }

  bool IsTypeSwitchGuard(Stmt* s) {
    if (!s) return false;
    if (auto* e = As<ExprStmt>(s)) return IsTypeSwitchAssert(e->x);
    if (auto* a = As<AssignStmt>(s)) {
      if (a->lhs.size() == 1 && a->rhs.size() == 1 && IsTypeSwitchAssert(a->rhs[0])) {
        if (a->tok == Tok::kAssign) Error(a->tok_pos, "expected ':=', found '='");
        if (a->tok == Tok::kDefine) return true;
      }
    }
    return false;
  }

  Stmt* ParseSwitchStmt() {
    uint32_t pos = Expect(Tok::kSwitch);
    Stmt* s1 = nullptr;
    Stmt* s2 = nullptr;
    if (tok_.tok != Tok::kLBrace) {
      int prev_lev = expr_lev_;
      expr_lev_ = -1;
      if (tok_.tok != Tok::kSemicolon) s2 = ParseSimpleStmt(SimpleMode::kBasic).stmt;
      if (tok_.tok == Tok::kSemicolon) {
        Next();
        s1 = s2;
        s2 = nullptr;
        if (tok_.tok != Tok::kLBrace) s2 = ParseSimpleStmt(SimpleMode::kBasic).stmt;
      }
      expr_lev_ = prev_lev;
    }
    bool type_switch = IsTypeSwitchGuard(s2);
    uint32_t lbrace = Expect(Tok::kLBrace);
    size_t mark = Mark();
    while (tok_.tok == Tok::kCase || tok_.tok == Tok::kDefault)
      Push(ParseCaseClause());
    uint32_t rbrace = Expect(Tok::kRBrace);
    ExpectSemi();
    auto* body = New<BlockStmt>(lbrace, rbrace + 1);
    body->lbrace = lbrace;
    body->rbrace = rbrace;
    body->list = Finish<Stmt>(mark);
    if (type_switch) {
      auto* t = New<TypeSwitchStmt>(pos, body->end);
      t->init = s1;
      t->assign = s2;
      t->body = body;
      return t;
    }
    auto* s = New<SwitchStmt>(pos, body->end);
    s->init = s1;
    s->tag = MakeExpr(s2, "switch expression");
    s->body = body;
    return s;
  }

  CommClause* ParseCommClause() {
    uint32_t pos = tok_.pos;
    Stmt* comm = nullptr;
    if (tok_.tok == Tok::kCase) {
      Next();
      List<Expr> lhs = ParseList(false);
      if (tok_.tok == Tok::kArrow) {
        if (lhs.size() > 1) ErrorExpected(lhs[0]->pos, "1 expression");
        uint32_t arrow = tok_.pos;
        Next();
        Expr* rhs = ParseRhs();
        auto* s = New<SendStmt>(lhs[0]->pos, rhs->end);
        s->chan = lhs[0];
        s->arrow = arrow;
        s->value = rhs;
        comm = s;
      } else if (tok_.tok == Tok::kAssign || tok_.tok == Tok::kDefine) {
        if (lhs.size() > 2) ErrorExpected(lhs[0]->pos, "1 or 2 expressions");
        Tok tok = tok_.tok;
        uint32_t tok_pos = tok_.pos;
        Next();
        Expr* rhs = ParseRhs();
        auto* a = New<AssignStmt>(lhs[0]->pos, rhs->end);
        a->lhs = lhs;
        a->tok = tok;
        a->tok_pos = tok_pos;
        a->rhs = One(rhs);
        comm = a;
      } else {
        if (lhs.size() > 1) ErrorExpected(lhs[0]->pos, "1 expression");
        auto* e = New<ExprStmt>(lhs[0]->pos, lhs[0]->end);
        e->x = lhs[0];
        comm = e;
      }
    } else {
      Expect(Tok::kDefault);
    }
    uint32_t colon = Expect(Tok::kColon);
    List<Stmt> body = ParseStmtList();
    auto* c = New<CommClause>(pos, body.empty() ? colon + 1 : body.back()->end);
    c->comm = comm;
    c->colon = colon;
    c->body = body;
    return c;
  }

  Stmt* ParseSelectStmt() {
    uint32_t pos = Expect(Tok::kSelect);
    uint32_t lbrace = Expect(Tok::kLBrace);
    size_t mark = Mark();
    while (tok_.tok == Tok::kCase || tok_.tok == Tok::kDefault)
      Push(ParseCommClause());
    uint32_t rbrace = Expect(Tok::kRBrace);
    ExpectSemi();
    auto* body = New<BlockStmt>(lbrace, rbrace + 1);
    body->lbrace = lbrace;
    body->rbrace = rbrace;
    body->list = Finish<Stmt>(mark);
    auto* s = New<SelectStmt>(pos, body->end);
    s->body = body;
    return s;
  }

  Stmt* ParseForStmt() {
    uint32_t pos = Expect(Tok::kFor);
    Stmt* s1 = nullptr;
    Stmt* s2 = nullptr;
    Stmt* s3 = nullptr;
    bool is_range = false;
    if (tok_.tok != Tok::kLBrace) {
      int prev_lev = expr_lev_;
      expr_lev_ = -1;
      if (tok_.tok != Tok::kSemicolon) {
        if (tok_.tok == Tok::kRange) {
          // for range x
          UnaryExpr* r = ParseRangeExpr();
          auto* a = New<AssignStmt>(r->pos, r->end);
          a->tok = Tok::kIllegal;
          a->tok_pos = kNoPos;
          a->rhs = One<Expr>(r);
          s2 = a;
          is_range = true;
        } else {
          Simple s = ParseSimpleStmt(SimpleMode::kRangeOk);
          s2 = s.stmt;
          is_range = s.is_range;
        }
      }
      if (!is_range && tok_.tok == Tok::kSemicolon) {
        Next();
        s1 = s2;
        s2 = nullptr;
        if (tok_.tok != Tok::kSemicolon) s2 = ParseSimpleStmt(SimpleMode::kBasic).stmt;
        ExpectSemi();
        if (tok_.tok != Tok::kLBrace) s3 = ParseSimpleStmt(SimpleMode::kBasic).stmt;
      }
      expr_lev_ = prev_lev;
    }
    BlockStmt* body = ParseBlockStmt();
    ExpectSemi();
    if (is_range) {
      auto* as = static_cast<AssignStmt*>(s2);
      auto* r = New<RangeStmt>(pos, body->end);
      switch (as->lhs.size()) {
        case 0:
          break;
        case 1:
          r->key = as->lhs[0];
          break;
        case 2:
          r->key = as->lhs[0];
          r->value = as->lhs[1];
          break;
        default:
          ErrorExpected(as->lhs.back()->pos, "at most 2 expressions");
      }
      auto* u = static_cast<UnaryExpr*>(as->rhs[0]);
      r->tok = as->tok;
      r->tok_pos = as->tok_pos;
      r->range = u->pos;
      r->x = u->x;
      r->body = body;
      return r;
    }
    auto* f = New<ForStmt>(pos, body->end);
    f->init = s1;
    f->cond = MakeExpr(s2, "boolean or range expression");
    f->post = s3;
    f->body = body;
    return f;
  }

  Stmt* ParseStmt() {
    int saved = nest_lev_;
    IncNest();
    Stmt* s;
    switch (tok_.tok) {
      case Tok::kConst:
      case Tok::kType:
      case Tok::kVar: {
        GenDecl* d = ParseGenDecl(tok_.tok);
        auto* ds = New<DeclStmt>(d->pos, d->end);
        ds->decl = d;
        s = ds;
        break;
      }
      case Tok::kIdent:
      case Tok::kInt:
      case Tok::kFloat:
      case Tok::kImag:
      case Tok::kChar:
      case Tok::kString:
      case Tok::kFunc:
      case Tok::kLParen:
      case Tok::kLBrack:
      case Tok::kStruct:
      case Tok::kMap:
      case Tok::kChan:
      case Tok::kInterface:
      case Tok::kAdd:
      case Tok::kSub:
      case Tok::kMul:
      case Tok::kAnd:
      case Tok::kXor:
      case Tok::kArrow:
      case Tok::kNot:
        s = ParseSimpleStmt(SimpleMode::kLabelOk).stmt;
        // A labeled statement ends with its statement's semicolon.
        if (s->kind != NodeKind::kLabeledStmt) ExpectSemi();
        break;
      case Tok::kGo:
        s = ParseGoStmt();
        break;
      case Tok::kDefer:
        s = ParseDeferStmt();
        break;
      case Tok::kReturn:
        s = ParseReturnStmt();
        break;
      case Tok::kBreak:
      case Tok::kContinue:
      case Tok::kGoto:
      case Tok::kFallthrough:
        s = ParseBranchStmt(tok_.tok);
        break;
      case Tok::kLBrace:
        s = ParseBlockStmt();
        ExpectSemi();
        break;
      case Tok::kIf:
        s = ParseIfStmt();
        break;
      case Tok::kSwitch:
        s = ParseSwitchStmt();
        break;
      case Tok::kSelect:
        s = ParseSelectStmt();
        break;
      case Tok::kFor:
        s = ParseForStmt();
        break;
      case Tok::kSemicolon: {
        auto* e = New<EmptyStmt>(tok_.pos, tok_.implicit ? tok_.pos : tok_.pos + 1);
        e->implicit = tok_.implicit;
        Next();
        s = e;
        break;
      }
      case Tok::kRBrace: {
        // A semicolon may be omitted before '}' (only reached after a label).
        auto* e = New<EmptyStmt>(tok_.pos, tok_.pos);
        e->implicit = true;
        s = e;
        break;
      }
      default:
        ErrorExpected(tok_.pos, "statement");
    }
    nest_lev_ = saved;
    return s;
  }

  // --- Declarations ----------------------------------------------------------

  Spec* ParseImportSpec(CommentGroup* doc) {
    Ident* ident = nullptr;
    if (tok_.tok == Tok::kIdent) {
      ident = ParseIdent();
    } else if (tok_.tok == Tok::kPeriod) {
      ident = NewIdent(tok_.pos, ".");
      Next();
    }
    if (tok_.tok != Tok::kString) {
      Error(tok_.pos, IsLiteral(tok_.tok) ? "import path must be a string" : "missing import path");
    }
    auto* path = New<BasicLit>(tok_.pos, tok_.end);
    path->lit_kind = Tok::kString;
    path->value = Lit();
    Next();
    CommentGroup* comment = ExpectSemi();
    auto* s = New<ImportSpec>(ident ? ident->pos : path->pos, path->end);
    s->doc = doc;
    s->name = ident;
    s->path = path;
    s->comment = comment;
    imports_.push_back(s);
    return s;
  }

  Spec* ParseValueSpec(CommentGroup* doc, Tok keyword) {
    List<Ident> names = ParseIdentList();
    Expr* type = nullptr;
    List<Expr> values;
    if (keyword == Tok::kConst) {
      // The type and values are optional here for tolerance, as in go/parser.
      if (tok_.tok != Tok::kEOF && tok_.tok != Tok::kSemicolon && tok_.tok != Tok::kRParen) {
        type = TryIdentOrType();
        if (tok_.tok == Tok::kAssign) {
          Next();
          values = ParseList(true);
        }
      }
    } else {
      if (tok_.tok != Tok::kAssign) type = ParseType();
      if (tok_.tok == Tok::kAssign) {
        Next();
        values = ParseList(true);
      }
    }
    CommentGroup* comment = ExpectSemi();
    uint32_t end = !values.empty() ? values.back()->end : type ? type->end : names.back()->end;
    auto* s = New<ValueSpec>(names.front()->pos, end);
    s->doc = doc;
    s->names = names;
    s->type = type;
    s->values = values;
    s->comment = comment;
    return s;
  }

  // Whether x is (possibly parenthesized) unambiguously a type element
  // rather than a value expression. Loops down left operands, recurses only
  // into right ones, which nest no deeper than the parser itself recursed.
  static bool IsTypeElem(Expr* x) {
    for (;;) {
      switch (x->kind) {
        case NodeKind::kArrayType:
        case NodeKind::kStructType:
        case NodeKind::kFuncType:
        case NodeKind::kInterfaceType:
        case NodeKind::kMapType:
        case NodeKind::kChanType:
          return true;
        case NodeKind::kBinaryExpr: {
          auto* b = static_cast<BinaryExpr*>(x);
          if (IsTypeElem(b->y)) return true;
          x = b->x;
          continue;
        }
        case NodeKind::kUnaryExpr:
          return static_cast<UnaryExpr*>(x)->op == Tok::kTilde;
        case NodeKind::kParenExpr:
          x = static_cast<ParenExpr*>(x)->x;
          continue;
        default:
          return false;
      }
    }
  }

  // Splits x into a type parameter name and its constraint if x can be
  // read as "name constraint" (see go/parser's extractName).
  std::pair<Ident*, Expr*> ExtractName(Expr* x, bool force) {
    switch (x->kind) {
      case NodeKind::kIdent:
        return {static_cast<Ident*>(x), nullptr};
      case NodeKind::kBinaryExpr: {
        auto* b = static_cast<BinaryExpr*>(x);
        if (b->op == Tok::kMul) {
          if (auto* name = As<Ident>(b->x); name && (force || IsTypeElem(b->y))) {
            auto* s = New<StarExpr>(b->op_pos, b->y->end);
            s->x = b->y;
            return {name, s};
          }
        } else if (b->op == Tok::kOr) {
          CheckStack();  // recurses along a|b|c|..., which parsed iteratively
          auto [name, lhs] = ExtractName(b->x, force || IsTypeElem(b->y));
          if (name && lhs) {
            auto* op = New<BinaryExpr>(lhs->pos, b->end);
            op->op = b->op;
            op->op_pos = b->op_pos;
            op->x = lhs;
            op->y = b->y;
            return {name, op};
          }
        }
        break;
      }
      case NodeKind::kCallExpr: {
        auto* c = static_cast<CallExpr*>(x);
        if (auto* name = As<Ident>(c->fun)) {
          if (c->args.size() == 1 && c->ellipsis == kNoPos && (force || IsTypeElem(c->args[0]))) {
            auto* p = New<ParenExpr>(c->lparen, c->end);
            p->x = c->args[0];
            return {name, p};
          }
        }
        break;
      }
      default:
        break;
    }
    return {nullptr, x};
  }

  void ParseGenericType(TypeSpec* spec, uint32_t open, Ident* name0, Expr* type0) {
    List<Field> list = ParseParameterList(name0, type0, Tok::kRBrack, false);
    uint32_t close = Expect(Tok::kRBrack);
    spec->type_params = NewFieldList(open, list, close);
    if (tok_.tok == Tok::kAssign) {
      spec->assign = tok_.pos;
      Next();
    }
    spec->type = ParseType();
  }

  Spec* ParseTypeSpec(CommentGroup* doc) {
    Ident* name = ParseIdent();
    auto* spec = New<TypeSpec>(name->pos, 0);
    spec->doc = doc;
    spec->name = name;
    if (tok_.tok == Tok::kLBrack) {
      // An array or slice type, or a type parameter list.
      uint32_t lbrack = tok_.pos;
      Next();
      if (tok_.tok == Tok::kIdent) {
        Expr* x = ParseIdent();
        if (tok_.tok != Tok::kLBrack) {
          ++expr_lev_;
          Expr* lhs = ParsePrimaryExpr(x);
          x = ParseBinaryExpr(lhs, 1);
          --expr_lev_;
        }
        auto [pname, ptype] = ExtractName(x, tok_.tok == Tok::kComma);
        if (pname && (ptype || tok_.tok != Tok::kRBrack)) {
          ParseGenericType(spec, lbrack, pname, ptype);
        } else {
          spec->type = ParseArrayType(lbrack, x);
        }
      } else {
        spec->type = ParseArrayType(lbrack, nullptr);
      }
    } else {
      if (tok_.tok == Tok::kAssign) {
        spec->assign = tok_.pos;
        Next();
      }
      spec->type = ParseType();
    }
    spec->comment = ExpectSemi();
    spec->end = spec->type->end;
    return spec;
  }

  GenDecl* ParseGenDecl(Tok keyword) {
    CommentGroup* doc = lead_comment_;
    uint32_t pos = Expect(keyword);
    uint32_t lparen = kNoPos, rparen = kNoPos;
    size_t mark = Mark();
    if (tok_.tok == Tok::kLParen) {
      lparen = tok_.pos;
      Next();
      while (tok_.tok != Tok::kRParen && tok_.tok != Tok::kEOF)
        Push(ParseSpec(lead_comment_, keyword));
      rparen = Expect(Tok::kRParen);
      ExpectSemi();
    } else {
      Push(ParseSpec(nullptr, keyword));
    }
    List<Spec> specs = Finish<Spec>(mark);
    auto* d = New<GenDecl>(pos, rparen != kNoPos ? rparen + 1 : specs.front()->end);
    d->doc = doc;
    d->tok = keyword;
    d->lparen = lparen;
    d->specs = specs;
    d->rparen = rparen;
    return d;
  }

  Spec* ParseSpec(CommentGroup* doc, Tok keyword) {
    switch (keyword) {
      case Tok::kImport:
        return ParseImportSpec(doc);
      case Tok::kType:
        return ParseTypeSpec(doc);
      default:
        return ParseValueSpec(doc, keyword);
    }
  }

  FuncDecl* ParseFuncDecl() {
    CommentGroup* doc = lead_comment_;
    uint32_t pos = Expect(Tok::kFunc);
    FieldList* recv = nullptr;
    if (tok_.tok == Tok::kLParen) recv = ParseParameters(false);
    Ident* name = ParseIdent();
    FieldList* tparams = nullptr;
    if (tok_.tok == Tok::kLBrack) {
      tparams = ParseTypeParameters();
      if (recv) Error(tparams->opening, "method must have no type parameters");
    }
    FieldList* params = ParseParameters(false);
    FieldList* results = ParseParameters(true);
    BlockStmt* body = nullptr;
    switch (tok_.tok) {
      case Tok::kLBrace:
        body = ParseBlockStmt();
        ExpectSemi();
        break;
      case Tok::kSemicolon:
        Next();
        if (tok_.tok == Tok::kLBrace) Error(tok_.pos, "unexpected semicolon or newline before {");
        break;
      default:
        ExpectSemi();
    }
    FuncType* type = NewFuncType(pos, tparams, params, results);
    auto* d = New<FuncDecl>(pos, body ? body->end : type->end);
    d->doc = doc;
    d->recv = recv;
    d->name = name;
    d->type = type;
    d->body = body;
    return d;
  }

  Decl* ParseDecl() {
    switch (tok_.tok) {
      case Tok::kImport:
      case Tok::kConst:
      case Tok::kVar:
      case Tok::kType:
        return ParseGenDecl(tok_.tok);
      case Tok::kFunc:
        return ParseFuncDecl();
      default:
        ErrorExpected(tok_.pos, "declaration");
    }
  }

  Lexer lex_;
  Arena& arena_;
  const ParseOptions& options_;
  std::optional<StackGuard> stack_;  // set when ParseFile starts

  Token tok_;
  int expr_lev_ = 0;     // < 0: in a control clause header; >= 0: in an expression
  bool in_rhs_ = false;  // parsing a right-hand side
  int nest_lev_ = 0;

  CommentGroup* lead_comment_ = nullptr;
  CommentGroup* line_comment_ = nullptr;
  std::vector<CommentGroup*> comments_;
  std::vector<Comment> comment_scratch_;
  std::vector<ImportSpec*> imports_;
  std::vector<Node*> scratch_;
  std::vector<Param> params_;

  uint32_t error_offset_ = 0;
  std::string error_message_;
};

File* Parser::ParseFile() {
  stack_.emplace(options_.max_stack_bytes);
  Next();
  CommentGroup* doc = lead_comment_;
  uint32_t pos = Expect(Tok::kPackage);
  Ident* name = ParseIdent();
  ExpectSemi();
  size_t mark = Mark();
  while (tok_.tok == Tok::kImport)
    Push(ParseGenDecl(Tok::kImport));
  Tok prev = Tok::kImport;
  while (tok_.tok != Tok::kEOF) {
    if (tok_.tok == Tok::kImport && prev != Tok::kImport) {
      Error(tok_.pos, "imports must appear before other declarations");
    }
    prev = tok_.tok;
    Push(ParseDecl());
  }
  List<Decl> decls = Finish<Decl>(mark);
  auto* f = New<File>(pos, decls.empty() ? name->end : decls.back()->end);
  f->doc = doc;
  f->package = pos;
  f->name = name;
  f->decls = decls;
  f->imports = arena_.Copy(std::span<ImportSpec* const>(imports_));
  f->comments = arena_.Copy(std::span<CommentGroup* const>(comments_));
  return f;
}

}  // namespace

std::unique_ptr<ParsedFile> ParsedFile::Parse(std::string filename, std::string source,
                                              const ParseOptions& options) {
  std::unique_ptr<ParsedFile> pf(new ParsedFile());
  pf->filename_ = std::move(filename);
  pf->source_ = std::move(source);
  if (pf->source_.size() >= UINT32_MAX) {
    pf->error_ = {Position{1, 1, 0}, "file too large"};
    return pf;
  }
  Parser parser(pf->source_, pf->arena_, pf->lines_, options);
  try {
    pf->file_ = parser.ParseFile();
  } catch (const Abort&) {
    pf->file_ = nullptr;
    pf->error_.pos = pf->lines_.Lookup(parser.error_offset());
    pf->error_.message = parser.error_message();
  }
  return pf;
}

std::string ParsedFile::FormatError() const {
  return filename_ + ":" + FormatLineCol(error_.pos) + ": " + error_.message;
}

}  // namespace gopit::golang
