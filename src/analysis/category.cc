#include "analysis/category.h"

#include <array>
#include <utility>

namespace gopit {
namespace {

bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

// Wait reasons of goroutines that belong to the runtime itself.
constexpr std::array<std::string_view, 16> kRuntimeStates = {
    "GC worker (idle)",
    "GC worker (active)",
    "GC sweep wait",
    "GC scavenge wait",
    "finalizer wait",
    "force gc (idle)",
    "cleanup wait",
    "trace reader (blocked)",
    "GC assist wait",
    "GC assist marking",
    "wait for GC cycle",
    "GC mark termination",
    "idle",
    "stopping the world",
    "timer goroutine (idle)",
    "GC weak to strong wait",
};

// Standard-library goroutines that every process using the feature has and
// that are never a leak: signal delivery, unique's cleanup.
constexpr std::array<std::string_view, 3> kBackgroundFunctions = {
    "os/signal.signal_recv",
    "os/signal.loop",
    "unique.registerCleanup.func1",
};

bool IsRuntimePackage(std::string_view fn) {
  return StartsWith(fn, "runtime.") || StartsWith(fn, "internal/runtime/") ||
         StartsWith(fn, "runtime/internal/");
}

Category FromState(std::string_view s) {
  if (StartsWith(s, "chan ")) return Category::kChannel;
  if (StartsWith(s, "select")) return Category::kSelect;
  if (s == "sync.Mutex.Lock" || s == "sync.RWMutex.RLock" || s == "sync.RWMutex.Lock")
    return Category::kLock;
  if (s == "sync.WaitGroup.Wait") return Category::kWaitGroup;
  if (s == "sync.Cond.Wait") return Category::kCond;
  if (StartsWith(s, "IO wait")) return Category::kIO;
  if (s == "sleep") return Category::kSleep;
  if (s == "syscall") return Category::kSyscall;
  if (s == "running" || s == "runnable" || s == "preempted" || s == "copystack")
    return Category::kRunning;
  for (std::string_view r : kRuntimeStates) {
    if (s == r) return Category::kRuntime;
  }
  return Category::kOther;  // semacquire, unknown reasons, or no state at all
}

// The frames, innermost first, say what the goroutine waits in.
Category FromFrames(const Symbols& symbols, std::span<const FrameId> frames, bool& parked) {
  parked = false;
  for (FrameId id : frames) {
    std::string_view fn = symbols.Str(symbols.GetFrame(id).function);
    if (fn == "runtime.gopark" || fn == "runtime.goparkunlock") {
      parked = true;
      continue;
    }
    if (StartsWith(fn, "runtime.chanrecv") || StartsWith(fn, "runtime.chansend"))
      return Category::kChannel;
    if (fn == "runtime.selectgo" || fn == "runtime.block") return Category::kSelect;
    if (fn == "sync.(*WaitGroup).Wait") return Category::kWaitGroup;
    if (fn == "sync.(*Cond).Wait") return Category::kCond;
    if (fn.find("Mutex).Lock") != std::string_view::npos ||
        fn.find("Mutex).RLock") != std::string_view::npos ||
        fn.find("Mutex).lockSlow") != std::string_view::npos ||
        fn == "sync.runtime_SemacquireMutex" || fn == "sync.runtime_SemacquireRWMutexR" ||
        fn == "sync.runtime_SemacquireRWMutex" || fn == "internal/sync.runtime_SemacquireMutex")
      return Category::kLock;
    if (StartsWith(fn, "internal/poll.runtime_pollWait") || fn == "runtime.netpollblock")
      return Category::kIO;
    if (fn == "time.Sleep") return Category::kSleep;
    if (StartsWith(fn, "syscall.Syscall") || StartsWith(fn, "syscall.RawSyscall") ||
        StartsWith(fn, "syscall.syscall") || StartsWith(fn, "internal/runtime/syscall.") ||
        fn == "runtime.cgocall" || fn == "runtime.asmcgocall")
      return Category::kSyscall;
    // Only the runtime's own frames sit above the wait site; the first
    // other frame without a match means "not waiting in a known primitive".
    if (!IsRuntimePackage(fn) && !StartsWith(fn, "sync.runtime_") &&
        !StartsWith(fn, "internal/sync.") && !StartsWith(fn, "sync.(*")) {
      break;
    }
  }
  return Category::kOther;
}

bool AllRuntimeFrames(const Symbols& symbols, std::span<const FrameId> frames) {
  if (frames.empty()) return false;
  for (FrameId id : frames) {
    std::string_view fn = symbols.Str(symbols.GetFrame(id).function);
    if (IsRuntimePackage(fn)) continue;
    bool background = false;
    for (std::string_view b : kBackgroundFunctions)
      background |= fn == b;
    if (!background) return false;
  }
  return true;
}

}  // namespace

const char* CategoryName(Category c) {
  switch (c) {
    case Category::kChannel:
      return "channel";
    case Category::kSelect:
      return "select";
    case Category::kLock:
      return "lock";
    case Category::kWaitGroup:
      return "waitgroup";
    case Category::kCond:
      return "cond";
    case Category::kIO:
      return "io";
    case Category::kSleep:
      return "sleep";
    case Category::kSyscall:
      return "syscall";
    case Category::kRunning:
      return "running";
    case Category::kRuntime:
      return "runtime-internal";
    case Category::kUnknown:
      return "unknown";
    case Category::kOther:
      break;
  }
  return "other";
}

bool IsHiddenRuntimeFrame(std::string_view fn) {
  if (StartsWith(fn, "runtime.")) {
    std::string_view rest = fn.substr(8);
    // Exported runtime functions (runtime.Gosched, runtime.GC) are shown.
    return rest.empty() || !(rest[0] >= 'A' && rest[0] <= 'Z');
  }
  if (StartsWith(fn, "internal/runtime/")) return true;
  // Compiler wrappers for `go f(x)`: "main.main.gowrap1".
  size_t dot = fn.rfind('.');
  if (dot != std::string_view::npos && StartsWith(fn.substr(dot + 1), "gowrap")) {
    std::string_view digits = fn.substr(dot + 7);
    bool all = !digits.empty();
    for (char c : digits)
      all &= c >= '0' && c <= '9';
    return all;
  }
  return false;
}

Category Classify(const Symbols& symbols, std::string_view state, std::span<const FrameId> frames,
                  bool runtime_frames_shown) {
  // The signal loop waits in a syscall and the GC workers in runtime
  // states; whatever the state, a goroutine with no frame of the program's
  // own is the runtime's.
  if (AllRuntimeFrames(symbols, frames)) return Category::kRuntime;
  Category c = FromState(state);
  if (c == Category::kRuntime) {
    if (frames.empty() || AllRuntimeFrames(symbols, frames)) return c;
    // A finalizer or cleanup goroutine that runs user code is not internal:
    // fall through and let the frames say where it waits.
    state = {};
  } else if (c != Category::kOther) {
    return c;
  }
  if (AllRuntimeFrames(symbols, frames)) return Category::kRuntime;
  bool parked = false;
  Category f = FromFrames(symbols, frames, parked);
  if (f != Category::kOther) return f;
  if (state.empty()) {
    // Profiles carry no state: a goroutine not parked in the runtime is running.
    // A debug=1 record with no frame at all is a goroutine not started
    // yet (runtime.goexit is never printed): not parked either.
    if (!runtime_frames_shown) return frames.empty() ? Category::kOther : Category::kUnknown;
    return parked ? Category::kOther : Category::kRunning;
  }
  if (StartsWith(state, "semacquire") || StartsWith(state, "sync.")) return Category::kLock;
  return Category::kOther;
}

}  // namespace gopit
