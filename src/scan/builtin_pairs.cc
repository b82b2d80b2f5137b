// The paired resources of the built-in rules, written as user rules
// (docs/user-rules.md). `gopit rules --builtin-pairs` prints this text.
#include "scan/user_rules.h"

namespace gopit::scan {

std::string_view BuiltinPairsYaml() {
  static constexpr std::string_view kYaml =
      R"(# The paired resources of gopit's built-in rules, in the form of user rules
# (docs/user-rules.md). The built-in rules take their acquiring calls and
# releases from here; what makes them more precise than a user rule (error
# paths, Go versions, goroutine bodies, helper functions) is in their code.
rules:
  - id: LEAK005
    kind: paired-call
    severity: warning
    message: a ticker or timer the function owns is never stopped; defer its Stop()
    acquire: [time.NewTicker, time.NewTimer]
    value: result
    release: {method: Stop}

  - id: LEAK007
    kind: paired-call
    severity: warning
    message: the response body is not closed on every path; defer resp.Body.Close()
    acquire:
      - net/http.Get
      - net/http.Post
      - net/http.PostForm
      - net/http.Head
      - (*net/http.Client).Do
      - (*net/http.Client).Get
      - (*net/http.Client).Post
      - (*net/http.Client).PostForm
      - (*net/http.Client).Head
    value: result
    result: 0
    release: {method: Body.Close}

  - id: LEAK008
    kind: paired-call
    severity: warning
    message: the cancel function is not called on every path; defer cancel()
    acquire:
      - context.WithCancel
      - context.WithTimeout
      - context.WithDeadline
      - context.WithCancelCause
      - context.WithTimeoutCause
      - context.WithDeadlineCause
    value: result
    result: 1
    release: {invoke: true}

  - id: LOCK001
    kind: paired-call
    severity: error
    message: a path returns with the mutex held; unlock before returning or defer the unlock
    value: receiver
    pairs:
      - acquire: [(*sync.Mutex).Lock, (*sync.RWMutex).Lock, (sync.Locker).Lock]
        release: {method: Unlock}
      - acquire: [(*sync.RWMutex).RLock]
        release: {method: RUnlock}

  - id: RT002
    kind: paired-call
    severity: warning
    message: a path returns with the OS thread locked; defer runtime.UnlockOSThread()
    value: none
    acquire: [runtime.LockOSThread]
    release: {call: runtime.UnlockOSThread}

  - id: CGO001
    kind: paired-call
    severity: warning
    message: C memory is not freed on every path; defer C.free(unsafe.Pointer(p))
    acquire: [C.CString, C.CBytes, C.malloc]
    value: result
    release: {call: C.free}
    borrowed-by: ["C.*"]   # passing it to a C function is a use, not a hand-off
)";
  return kYaml;
}

}  // namespace gopit::scan
