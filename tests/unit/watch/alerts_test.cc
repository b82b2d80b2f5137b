// Alert conditions read from target reports with real numbers, and the
// lifecycle the tracker gives them: fire, keep firing, resolve, come back
// as a new alert, escalate.
#include "watch/alerts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace gopit::watch {
namespace {

constexpr UnixMs kT0 = 1764504000000;  // 2025-11-30T12:00:00Z

TargetReport WithTotals(std::vector<std::pair<int64_t, uint64_t>> points) {
  TargetReport t;
  t.name = "api";
  t.url = "http://127.0.0.1:6060";
  t.up = true;
  for (auto [dt, v] : points)
    t.totals.push_back({kT0 + dt, v});
  t.samples = t.totals.size();
  return t;
}

const AlertCondition* Find(const std::vector<AlertCondition>& cs, const std::string& name) {
  auto it = std::find_if(cs.begin(), cs.end(), [&](const auto& c) { return c.name == name; });
  return it == cs.end() ? nullptr : &*it;
}

Diagnosis MakeDiag(const std::string& id, uint64_t bucket, const std::string& file, int line,
                   const std::string& message) {
  Diagnosis d;
  d.id = id;
  d.slug = "x";
  d.message = message;
  d.location = {file, line, "main.handler"};
  d.created_by = CodeLocation{"/src/app/server.go", 119, "main.serve"};
  if (bucket) d.bucket_ids = {bucket};
  d.goroutines = 180;
  return d;
}

TEST(EvaluateConditions, GoroutinesHighFollowsTheLevel) {
  WatchSettings s;  // warn above 500, critical above 2,000
  auto high = EvaluateConditions(WithTotals({{0, 2312}}), 0, s);
  ASSERT_EQ(high.size(), 1u);
  EXPECT_EQ(high[0].name, "GoroutinesHigh");
  EXPECT_EQ(high[0].severity, "critical");
  EXPECT_EQ(high[0].summary, "2,312 goroutines, above 2,000");
  EXPECT_TRUE(high[0].labels.empty());

  auto warn = EvaluateConditions(WithTotals({{0, 2312}, {500, 801}}), 0, s);
  ASSERT_EQ(warn.size(), 1u);
  EXPECT_EQ(warn[0].severity, "warning");
  EXPECT_EQ(warn[0].summary, "801 goroutines, above 500");

  // "Above" is strict: at the threshold nothing fires.
  EXPECT_TRUE(EvaluateConditions(WithTotals({{0, 500}}), 0, s).empty());
  EXPECT_TRUE(EvaluateConditions(TargetReport{}, 0, s).empty());
  s.crit_total = 1000000;
  EXPECT_EQ(EvaluateConditions(WithTotals({{0, 1234567}}), 0, s)[0].summary,
            "1,234,567 goroutines, above 1,000,000");
}

TEST(EvaluateConditions, GrowthOverTheWindow) {
  WatchSettings s;  // window 30s, warning above 300/min, critical above 3,000/min
  s.warn_total = s.crit_total = 1000000;
  // 900 more in 30s: 1,800 a minute. The point a minute before lies outside
  // the window and is not the start.
  auto c = EvaluateConditions(
      WithTotals({{-60000, 0}, {0, 100}, {10000, 400}, {20000, 700}, {30000, 1000}}), 0, s);
  const AlertCondition* g = Find(c, "GoroutineGrowth");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->severity, "warning");
  EXPECT_EQ(g->summary, "goroutines grew 100 -> 1,000 in 30s (1,800/min, above 300/min)");

  // 3,000 in 20s: 9,000 a minute.
  c = EvaluateConditions(WithTotals({{0, 100}, {10000, 1600}, {20000, 3100}}), 0, s);
  g = Find(c, "GoroutineGrowth");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->severity, "critical");
  EXPECT_EQ(g->summary, "goroutines grew 100 -> 3,100 in 20s (9,000/min, above 3,000/min)");

  // Slow growth: 40 in 30s.
  c = EvaluateConditions(WithTotals({{0, 100}, {15000, 120}, {30000, 140}}), 0, s);
  EXPECT_EQ(Find(c, "GoroutineGrowth"), nullptr);
  // Shrinking.
  c = EvaluateConditions(WithTotals({{0, 5000}, {15000, 100}, {30000, 50}}), 0, s);
  EXPECT_EQ(Find(c, "GoroutineGrowth"), nullptr);
}

TEST(EvaluateConditions, GrowthNeedsThreePointsOverHalfTheWindow) {
  WatchSettings s;
  s.warn_total = s.crit_total = 1000000;
  // Two points: a burst, not a trend.
  EXPECT_EQ(Find(EvaluateConditions(WithTotals({{0, 0}, {20000, 5000}}), 0, s), "GoroutineGrowth"),
            nullptr);
  // Three points over 10s of a 30s window.
  EXPECT_EQ(Find(EvaluateConditions(WithTotals({{0, 0}, {5000, 2000}, {10000, 5000}}), 0, s),
                 "GoroutineGrowth"),
            nullptr);
  // Three points over exactly half of it.
  auto c = EvaluateConditions(WithTotals({{0, 0}, {7500, 2000}, {15000, 5000}}), 0, s);
  const AlertCondition* g = Find(c, "GoroutineGrowth");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->severity, "critical");  // 5,000 in 15s: 20,000/min
  // Old points do not count towards the three.
  EXPECT_EQ(
      Find(EvaluateConditions(WithTotals({{-90000, 0}, {-45000, 0}, {0, 0}, {29000, 9000}}), 0, s),
           "GoroutineGrowth"),
      nullptr);
}

TEST(EvaluateConditions, DiagnosesBecomeAlerts) {
  WatchSettings s;
  TargetReport t = WithTotals({{0, 300}});
  t.diagnoses = {
      MakeDiag("DUMP000", 0x1234, "/src/app/worker.go", 88, "12 goroutines proven leaked"),
      MakeDiag("DUMP001", 0x55, "/src/app/nilchan.go", 9, "3 goroutines blocked on a nil channel"),
      MakeDiag("DUMP002", 0xabcdef0123456789, "/src/app/handler.go", 45,
               "180 goroutines blocked in chan send at handler.go:45, started at server.go:119"),
      MakeDiag("DUMP007", 0, "/src/app/main.go", 30, "all goroutines are asleep"),
      MakeDiag("DUMP010", 0x77, "/src/app/pool.go", 12, "grew 60 -> 120 -> 180"),
  };
  auto c = EvaluateConditions(t, 0, s);
  ASSERT_EQ(c.size(), 4u);  // DUMP010 is GoroutineGrowth's business, not its own alert

  const AlertCondition* suspect = Find(c, "LeakSuspect");
  ASSERT_NE(suspect, nullptr);
  EXPECT_EQ(suspect->severity, "warning");
  EXPECT_EQ(suspect->summary,
            "180 goroutines blocked in chan send at handler.go:45, started at server.go:119");
  EXPECT_EQ(suspect->labels.at("bucket"), "abcdef0123456789");
  EXPECT_EQ(suspect->labels.at("location"), "handler.go:45");
  EXPECT_NE(suspect->description.find("/src/app/handler.go:45 in main.handler"), std::string::npos)
      << suspect->description;
  EXPECT_NE(suspect->description.find("/src/app/server.go:119"), std::string::npos);

  const AlertCondition* proven = Find(c, "ProvenLeak");
  ASSERT_NE(proven, nullptr);
  EXPECT_EQ(proven->severity, "critical");
  EXPECT_EQ(proven->labels.at("bucket"), "0000000000001234");
  EXPECT_EQ(proven->labels.at("location"), "worker.go:88");

  ASSERT_NE(Find(c, "BlockedForever"), nullptr);
  EXPECT_EQ(Find(c, "BlockedForever")->severity, "critical");
  const AlertCondition* deadlock = Find(c, "Deadlock");
  ASSERT_NE(deadlock, nullptr);
  EXPECT_EQ(deadlock->severity, "critical");
  EXPECT_EQ(deadlock->labels.count("bucket"), 0u);
  EXPECT_EQ(deadlock->labels.at("location"), "main.go:30");
}

TEST(EvaluateConditions, TargetDownAfterErrorsInARow) {
  WatchSettings s;  // down after 3
  TargetReport t = WithTotals({{0, 10}});
  t.up = false;
  t.last_error = "connection refused";
  EXPECT_EQ(Find(EvaluateConditions(t, 2, s), "TargetDown"), nullptr);
  auto c = EvaluateConditions(t, 3, s);
  const AlertCondition* down = Find(c, "TargetDown");
  ASSERT_NE(down, nullptr);
  EXPECT_EQ(down->severity, "warning");
  EXPECT_EQ(down->summary, "3 samples in a row failed: connection refused");
}

AlertCondition Cond(const std::string& name, const std::string& severity,
                    const std::string& summary, std::map<std::string, std::string> labels = {}) {
  AlertCondition c;
  c.name = name;
  c.severity = severity;
  c.summary = summary;
  c.labels = std::move(labels);
  return c;
}

TEST(AlertTracker, FiresKeepsResolvesAndFiresAgain) {
  AlertTracker tr;
  auto ev = tr.Update("api", {Cond("GoroutinesHigh", "warning", "600 goroutines, above 500")}, kT0);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(ev[0].Firing());
  EXPECT_EQ(ev[0].target, "api");
  EXPECT_EQ(ev[0].starts_at_ms, kT0);

  // Still true: no transition, but the text follows the numbers.
  ev = tr.Update("api", {Cond("GoroutinesHigh", "warning", "700 goroutines, above 500")},
                 kT0 + 1000);
  EXPECT_TRUE(ev.empty());
  ASSERT_EQ(tr.Firing().size(), 1u);
  EXPECT_EQ(tr.Firing()[0].summary, "700 goroutines, above 500");
  EXPECT_EQ(tr.Firing()[0].starts_at_ms, kT0);

  ev = tr.Update("api", {}, kT0 + 90000);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_FALSE(ev[0].Firing());
  EXPECT_EQ(ev[0].ends_at_ms, kT0 + 90000);
  EXPECT_EQ(AlertLine(ev[0]),
            "ALERT resolved warning api GoroutinesHigh: 700 goroutines, above 500 (fired for "
            "1m30s)");
  EXPECT_TRUE(tr.Firing().empty());
  EXPECT_TRUE(tr.Update("api", {}, kT0 + 91000).empty());

  // Back again: a new alert.
  ev = tr.Update("api", {Cond("GoroutinesHigh", "warning", "650 goroutines, above 500")},
                 kT0 + 120000);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(ev[0].Firing());
  EXPECT_EQ(ev[0].starts_at_ms, kT0 + 120000);
  ASSERT_EQ(tr.All().size(), 2u);
  EXPECT_EQ(tr.All()[0].ends_at_ms, kT0 + 90000);
  EXPECT_TRUE(tr.All()[1].Firing());
}

TEST(AlertTracker, EscalationResolvesTheWarningAndFiresCritical) {
  AlertTracker tr;
  tr.Update("api", {Cond("GoroutinesHigh", "warning", "900 goroutines, above 500")}, kT0);
  auto ev = tr.Update("api", {Cond("GoroutinesHigh", "critical", "2,312 goroutines, above 2,000")},
                      kT0 + 5000);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].severity, "warning");
  EXPECT_FALSE(ev[0].Firing());
  EXPECT_EQ(ev[1].severity, "critical");
  EXPECT_TRUE(ev[1].Firing());
  EXPECT_EQ(AlertLine(ev[1]),
            "ALERT firing critical api GoroutinesHigh: 2,312 goroutines, above 2,000");
  // And back down.
  ev = tr.Update("api", {Cond("GoroutinesHigh", "warning", "900 goroutines, above 500")},
                 kT0 + 9000);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].severity, "critical");
  EXPECT_FALSE(ev[0].Firing());
  EXPECT_EQ(ev[1].severity, "warning");
  EXPECT_TRUE(ev[1].Firing());
  EXPECT_EQ(tr.All().size(), 3u);
}

TEST(AlertTracker, AConditionMustStayAwayBeforeItsAlertResolves) {
  AlertTracker tr(30000);
  auto high = Cond("GoroutinesHigh", "warning", "510 goroutines, above 500");
  ASSERT_EQ(tr.Update("api", {high}, kT0).size(), 1u);
  // A count hovering at the threshold: no resolution, no second firing.
  EXPECT_TRUE(tr.Update("api", {}, kT0 + 500).empty());
  EXPECT_TRUE(tr.Update("api", {high}, kT0 + 1000).empty());
  EXPECT_TRUE(tr.Update("api", {}, kT0 + 5000).empty());
  EXPECT_TRUE(tr.Update("api", {}, kT0 + 34999).empty());
  ASSERT_EQ(tr.Firing().size(), 1u);
  EXPECT_EQ(tr.Firing()[0].starts_at_ms, kT0);
  // 30 s after it last held, it resolves as of the moment it stopped.
  auto ev = tr.Update("api", {}, kT0 + 35000);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_FALSE(ev[0].Firing());
  EXPECT_EQ(ev[0].ends_at_ms, kT0 + 5000);
  EXPECT_TRUE(tr.Firing().empty());
  EXPECT_EQ(tr.All().size(), 1u);
}

TEST(AlertTracker, AnEscalationReplacesTheWarningWithoutWaiting) {
  AlertTracker tr(30000);
  tr.Update("api", {Cond("GoroutinesHigh", "warning", "900 goroutines, above 500")}, kT0);
  auto ev = tr.Update("api", {Cond("GoroutinesHigh", "critical", "2,312 goroutines, above 2,000")},
                      kT0 + 5000);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].severity, "warning");
  EXPECT_EQ(ev[0].ends_at_ms, kT0 + 5000);
  EXPECT_EQ(ev[1].severity, "critical");
  EXPECT_TRUE(ev[1].Firing());
  // Another alert going away still waits for the hold.
  tr.Update("api",
            {Cond("GoroutinesHigh", "critical", "2,400"), Cond("TargetDown", "warning", "x")},
            kT0 + 6000);
  EXPECT_TRUE(tr.Update("api", {Cond("GoroutinesHigh", "critical", "2,500")}, kT0 + 7000).empty());
}

TEST(AlertTracker, KeepsTheNewestResolvedAlertsAndEveryFiringOne) {
  AlertTracker tr(0, 8);
  tr.Update("db", {Cond("TargetDown", "warning", "down")}, kT0);  // fires and stays
  for (int i = 0; i < 40; ++i) {
    auto c =
        Cond("LeakSuspect", "warning", "s" + std::to_string(i), {{"bucket", std::to_string(i)}});
    tr.Update("api", {c}, kT0 + 1000 * i);
    tr.Update("api", {}, kT0 + 1000 * i + 500);
  }
  EXPECT_LE(tr.All().size(), 8u);
  ASSERT_EQ(tr.Firing().size(), 1u);
  EXPECT_EQ(tr.Firing()[0].name, "TargetDown");
  EXPECT_EQ(tr.All().back().summary, "s39");  // the newest stay
  // The firing alert is still tracked after the trimming: it resolves once.
  auto ev = tr.Update("db", {}, kT0 + 60000);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].name, "TargetDown");
  EXPECT_EQ(ev[0].starts_at_ms, kT0);
}

TEST(AlertTracker, LabelsAndTargetsTellAlertsApart) {
  AlertTracker tr;
  auto a = Cond("LeakSuspect", "warning", "a", {{"bucket", "01"}, {"location", "a.go:1"}});
  auto b = Cond("LeakSuspect", "warning", "b", {{"bucket", "02"}, {"location", "b.go:2"}});
  EXPECT_EQ(tr.Update("api", {a, b, a}, kT0).size(), 2u);  // a repeated is one alert
  EXPECT_EQ(tr.Update("db", {a}, kT0 + 1).size(), 1u);
  auto ev = tr.Update("api", {b}, kT0 + 2);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].labels.at("bucket"), "01");
  EXPECT_FALSE(ev[0].Firing());
  auto firing = tr.Firing();
  ASSERT_EQ(firing.size(), 2u);  // api's b and db's a, oldest first
  EXPECT_EQ(firing[0].target, "api");
  EXPECT_EQ(firing[0].labels.at("bucket"), "02");
  EXPECT_EQ(firing[1].target, "db");
}

TEST(AlertTracker, AResolutionAtTimeZeroStillEnds) {
  AlertTracker tr;
  tr.Update("api", {Cond("TargetDown", "warning", "down")}, 0);
  auto ev = tr.Update("api", {}, 0);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_FALSE(ev[0].Firing());
}

TEST(EvaluateAndTrack, AReportOverTime) {
  WatchSettings s;
  AlertTracker tr;
  TargetReport t = WithTotals({{0, 100}});
  EXPECT_TRUE(tr.Update(t.name, EvaluateConditions(t, 0, s), kT0).empty());
  t.totals.push_back({kT0 + 10000, 2500});
  auto ev = tr.Update(t.name, EvaluateConditions(t, 0, s), kT0 + 10000);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(AlertLine(ev[0]),
            "ALERT firing critical api GoroutinesHigh: 2,500 goroutines, above 2,000");
  t.totals.push_back({kT0 + 20000, 2600});  // three points over 20s: growth too
  ev = tr.Update(t.name, EvaluateConditions(t, 0, s), kT0 + 20000);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].name, "GoroutineGrowth");
  EXPECT_EQ(ev[0].severity, "critical");  // 2,500 in 20s
}

TEST(SeverityAtLeast, Order) {
  EXPECT_TRUE(SeverityAtLeast("critical", "warning"));
  EXPECT_TRUE(SeverityAtLeast("critical", "critical"));
  EXPECT_TRUE(SeverityAtLeast("warning", "warning"));
  EXPECT_FALSE(SeverityAtLeast("warning", "critical"));
  EXPECT_TRUE(SeverityAtLeast("Critical", "WARNING"));
  EXPECT_TRUE(SeverityAtLeast("warning", ""));
  EXPECT_FALSE(SeverityAtLeast("info", "warning"));
}

}  // namespace
}  // namespace gopit::watch
