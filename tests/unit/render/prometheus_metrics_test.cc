// /metrics of `watch --listen`: every family once with its help and type,
// label values escaped, bucket series capped, and the whole text accepted by
// the real `promtool check metrics` with no lint problem.
#include "render/prometheus_metrics.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "promtool.h"

namespace gopit {
namespace {

BucketTrend Bucket(uint64_t fp, const std::string& category, uint64_t last, bool suspect) {
  BucketTrend b;
  b.info.fingerprint = fp;
  b.info.category = category;
  b.info.state = category == "channel" ? "chan send" : "select";
  b.info.location = {"/src/watchsvc/main.go", 52, "main.lookupLeaky.func1"};
  b.info.created_by = CodeLocation{"/src/watchsvc/main.go", 51, "main.lookupLeaky"};
  b.info.stack = {"main.lookupLeaky.func1 /src/watchsvc/main.go:52"};
  b.counts = {{1000, 0}, {2000, last / 2}, {3000, last}};
  b.baseline = 0;
  b.last = last;
  b.max = last;
  b.suspect = suspect;
  return b;
}

TargetReport Target(const std::string& name, uint64_t goroutines) {
  TargetReport t;
  t.name = name;
  t.url = "http://127.0.0.1:6060";
  t.samples = 3;
  t.errors = 1;
  t.up = true;
  t.last_latency_ms = 12.5;
  t.full_dumps = 2;
  t.goroutines = {4, goroutines, goroutines};
  t.by_category = {{"channel", goroutines - 4}, {"io", 3}, {"running", 1}};
  t.totals = {{1000, 4}, {2000, goroutines / 2}, {3000, goroutines}};
  t.buckets.push_back(Bucket(0x0123456789abcdefULL, "channel", goroutines - 4, true));
  t.buckets.push_back(Bucket(0xfedcba9876543210ULL, "select", 2, false));
  AlertEvent firing;
  firing.name = "LeakSuspect";
  firing.target = name;
  firing.severity = "critical";
  firing.starts_at_ms = 2500;
  AlertEvent resolved = firing;
  resolved.name = "GoroutinesHigh";
  resolved.severity = "warning";
  resolved.ends_at_ms = 2900;
  t.alerts = {firing, resolved};
  return t;
}

WatchReport Report() {
  WatchReport r;
  r.from_ms = 1000;
  r.to_ms = 3000;
  r.targets.push_back(Target("api", 104));
  TargetReport down = Target("db", 10);
  down.up = false;
  down.last_error = "connection refused";
  r.targets.push_back(down);
  return r;
}

std::string Render(const WatchReport& r) {
  std::ostringstream out;
  RenderPrometheusMetrics(r, out);
  return out.str();
}

// Series (name and labels as written) -> value.
std::map<std::string, std::string> Samples(const std::string& text) {
  std::map<std::string, std::string> m;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    size_t sp = line.rfind(' ');
    EXPECT_TRUE(m.emplace(line.substr(0, sp), line.substr(sp + 1)).second) << "repeated: " << line;
  }
  return m;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

void ExpectPromtoolClean(const std::string& promtool, const std::string& text) {
  testing::PromtoolResult r = testing::PromtoolCheck(promtool, text);
  EXPECT_TRUE(r.Clean()) << "promtool exit " << r.status << ":\n" << r.output << "\n---\n" << text;
}

TEST(PrometheusMetrics, PromtoolAcceptsIt) {
  REQUIRE_PROMTOOL(promtool);
  ExpectPromtoolClean(promtool, Render(Report()));
  ExpectPromtoolClean(promtool, Render(WatchReport{}));
  WatchReport fresh;
  TargetReport never_answered;
  never_answered.name = "new";
  never_answered.url = "http://x";
  fresh.targets.push_back(never_answered);
  ExpectPromtoolClean(promtool, Render(fresh));
}

TEST(PrometheusMetrics, EveryFamilyOnceWithHelpAndType) {
  std::string text = Render(Report());
  const std::map<std::string, std::string> kFamilies = {
      {"gopit_target_up", "gauge"},
      {"gopit_goroutines", "gauge"},
      {"gopit_goroutines_max", "gauge"},
      {"gopit_goroutines_by_category", "gauge"},
      {"gopit_bucket_goroutines", "gauge"},
      {"gopit_leak_suspects", "gauge"},
      {"gopit_leak_suspect_goroutines", "gauge"},
      {"gopit_samples_total", "counter"},
      {"gopit_scrape_errors_total", "counter"},
      {"gopit_sample_duration_seconds", "gauge"},
      {"gopit_full_dumps_total", "counter"},
      {"gopit_alerts_firing", "gauge"},
  };
  for (const auto& [name, type] : kFamilies) {
    EXPECT_EQ(Count(text, "# HELP " + name + " "), 1u) << name;
    EXPECT_EQ(Count(text, "# TYPE " + name + " " + type + "\n"), 1u) << name;
  }
  EXPECT_EQ(Count(text, "# TYPE "), kFamilies.size());
  // Samples follow their own TYPE line, with no other family in between.
  std::istringstream in(text);
  std::string family;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("# TYPE ")) {
      family = line.substr(7, line.find(' ', 7) - 7);
    } else if (!line.starts_with("#")) {
      std::string name = line.substr(0, line.find_first_of("{ "));
      EXPECT_EQ(name, family) << line;
    }
  }
}

TEST(PrometheusMetrics, Values) {
  auto m = Samples(Render(Report()));
  EXPECT_EQ(m["gopit_target_up{target=\"api\"}"], "1");
  EXPECT_EQ(m["gopit_target_up{target=\"db\"}"], "0");
  EXPECT_EQ(m["gopit_goroutines{target=\"api\"}"], "104");
  EXPECT_EQ(m["gopit_goroutines_max{target=\"api\"}"], "104");
  EXPECT_EQ(m["gopit_goroutines_by_category{target=\"api\",category=\"channel\"}"], "100");
  EXPECT_EQ(m["gopit_goroutines_by_category{target=\"api\",category=\"io\"}"], "3");
  EXPECT_EQ(m["gopit_bucket_goroutines{target=\"api\",bucket=\"0123456789abcdef\",function=\"main."
              "lookupLeaky.func1\",location=\"watchsvc/main.go:52\",category=\"channel\"}"],
            "100");
  EXPECT_EQ(m["gopit_leak_suspects{target=\"api\"}"], "1");
  EXPECT_EQ(m["gopit_leak_suspect_goroutines{target=\"api\"}"], "100");
  EXPECT_EQ(m["gopit_samples_total{target=\"api\"}"], "3");
  EXPECT_EQ(m["gopit_scrape_errors_total{target=\"api\"}"], "1");
  EXPECT_EQ(m["gopit_sample_duration_seconds{target=\"api\"}"], "0.0125");
  EXPECT_EQ(m["gopit_full_dumps_total{target=\"api\"}"], "2");
  // Only the alert still firing counts; both severities are always there.
  EXPECT_EQ(m["gopit_alerts_firing{target=\"api\",severity=\"critical\"}"], "1");
  EXPECT_EQ(m["gopit_alerts_firing{target=\"api\",severity=\"warning\"}"], "0");
}

TEST(PrometheusMetrics, TargetThatNeverAnswered) {
  WatchReport r;
  TargetReport t;
  t.name = "new";
  t.errors = 2;
  t.last_latency_ms = 3;
  r.targets.push_back(t);
  auto m = Samples(Render(r));
  EXPECT_EQ(m["gopit_target_up{target=\"new\"}"], "0");
  EXPECT_EQ(m["gopit_scrape_errors_total{target=\"new\"}"], "2");
  // No goroutine count is better than a made-up 0.
  EXPECT_FALSE(m.count("gopit_goroutines{target=\"new\"}"));
  EXPECT_FALSE(m.count("gopit_goroutines_max{target=\"new\"}"));
}

TEST(PrometheusMetrics, LabelValuesAreEscaped) {
  REQUIRE_PROMTOOL(promtool);
  WatchReport r;
  TargetReport t = Target("a\"b\\c\nd", 20);
  t.buckets[0].info.location.function = "main.(*T).\"quoted\"\\fn";
  t.buckets[0].info.category = "bad\xff\xfe utf8";
  t.by_category = {{"new\nline", 1}};
  r.targets.push_back(t);
  std::string text = Render(r);
  EXPECT_NE(text.find("gopit_goroutines{target=\"a\\\"b\\\\c\\nd\"} 20\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("function=\"main.(*T).\\\"quoted\\\"\\\\fn\""), std::string::npos);
  EXPECT_NE(text.find("category=\"bad\xEF\xBF\xBD\xEF\xBF\xBD utf8\""), std::string::npos);
  EXPECT_NE(text.find("category=\"new\\nline\""), std::string::npos);
  ExpectPromtoolClean(promtool, text);
}

TEST(PrometheusMetrics, BucketSeriesAreCappedPerTarget) {
  REQUIRE_PROMTOOL(promtool);
  WatchReport r;
  TargetReport t = Target("big", 1000);
  t.buckets.clear();
  for (uint64_t i = 0; i < 80; ++i)
    t.buckets.push_back(Bucket(0x1000 + i, "channel", 80 - i, i < 3));
  // A repeated fingerprint would repeat a series.
  t.buckets.insert(t.buckets.begin() + 1, t.buckets[0]);
  r.targets.push_back(t);
  r.targets.push_back(Target("small", 30));
  std::string text = Render(r);
  EXPECT_EQ(Count(text, "gopit_bucket_goroutines{target=\"big\","), 50u);
  EXPECT_EQ(Count(text, "gopit_bucket_goroutines{target=\"small\","), 2u);
  // The first ones (most important) are kept.
  EXPECT_NE(text.find("bucket=\"0000000000001000\""), std::string::npos);
  EXPECT_NE(text.find("bucket=\"0000000000001031\""), std::string::npos);
  EXPECT_EQ(text.find("bucket=\"0000000000001032\""), std::string::npos);
  ExpectPromtoolClean(promtool, text);
}

TEST(PrometheusMetrics, RepeatedTargetNameIsExportedOnce) {
  REQUIRE_PROMTOOL(promtool);
  WatchReport r;
  r.targets.push_back(Target("api", 10));
  r.targets.push_back(Target("api", 99));
  std::string text = Render(r);
  EXPECT_EQ(Count(text, "gopit_goroutines{target=\"api\"}"), 1u);
  EXPECT_NE(text.find("gopit_goroutines{target=\"api\"} 10\n"), std::string::npos);
  ExpectPromtoolClean(promtool, text);
}

// Not a test of speed (no threshold): prints what 20 full targets cost, for
// the report.
TEST(PrometheusMetrics, TwentyTargets) {
  REQUIRE_PROMTOOL(promtool);
  WatchReport r;
  for (int i = 0; i < 20; ++i) {
    TargetReport t = Target("svc-" + std::to_string(i), 500);
    t.buckets.clear();
    for (uint64_t b = 0; b < 20; ++b)
      t.buckets.push_back(Bucket(0xabc000 + b, "channel", 100 + b, b < 2));
    r.targets.push_back(t);
  }
  auto start = std::chrono::steady_clock::now();
  std::string text;
  constexpr int kRounds = 100;
  for (int i = 0; i < kRounds; ++i)
    text = Render(r);
  double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() /
      kRounds;
  std::printf("20 targets x 20 buckets: %zu bytes, %zu lines, %.0f us a render\n", text.size(),
              Count(text, "\n"), us);
  ExpectPromtoolClean(promtool, text);
}

}  // namespace
}  // namespace gopit
