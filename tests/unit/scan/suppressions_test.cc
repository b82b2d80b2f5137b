// //gopit:ignore and //nolint comments silence exactly the findings they
// name, on their own line or the line below.
#include <gtest/gtest.h>

#include "scan/engine.h"

namespace gopit::scan {
namespace {

// A function with one LEAK008 finding on line 7, preceded by `above` on
// line 6 and followed on the same line by `trailing`.
std::vector<Finding> Scan(const std::string& above, const std::string& trailing) {
  std::string src =
      "package p\n"
      "\n"
      "import \"context\"\n"
      "\n"
      "func f(parent context.Context) context.Context {\n" +
      above + "\n" + "\tctx, _ := context.WithCancel(parent)" + trailing + "\n" +
      "\treturn ctx\n"
      "}\n";
  return ScanSource("p.go", src);
}

TEST(Suppressions, NothingSuppressedWithoutAComment) {
  auto f = Scan("", "");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "LEAK008");
  EXPECT_EQ(f[0].line, 7);
}

TEST(Suppressions, IgnoreOnTheLineAbove) {
  EXPECT_TRUE(Scan("\t//gopit:ignore LEAK008 the parent is short-lived", "").empty());
}

TEST(Suppressions, IgnoreTrailing) {
  EXPECT_TRUE(Scan("", " //gopit:ignore LEAK008 reason").empty());
}

TEST(Suppressions, IgnoreNamesOtherRule) {
  EXPECT_EQ(Scan("\t//gopit:ignore LOCK001 not this one", "").size(), 1u);
}

TEST(Suppressions, IgnoreListAndCase) {
  EXPECT_TRUE(Scan("\t//gopit:ignore lock001,leak008 both", "").empty());
  EXPECT_TRUE(Scan("\t//gopit:ignore all reason", "").empty());
}

TEST(Suppressions, IgnoreWithoutIdIsNotASuppression) {
  EXPECT_EQ(Scan("\t//gopit:ignore", "").size(), 1u);
  EXPECT_EQ(Scan("\t//gopit:ignoreLEAK008", "").size(), 1u);
}

TEST(Suppressions, Nolint) {
  EXPECT_TRUE(Scan("", " //nolint:gopit").empty());
  EXPECT_TRUE(Scan("", " //nolint:errcheck,gopit // why").empty());
  EXPECT_TRUE(Scan("", " //nolint").empty());
  EXPECT_EQ(Scan("", " //nolint:errcheck").size(), 1u);
}

TEST(Suppressions, TwoLinesAboveDoesNotCount) {
  // The comment is on line 4, the finding on line 7.
  std::string src =
      "package p\n\nimport \"context\"\n//gopit:ignore LEAK008 too far\n\n"
      "func f(parent context.Context) context.Context {\n"
      "\tctx, _ := context.WithCancel(parent)\n\treturn ctx\n}\n";
  EXPECT_EQ(ScanSource("p.go", src).size(), 1u);
}

TEST(Suppressions, ParseErrorsAreReportedAndNeverSuppressed) {
  auto f = ScanSource("bad.go", "package p\n//nolint\nfunc f( {\n");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "PARSE");
  EXPECT_EQ(f[0].line, 3);
  EXPECT_GT(f[0].column, 0);
}

}  // namespace
}  // namespace gopit::scan
