// `gopit stacks` default output: a compact report for people, most
// goroutines first, that reads as well for 10 buckets as for 10,000.
#pragma once

#include <ostream>

#include "analysis/stacks_report.h"
#include "render/style.h"

namespace gopit {

struct TextOptions {
  size_t max_buckets = 40;  // 0: all
  size_t max_frames = 12;   // per bucket; 0: all
  bool color = false;
};

void RenderStacksText(const StacksReport& report, const TextOptions& opts, std::ostream& out);

// Parts the diff report shares.
std::string Thousands(uint64_t n);  // 1234567 -> "1,234,567"
// "chan send, 3-12 minutes, locked to thread"
std::string BucketStateText(const Symbols& sym, const Bucket& b);
// A bucket's frames, recursion collapsed, and its `created by` line.
void RenderBucketFrames(const Symbols& sym, const Bucket& b, size_t indent, const TextOptions& opts,
                        const Style& st, std::ostream& out);
// The crash a dump records, to put first: the snapshot whose reason is a
// `panic:` or `fatal error:` (a signal sent to dump is no crash) and the
// bucket of the goroutine it names (null when that goroutine is unknown or
// hidden). `snapshot` is null when no input crashed.
struct CrashInfo {
  const Snapshot* snapshot = nullptr;
  const Bucket* bucket = nullptr;
};
CrashInfo FindCrash(const StacksReport& report);
// "1 goroutine" / "2,000 goroutines".
std::string GoroutineCount(uint64_t n);

void RenderDiagnosesText(bool diagnosed, const std::vector<Diagnosis>& diagnoses, const Style& st,
                         std::ostream& out);

}  // namespace gopit
