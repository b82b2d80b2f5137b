#include "scan/gitignore.h"

#include <gtest/gtest.h>

#include <string>

namespace gopit::scan {
namespace {

// Cases from git's t/t3070-wildmatch.sh (the "wildmatch" and "pathmatch"
// columns) and gitignore(5).
TEST(WildMatch, Basics) {
  EXPECT_TRUE(WildMatch("foo", "foo", true));
  EXPECT_FALSE(WildMatch("bar", "foo", true));
  EXPECT_TRUE(WildMatch("", "", true));
  EXPECT_TRUE(WildMatch("???", "foo", true));
  EXPECT_FALSE(WildMatch("??", "foo", true));
  EXPECT_TRUE(WildMatch("*", "foo", true));
  EXPECT_TRUE(WildMatch("f*", "foo", true));
  EXPECT_FALSE(WildMatch("*f", "foo", true));
  EXPECT_TRUE(WildMatch("*foo*", "foo", true));
  EXPECT_TRUE(WildMatch("*ob*a*r*", "foobar", true));
  EXPECT_TRUE(WildMatch("*ab", "aaaaaaabababab", true));
  EXPECT_TRUE(WildMatch("foo\\*", "foo*", true));
  EXPECT_FALSE(WildMatch("foo\\*bar", "foobar", true));
  EXPECT_TRUE(WildMatch("f\\\\oo", "f\\oo", true));
  EXPECT_TRUE(WildMatch("*[al]?", "ball", true));
  EXPECT_FALSE(WildMatch("[ten]", "ten", true));
  EXPECT_TRUE(WildMatch("**[!te]", "ten", true));
  EXPECT_FALSE(WildMatch("**[!ten]", "ten", true));
  EXPECT_TRUE(WildMatch("t[a-g]n", "ten", true));
  EXPECT_FALSE(WildMatch("t[!a-g]n", "ten", true));
  EXPECT_TRUE(WildMatch("t[!a-g]n", "ton", true));
  EXPECT_TRUE(WildMatch("t[^a-g]n", "ton", true));
  EXPECT_TRUE(WildMatch("a[]]b", "a]b", true));
  EXPECT_TRUE(WildMatch("a[]-]b", "a-b", true));
  EXPECT_TRUE(WildMatch("a[]-]b", "a]b", true));
  EXPECT_FALSE(WildMatch("a[]-]b", "aab", true));
  EXPECT_TRUE(WildMatch("a[]a-]b", "aab", true));
  EXPECT_TRUE(WildMatch("]", "]", true));
  EXPECT_FALSE(WildMatch("[", "[", true));  // unterminated class
  EXPECT_FALSE(WildMatch("a[", "a[", true));
  EXPECT_TRUE(WildMatch("[\\]]", "]", true));
  EXPECT_TRUE(WildMatch("[[:digit:]]", "5", true));
  EXPECT_FALSE(WildMatch("[[:digit:]]", "x", true));
  EXPECT_TRUE(WildMatch("[[:alpha:][:digit:][:upper:]]", "5", true));
  EXPECT_TRUE(WildMatch("[![:digit:]]", "x", true));
  EXPECT_FALSE(WildMatch("[[:digi:]]", "d", true));  // unknown class
  EXPECT_FALSE(WildMatch("[[:digit:", "[", false));  // a class cut short matches nothing
  EXPECT_TRUE(WildMatch("[a-c-e]", "-", true));      // "c-e" is no range after a range
}

TEST(WildMatch, Slashes) {
  // With `pathname`, wildcards stop at '/'.
  EXPECT_FALSE(WildMatch("foo*bar", "foo/baz/bar", true));
  EXPECT_TRUE(WildMatch("foo*bar", "foo/baz/bar", false));
  EXPECT_FALSE(WildMatch("foo?bar", "foo/bar", true));
  EXPECT_FALSE(WildMatch("foo[/]bar", "foo/bar", true));
  EXPECT_TRUE(WildMatch("foo/*/bar", "foo/baz/bar", true));
  EXPECT_FALSE(WildMatch("foo/*/bar", "foo/b/a/z/bar", true));
  EXPECT_FALSE(WildMatch("*.go", "a/b.go", true));
  // "**" between slashes spans directories, or none.
  EXPECT_TRUE(WildMatch("**/foo", "foo", true));
  EXPECT_TRUE(WildMatch("**/foo", "x/y/foo", true));
  EXPECT_TRUE(WildMatch("**/foo", "/foo", true));
  EXPECT_FALSE(WildMatch("**/foo", "x/foobar", true));
  EXPECT_TRUE(WildMatch("foo/**", "foo/x/y", true));
  EXPECT_FALSE(WildMatch("foo/**", "foo", true));
  EXPECT_TRUE(WildMatch("foo/**/bar", "foo/bar", true));
  EXPECT_TRUE(WildMatch("foo/**/bar", "foo/a/b/c/bar", true));
  EXPECT_FALSE(WildMatch("foo/**/bar", "foo/a/b/c/baz", true));
  EXPECT_TRUE(WildMatch("foo/**/**/bar", "foo/b/a/z/bar", true));
  EXPECT_TRUE(WildMatch("**/bar*", "deep/foo/bar/baz", false));
  EXPECT_FALSE(WildMatch("**/bar*", "deep/foo/bar/baz", true));
  EXPECT_TRUE(WildMatch("**/bar/*", "deep/foo/bar/baz", true));
  EXPECT_TRUE(WildMatch("**/bar/**", "deep/foo/bar/baz/x", true));
  EXPECT_TRUE(WildMatch("*/bar/**", "foo/bar/baz/x", true));
  EXPECT_TRUE(WildMatch("**", "a/b/c", true));
  // "**" not between slashes is an ordinary '*'.
  EXPECT_FALSE(WildMatch("foo**bar", "foo/baz/bar", true));
  EXPECT_TRUE(WildMatch("foo**bar", "foobazbar", true));
  EXPECT_FALSE(WildMatch("a**/b", "a/x/b", true));
  EXPECT_TRUE(WildMatch("a**/b", "ax/b", true));
  // Many single-segment stars, one of them matching an empty segment.
  EXPECT_TRUE(WildMatch("gen/*/*/*/*/v2/*/*/api/*/*",
                        "gen/go/pkg/svc//v2/x/y/api/user/handler.go", true));
  EXPECT_FALSE(WildMatch("gen/*/*/*/*/v2/*/*/api/*/*",
                         "gen/go/pkg/svc//v2/x/y/ipa/user/handler.go", true));
}

TEST(WildMatch, NoBlowUp) {
  // Backtracking is cut short by the abort codes.
  std::string text(200, 'a');
  EXPECT_FALSE(WildMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", text, true));
  EXPECT_FALSE(WildMatch("**/**/**/**/**/**/**/**/**/**/**/b",
                         "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/c", true));
}

using M = IgnoreList::Match;

TEST(IgnoreList, Rules) {
  IgnoreList l(
      "# a comment\n"
      "\n"
      "*.gen.go\n"
      "!keep.gen.go\n"
      "build/\n"
      "/rooted.go\n"
      "doc/*.go\n"
      "\\#hash.go\n"
      "\\!bang.go\n"
      "trailing.go   \n"
      "space\\ .go\n"
      "x?.go\n"
      "[ab]z.go\n"
      "**/deep/*.go\n"
      "top/**\n"
      "mid/**/end.go\n",
      "");
  EXPECT_EQ(l.Check("a.gen.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("p/q/a.gen.go", false), M::kIgnored);  // no slash: any depth
  EXPECT_EQ(l.Check("p/keep.gen.go", false), M::kIncluded);
  EXPECT_EQ(l.Check("build", true), M::kIgnored);
  EXPECT_EQ(l.Check("p/build", true), M::kIgnored);
  EXPECT_EQ(l.Check("build", false), M::kNone);  // a file named build is not a directory
  EXPECT_EQ(l.Check("rooted.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("p/rooted.go", false), M::kNone);  // anchored
  EXPECT_EQ(l.Check("doc/a.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("p/doc/a.go", false), M::kNone);  // a middle slash anchors too
  EXPECT_EQ(l.Check("doc/x/a.go", false), M::kNone);
  EXPECT_EQ(l.Check("#hash.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("!bang.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("trailing.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("space .go", false), M::kIgnored);
  EXPECT_EQ(l.Check("x1.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("x12.go", false), M::kNone);
  EXPECT_EQ(l.Check("az.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("cz.go", false), M::kNone);
  EXPECT_EQ(l.Check("deep/a.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("p/q/deep/a.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("top/a/b.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("top", true), M::kNone);
  EXPECT_EQ(l.Check("mid/end.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("mid/a/b/end.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("other.go", false), M::kNone);
}

TEST(IgnoreList, Base) {
  IgnoreList l("/a.go\nb/c.go\nd.go\n", "sub/dir");
  EXPECT_EQ(l.Check("sub/dir/a.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("a.go", false), M::kNone);
  EXPECT_EQ(l.Check("sub/dir/x/a.go", false), M::kNone);
  EXPECT_EQ(l.Check("sub/dir/b/c.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("sub/dirx/b/c.go", false), M::kNone);
  EXPECT_EQ(l.Check("sub/dir/x/d.go", false), M::kIgnored);
}

TEST(IgnoreList, LastMatchWinsAndCRLF) {
  IgnoreList l("\xEF\xBB\xBF*.go\r\n!*_test.go\r\nskip_test.go\r\n", "");
  EXPECT_EQ(l.Check("a.go", false), M::kIgnored);
  EXPECT_EQ(l.Check("a_test.go", false), M::kIncluded);
  EXPECT_EQ(l.Check("skip_test.go", false), M::kIgnored);
  IgnoreList empty("# only\n\n   \n!\n/\n", "");
  EXPECT_TRUE(empty.empty() || empty.Check("x", false) == M::kNone);
}

TEST(IgnoreStack, DeeperFileWins) {
  IgnoreStack s;
  s.Push(IgnoreList("*.go\n", ""));            // info/exclude
  s.Push(IgnoreList("!a.go\n", ""));           // root .gitignore
  s.Push(IgnoreList("a.go\n!b.go\n", "sub"));  // sub/.gitignore
  EXPECT_FALSE(s.IsIgnored("a.go", false));
  EXPECT_TRUE(s.IsIgnored("c.go", false));
  EXPECT_TRUE(s.IsIgnored("sub/a.go", false));
  EXPECT_FALSE(s.IsIgnored("sub/b.go", false));
  s.Pop();
  EXPECT_FALSE(s.IsIgnored("sub/a.go", false));
  EXPECT_FALSE(s.IsIgnored("sub/readme", false));
}

}  // namespace
}  // namespace gopit::scan
