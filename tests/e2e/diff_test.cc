// `gopit diff` as a user runs it, on three real dumps of a leaking handler
// taken as the leak grew (tests/data/leakshapes.handler-timeout.*.txt).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "e2e/support.h"

namespace gopit::e2e {
namespace {

using nlohmann::json;

std::string Sample(int i) {
  return std::string(GOPIT_TEST_DATA) + "/leakshapes.handler-timeout." + std::to_string(i) + ".txt";
}

TEST(Diff, JsonReportOfAGrowingLeak) {
  Output o = Gopit({"diff", "--format", "json", Sample(1), Sample(2), Sample(3)});
  ASSERT_EQ(o.status, 0) << o.err;
  json j = json::parse(o.out);
  json m = json::parse(
      ReadFile(std::string(GOPIT_TEST_DATA) + "/leakshapes.handler-timeout.manifest.json"));
  EXPECT_EQ(j["schema"], "gopit.diff/v1");
  ASSERT_EQ(j["snapshots"].size(), 3u);
  const json& top = j["buckets"][0];
  EXPECT_EQ(top["counts"], m["step_counts"]);
  EXPECT_EQ(top["persisted"]["count"], m["step_counts"][0]);
  EXPECT_EQ(top["frames"][0]["line"], m["sites"][0]["line"]);
  const json& d = j["diagnoses"][0];
  EXPECT_EQ(d["id"], "DUMP010");
  EXPECT_EQ(d["location"]["line"], m["sites"][0]["line"]);
  EXPECT_EQ(d["created_by"]["line"], m["sites"][0]["created_by_line"]);
  EXPECT_EQ(d["bucket_ids"][0], top["id"]);
}

TEST(Diff, TextReport) {
  Output o = Gopit({"diff", "--color", "never", Sample(1), Sample(2), Sample(3)});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("60 -> 120 -> 180 (+120)  chan send"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("DUMP010 growth"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("60 goroutines present in every snapshot"), std::string::npos);
}

TEST(Diff, NeedsTwoSnapshots) {
  Output o = Gopit({"diff", Sample(1)});
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.err.find("at least two snapshots"), std::string::npos) << o.err;
  Output missing = Gopit({"diff", Sample(1), "/nonexistent/dump.txt"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("/nonexistent/dump.txt"), std::string::npos);
}

TEST(Diff, OneFileWithTwoDumps) {
  Output o = Gopit({"diff", "--format", "json", std::string(GOPIT_TEST_DATA) + "/two-dumps.txt"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(json::parse(o.out)["snapshots"].size(), 2u);
}

}  // namespace
}  // namespace gopit::e2e
