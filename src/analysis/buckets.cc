#include "analysis/buckets.h"

#include <algorithm>
#include <unordered_map>

namespace gopit {
namespace {

// Per distinct (stack, state) pair: computed once, not once per goroutine.
struct StackClass {
  size_t bucket = 0;  // index into the report, or kHidden
  Category category = Category::kOther;
};
constexpr size_t kHidden = SIZE_MAX;
// Marks a stack key whose runtime frames were not printed (stack ids stay
// far below 2^31).
constexpr uint64_t kHiddenTop = 1ULL << 63;

bool RuntimeOnTop(const Symbols& symbols, StackId id) {
  const Stack& stack = symbols.GetStack(id);
  if (stack.frames.empty()) return false;
  std::string_view fn = symbols.Str(symbols.GetFrame(stack.frames.front()).function);
  return fn.starts_with("runtime.") || fn.starts_with("internal/runtime/");
}
constexpr size_t kMaxLabelSets = 8;

void AddCreator(Bucket& b, FrameId creator, uint64_t n) {
  if (creator == kNoFrame) return;
  for (auto& [f, count] : b.creators) {
    if (f == creator) {
      count += n;
      return;
    }
  }
  if (b.creators.size() < kMaxCreators) {
    b.creators.emplace_back(creator, n);
  } else {
    b.more_creators += n;
  }
}

void UpdateWait(WaitRange& w, int32_t minutes) {
  if (minutes < 0) return;
  if (w.min < 0 || minutes < w.min) w.min = minutes;
  if (minutes > w.max) w.max = minutes;
}

// debug=1 text cannot say what a parked goroutine waits on, so its buckets
// are "unknown" (or "other"); where another input names the wait at the same
// frames (a debug=2 dump of the process), they are the same goroutines'
// site and join that bucket.
bool Unnamed(Category c) {
  return c == Category::kOther || c == Category::kUnknown;
}

void FoldUnknownIntoKnown(std::vector<Bucket>& buckets,
                          std::vector<std::unordered_map<StrId, uint64_t>>& state_counts) {
  std::unordered_map<uint64_t, size_t> known;  // fingerprint -> largest known bucket
  for (size_t i = 0; i < buckets.size(); ++i) {
    if (Unnamed(buckets[i].category)) continue;
    auto [it, fresh] = known.try_emplace(buckets[i].fingerprint, i);
    if (!fresh && buckets[i].count > buckets[it->second].count) it->second = i;
  }
  std::vector<bool> gone(buckets.size(), false);
  for (size_t i = 0; i < buckets.size(); ++i) {
    Bucket& from = buckets[i];
    if (!Unnamed(from.category)) continue;
    auto it = known.find(from.fingerprint);
    if (it == known.end()) continue;
    Bucket& into = buckets[it->second];
    into.count += from.count;
    if (from.wait.max >= 0) {
      if (into.wait.min < 0 || from.wait.min < into.wait.min) into.wait.min = from.wait.min;
      into.wait.max = std::max(into.wait.max, from.wait.max);
    }
    for (const auto& [f, n] : from.creators)
      AddCreator(into, f, n);
    into.more_creators += from.more_creators;
    into.locked_to_thread += from.locked_to_thread;
    into.leaked += from.leaked;
    into.goroutine_ids.insert(into.goroutine_ids.end(), from.goroutine_ids.begin(),
                              from.goroutine_ids.end());
    for (StrId l : from.labels) {
      if (into.labels.size() < kMaxLabelSets &&
          std::find(into.labels.begin(), into.labels.end(), l) == into.labels.end()) {
        into.labels.push_back(l);
      }
    }
    for (const auto& [state, n] : state_counts[i]) {
      if (state != kNoStr) state_counts[it->second][state] += n;
    }
    gone[i] = true;
  }
  size_t w = 0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    if (gone[i]) continue;
    if (w != i) {
      buckets[w] = std::move(buckets[i]);
      state_counts[w] = std::move(state_counts[i]);
    }
    ++w;
  }
  buckets.resize(w);
  state_counts.resize(w);
}

}  // namespace

std::vector<FrameId> NormaliseFrames(const Symbols& symbols, const Stack& stack, uint32_t top) {
  std::vector<FrameId> out;
  out.reserve(stack.frames.size());
  for (FrameId f : stack.frames) {
    if (!IsHiddenRuntimeFrame(symbols.Str(symbols.GetFrame(f).function))) out.push_back(f);
  }
  if (out.empty()) out = stack.frames;  // a runtime goroutine: its frames are all it has
  if (top > 0 && out.size() > top) out.resize(top);
  return out;
}

uint64_t Fingerprint(const Symbols& symbols, const std::vector<FrameId>& frames,
                     Similarity similarity) {
  uint64_t h = StableHash("gopit");
  size_t n = std::min(frames.size(), kFingerprintFrames);
  for (size_t i = 0; i < n; ++i) {
    FrameId id = frames[i];
    const Frame& f = symbols.GetFrame(id);
    h = StableHash("\n", h);
    h = StableHash(symbols.Str(f.function), h);
    h = StableHash(":" + std::to_string(f.line), h);
    if (similarity == Similarity::kExactArgs) h = StableHash(symbols.Str(f.args), h);
  }
  return h;
}

std::string FingerprintHex(uint64_t fp) {
  static const char* kDigits = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, fp >>= 4)
    s[static_cast<size_t>(i)] = kDigits[fp & 15];
  return s;
}

BucketReport BuildBuckets(const Symbols& symbols, const std::vector<const Snapshot*>& snapshots,
                          const BucketOptions& opts) {
  BucketReport report;
  std::unordered_map<uint64_t, StackClass> classes;  // (stack << 32 | state)
  std::unordered_map<uint64_t, size_t> by_key;       // fingerprint and category -> bucket index
  std::vector<std::unordered_map<StrId, uint64_t>> state_counts;

  for (const Snapshot* snap : snapshots) {
    bool debug1 = snap->format == InputFormat::kDebug1;
    for (const GoroutineRecord& g : snap->goroutines) {
      report.total += g.count;
      // debug=1 prints no runtime frame at the top of a stack, unless the
      // stack was read through a debug=0 profile (dump/hidden_frames.h) or
      // has nothing else: a stack shared with another format may be
      // classified otherwise there, so the key says which.
      bool shown = !debug1 || RuntimeOnTop(symbols, g.stack);
      uint64_t key = ((static_cast<uint64_t>(g.stack) << 32) | g.state) ^ (shown ? 0 : kHiddenTop);
      auto [it, fresh] = classes.try_emplace(key);
      StackClass& cls = it->second;
      if (fresh) {
        const Stack& stack = symbols.GetStack(g.stack);
        cls.category = Classify(symbols, symbols.Str(g.state), stack.frames, shown);
        if (cls.category == Category::kRuntime && !opts.include_runtime) {
          cls.bucket = kHidden;
        } else {
          std::vector<FrameId> frames = NormaliseFrames(symbols, stack, opts.top_frames);
          uint64_t fp = Fingerprint(symbols, frames, opts.similarity);
          uint64_t key = fp ^ (static_cast<uint64_t>(cls.category) * 0x9e3779b97f4a7c15ULL);
          auto [b, added] = by_key.try_emplace(key, report.buckets.size());
          if (added) {
            Bucket nb;
            nb.fingerprint = fp;
            nb.category = cls.category;
            nb.frames = std::move(frames);
            nb.elided = stack.elided;
            nb.elided_unknown = stack.elided_unknown;
            nb.created_by = g.created_by;
            nb.created_by_goroutine = g.created_by_goroutine;
            report.buckets.push_back(std::move(nb));
            state_counts.emplace_back();
          }
          cls.bucket = b->second;
        }
      }
      if (cls.bucket == kHidden) {
        report.hidden += g.count;
        continue;
      }
      Bucket& b = report.buckets[cls.bucket];
      b.count += g.count;
      UpdateWait(b.wait, g.wait_minutes);
      if (g.locked_to_thread) b.locked_to_thread += g.count;
      if (g.leaked || snap->leak_profile) b.leaked += g.count;
      if (g.id) b.goroutine_ids.push_back(g.id);
      AddCreator(b, g.created_by, g.count);
      if (b.created_by == kNoFrame && g.created_by != kNoFrame) {
        b.created_by = g.created_by;
        b.created_by_goroutine = g.created_by_goroutine;
      }
      if (g.labels != kNoStr && b.labels.size() < kMaxLabelSets &&
          std::find(b.labels.begin(), b.labels.end(), g.labels) == b.labels.end()) {
        b.labels.push_back(g.labels);
      }
      state_counts[cls.bucket][g.state] += g.count;
    }
  }

  FoldUnknownIntoKnown(report.buckets, state_counts);
  for (size_t i = 0; i < report.buckets.size(); ++i) {
    uint64_t best = 0;
    for (const auto& [state, n] : state_counts[i]) {
      // Profiles carry no state; a state any input printed wins over none.
      if (state == kNoStr) continue;
      if (n > best || (n == best && state < report.buckets[i].state)) {
        best = n;
        report.buckets[i].state = state;
      }
    }
    Bucket& b = report.buckets[i];
    for (const auto& [state, n] : state_counts[i]) {
      if (state != kNoStr) b.states.emplace_back(state, n);
    }
    auto most_first = [](const auto& x, const auto& y) {
      return x.second != y.second ? x.second > y.second : x.first < y.first;
    };
    std::sort(b.states.begin(), b.states.end(), most_first);
    std::stable_sort(b.creators.begin(), b.creators.end(),
                     [](const auto& x, const auto& y) { return x.second > y.second; });
    std::sort(report.buckets[i].goroutine_ids.begin(), report.buckets[i].goroutine_ids.end());
  }
  std::stable_sort(report.buckets.begin(), report.buckets.end(),
                   [](const Bucket& a, const Bucket& b) {
                     if (a.count != b.count) return a.count > b.count;
                     if (a.fingerprint != b.fingerprint) return a.fingerprint < b.fingerprint;
                     return a.category < b.category;
                   });
  // Goroutines at the same frames but in another category (a few runnable
  // ones beside many blocked ones) form their own bucket; the largest keeps
  // the plain fingerprint so ids match across formats, the others mix their
  // category in so ids stay unique within a report.
  std::unordered_map<uint64_t, bool> seen;
  for (Bucket& b : report.buckets) {
    if (!seen.emplace(b.fingerprint, true).second) {
      b.fingerprint = StableHash(CategoryName(b.category), b.fingerprint);
    }
  }
  return report;
}

BucketReport HideRuntime(BucketReport all) {
  BucketReport out;
  out.total = all.total;
  out.hidden = all.hidden;
  out.buckets.reserve(all.buckets.size());
  for (Bucket& b : all.buckets) {
    if (b.category == Category::kRuntime) {
      out.hidden += b.count;
    } else {
      out.buckets.push_back(std::move(b));
    }
  }
  return out;
}

}  // namespace gopit
