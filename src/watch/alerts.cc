#include "watch/alerts.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <set>

#include "analysis/buckets.h"

namespace gopit::watch {
namespace {

// 2312 -> "2,312": alert lines are read by people at a glance.
std::string Count(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// A rate with the precision it deserves: whole numbers once they are large.
std::string Rate(double r) {
  if (std::fabs(r) >= 100) return Count(static_cast<uint64_t>(std::llround(std::fabs(r))));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::fabs(r));
  std::string s = buf;
  if (s.size() > 2 && s.ends_with(".0")) s.resize(s.size() - 2);
  return s;
}

// 95000 -> "1m35s", for windows and how long an alert fired.
std::string Span(int64_t ms) {
  if (ms < 1000) return std::to_string(std::max<int64_t>(ms, 0)) + "ms";
  int64_t s = ms / 1000;
  std::string out;
  if (s >= 3600) out += std::to_string(s / 3600) + "h";
  if (s >= 60 && s % 3600 / 60) out += std::to_string(s % 3600 / 60) + "m";
  if (s % 60 || out.empty()) out += std::to_string(s % 60) + "s";
  return out;
}

std::string Place(const CodeLocation& loc) {
  return ShortPlace(loc);
}

// The labels that tell one diagnosis's alert from another's: its first
// bucket and where it blocks.
std::map<std::string, std::string> DiagnosisLabels(const Diagnosis& d) {
  std::map<std::string, std::string> labels;
  if (!d.bucket_ids.empty()) labels["bucket"] = FingerprintHex(d.bucket_ids.front());
  if (!d.location.file.empty()) labels["location"] = Place(d.location);
  return labels;
}

std::string DiagnosisDescription(const Diagnosis& d) {
  std::string s = d.id + " " + d.slug + ": " + d.message;
  if (!d.location.file.empty()) {
    s += ". Blocks at " + d.location.file + ":" + std::to_string(d.location.line);
    if (!d.location.function.empty()) s += " in " + d.location.function;
  }
  if (d.created_by) {
    s += "; started at " + d.created_by->file + ":" + std::to_string(d.created_by->line);
    if (!d.created_by->function.empty()) s += " by " + d.created_by->function;
  }
  if (d.goroutines) s += "; " + Count(d.goroutines) + " goroutines";
  return s + ".";
}

void AddGrowth(const TargetReport& t, const WatchSettings& s, std::vector<AlertCondition>& out) {
  if (t.totals.size() < 3 || s.growth_window_ms <= 0) return;
  const TimePoint& last = t.totals.back();
  UnixMs window_start = last.t_ms - s.growth_window_ms;
  auto first = std::lower_bound(t.totals.begin(), t.totals.end(), window_start,
                                [](const TimePoint& p, UnixMs at) { return p.t_ms < at; });
  size_t points = static_cast<size_t>(t.totals.end() - first);
  int64_t span = last.t_ms - first->t_ms;
  // Fewer points, or a shorter stretch, and one burst reads as a trend.
  if (points < 3 || span <= 0 || span * 2 < s.growth_window_ms) return;
  double grown = static_cast<double>(last.value) - static_cast<double>(first->value);
  double per_min = grown / (static_cast<double>(span) / 60000.0);
  const char* severity = nullptr;
  double threshold = 0;
  if (per_min > s.crit_growth_per_min) {
    severity = "critical";
    threshold = s.crit_growth_per_min;
  } else if (per_min > s.warn_growth_per_min) {
    severity = "warning";
    threshold = s.warn_growth_per_min;
  }
  if (!severity) return;
  AlertCondition c;
  c.name = "GoroutineGrowth";
  c.severity = severity;
  c.summary = "goroutines grew " + Count(first->value) + " -> " + Count(last.value) + " in " +
              Span(span) + " (" + Rate(per_min) + "/min, above " + Rate(threshold) + "/min)";
  c.description = "The target's goroutine count grew by " + Count(static_cast<uint64_t>(grown)) +
                  " over the last " + Span(span) + " (" + std::to_string(points) +
                  " samples), a rate of " + Rate(per_min) + " goroutines per minute; " + severity +
                  " above " + Rate(threshold) + "/min.";
  out.push_back(std::move(c));
}

}  // namespace

std::vector<AlertCondition> EvaluateConditions(const TargetReport& t, uint32_t consecutive_errors,
                                               const WatchSettings& s) {
  std::vector<AlertCondition> out;
  // Sample-based conditions read the latest sample that answered, so a
  // target that stops answering keeps its alerts instead of resolving them.
  if (!t.totals.empty()) {
    uint64_t total = t.totals.back().value;
    const char* severity = nullptr;
    uint64_t threshold = 0;
    if (total > s.crit_total) {
      severity = "critical";
      threshold = s.crit_total;
    } else if (total > s.warn_total) {
      severity = "warning";
      threshold = s.warn_total;
    }
    if (severity) {
      AlertCondition c;
      c.name = "GoroutinesHigh";
      c.severity = severity;
      c.summary = Count(total) + " goroutines, above " + Count(threshold);
      c.description = "The target runs " + Count(total) + " goroutines; warning above " +
                      Count(s.warn_total) + ", critical above " + Count(s.crit_total) + ".";
      out.push_back(std::move(c));
    }
  }
  AddGrowth(t, s, out);

  for (const Diagnosis& d : t.diagnoses) {
    AlertCondition c;
    if (d.id == "DUMP002") {
      c.name = "LeakSuspect";
      c.severity = "warning";
    } else if (d.id == "DUMP000") {
      c.name = "ProvenLeak";
      c.severity = "critical";
    } else if (d.id == "DUMP001") {
      c.name = "BlockedForever";
      c.severity = "critical";
    } else if (d.id == "DUMP007") {
      c.name = "Deadlock";
      c.severity = "critical";
    } else {
      continue;
    }
    c.summary = d.message;
    c.description = DiagnosisDescription(d);
    c.labels = DiagnosisLabels(d);
    out.push_back(std::move(c));
  }

  if (s.down_after_errors > 0 && consecutive_errors >= s.down_after_errors) {
    AlertCondition c;
    c.name = "TargetDown";
    c.severity = "warning";
    c.summary = Count(consecutive_errors) + " samples in a row failed";
    if (!t.last_error.empty()) c.summary += ": " + t.last_error;
    c.description = "The last " + Count(consecutive_errors) +
                    " samples of the target failed (TargetDown after " +
                    Count(s.down_after_errors) + ")" +
                    (t.last_error.empty() ? std::string(".") : "; the last: " + t.last_error + ".");
    out.push_back(std::move(c));
  }
  return out;
}

AlertTracker::AlertTracker(long resolve_after_ms, size_t max_kept)
    : resolve_after_ms_(std::max(0L, resolve_after_ms)), max_kept_(std::max<size_t>(1, max_kept)) {}

std::string AlertTracker::Key(const std::string& target, const std::string& name,
                              const std::string& severity,
                              const std::map<std::string, std::string>& labels) {
  // Severity is part of the identity: an escalation resolves the warning and
  // fires a new critical alert, as Alertmanager sees a changed label set. It
  // comes last so that Condition() can cut it off.
  std::string k = target + '\x1f' + name;
  for (const auto& [n, v] : labels)
    k += '\x1f' + n + '\x1e' + v;
  return k + '\x1d' + severity;
}

std::string AlertTracker::Condition(const std::string& key) {
  return key.substr(0, key.rfind('\x1d'));
}

std::vector<AlertEvent> AlertTracker::Update(const std::string& target,
                                             const std::vector<AlertCondition>& active,
                                             UnixMs now_ms) {
  std::vector<AlertEvent> resolved, fired;
  std::map<std::string, const AlertCondition*> now;
  std::set<std::string> conditions_now;
  for (const AlertCondition& c : active) {
    std::string key = Key(target, c.name, c.severity, c.labels);
    conditions_now.insert(Condition(key));
    now.emplace(std::move(key), &c);  // the first of equals wins
  }

  auto& mine = firing_[target];
  for (auto it = mine.begin(); it != mine.end();) {
    AlertEvent& e = all_[it->second.index];
    if (auto cur = now.find(it->first); cur != now.end()) {
      // Still (or again) true: the numbers in its text follow the latest
      // sample, and a pending resolution is called off.
      e.summary = cur->second->summary;
      e.description = cur->second->description;
      it->second.absent = false;
      ++it;
      continue;
    }
    // The same condition at another severity replaces this alert now; a
    // condition that is simply gone resolves once it stayed gone long enough.
    const bool replaced = conditions_now.count(Condition(it->first)) > 0;
    if (!it->second.absent) it->second.absent_since_ms = now_ms;
    it->second.absent = true;
    if (!replaced && now_ms - it->second.absent_since_ms < resolve_after_ms_) {
      ++it;
      continue;
    }
    // ends_at 0 means firing, so a resolution always gets a later, nonzero time.
    e.ends_at_ms =
        std::max<UnixMs>({replaced ? now_ms : it->second.absent_since_ms, e.starts_at_ms, 1});
    resolved.push_back(e);
    it = mine.erase(it);
  }
  // In the order the conditions came, so the most important fires first.
  for (const AlertCondition& c : active) {
    std::string key = Key(target, c.name, c.severity, c.labels);
    if (mine.count(key)) continue;
    AlertEvent e;
    e.name = c.name;
    e.target = target;
    e.severity = c.severity;
    e.summary = c.summary;
    e.description = c.description;
    e.labels = c.labels;
    e.starts_at_ms = now_ms;
    e.ends_at_ms = 0;
    mine.emplace(key, Live{all_.size()});
    all_.push_back(e);
    fired.push_back(std::move(e));
  }
  if (mine.empty()) firing_.erase(target);
  if (all_.size() > max_kept_) DropOldResolved();
  resolved.insert(resolved.end(), std::make_move_iterator(fired.begin()),
                  std::make_move_iterator(fired.end()));
  return resolved;
}

void AlertTracker::DropOldResolved() {
  // Down to three quarters of the cap at once, so the copy below is paid
  // once per many alerts rather than on every one.
  const size_t target_size = max_kept_ - max_kept_ / 4;
  size_t to_drop = all_.size() > target_size ? all_.size() - target_size : 0;
  std::vector<size_t> new_index(all_.size(), SIZE_MAX);
  std::vector<AlertEvent> kept;
  kept.reserve(all_.size() - to_drop);
  for (size_t i = 0; i < all_.size(); ++i) {
    if (to_drop > 0 && !all_[i].Firing()) {
      --to_drop;
      continue;
    }
    new_index[i] = kept.size();
    kept.push_back(std::move(all_[i]));
  }
  all_ = std::move(kept);
  for (auto& [target, m] : firing_)
    for (auto& [key, live] : m)
      live.index = new_index[live.index];
}

std::vector<AlertEvent> AlertTracker::Firing() const {
  std::vector<size_t> idx;
  for (const auto& [target, m] : firing_)
    for (const auto& [key, live] : m)
      idx.push_back(live.index);
  std::sort(idx.begin(), idx.end());
  std::vector<AlertEvent> out;
  out.reserve(idx.size());
  for (size_t i : idx)
    out.push_back(all_[i]);
  return out;
}

std::string AlertLine(const AlertEvent& a) {
  std::string s = std::string("ALERT ") + (a.Firing() ? "firing " : "resolved ") + a.severity +
                  " " + a.target + " " + a.name + ": " + a.summary;
  if (!a.Firing()) s += " (fired for " + Span(a.ends_at_ms - a.starts_at_ms) + ")";
  return s;
}

namespace {
int SeverityRank(const std::string& s) {
  std::string l = s;
  for (char& c : l)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (l == "critical") return 2;
  if (l == "warning") return 1;
  return 0;
}
}  // namespace

bool SeverityAtLeast(const std::string& s, const std::string& floor) {
  return SeverityRank(s) >= SeverityRank(floor);
}

}  // namespace gopit::watch
