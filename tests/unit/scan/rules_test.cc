// Every built-in rule against its fixtures in tests/go/scanrules/<id>/: real,
// compiling Go packages where each line that must be reported carries a
// `// want ID` comment. The rule must report exactly those lines: a missing
// finding fails recall, an extra one fails precision.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <tuple>

#include "scan/engine.h"
#include "scan/rules/rules.h"
#include "support/want_markers.h"

namespace gopit::scan {
namespace {

namespace fs = std::filesystem;

using Expected = std::set<std::tuple<std::string, int32_t, std::string>>;

std::string FixtureDir(const RuleInfo& r) {
  std::string id = r.id;
  for (char& c : id)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::string(GOPIT_GO_DIR) + "/scanrules/" + id;
}

// `// want ID` in .go files, or `# want ID` in the .yaml fixtures of the
// Kubernetes manifest rules.
// A line may also name what another rule reports there (the end-to-end
// scan test checks every rule at once); each rule's test keeps its own.
Expected Wanted(const std::string& dir, const std::string& id, const std::string& ext = ".go",
                const std::string& marker = "// want ") {
  Expected want;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ext) continue;
    std::ifstream in(e.path());
    std::string line;
    for (int32_t n = 1; std::getline(in, line); ++n) {
      for (const std::string& wanted : testing_support::WantedIds(line, marker)) {
        if (wanted == id) want.emplace(e.path().filename().string(), n, wanted);
      }
    }
  }
  return want;
}

class RuleFixtures : public ::testing::TestWithParam<const Rule*> {};

TEST_P(RuleFixtures, ReportsExactlyTheWantedLines) {
  const RuleInfo& info = GetParam()->Info();
  std::string dir = FixtureDir(info);
  ASSERT_TRUE(fs::is_directory(dir)) << "every rule has fixtures: " << dir;
  Expected want = Wanted(dir, info.id);
  ASSERT_GE(want.size(), 3u) << "at least three positive cases";

  ScanOptions o;
  o.paths = {dir};
  o.enable = {info.id};
  o.threads = 1;
  std::string error;
  ScanReport r = RunScan(o, error);
  ASSERT_EQ(error, "");
  EXPECT_TRUE(r.errors.empty());
  Expected got;
  for (const Finding& f : r.findings) {
    got.emplace(fs::path(f.file).filename().string(), f.line, f.rule);
    EXPECT_EQ(f.slug, info.slug);
    EXPECT_FALSE(f.message.empty());
    EXPECT_FALSE(f.related.empty() && f.message.find("discarded") == std::string::npos)
        << f.file << ":" << f.line << " names no related line";
  }
  EXPECT_EQ(got, want);
}

TEST_P(RuleFixtures, HasNegativeCases) {
  // good.go: at least three functions that look alike and are correct.
  std::ifstream in(FixtureDir(GetParam()->Info()) + "/good.go");
  ASSERT_TRUE(in.good());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t funcs = 0;
  for (size_t at = 0; (at = text.find("\nfunc ", at)) != std::string::npos; ++at)
    ++funcs;
  EXPECT_GE(funcs, 3u);
  EXPECT_EQ(text.find("// want"), std::string::npos);
}

TEST_P(RuleFixtures, IsDocumented) {
  const RuleInfo& info = GetParam()->Info();
  for (const char* section : {"## What it finds", "## Why it is bad", "## Bad", "## Fix",
                              "## Go versions", "## Known limits"}) {
    EXPECT_NE(info.doc.find(section), std::string::npos) << info.id << " lacks " << section;
  }
}

INSTANTIATE_TEST_SUITE_P(Builtin, RuleFixtures, ::testing::ValuesIn(AllRules()),
                         [](const auto& info) { return info.param->Info().id; });

// The manifest rules the same way, on bad.yaml and good.yaml.
class ManifestRuleFixtures : public ::testing::TestWithParam<const ManifestRule*> {};

TEST_P(ManifestRuleFixtures, ReportsExactlyTheWantedLines) {
  const RuleInfo& info = GetParam()->Info();
  std::string dir = FixtureDir(info);
  ASSERT_TRUE(fs::is_directory(dir)) << "every rule has fixtures: " << dir;
  Expected want = Wanted(dir, info.id, ".yaml", "# want ");
  ASSERT_GE(want.size(), 3u) << "at least three positive cases";

  ScanOptions o;
  o.paths = {dir};
  o.enable = {info.id};
  o.threads = 1;
  std::string error;
  ScanReport r = RunScan(o, error);
  ASSERT_EQ(error, "");
  EXPECT_TRUE(r.errors.empty());
  Expected got;
  for (const Finding& f : r.findings) {
    got.emplace(fs::path(f.file).filename().string(), f.line, f.rule);
    EXPECT_EQ(f.slug, info.slug);
    EXPECT_GE(f.column, 1);
    EXPECT_FALSE(f.message.empty());
    EXPECT_FALSE(f.related.empty()) << f.file << ":" << f.line << " names no related line";
  }
  EXPECT_EQ(got, want);
}

TEST_P(ManifestRuleFixtures, HasNegativeCases) {
  // good.yaml: at least three workloads that look alike and are correct.
  std::ifstream in(FixtureDir(GetParam()->Info()) + "/good.yaml");
  ASSERT_TRUE(in.good());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t docs = 0;
  for (size_t at = 0; (at = text.find("\nkind: ", at)) != std::string::npos; ++at)
    ++docs;
  EXPECT_GE(docs, 3u);
  EXPECT_EQ(text.find("# want"), std::string::npos);
}

TEST_P(ManifestRuleFixtures, IsDocumented) {
  const RuleInfo& info = GetParam()->Info();
  for (const char* section : {"## What it finds", "## Why it is bad", "## Bad", "## Fix",
                              "## Go versions", "## Known limits"}) {
    EXPECT_NE(info.doc.find(section), std::string::npos) << info.id << " lacks " << section;
  }
}

INSTANTIATE_TEST_SUITE_P(Builtin, ManifestRuleFixtures, ::testing::ValuesIn(AllManifestRules()),
                         [](const auto& info) { return info.param->Info().id; });

}  // namespace
}  // namespace gopit::scan
