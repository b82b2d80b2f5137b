// The watch report page, the live page and the bucket page: self-contained,
// everything from the report escaped, diagnoses before buckets, and sizes
// bounded however long the history is.
#include "render/watch_html.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <regex>
#include <sstream>

namespace gopit {
namespace {

BucketTrend Bucket(uint64_t fp, uint64_t last, bool suspect) {
  BucketTrend b;
  b.info.fingerprint = fp;
  b.info.category = "channel";
  b.info.state = "chan send";
  b.info.location = {"/src/watchsvc/main.go", 52, "main.lookupLeaky.func1"};
  b.info.created_by = CodeLocation{"/src/watchsvc/main.go", 51, "main.lookupLeaky"};
  b.info.stack = {"runtime.gopark /usr/local/go/src/runtime/proc.go:398",
                  "runtime.chansend1 /usr/local/go/src/runtime/chan.go:145",
                  "main.lookupLeaky.func1 /src/watchsvc/main.go:52"};
  for (int i = 0; i < 10; ++i)
    b.counts.push_back({1000 + i * 500, last * i / 9});
  b.last = last;
  b.max = last;
  b.suspect = suspect;
  return b;
}

TargetReport Target(const std::string& name) {
  TargetReport t;
  t.name = name;
  t.url = "http://127.0.0.1:6060";
  t.samples = 10;
  t.errors = 1;
  t.last_error = "connection refused";
  t.last_error_ms = 1500;
  t.up = true;
  t.goroutines = {4, 104, 104};
  t.by_category = {{"channel", 100}, {"io", 4}};
  for (int i = 0; i < 10; ++i)
    t.totals.push_back({1000 + i * 500, 4 + 100ULL * i / 9});
  t.buckets = {Bucket(0x0123456789abcdefULL, 100, true), Bucket(0x1111, 4, false)};
  t.buckets[1].info.category = "io";
  t.buckets[1].info.state = "IO wait";
  Diagnosis d;
  d.id = "DUMP002";
  d.slug = "leak-suspect";
  d.severity = Severity::kError;
  d.message = "100 goroutines blocked in chan send at main.go:52 and growing";
  d.location = t.buckets[0].info.location;
  d.bucket_ids = {0x0123456789abcdefULL};
  d.goroutines = 100;
  t.diagnoses = {d};
  AlertEvent a;
  a.name = "LeakSuspect";
  a.target = name;
  a.severity = "critical";
  a.summary = "leak suspect in " + name;
  a.labels = {{"bucket", "0123456789abcdef"}};
  a.starts_at_ms = 4000;
  t.alerts = {a};
  return t;
}

WatchReport Report() {
  WatchReport r;
  r.from_ms = 1000;
  r.to_ms = 5500;
  r.targets = {Target("api")};
  return r;
}

std::string Page(const WatchReport& r) {
  std::ostringstream out;
  RenderWatchHtml(r, out);
  return out.str();
}

void ExpectSelfContained(const std::string& html) {
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(html.find("</html>"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
}

TEST(WatchHtml, ReportPage) {
  std::string html = Page(Report());
  ExpectSelfContained(html);
  EXPECT_NE(html.find("<section class=\"target\" id=\"target-0\" data-target=\"api\""),
            std::string::npos);
  EXPECT_NE(html.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(html.find("<polyline"), std::string::npos);
  // Diagnoses before the alerts, the alerts before the buckets.
  size_t diag = html.find("100 goroutines blocked in chan send at main.go:52");
  size_t alerts = html.find("<tr data-alert=\"LeakSuspect\" data-firing=\"true\">");
  size_t bucket = html.find("<details class=\"bucket\" id=\"b-0123456789abcdef\"");
  ASSERT_NE(diag, std::string::npos);
  ASSERT_NE(alerts, std::string::npos);
  ASSERT_NE(bucket, std::string::npos);
  EXPECT_LT(diag, alerts);
  EXPECT_LT(alerts, bucket);
  // The diagnosis links to its bucket, which is open, marked suspect, with
  // its series chart and its stack.
  EXPECT_NE(html.find("<a href=\"#b-0123456789abcdef\">"), std::string::npos);
  std::string tag = html.substr(bucket, html.find('>', bucket) - bucket);
  EXPECT_NE(tag.find("data-suspect=\"true\""), std::string::npos);
  EXPECT_NE(tag.find(" open"), std::string::npos);
  std::string b = html.substr(bucket, html.find("</details>", bucket) - bucket);
  EXPECT_NE(b.find("<svg class=\"spark\""), std::string::npos);
  EXPECT_NE(b.find(">suspect</span>"), std::string::npos);
  EXPECT_NE(b.find("title=\"/src/watchsvc/main.go:52\">watchsvc/main.go:52</span>"),
            std::string::npos);
  EXPECT_NE(b.find("<li class=\"std\"><span class=\"fn\">runtime.gopark</span>"),
            std::string::npos);
  EXPECT_NE(b.find("created by main.lookupLeaky"), std::string::npos);
  // The other bucket is not a suspect and stays folded.
  size_t other = html.find("id=\"b-0000000000001111\"");
  ASSERT_NE(other, std::string::npos);
  std::string other_tag = html.substr(other, html.find('>', other) - other);
  EXPECT_NE(other_tag.find("data-suspect=\"false\""), std::string::npos);
  EXPECT_EQ(other_tag.find(" open"), std::string::npos);
  // The header: samples, errors, first/last/max.
  EXPECT_NE(html.find("10 samples, 1 error; goroutines <b>4 → 104</b> (max 104)"),
            std::string::npos);
  EXPECT_NE(html.find("connection refused"), std::string::npos);
  // The filter of the other pages works here too.
  EXPECT_NE(html.find("id=\"filter\""), std::string::npos);
  EXPECT_NE(html.find("data-cat=\"channel\" aria-pressed=\"false\""), std::string::npos);
}

TEST(WatchHtml, EverythingFromTheReportIsEscaped) {
  WatchReport r = Report();
  TargetReport& t = r.targets[0];
  t.name = "<script>alert(1)</script>";
  t.url = "http://x/?a=\"b\"&c='d'";
  t.last_error = "<img onerror=x>";
  t.buckets[0].info.stack.push_back("main.<bad>\"fn\" /a/<b>.go:7");
  t.buckets[0].info.state = "<state>";
  t.alerts[0].summary = "<b>bold</b>";
  t.alerts[0].labels = {{"<k>", "<v>"}};
  t.diagnoses[0].message = "<i>diag</i>";
  std::string html = Page(r);
  for (const char* raw : {"<script>alert", "<img", "<bad>", "<state>", "<b>bold", "<k>", "<v>",
                          "<i>diag", "\"b\"&c"}) {
    EXPECT_EQ(html.find(raw), std::string::npos) << raw;
  }
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("data-target=\"&lt;script&gt;alert(1)&lt;/script&gt;\""), std::string::npos);
  EXPECT_NE(html.find("main.&lt;bad&gt;&quot;fn&quot;"), std::string::npos);
}

TEST(WatchHtml, EmptyAndFreshTargets) {
  std::string empty = Page(WatchReport{});
  ExpectSelfContained(empty);
  EXPECT_NE(empty.find("No target."), std::string::npos);
  WatchReport r;
  TargetReport t;
  t.name = "new";
  t.url = "http://127.0.0.1:1";
  t.errors = 3;
  t.last_error = "connection refused";
  r.targets.push_back(t);
  std::string html = Page(r);
  ExpectSelfContained(html);
  EXPECT_NE(html.find("No sample answered yet."), std::string::npos);
  EXPECT_NE(html.find("No bucket."), std::string::npos);
  EXPECT_NE(html.find("<span class=\"badge error\">down</span>"), std::string::npos);
}

TEST(WatchHtml, LongHistoryStaysSmall) {
  WatchReport r = Report();
  TargetReport& t = r.targets[0];
  t.totals.clear();
  for (int i = 0; i < 7200; ++i)
    t.totals.push_back({1000 + i * 500LL, static_cast<uint64_t>(i % 500 == 0 ? 9000 : 100)});
  for (BucketTrend& b : t.buckets) {
    b.counts.clear();
    for (int i = 0; i < 7200; ++i)
      b.counts.push_back({1000 + i * 500LL, static_cast<uint64_t>(i)});
  }
  std::string html = Page(r);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(html, m, std::regex("points=\"([^\"]*)\"")));
  size_t points = std::count(m[1].first, m[1].second, ',');
  EXPECT_LE(points, 360u);
  EXPECT_GE(points, 100u);
  // The peaks survive the thinning.
  EXPECT_NE(html.find("at most 9,000"), std::string::npos);
  size_t spark = html.find("<svg class=\"spark\"");
  std::string s = html.substr(spark, html.find("</svg>", spark) - spark);
  size_t bars = 0;
  for (size_t at = s.find("<rect"); at != std::string::npos; at = s.find("<rect", at + 1))
    ++bars;
  EXPECT_EQ(bars, 40u);
  std::printf("one target, 7200 samples, 2 buckets: %zu bytes\n", html.size());
}

TEST(WatchHtml, PageSizeForTwentyTargets) {
  WatchReport r;
  for (int i = 0; i < 20; ++i) {
    TargetReport t = Target("svc-" + std::to_string(i));
    t.buckets.clear();
    for (uint64_t b = 0; b < 20; ++b)
      t.buckets.push_back(Bucket(0xabc000 + b + 1000 * i, 100 + b, b < 2));
    r.targets.push_back(t);
  }
  std::string html = Page(r);
  ExpectSelfContained(html);
  // Every bucket id once: ids stay unique across targets.
  std::regex id("id=\"b-([0-9a-f]{16})\"");
  size_t ids =
      std::distance(std::sregex_iterator(html.begin(), html.end(), id), std::sregex_iterator());
  EXPECT_EQ(ids, 400u);
  std::printf("20 targets x 20 buckets: %zu bytes\n", html.size());
}

TEST(WatchHtml, SameBucketInTwoTargetsKeepsIdsUnique) {
  WatchReport r;
  r.targets = {Target("a"), Target("b")};
  std::string html = Page(r);
  size_t first = html.find("id=\"b-0123456789abcdef\"");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(html.find("id=\"b-0123456789abcdef\"", first + 1), std::string::npos);
  EXPECT_EQ(html.find("data-bucket=\"0123456789abcdef\"", html.find("data-target=\"b\"")) !=
                std::string::npos,
            true);
}

TEST(WatchHtml, LivePage) {
  std::ostringstream out;
  RenderLivePage(out);
  std::string html = out.str();
  ExpectSelfContained(html);
  EXPECT_NE(html.find("fetch(\"/api/state\""), std::string::npos);
  EXPECT_NE(html.find("\"data-target\""), std::string::npos);
  EXPECT_NE(html.find("\"data-suspect\""), std::string::npos);
  EXPECT_NE(html.find("\"/bucket?target=\" + encodeURIComponent("), std::string::npos);
  // Strings from the state never become markup.
  EXPECT_EQ(html.find("innerHTML"), std::string::npos);
  EXPECT_EQ(html.find("outerHTML"), std::string::npos);
  EXPECT_EQ(html.find("insertAdjacentHTML"), std::string::npos);
  EXPECT_EQ(html.find("document.write"), std::string::npos);
  std::printf("live page: %zu bytes\n", html.size());
}

TEST(WatchHtml, BucketPage) {
  TargetReport t = Target("api<1>");
  std::ostringstream out;
  RenderBucketPage(t, t.buckets[0], out);
  std::string html = out.str();
  ExpectSelfContained(html);
  EXPECT_NE(html.find("data-bucket=\"0123456789abcdef\""), std::string::npos);
  EXPECT_NE(html.find("data-target=\"api&lt;1&gt;\""), std::string::npos);
  EXPECT_NE(html.find("<span class=\"fn\">main.lookupLeaky.func1</span>"), std::string::npos);
  EXPECT_NE(html.find("created by main.lookupLeaky"), std::string::npos);
  EXPECT_NE(html.find(">suspect</span>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"/\">"), std::string::npos);
  EXPECT_EQ(html.find("api<1>"), std::string::npos);
}

}  // namespace
}  // namespace gopit
