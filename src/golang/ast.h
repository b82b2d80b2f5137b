// The syntax tree of one Go source file.
//
// The shapes follow go/ast closely (same node kinds, same fields, same
// begin/end conventions), so that knowledge of go/ast transfers and the
// conformance test can compare the two node by node. Differences:
//  - IndexExpr holds one or more indices (go/ast's IndexExpr and
//    IndexListExpr); `indices.size() > 1` is an instantiation with several
//    type arguments.
//  - There are no Bad* nodes: a file with a syntax error yields an error,
//    not a partial tree.
//  - No object resolution (identifiers are not linked to declarations).
//
// Memory: every node lives in the Arena of its ParsedFile and is trivially
// destructible; strings are views into the file's source text. A tree is
// immutable once built and may be read from several threads.
//
// Positions: `pos` is the byte offset of the node's first byte and `end`
// the offset just after its last byte, as go/ast's Pos() and End() define
// them. Token positions inside a node use kNoPos when the token is absent.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "golang/source.h"
#include "golang/token.h"

namespace gopit::golang {

enum class NodeKind : uint8_t {
  // Expressions and types.
  kIdent,
  kEllipsis,
  kBasicLit,
  kFuncLit,
  kCompositeLit,
  kParenExpr,
  kSelectorExpr,
  kIndexExpr,
  kSliceExpr,
  kTypeAssertExpr,
  kCallExpr,
  kStarExpr,
  kUnaryExpr,
  kBinaryExpr,
  kKeyValueExpr,
  kArrayType,
  kStructType,
  kFuncType,
  kInterfaceType,
  kMapType,
  kChanType,
  // Statements.
  kDeclStmt,
  kEmptyStmt,
  kLabeledStmt,
  kExprStmt,
  kSendStmt,
  kIncDecStmt,
  kAssignStmt,
  kGoStmt,
  kDeferStmt,
  kReturnStmt,
  kBranchStmt,
  kBlockStmt,
  kIfStmt,
  kCaseClause,
  kSwitchStmt,
  kTypeSwitchStmt,
  kCommClause,
  kSelectStmt,
  kForStmt,
  kRangeStmt,
  // Specs and declarations.
  kImportSpec,
  kValueSpec,
  kTypeSpec,
  kGenDecl,
  kFuncDecl,
  // Other.
  kField,
  kFieldList,
  kFile,
};

// The go/ast type name of a kind ("CallExpr").
std::string_view NodeKindName(NodeKind k);

struct Node {
  NodeKind kind;
  uint32_t pos = 0;
  uint32_t end = 0;

 protected:
  explicit Node(NodeKind k) : kind(k) {}
};

struct Expr : Node {
 protected:
  using Node::Node;
};
struct Stmt : Node {
 protected:
  using Node::Node;
};
struct Spec : Node {
 protected:
  using Node::Node;
};
struct Decl : Node {
 protected:
  using Node::Node;
};

// Read-only list of nodes in the arena.
template <typename T>
using List = std::span<T* const>;

// Downcast with a kind check: nullptr when `n` is null or of another kind.
template <typename T>
T* As(Node* n) {
  return n && n->kind == T::kKind ? static_cast<T*>(n) : nullptr;
}
template <typename T>
const T* As(const Node* n) {
  return n && n->kind == T::kKind ? static_cast<const T*>(n) : nullptr;
}

#define GOPIT_NODE(Name, Base)                         \
  static constexpr NodeKind kKind = NodeKind::k##Name; \
  Name() : Base(kKind) {}

// ---------------------------------------------------------------------------
// Comments

struct Comment {
  uint32_t pos = 0;       // offset of the leading '/'
  uint32_t end = 0;       // offset after the comment ("*/" included, '\n' not)
  std::string_view text;  // the source bytes, "//..." or "/*...*/"
};

// Adjacent comments with no token and at most one line between them.
struct CommentGroup {
  std::span<const Comment> list;  // never empty
  uint32_t pos() const { return list.front().pos; }
  uint32_t end() const { return list.back().end; }
};

// ---------------------------------------------------------------------------
// Expressions and types

struct Field;
struct FieldList;
struct BlockStmt;
struct FuncType;

struct Ident : Expr {
  GOPIT_NODE(Ident, Expr)
  std::string_view name;
};

// "..." in parameter lists (elt set) or array lengths "[...]T" (elt null).
struct Ellipsis : Expr {
  GOPIT_NODE(Ellipsis, Expr)
  Expr* elt = nullptr;
};

struct BasicLit : Expr {
  GOPIT_NODE(BasicLit, Expr)
  Tok lit_kind = Tok::kInt;  // kInt, kFloat, kImag, kChar or kString
  std::string_view value;    // source text, quotes included (raw strings keep '\r')
};

struct FuncLit : Expr {
  GOPIT_NODE(FuncLit, Expr)
  FuncType* type = nullptr;
  BlockStmt* body = nullptr;
};

struct CompositeLit : Expr {
  GOPIT_NODE(CompositeLit, Expr)
  Expr* type = nullptr;  // null for elided types inside another literal
  List<Expr> elts;
  uint32_t lbrace = 0;
  uint32_t rbrace = 0;
};

struct ParenExpr : Expr {
  GOPIT_NODE(ParenExpr, Expr)
  Expr* x = nullptr;
};

struct SelectorExpr : Expr {
  GOPIT_NODE(SelectorExpr, Expr)
  Expr* x = nullptr;
  Ident* sel = nullptr;
};

// x[i] or, with generics, x[T1, T2].
struct IndexExpr : Expr {
  GOPIT_NODE(IndexExpr, Expr)
  Expr* x = nullptr;
  List<Expr> indices;  // at least one
  uint32_t lbrack = 0;
};

struct SliceExpr : Expr {
  GOPIT_NODE(SliceExpr, Expr)
  Expr* x = nullptr;
  Expr* low = nullptr;
  Expr* high = nullptr;
  Expr* max = nullptr;
  bool slice3 = false;
  uint32_t lbrack = 0;
};

// x.(T); `type` is null for x.(type) in a type switch.
struct TypeAssertExpr : Expr {
  GOPIT_NODE(TypeAssertExpr, Expr)
  Expr* x = nullptr;
  Expr* type = nullptr;
  uint32_t lparen = 0;
};

struct CallExpr : Expr {
  GOPIT_NODE(CallExpr, Expr)
  Expr* fun = nullptr;
  List<Expr> args;
  uint32_t lparen = 0;
  uint32_t ellipsis = kNoPos;  // position of "..." after the last argument
};

// *x: a dereference or a pointer type.
struct StarExpr : Expr {
  GOPIT_NODE(StarExpr, Expr)
  Expr* x = nullptr;
};

// op x for + - ! ^ & <- ~.
struct UnaryExpr : Expr {
  GOPIT_NODE(UnaryExpr, Expr)
  Tok op = Tok::kIllegal;
  Expr* x = nullptr;
};

struct BinaryExpr : Expr {
  GOPIT_NODE(BinaryExpr, Expr)
  Tok op = Tok::kIllegal;
  uint32_t op_pos = 0;
  Expr* x = nullptr;
  Expr* y = nullptr;
};

struct KeyValueExpr : Expr {
  GOPIT_NODE(KeyValueExpr, Expr)
  Expr* key = nullptr;
  Expr* value = nullptr;
  uint32_t colon = 0;
};

// [len]elt; len is null for slices and an Ellipsis for [...]T.
struct ArrayType : Expr {
  GOPIT_NODE(ArrayType, Expr)
  Expr* len = nullptr;
  Expr* elt = nullptr;
};

struct StructType : Expr {
  GOPIT_NODE(StructType, Expr)
  FieldList* fields = nullptr;
};

struct FuncType : Expr {
  GOPIT_NODE(FuncType, Expr)
  uint32_t func = kNoPos;  // "func" keyword; absent in interface methods
  FieldList* type_params = nullptr;
  FieldList* params = nullptr;
  FieldList* results = nullptr;
};

struct InterfaceType : Expr {
  GOPIT_NODE(InterfaceType, Expr)
  FieldList* methods = nullptr;  // methods and embedded elements
};

struct MapType : Expr {
  GOPIT_NODE(MapType, Expr)
  Expr* key = nullptr;
  Expr* value = nullptr;
};

enum class ChanDir : uint8_t { kBoth, kSend, kRecv };

struct ChanType : Expr {
  GOPIT_NODE(ChanType, Expr)
  ChanDir dir = ChanDir::kBoth;
  uint32_t arrow = kNoPos;
  Expr* value = nullptr;
};

// ---------------------------------------------------------------------------
// Statements

struct GenDecl;

struct DeclStmt : Stmt {
  GOPIT_NODE(DeclStmt, Stmt)
  GenDecl* decl = nullptr;
};

struct EmptyStmt : Stmt {
  GOPIT_NODE(EmptyStmt, Stmt)
  bool implicit = false;  // at a newline or before '}', not a written ';'
};

struct LabeledStmt : Stmt {
  GOPIT_NODE(LabeledStmt, Stmt)
  Ident* label = nullptr;
  uint32_t colon = 0;
  Stmt* stmt = nullptr;
};

struct ExprStmt : Stmt {
  GOPIT_NODE(ExprStmt, Stmt)
  Expr* x = nullptr;
};

struct SendStmt : Stmt {
  GOPIT_NODE(SendStmt, Stmt)
  Expr* chan = nullptr;
  Expr* value = nullptr;
  uint32_t arrow = 0;
};

struct IncDecStmt : Stmt {
  GOPIT_NODE(IncDecStmt, Stmt)
  Expr* x = nullptr;
  Tok tok = Tok::kInc;
  uint32_t tok_pos = 0;
};

struct AssignStmt : Stmt {
  GOPIT_NODE(AssignStmt, Stmt)
  List<Expr> lhs;
  Tok tok = Tok::kAssign;  // = := += ...
  uint32_t tok_pos = 0;
  List<Expr> rhs;
};

struct GoStmt : Stmt {
  GOPIT_NODE(GoStmt, Stmt)
  CallExpr* call = nullptr;
};

struct DeferStmt : Stmt {
  GOPIT_NODE(DeferStmt, Stmt)
  CallExpr* call = nullptr;
};

struct ReturnStmt : Stmt {
  GOPIT_NODE(ReturnStmt, Stmt)
  List<Expr> results;
};

// break, continue, goto, fallthrough.
struct BranchStmt : Stmt {
  GOPIT_NODE(BranchStmt, Stmt)
  Tok tok = Tok::kBreak;
  Ident* label = nullptr;
};

struct BlockStmt : Stmt {
  GOPIT_NODE(BlockStmt, Stmt)
  List<Stmt> list;
  uint32_t lbrace = 0;
  uint32_t rbrace = 0;
};

struct IfStmt : Stmt {
  GOPIT_NODE(IfStmt, Stmt)
  Stmt* init = nullptr;
  Expr* cond = nullptr;
  BlockStmt* body = nullptr;
  Stmt* else_ = nullptr;  // IfStmt or BlockStmt
};

// A case of an expression or type switch; `list` is empty for default.
struct CaseClause : Stmt {
  GOPIT_NODE(CaseClause, Stmt)
  List<Expr> list;
  uint32_t colon = 0;
  List<Stmt> body;
};

struct SwitchStmt : Stmt {
  GOPIT_NODE(SwitchStmt, Stmt)
  Stmt* init = nullptr;
  Expr* tag = nullptr;
  BlockStmt* body = nullptr;  // CaseClauses
};

struct TypeSwitchStmt : Stmt {
  GOPIT_NODE(TypeSwitchStmt, Stmt)
  Stmt* init = nullptr;
  Stmt* assign = nullptr;     // x := y.(type) or y.(type)
  BlockStmt* body = nullptr;  // CaseClauses
};

// A case of a select; `comm` is null for default.
struct CommClause : Stmt {
  GOPIT_NODE(CommClause, Stmt)
  Stmt* comm = nullptr;  // SendStmt, ExprStmt (receive) or AssignStmt (receive)
  uint32_t colon = 0;
  List<Stmt> body;
};

struct SelectStmt : Stmt {
  GOPIT_NODE(SelectStmt, Stmt)
  BlockStmt* body = nullptr;  // CommClauses
};

struct ForStmt : Stmt {
  GOPIT_NODE(ForStmt, Stmt)
  Stmt* init = nullptr;
  Expr* cond = nullptr;
  Stmt* post = nullptr;
  BlockStmt* body = nullptr;
};

struct RangeStmt : Stmt {
  GOPIT_NODE(RangeStmt, Stmt)
  Expr* key = nullptr;
  Expr* value = nullptr;
  Tok tok = Tok::kIllegal;  // kDefine, kAssign, or kIllegal for "for range x"
  uint32_t tok_pos = kNoPos;
  uint32_t range = 0;  // the "range" keyword
  Expr* x = nullptr;
  BlockStmt* body = nullptr;
};

// ---------------------------------------------------------------------------
// Declarations

struct ImportSpec : Spec {
  GOPIT_NODE(ImportSpec, Spec)
  CommentGroup* doc = nullptr;
  Ident* name = nullptr;  // alias, "." or "_"; null if none
  BasicLit* path = nullptr;
  CommentGroup* comment = nullptr;
};

// One line of a const or var declaration.
struct ValueSpec : Spec {
  GOPIT_NODE(ValueSpec, Spec)
  CommentGroup* doc = nullptr;
  List<Ident> names;
  Expr* type = nullptr;
  List<Expr> values;
  CommentGroup* comment = nullptr;
};

struct TypeSpec : Spec {
  GOPIT_NODE(TypeSpec, Spec)
  CommentGroup* doc = nullptr;
  Ident* name = nullptr;
  FieldList* type_params = nullptr;
  uint32_t assign = kNoPos;  // '=' of an alias
  Expr* type = nullptr;
  CommentGroup* comment = nullptr;
};

// import, const, type or var, with one spec or a parenthesized group.
struct GenDecl : Decl {
  GOPIT_NODE(GenDecl, Decl)
  CommentGroup* doc = nullptr;
  Tok tok = Tok::kVar;
  uint32_t lparen = kNoPos;
  List<Spec> specs;
  uint32_t rparen = kNoPos;
};

struct FuncDecl : Decl {
  GOPIT_NODE(FuncDecl, Decl)
  CommentGroup* doc = nullptr;
  FieldList* recv = nullptr;  // null for functions
  Ident* name = nullptr;
  FuncType* type = nullptr;   // type->func is the "func" keyword
  BlockStmt* body = nullptr;  // null for functions implemented elsewhere
};

// ---------------------------------------------------------------------------
// Fields, files

// A struct field, parameter, result, type parameter, interface method or
// embedded element.
struct Field : Node {
  GOPIT_NODE(Field, Node)
  CommentGroup* doc = nullptr;
  List<Ident> names;  // empty for embedded fields and unnamed parameters
  Expr* type = nullptr;
  BasicLit* tag = nullptr;
  CommentGroup* comment = nullptr;
};

struct FieldList : Node {
  GOPIT_NODE(FieldList, Node)
  uint32_t opening = kNoPos;  // '(' '[' or '{'; absent for a single unparenthesized result
  List<Field> list;
  uint32_t closing = kNoPos;
};

struct File : Node {
  GOPIT_NODE(File, Node)
  CommentGroup* doc = nullptr;
  uint32_t package = 0;  // the "package" keyword
  Ident* name = nullptr;
  List<Decl> decls;
  List<ImportSpec> imports;     // every import of the file, in order
  List<CommentGroup> comments;  // every comment of the file, in order
};

#undef GOPIT_NODE

}  // namespace gopit::golang
