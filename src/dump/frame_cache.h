// Turns the text of a stack frame into its interned FrameId with one hash and
// one probe. Interning function, file and frame separately costs three hash
// lookups per frame; a million-goroutine dump has tens of millions of frames
// but only hundreds of distinct ones (bench/traceback_parse_bench.cc measures
// the parser with it).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "model/symbols.h"

namespace gopit {

// A fast non-cryptographic hash, 8 bytes at a time. In-memory only: never
// stored or printed (fingerprints use StableHash).
inline uint64_t FastHash(std::string_view s, uint64_t h = 0) {
  constexpr uint64_t kMul = 0x9e3779b97f4a7c15ULL;
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (((h << 5) | (h >> 59)) ^ w) * kMul;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  if (n > 0) std::memcpy(&tail, p, n);  // p may be null for an empty view
  h = (((h << 5) | (h >> 59)) ^ tail ^ (static_cast<uint64_t>(s.size()) << 56)) * kMul;
  return h ^ (h >> 29);
}

class FrameCache {
 public:
  explicit FrameCache(Symbols& symbols) : symbols_(symbols), slots_(1024) {}

  FrameId Get(std::string_view function, std::string_view file, int32_t line, bool inlined) {
    uint64_t h = FastHash(file, FastHash(function)) ^
                 (static_cast<uint64_t>(static_cast<uint32_t>(line)) * 0xff51afd7ed558ccdULL) ^
                 inlined;
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.id == kEmpty) return Insert(i, h, function, file, line, inlined);
      if (s.hash != h) continue;
      const Frame& f = symbols_.GetFrame(s.id);
      if (f.line == line && f.inlined == inlined && symbols_.Str(f.function) == function &&
          symbols_.Str(f.file) == file) {
        return s.id;
      }
    }
  }

 private:
  static constexpr FrameId kEmpty = UINT32_MAX;
  struct Slot {
    uint64_t hash = 0;
    FrameId id = kEmpty;
  };

  FrameId Insert(size_t slot, uint64_t h, std::string_view function, std::string_view file,
                 int32_t line, bool inlined) {
    Frame f;
    f.function = symbols_.Intern(function);
    f.file = file.empty() ? kNoStr : symbols_.Intern(file);
    f.line = line;
    f.inlined = inlined;
    FrameId id = symbols_.InternFrame(f);
    slots_[slot] = Slot{h, id};
    if (++used_ * 2 > slots_.size()) Grow();
    return id;
  }

  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.id == kEmpty) continue;
      size_t i = s.hash & mask;
      while (slots_[i].id != kEmpty)
        i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  Symbols& symbols_;
  std::vector<Slot> slots_;
  size_t used_ = 0;
};

}  // namespace gopit
