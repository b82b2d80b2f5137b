// What a goroutine is waiting on, decided from its wait state and its frames.
//
// Text tracebacks print a wait reason ("chan receive", "semacquire"); the
// aggregated profiles (debug=1, debug=0) print none, and older runtimes say
// "semacquire" for mutexes, wait groups and more alike, so the frames decide
// wherever the state does not.
#pragma once

#include <span>
#include <string_view>

#include "model/snapshot.h"

namespace gopit {

enum class Category {
  kChannel,
  kSelect,
  kLock,
  kWaitGroup,
  kCond,
  kIO,
  kSleep,
  kSyscall,
  kRunning,
  kRuntime,  // runtime-internal goroutines (GC workers, finalizer and signal loops)
  kOther,
  // Parked for a reason the input cannot say: debug=1 text leaves out the
  // runtime frames (runtime.chanrecv1, selectgo) that name a channel or
  // select wait, and no other input of the run named them.
  kUnknown,
};

const char* CategoryName(Category c);

// What to tell the reader of a kUnknown bucket.
inline constexpr const char* kUnknownWaitNote =
    "runtime frames hidden in debug=1; give a debug=0 or debug=2 profile of the same process to "
    "learn the wait";

// True for frames the runtime hides in ordinary tracebacks (unexported
// functions of package runtime) and compiler-generated `go` wrappers, which
// debug=1/debug=0 profiles and GOTRACEBACK=system still show. Dropping them
// makes the same stack look the same in every format.
bool IsHiddenRuntimeFrame(std::string_view function);

// `runtime_frames_shown` is false for debug=1 text, which leaves out the
// runtime frames at the top of a stack: there a goroutine with no telling
// frame is parked for a reason it does not say (kUnknown), not running.
Category Classify(const Symbols& symbols, std::string_view state, std::span<const FrameId> frames,
                  bool runtime_frames_shown);

}  // namespace gopit
