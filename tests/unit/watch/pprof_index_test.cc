#include "watch/pprof_index.h"

#include <gtest/gtest.h>

#include "unit/test_data.h"

namespace gopit::watch {
namespace {

// tests/data/pprof-index.html: the /debug/pprof/ page of tests/go/watchsvc
// (Go 1.26), which ran 5 goroutines when it was read.
TEST(PprofIndex, CountFromTheRealPage) {
  uint64_t n = 0;
  ASSERT_TRUE(ParseIndexGoroutines(testing_data::Data("pprof-index.html"), n));
  EXPECT_EQ(n, 5u);
}

TEST(PprofIndex, OtherPagesAndBrokenRowsAreNotCounts) {
  uint64_t n = 7;
  EXPECT_FALSE(ParseIndexGoroutines("<html>login</html>", n));
  EXPECT_FALSE(ParseIndexGoroutines("<tr><td>x</td><td><a href='goroutine?debug=1'>", n));
  EXPECT_FALSE(ParseIndexGoroutines("<td>12</td><a href='goroutine?debug=1'>", n)) << "no row";
  EXPECT_FALSE(ParseIndexGoroutines("<tr><td>12", n)) << "cut off";
  EXPECT_FALSE(ParseIndexGoroutines(
      "<tr><td>99999999999999999999999</td><td><a href='goroutine?debug=1'>", n))
      << "too many digits";
  EXPECT_EQ(n, 7u) << "untouched on failure";
  ASSERT_TRUE(ParseIndexGoroutines(
      "<tr><td>3</td><td><a href='heap?debug=1'>heap</a></td></tr>\n"
      "<tr><td>100005</td><td><a href=\"goroutine?debug=1\">goroutine</a></td></tr>",
      n));
  EXPECT_EQ(n, 100005u);
}

}  // namespace
}  // namespace gopit::watch
