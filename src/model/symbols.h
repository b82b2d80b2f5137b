// Interned strings, frames and stacks shared by every goroutine of a run.
//
// A dump of a million goroutines usually holds a few dozen distinct stacks, so
// goroutines refer to a stack by index and memory grows with distinct stacks,
// not with goroutines. Ids are dense and stable for the life of a Symbols
// object; id 0 of each kind is reserved ("none": empty string, no frame).
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gopit {

using StrId = uint32_t;
using FrameId = uint32_t;
using StackId = uint32_t;

inline constexpr StrId kNoStr = 0;
inline constexpr FrameId kNoFrame = 0;

struct Frame {
  StrId function = kNoStr;  // fully qualified: "main.(*T).run" or "net/http.(*conn).serve"
  StrId file = kNoStr;      // as printed by the runtime (absolute path), kNoStr when unknown
  int32_t line = 0;         // 0 when unknown
  StrId args = kNoStr;      // raw argument text "(0xc000012345, 0x1)" when kept, else kNoStr
  bool inlined = false;     // the runtime printed "(...)" or the profile marks it inlined
  bool operator==(const Frame&) const = default;
};

struct Stack {
  std::vector<FrameId> frames;  // innermost (top) first
  uint32_t elided = 0;          // frames the runtime left out ("...N frames elided..."); 0 if none
  bool elided_unknown = false;  // "...additional frames elided..." without a count
  bool operator==(const Stack&) const = default;
};

// 64-bit FNV-1a: stable across runs, machines and versions, so fingerprints
// printed today still match a dump read next year.
uint64_t StableHash(std::string_view s, uint64_t seed = 0xcbf29ce484222325ULL);

// Maps from the ids of one Symbols object to another, produced by Merge().
struct SymbolRemap {
  std::vector<StrId> strs;
  std::vector<FrameId> frames;
  std::vector<StackId> stacks;
};

class Symbols {
 public:
  Symbols();
  Symbols(const Symbols&) = delete;
  Symbols& operator=(const Symbols&) = delete;
  Symbols(Symbols&&) = default;
  Symbols& operator=(Symbols&&) = default;

  StrId Intern(std::string_view s);
  std::string_view Str(StrId id) const { return strs_[id]; }
  size_t StrCount() const { return strs_.size(); }

  FrameId InternFrame(const Frame& f);
  const Frame& GetFrame(FrameId id) const { return frames_[id]; }
  size_t FrameCount() const { return frames_.size(); }

  StackId InternStack(std::span<const FrameId> frames, uint32_t elided, bool elided_unknown);
  const Stack& GetStack(StackId id) const { return stacks_[id]; }
  size_t StackCount() const { return stacks_.size(); }

  // Interns everything of `other` into this table and returns the id maps.
  SymbolRemap Merge(const Symbols& other);

 private:
  struct FrameHash {
    size_t operator()(const Frame& f) const;
  };
  static uint64_t HashStack(std::span<const FrameId> frames, uint32_t elided, bool unknown);
  // Strings live in a deque of std::string so views into them never move.
  std::deque<std::string> storage_;
  std::vector<std::string_view> strs_;
  std::unordered_map<std::string_view, StrId> str_index_;
  std::vector<Frame> frames_;
  std::unordered_map<Frame, FrameId, FrameHash> frame_index_;
  std::vector<Stack> stacks_;
  // Hash -> first stack with that hash; stack_next_ chains the others. A
  // lookup that hits allocates nothing, which matters at one per goroutine.
  std::unordered_map<uint64_t, StackId> stack_index_;
  std::vector<StackId> stack_next_;
};

}  // namespace gopit
