// Groups goroutines that wait at the same place into buckets.
//
// Two goroutines share a bucket when the frames considered (all, or the top
// N, after dropping the runtime's hidden frames) have the same functions and
// lines (and arguments, in exact mode) and the same category. A bucket's id
// is a stable 64-bit fingerprint of exactly that, so the same bucket has the
// same id in every dump, format and run (see Fingerprint).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "analysis/category.h"
#include "model/snapshot.h"

namespace gopit {

enum class Similarity {
  kIgnoreArgs,  // default: frame arguments (mostly pointers) do not split buckets
  kExactArgs,   // arguments must match too (needs ParseOptions::keep_args)
};

struct BucketOptions {
  Similarity similarity = Similarity::kIgnoreArgs;
  uint32_t top_frames = 0;       // consider only the innermost N frames; 0 = all
  bool include_runtime = false;  // keep runtime-internal goroutines (--all)
};

struct WaitRange {
  int32_t min = -1;  // minutes; -1 when no goroutine of the bucket printed one
  int32_t max = -1;
};

struct Bucket {
  uint64_t fingerprint = 0;
  Category category = Category::kOther;
  StrId state = kNoStr;         // the most frequent wait state in the bucket
  std::vector<FrameId> frames;  // normalised frames, innermost first
  uint32_t elided = 0;
  bool elided_unknown = false;
  uint64_t count = 0;
  WaitRange wait;
  uint64_t locked_to_thread = 0;  // how many of them are locked to their thread
  uint64_t leaked = 0;            // how many the runtime proved leaked
  FrameId created_by = kNoFrame;  // of the first goroutine seen
  uint64_t created_by_goroutine = 0;
  // Every distinct `created by` line of the bucket with its goroutines
  // (at most kMaxCreators; `more_creators` counts goroutines beyond), most
  // first. Creators are not part of the key: one blocking site is one
  // bucket, whoever started its goroutines.
  std::vector<std::pair<FrameId, uint64_t>> creators;
  uint64_t more_creators = 0;
  // Every wait state printed in the bucket with its goroutines, most first
  // (`state` is the first); empty for profiles.
  std::vector<std::pair<StrId, uint64_t>> states;
  std::vector<uint64_t> goroutine_ids;  // when the format has ids
  std::vector<StrId> labels;            // distinct label sets seen, at most a few
};

inline constexpr size_t kMaxCreators = 8;

struct BucketReport {
  std::vector<Bucket> buckets;  // most goroutines first
  uint64_t total = 0;           // goroutines read (hidden included)
  uint64_t hidden = 0;          // runtime-internal goroutines left out
};

// Buckets the goroutines of every snapshot in `snapshots` together.
BucketReport BuildBuckets(const Symbols& symbols, const std::vector<const Snapshot*>& snapshots,
                          const BucketOptions& opts);

// `all` (built with include_runtime) without its runtime-internal buckets,
// counted in `hidden` instead: the report a default BuildBuckets gives,
// without bucketing twice when the full report is needed too (diagnoses).
BucketReport HideRuntime(BucketReport all);

// The frames a bucket is made of: hidden runtime frames dropped unless the
// stack has nothing else, then the top N.
std::vector<FrameId> NormaliseFrames(const Symbols& symbols, const Stack& stack, uint32_t top);

// Frames a fingerprint looks at, innermost first. The runtime prints at most
// 50 innermost frames of a deep stack in tracebacks (fewer of the program's
// own in SIGQUIT output, where runtime frames count too) but every frame in
// profiles, so only a prefix all formats show can give one id everywhere.
inline constexpr size_t kFingerprintFrames = 40;

// Stable hash of function and line of each frame (and arguments in exact
// mode). The category is not part of it: debug=1 profiles cannot tell a
// channel wait from others, and the same site must have the same id there.
uint64_t Fingerprint(const Symbols& symbols, const std::vector<FrameId>& frames,
                     Similarity similarity);

std::string FingerprintHex(uint64_t fp);

}  // namespace gopit
