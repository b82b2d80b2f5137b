// The version-aware rules against their fixtures at more than one Go
// version: rules_test.cc checks the lines at the fixtures' own go.mod
// version; here the same fixtures are scanned with --go-version to check
// the severity each version gets, and what disappears. A fixture line
// marked `// go1.23: none` is not reported from Go 1.23; one marked
// `// bounded: info` (LEAK006 in a counted loop) is info at every version.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "scan/engine.h"

namespace gopit::scan {
namespace {

std::string Dir(const std::string& id) {
  return std::string(GOPIT_GO_DIR) + "/scanrules/" + id;
}

std::vector<Finding> Scan(const std::string& id, const std::string& go_version) {
  ScanOptions o;
  o.paths = {Dir(id)};
  o.enable = {id};
  o.threads = 1;
  o.go_version = go_version;
  std::string error;
  ScanReport r = RunScan(o, error);
  EXPECT_EQ(error, "");
  return r.findings;
}

// The text of each line of bad.go, by line number.
std::map<int32_t, std::string> BadLines(const std::string& id) {
  std::map<int32_t, std::string> lines;
  std::ifstream in(Dir(id) + "/bad.go");
  std::string line;
  for (int32_t n = 1; std::getline(in, line); ++n)
    lines[n] = line;
  return lines;
}

size_t Wanted(const std::map<int32_t, std::string>& lines, bool from_123) {
  size_t n = 0;
  for (const auto& [_, text] : lines) {
    if (text.find("// want ") == std::string::npos) continue;
    if (from_123 && text.find("// go1.23: none") != std::string::npos) continue;
    ++n;
  }
  return n;
}

TEST(GoVersionRules, Leak005TickersWarnBefore123) {
  auto lines = BadLines("leak005");
  std::vector<Finding> got = Scan("leak005", "1.22");
  EXPECT_EQ(got.size(), Wanted(lines, false));
  for (const Finding& f : got) {
    bool timer = lines[f.line].find("NewTimer") != std::string::npos;
    EXPECT_EQ(f.severity, timer ? Severity::kInfo : Severity::kWarning) << f.line;
  }
}

TEST(GoVersionRules, Leak005IsInfoFrom123AndTickIsFine) {
  auto lines = BadLines("leak005");
  std::vector<Finding> got = Scan("leak005", "1.23");
  EXPECT_EQ(got.size(), Wanted(lines, true));
  for (const Finding& f : got) {
    EXPECT_EQ(f.severity, Severity::kInfo) << f.line;
    EXPECT_EQ(lines[f.line].find("// go1.23: none"), std::string::npos) << f.line;
  }
}

TEST(GoVersionRules, Leak006WarningBefore123InfoFrom) {
  auto lines = BadLines("leak006");
  for (const auto& [version, sev] :
       {std::pair{"1.21", Severity::kWarning}, std::pair{"go1.22.5", Severity::kWarning},
        std::pair{"1.23", Severity::kInfo}, std::pair{"1.24.1", Severity::kInfo}}) {
    std::vector<Finding> got = Scan("leak006", version);
    EXPECT_EQ(got.size(), Wanted(lines, false)) << version;
    for (const Finding& f : got) {
      // Loops with a known number of turns hold a bounded number of timers.
      bool bounded = lines[f.line].find("// bounded: info") != std::string::npos;
      EXPECT_EQ(f.severity, bounded ? Severity::kInfo : sev) << version << " line " << f.line;
    }
  }
}

TEST(GoVersionRules, Rt007OnlyBefore122) {
  // The fixture module says go 1.21.
  auto lines = BadLines("rt007");
  std::vector<Finding> own = Scan("rt007", "");
  EXPECT_EQ(own.size(), Wanted(lines, false));
  for (const Finding& f : own)
    EXPECT_EQ(f.severity, Severity::kWarning);
  EXPECT_TRUE(Scan("rt007", "1.22").empty());
  EXPECT_TRUE(Scan("rt007", "1.25").empty());
}

TEST(GoVersionRules, UnknownVersionIsMild) {
  // No go.mod for a single source: the version is unknown.
  const char* src = R"(package p

import "time"

func poll(stop chan struct{}, items []int, out chan int) {
	for _, it := range items {
		go func() { out <- it }()
	}
	for {
		select {
		case <-stop:
			return
		case v := <-out:
			_ = v
		case <-time.After(time.Second):
		}
		t := time.NewTicker(time.Second)
		_ = t.C
	}
}
)";
  std::vector<Finding> got = ScanSource("p.go", src, {"RT007", "LEAK005", "LEAK006"});
  ASSERT_EQ(got.size(), 3u);
  for (const Finding& f : got) {
    EXPECT_EQ(f.severity, Severity::kInfo) << f.rule;
    EXPECT_NE(f.message.find("unknown"), std::string::npos) << f.message;
  }
}

TEST(GoVersionRules, FileBuildLineRaisesTheVersion) {
  const char* src = R"(//go:build go1.22 && linux

package p

func start(items []int, out chan int) {
	for _, it := range items {
		go func() { out <- it }()
	}
}
)";
  EXPECT_TRUE(ScanSource("p.go", src, {"RT007"}).empty());
}

TEST(GoVersionRules, RejectsANonVersion) {
  ScanOptions o;
  o.paths = {Dir("rt007")};
  o.go_version = "latest";
  std::string error;
  RunScan(o, error);
  EXPECT_NE(error.find("not a Go version"), std::string::npos);
}

}  // namespace
}  // namespace gopit::scan
