#include "render/prometheus_metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "render/utf8.h"

#include "analysis/buckets.h"
#include "render/paths.h"

namespace gopit {
namespace {

// Whatever the producer passes, a target never exports more bucket series
// than this: a scrape must stay small even if top_buckets is set huge.
constexpr size_t kMaxBucketSeries = 50;

// Prometheus rejects a label value or help text that is not UTF-8, so an
// invalid sequence becomes U+FFFD (one per byte) instead of breaking the
// whole scrape. `quote` says whether double quotes are escaped too (label
// values) or not (help text).
void AppendEscaped(std::string& out, std::string_view s, bool quote) {
  AppendUtf8Sanitized(out, s, [quote](char c, std::string& o) {
    if (c == '\\') {
      o += "\\\\";
    } else if (c == '\n') {
      o += "\\n";
    } else if (c == '"' && quote) {
      o += "\\\"";
    } else {
      o += c;
    }
  });
}

std::string Number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : "NaN";
}

std::string Number(uint64_t v) {
  return std::to_string(v);
}

using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

// Writes one family: HELP and TYPE once, then its samples, which the text
// format requires to follow their TYPE line without another family between.
class Family {
 public:
  Family(std::string& out, std::string_view name, std::string_view type, std::string_view help)
      : out_(out), name_(name) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    AppendEscaped(out_, help, false);
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
  }

  void Sample(const Labels& labels, const std::string& value) {
    out_ += name_;
    if (!labels.empty()) {
      out_ += '{';
      for (size_t i = 0; i < labels.size(); ++i) {
        if (i) out_ += ',';
        out_ += labels[i].first;
        out_ += "=\"";
        AppendEscaped(out_, labels[i].second, true);
        out_ += '"';
      }
      out_ += '}';
    }
    out_ += ' ';
    out_ += value;
    out_ += '\n';
  }

 private:
  std::string& out_;
  std::string_view name_;
};

std::string ShortLocation(const CodeLocation& loc) {
  if (loc.file.empty()) return "";
  return ShortPath(loc.file) + ":" + std::to_string(loc.line);
}

}  // namespace

void RenderPrometheusMetrics(const WatchReport& report, std::ostream& out) {
  // A repeated target name would repeat every series of that target, which
  // makes the whole exposition invalid; the first one wins.
  std::vector<const TargetReport*> targets;
  {
    std::unordered_set<std::string_view> names;
    for (const TargetReport& t : report.targets)
      if (names.insert(t.name).second) targets.push_back(&t);
  }
  auto each = [&](auto&& fn) {
    for (const TargetReport* t : targets)
      fn(*t);
  };

  std::string s;
  s.reserve(4096 + targets.size() * 8192);
  {
    Family f(s, "gopit_target_up", "gauge",
             "1 if the target's latest sample answered and parsed, 0 if it failed.");
    each([&](const TargetReport& t) { f.Sample({{"target", t.name}}, t.up ? "1" : "0"); });
  }
  {
    Family f(s, "gopit_goroutines", "gauge",
             "Goroutines in the target's latest sample that answered.");
    each([&](const TargetReport& t) {
      if (t.samples) f.Sample({{"target", t.name}}, Number(t.goroutines.last));
    });
  }
  {
    Family f(s, "gopit_goroutines_max", "gauge",
             "Most goroutines seen in one sample of the target since watch started.");
    each([&](const TargetReport& t) {
      if (t.samples) f.Sample({{"target", t.name}}, Number(t.goroutines.max));
    });
  }
  {
    Family f(s, "gopit_goroutines_by_category", "gauge",
             "Goroutines in the target's latest sample by what they wait on.");
    each([&](const TargetReport& t) {
      if (!t.samples) return;
      for (const auto& [category, count] : t.by_category)
        f.Sample({{"target", t.name}, {"category", category}}, Number(count));
    });
  }
  {
    Family f(s, "gopit_bucket_goroutines", "gauge",
             "Goroutines in one bucket (same innermost frames and wait) of the target's latest "
             "sample; only the most important buckets are exported.");
    each([&](const TargetReport& t) {
      std::set<uint64_t> seen;
      for (const BucketTrend& b : t.buckets) {
        if (seen.size() == kMaxBucketSeries) break;
        if (!seen.insert(b.info.fingerprint).second) continue;
        std::string id = FingerprintHex(b.info.fingerprint);
        std::string where = ShortLocation(b.info.location);
        f.Sample({{"target", t.name},
                  {"bucket", id},
                  {"function", b.info.location.function},
                  {"location", where},
                  {"category", b.info.category}},
                 Number(b.last));
      }
    });
  }
  {
    Family f(s, "gopit_leak_suspects", "gauge",
             "Buckets of the target that watch holds for leaks (DUMP002).");
    each([&](const TargetReport& t) {
      uint64_t n = 0;
      for (const BucketTrend& b : t.buckets)
        n += b.suspect;
      f.Sample({{"target", t.name}}, Number(n));
    });
  }
  {
    Family f(s, "gopit_leak_suspect_goroutines", "gauge",
             "Goroutines in the target's leak-suspect buckets in its latest sample.");
    each([&](const TargetReport& t) {
      uint64_t n = 0;
      for (const BucketTrend& b : t.buckets)
        if (b.suspect) n += b.last;
      f.Sample({{"target", t.name}}, Number(n));
    });
  }
  {
    Family f(s, "gopit_samples_total", "counter",
             "Samples of the target that answered and parsed.");
    each([&](const TargetReport& t) { f.Sample({{"target", t.name}}, Number(t.samples)); });
  }
  {
    Family f(s, "gopit_scrape_errors_total", "counter",
             "Samples of the target that failed: no answer, an HTTP error or a body gopit could "
             "not read.");
    each([&](const TargetReport& t) { f.Sample({{"target", t.name}}, Number(t.errors)); });
  }
  {
    Family f(s, "gopit_sample_duration_seconds", "gauge",
             "How long the target's latest sample took, fetch and parse.");
    each([&](const TargetReport& t) {
      if (t.samples + t.errors)
        f.Sample({{"target", t.name}}, Number(std::max(0.0, t.last_latency_ms) / 1000.0));
    });
  }
  {
    Family f(s, "gopit_full_dumps_total", "counter",
             "Full goroutine dumps (debug=2) taken from the target for evidence.");
    each([&](const TargetReport& t) { f.Sample({{"target", t.name}}, Number(t.full_dumps)); });
  }
  {
    Family f(s, "gopit_alerts_firing", "gauge", "Alerts firing for the target, by severity.");
    each([&](const TargetReport& t) {
      // Both usual severities always appear so that a rule can compare with
      // 0; an unusual one only while it has alerts.
      std::map<std::string_view, uint64_t> by = {{"critical", 0}, {"warning", 0}};
      for (const AlertEvent& a : t.alerts)
        if (a.Firing()) ++by[a.severity];
      for (const auto& [severity, n] : by)
        f.Sample({{"target", t.name}, {"severity", severity}}, Number(n));
    });
  }
  out << s;
}

}  // namespace gopit
