// DUMP010 growth: a bucket that keeps growing across snapshots taken over
// time (gopit diff).

#include "analysis/diagnoses/diagnoses.h"

namespace gopit {
namespace {

const RuleInfo kInfo{"DUMP010", "growth", Severity::kWarning,
                     "A bucket whose count grows across three or more snapshots taken over time.",
                     R"(## What it finds
With three or more snapshots in time order (`gopit diff A B C`), a bucket
whose count never drops from one snapshot to the next, rises at least twice,
and gains at least `--growth-min` goroutines (default 10) from the first to
the last. The location is the blocking line in the user's code, as for
DUMP002; the `created by` line is where they are started.

## Why it is bad
A leak is a count that only goes up. One dump can only say that a group is
large; a series says it is still growing, which tells a leak from a pool
that is merely busy. Growing buckets of channel or select waits are the
usual leaks; growing lock waits mean contention that is getting worse.

## Example
`gopit diff` of three dumps of tests/go/leakshapes taken as its handler
leaked a worker per timed-out request:
```
60 -> 120 -> 180 (+120)  chan send  #f9863a8af653f8d7
    60 goroutines present in every snapshot
    main.(*searchApp).handleSearch.func1       leakshapes/handler.go:45
    created by main.(*searchApp).handleSearch  leakshapes/handler.go:42
```

## Fix
Find the path that starts these goroutines (the `created by` line) and the
operation they block on (the location): usually a send without a receiver
after a timeout, or a receive from a channel nobody closes. `gopit diff`
also lists the goroutine ids present in every snapshot: those never moved.

## Score
log2(1 + last count) x (1 + gained / max(1, first count)): large buckets
that grow fast rank first. Severity error when the bucket also waits on a
channel or select and at least doubled.

## Known limits
Needs three snapshots; two can only show a change (listed by `gopit diff`
but not diagnosed). Buckets are matched by fingerprint, so the snapshots
should be taken with the same grouping options.)"};

class Dump010 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    if (!in.series) return;
    for (const BucketSeries& s : *in.series) {
      if (!IsGrowthSeries(s.counts, in.options.growth_min)) continue;
      uint64_t first = s.counts.front(), last = s.counts.back();
      const Bucket* b = nullptr;
      for (const Bucket& c : in.buckets.buckets) {
        if (c.fingerprint == s.fingerprint) b = &c;
      }
      if (!b || b->category == Category::kRuntime) continue;
      Diagnosis d = MakeDiagnosis(kInfo, in.symbols, *b);
      d.score = GrowthScore(first, last);
      bool waits = b->category == Category::kChannel || b->category == Category::kSelect;
      if (waits && last >= 2 * std::max<uint64_t>(1, first)) d.severity = Severity::kError;
      std::string series;
      for (size_t i = 0; i < s.counts.size(); ++i)
        series += (i ? " -> " : "") + std::to_string(s.counts[i]);
      std::string state(in.symbols.Str(b->state));
      d.message = "grew " + series + " goroutines (+" + std::to_string(last - first) + ") across " +
                  std::to_string(s.counts.size()) + " snapshots, blocked" +
                  (state.empty() ? "" : " in " + state) + " at " + ShortPlace(d.location) +
                  (d.created_by ? ", started at " + ShortPlace(*d.created_by) : "");
      out.push_back(std::move(d));
    }
  }
};

}  // namespace

const DumpDiagnosis& Dump010Diagnosis() {
  static const Dump010 d;
  return d;
}

}  // namespace gopit
