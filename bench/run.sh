#!/usr/bin/env bash
# One command for the whole-program benchmarks: `make bench`.
#
# Generates a real dump of a Go process with 1,000,000 goroutines over ~30
# blocking sites (tests/go/bigdump, written with runtime.Stack since the
# debug=2 handler stops at 64 MiB), then times on that same file, in the same
# run: `wc -l` (the floor), `gopit stacks --format json` on the file and from
# a pipe, and panicparse v2.5.0 (`pp -aggressive`, its loosest grouping; its
# default mode is given a time limit). Prints a table of wall time, peak
# memory and throughput. BENCH_GOROUTINES changes the size;
# BENCH_SKIP_REFERENCE=1 leaves panicparse out (it takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
out=bench/out
mkdir -p "$out"
n=${BENCH_GOROUTINES:-1000000}
dump=$out/bigdump-$n.txt
gopit=build/gopit

if [[ ! -s $dump ]]; then
  echo "bench: generating $dump ($n goroutines; takes about 20 s per million)" >&2
  (cd tests/go && go build -o "../../$out/bigdump" ./bigdump)
  "$out/bigdump" -n "$n" -out "$dump" -manifest "$out/bigdump-$n.manifest.json" >&2
fi
if [[ ! -x $out/gobin/pp ]]; then
  echo "bench: installing panicparse v2.5.0 from the Go module proxy" >&2
  GOBIN=$PWD/$out/gobin go install github.com/maruel/panicparse/v2/cmd/pp@v2.5.0 ||
    echo "bench: panicparse could not be installed; its rows are skipped" >&2
fi

bytes=$(stat -c %s "$dump")
cat "$dump" >/dev/null  # warm the page cache: every tool reads from memory

# run NAME TIMEOUT CMD...: runs CMD three times, keeps the fastest, prints a row.
results=$out/results.md
printf '| what | wall s | peak RSS MiB | MB/s | vs wc -l |\n|---|---|---|---|---|\n' >"$results"
wc_time=
run() {
  local name=$1 limit=$2
  shift 2
  local best= mem= status=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" timeout "$limit" bash -c "$*" \
      >/dev/null 2>"$out/err.txt" || status=$?
    read -r t m < <(tail -n 1 "$out/time.txt") || true
    if [[ $status -eq 124 ]]; then
      printf '| %s | did not finish in %ss | | | |\n' "$name" "$limit" >>"$results"
      return
    elif [[ $status -ne 0 ]]; then
      printf '| %s | failed (exit %s): %s | | | |\n' "$name" "$status" \
        "$(head -c 200 "$out/err.txt" | tr '\n' ' ')" >>"$results"
      return
    fi
    if [[ -z $best ]] || awk "BEGIN{exit !($t < $best)}"; then best=$t; mem=$m; fi
    [[ $limit -gt 60 ]] && break  # slow tools: one run is enough
  done
  [[ -z $wc_time ]] && wc_time=$best
  awk -v n="$name" -v t="$best" -v m="$mem" -v b="$bytes" -v w="$wc_time" 'BEGIN{
    printf "| %s | %.2f | %.0f | %.0f | %.1fx |\n", n, t, m/1024, (t>0? b/t/1e6 : 0), (w>0? t/w : 0)}' \
    >>"$results"
}

run "wc -l" 60 "wc -l '$dump'"
run "gopit stacks --format json FILE" 60 "$gopit stacks --format json '$dump'"
run "cat FILE | gopit stacks --format json -" 60 "cat '$dump' | $gopit stacks --format json -"
run "gopit stacks FILE (text)" 60 "$gopit stacks '$dump'"
run "gopit stacks --threads 1 --format json FILE" 60 "$gopit stacks --threads 1 --format json '$dump'"
if [[ -x $out/gobin/pp && -z ${BENCH_SKIP_REFERENCE:-} ]]; then
  run "panicparse pp -aggressive FILE" 600 "$out/gobin/pp -aggressive '$dump'"
  run "panicparse pp FILE (default mode)" 120 "$out/gobin/pp '$dump'"
fi

echo "input: $dump, $bytes bytes, $n goroutines; $(nproc) cores; $(go version)"
cat "$results"

# Micro-benchmarks of the hot paths, when built (GOPIT_BENCH=ON in the release preset).
for b in build/bench/*_bench; do
  [[ -x $b ]] && "$b" --benchmark_min_time=0.5 2>/dev/null | grep -E "^(BM_|-)" || true
done
