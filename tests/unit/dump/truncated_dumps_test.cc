// A debug=2 response cut by net/http/pprof's 64 MiB limit, or a dump cut by
// any size limit, must be said, not read as if whole.
#include <gtest/gtest.h>

#include <string>

#include "dump/reader.h"
#include "unit/test_data.h"

namespace gopit {
namespace {

bool Says(const ReadResult& r, const std::string& what) {
  for (const Warning& w : r.warnings)
    if (w.message.find(what) != std::string::npos) return true;
  return false;
}

// The handler writes into a buffer it stops filling at 64 MiB, with no
// marker: a long series of real dumps cut at exactly 67108864 bytes, in the
// middle of a line.
TEST(Truncated, CutAtTheDebug2Limit) {
  std::string dump = testing_data::Data("states.debug2.txt");
  std::string big;
  big.reserve((64u << 20) + dump.size());
  while (big.size() < (64u << 20))
    big += dump;
  big.resize(64u << 20);
  ASSERT_NE(big.back(), '\n');
  ReadResult r;
  ReadOptions opts;
  opts.threads = 2;
  ASSERT_TRUE(ParseBytes(big, "big", opts, r).Ok());
  EXPECT_TRUE(Says(r, "exactly 64 MiB"));
  EXPECT_TRUE(Says(r, "the dump is truncated"));
}

// tests/data/states.debug2.truncated.txt: cut inside a file line, no final
// newline (the capture script's `derive truncate 0.6`).
TEST(Truncated, CutMidLineSaysSo) {
  ReadResult r;
  ASSERT_TRUE(ParseBytes(testing_data::Data("states.debug2.truncated.txt"), "t", {}, r).Ok());
  EXPECT_TRUE(Says(r, "input ends in the middle of a line"));
  EXPECT_FALSE(Says(r, "64 MiB"));
}

}  // namespace
}  // namespace gopit
