// DUMP005 finalizer-blocked: the finalizer (or a cleanup) goroutine is
// stuck in the program's code on a lock or channel.
#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>

#include "analysis/diagnoses/diagnoses.h"

namespace gopit {
namespace {

const RuleInfo kInfo{
    "DUMP005", "finalizer-blocked", Severity::kError,
    "The finalizer goroutine is blocked in the program's code, so no finalizer runs any more.",
    R"(## What it finds
The runtime's finalizer goroutine (the one running `runtime.runfinq`,
`runtime.runFinalizers` since Go 1.25, created by `runtime.createfing`), or
a goroutine running `runtime.AddCleanup` cleanups (`runtime.runCleanups`),
blocked inside a finalizer or cleanup of the program on a mutex, a
channel, a `select`, a condition variable or a wait group. The location is
the line of the program where it blocks. The runtime frames that identify
the goroutine are read from the raw stacks: debug=2 and `GOTRACEBACK=all`
print `runtime.runFinalizers()` as its last frame, `GOTRACEBACK=system` and
the profiles print everything.

## Why it is bad
All finalizers of a process run one after another on that single
goroutine. While one blocks, no other finalizer runs: every object with a
finalizer stays in memory for good, and whatever the finalizers release
(file descriptors, C memory, connections) leaks. The process grows without
any sign in the program's own goroutines. Cleanups run on a few goroutines,
and each blocked one stalls its share of them.

## Example
```
goroutine 5 [sync.Mutex.Lock, 31 minutes]:
internal/sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x7fb77fc67108?)
	/usr/local/go/src/runtime/sema.go:95 +0x25
...
sync.(*Mutex).Lock(...)
	/usr/local/go/src/sync/mutex.go:46
main.releaseHandle(0xc0000e8440)
	/src/app/handle.go:254 +0x58
runtime.runFinalizers()
	/usr/local/go/src/runtime/mfinal.go:272 +0x3f7
```

## Fix
A finalizer must not block: never take a lock that ordinary code may hold
for long, never send on a channel without a ready receiver. Have it hand
the work off instead (a non-blocking send to a buffered channel that a
goroutine of the program drains), or better, release resources explicitly
(`Close`) and keep the finalizer only as a safety net that logs.

## Score
4 x (1 + max wait minutes / 10): as a bucket of 15 goroutines would score
(log2 16 = 4), since one stuck finalizer goroutine stops all finalization.
Always an error.

## Known limits
- A finalizer that waits on I/O, a sleep or a system call is not reported
  (it may finish).
- A blocked finalizer goroutine in a debug=1 or debug=0 profile is found
  by its frames; when several goroutines share its exact stack it cannot
  be told apart from them.)"};

constexpr std::array<std::string_view, 3> kLoops = {
    "runtime.runfinq",        // Go <= 1.24
    "runtime.runFinalizers",  // Go 1.25+
    "runtime.runCleanups",    // runtime.AddCleanup, Go 1.24+
};
constexpr std::array<std::string_view, 3> kCreators = {
    "runtime.createfing",
    "runtime.(*cleanupQueue).createGs",
    "runtime.createGs",
};

// What a profile's frames say a goroutine waits on, for messages.
std::string WaitPhrase(Category c) {
  switch (c) {
    case Category::kChannel:
      return "on a channel";
    case Category::kSelect:
      return "in a select";
    case Category::kLock:
      return "on a lock";
    case Category::kCond:
      return "on a condition variable";
    case Category::kWaitGroup:
      return "on a WaitGroup";
    default:
      return std::string("in ") + CategoryName(c);
  }
}

bool Blocking(Category c) {
  return c == Category::kChannel || c == Category::kSelect || c == Category::kLock ||
         c == Category::kWaitGroup || c == Category::kCond;
}

enum Kind : int { kNone = 0, kCleanup = 1, kFinalizer = 2 };

Kind KindOfStack(const Symbols& sym, const Stack& stack, FrameId created_by) {
  for (FrameId f : stack.frames) {
    std::string_view fn = sym.Str(sym.GetFrame(f).function);
    if (fn == kLoops[0] || fn == kLoops[1]) return kFinalizer;
    if (fn == kLoops[2]) return kCleanup;
  }
  if (created_by != kNoFrame) {
    std::string_view fn = sym.Str(sym.GetFrame(created_by).function);
    if (fn == kCreators[0]) return kFinalizer;
    if (fn == kCreators[1] || fn == kCreators[2]) return kCleanup;
  }
  return kNone;
}

// Whether `prefix` (a bucket's frames) is where `stack` starts once the
// hidden runtime frames are dropped, by function and line.
bool StartsWithFrames(const Symbols& sym, const Stack& stack, const std::vector<FrameId>& prefix) {
  std::vector<FrameId> frames = NormaliseFrames(sym, stack, 0);
  if (prefix.size() > frames.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    const Frame& a = sym.GetFrame(prefix[i]);
    const Frame& b = sym.GetFrame(frames[i]);
    if (a.function != b.function || a.line != b.line) return false;
  }
  return true;
}

class Dump005 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    const Symbols& sym = in.symbols;
    std::vector<const Bucket*> candidates;
    for (const Bucket& b : in.buckets.buckets) {
      if (Blocking(b.category) && HasUserFrame(sym, b.frames)) candidates.push_back(&b);
    }
    if (candidates.empty()) return;

    // Which candidate buckets hold a finalizer or cleanup goroutine, and
    // how many of them. Stacks are few; goroutines may be a million.
    struct Hit {
      Kind kind = kNone;
      uint64_t count = 0;
    };
    std::unordered_map<const Bucket*, Hit> hits;
    std::unordered_map<uint64_t, Kind> kind_of;  // (stack << 32 | created_by) -> kind
    for (const Snapshot* s : in.snapshots) {
      for (const GoroutineRecord& g : s->goroutines) {
        if (g.thread_section) continue;
        uint64_t key = (static_cast<uint64_t>(g.stack) << 32) | g.created_by;
        auto [it, fresh] = kind_of.try_emplace(key, kNone);
        if (fresh) it->second = KindOfStack(sym, sym.GetStack(g.stack), g.created_by);
        if (it->second == kNone) continue;
        const Bucket* owner = nullptr;
        for (const Bucket* b : candidates) {
          bool in_bucket =
              g.id != 0 ? std::binary_search(b->goroutine_ids.begin(), b->goroutine_ids.end(), g.id)
                        : StartsWithFrames(sym, sym.GetStack(g.stack), b->frames);
          if (in_bucket) {
            owner = b;
            break;
          }
        }
        if (!owner) continue;
        Hit& h = hits[owner];
        h.kind = std::max(h.kind, it->second);  // a finalizer wins over cleanups
        h.count += g.count;
      }
    }

    for (const Bucket* b : candidates) {  // in bucket order: stable output
      auto it = hits.find(b);
      if (it == hits.end()) continue;
      bool finalizer = it->second.kind == kFinalizer;
      Diagnosis d = MakeDiagnosis(kInfo, sym, *b);
      double minutes = b->wait.max > 0 ? b->wait.max : 0;
      d.score = 4.0 * (1.0 + minutes / 10.0);
      d.goroutines = it->second.count;
      std::string state(sym.Str(b->state));  // profiles have none: say what the frames say
      std::string in_what = state.empty() ? WaitPhrase(b->category) : "in " + state;
      std::string waited = b->wait.max > 0 ? " for " + std::to_string(b->wait.max) +
                                                 (b->wait.max == 1 ? " minute" : " minutes")
                                           : "";
      if (finalizer) {
        d.message = "the finalizer goroutine is blocked " + in_what + " at " +
                    ShortPlace(d.location) + " (" + d.location.function + ")" + waited +
                    ": no other finalizer can run until it returns, so objects with finalizers "
                    "are never freed and what they release (files, sockets, C memory) leaks";
      } else {
        std::string n = std::to_string(it->second.count);
        d.message = n +
                    (it->second.count == 1 ? " cleanup goroutine is" : " cleanup goroutines are") +
                    " blocked " + in_what + " at " + ShortPlace(d.location) + " (" +
                    d.location.function + ")" + waited +
                    ": cleanups (runtime.AddCleanup) queued behind it do not run, so what they "
                    "release leaks";
      }
      out.push_back(std::move(d));
    }
  }
};

}  // namespace

const DumpDiagnosis& Dump005Diagnosis() {
  static const Dump005 d;
  return d;
}

}  // namespace gopit
