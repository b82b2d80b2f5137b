#include "golang/arena.h"

namespace gopit::golang {

void* Arena::AllocateSlow(size_t size, size_t align) {
  // Requests larger than a quarter block get a block of their own so that
  // the rest of the current block is not wasted.
  size_t need = size + align;
  if (need > kBlockSize / 4) {
    blocks_.emplace_back(new char[need]);  // not zeroed: callers construct
    char* b = blocks_.back().get();
    used_before_ += need;
    uintptr_t p = (reinterpret_cast<uintptr_t>(b) + align - 1) & ~(uintptr_t{align} - 1);
    return reinterpret_cast<void*>(p);
  }
  used_before_ += static_cast<size_t>(cur_ - block_begin_);
  blocks_.emplace_back(new char[kBlockSize]);
  block_begin_ = cur_ = blocks_.back().get();
  end_ = block_begin_ + kBlockSize;
  return Allocate(size, align);
}

}  // namespace gopit::golang
