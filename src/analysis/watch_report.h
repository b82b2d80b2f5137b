// What `gopit watch` knows about its targets over a time range, and what
// `gopit history` reads back from the store: the one model every watch
// output (text, JSON, HTML, Prometheus metrics, the live page, webhooks)
// renders from.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/diagnosis.h"

namespace gopit {

// Milliseconds since the Unix epoch, as every watch timestamp is.
using UnixMs = int64_t;

struct TimePoint {
  UnixMs t_ms = 0;
  uint64_t value = 0;
};

// What an alert is about. Alerts follow Alertmanager's model: an alert is
// identified by its labels (alertname, target, and what else it names), it
// fires at starts_at and is resolved at ends_at.
struct AlertEvent {
  std::string name;      // alertname: "GoroutinesHigh", "LeakSuspect", ...
  std::string target;    // the target's name
  std::string severity;  // "warning" or "critical"
  std::string summary;   // one line for people
  std::string description;
  std::map<std::string, std::string> labels;  // more labels (bucket, location)
  UnixMs starts_at_ms = 0;
  UnixMs ends_at_ms = 0;  // 0 while it fires
  bool Firing() const { return ends_at_ms == 0; }
};

// A bucket as watch describes it: goroutines sharing the top frames
// (WatchSettings::fingerprint_frames), in every format the same id.
struct BucketInfo {
  uint64_t fingerprint = 0;
  std::string category;   // CategoryName(): "channel", "select", "lock", ...
  std::string state;      // the wait state of the last full dump, "" when none was taken
  CodeLocation location;  // the blocking place in user code (see Diagnosis::location)
  std::optional<CodeLocation> created_by;
  // The bucket's frames innermost first, "function file:line" each.
  std::vector<std::string> stack;
};

struct BucketTrend {
  BucketInfo info;
  std::vector<TimePoint> counts;  // oldest first; a sample where it was absent counts 0
  uint64_t baseline = 0;          // its count in the first sample the target answered
  uint64_t last = 0;
  uint64_t max = 0;
  bool suspect = false;  // a DUMP002 diagnosis of this target rests on it
};

struct GoroutineRange {
  uint64_t first = 0;
  uint64_t last = 0;
  uint64_t max = 0;
};

struct TargetReport {
  std::string name;
  std::string url;
  uint64_t samples = 0;  // samples that answered and parsed
  uint64_t errors = 0;   // samples that failed (down, HTTP error, bad body)
  std::string last_error;
  UnixMs last_error_ms = 0;
  bool up = false;             // the latest sample answered
  double last_latency_ms = 0;  // how long the latest sample took, fetch and parse
  uint64_t full_dumps = 0;     // debug=2 dumps taken for evidence
  uint64_t leak_profile_reads = 0;
  GoroutineRange goroutines;                    // over the samples that answered
  std::map<std::string, uint64_t> by_category;  // in the latest sample
  std::vector<TimePoint> totals;                // goroutines per sample, oldest first
  std::vector<BucketTrend> buckets;             // most important first (suspects, growth, size)
  // Shaped as in `gopit stacks`, most important first (DiagnosisMoreImportant):
  // the leak suspects and growth that watch found over time (DUMP002, DUMP010),
  // what the goroutine-leak profile proves (DUMP000) and what the latest full
  // dump shows (DUMP001, DUMP003-DUMP009).
  std::vector<Diagnosis> diagnoses;
  std::vector<AlertEvent> alerts;  // fired in the range, oldest first
};

struct WatchReport {
  UnixMs from_ms = 0;
  UnixMs to_ms = 0;
  std::vector<TargetReport> targets;
};

}  // namespace gopit
