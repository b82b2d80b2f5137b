#include "golang/parser.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include <string>

namespace gopit::golang {
namespace {

std::unique_ptr<ParsedFile> Parse(const std::string& src) {
  return ParsedFile::Parse("t.go", src);
}

// The first declaration's body statements of "package p; func f() { BODY }".
List<Stmt> Body(const ParsedFile& pf) {
  auto* fn = As<FuncDecl>(pf.file()->decls.back());
  return fn->body->list;
}

std::string Text(const ParsedFile& pf, const Node* n) {
  return std::string(pf.source().substr(n->pos, n->end - n->pos));
}

TEST(ParserTest, FileAndPositions) {
  auto pf = Parse("package p\n\nfunc f(a int) (int, error) {\n\treturn a, nil\n}\n");
  ASSERT_TRUE(pf->ok()) << pf->FormatError();
  const File* f = pf->file();
  EXPECT_EQ(f->name->name, "p");
  ASSERT_EQ(f->decls.size(), 1u);
  auto* fn = As<FuncDecl>(f->decls[0]);
  ASSERT_NE(fn, nullptr);
  EXPECT_EQ(fn->name->name, "f");
  EXPECT_EQ(pf->PositionOf(fn->pos), (Position{3, 1, 11}));
  EXPECT_EQ(pf->PositionOf(fn->end), (Position{5, 2, 56}));
  ASSERT_EQ(fn->type->results->list.size(), 2u);
  EXPECT_EQ(fn->type->params->list[0]->names[0]->name, "a");
  auto* ret = As<ReturnStmt>(fn->body->list[0]);
  ASSERT_NE(ret, nullptr);
  EXPECT_EQ(Text(*pf, ret), "return a, nil");
}

TEST(ParserTest, Generics) {
  auto pf = Parse(
      "package p\n"
      "type Set[K comparable, V ~int | ~string] map[K]V\n"
      "type A [N]int\n"
      "type B[P *C,] int\n"
      "func Map[T, U any](s []T, f func(T) U) []U { return nil }\n"
      "var _ = Map[int, string]\n"
      "type I interface { ~int | float64; M() }\n");
  ASSERT_TRUE(pf->ok()) << pf->FormatError();
  const File* f = pf->file();
  auto* set = As<TypeSpec>(As<GenDecl>(f->decls[0])->specs[0]);
  ASSERT_NE(set->type_params, nullptr);
  ASSERT_EQ(set->type_params->list.size(), 2u);
  auto* union_ = As<BinaryExpr>(set->type_params->list[1]->type);
  ASSERT_NE(union_, nullptr);
  EXPECT_EQ(union_->op, Tok::kOr);
  EXPECT_EQ(As<UnaryExpr>(union_->x)->op, Tok::kTilde);
  // "type A [N]int" is an array type, not a type parameter list.
  auto* a = As<TypeSpec>(As<GenDecl>(f->decls[1])->specs[0]);
  EXPECT_EQ(a->type_params, nullptr);
  EXPECT_NE(As<ArrayType>(a->type), nullptr);
  // "type B[P *C,] int" has a type parameter with a pointer constraint
  // (without the comma it would be an array type of length P*C).
  auto* b = As<TypeSpec>(As<GenDecl>(f->decls[2])->specs[0]);
  ASSERT_NE(b->type_params, nullptr);
  EXPECT_NE(As<StarExpr>(b->type_params->list[0]->type), nullptr);
  auto arr = Parse("package p\ntype B[P *C] int\n");
  ASSERT_TRUE(arr->ok());
  EXPECT_NE(As<ArrayType>(As<TypeSpec>(As<GenDecl>(arr->file()->decls[0])->specs[0])->type),
            nullptr);
  auto* fn = As<FuncDecl>(f->decls[3]);
  ASSERT_NE(fn->type->type_params, nullptr);
  EXPECT_EQ(fn->type->type_params->list[0]->names.size(), 2u);  // T, U share "any"
  auto* inst = As<IndexExpr>(As<ValueSpec>(As<GenDecl>(f->decls[4])->specs[0])->values[0]);
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->indices.size(), 2u);
}

TEST(ParserTest, CompositeLiteralVersusBlock) {
  auto pf = Parse(
      "package p\nfunc f() {\n"
      "\tif x == (T{}) {}\n"
      "\tfor _, v := range []int{1} { _ = v }\n"
      "\tif f(func() { _ = T{} }) {}\n"
      "\tswitch x := y.(type) { case int: }\n"
      "}\n");
  ASSERT_TRUE(pf->ok()) << pf->FormatError();
  List<Stmt> body = Body(*pf);
  ASSERT_EQ(body.size(), 4u);
  EXPECT_NE(As<IfStmt>(body[0]), nullptr);
  auto* r = As<RangeStmt>(body[1]);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->tok, Tok::kDefine);
  EXPECT_NE(As<CompositeLit>(r->x), nullptr);
  EXPECT_NE(As<TypeSwitchStmt>(body[3]), nullptr);
  // Without parentheses the literal's '{' starts the if's block.
  auto bad = Parse("package p\nfunc f() {\n\tif x == T{} {}\n}\n");
  EXPECT_FALSE(bad->ok());
}

TEST(ParserTest, Statements) {
  auto pf = Parse(
      "package p\nfunc f() {\n"
      "L:\n\tfor {\n\t\tbreak L\n\t}\n"
      "\tselect {\n\tcase v, ok := <-c:\n\t\t_, _ = v, ok\n\tcase c <- 1:\n\tdefault:\n\t}\n"
      "\tgo g()\n\tdefer h()\n\tx++\n\tgoto L\n"
      "\tfor range 10 {}\n"
      "}\n");
  ASSERT_TRUE(pf->ok()) << pf->FormatError();
  List<Stmt> body = Body(*pf);
  ASSERT_EQ(body.size(), 7u);
  auto* l = As<LabeledStmt>(body[0]);
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->label->name, "L");
  auto* brk = As<BranchStmt>(As<ForStmt>(l->stmt)->body->list[0]);
  EXPECT_EQ(brk->tok, Tok::kBreak);
  EXPECT_EQ(brk->label->name, "L");
  auto* sel = As<SelectStmt>(body[1]);
  ASSERT_EQ(sel->body->list.size(), 3u);
  EXPECT_NE(As<AssignStmt>(As<CommClause>(sel->body->list[0])->comm), nullptr);
  EXPECT_NE(As<SendStmt>(As<CommClause>(sel->body->list[1])->comm), nullptr);
  EXPECT_EQ(As<CommClause>(sel->body->list[2])->comm, nullptr);
  EXPECT_NE(As<GoStmt>(body[2]), nullptr);
  EXPECT_EQ(As<Ident>(As<DeferStmt>(body[3])->call->fun)->name, "h");
  auto* rng = As<RangeStmt>(body[6]);
  ASSERT_NE(rng, nullptr);
  EXPECT_EQ(rng->key, nullptr);
  EXPECT_EQ(rng->tok, Tok::kIllegal);
}

TEST(ParserTest, ChannelTypesInExpressions) {
  auto pf = Parse("package p\nvar a = make(<-chan int)\nvar b = make(<-chan <-chan int)\n");
  ASSERT_TRUE(pf->ok()) << pf->FormatError();
  auto* call = As<CallExpr>(As<ValueSpec>(As<GenDecl>(pf->file()->decls[1])->specs[0])->values[0]);
  auto* outer = As<ChanType>(call->args[0]);
  ASSERT_NE(outer, nullptr);
  EXPECT_EQ(outer->dir, ChanDir::kRecv);
  auto* inner = As<ChanType>(outer->value);
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(inner->dir, ChanDir::kRecv);
  EXPECT_EQ(Text(*pf, inner), "<-chan int");
}

TEST(ParserTest, Comments) {
  auto pf = Parse(
      "// Package p.\npackage p\n\n"
      "//go:noinline\nfunc f() {} // trailing\n\n"
      "type T struct {\n\t// doc\n\ta int // line\n}\n"
      "//gopit:ignore LOCK001 reason\nvar x = 1\n");
  ASSERT_TRUE(pf->ok()) << pf->FormatError();
  const File* f = pf->file();
  ASSERT_NE(f->doc, nullptr);
  EXPECT_EQ(f->doc->list[0].text, "// Package p.");
  auto* fn = As<FuncDecl>(f->decls[0]);
  ASSERT_NE(fn->doc, nullptr);
  EXPECT_EQ(fn->doc->list[0].text, "//go:noinline");
  auto* st = As<StructType>(As<TypeSpec>(As<GenDecl>(f->decls[1])->specs[0])->type);
  Field* a = st->fields->list[0];
  ASSERT_NE(a->doc, nullptr);
  EXPECT_EQ(a->doc->list[0].text, "// doc");
  ASSERT_NE(a->comment, nullptr);
  EXPECT_EQ(a->comment->list[0].text, "// line");
  auto* var = As<GenDecl>(f->decls[2]);
  ASSERT_NE(var->doc, nullptr);
  EXPECT_EQ(var->doc->list[0].text, "//gopit:ignore LOCK001 reason");
  ASSERT_EQ(f->comments.size(), 6u);
  EXPECT_EQ(pf->PositionOf(f->comments[2]->pos()), (Position{5, 13, 51}));
}

TEST(ParserTest, Errors) {
  struct Case {
    const char* src;
    const char* error;
  } cases[] = {
      {"", "t.go:1:1: expected 'package', found 'EOF'"},
      {"package p\nfunc f() {\n", "t.go:2:12: expected '}', found 'EOF'"},
      {"package p\nvar x = 1\nimport \"fmt\"\n",
       "t.go:3:1: imports must appear before other declarations"},
      {"package p\nfunc f() { go (g()) }\n",
       "t.go:2:15: expression in go must not be parenthesized"},
      {"package p\nfunc f() { x := a = b }\n", "t.go:2:19: expected '==', found '='"},
      {"package p\nfunc F(a, b int, c)\n", "t.go:2:19: missing parameter type"},
      {"package p\nfunc (r T) M[P any]()\n", "t.go:2:13: method must have no type parameters"},
      {"package p\nvar a = 08\n", "t.go:2:10: invalid digit '8' in octal literal"},
      {"package p\nvar s = \"abc\n", "t.go:2:9: string literal not terminated"},
  };
  for (const Case& c : cases) {
    auto pf = Parse(c.src);
    EXPECT_FALSE(pf->ok()) << c.src;
    EXPECT_EQ(pf->file(), nullptr);
    EXPECT_EQ(pf->FormatError(), c.error) << c.src;
  }
}

std::string Nested(int n) {
  std::string s = "package p\nvar x = ";
  for (int i = 0; i < n; ++i)
    s += "func() { _ = ";
  s += "1";
  for (int i = 0; i < n; ++i)
    s += " }";
  return s + "\n";
}

TEST(ParserTest, DeepNestingIsAnErrorNotACrash) {
  EXPECT_TRUE(Parse(Nested(200))->ok());
  auto pf = Parse(Nested(200000));
  EXPECT_FALSE(pf->ok());
  EXPECT_NE(pf->error().message.find("exceeded max nesting depth"), std::string::npos);
  std::string parens =
      "package p\nvar x = " + std::string(300000, '(') + "1" + std::string(300000, ')');
  EXPECT_FALSE(Parse(parens)->ok());
  // A smaller budget fails sooner.
  ParseOptions small;
  small.max_stack_bytes = 64 * 1024;
  EXPECT_FALSE(ParsedFile::Parse("t.go", Nested(200), small)->ok());
}

TEST(ParserTest, DeepNestingOnASmallThreadStack) {
  // The parser keeps clear of the end of the thread's own stack.
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  struct Result {
    bool ok = true;
  } result;
  pthread_t th;
  ASSERT_EQ(pthread_create(
                &th, &attr,
                [](void* arg) -> void* {
                  static_cast<Result*>(arg)->ok = ParsedFile::Parse("t.go", Nested(100000))->ok();
                  return nullptr;
                },
                &result),
            0);
  pthread_join(th, nullptr);
  pthread_attr_destroy(&attr);
  EXPECT_FALSE(result.ok);
}

TEST(ParserTest, LongFlatChainsParse) {
  std::string sum = "package p\nvar x = 1";
  for (int i = 0; i < 50000; ++i)
    sum += "+1";
  auto pf = Parse(sum + "\n");
  ASSERT_TRUE(pf->ok()) << pf->FormatError();
}

}  // namespace
}  // namespace gopit::golang
