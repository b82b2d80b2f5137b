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

It also fires on fewer waiters, down to one, when they have waited at
least `--long-wait` minutes (default 5): a healthy critical section lasts
microseconds, so a lock held for minutes is evidence by itself. Such a
single site is said on its own only when no pile is reported (a pile's
message already names the other lock sites). It is a warning; an error
when a pile has waited `--long-wait` minutes, or any waiter ten times
that.

The holder, when the dump shows it: a goroutine outside the waiters whose
stack is inside the same method family (a method of the waiters' receiver
type, or the very function that calls `Lock`). With arguments in the dump
(`--args`) the match is by address (the mutex address in
`lockSlow(0x…)`/`Lock(0x…)`, or the waiters' receiver, printed as the
holder frame's receiver): "the lock is held by goroutine 12 at
state.go:101". Without them one such goroutine is "likely" the holder, and
several are listed as candidates. When a whole dump has none, and no other
goroutine waits for another lock, the message says no goroutine holds it
visibly (it was held by a goroutine that exited, or an `Unlock` was missed
on some path). A package-level mutex has no receiver: only goroutines in
the same function can match.

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

## False alarms it does not raise
- A few goroutines waiting on a lock for seconds (a busy lock): below
  `--lock-waiters` and under a minute, nothing is said.
- Addresses are compared as printed, never by their range (Go 1.26
  randomises heap addresses), and values the runtime marks `?` are not
  trusted.

## Known limits
- A holder that waits for another lock (a lock-order cycle between two
  goroutines, each holding what the other wants) is not matched by
  address: it is named among the "other waiters"; DUMP007 reports the
  cycle when nothing else runs.
- Holders found by receiver type alone can be wrong when several objects
  of the type each have their own mutex; the message then says "likely".
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

// "main.(*ledger).readBalance" -> "main.(*ledger)": the pointer receiver
// type of a method, "" for plain functions (a package-level mutex has no
// receiver to match a holder by).
std::string ReceiverType(std::string_view fn) {
  size_t slash = fn.rfind('/', fn.find('('));
  size_t open = fn.find(".(*", slash == std::string_view::npos ? 0 : slash);
  if (open == std::string_view::npos) return "";
  size_t close = fn.find(").", open);
  if (close == std::string_view::npos) return "";
  return std::string(fn.substr(0, close + 1));
}

// A goroutine that may hold the mutex a site waits for.
struct Holder {
  uint64_t id = 0;
  CodeLocation at;          // its frame in a method of the waiters' receiver type
  std::string state;        // what it waits on itself
  bool by_address = false;  // the receiver address printed in both frames matches
};

// Looks for the holder of the mutex the goroutines of `buckets` wait on:
// a goroutine outside them whose stack is inside a method of the same
// receiver (by the printed receiver address when the dump has arguments,
// else by the receiver type). Goroutines at most a few: the caller says
// "held by" only for one found by address or for a single candidate.
std::vector<Holder> FindHolders(const DiagnosisInput& in, const std::vector<const Bucket*>& buckets,
                                const std::string& receiver, std::string_view locker) {
  const Symbols& sym = in.symbols;
  std::vector<Holder> found;
  // A frame in the family that takes this lock: a method of the same
  // receiver, or the very function that calls Lock.
  auto family = [&](std::string_view fn) {
    return fn == locker || (!receiver.empty() && ReceiverType(fn) == receiver);
  };
  std::unordered_set<uint64_t> waiters;
  for (const Bucket* b : buckets)
    waiters.insert(b->goroutine_ids.begin(), b->goroutine_ids.end());
  if (waiters.empty()) return found;  // profiles: no goroutines to name
  // Whether a stack can matter at all: it has a lock frame or a frame of the
  // family. Judged once per distinct stack, so a dump of a million
  // goroutines over a few hundred stacks costs one table look-up each.
  std::vector<int8_t> relevant(sym.StackCount(), -1);
  auto stack_relevant = [&](StackId id) {
    int8_t& r = relevant[id];
    if (r < 0) {
      r = 0;
      for (FrameId f : sym.GetStack(id).frames) {
        std::string_view fn = sym.Str(sym.GetFrame(f).function);
        if (IsLockFrame(fn) || (!IsStdlibFunction(fn) && family(fn))) {
          r = 1;
          break;
        }
      }
    }
    return r == 1;
  };
  // The receiver addresses the waiters print in their user frame.
  std::set<std::string> addrs;
  std::vector<const GoroutineRecord*> others;
  for (const Snapshot* s : in.snapshots) {
    for (const GoroutineRecord& g : s->goroutines) {
      if (g.thread_section || g.id == 0) continue;
      if (g.stack >= relevant.size() || !stack_relevant(g.stack)) continue;
      if (!waiters.count(g.id)) {
        others.push_back(&g);
        continue;
      }
      for (FrameId f : sym.GetStack(g.stack).frames) {
        const Frame& fr = sym.GetFrame(f);
        if (IsLockFrame(sym.Str(fr.function))) {
          // The mutex itself: a method's receiver when it is the first field.
          std::string a = FirstArg(sym.Str(fr.args));
          if (!a.empty()) addrs.insert(a);
          continue;
        }
        if (IsStdlibFunction(sym.Str(fr.function))) continue;
        if (family(sym.Str(fr.function))) {
          std::string a = FirstArg(sym.Str(fr.args));
          if (!a.empty()) addrs.insert(a);
        }
        break;
      }
    }
  }
  std::vector<Holder> by_type;
  for (const GoroutineRecord* g : others) {
    for (FrameId f : sym.GetStack(g->stack).frames) {
      const Frame& fr = sym.GetFrame(f);
      std::string_view fn = sym.Str(fr.function);
      if (IsStdlibFunction(fn) || !family(fn)) continue;
      Holder h{g->id, CodeLocation{std::string(sym.Str(fr.file)), fr.line, std::string(fn)},
               std::string(sym.Str(g->state)), false};
      std::string a = FirstArg(sym.Str(fr.args));
      if (!a.empty() && !addrs.empty()) {
        if (addrs.count(a)) {
          h.by_address = true;
          found.push_back(std::move(h));
        }
      } else {
        by_type.push_back(std::move(h));
      }
      break;
    }
    if (found.size() + by_type.size() > 8) break;
  }
  if (!found.empty()) return found;
  return by_type;
}

// What the dump says about who holds the mutex: only what it supports.
std::string HolderClause(const DiagnosisInput& in, const std::vector<const Bucket*>& buckets,
                         const CodeLocation& waiter, bool whole, bool other_waiters) {
  std::string receiver = ReceiverType(waiter.function);
  std::string family = receiver.empty() ? waiter.function : "methods of " + receiver;
  std::vector<Holder> hs = FindHolders(in, buckets, receiver, waiter.function);
  auto describe = [](const Holder& h) {
    return "goroutine " + std::to_string(h.id) + " at " + ShortPlace(h.at) + " (" + h.at.function +
           (h.state.empty() ? "" : ", " + h.state) + ")";
  };
  if (hs.size() == 1 && hs[0].by_address) {
    return "; the lock is held by " + describe(hs[0]) + ", inside " + family +
           " on the same receiver (its address matches)";
  }
  if (hs.size() == 1) {
    return "; likely held by " + describe(hs[0]) + ", the only other goroutine inside " + family;
  }
  if (!hs.empty()) {
    std::string s = "; " + std::to_string(hs.size()) + " goroutines are inside " + family +
                    " and may hold it: ";
    for (size_t i = 0; i < hs.size() && i < 3; ++i)
      s += (i ? ", " : "") + describe(hs[i]);
    return s;
  }
  // A goroutine waiting for another lock may hold this one (a lock-order
  // cycle): the caller names those instead.
  if (!whole || other_waiters) return "";
  return "; no goroutine in the dump holds it visibly (held by a goroutine that exited, or an "
         "Unlock missed on some path)";
}

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
    // Only a dump read whole can say that no goroutine holds a mutex.
    bool whole = in.snapshots.size() == 1 && in.warnings && in.warnings->empty();

    // A pile names the other lock sites (their goroutines may hold its
    // mutex): a single long waiter there is said once, in the pile's
    // message, not again on its own.
    bool any_pile = false;
    for (const auto& [key, buckets] : sites) {
      uint64_t n = 0;
      for (const Bucket* b : buckets)
        n += b->count;
      any_pile |= n >= o.lock_waiters;
    }
    for (const auto& [key, buckets] : sites) {
      uint64_t n = 0;
      int32_t max_wait = -1;
      const Bucket* largest = buckets.front();
      for (const Bucket* b : buckets) {
        n += b->count;
        max_wait = std::max(max_wait, b->wait.max);
        if (b->count > largest->count) largest = b;
      }
      bool long_wait = o.long_wait_minutes > 0 && max_wait >= o.long_wait_minutes;
      // A pile of waiters, or a lock held for minutes: a healthy critical
      // section takes microseconds, so one waiter of five minutes is
      // evidence too.
      if (n == 0 || (n < o.lock_waiters && (!long_wait || any_pile))) continue;

      Diagnosis d = MakeDiagnosis(kInfo, sym, *largest);
      d.bucket_ids.clear();
      for (const Bucket* b : buckets)
        d.bucket_ids.push_back(b->fingerprint);
      d.goroutines = n;
      double minutes = max_wait > 0 ? max_wait : 0;
      d.score = std::log2(1.0 + static_cast<double>(n)) * (1.0 + minutes / 10.0);
      bool pile = n >= o.lock_waiters;
      if (long_wait && (pile || max_wait >= 10 * o.long_wait_minutes)) {
        d.severity = Severity::kError;
      }

      std::string msg = Goroutines(n) + (n == 1 ? " waits in " : " wait in ") +
                        LockKind(sym, *largest) + " at " + ShortPlace(d.location) + " (" +
                        d.location.function + ")";
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
      std::string holder = HolderClause(in, buckets, d.location, whole, sites.size() > 1);
      msg += holder.empty() ? OthersClause(sites, key) : holder;
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
      return (seen == 1 ? std::string("; it waits on mutex ")
                        : "; all " + std::to_string(seen) + " with arguments wait on one mutex ") +
             "(" + *addrs.begin() + ")";
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
