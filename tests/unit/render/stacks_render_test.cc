// The renderers on a real dump: JSON that parses and follows docs/json.md,
// text that names the biggest bucket first, with colour only when asked.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "dump/reader.h"
#include "render/json_writer.h"
#include "render/stacks_json.h"
#include "render/stacks_text.h"

namespace gopit {
namespace {

struct Fixture {
  ReadResult read;
  StacksReport report;
  explicit Fixture(const char* name) {
    EXPECT_TRUE(ReadInput(std::string(GOPIT_TEST_DATA) + "/" + name, {}, read).Ok());
    report.read = &read;
    report.inputs.push_back(InputSummary{name, read.snapshots.size(), ""});
    std::vector<const Snapshot*> snaps;
    for (const Snapshot& s : read.snapshots)
      snaps.push_back(&s);
    report.buckets = BuildBuckets(*read.symbols, snaps, report.options);
  }
};

TEST(StacksJson, FollowsTheDocumentedSchema) {
  Fixture f("states.panic.txt");
  std::ostringstream out;
  RenderStacksJson(f.report, out);
  nlohmann::json j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["schema"], "gopit.stacks/v1");
  for (const char* k : {"inputs", "snapshots", "grouping", "total_goroutines", "hidden_goroutines",
                        "buckets", "warnings"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  EXPECT_EQ(j["snapshots"][0]["reason"], "panic: boom");
  const auto& b = j["buckets"][0];
  EXPECT_EQ(b["id"].get<std::string>().size(), 16u);
  EXPECT_EQ(b["count"], 17);
  EXPECT_EQ(b["state"], "chan receive");
  EXPECT_EQ(b["category"], "channel");
  EXPECT_TRUE(b["wait_minutes"].is_null());
  EXPECT_FALSE(b["locked_to_thread"]);
  EXPECT_EQ(b["frames"][0]["function"], "main.blockOnRecv");
  EXPECT_TRUE(b["frames"][0]["file"].get<std::string>().ends_with("states/main.go"));
  EXPECT_EQ(b["created_by"]["function"], "main.startSites");
  EXPECT_TRUE(b["created_by"]["goroutine"].is_number());
  EXPECT_EQ(b["goroutine_ids"].size(), 17u);
  uint64_t sum = 0;
  for (const auto& bk : j["buckets"])
    sum += bk["count"].get<uint64_t>();
  EXPECT_EQ(sum + j["hidden_goroutines"].get<uint64_t>(), j["total_goroutines"].get<uint64_t>());
}

TEST(StacksJson, ProfilesHaveNoIds) {
  Fixture f("states.debug1.txt");
  std::ostringstream out;
  RenderStacksJson(f.report, out);
  nlohmann::json j = nlohmann::json::parse(out.str());
  EXPECT_TRUE(j["buckets"][0]["goroutine_ids"].is_null());
  EXPECT_EQ(j["snapshots"][0]["declared_total"], j["snapshots"][0]["total_goroutines"]);
}

TEST(JsonWriter, EscapesAndReplacesInvalidUtf8) {
  std::ostringstream out;
  JsonWriter w(out, false);
  w.BeginObject().Key("s").String(std::string("a\"b\\\n\x01\xff\xc3\xa9", 9)).EndObject();
  nlohmann::json j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["s"], "a\"b\\\n\x01\xef\xbf\xbd\xc3\xa9");
}

TEST(StacksText, BiggestBucketFirstAndNoColourUnlessAsked) {
  Fixture f("states.debug2.txt");
  std::ostringstream plain, coloured;
  TextOptions o;
  RenderStacksText(f.report, o, plain);
  o.color = true;
  RenderStacksText(f.report, o, coloured);
  std::string t = plain.str();
  EXPECT_EQ(t.find("\x1b["), std::string::npos);
  EXPECT_NE(coloured.str().find("\x1b["), std::string::npos);
  size_t first = t.find("17  chan receive");
  size_t second = t.find("16  chan send");
  ASSERT_NE(first, std::string::npos) << t;
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_NE(t.find("main.blockOnRecv"), std::string::npos);
  EXPECT_NE(t.find("created by main.startSites"), std::string::npos);
  EXPECT_NE(t.find("... 50 frames elided by the runtime"), std::string::npos);
}

TEST(StacksText, LimitSaysWhatIsLeftOut) {
  Fixture f("states.debug2.txt");
  std::ostringstream out;
  TextOptions o;
  o.max_buckets = 3;
  RenderStacksText(f.report, o, out);
  EXPECT_NE(out.str().find("more buckets with"), std::string::npos);
  EXPECT_NE(out.str().find("--limit 0 shows all"), std::string::npos);
}

}  // namespace
}  // namespace gopit
