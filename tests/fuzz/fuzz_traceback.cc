// libFuzzer target for the traceback parser: any bytes must parse without a
// crash or a hang, and parsing in pieces must give exactly what one pass
// gives (the reader splits large dumps at header lines, parses the pieces on
// several cores and merges them).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/buckets.h"
#include "dump/traceback_parser.h"
#include "support/describe_result.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  gopit::ParseOptions opts;
  opts.keep_args = size % 2 == 0;
  gopit::ReadResult one;
  gopit::ParseTraceback(text, "fuzz", opts, one);

  std::vector<gopit::TracebackPiece> pieces;
  for (std::string_view part : gopit::SplitTracebackText(text, 8, 32)) {
    pieces.push_back(gopit::ParseTracebackPiece(part, opts));
  }
  gopit::ReadResult many;
  gopit::MergeTracebackPieces(pieces, "fuzz", size, many);
  std::string a = gopit::DescribeResult(one), b = gopit::DescribeResult(many);
  if (a != b) {
    // Show where they part, for the crash report.
    size_t at = std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin();
    size_t from = a.rfind('\n', at) == std::string::npos ? 0 : a.rfind('\n', at) + 1;
    fprintf(stderr, "one pass:\n%s\npieces:\n%s\n", a.substr(from, 600).c_str(),
            b.substr(from, 600).c_str());
    __builtin_trap();
  }

  uint64_t n = 0;
  for (const auto& s : one.snapshots) {
    n += s.goroutines.size();
    for (const auto& g : s.goroutines) {
      if (g.stack >= one.symbols->StackCount() || g.line == 0) __builtin_trap();
    }
  }
  std::vector<const gopit::Snapshot*> snaps;
  for (const auto& s : one.snapshots)
    snaps.push_back(&s);
  gopit::BucketReport r = gopit::BuildBuckets(*one.symbols, snaps, {});
  if (r.total != n) __builtin_trap();
  return 0;
}
