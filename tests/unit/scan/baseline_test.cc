// Baselines: findings recorded once are left out later, also after edits
// elsewhere in the file; new ones are not.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "scan/baseline.h"
#include "scan/engine.h"

namespace gopit::scan {
namespace {

namespace fs = std::filesystem;

class BaselineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gopit-baseline-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteGo(const std::string& body) {
    std::ofstream(dir_ / "p.go") << "package p\n\nimport \"context\"\n\n" << body;
  }
  ScanReport Scan(bool update) {
    ScanOptions o;
    o.paths = {dir_.string()};
    o.baseline = (dir_ / "baseline.json").string();
    o.update_baseline = update;
    std::string error;
    ScanReport r = RunScan(o, error);
    EXPECT_EQ(error, "");
    return r;
  }

  fs::path dir_;
};

const char* kOne =
    "func f(p context.Context) context.Context {\n"
    "\tctx, _ := context.WithCancel(p)\n"
    "\treturn ctx\n}\n";

TEST_F(BaselineTest, RecordedFindingsStayOutAfterEditsElsewhere) {
  WriteGo(kOne);
  ScanReport first = Scan(true);
  ASSERT_EQ(first.findings.size(), 1u);
  ASSERT_FALSE(first.findings[0].fingerprint.empty());

  // Lines move; the finding is the same.
  WriteGo(std::string("// A comment that moves everything down.\n\n") + kOne);
  ScanReport again = Scan(false);
  EXPECT_TRUE(again.findings.empty());
  EXPECT_EQ(again.baselined, 1u);

  // A second, new finding is reported.
  WriteGo(std::string(kOne) +
          "func g(p context.Context) context.Context {\n"
          "\tc2, _ := context.WithTimeout(p, 1)\n"
          "\treturn c2\n}\n");
  ScanReport more = Scan(false);
  ASSERT_EQ(more.findings.size(), 1u);
  EXPECT_EQ(more.findings[0].line, 10);
  EXPECT_EQ(more.baselined, 1u);
}

TEST_F(BaselineTest, DuplicatesAreCounted) {
  // Two identical lines, one recorded: the second stays new.
  WriteGo(kOne);
  Scan(true);
  WriteGo(std::string(kOne) +
          "func g(p context.Context) context.Context {\n"
          "\tctx, _ := context.WithCancel(p)\n"
          "\treturn ctx\n}\n");
  EXPECT_EQ(Scan(false).findings.size(), 1u);
}

TEST_F(BaselineTest, BadBaselineIsAnError) {
  WriteGo(kOne);
  std::ofstream(dir_ / "baseline.json") << "{\"findings\": 3}";
  ScanOptions o;
  o.paths = {dir_.string()};
  o.baseline = (dir_ / "baseline.json").string();
  std::string error;
  RunScan(o, error);
  EXPECT_NE(error.find("not a gopit baseline"), std::string::npos) << error;

  o.baseline = (dir_ / "missing.json").string();
  error.clear();
  RunScan(o, error);
  EXPECT_NE(error.find("cannot open"), std::string::npos) << error;
}

TEST(Fingerprint, IgnoresIndentationNotContent) {
  Finding f;
  f.rule = "LOCK001";
  f.file = "a.go";
  EXPECT_EQ(FindingFingerprint(f, "\tmu.Lock()"), FindingFingerprint(f, "    mu.Lock()  "));
  EXPECT_NE(FindingFingerprint(f, "mu.Lock()"), FindingFingerprint(f, "mu.RLock()"));
  Finding g = f;
  g.file = "b.go";
  EXPECT_NE(FindingFingerprint(f, "mu.Lock()"), FindingFingerprint(g, "mu.Lock()"));
}

}  // namespace
}  // namespace gopit::scan
