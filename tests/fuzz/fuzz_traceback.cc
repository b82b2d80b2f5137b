// libFuzzer target for the traceback parser: any bytes must parse without a
// crash or a hang, and parsing in pieces must agree with one pass (the
// reader splits large dumps at header lines and merges the pieces).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analysis/buckets.h"
#include "dump/traceback_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  gopit::ParseOptions opts;
  opts.keep_args = size % 2 == 0;
  gopit::ReadResult one;
  gopit::ParseTraceback(text, "fuzz", opts, one);

  std::vector<gopit::TracebackPiece> pieces;
  for (std::string_view part : gopit::SplitTracebackText(text, 4, 64)) {
    pieces.push_back(gopit::ParseTracebackPiece(part, opts));
  }
  gopit::ReadResult many;
  gopit::MergeTracebackPieces(pieces, "fuzz", size, many);

  uint64_t n1 = 0, n2 = 0;
  for (const auto& s : one.snapshots)
    n1 += s.goroutines.size();
  for (const auto& s : many.snapshots)
    n2 += s.goroutines.size();
  if (n1 != n2) __builtin_trap();
  for (const auto& s : one.snapshots) {
    for (const auto& g : s.goroutines) {
      if (g.stack >= one.symbols->StackCount() || g.line == 0) __builtin_trap();
    }
  }
  std::vector<const gopit::Snapshot*> snaps;
  for (const auto& s : one.snapshots)
    snaps.push_back(&s);
  gopit::BucketReport r = gopit::BuildBuckets(*one.symbols, snaps, {});
  if (r.total != n1) __builtin_trap();
  return 0;
}
