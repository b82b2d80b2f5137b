// DUMP013 concurrent-map-crash: the runtime aborted on a map used by two
// goroutines at once; names the line that touched the map and, when the dump
// shows it, the other goroutine.
#include <unordered_set>

#include "analysis/diagnoses/diagnoses.h"

namespace gopit {
namespace {

const RuleInfo kInfo{
    "DUMP013", "concurrent-map-crash", Severity::kError,
    "The process crashed on a map read, written or ranged over by two goroutines at once; names "
    "the line that touched the map.",
    R"(## What it finds
A dump that begins with one of the runtime's fatal errors for unsynchronised
map use:
`fatal error: concurrent map writes`,
`fatal error: concurrent map read and map write`,
`fatal error: concurrent map iteration and map write` or
`fatal error: concurrent map clone and map write`.
The goroutine printed first (the one the runtime calls `[running]` right
after the message) is the one that detected the race. A paste of that
goroutine alone, without the message, counts too when its stack starts with
the runtime's throw from its map code (`runtime.throw` or `runtime.fatal`
called from a `runtime.map...` function, or `internal/runtime/maps.fatal`). Its stack starts in
the runtime's map code (`runtime.throw` or `runtime.fatal`,
`runtime.mapaccess1_faststr`, `runtime.mapassign_fast64`,
`runtime.mapiternext`, Go 1.24+'s `internal/runtime/maps.fatal` and
`internal/runtime/maps.(*Iter).Next`; with the default `GOTRACEBACK` these
frames are often inlined away), and the first frame after them is the map
operation. The diagnosis names that goroutine's innermost frame of the
program's own code, and its `created by` line.

When the dump holds other goroutines (`GOTRACEBACK=all`, or a runtime older
than 1.19 that printed them all), the message also names another goroutine
that shows the map in use: one whose stack has a runtime map frame, or one
stopped at the very same line (two instances of one writer). Failing both,
when exactly one other goroutine of the program's own code was running or
runnable, it is named as the likely other side: the race needs a second
goroutine inside the map at that moment, and since Go 1.24 its map code is
inlined into its own function, so its stack shows no map frame.

## Why it is bad
Go maps are not safe for concurrent use: one goroutine writing while another
reads, ranges or writes corrupts the table, and the runtime kills the
process when it notices (not every time: the check is best effort, so the
race may have run unnoticed for a long time before). It cannot be
recovered.

## Example
From a program built with Go 1.26 (one goroutine writes `m[i%100] = i`,
another reads `m[i%100]`):
```
fatal error: concurrent map read and map write

goroutine 7 [running]:
internal/runtime/maps.fatal({0x4b0b77?, 0x0?})
	/usr/local/go/src/runtime/panic.go:1181 +0x18
main.reader()
	/tmp/cmap/main.go:18 +0x59
created by main.main in goroutine 1
	/tmp/cmap/main.go:35 +0x7b
```
The crash site is main.go:18 in `main.reader`.

## Fix
Guard the map with a `sync.Mutex` (or `sync.RWMutex` for read-mostly maps)
at every access, including `range` loops and `len`, or give it a single
owner goroutine that others talk to over a channel; `sync.Map` suits keys
written once and read many times. `go test -race` (or a `-race` build)
finds the other side of the race, with both stacks.

## Score
100: the process died of it, which outranks any wait the dump also shows.

## False alarms it does not raise
Only the runtime's own fatal message counts: a panic that mentions a map, a
goroutine that is merely inside map code in an ordinary dump, or a data race
report of `-race` (a different tool's output) is not claimed. The other
goroutine is named from its own frames (a map function of the runtime, or
the same line as the crash site), or as "likely" when it was the only other
goroutine of the program running; with two or more running, none is named.

## Known limits
Since Go 1.19 the runtime prints only the crashing goroutine unless
`GOTRACEBACK=all` (or higher) is set, and the map frames of the goroutine
that raced with it are usually inlined, so the other side is often not in
the dump: run the program or its tests with `-race` to see it. A paste cut
before the first frame of the program's own code names the deepest frame
it has.)"};

// The runtime's frames that sit between the map operation and the throw.
bool IsRuntimeMapFrame(std::string_view fn) {
  return fn.starts_with("runtime.map") || fn.starts_with("internal/runtime/maps.") ||
         fn == "runtime.throw" || fn == "runtime.fatal" || fn == "runtime.fatalthrow" ||
         fn.starts_with("runtime.evacuate") || fn.starts_with("runtime.growWork") ||
         fn.starts_with("reflect.map") || fn == "runtime.goexit";
}

bool IsRuntimeFunction(std::string_view fn) {
  return fn.starts_with("runtime.") || fn.starts_with("internal/runtime/");
}

// Whether a stack shows the runtime's map code (the throw excluded).
bool TouchesMap(const Symbols& symbols, const Stack& stack) {
  for (FrameId f : stack.frames) {
    std::string_view fn = symbols.Str(symbols.GetFrame(f).function);
    if (fn.starts_with("runtime.map") || fn.starts_with("internal/runtime/maps.")) return true;
  }
  return false;
}

CodeLocation At(const Symbols& symbols, FrameId id) {
  const Frame& f = symbols.GetFrame(id);
  return CodeLocation{std::string(symbols.Str(f.file)), f.line,
                      std::string(symbols.Str(f.function))};
}

// The crash site: the innermost frame of the program's own code; without
// one, the first frame past the runtime's map code (the standard library's
// own map, e.g. in encoding/json), else the innermost frame.
std::optional<CodeLocation> CrashSite(const Symbols& symbols, const Stack& stack) {
  for (FrameId f : stack.frames) {
    if (!IsStdlibFunction(symbols.Str(symbols.GetFrame(f).function))) return At(symbols, f);
  }
  for (FrameId f : stack.frames) {
    std::string_view fn = symbols.Str(symbols.GetFrame(f).function);
    if (!IsRuntimeFunction(fn) && !IsRuntimeMapFrame(fn)) return At(symbols, f);
  }
  if (stack.frames.empty()) return std::nullopt;
  return At(symbols, stack.frames.front());
}

const GoroutineRecord* FindGoroutine(const Snapshot& s, uint64_t id) {
  if (id == 0) return nullptr;
  for (const GoroutineRecord& g : s.goroutines) {
    if (g.id == id && !g.thread_section) return &g;
  }
  return nullptr;
}

// The goroutine that threw: the one printed right after the message, or,
// when the parser could not tell (a paste cut before it), the first whose
// stack shows the runtime's map code.
const GoroutineRecord* Thrower(const Symbols& symbols, const Snapshot& s) {
  if (const GoroutineRecord* g = FindGoroutine(s, s.current_goroutine)) return g;
  for (const GoroutineRecord& g : s.goroutines) {
    if (TouchesMap(symbols, symbols.GetStack(g.stack))) return &g;
  }
  return nullptr;
}

struct OtherGoroutine {
  const GoroutineRecord* g = nullptr;
  bool likely = false;  // only the running one, not seen at the map itself
};

// Another goroutine that the dump shows at the map: in the runtime's map
// code, or at the crash site's own line. Failing that, the race needs a
// second goroutine that was running when the runtime noticed it (its map
// code is inlined into the caller, so it shows no map frame): when exactly
// one other goroutine of the program's own code was running or runnable, it
// is the likely other side. Each distinct stack is looked at once: a crash
// dump may hold many goroutines over few stacks.
OtherGoroutine OtherSide(const Symbols& symbols, const Snapshot& s, const GoroutineRecord& thrower,
                         const CodeLocation& site) {
  std::unordered_set<StackId> seen;
  const GoroutineRecord* same_line = nullptr;
  const GoroutineRecord* running = nullptr;
  int running_count = 0;
  for (const GoroutineRecord& g : s.goroutines) {
    if (g.id == thrower.id || g.thread_section) continue;
    std::string_view state = symbols.Str(g.state);
    const Stack& st = symbols.GetStack(g.stack);
    if (state == "running" || state == "runnable") {
      bool user = false;
      for (FrameId f : st.frames)
        user = user || !IsStdlibFunction(symbols.Str(symbols.GetFrame(f).function));
      if (user) {
        ++running_count;
        running = &g;
      }
    }
    if (!seen.insert(g.stack).second) continue;
    if (TouchesMap(symbols, st)) return {&g, false};
    if (!same_line && site.line > 0) {
      std::optional<CodeLocation> at = CrashSite(symbols, st);
      if (at && at->line == site.line && at->file == site.file && at->function == site.function)
        same_line = &g;
    }
  }
  if (same_line) return {same_line, false};
  if (running_count == 1) return {running, true};
  return {};
}

// A paste of the crashing goroutine without the message before it: the
// first goroutine is running and its stack starts with the throw the
// runtime's map code makes (runtime.throw or runtime.fatal called from a
// runtime map function, or Go 1.24+'s internal/runtime/maps.fatal).
const GoroutineRecord* UnannouncedThrower(const Symbols& symbols, const Snapshot& s) {
  if (!s.reason.empty() || s.goroutines.empty()) return nullptr;
  const GoroutineRecord& g = s.goroutines.front();
  if (symbols.Str(g.state) != "running") return nullptr;
  const Stack& st = symbols.GetStack(g.stack);
  if (st.frames.empty()) return nullptr;
  std::string_view top = symbols.Str(symbols.GetFrame(st.frames[0]).function);
  if (top == "internal/runtime/maps.fatal") return &g;
  if ((top != "runtime.throw" && top != "runtime.fatal") || st.frames.size() < 2) return nullptr;
  std::string_view next = symbols.Str(symbols.GetFrame(st.frames[1]).function);
  return next.starts_with("runtime.map") || next.starts_with("internal/runtime/maps.") ? &g
                                                                                       : nullptr;
}

class Dump013 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    for (const Snapshot* s : in.snapshots) {
      constexpr std::string_view kPrefix = "fatal error: concurrent map ";
      const GoroutineRecord* g = nullptr;
      std::string what;
      if (s->reason.starts_with(kPrefix)) {
        what = s->reason.substr(std::string_view("fatal error: ").size());
        g = Thrower(in.symbols, *s);
      } else if ((g = UnannouncedThrower(in.symbols, *s))) {
        what =
            "a concurrent map access (the runtime's throw from its map code; the fatal error "
            "line is not in the dump)";
      }
      if (!g) continue;  // the paste stops before any goroutine: nothing to name
      const Stack& stack = in.symbols.GetStack(g->stack);
      std::optional<CodeLocation> site = CrashSite(in.symbols, stack);
      if (!site) continue;
      Diagnosis d;
      d.id = kInfo.id;
      d.slug = kInfo.slug;
      d.severity = kInfo.severity;
      d.score = 100;
      d.location = *site;
      if (g->created_by != kNoFrame) d.created_by = At(in.symbols, g->created_by);
      if (const Bucket* b = BucketOfGoroutine(in.buckets, g->id))
        d.bucket_ids.push_back(b->fingerprint);
      d.goroutines = 1;
      std::string msg = "the process crashed: " + what + "; goroutine " + std::to_string(g->id);
      std::string_view fn = site->function;
      if (IsRuntimeFunction(fn) || IsRuntimeMapFrame(fn)) {
        // A paste cut inside the runtime's own frames.
        msg += " threw it in " + site->function + " (" + ShortPlace(*site) +
               "); the dump stops before the frame that touched the map";
      } else {
        msg += " touched the map at " + ShortPlace(*site) + " in " + site->function;
        if (IsStdlibFunction(fn)) msg += " (no frame of the program's own code in the dump)";
      }
      if (d.created_by) msg += ", started at " + ShortPlace(*d.created_by);
      OtherGoroutine o = OtherSide(in.symbols, *s, *g, *site);
      std::optional<CodeLocation> oat;
      if (o.g) oat = CrashSite(in.symbols, in.symbols.GetStack(o.g->stack));
      if (oat) {
        msg += "; goroutine " + std::to_string(o.g->id) +
               (o.likely ? " was the only other one running, likely the other side, at "
                         : " is at the map too, at ") +
               ShortPlace(*oat) + " in " + oat->function;
        if (const Bucket* b = BucketOfGoroutine(in.buckets, o.g->id))
          d.bucket_ids.push_back(b->fingerprint);
        d.goroutines = 2;
      }
      msg += ": guard every use of the map with a mutex (-race shows both sides)";
      d.message = std::move(msg);
      out.push_back(std::move(d));
    }
  }
};

}  // namespace

const DumpDiagnosis& Dump013Diagnosis() {
  static const Dump013 d;
  return d;
}

}  // namespace gopit
