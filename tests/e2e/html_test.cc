// `--format html` in a real browser: the real gopit binary writes the page
// for a real dump, headless Chromium (Debian's `chromium`, listed in
// scripts/deps-apt.txt) loads it, runs its script and dumps the DOM, and
// the test reads what a person would see: the top diagnosis, the top
// bucket open, and the filter of `#filter=TEXT` / `#cat=CATEGORY` applied
// (non-matching buckets carry the `hidden` attribute). A screenshot of
// each page is kept in the test's work directory.
//
// Without chromium the tests fail in CI (CI=true) and are skipped elsewhere.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "e2e/chromium.h"
#include "e2e/support.h"

namespace gopit::e2e {
namespace {

using nlohmann::json;

std::string CheckedDom(const std::string& chrome, const std::string& url) {
  Output o = RunChromium(chrome, {"--dump-dom"}, url);
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("</html>"), std::string::npos) << o.err.substr(0, 2000);
  // The page's script ran.
  EXPECT_NE(o.out.find("<html lang=\"en\" data-ready=\"1\">"), std::string::npos)
      << o.out.substr(0, 500);
  return o.out;
}

void CheckedScreenshot(const std::string& chrome, const std::string& url, const std::string& png) {
  Output o = RunChromium(
      chrome, {"--screenshot=" + png, "--window-size=1280,900", "--hide-scrollbars"}, url);
  ASSERT_EQ(o.status, 0) << o.err;
  std::string data = ReadFile(png);
  ASSERT_GT(data.size(), 20u * 1024) << png << " looks empty";
  EXPECT_EQ(data.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

// The opening tag of each bucket in a dumped DOM, by bucket id.
std::map<std::string, std::string> BucketTags(const std::string& dom) {
  std::map<std::string, std::string> tags;
  static const std::regex kTag("<details class=\"bucket\" id=\"b-([0-9a-f]{16})\"[^>]*>");
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), kTag); it != std::sregex_iterator();
       ++it) {
    tags[(*it)[1]] = (*it)[0];
  }
  return tags;
}

bool Hidden(const std::string& tag) {
  return tag.find(" hidden=\"\"") != std::string::npos;
}

// What the DOM serialiser writes for text.
std::string TextAsSerialised(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Example() {
  return std::filesystem::path(std::string(GOPIT_TEST_DATA) +
                               "/../../examples/leaky-server.debug2.txt")
      .lexically_normal()
      .string();
}

std::string Handler(int i) {
  return std::string(GOPIT_TEST_DATA) + "/leakshapes.handler-timeout." + std::to_string(i) + ".txt";
}

TEST(Html, StacksPageInABrowser) {
  REQUIRE_CHROMIUM_AT(chrome);
  std::string dir = WorkDir("html-stacks");
  std::string page = dir + "/leaky-server.html";
  Output g = Gopit({"stacks", "--format", "html", "-o", page, Example()});
  ASSERT_EQ(g.status, 0) << g.err;
  Output j = Gopit({"stacks", "--format", "json", Example()});
  ASSERT_EQ(j.status, 0) << j.err;
  json report = json::parse(j.out);
  ASSERT_FALSE(report["diagnoses"].empty());
  std::string top_diag = report["diagnoses"][0]["message"];
  std::string top_bucket = report["buckets"][0]["id"];
  std::string top_fn = report["buckets"][0]["frames"][0]["function"];

  std::string dom = CheckedDom(chrome, "file://" + page);
  size_t diag = dom.find(TextAsSerialised(top_diag));
  size_t buckets = dom.find("<section id=\"buckets\">");
  ASSERT_NE(diag, std::string::npos) << top_diag;
  EXPECT_LT(diag, buckets);
  std::map<std::string, std::string> tags = BucketTags(dom);
  EXPECT_EQ(tags.size(), report["buckets"].size());
  ASSERT_TRUE(tags.count(top_bucket));
  EXPECT_FALSE(Hidden(tags[top_bucket]));
  EXPECT_NE(tags[top_bucket].find(" open=\"\""), std::string::npos);  // its stack is shown
  EXPECT_NE(dom.find(TextAsSerialised(top_fn)), std::string::npos);
  for (const auto& [id, tag] : tags)
    EXPECT_FALSE(Hidden(tag)) << "no filter, yet hidden: " << tag.substr(0, 80);

  CheckedScreenshot(chrome, "file://" + page, dir + "/leaky-server.png");
}

TEST(Html, FilterFromTheUrlFragment) {
  REQUIRE_CHROMIUM_AT(chrome);
  std::string dir = WorkDir("html-filter");
  std::string page = dir + "/leaky-server.html";
  ASSERT_EQ(Gopit({"stacks", "--format", "html", "-o", page, Example()}).status, 0);
  json report = json::parse(Gopit({"stacks", "--format", "json", Example()}).out);

  // By function: only the bucket blocked in searchBackend stays.
  std::string dom = CheckedDom(chrome, "file://" + page + "#filter=searchBackend");
  std::map<std::string, std::string> tags = BucketTags(dom);
  size_t visible = 0;
  for (const json& b : report["buckets"]) {
    bool match = false;
    for (const json& f : b["frames"])
      match |= f["function"].get<std::string>().find("searchBackend") != std::string::npos;
    ASSERT_TRUE(tags.count(b["id"]));
    EXPECT_EQ(Hidden(tags[b["id"]]), !match) << tags[b["id"]].substr(0, 100);
    visible += match;
  }
  EXPECT_EQ(visible, 1u);
  EXPECT_NE(dom.find(">1 of " + std::to_string(tags.size()) + " buckets<"), std::string::npos);

  // By category chip, from the query string as well, and by state and file
  // words together (every word must match, case does not matter).
  dom = CheckedDom(chrome, "file://" + page + "?cat=lock");
  tags = BucketTags(dom);
  for (const json& b : report["buckets"])
    EXPECT_EQ(Hidden(tags[b["id"]]), b["category"] != "lock") << b["id"];
  EXPECT_NE(dom.find("data-cat=\"lock\" aria-pressed=\"true\""), std::string::npos);

  dom = CheckedDom(chrome, "file://" + page + "#filter=CHAN%20main.go:136");
  tags = BucketTags(dom);
  size_t shown = 0;
  for (const auto& [id, tag] : tags)
    shown += !Hidden(tag);
  EXPECT_EQ(shown, 1u);

  // Nothing matches: every bucket hidden, and the page says so.
  dom = CheckedDom(chrome, "file://" + page + "#filter=no-such-function-anywhere");
  for (const auto& [id, tag] : BucketTags(dom))
    EXPECT_TRUE(Hidden(tag)) << id;
  EXPECT_NE(dom.find("<p id=\"no-match\" class=\"muted\">"), std::string::npos);

  CheckedScreenshot(chrome, "file://" + page + "#filter=searchBackend", dir + "/filtered.png");
}

TEST(Html, DiffPageInABrowser) {
  REQUIRE_CHROMIUM_AT(chrome);
  std::string dir = WorkDir("html-diff");
  std::string page = dir + "/handler-timeout.html";
  Output g = Gopit({"diff", "--format", "html", "-o", page, Handler(1), Handler(2), Handler(3)});
  ASSERT_EQ(g.status, 0) << g.err;
  json report =
      json::parse(Gopit({"diff", "--format", "json", Handler(1), Handler(2), Handler(3)}).out);
  std::string top_diag = report["diagnoses"][0]["message"];
  std::string top_bucket = report["buckets"][0]["id"];
  ASSERT_EQ(report["diagnoses"][0]["id"], "DUMP010");

  std::string dom = CheckedDom(chrome, "file://" + page);
  size_t diag = dom.find(TextAsSerialised(top_diag));
  ASSERT_NE(diag, std::string::npos) << top_diag;
  EXPECT_LT(diag, dom.find("<section id=\"buckets\">"));
  std::map<std::string, std::string> tags = BucketTags(dom);
  EXPECT_EQ(tags.size(), report["buckets"].size());
  ASSERT_TRUE(tags.count(top_bucket));
  EXPECT_FALSE(Hidden(tags[top_bucket]));
  // The top bucket's series, its chart and its persisted goroutines.
  size_t at = dom.find(tags[top_bucket]);
  std::string bucket = dom.substr(at, dom.find("</details>", at) - at);
  EXPECT_NE(bucket.find("<svg class=\"spark\""), std::string::npos);
  EXPECT_NE(bucket.find("<b>60 → 120 → 180</b>"), std::string::npos);
  EXPECT_NE(bucket.find("(+120)"), std::string::npos);
  EXPECT_NE(bucket.find("<b>60 goroutines</b> present in every snapshot"), std::string::npos);

  dom = CheckedDom(chrome, "file://" + page + "#filter=handleSearch");
  tags = BucketTags(dom);
  EXPECT_FALSE(Hidden(tags[top_bucket]));
  for (const json& b : report["buckets"]) {
    bool match = false;
    for (const json& f : b["frames"])
      match |= f["function"].get<std::string>().find("handleSearch") != std::string::npos;
    if (!b["created_by"].is_null()) {
      match |=
          b["created_by"]["function"].get<std::string>().find("handleSearch") != std::string::npos;
    }
    EXPECT_EQ(Hidden(tags[b["id"]]), !match) << b["id"];
  }

  CheckedScreenshot(chrome, "file://" + page, dir + "/handler-timeout.png");
}

}  // namespace
}  // namespace gopit::e2e
