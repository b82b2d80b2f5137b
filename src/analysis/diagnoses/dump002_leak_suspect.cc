// DUMP002 leak-suspect: goroutines blocked at one channel or select site in
// the user's code, when the dump gives evidence that they leak: more of them
// than a healthy process has there, or request-scoped ones that outlived
// their request.
#include <algorithm>
#include <cmath>

#include "analysis/diagnoses/diagnoses.h"

namespace gopit {
namespace {

const RuleInfo kInfo{
    "DUMP002", "leak-suspect", Severity::kWarning,
    "Goroutines blocked at one channel or select site with evidence of a leak: too many for the "
    "site, or outliving the request that started them.",
    R"(## What it finds
A bucket of goroutines waiting on a channel operation or a `select` whose
innermost user frame is the same line, when the dump holds evidence that
they leak. A long wait alone is not evidence: in a long-lived process a
signal handler, a config watcher, a ticker loop, a per-connection reader or
a pool's idle worker waits for hours by design. The evidence, strongest
first, each said in the message:
- **outlived their request**: the goroutines were started under a request
  (their `created by` chain, through goroutines still in the dump, reaches
  an HTTP handler: `ServeHTTP`, `net/http.(*conn).serve`, a function named
  `handle*`/`Handle*`; or a gRPC method handler or stream loop), the
  goroutine that started them is no longer inside that request, and they
  have waited at least `--long-wait` minutes (default 5). A request is over
  in seconds; a goroutine it started that still waits minutes later has no
  one left to complete its send or receive.
- **too many for the site**: at least `--suspect-count` goroutines (default
  50) at the site, and more of them than the process has open connections
  (goroutines in IO wait, net/http's per-request background reads aside). A
  per-connection site (a reader, a writer, a keep-alive loop) scales with
  connections and is healthy at one per connection; beyond that the count
  is not explained by the process's work. Goroutines that are themselves
  requests in a handler count by size alone.
- **left behind by a test**: a test's own leak check listed them after the
  test ended (goleak's `found unexpected goroutines:` report, whatever its
  version, or a `Leaked goroutine: goroutine N [...]:` log line before each
  header, as gRPC's leak check prints). Every goroutine of the input must
  come from such a report; any count and wait are then enough.
- growth across snapshots (`gopit diff`) raises the score; a growing site
  is also DUMP010.

In debug=1 text the runtime frames that name the wait are hidden: a bucket
whose wait is unknown counts by size (the second rule) and the message says
the wait is unknown.

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
Goroutine 272, the request, is gone from the dump: the worker outlived it.

## Fix
Make sure every send has a receiver on every path: a buffered channel of
size 1 for a single result, or a `select` that also waits on
`ctx.Done()`; close channels from the producer so that receivers end.

## Score
log2(1 + goroutines) x (1 + min(max wait minutes, 120) / 10), x 2 when they
outlived their request or their test, and with several snapshots (`gopit diff`)
x (1 + growth / first count). Severity becomes error when at least 10
goroutines (or 2 waiting ten times `--long-wait`) outlived their request,
or when a site holds ten times `--suspect-count` goroutines.

## False alarms it does not raise
- One goroutine, or a few, waiting for hours in a long-lived process (an
  `os/signal` loop, a `time.Ticker` loop, a watcher, a database pool's
  opener, a grpc or http2 connection reader): a background wait, not a
  leak, whatever its length.
- Per-connection goroutines of a busy server (one reader per keep-alive
  connection): no more than the open connections.
- Goroutines started by a request that is still running (its goroutine is
  still in the handler): a streaming or long-polling request, not a leak.

## Known limits
- A large pool of idle workers (more than `--suspect-count`, more than the
  connections) is reported: one dump cannot tell "waiting for work" from
  "waiting for nothing"; growth across several dumps (`gopit diff`,
  DUMP010) is the stronger evidence.
- Handlers are recognised by name; a request function named otherwise
  (`func (s *srv) search(w, r)`) is not seen as a request, so its workers
  count by size only.
- debug=1 and debug=0 profiles print no wait times and no `created by`
  goroutines: there only size counts.)"};

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

// A bucket a test's leak check reported: the goroutines were still there
// after the test ended, blocked at this line.
Diagnosis LeftBehindByTest(const DiagnosisInput& in, const Bucket& b, std::string_view state) {
  Diagnosis d = MakeDiagnosis(kInfo, in.symbols, b);
  double minutes = b.wait.max > 0 ? std::min(b.wait.max, 120) : 0;
  d.score = std::log2(1.0 + static_cast<double>(b.count)) * (1.0 + minutes / 10.0) * 2.0;
  std::string what = state.empty() ? std::string(CategoryName(b.category)) : std::string(state);
  d.message = Goroutines(b.count) + " blocked in " + what + " at " + ShortPlace(d.location) +
              (b.wait.max > 0 ? ", waiting up to " + Minutes(b.wait.max) : "") +
              (d.created_by ? ", started at " + ShortPlace(*d.created_by) : "") +
              ": the test's leak check found them still there after the test ended: a leak (a "
              "send or receive nobody will complete)";
  return d;
}

class Dump002 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    const DiagnoseOptions& o = in.options;
    uint64_t connections = 0;
    bool counted = false;
    // Every goroutine read was listed by a test's leak check (goleak, a
    // "Leaked goroutine:" log): they outlived their test, by its own word.
    bool reported = !in.snapshots.empty();
    for (const Snapshot* s : in.snapshots)
      reported = reported && s->leak_check;
    for (const Bucket& b : in.buckets.buckets) {
      bool waits = b.category == Category::kChannel || b.category == Category::kSelect;
      if (!waits && b.category != Category::kUnknown) continue;
      if (b.leaked == b.count) continue;  // DUMP000
      std::string_view state = in.symbols.Str(b.state);
      if (state.find("(nil chan)") != std::string_view::npos ||
          state.find("(no cases)") != std::string_view::npos) {
        continue;  // DUMP001
      }
      if (!HasUserFrame(in.symbols, b.frames)) continue;  // the runtime's or a library's own
      if (reported) {
        out.push_back(LeftBehindByTest(in, b, state));
        continue;
      }
      bool long_wait = o.long_wait_minutes > 0 && b.wait.max >= o.long_wait_minutes;
      bool large = b.count >= o.suspect_count;
      if (!long_wait && !large) continue;  // no evidence possible: skip the costlier tests
      RequestScope rs = FindRequestScope(in.symbols, in.buckets, b);
      bool outlived = waits && rs.scoped && !rs.in_flight && long_wait;
      if (large && !counted) {
        connections = OpenConnections(in.symbols, in.buckets);
        counted = true;
      }
      bool too_many = large && (rs.is_request || b.count > connections);
      if (!outlived && !too_many) continue;

      Diagnosis d = MakeDiagnosis(kInfo, in.symbols, b);
      double minutes = b.wait.max > 0 ? std::min(b.wait.max, 120) : 0;
      d.score = std::log2(1.0 + static_cast<double>(b.count)) * (1.0 + minutes / 10.0) *
                (outlived ? 2.0 : 1.0) * GrowthFactor(in, b.fingerprint);
      bool very_long = o.long_wait_minutes > 0 && b.wait.max >= 10 * o.long_wait_minutes;
      if ((outlived && (b.count >= 10 || (b.count >= 2 && very_long))) ||
          (too_many && waits && b.count >= 10 * o.suspect_count)) {
        d.severity = Severity::kError;
      }
      std::string what =
          b.category == Category::kUnknown
              ? std::string("an unknown wait (debug=1 hides the runtime frames)")
              : (state.empty() ? std::string(CategoryName(b.category)) : std::string(state));
      std::string msg = Goroutines(b.count) + " blocked in " + what + " at " +
                        ShortPlace(d.location) +
                        (b.wait.max > 0 ? ", waiting up to " + Minutes(b.wait.max) : "") +
                        (d.created_by ? ", started at " + ShortPlace(*d.created_by) : "");
      if (outlived) {
        msg += ": started under the request " + rs.handler + ", which is no longer running, " +
               "they outlived it by minutes";
        if (too_many) msg += ", and are too many for one site";
        msg += ": a leak (a send or receive nobody will complete)";
      } else if (rs.is_request) {
        msg += ": " + std::to_string(b.count) + " requests stuck in " + rs.handler +
               " at one line: a leak or a hang (a send or receive nobody completes)";
      } else {
        if (rs.scoped && !rs.in_flight) {
          msg += ", started under the request " + rs.handler + ", which is no longer running";
        }
        // Say the comparison only where there is one to make.
        if (connections > 0) {
          msg += ", more than its " + std::to_string(connections) +
                 (connections == 1 ? " open connection" : " open connections") + " explain";
        }
        msg += ": likely a leak (a send or receive nobody will complete)";
      }
      d.message = std::move(msg);
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
