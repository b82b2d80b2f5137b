// How fast the debug=0 (profile.proto) and debug=1 parsers read a large real
// goroutine profile, in MB/s of decompressed input and ns per sample.
//
// At start-up a Go program puts about 20,000 goroutines on 16,384 distinct
// stacks (some labelled, with inlined frames) and writes its own goroutine
// profile in both forms to a temporary directory. Without Go the checked-in
// tests/data/states.* samples are used instead (much smaller, so less telling).
// Set GOPIT_GO to choose the go binary.
#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "dump/debug1_parser.h"
#include "dump/profile_parser.h"

namespace {

namespace fs = std::filesystem;

constexpr const char* kGoProgram = R"go(package main

import (
	"context"
	"os"
	"runtime/pprof"
	"strconv"
	"sync"
)

var block = make(chan struct{})
var started sync.WaitGroup

//go:noinline
func a(path, depth int) { step(path, depth) }

//go:noinline
func b(path, depth int) { step(path, depth) }

//go:noinline
func c(path, depth int) { step(path, depth) }

//go:noinline
func d(path, depth int) { step(path, depth) }

// Small enough to be inlined into a, b, c and d: profiles then hold
// locations with two lines.
func step(path, depth int) {
	if depth == 0 {
		started.Done()
		<-block
		return
	}
	switch path & 3 {
	case 0:
		a(path>>2, depth-1)
	case 1:
		b(path>>2, depth-1)
	case 2:
		c(path>>2, depth-1)
	default:
		d(path>>2, depth-1)
	}
}

func write(name string, debug int) {
	f, err := os.Create(name)
	if err != nil {
		panic(err)
	}
	if err := pprof.Lookup("goroutine").WriteTo(f, debug); err != nil {
		panic(err)
	}
	f.Close()
}

func main() {
	const depth = 7
	for p := 0; p < 1<<(2*depth); p++ {
		n := 1
		if p%5 == 0 {
			n = 2
		}
		for k := 0; k < n; k++ {
			started.Add(1)
			if p%3 == 0 {
				labels := pprof.Labels("path", strconv.Itoa(p), "kind", "labelled")
				go pprof.Do(context.Background(), labels, func(context.Context) { step(p, depth) })
			} else {
				go step(p, depth)
			}
		}
	}
	started.Wait()
	write(os.Args[1]+".pb.gz", 0)
	write(os.Args[1]+".txt", 1)
}
)go";

std::string ReadFile(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string Gunzip(const std::string& in) {
  std::string out;
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  char buf[1 << 16];
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&z);
  return out;
}

std::string GoBinary() {
  if (const char* env = getenv("GOPIT_GO")) return env;
  if (fs::exists("/usr/local/go/bin/go")) return "/usr/local/go/bin/go";
  return "go";
}

struct Inputs {
  std::string gz;      // the profile as served
  std::string proto;   // decompressed
  std::string debug1;  // the same goroutines as debug=1 text
  std::string source;
};

Inputs Generate() {
  Inputs in;
  char tmpl[] = "/tmp/gopit-bench-XXXXXX";
  if (mkdtemp(tmpl) != nullptr) {
    fs::path dir(tmpl);
    std::ofstream(dir / "main.go") << kGoProgram;
    std::ofstream(dir / "go.mod") << "module profilebench\n\ngo 1.21\n";
    std::string cmd = "cd '" + dir.string() + "' && GOTOOLCHAIN=local GOFLAGS=-mod=mod '" +
                      GoBinary() + "' run . '" + (dir / "profile").string() + "'";
    if (std::system(cmd.c_str()) == 0) {
      in.gz = ReadFile(dir / "profile.pb.gz");
      in.debug1 = ReadFile(dir / "profile.txt");
      in.source = "generated: 16384 distinct stacks";
    }
    fs::remove_all(dir);
  }
  if (in.gz.empty()) {
    fs::path data = fs::path(__FILE__).parent_path().parent_path() / "tests" / "data";
    in.gz = ReadFile(data / "states.debug0.pb.gz");
    in.debug1 = ReadFile(data / "states.debug1.txt");
    in.source = "tests/data/states.* (Go was not available)";
  }
  in.proto = Gunzip(in.gz);
  return in;
}

const Inputs& Data() {
  static const Inputs in = [] {
    Inputs i = Generate();
    std::cerr << "profile: " << i.source << "; " << i.gz.size() << " bytes gzipped, "
              << i.proto.size() << " bytes raw, debug=1 text " << i.debug1.size() << " bytes\n";
    return i;
  }();
  return in;
}

void Report(benchmark::State& state, size_t bytes, size_t samples) {
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
  state.counters["samples"] = static_cast<double>(samples);
  // Time per sample (or per debug=1 record), printed with its unit.
  state.counters["per_sample"] = benchmark::Counter(
      static_cast<double>(samples),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_ParseProfile(benchmark::State& state) {
  const std::string& bytes = Data().proto;
  size_t samples = 0;
  for (auto _ : state) {
    gopit::ReadResult out;
    gopit::ParseProfile(bytes, "bench", gopit::ParseOptions{}, out);
    samples = out.snapshots.empty() ? 0 : out.snapshots[0].goroutines.size();
    benchmark::DoNotOptimize(out);
  }
  Report(state, bytes.size(), samples);
}
BENCHMARK(BM_ParseProfile)->Unit(benchmark::kMillisecond);

// What a user pays for a profile as served: inflate, then parse. Throughput
// is of the decompressed bytes, as above.
void BM_GunzipAndParseProfile(benchmark::State& state) {
  const std::string& gz = Data().gz;
  size_t samples = 0;
  for (auto _ : state) {
    std::string raw = Gunzip(gz);
    gopit::ReadResult out;
    gopit::ParseProfile(raw, "bench", gopit::ParseOptions{}, out);
    samples = out.snapshots.empty() ? 0 : out.snapshots[0].goroutines.size();
    benchmark::DoNotOptimize(out);
  }
  Report(state, Data().proto.size(), samples);
}
BENCHMARK(BM_GunzipAndParseProfile)->Unit(benchmark::kMillisecond);

void BM_ParseDebug1(benchmark::State& state) {
  const std::string& text = Data().debug1;
  size_t records = 0;
  for (auto _ : state) {
    gopit::ReadResult out;
    gopit::ParseDebug1(text, "bench", gopit::ParseOptions{}, out);
    records = out.snapshots.empty() ? 0 : out.snapshots[0].goroutines.size();
    benchmark::DoNotOptimize(out);
  }
  Report(state, text.size(), records);
}
BENCHMARK(BM_ParseDebug1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
