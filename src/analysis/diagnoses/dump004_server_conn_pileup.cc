// DUMP004 server-conn-pileup: many HTTP server connections waiting for a
// client for minutes, the sign of a server without read or idle timeouts.
#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_set>

#include "analysis/diagnoses/diagnoses.h"

namespace gopit {
namespace {

const RuleInfo kInfo{
    "DUMP004", "server-conn-pileup", Severity::kWarning,
    "Many HTTP server connections have waited minutes for their client: no read or idle "
    "timeouts.",
    R"(## What it finds
At least `--server-conns` (default 20) `net/http.(*conn).serve` goroutines
waiting in `IO wait`, with no frame of the program on their stacks (so not
inside a handler), that have each waited at least `--long-wait` minutes
(default 5): server connections idle between keep-alive requests or
stalled while reading a request's headers. The location is where the
program runs that server: the innermost frame of the program on the
goroutine that runs `Server.Serve` (the `in goroutine N` of their
`created by` line), or the `conn.serve` line when that goroutine is not in
the dump.

## Why it is bad
An `http.Server` with no `ReadTimeout`, `ReadHeaderTimeout` or
`IdleTimeout` (the zero value, and what `http.ListenAndServe` uses) keeps
every connection as long as the client does: a goroutine, a socket and
buffers each. Idle keep-alive clients, clients that vanished without a FIN
(NAT timeouts, crashed peers) and slowloris-style attackers pile up until
file descriptors or memory run out.

## Example
```
goroutine 22 [IO wait, 47 minutes]:
internal/poll.runtime_pollWait(0x7f1e85d91a00, 0x72)
	/usr/local/go/src/runtime/netpoll.go:351 +0x85
...
bufio.(*Reader).Peek(0xc0001aa6c0, 0x4)
	/usr/local/go/src/bufio/bufio.go:152 +0x53
net/http.(*conn).serve(0xc0001ec1b0, {0x82ceb8, 0xc00019be30})
	/usr/local/go/src/net/http/server.go:2103 +0x7f3
created by net/http.(*Server).Serve in goroutine 21
	/usr/local/go/src/net/http/server.go:3464 +0x485
```

## Fix
Build the server with timeouts instead of calling `http.ListenAndServe`:
```go
srv := &http.Server{
	Addr:              ":8080",
	Handler:           mux,
	ReadHeaderTimeout: 10 * time.Second,
	ReadTimeout:       30 * time.Second,
	IdleTimeout:       2 * time.Minute,
}
log.Fatal(srv.ListenAndServe())
```

## Score
log2(1 + connections that waited long) x (1 + max wait minutes / 10).

## False alarms it does not raise
- A busy server's keep-alive connections idle between requests: each
  connection counts only once it has itself waited `--long-wait` minutes
  (default 5) in `net/http.(*conn).serve`, and the runtime prints no wait
  time before about a minute, so a server that answers steady traffic never
  gets there, however many connections it holds.
- A few long-idle clients (a load balancer's or a browser's keep-alive
  pool): fewer than `--server-conns` (default 20) connections that each
  waited that long are not a pile.
- Connections inside a handler (the program's own frames on the stack) are
  requests in progress, not idle connections: DUMP002 and DUMP006 judge
  them.
- A connection printed twice in a crash dump's per-thread sections is
  counted once.

## Known limits
- The dump cannot show the server's settings: a server whose
  `IdleTimeout` is longer than `--long-wait` shows the same picture.
- Wait times are printed only in tracebacks (debug=2, SIGQUIT, panics),
  from one minute on, and only once a garbage collection has seen the
  goroutine blocked; debug=1 and debug=0 profiles never trigger this.
- Connections waiting inside a handler (reading a slow request body) have
  frames of the program and are not counted here.
- HTTP/2 server connections (`http2serverConn.serve`) are not counted.)"};

constexpr std::string_view kServe = "net/http.(*conn).serve";

class Dump004 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    const Symbols& sym = in.symbols;
    const DiagnoseOptions& o = in.options;
    if (o.long_wait_minutes <= 0) return;
    std::vector<const Bucket*> matched;
    std::unordered_set<uint64_t> ids;
    for (const Bucket& b : in.buckets.buckets) {
      if (b.category != Category::kIO) continue;
      if (!HasFunction(sym, b.frames, kServe) || HasUserFrame(sym, b.frames)) continue;
      if (b.wait.max < o.long_wait_minutes) continue;
      matched.push_back(&b);
      ids.insert(b.goroutine_ids.begin(), b.goroutine_ids.end());
    }
    if (matched.empty()) return;

    // Count the goroutines that each waited long, not whole buckets.
    uint64_t long_waiting = 0;
    int32_t min_wait = -1, max_wait = -1;
    for (const Snapshot* s : in.snapshots) {
      for (const GoroutineRecord& g : s->goroutines) {
        if (g.wait_minutes < o.long_wait_minutes || g.id == 0 || !ids.count(g.id)) continue;
        if (g.thread_section) continue;  // printed twice in crash dumps
        long_waiting += g.count;
        if (min_wait < 0 || g.wait_minutes < min_wait) min_wait = g.wait_minutes;
        max_wait = std::max(max_wait, g.wait_minutes);
      }
    }
    if (long_waiting < o.server_conns) return;

    const Bucket* largest =
        *std::max_element(matched.begin(), matched.end(),
                          [](const Bucket* a, const Bucket* b) { return a->count < b->count; });
    Diagnosis d = MakeDiagnosis(kInfo, sym, *largest);
    for (FrameId f : largest->frames) {
      const Frame& fr = sym.GetFrame(f);
      if (sym.Str(fr.function) == kServe) {
        d.location = CodeLocation{std::string(sym.Str(fr.file)), fr.line, std::string(kServe)};
        break;
      }
    }
    // Where the program runs the server: the goroutine in Server.Serve.
    std::string server_at;
    if (const Bucket* srv = BucketOfGoroutine(in.buckets, largest->created_by_goroutine)) {
      std::optional<CodeLocation> place;
      if (HasUserFrame(sym, srv->frames)) {
        place = UserLocation(sym, srv->frames);
      } else if (auto cb = CreatedByLocation(sym, *srv); cb && !IsStdlibFunction(cb->function)) {
        place = cb;
      }
      if (place) {
        d.location = *place;
        server_at = " of the server run at " + ShortPlace(*place) + " (" + place->function + ")";
      }
    }
    d.bucket_ids.clear();
    for (const Bucket* b : matched)
      d.bucket_ids.push_back(b->fingerprint);
    d.goroutines = long_waiting;
    d.score = std::log2(1.0 + static_cast<double>(long_waiting)) *
              (1.0 + static_cast<double>(max_wait) / 10.0);
    std::string span = min_wait == max_wait
                           ? std::to_string(max_wait)
                           : std::to_string(min_wait) + " to " + std::to_string(max_wait);
    d.message = std::to_string(long_waiting) + " HTTP server connections" + server_at +
                " have waited " + span + (max_wait == 1 ? " minute" : " minutes") +
                " for their client in net/http.(*conn).serve" +
                " (IO wait, idle between requests or reading a request's headers): the " +
                "http.Server has no ReadHeaderTimeout/ReadTimeout/IdleTimeout (or one longer " +
                "than that), so idle and vanished clients keep a goroutine and a socket each";
    out.push_back(std::move(d));
  }
};

}  // namespace

const DumpDiagnosis& Dump004Diagnosis() {
  static const Dump004 d;
  return d;
}

}  // namespace gopit
