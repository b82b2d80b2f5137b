// Throughput of the traceback parser on real runtime output: the checked-in
// debug=2 dump of tests/go/states, repeated to 20 MB, parsed in one piece
// (one core) and bucketed.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "analysis/buckets.h"
#include "dump/traceback_parser.h"

namespace {

const std::string& Corpus() {
  static const std::string text = [] {
    std::ifstream f(std::string(GOPIT_SOURCE_DIR) + "/tests/data/states.debug2.txt");
    std::stringstream ss;
    ss << f.rdbuf();
    std::string one = ss.str(), all;
    while (all.size() < (20u << 20))
      all += one;
    return all;
  }();
  return text;
}

void BM_ParseTracebackPiece(benchmark::State& state) {
  const std::string& text = Corpus();
  for (auto _ : state) {
    gopit::TracebackPiece p = gopit::ParseTracebackPiece(text, {});
    benchmark::DoNotOptimize(p.segments.size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseTracebackPiece)->Unit(benchmark::kMillisecond);

void BM_BuildBuckets(benchmark::State& state) {
  gopit::ReadResult r;
  gopit::ParseTraceback(Corpus(), "bench", {}, r);
  std::vector<const gopit::Snapshot*> snaps;
  uint64_t n = 0;
  for (const auto& s : r.snapshots) {
    snaps.push_back(&s);
    n += s.goroutines.size();
  }
  for (auto _ : state) {
    gopit::BucketReport b = gopit::BuildBuckets(*r.symbols, snaps, {});
    benchmark::DoNotOptimize(b.total);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_BuildBuckets)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
