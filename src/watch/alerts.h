// Alerts: which conditions hold for a target now, and the firing/resolved
// transitions between ticks.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "analysis/watch_report.h"
#include "watch/settings.h"

namespace gopit::watch {

// A condition that holds now. Identified by name and labels.
struct AlertCondition {
  std::string name;
  std::string severity;  // "warning" or "critical"
  std::string summary;
  std::string description;
  std::map<std::string, std::string> labels;
};

// The conditions of `t` at its latest sample: total above warn/crit,
// growth rate over the window above warn/crit, each DUMP002 suspect
// (LeakSuspect, warning), DUMP000 (ProvenLeak, critical), DUMP001/DUMP007
// (BlockedForever/Deadlock, critical), `consecutive_errors` at or above
// down_after_errors (TargetDown, warning). docs/watch-config.md#alerts says
// when each fires and resolves.
//
// GoroutinesHigh and GoroutineGrowth hold one severity at a time (critical
// when above the critical threshold, else warning). The growth rate is
// (last - first) / minutes over the samples of `totals` within
// growth_window_ms of the last one, and needs 3 of them spanning at least
// half the window. Diagnosis alerts carry labels `bucket` (the first bucket's
// fingerprint in hex) and `location` ("file.go:42").
std::vector<AlertCondition> EvaluateConditions(const TargetReport& t, uint32_t consecutive_errors,
                                               const WatchSettings& s);

// Remembers what fires, per target. An alert is identified by target, name,
// severity and labels: a condition whose severity changes (GoroutinesHigh
// going from warning to critical) resolves the old alert at once and fires
// a new one, as Alertmanager sees it, since severity is one of its labels.
//
// A firing alert whose condition stops holding resolves only after it has
// stayed away for `resolve_after_ms`; if it comes back before that, the
// alert simply keeps firing. Without that hold, a count that hovers around
// a threshold (sampled every 500 ms) would fire and resolve on every other
// sample and flood the webhook. A resolved alert's ends_at is the sample at
// which its condition first stopped holding. A resolved alert that comes
// back later is a new alert with a new starts_at.
class AlertTracker {
 public:
  // Keeps at most `max_kept` alerts for All(): the oldest resolved ones go
  // first, firing ones are always kept.
  explicit AlertTracker(long resolve_after_ms = 0, size_t max_kept = 10000);

  // `active` holds every condition true for `target` now. Returns the
  // transitions: resolved ones first, then new alerts (ends_at 0) in the
  // order of `active`. Alerts that keep firing take the summary and
  // description of `active` (the latest numbers) silently.
  std::vector<AlertEvent> Update(const std::string& target,
                                 const std::vector<AlertCondition>& active, UnixMs now_ms);
  // Alerts firing now, all targets.
  std::vector<AlertEvent> Firing() const;
  // The alerts fired so far (resolved ones with their ends_at), oldest
  // first; at most max_kept of them.
  const std::vector<AlertEvent>& All() const { return all_; }

 private:
  struct Live {
    size_t index;         // in all_
    bool absent = false;  // the condition stopped holding at absent_since_ms
    UnixMs absent_since_ms = 0;
  };
  static std::string Key(const std::string& target, const std::string& name,
                         const std::string& severity,
                         const std::map<std::string, std::string>& labels);
  // The key without the severity: two alerts that differ only in it are one
  // condition at two levels.
  static std::string Condition(const std::string& key);
  void DropOldResolved();

  long resolve_after_ms_;
  size_t max_kept_;
  std::vector<AlertEvent> all_;
  // target -> identity -> the alert firing now.
  std::map<std::string, std::map<std::string, Live>> firing_;
};

// "ALERT firing critical api GoroutinesHigh: 2,312 goroutines, above 2,000";
// a resolved one ends "(fired for 2m30s)".
std::string AlertLine(const AlertEvent& a);

// Whether severity `s` is at least `floor` ("warning" < "critical";
// case-insensitive; anything else ranks below warning).
bool SeverityAtLeast(const std::string& s, const std::string& floor);

}  // namespace gopit::watch
