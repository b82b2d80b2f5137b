// The leak check's dump parser, attribution and ignore rules on dumps the
// real test binaries of tests/go/gotest wrote (Go 1.26 and 1.27, with
// GODEBUG=tracebackancestors=8).
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "gotest/leak_attribution.h"
#include "gotest/leak_dump.h"
#include "gotest/leak_ignore.h"
#include "gotest/presets.h"

namespace gopit {
namespace {

std::string Data(const std::string& name) {
  std::ifstream in(std::string(GOPIT_TEST_DATA) + "/gotest/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const LeakGoroutine* Find(const LeakDump& d, uint64_t id) {
  for (const LeakGoroutine& g : d.goroutines) {
    if (g.id == id) return &g;
  }
  return nullptr;
}

TEST(LeakDump, ReadsHeaderAndAncestors) {
  LeakDump d = ParseLeakDump(Data("leakplain-go1.26.txt"));
  ASSERT_TRUE(d.has_header);
  EXPECT_EQ(d.package, "gopit.test/gotest/leakplain");
  EXPECT_EQ(d.settle_ns, 300000000);
  EXPECT_EQ(std::set<uint64_t>(d.before.begin(), d.before.end()), (std::set<uint64_t>{1, 4}));
  EXPECT_EQ(d.skipped_lines, 0u);
  const LeakGoroutine* g = Find(d, 6);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->state, "chan send");
  ASSERT_FALSE(g->frames.empty());
  EXPECT_EQ(g->frames[0].function, "gopit.test/gotest/leakplain.TestServerDial.func1");
  EXPECT_EQ(g->frames[0].line, 20);
  EXPECT_EQ(g->created_by.function, "gopit.test/gotest/leakplain.TestServerDial");
  EXPECT_EQ(g->created_by.line, 15);
  EXPECT_EQ(g->created_in, 5u);
  ASSERT_EQ(g->ancestors.size(), 2u);
  EXPECT_EQ(g->ancestors[0].id, 5u);
  EXPECT_EQ(g->ancestors[1].id, 1u);
  EXPECT_EQ(g->ancestors[0].frames[0].function, "gopit.test/gotest/leakplain.TestServerDial");
}

TEST(LeakDump, LeakProfileMarksLeaked) {
  LeakDump p = ParseLeakDump(Data("leakparallel-go1.27.leakprof.txt"));
  EXPECT_FALSE(p.has_header);
  std::set<uint64_t> leaked;
  for (const LeakGoroutine& g : p.goroutines) {
    if (g.leaked) leaked.insert(g.id);
  }
  EXPECT_EQ(leaked, (std::set<uint64_t>{20}));  // doWithTimeout.func1's send
  EXPECT_EQ(Find(p, 20)->state, "chan send");
}

TEST(LeakAttribution, InitGoroutineIsNotATestLeak) {
  LeakDump d = ParseLeakDump(Data("leakplain-go1.26.txt"));
  std::set<uint64_t> before(d.before.begin(), d.before.end());
  SubtestNames names(std::string(GOPIT_GO_DIR) + "/gotest/leakplain");
  EXPECT_TRUE(before.count(4));  // flushLoop, started in init()
  LeakOwner o = FindLeakOwner(*Find(d, 6), before, names);
  EXPECT_EQ(o.kind, LeakOwner::Kind::kTest);
  EXPECT_EQ(o.test, "TestServerDial");  // func1 is a go closure, not a subtest
}

TEST(LeakAttribution, ParallelTestThroughEndedCreator) {
  // The creator (goroutine 18, TestExportTimesOut's) has ended; only its
  // recorded stack names the test. TestExportFast ran last.
  LeakDump d = ParseLeakDump(Data("leakparallel-go1.27.txt"));
  std::set<uint64_t> before(d.before.begin(), d.before.end());
  SubtestNames names(std::string(GOPIT_GO_DIR) + "/gotest/leakparallel");
  const LeakGoroutine* g = Find(d, 20);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(FindLeakOwner(*g, before, names).test, "TestExportTimesOut");
}

TEST(LeakAttribution, SubtestByClosureNumber) {
  LeakDump d = ParseLeakDump(Data("leaksubtest-go1.27.txt"));
  std::set<uint64_t> before(d.before.begin(), d.before.end());
  SubtestNames names(std::string(GOPIT_GO_DIR) + "/gotest/leaksubtest");
  const LeakGoroutine* g = Find(d, 6);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(FindLeakOwner(*g, before, names).test, "TestBoundedRunner/stop");
}

TEST(LeakAttribution, SplitsTestFunctions) {
  std::string test;
  std::vector<int> closures;
  ASSERT_TRUE(SplitTestFunction("example.com/a/b.TestFoo.func2.1", test, closures));
  EXPECT_EQ(test, "TestFoo");
  EXPECT_EQ(closures, (std::vector<int>{2, 1}));
  ASSERT_TRUE(SplitTestFunction("example.com/b_test.TestFoo.gowrap1", test, closures));
  EXPECT_TRUE(closures.empty());
  EXPECT_FALSE(SplitTestFunction("example.com/b.Testing", test, closures));
  EXPECT_FALSE(SplitTestFunction("example.com/b.(*T).TestFoo", test, closures));
  EXPECT_FALSE(SplitTestFunction("testing.tRunner", test, closures));
}

TEST(LeakIgnore, SpecsAndMatching) {
  LeakDump d = ParseLeakDump(Data("leakplain-go1.26.txt"));
  const LeakGoroutine& g = *Find(d, 6);
  IgnoreRule r;
  std::string error;
  ASSERT_TRUE(
      ParseIgnoreSpec("top=gopit.test/gotest/leakplain.TestServerDial.func1:known", r, error));
  EXPECT_EQ(r.reason, "known");
  EXPECT_TRUE(IgnoreMatches(r, g));
  ASSERT_TRUE(ParseIgnoreSpec("created-by=gopit.test/gotest/leakplain.*", r, error));
  EXPECT_TRUE(IgnoreMatches(r, g));
  ASSERT_TRUE(ParseIgnoreSpec("frame=net.(*netFD).accept", r, error));
  EXPECT_FALSE(IgnoreMatches(r, g));  // the goroutine's own frames only
  EXPECT_FALSE(ParseIgnoreSpec("bottom=x", r, error));
  EXPECT_FALSE(ParseIgnoreSpec("top=", r, error));
  // No shipped preset matches a test's own goroutine.
  for (const IgnoreRule& p : PresetRules({}))
    EXPECT_FALSE(IgnoreMatches(p, g)) << p.function;
}

TEST(LeakIgnore, PresetsOffByName) {
  std::vector<std::string> unknown;
  size_t all = PresetRules({}).size();
  EXPECT_EQ(PresetRules({"net-http-idle-conns", "nope"}, &unknown).size(), all - 2);
  EXPECT_EQ(unknown, (std::vector<std::string>{"nope"}));
}

}  // namespace
}  // namespace gopit
