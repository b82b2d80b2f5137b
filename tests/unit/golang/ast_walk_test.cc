#include "golang/ast_walk.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "golang/ast_dump.h"
#include "golang/parser.h"

namespace gopit::golang {
namespace {

const char* kSource =
    "package p\n"
    "import \"fmt\"\n"
    "type T[K comparable] struct{ m map[K]int `json:\"m\"` }\n"
    "func (t *T[K]) F(ks ...K) (n int) {\n"
    "\tfor i, k := range ks {\n"
    "\t\tswitch v := any(k).(type) {\n"
    "\t\tcase int:\n"
    "\t\t\tn += v * i\n"
    "\t\t}\n"
    "\t}\n"
    "\tselect { case c <- 1: default: }\n"
    "\tgo func() { fmt.Println(t.m[ks[0]], x[1:2:3]) }()\n"
    "\treturn\n"
    "}\n";

TEST(AstWalkTest, InspectVisitsWhatTheSummaryPrints) {
  auto pf = ParsedFile::Parse("t.go", kSource);
  ASSERT_TRUE(pf->ok()) << pf->FormatError();
  // Every node line of the summary (all lines but comments) is one node.
  std::string dump = DumpAstSummary(*pf);
  size_t lines = 0;
  for (size_t i = 0; i < dump.size(); ++i)
    lines += dump[i] == '\n';
  size_t visited = 0;
  std::vector<std::string> kinds;
  Inspect(pf->file(), [&](const Node* n) {
    ++visited;
    kinds.emplace_back(NodeKindName(n->kind));
    return true;
  });
  EXPECT_EQ(visited, lines);
  EXPECT_EQ(kinds.front(), "File");
}

TEST(AstWalkTest, ChildrenInSourceOrder) {
  auto pf = ParsedFile::Parse("t.go", kSource);
  ASSERT_TRUE(pf->ok());
  uint32_t last = 0;
  bool ordered = true;
  Inspect(pf->file(), [&](const Node* n) {
    uint32_t prev = n->pos;
    ForEachChild(n, [&](const char*, const Node* c) {
      // Children start at or after their parent and after earlier siblings
      // (the receiver of a method starts after "func").
      if (c->pos < prev && n->kind != NodeKind::kFuncDecl) ordered = false;
      prev = c->pos;
    });
    last = n->pos;
    return true;
  });
  EXPECT_TRUE(ordered);
  (void)last;
}

TEST(AstWalkTest, SkipChildren) {
  auto pf = ParsedFile::Parse("t.go", kSource);
  ASSERT_TRUE(pf->ok());
  int funcs = 0, calls_outside_funclits = 0;
  Inspect(pf->file(), [&](const Node* n) {
    if (n->kind == NodeKind::kFuncLit) {
      ++funcs;
      return false;
    }
    calls_outside_funclits += n->kind == NodeKind::kCallExpr;
    return true;
  });
  EXPECT_EQ(funcs, 1);
  EXPECT_EQ(calls_outside_funclits, 2);  // any(k) and the go statement's call
}

TEST(AstWalkTest, DeepTreesDoNotRecurse) {
  std::string src = "package p\nvar x = 1";
  for (int i = 0; i < 50000; ++i)
    src += "+1";
  auto pf = ParsedFile::Parse("t.go", src + "\n");
  ASSERT_TRUE(pf->ok());
  size_t n = 0;
  Inspect(pf->file(), [&](const Node*) { return ++n, true; });
  EXPECT_EQ(n,
            1 + 1 + 1 + 1 + 1 + 50000 * 2 + 1);  // File, Name, GenDecl, ValueSpec, x, sums and ones
}

}  // namespace
}  // namespace gopit::golang
