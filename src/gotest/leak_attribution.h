// Which test started a leaked goroutine: the first frame, in the
// goroutine's own stack, its `created by` line, then each creator's stack
// (GODEBUG=tracebackancestors), that belongs to a test function or one of
// its closures ("pkg.TestFoo", "pkg.TestFoo.func2.1"). A closure that is
// the body of `t.Run("name", func...)` names a subtest: the closure's
// number is its place among the test function's function literals, read
// from the package's _test.go files with gopit's Go parser, since the
// ancestor frames' lines point after the call and cannot be trusted.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "gotest/leak_dump.h"

namespace gopit {

struct LeakOwner {
  enum class Kind { kTest, kBefore, kUnknown } kind = Kind::kUnknown;
  std::string test;  // "TestFoo" or "TestFoo/sub" for kTest
};

// "TestFoo" and the closure path {2, 1} from "example.com/pkg.TestFoo.func2.1"
// (or "pkg_test.TestFoo..."); false when the function is no test's.
bool SplitTestFunction(const std::string& function, std::string& test, std::vector<int>& closures);

// Resolves closure paths to subtest names from a package's test sources.
class SubtestNames {
 public:
  explicit SubtestNames(std::string dir) : dir_(std::move(dir)) {}
  // "TestFoo/stop" for TestFoo and {1} when func1 is the body of
  // t.Run("stop", ...); the longest prefix that resolves otherwise.
  std::string Name(const std::string& test, const std::vector<int>& closures);

 private:
  struct Node {
    std::string name;  // subtest name segment, "" when not a t.Run body
    std::vector<Node> closures;
  };
  void Load();
  std::string dir_;
  bool loaded_ = false;
  std::map<std::string, std::vector<Node>> tests_;  // test func -> its closures
};

LeakOwner FindLeakOwner(const LeakGoroutine& g, const std::set<uint64_t>& before,
                        SubtestNames& names);

}  // namespace gopit
