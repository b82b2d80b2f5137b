// DUMP006 lock-pileup: many goroutines waiting to lock at one call site.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_set>

#include "analysis/diagnoses/diagnoses.h"

namespace gopit {
namespace {

const RuleInfo kInfo{
    "DUMP006", "lock-pileup", Severity::kWarning,
    "Many goroutines wait to lock a mutex at the same line: a hot lock, or a deadlock when the "
    "waits are long.",
    R"(## What it finds
At least `--lock-waiters` (default 10) goroutines blocked in
`sync.Mutex.Lock`, `sync.RWMutex.Lock` or `sync.RWMutex.RLock` whose
innermost frame of the program is the same line: the call to `Lock`. The
location is that line. Buckets that differ further down the stack (several
callers of one locking method) count together.

It is a warning; an error when the goroutines have waited at least
`--long-wait` minutes (default 5).

A goroutine dump shows who waits for a mutex, never who holds it. So the
message says only what the dump supports:
- **long waits**: the mutex has been held for minutes, which a healthy
  critical section never does: likely a deadlock (a lock-order cycle, or the
  holder waiting for something that needs one of the waiters) or an
  `Unlock` missed on some path (an early return, a panic recovered above).
- **short or unknown waits**: a hot, heavily contended lock, or a hang too
  young to tell. A second dump a few minutes later tells them apart.

It also names the other places where goroutines wait for locks: when the
holder is itself blocked on another lock, it is among them. When frame
arguments were kept (`--args`), it says whether all waiters wait on one
mutex (one address) or on several (a per-object lock taken at one line).

## Why it is bad
Every goroutine that needs the mutex stops: requests queue behind it and
time out, and the waiting goroutines and what they hold accumulate. A
deadlocked mutex never recovers without a restart.

## Example
```
goroutine 10 [sync.Mutex.Lock, 14 minutes]:
internal/sync.runtime_SemacquireMutex(0x0?, 0x10?, 0x0?)
	/usr/local/go/src/runtime/sema.go:95 +0x25
internal/sync.(*Mutex).lockSlow(0xb2f340)
	/usr/local/go/src/internal/sync/mutex.go:149 +0x15d
sync.(*Mutex).Lock(...)
	/usr/local/go/src/sync/mutex.go:46
main.readBalance(0xc00021b450?, {0x7fe051, 0x1})
	/src/app/ledger.go:327 +0x58
created by main.serve in goroutine 1
	/src/app/ledger.go:345 +0x248
```

## Fix
- Deadlock: take locks in one global order; never call out (I/O, channel
  operations, callbacks) while holding a lock; `defer mu.Unlock()` right
  after `Lock` so that no path forgets it.
- Hot lock: hold it for less (copy what is needed, then unlock), shard the
  data, use an `RWMutex` for read-mostly data, or `atomic` values.

## Score
log2(1 + waiting goroutines) x (1 + max wait minutes / 10).

## Known limits
- Holders are invisible: a lock-order cycle between two goroutines, each
  holding what the other wants, shows as two single waiters and is only
  named here as "other waiters"; DUMP007 reports it when nothing else runs.
- Wait times are printed only in tracebacks, from one minute on, and only
  once a garbage collection has seen the goroutine blocked; debug=1 and
  debug=0 profiles never make this an error.
- Without `--args` the dump cannot say whether the waiters share one mutex:
  a per-object lock taken at one line by many goroutines, each on its own
  object, looks the same.)"};

bool IsLockFrame(std::string_view fn) {
  static constexpr std::array<std::string_view, 9> kFrames = {
      "internal/sync.(*Mutex).lockSlow",
      "sync.(*Mutex).lockSlow",
      "internal/sync.(*Mutex).Lock",
      "sync.(*Mutex).Lock",
      "sync.(*RWMutex).Lock",
      "sync.(*RWMutex).RLock",
      "sync.runtime_SemacquireRWMutexR",
      "sync.runtime_SemacquireRWMutex",
      "sync.runtime_SemacquireMutex",
  };
  return std::find(kFrames.begin(), kFrames.end(), fn) != kFrames.end();
}

// "sync.Mutex.Lock" etc., from the state or, in profiles, the frames.
std::string LockKind(const Symbols& sym, const Bucket& b) {
  std::string_view state = sym.Str(b.state);
  if (state.starts_with("sync.")) return std::string(state);
  for (FrameId f : b.frames) {
    std::string_view fn = sym.Str(sym.GetFrame(f).function);
    if (fn == "sync.(*RWMutex).RLock") return "sync.RWMutex.RLock";
    if (fn == "sync.(*RWMutex).Lock") return "sync.RWMutex.Lock";
    if (fn == "sync.(*Mutex).Lock") return "sync.Mutex.Lock";
  }
  return "a lock";
}

// The first argument of a frame's argument text when it is a trustworthy
// pointer: "(0xb2f340, 0x1)" -> "0xb2f340"; "" for "(0xb2f340?, ...)".
std::string FirstArg(std::string_view args) {
  if (args.size() < 2 || args.front() != '(') return "";
  args.remove_prefix(1);
  size_t end = args.find_first_of(",)");
  std::string_view a = args.substr(0, end);
  while (!a.empty() && a.back() == ' ')
    a.remove_suffix(1);
  // "0x...?" marks a value the runtime could not vouch for (often stale).
  if (!a.starts_with("0x") || a == "0x0" || a.ends_with('?')) return "";
  return std::string(a);
}

using SiteKey = std::tuple<std::string, std::string, int32_t>;  // function, file, line

class Dump006 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    const Symbols& sym = in.symbols;
    const DiagnoseOptions& o = in.options;
    std::map<SiteKey, std::vector<const Bucket*>> sites;
    for (const Bucket& b : in.buckets.buckets) {
      if (b.category != Category::kLock || !HasUserFrame(sym, b.frames)) continue;
      CodeLocation at = UserLocation(sym, b.frames);
      sites[{at.function, at.file, at.line}].push_back(&b);
    }
    bool has_wait_times = false;
    for (const Snapshot* s : in.snapshots)
      has_wait_times |= s->format == InputFormat::kTraceback;

    for (const auto& [key, buckets] : sites) {
      uint64_t n = 0;
      int32_t max_wait = -1;
      const Bucket* largest = buckets.front();
      for (const Bucket* b : buckets) {
        n += b->count;
        max_wait = std::max(max_wait, b->wait.max);
        if (b->count > largest->count) largest = b;
      }
      if (n < o.lock_waiters || n == 0) continue;

      Diagnosis d = MakeDiagnosis(kInfo, sym, *largest);
      d.bucket_ids.clear();
      for (const Bucket* b : buckets)
        d.bucket_ids.push_back(b->fingerprint);
      d.goroutines = n;
      double minutes = max_wait > 0 ? max_wait : 0;
      d.score = std::log2(1.0 + static_cast<double>(n)) * (1.0 + minutes / 10.0);
      bool long_wait = o.long_wait_minutes > 0 && max_wait >= o.long_wait_minutes;
      if (long_wait) d.severity = Severity::kError;

      std::string msg = std::to_string(n) + " goroutines wait in " + LockKind(sym, *largest) +
                        " at " + ShortPlace(d.location) + " (" + d.location.function + ")";
      if (long_wait) {
        msg += " for up to " + std::to_string(max_wait) + (max_wait == 1 ? " minute" : " minutes") +
               ": the lock has been held that long, so likely a deadlock (a lock-order "
               "cycle, or a holder waiting on something) or an Unlock missed on some path";
      } else if (max_wait > 0) {
        msg += " for up to " + std::to_string(max_wait) + (max_wait == 1 ? " minute" : " minutes") +
               ": a hot lock or a hang; waits that keep growing in a later dump mean a deadlock "
               "or a lost Unlock";
      } else if (has_wait_times) {
        msg +=
            ", none for a minute yet as far as the dump shows: a hot (contended) lock, or a "
            "hang too young to tell; a second dump a few minutes later tells them apart";
      } else {
        msg +=
            " (this format prints no wait times): a hot (contended) lock, or a deadlock; a "
            "debug=2 dump shows how long they have waited";
      }
      msg += MutexClause(in, buckets);
      msg += OthersClause(sites, key);
      msg += "; a dump shows who waits for a mutex, not who holds it";
      d.message = std::move(msg);
      out.push_back(std::move(d));
    }
  }

 private:
  // With frame arguments kept: whether the waiters share one mutex.
  static std::string MutexClause(const DiagnosisInput& in,
                                 const std::vector<const Bucket*>& buckets) {
    const Symbols& sym = in.symbols;
    std::unordered_set<uint64_t> ids;
    for (const Bucket* b : buckets)
      ids.insert(b->goroutine_ids.begin(), b->goroutine_ids.end());
    if (ids.empty()) return "";
    std::set<std::string> addrs;
    uint64_t seen = 0;
    for (const Snapshot* s : in.snapshots) {
      for (const GoroutineRecord& g : s->goroutines) {
        if (g.id == 0 || g.thread_section || !ids.count(g.id)) continue;
        for (FrameId f : sym.GetStack(g.stack).frames) {
          const Frame& fr = sym.GetFrame(f);
          if (!IsLockFrame(sym.Str(fr.function))) continue;
          std::string a = FirstArg(sym.Str(fr.args));
          if (a.empty()) continue;
          addrs.insert(a);
          ++seen;
          break;
        }
      }
    }
    if (addrs.empty()) return "";
    if (addrs.size() == 1) {
      return "; all " + std::to_string(seen) + " with arguments wait on one mutex (" +
             *addrs.begin() + ")";
    }
    return "; they wait on " + std::to_string(addrs.size()) +
           " different mutexes (a lock per object, taken at one line)";
  }

  // Other places where goroutines wait for locks: the holder may be there.
  static std::string OthersClause(const std::map<SiteKey, std::vector<const Bucket*>>& sites,
                                  const SiteKey& self) {
    std::vector<std::pair<uint64_t, std::string>> others;
    for (const auto& [key, buckets] : sites) {
      if (key == self) continue;
      uint64_t n = 0;
      for (const Bucket* b : buckets)
        n += b->count;
      CodeLocation loc{std::get<1>(key), std::get<2>(key), std::get<0>(key)};
      others.emplace_back(n, ShortPlace(loc) + " (" + loc.function + ", " + std::to_string(n) +
                                 (n == 1 ? " goroutine)" : " goroutines)"));
    }
    if (others.empty()) return "";
    std::stable_sort(others.begin(), others.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string s = "; goroutines also wait for locks at ";
    size_t shown = std::min<size_t>(others.size(), 3);
    for (size_t i = 0; i < shown; ++i)
      s += (i ? ", " : "") + others[i].second;
    if (others.size() > shown) s += " and " + std::to_string(others.size() - shown) + " more";
    s += ": if one of them holds this mutex, that is a lock-order deadlock";
    return s;
  }
};

}  // namespace

const DumpDiagnosis& Dump006Diagnosis() {
  static const Dump006 d;
  return d;
}

}  // namespace gopit
