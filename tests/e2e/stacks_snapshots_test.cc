// `gopit stacks` on one input that holds several snapshots: it reports the
// latest, says so, and points at `gopit diff`.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e/support.h"

namespace gopit::e2e {
namespace {

using nlohmann::json;

TEST(StacksSnapshots, ShowsTheLastOfTwoDumpsInOneFile) {
  std::string path = std::string(GOPIT_TEST_DATA) + "/two-dumps.txt";
  Output one =
      Gopit({"stacks", "--format", "json", std::string(GOPIT_TEST_DATA) + "/states.debug2.txt"});
  Output o = Gopit({"stacks", "--format", "json", path});
  ASSERT_EQ(o.status, 0) << o.err;
  json j = json::parse(o.out);
  ASSERT_EQ(j["inputs"][0]["snapshots"], 2);
  ASSERT_EQ(j["snapshots"].size(), 1u);
  EXPECT_EQ(j["snapshots"][0]["first_line"], 1635);
  // The second dump has 157 goroutines (its headers from line 1635 on), not
  // the 314 of both.
  EXPECT_EQ(j["snapshots"][0]["total_goroutines"], 157);
  bool noted = false;
  for (const json& w : j["warnings"]) {
    std::string m = w["message"];
    noted = noted || (m.find("input holds 2 snapshots; showing the last") != std::string::npos &&
                      m.find("gopit diff") != std::string::npos);
  }
  EXPECT_TRUE(noted) << o.out.substr(0, 2000);
}

TEST(StacksSnapshots, EightDebug1ProfilesCountOnce) {
  std::string profile = ReadFile(std::string(GOPIT_TEST_DATA) + "/states.debug1.txt");
  std::string path = WorkDir("stacks-snapshots") + "/eight-debug1.txt";
  {
    std::ofstream f(path, std::ios::binary);
    for (int i = 0; i < 8; ++i)
      f << profile;
  }
  Output o = Gopit({"stacks", "--format", "json", path});
  ASSERT_EQ(o.status, 0) << o.err;
  json j = json::parse(o.out);
  EXPECT_EQ(j["inputs"][0]["snapshots"], 8);
  // "goroutine profile: total 157", once.
  EXPECT_EQ(j["total_goroutines"], 157);
}

}  // namespace
}  // namespace gopit::e2e
