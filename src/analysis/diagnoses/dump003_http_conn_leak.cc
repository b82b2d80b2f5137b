// DUMP003 http-conn-leak: many HTTP client connections held open, seen as
// net/http's per-connection readLoop/writeLoop goroutines.
#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "analysis/diagnoses/diagnoses.h"

namespace gopit {
namespace {

const RuleInfo kInfo{
    "DUMP003", "http-conn-leak", Severity::kWarning,
    "Many HTTP client connections are held open: response bodies not closed, or a Transport per "
    "request.",
    R"(## What it finds
The goroutines `net/http` runs for every open client connection:
`net/http.(*persistConn).readLoop` and `writeLoop` for HTTP/1 (and
`(*http2ClientConn).readLoop` for HTTP/2), when there are at least
`--http-conns` (default 20) connections. They are started by
`net/http.(*Transport).dialConn`, not by the program, so no frame of the
program is on their stacks: the location is the `readLoop` line and the
`created by` line is inside `net/http`. The code to look at is whatever
calls `http.Get`, `Client.Do` or builds a `Transport`.

The message says which cause the dump supports, from where the readLoops
wait:
- in `select` (or on a channel): the connection delivered a response and
  waits for the caller to read its body to the end or close it. Many of
  these mean **response bodies not closed**.
- in `IO wait`: the connection sits idle in a pool (or awaits a response).
  Many idle connections mean **a Transport (or a Client with its own
  Transport) made per request**, each keeping its own idle pool, or a very
  large pool.

## Why it is bad
Each connection keeps two goroutines, a socket, and buffers (about 10 KB)
until the body is closed or the Transport is dropped and the server hangs
up. Under traffic this grows without bound: file descriptors run out
("too many open files") and memory climbs. A Transport per request also
defeats keep-alive, so every request pays a new TCP (and TLS) handshake.

## Example
```
goroutine 24 [select, 12 minutes]:
net/http.(*persistConn).readLoop(0xc0001b2480)
	/usr/local/go/src/net/http/transport.go:2450 +0xc05
created by net/http.(*Transport).dialConn in goroutine 22
	/usr/local/go/src/net/http/transport.go:1994 +0x16ac

goroutine 25 [select, 12 minutes]:
net/http.(*persistConn).writeLoop(0xc0001b2480)
	/usr/local/go/src/net/http/transport.go:2652 +0xe6
created by net/http.(*Transport).dialConn in goroutine 22
	/usr/local/go/src/net/http/transport.go:1995 +0x16fe
```

## Fix
Close every response body, on every path, and read it to the end if the
connection should be reused:
```go
resp, err := client.Do(req)
if err != nil {
	return err
}
defer resp.Body.Close()
io.Copy(io.Discard, resp.Body) // when the body is not needed
```
Make one `http.Client` (or `Transport`) and share it; never build one per
request. Set `Transport.IdleConnTimeout` and `MaxIdleConnsPerHost`.

A single connection is enough when its readLoop has waited at least
`--long-wait` minutes (default 5) for its body and no goroutine of the
program is reading a response body (`net/http.(*bodyEOFSignal).Read`): a
body nobody reads for minutes was dropped without `Close`.

## Score
log2(1 + connections) x (1 + max wait minutes / 10), where connections is
the larger of the readLoop and writeLoop counts (plus HTTP/2 readLoops).

## False alarms it does not raise
- A streaming response read for hours (a Kubernetes watch, server-sent
  events): its readLoop waits in `select` too, but a goroutine of the
  program is reading the body, so one long body wait per reader is not
  counted.
- A client with a few pooled connections, idle or in use: below
  `--http-conns` only unread bodies count.

## Known limits
- A busy client with a large idle pool (`MaxIdleConnsPerHost` in the
  hundreds) or many requests in flight to slow servers has many
  connections legitimately; raise `--http-conns` for it.
- Which code made the requests is not on these stacks: the dump shows the
  connections, not the call that leaked them.
- In debug=1 text the readLoops' wait is known from their frames only;
  the two causes are told apart the same way.)"};

constexpr std::string_view kReadLoop = "net/http.(*persistConn).readLoop";
constexpr std::string_view kWriteLoop = "net/http.(*persistConn).writeLoop";
constexpr std::array<std::string_view, 2> kH2ReadLoops = {
    "net/http.(*http2ClientConn).readLoop",
    "golang.org/x/net/http2.(*ClientConn).readLoop",
};

// The frame of `function` in `frames`, or kNoFrame.
FrameId FrameOf(const Symbols& symbols, const std::vector<FrameId>& frames,
                std::string_view function) {
  for (FrameId f : frames) {
    if (symbols.Str(symbols.GetFrame(f).function) == function) return f;
  }
  return kNoFrame;
}

class Dump003 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    const Symbols& sym = in.symbols;
    uint64_t reads = 0, writes = 0, h2 = 0;
    uint64_t body_wait = 0;  // readLoops waiting for the caller to consume a body
    uint64_t net_wait = 0;   // readLoops idle on the network
    int32_t max_wait = -1;
    std::vector<uint64_t> ids;
    uint64_t goroutines = 0;
    const DiagnoseOptions& o = in.options;
    uint64_t old_bodies = 0;    // body waits of --long-wait minutes or more
    uint64_t body_readers = 0;  // goroutines of the program reading a response body
    // The location: the largest readLoop bucket, else the largest other one.
    const Bucket* best_read = nullptr;
    const Bucket* best_other = nullptr;
    FrameId read_frame = kNoFrame, other_frame = kNoFrame;
    for (const Bucket& b : in.buckets.buckets) {
      FrameId f = FrameOf(sym, b.frames, kReadLoop);
      bool read = f != kNoFrame;
      bool write = false, http2 = false;
      if (!read) {
        f = FrameOf(sym, b.frames, kWriteLoop);
        write = f != kNoFrame;
      }
      if (!read && !write) {
        for (std::string_view fn : kH2ReadLoops) {
          if ((f = FrameOf(sym, b.frames, fn)) != kNoFrame) break;
        }
        http2 = f != kNoFrame;
      }
      if (!read && !write && !http2) {
        // A streaming response (a watch, server-sent events) keeps its
        // readLoop waiting while the program reads the body.
        if (HasFunction(sym, b.frames, "net/http.(*bodyEOFSignal).Read")) body_readers += b.count;
        continue;
      }
      if (read) {
        reads += b.count;
        if (b.category == Category::kSelect || b.category == Category::kChannel) {
          body_wait += b.count;
          if (o.long_wait_minutes > 0 && b.wait.max >= o.long_wait_minutes)
            old_bodies += b.wait.min >= o.long_wait_minutes ? b.count : 1;
        } else if (b.category == Category::kIO) {
          net_wait += b.count;
        }
      }
      writes += write ? b.count : 0;
      h2 += http2 ? b.count : 0;
      ids.push_back(b.fingerprint);
      goroutines += b.count;
      max_wait = std::max(max_wait, b.wait.max);
      if (read && (!best_read || b.count > best_read->count)) {
        best_read = &b;
        read_frame = f;
      } else if (!read && (!best_other || b.count > best_other->count)) {
        best_other = &b;
        other_frame = f;
      }
    }
    const Bucket* at = best_read ? best_read : best_other;
    FrameId at_frame = best_read ? read_frame : other_frame;
    uint64_t conns = std::max(reads, writes) + h2;
    // Few connections are a pile only when their bodies have waited for
    // minutes with nobody reading them: a body not closed, whatever the
    // count.
    bool unread = old_bodies > body_readers;
    if (!at || (conns < in.options.http_conns && !unread)) return;

    Diagnosis d = MakeDiagnosis(kInfo, sym, *at);
    const Frame& fr = sym.GetFrame(at_frame);
    d.location =
        CodeLocation{std::string(sym.Str(fr.file)), fr.line, std::string(sym.Str(fr.function))};
    d.bucket_ids = std::move(ids);
    d.goroutines = goroutines;
    double minutes = max_wait > 0 ? max_wait : 0;
    d.score = std::log2(1.0 + static_cast<double>(conns)) * (1.0 + minutes / 10.0);

    std::string msg = std::to_string(conns) + " HTTP client connections held open (" +
                      std::to_string(reads) + " readLoop, " + std::to_string(writes) + " writeLoop";
    if (h2 > 0) msg += ", " + std::to_string(h2) + " HTTP/2 readLoop";
    msg += " goroutines";
    if (max_wait > 0)
      msg +=
          ", up to " + std::to_string(max_wait) + (max_wait == 1 ? " minute old" : " minutes old");
    msg += "), started by net/http itself (" +
           (d.created_by ? d.created_by->function + " at " + ShortPlace(*d.created_by)
                         : std::string("net/http.(*Transport).dialConn")) +
           "), so the requests that leaked them are not on these stacks: ";
    if (conns < in.options.http_conns) {
      msg += std::to_string(old_bodies - body_readers) +
             (old_bodies - body_readers == 1 ? " readLoop has" : " readLoops have") + " waited " +
             Minutes(max_wait) +
             " for a response body that no goroutine is reading: a response "
             "body not closed (a missing resp.Body.Close on some path)";
    } else if (reads > 0 && 2 * body_wait >= reads) {
      msg += std::to_string(body_wait) +
             " of the readLoops wait for their response body to be "
             "read or closed: response bodies not closed (a missing resp.Body.Close on some path)";
    } else if (reads > 0 && 2 * net_wait >= reads) {
      msg += std::to_string(net_wait) +
             " of the readLoops sit idle on the network: pooled idle "
             "connections, which in these numbers points to a Transport or Client made per "
             "request (each keeps its own pool), or requests stuck on a slow server";
    } else {
      msg += "response bodies not closed, or a Transport/Client made per request";
    }
    d.message = std::move(msg);
    out.push_back(std::move(d));
  }
};

}  // namespace

const DumpDiagnosis& Dump003Diagnosis() {
  static const Dump003 d;
  return d;
}

}  // namespace gopit
