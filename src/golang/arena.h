// A bump allocator for syntax trees.
//
// Nodes are allocated one after the other in large blocks and released all
// at once when the arena dies. Only trivially destructible types may live in
// an arena: destructors never run. Not thread-safe; one arena per file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace gopit::golang {

class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&&) = default;
  Arena& operator=(Arena&&) = default;

  // Uninitialised, `align`-aligned storage for `size` bytes.
  void* Allocate(size_t size, size_t align) {
    uintptr_t p = (reinterpret_cast<uintptr_t>(cur_) + align - 1) & ~(uintptr_t{align} - 1);
    if (p + size > reinterpret_cast<uintptr_t>(end_)) return AllocateSlow(size, align);
    cur_ = reinterpret_cast<char*>(p + size);
    return reinterpret_cast<void*>(p);
  }

  template <typename T, typename... Args>
  T* New(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return new (Allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
  }

  // A copy of `items` in the arena (empty span for no items).
  template <typename T>
  std::span<T> Copy(std::span<const T> items) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (items.empty()) return {};
    T* p = static_cast<T*>(Allocate(sizeof(T) * items.size(), alignof(T)));
    std::memcpy(p, items.data(), sizeof(T) * items.size());
    return {p, items.size()};
  }

  // Bytes handed out so far, including alignment padding.
  size_t BytesUsed() const { return used_before_ + static_cast<size_t>(cur_ - block_begin_); }

 private:
  void* AllocateSlow(size_t size, size_t align);

  static constexpr size_t kBlockSize = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* block_begin_ = nullptr;
  char* cur_ = nullptr;
  char* end_ = nullptr;
  size_t used_before_ = 0;
};

}  // namespace gopit::golang
