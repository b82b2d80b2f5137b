// `gopit diff`: the same buckets across snapshots taken over time. Buckets
// are matched by fingerprint (the same wait site has the same id in every
// dump and format); for each, its count in every snapshot, the change, and,
// where the format has goroutine ids, the goroutines present in every
// snapshot (the ones that never moved on).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/buckets.h"
#include "analysis/diagnosis.h"
#include "model/snapshot.h"

namespace gopit {

struct DiffBucket {
  Bucket bucket;                 // as in the latest snapshot that has it
  std::vector<uint64_t> counts;  // one per snapshot, oldest first (0 where absent)
  int64_t change = 0;            // last count minus first count
  // Goroutine ids found in this bucket in every snapshot (text tracebacks
  // only), and the longest wait any of them reached (minutes, -1 if none
  // printed one).
  std::vector<uint64_t> persisted_ids;
  int32_t persisted_wait_max = -1;
};

struct DiffReport {
  std::vector<const Snapshot*> snapshots;  // time order
  std::vector<uint64_t> totals;            // goroutines per snapshot (hidden ones included)
  std::vector<DiffBucket> buckets;         // most grown first, then largest now
  uint64_t hidden = 0;                     // runtime-internal buckets left out
  bool diagnosed = false;
  std::vector<Diagnosis> diagnoses;  // of the latest snapshot, plus DUMP010 over all
};

// Compares `snapshots` (oldest first). Runtime-internal buckets are left out
// unless opts.include_runtime; diagnoses run when `diagnose` is given.
DiffReport BuildDiff(const Symbols& symbols, const std::vector<const Snapshot*>& snapshots,
                     const BucketOptions& opts, const DiagnoseOptions* diagnose);

}  // namespace gopit
