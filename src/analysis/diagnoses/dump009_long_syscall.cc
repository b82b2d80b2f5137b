// DUMP009 long-syscall: goroutines in a system call or cgo call for minutes.
#include <algorithm>
#include <cmath>
#include <string_view>

#include "analysis/diagnoses/diagnoses.h"

namespace gopit {
namespace {

const RuleInfo kInfo{
    "DUMP009", "long-syscall", Severity::kWarning,
    "Goroutines have been in a system call or a cgo call for minutes, each holding an OS "
    "thread.",
    R"(## What it finds
A bucket of at least two goroutines of the program in `[syscall]` (or in
a cgo call) that have waited at least `--long-wait` minutes (default 5), at
one place.
The location is the innermost frame of the program; the message names the
call they are in (the innermost frame: `syscall.Syscall`, a `_Cfunc_`
wrapper). Goroutines waiting for a child process (`os.(*Process).Wait`,
hence `exec.Cmd.Wait`) are left out: that wait is meant to last.

## Why it is bad
A goroutine in a system call or C code keeps its OS thread for as long as
the call lasts; the runtime starts other threads to keep Go code running.
A blocking call with no timeout (a `read` on a pipe, a device or a
blocking socket nobody writes to, a `flock`, a C library call that hangs)
therefore pins a thread and whatever waits on the goroutine, forever, and
many of them grow the thread count. Unlike the network poller, a raw
blocking system call cannot be interrupted by a deadline or a context.

## Example
```
goroutine 21 [syscall, 9 minutes]:
syscall.Syscall(0x0, 0x4, 0xc0000e3f70, 0x40)
	/usr/local/go/src/syscall/syscall_linux.go:74 +0x25
syscall.read(0xc000049450?, {0xc0000e3f70?, 0x0?, 0x0?})
	/usr/local/go/src/syscall/zsyscall_linux_amd64.go:736 +0x38
syscall.Read(...)
	/usr/local/go/src/syscall/syscall_unix.go:183
main.readPipe(0x0?, 0x4)
	/src/app/pipe.go:375 +0x45
created by main.start in goroutine 1
	/src/app/pipe.go:387 +0x170
```

## Fix
Use the runtime's poller instead of raw blocking calls: `os.File` (from
`os.Pipe`, `os.NewFile` on a non-blocking descriptor) with
`SetReadDeadline`, `net.Conn` with deadlines, or `context` around the
operation; give C calls a timeout of their own, or run them in a process
that can be killed. Close the descriptor from another goroutine to unblock
a read that must end.

## Score
log2(1 + goroutines) x (1 + max wait minutes / 10).

## False alarms it does not raise
- One goroutine in a long call: a daemon reading its terminal or a pipe, a
  watcher's blocking read. It holds one thread, which costs nothing.
- Calls that wait for events by design, at any count: `EpollWait`,
  `Kevent`, `GetQueuedCompletionStatus`, `WaitForSingleObject`, inotify
  and fsnotify readers, `Accept` on a blocking socket.

## Known limits
- The runtime prints wait times only in tracebacks, from one minute on,
  and only once a garbage collection has seen the goroutine in the call;
  debug=1 and debug=0 profiles never trigger this.
- Several goroutines in calls that are meant to block for long (reading
  terminals, `wait4` outside `os.Process`) are reported too.)"};

// Calls that wait for events by design: epoll/kqueue/IOCP loops, inotify
// readers, Windows waits.
bool EventWait(const Symbols& sym, const std::vector<FrameId>& frames) {
  for (FrameId f : frames) {
    std::string_view fn = sym.Str(sym.GetFrame(f).function);
    for (std::string_view w : {"EpollWait", "Kevent", "inotify", "fsnotify", "WaitForSingleObject",
                               "WaitForMultipleObjects", "GetQueuedCompletionStatus", "Accept"}) {
      if (fn.find(w) != std::string_view::npos) return true;
    }
  }
  return false;
}

class Dump009 : public DumpDiagnosis {
 public:
  const RuleInfo& Info() const override { return kInfo; }
  void Run(const DiagnosisInput& in, std::vector<Diagnosis>& out) const override {
    const Symbols& sym = in.symbols;
    const DiagnoseOptions& o = in.options;
    if (o.long_wait_minutes <= 0) return;
    for (const Bucket& b : in.buckets.buckets) {
      if (b.category != Category::kSyscall || b.wait.max < o.long_wait_minutes) continue;
      if (HasFunction(sym, b.frames, "os.(*Process).Wait")) continue;  // a child process
      // One goroutine in a long call is a background wait (a terminal, a
      // watcher's read); event waits are meant to block at any count.
      if (b.count < 2 || EventWait(sym, b.frames)) continue;
      Diagnosis d = MakeDiagnosis(kInfo, sym, b);
      d.score = std::log2(1.0 + static_cast<double>(b.count)) *
                (1.0 + static_cast<double>(b.wait.max) / 10.0);
      // The call they are in: a cgo wrapper, else the innermost frame.
      std::string call;
      bool cgo = false;
      for (FrameId f : b.frames) {
        std::string_view fn = sym.Str(sym.GetFrame(f).function);
        if (fn.find("._Cfunc_") != std::string_view::npos) {
          call = std::string(fn);
          cgo = true;
          break;
        }
      }
      if (call.empty() && !b.frames.empty()) {
        call = std::string(sym.Str(sym.GetFrame(b.frames.front()).function));
      }
      std::string span = b.wait.min > 0 && b.wait.min != b.wait.max
                             ? std::to_string(b.wait.min) + " to " + std::to_string(b.wait.max)
                             : std::to_string(b.wait.max);
      std::string who =
          b.count == 1 ? "1 goroutine has" : std::to_string(b.count) + " goroutines have";
      d.message = who + " been in " + (cgo ? "a cgo call" : "a system call") + " (" + call +
                  ") for " + span + (b.wait.max == 1 ? " minute" : " minutes") + " at " +
                  ShortPlace(d.location) + " (" + d.location.function + ")" +
                  (d.created_by ? ", started at " + ShortPlace(*d.created_by) : "") +
                  ": each holds an OS thread while blocked; a blocking call with no timeout "
                  "that deadlines and contexts cannot interrupt";
      out.push_back(std::move(d));
    }
  }
};

}  // namespace

const DumpDiagnosis& Dump009Diagnosis() {
  static const Dump009 d;
  return d;
}

}  // namespace gopit
