// LeakWatch, the progress line's count of leaking tests, on the real dumps
// of tests/data/gotest as the test binaries write them into the run's
// directory one by one; it must count what CollectLeaks then reports:
// leakplain's TestServerDial, leaksubtest's TestBoundedRunner/stop and
// leakparallel's TestExportTimesOut (their packages' comments say why).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "gotest/leak_check.h"

namespace gopit {
namespace {

namespace fs = std::filesystem;

// Copies a saved dump into `dir` as a binary of this checkout would have
// written it: its "dir:" line names the package's directory here.
void Write(const fs::path& dir, const std::string& name, const std::string& pkg) {
  std::ifstream in(std::string(GOPIT_TEST_DATA) + "/gotest/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  size_t at = text.find("\ndir: ");
  if (at != std::string::npos) {
    size_t end = text.find('\n', at + 1);
    text.replace(at + 1, end - at - 1, "dir: " + std::string(GOPIT_GO_DIR) + "/gotest/" + pkg);
  }
  std::ofstream(dir / name, std::ios::binary) << text;
}

TEST(LeakWatch, CountsLeakingTestsAsTheirDumpsArrive) {
  char tmpl[] = "/tmp/gopit-leakwatch-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  fs::path root(tmpl);
  fs::create_directories(root / "dumps");
  LeakCheckSetup setup;
  setup.dump_dir = (root / "dumps").string();
  LeakOptions opts;
  opts.config_dir = root.string();  // no .gopit.yaml there

  LeakWatch watch(setup, opts);
  EXPECT_EQ(watch.Poll(), 0u);
  Write(root / "dumps", "leakplain-go1.26.txt", "leakplain");
  EXPECT_EQ(watch.Poll(), 1u);
  EXPECT_EQ(watch.Poll(), 1u);  // read once
  Write(root / "dumps", "leaksubtest-go1.27.txt", "leaksubtest");
  Write(root / "dumps", "leakparallel-go1.27.leakprof.txt", "leakparallel");
  Write(root / "dumps", "leakparallel-go1.27.txt", "leakparallel");
  EXPECT_EQ(watch.Poll(), 3u);

  TestRunReport report;
  CollectLeaks(setup, opts, report);
  std::set<std::string> tests;
  for (const TestDiagnosis& d : report.diagnoses)
    tests.insert(d.package + " " + d.test);
  EXPECT_EQ(tests, (std::set<std::string>{"gopit.test/gotest/leakparallel TestExportTimesOut",
                                          "gopit.test/gotest/leakplain TestServerDial",
                                          "gopit.test/gotest/leaksubtest TestBoundedRunner/stop"}));
  fs::remove_all(root);
}

}  // namespace
}  // namespace gopit
