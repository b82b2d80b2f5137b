#include "model/symbols.h"

#include <algorithm>

namespace gopit {

uint64_t StableHash(std::string_view s, uint64_t seed) {
  uint64_t h = seed;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

namespace {
constexpr StackId kNoChain = UINT32_MAX;

inline size_t Mix(size_t h, uint64_t v) {
  // Boost-style combine with a 64-bit odd constant; only used for in-memory tables.
  return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}
}  // namespace

size_t Symbols::FrameHash::operator()(const Frame& f) const {
  size_t h = f.function;
  h = Mix(h, f.file);
  h = Mix(h, static_cast<uint32_t>(f.line));
  h = Mix(h, f.args);
  return Mix(h, f.inlined);
}

uint64_t Symbols::HashStack(std::span<const FrameId> frames, uint32_t elided, bool unknown) {
  size_t h = frames.size();
  for (FrameId f : frames)
    h = Mix(h, f);
  h = Mix(h, elided);
  return Mix(h, unknown);
}

Symbols::Symbols() {
  storage_.emplace_back();
  strs_.push_back(storage_.back());
  str_index_.emplace(strs_.back(), kNoStr);
  frames_.push_back(Frame{});
  frame_index_.emplace(Frame{}, kNoFrame);
}

StrId Symbols::Intern(std::string_view s) {
  auto it = str_index_.find(s);
  if (it != str_index_.end()) return it->second;
  storage_.emplace_back(s);
  std::string_view stored = storage_.back();
  auto id = static_cast<StrId>(strs_.size());
  strs_.push_back(stored);
  str_index_.emplace(stored, id);
  return id;
}

FrameId Symbols::InternFrame(const Frame& f) {
  auto [it, inserted] = frame_index_.try_emplace(f, static_cast<FrameId>(frames_.size()));
  if (inserted) frames_.push_back(f);
  return it->second;
}

StackId Symbols::InternStack(std::span<const FrameId> frames, uint32_t elided,
                             bool elided_unknown) {
  uint64_t h = HashStack(frames, elided, elided_unknown);
  auto it = stack_index_.find(h);
  StackId head = it == stack_index_.end() ? kNoChain : it->second;
  for (StackId id = head; id != kNoChain; id = stack_next_[id]) {
    const Stack& s = stacks_[id];
    if (s.elided == elided && s.elided_unknown == elided_unknown &&
        std::equal(s.frames.begin(), s.frames.end(), frames.begin(), frames.end())) {
      return id;
    }
  }
  auto id = static_cast<StackId>(stacks_.size());
  stacks_.push_back(
      Stack{std::vector<FrameId>(frames.begin(), frames.end()), elided, elided_unknown});
  stack_next_.push_back(head);
  stack_index_[h] = id;
  return id;
}

SymbolRemap Symbols::Merge(const Symbols& other) {
  SymbolRemap m;
  m.strs.resize(other.strs_.size());
  for (size_t i = 0; i < other.strs_.size(); ++i)
    m.strs[i] = Intern(other.strs_[i]);
  m.frames.resize(other.frames_.size());
  for (size_t i = 0; i < other.frames_.size(); ++i) {
    Frame f = other.frames_[i];
    f.function = m.strs[f.function];
    f.file = m.strs[f.file];
    f.args = m.strs[f.args];
    m.frames[i] = InternFrame(f);
  }
  m.stacks.resize(other.stacks_.size());
  std::vector<FrameId> buf;
  for (size_t i = 0; i < other.stacks_.size(); ++i) {
    const Stack& s = other.stacks_[i];
    buf.clear();
    for (FrameId f : s.frames)
      buf.push_back(m.frames[f]);
    m.stacks[i] = InternStack(buf, s.elided, s.elided_unknown);
  }
  return m;
}

}  // namespace gopit
