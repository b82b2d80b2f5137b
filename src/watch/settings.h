// Everything `gopit watch` lets its user set, with the defaults of
// PITFALLS.md section B. Flags and the --config file fill it.
#pragma once

#include <cstdint>
#include <string>

#include "analysis/diagnosis.h"

namespace gopit::watch {

struct WatchSettings {
  // Sampling. Each tick reads the cheap aggregated profile (debug=1); above
  // slow_above goroutines the interval becomes slow_interval_ms.
  long interval_ms = 500;
  long slow_interval_ms = 1000;
  uint64_t slow_above = 5000;
  // Sampling never takes more than this share of the time: the interval
  // grows to the last sample's duration divided by it (0: no cap).
  double max_duty = 0.01;
  // A full debug=2 dump stops the target's world while it is written: taken
  // only when a bucket needs goroutine-level evidence, at most this often.
  long full_dump_min_interval_ms = 10000;
  // The goroutine-leak profile costs the target a GC cycle per read;
  // 0 turns it off.
  long leak_profile_interval_ms = 60000;
  // Fingerprints look at the innermost N frames.
  uint32_t fingerprint_frames = 3;
  // A bucket is a leak suspect when it held above its baseline for this many
  // consecutive samples spanning at least suspect_min_ms, and a full dump
  // shows the same goroutines still blocked there.
  uint32_t suspect_samples = 3;
  long suspect_min_ms = 2000;
  // Alert thresholds on a target's total goroutines, and on its growth in
  // goroutines per minute over growth_window_ms.
  uint64_t warn_total = 500;
  uint64_t crit_total = 2000;
  double warn_growth_per_min = 300;
  double crit_growth_per_min = 3000;
  long growth_window_ms = 30000;
  // A firing alert whose condition stopped holding resolves only after it
  // stayed away this long, so a count hovering at a threshold does not fire
  // and resolve on every other sample.
  long alert_resolve_after_ms = 30000;
  // A target that failed this many samples in a row raises TargetDown.
  uint32_t down_after_errors = 3;
  // Retries of a failing target back off up to this.
  long max_backoff_ms = 30000;
  // Buckets kept per target in reports, metrics and the live page (bounds
  // label cardinality), and points kept in memory per series.
  size_t top_buckets = 20;
  size_t max_points = 7200;
  DiagnoseOptions diagnose;
};

}  // namespace gopit::watch
