// How fast the Go front end lexes and parses the Go standard library, in
// MB/s of source, one file after the other on one core.
//
// Reads every .go file under $(go env GOROOT)/src once (GOPIT_GOROOT or
// GOROOT overrides the location; without either, /usr/local/go), then
// times lexing alone and lexing plus parsing into the arena tree.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "golang/lexer.h"
#include "golang/parser.h"

namespace {

namespace fs = std::filesystem;
using namespace gopit::golang;

struct Corpus {
  std::vector<std::string> names;
  std::vector<std::string> sources;
  size_t bytes = 0;
};

std::string GoRoot() {
  for (const char* var : {"GOPIT_GOROOT", "GOROOT"}) {
    if (const char* v = getenv(var); v && *v) return v;
  }
  if (FILE* p = popen("go env GOROOT 2>/dev/null", "r")) {
    char buf[4096];
    std::string out;
    while (fgets(buf, sizeof buf, p))
      out += buf;
    pclose(p);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
      out.pop_back();
    if (!out.empty()) return out;
  }
  return "/usr/local/go";
}

const Corpus& Load() {
  static const Corpus corpus = [] {
    Corpus c;
    fs::path src = fs::path(GoRoot()) / "src";
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(src, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (!it->is_regular_file() || it->path().extension() != ".go") continue;
      std::ifstream in(it->path(), std::ios::binary);
      std::ostringstream buf;
      buf << in.rdbuf();
      c.names.push_back(it->path().string());
      c.sources.push_back(buf.str());
      c.bytes += c.sources.back().size();
    }
    if (c.sources.empty()) std::cerr << "golang_parse_bench: no .go files under " << src << "\n";
    return c;
  }();
  return corpus;
}

void BM_LexGoRoot(benchmark::State& state) {
  const Corpus& c = Load();
  size_t tokens = 0;
  for (auto _ : state) {
    for (const std::string& s : c.sources) {
      Lexer lx(s, nullptr);
      Token t;
      do {
        lx.Next(t);
        ++tokens;
      } while (t.tok != Tok::kEOF && t.tok != Tok::kIllegal);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.counters["tokens"] =
      benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LexGoRoot)->Unit(benchmark::kMillisecond);

void BM_ParseGoRoot(benchmark::State& state) {
  const Corpus& c = Load();
  size_t failed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<std::string> copies = c.sources;  // each parsed file owns its source
    state.ResumeTiming();
    for (size_t i = 0; i < copies.size(); ++i) {
      auto pf = ParsedFile::Parse(c.names[i], std::move(copies[i]));
      failed += !pf->ok();
      benchmark::DoNotOptimize(pf->file());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.counters["files"] = static_cast<double>(c.sources.size());
  state.counters["rejected"] =
      static_cast<double>(failed / std::max<size_t>(1, state.iterations()));
}
BENCHMARK(BM_ParseGoRoot)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
