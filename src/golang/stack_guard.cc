#include "golang/stack_guard.h"

#include <pthread.h>

namespace gopit::golang {
namespace {

// The lowest address of the calling thread's stack, or 0 if unknown.
// Cached per thread: for the main thread glibc reads /proc/self/maps.
uintptr_t StackLimit() {
  thread_local uintptr_t limit = [] {
    uintptr_t low = 0;
#if defined(__linux__) && defined(__GLIBC__)
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      void* addr = nullptr;
      size_t size = 0;
      if (pthread_attr_getstack(&attr, &addr, &size) == 0) low = reinterpret_cast<uintptr_t>(addr);
      pthread_attr_destroy(&attr);
    }
#endif
    return low;
  }();
  return limit;
}

}  // namespace

// The frame's address, not a local's: under AddressSanitizer locals may
// live on a separate "fake" stack.
StackGuard::StackGuard(size_t max_bytes)
    : base_(reinterpret_cast<uintptr_t>(__builtin_frame_address(0))), budget_(max_bytes) {
  if (uintptr_t low = StackLimit(); low != 0) {
    size_t available = base_ > low + kReserve ? base_ - low - kReserve : 0;
    if (available < budget_) budget_ = available;
  }
}

}  // namespace gopit::golang
