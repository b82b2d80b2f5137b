#include "analysis/diff.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace gopit {

DiffReport BuildDiff(const Symbols& symbols, const std::vector<const Snapshot*>& snapshots,
                     const BucketOptions& opts, const DiagnoseOptions* diagnose) {
  DiffReport r;
  r.snapshots = snapshots;
  const size_t n = snapshots.size();
  BucketOptions all = opts;
  all.include_runtime = true;  // hidden below, after diagnoses saw them

  // One bucket report per snapshot: the same options give the same
  // fingerprints, so matching is a map lookup.
  std::vector<BucketReport> per(n);
  for (size_t i = 0; i < n; ++i) {
    per[i] = BuildBuckets(symbols, {snapshots[i]}, all);
    r.totals.push_back(per[i].total);
  }
  std::unordered_map<uint64_t, size_t> index;  // fingerprint -> r.buckets
  for (size_t i = 0; i < n; ++i) {
    for (Bucket& b : per[i].buckets) {
      auto [it, fresh] = index.try_emplace(b.fingerprint, r.buckets.size());
      if (fresh) {
        r.buckets.emplace_back();
        r.buckets.back().counts.assign(n, 0);
      }
      DiffBucket& d = r.buckets[it->second];
      d.counts[i] += b.count;
      if (i == 0 || d.bucket.frames.empty() || d.counts[i] == b.count) d.bucket = b;
    }
  }

  std::vector<std::unordered_map<uint64_t, const Bucket*>> by_fp(n);
  for (size_t i = 0; i < n; ++i) {
    for (const Bucket& c : per[i].buckets)
      by_fp[i].emplace(c.fingerprint, &c);
  }
  // Goroutines present in every snapshot, and how long they have waited.
  for (DiffBucket& d : r.buckets) {
    d.change = static_cast<int64_t>(d.counts.back()) - static_cast<int64_t>(d.counts.front());
    if (n < 2) continue;
    std::unordered_set<uint64_t> alive;
    bool first = true;
    for (size_t i = 0; i < n; ++i) {
      auto found = by_fp[i].find(d.bucket.fingerprint);
      const Bucket* b = found == by_fp[i].end() ? nullptr : found->second;
      std::unordered_set<uint64_t> here;
      if (b) here.insert(b->goroutine_ids.begin(), b->goroutine_ids.end());
      if (first) {
        alive = std::move(here);
        first = false;
      } else {
        std::erase_if(alive, [&](uint64_t id) { return !here.contains(id); });
      }
      if (alive.empty()) break;
    }
    d.persisted_ids.assign(alive.begin(), alive.end());
    std::sort(d.persisted_ids.begin(), d.persisted_ids.end());
    if (!alive.empty()) {
      for (const GoroutineRecord& g : snapshots.back()->goroutines) {
        if (alive.contains(g.id))
          d.persisted_wait_max = std::max(d.persisted_wait_max, g.wait_minutes);
      }
    }
  }

  if (diagnose) {
    std::vector<BucketSeries> series;
    for (const DiffBucket& d : r.buckets)
      series.push_back(BucketSeries{d.bucket.fingerprint, d.counts});
    std::vector<const Snapshot*> latest{snapshots.back()};
    r.diagnoses = Diagnose(DiagnosisInput{symbols, per.back(), latest, *diagnose, &series});
    r.diagnosed = true;
  }

  if (!opts.include_runtime) {
    size_t before = r.buckets.size();
    std::erase_if(r.buckets,
                  [](const DiffBucket& d) { return d.bucket.category == Category::kRuntime; });
    r.hidden = before - r.buckets.size();
  }
  std::stable_sort(r.buckets.begin(), r.buckets.end(),
                   [](const DiffBucket& a, const DiffBucket& b) {
                     if (a.change != b.change) return a.change > b.change;
                     return a.counts.back() > b.counts.back();
                   });
  return r;
}

}  // namespace gopit
