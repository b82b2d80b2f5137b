// DUMP002 leak-suspect: a large or long-waiting bucket blocked at one
// channel or select site in the user's code.
#include <algorithm>
#include <cmath>

#include "analysis/diagnoses/diagnoses.h"

namespace gopit {
namespace {

const RuleInfo kInfo{
    "DUMP002", "leak-suspect", Severity::kWarning,
    "Many goroutines, or long-waiting ones, blocked at the same channel or select site.",
    R"(## What it finds
A bucket of goroutines waiting on a channel operation or a `select` whose
innermost user frame is the same line, when the bucket is large (at least
`--suspect-count`, default 50 goroutines) or its goroutines have waited at
least `--long-wait` minutes (default 5; the runtime prints wait times from
one minute on). The location is the blocking line; the `created by` line
says who started them.

## Why it is bad
This is the shape of most goroutine leaks: a worker sends its result on an
unbuffered channel nobody reads any more (the caller timed out), or waits
for a value or a close that never comes. Each leaked goroutine keeps its
stack and what it references; the count grows with traffic until memory
runs out.

## Example
From a `debug=2` dump of tests/go/leakshapes (an HTTP handler that gives up
after 5 ms while its worker still has to send the result), one of 180:
```
goroutine 393 [chan send, 1 minutes]:
main.(*searchApp).handleSearch.func1()
	/work/main/tests/go/leakshapes/handler.go:45 +0x7f
created by main.(*searchApp).handleSearch in goroutine 272
	/work/main/tests/go/leakshapes/handler.go:42 +0xdc
```

## Fix
Make sure every send has a receiver on every path: a buffered channel of
size 1 for a single result, or a `select` that also waits on
`ctx.Done()`; close channels from the producer so that receivers end.

## Score
log2(1 + goroutines) x (1 + max wait minutes / 10), and with several
snapshots (`gopit diff`) x (1 + growth / first count). Severity becomes error
when the bucket is ten times `--suspect-count` or has waited ten times
`--long-wait`.

## Known limits
A large bucket can be healthy (a pool of idle workers waiting for jobs):
the rule cannot tell "waiting for work" from "waiting for nothing" in one
dump. Idle-worker shapes (a `range` over a channel, a `select` on a done
channel) show up with short waits; growth across several dumps
(`gopit diff`, DUMP010) is the stronger evidence. debug=1 text has no wait
states, so there only size counts.)"};

// With snapshots over time (gopit diff): 1 + the bucket's relative growth
// from the first to the last; 1 without a series or without growth.
double GrowthFactor(const DiagnosisInput& in, uint64_t fingerprint) {
  if (!in.series) return 1.0;
  for (const BucketSeries& s : *in.series) {
    if (s.fingerprint != fingerprint || s.counts.size() < 2) continue;
    uint64_t first = s.counts.front(), last = s.counts.back();
    if (last <= first) return 1.0;
    return 1.0 +
           static_cast<double>(last - first) / static_cast<double>(std::max<uint64_t>(1, first));
  }
  return 1.0;
}

class Dump002 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    const DiagnoseOptions& o = in.options;
    for (const Bucket& b : in.buckets.buckets) {
      if (b.category != Category::kChannel && b.category != Category::kSelect) continue;
      if (b.leaked == b.count) continue;  // DUMP000
      std::string_view state = in.symbols.Str(b.state);
      if (state.find("(nil chan)") != std::string_view::npos ||
          state.find("(no cases)") != std::string_view::npos) {
        continue;  // DUMP001
      }
      if (!HasUserFrame(in.symbols, b.frames)) continue;  // the runtime's or a library's own
      bool large = b.count >= o.suspect_count;
      bool long_wait = b.wait.max >= o.long_wait_minutes && o.long_wait_minutes > 0;
      if (!large && !long_wait) continue;
      Diagnosis d = MakeDiagnosis(kInfo, in.symbols, b);
      double minutes = b.wait.max > 0 ? b.wait.max : 0;
      d.score = std::log2(1.0 + static_cast<double>(b.count)) * (1.0 + minutes / 10.0) *
                GrowthFactor(in, b.fingerprint);
      if (b.count >= 10 * o.suspect_count ||
          (o.long_wait_minutes > 0 && b.wait.max >= 10 * o.long_wait_minutes)) {
        d.severity = Severity::kError;
      }
      std::string waited =
          b.wait.max > 0 ? ", waiting up to " + std::to_string(b.wait.max) + " minutes" : "";
      d.message = std::to_string(b.count) + " goroutines blocked in " +
                  (state.empty() ? std::string(CategoryName(b.category)) : std::string(state)) +
                  " at " + ShortPlace(d.location) + waited +
                  (d.created_by ? ", started at " + ShortPlace(*d.created_by) : "") +
                  ": likely a leak (a send or receive nobody will complete)";
      out.push_back(std::move(d));
    }
  }
};

}  // namespace

const DumpDiagnosis& Dump002Diagnosis() {
  static const Dump002 d;
  return d;
}

}  // namespace gopit
