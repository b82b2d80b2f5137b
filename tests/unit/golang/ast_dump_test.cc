#include "golang/ast_dump.h"

#include <gtest/gtest.h>

#include <string>

namespace gopit::golang {
namespace {

// The expected text is what tests/go/astdump (go/parser) prints for the
// same source.
TEST(AstDumpTest, MatchesGoParserSummary) {
  const std::string src =
      "// Package p is a sample.\n"
      "package p\n"
      "\n"
      "import \"sync\"\n"
      "\n"
      "// T holds a lock.\n"
      "type T[K comparable] struct {\n"
      "\tmu sync.Mutex // guards m\n"
      "\tm  map[K]int\n"
      "}\n"
      "\n"
      "func (t *T[K]) Inc(k K) {\n"
      "\tt.mu.Lock()\n"
      "\tdefer t.mu.Unlock()\n"
      "\tif v, ok := t.m[k]; !ok || v > 0 {\n"
      "\t\tt.m[k]++\n"
      "\t}\n"
      "\tgo func() { <-make(chan struct{}) }()\n"
      "}\n";
  const std::string want = R"(File 2:1-19:2
  Doc: CommentGroup 1:1-1:26
  Name: Ident 2:9-2:10 p
  Decls: GenDecl 4:1-4:14 import
    Specs: ImportSpec 4:8-4:14
      Path: BasicLit 4:8-4:14 STRING ""sync""
  Decls: GenDecl 7:1-10:2 type
    Doc: CommentGroup 6:1-6:19
    Specs: TypeSpec 7:6-10:2
      Name: Ident 7:6-7:7 T
      TypeParams: FieldList 7:7-7:21
        List: Field 7:8-7:20
          Names: Ident 7:8-7:9 K
          Type: Ident 7:10-7:20 comparable
      Type: StructType 7:22-10:2
        Fields: FieldList 7:29-10:2
          List: Field 8:2-8:15
            Names: Ident 8:2-8:4 mu
            Type: SelectorExpr 8:5-8:15
              X: Ident 8:5-8:9 sync
              Sel: Ident 8:10-8:15 Mutex
            Comment: CommentGroup 8:16-8:27
          List: Field 9:2-9:14
            Names: Ident 9:2-9:3 m
            Type: MapType 9:5-9:14
              Key: Ident 9:9-9:10 K
              Value: Ident 9:11-9:14 int
  Decls: FuncDecl 12:1-19:2
    Recv: FieldList 12:6-12:15
      List: Field 12:7-12:14
        Names: Ident 12:7-12:8 t
        Type: StarExpr 12:9-12:14
          X: IndexExpr 12:10-12:14 [@12:11
            X: Ident 12:10-12:11 T
            Index: Ident 12:12-12:13 K
    Name: Ident 12:16-12:19 Inc
    Type: FuncType 12:1-12:24 func@12:1
      Params: FieldList 12:19-12:24
        List: Field 12:20-12:23
          Names: Ident 12:20-12:21 k
          Type: Ident 12:22-12:23 K
    Body: BlockStmt 12:25-19:2
      List: ExprStmt 13:2-13:13
        X: CallExpr 13:2-13:13 (@13:11
          Fun: SelectorExpr 13:2-13:11
            X: SelectorExpr 13:2-13:6
              X: Ident 13:2-13:3 t
              Sel: Ident 13:4-13:6 mu
            Sel: Ident 13:7-13:11 Lock
      List: DeferStmt 14:2-14:21
        Call: CallExpr 14:8-14:21 (@14:19
          Fun: SelectorExpr 14:8-14:19
            X: SelectorExpr 14:8-14:12
              X: Ident 14:8-14:9 t
              Sel: Ident 14:10-14:12 mu
            Sel: Ident 14:13-14:19 Unlock
      List: IfStmt 15:2-17:3
        Init: AssignStmt 15:5-15:20 :=@15:11
          Lhs: Ident 15:5-15:6 v
          Lhs: Ident 15:8-15:10 ok
          Rhs: IndexExpr 15:14-15:20 [@15:17
            X: SelectorExpr 15:14-15:17
              X: Ident 15:14-15:15 t
              Sel: Ident 15:16-15:17 m
            Index: Ident 15:18-15:19 k
        Cond: BinaryExpr 15:22-15:34 ||@15:26
          X: UnaryExpr 15:22-15:25 !
            X: Ident 15:23-15:25 ok
          Y: BinaryExpr 15:29-15:34 >@15:31
            X: Ident 15:29-15:30 v
            Y: BasicLit 15:33-15:34 INT "0"
        Body: BlockStmt 15:35-17:3
          List: IncDecStmt 16:3-16:11 ++
            X: IndexExpr 16:3-16:9 [@16:6
              X: SelectorExpr 16:3-16:6
                X: Ident 16:3-16:4 t
                Sel: Ident 16:5-16:6 m
              Index: Ident 16:7-16:8 k
      List: GoStmt 18:2-18:39
        Call: CallExpr 18:5-18:39 (@18:37
          Fun: FuncLit 18:5-18:37
            Type: FuncType 18:5-18:11 func@18:5
              Params: FieldList 18:9-18:11
            Body: BlockStmt 18:12-18:37
              List: ExprStmt 18:14-18:35
                X: UnaryExpr 18:14-18:35 <-
                  X: CallExpr 18:16-18:35 (@18:20
                    Fun: Ident 18:16-18:20 make
                    Args: ChanType 18:21-18:34 BOTH
                      Value: StructType 18:26-18:34
                        Fields: FieldList 18:32-18:34
  Comments: CommentGroup 1:1-1:26
    List: Comment 1:1-1:26 "// Package p is a sample."
  Comments: CommentGroup 6:1-6:19
    List: Comment 6:1-6:19 "// T holds a lock."
  Comments: CommentGroup 8:16-8:27
    List: Comment 8:16-8:27 "// guards m"
)";
  auto pf = ParsedFile::Parse("g1.go", src);
  ASSERT_TRUE(pf->ok()) << pf->FormatError();
  EXPECT_EQ(DumpAstSummary(*pf), want);
}

TEST(AstDumpTest, CarriageReturnsAreRemovedLikeGoScanner) {
  // go/ast drops '\r' from comments and raw strings; End() follows the text.
  auto pf = ParsedFile::Parse("t.go", "package p\r\n// c\r\nvar s = `a\r\nb`\r\n");
  ASSERT_TRUE(pf->ok()) << pf->FormatError();
  std::string dump = DumpAstSummary(*pf);
  EXPECT_NE(dump.find("Values: BasicLit 3:9-4:3 STRING \"`a\\nb`\""), std::string::npos) << dump;
  EXPECT_NE(dump.find("List: Comment 2:1-2:5 \"// c\""), std::string::npos) << dump;
}

TEST(AstDumpTest, ErrorLine) {
  auto pf = ParsedFile::Parse("bad.go", "package p\nfunc {\n");
  EXPECT_EQ(DumpAstSummary(*pf), "error: bad.go:2:6: expected 'IDENT', found '{'\n");
}

}  // namespace
}  // namespace gopit::golang
