// A bound on how much stack a recursive walk may use, so that deep input
// gives an error instead of a crash. Recursion depth alone is no bound:
// frame sizes differ between builds (AddressSanitizer makes them several
// times larger), and worker threads have smaller stacks than the main one.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gopit::golang {

class StackGuard {
 public:
  // Allows `max_bytes` below the caller's frame, and never closer than
  // kReserve to the end of the calling thread's stack where the platform
  // tells its bounds.
  explicit StackGuard(size_t max_bytes);

  // True once the calling frame is deeper than allowed. Call it from the
  // recursive function itself, on the same thread as the constructor.
  bool Exhausted() const {
    // Written so that a frame above the base (a sibling of the frame that
    // constructed the guard) is simply not exhausted.
    return reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) + budget_ < base_;
  }

  // Stack kept free below the deepest check for the frames of one more
  // level, error formatting and unwinding.
  static constexpr size_t kReserve = 128 * 1024;

 private:
  uintptr_t base_;
  size_t budget_;
};

}  // namespace gopit::golang
