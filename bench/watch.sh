#!/usr/bin/env bash
# The cost of `gopit watch` on the service it watches (issue: overhead).
#
# For each target size (BENCH_WATCH_SIZES, default "10000 100000" idle
# goroutines kept by tests/go/watchsvc -park N) it drives the same fixed load
# (wrk, 2 threads, 20 connections, each pacing one request per 10 ms via
# bench/paced.lua) at /hello for BENCH_WATCH_SECONDS (default 20), unwatched
# and while `gopit watch` samples the service at its default settings,
# alternating, BENCH_WATCH_RUNS times (default 3): a 2-core machine running
# wrk, the service and gopit is noisy, so the table gives the median p50/p99
# of each, the p99 change, and gopit's CPU time and peak memory (median).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
out=bench/out
mkdir -p "$out"
secs=${BENCH_WATCH_SECONDS:-20}
sizes=${BENCH_WATCH_SIZES:-"10000 100000"}
gopit=build/gopit
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/deps-apt.txt lists it)" >&2; exit 1; }
(cd tests/go && go build -o "../../$out/watchsvc" ./watchsvc)

# lat FILE PCT: the latency wrk printed for that percentile, in ms.
lat() {
  awk -v p="$2%" '$1 == p {
    v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v)
    if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000
    printf "%.3f", v }' "$1"
}

results=$out/watch-results.md
printf '| goroutines | p50 ms unwatched | p50 ms watched | p99 ms unwatched | p99 ms watched | p99 change | gopit CPU s | gopit CPU %% | gopit peak RSS MiB | samples |\n|---|---|---|---|---|---|---|---|---|---|\n' >"$results"
runs=${BENCH_WATCH_RUNS:-3}
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for n in $sizes; do
  "$out/watchsvc" -mode healthy -park "$n" >"$out/watchsvc.out" &
  svc=$!
  for _ in $(seq 100); do grep -q LISTEN "$out/watchsvc.out" 2>/dev/null && break; sleep 0.1; done
  url=$(awk '/LISTEN/ {print $2}' "$out/watchsvc.out")
  : >"$out/watch-$n.runs"
  for r in $(seq "$runs"); do
    wrk -t2 -c20 -d"${secs}s" --latency -s bench/paced.lua "$url/hello" >"$out/wrk-$n-base.txt"
    /usr/bin/time -f '%U %S %M' -o "$out/watch-$n.time" \
      "$gopit" watch --no-db --quiet --format json -o "$out/watch-$n.json" \
      --duration "$((secs + 4))s" "$url" &
    watcher=$!
    sleep 2
    wrk -t2 -c20 -d"${secs}s" --latency -s bench/paced.lua "$url/hello" >"$out/wrk-$n-watched.txt"
    wait "$watcher"
    read -r user sys rss <"$out/watch-$n.time"
    samples=$(grep -m1 -o '"samples": [0-9]*' "$out/watch-$n.json" | grep -o '[0-9]*$')
    echo "$(lat "$out/wrk-$n-base.txt" 50) $(lat "$out/wrk-$n-watched.txt" 50)" \
      "$(lat "$out/wrk-$n-base.txt" 99) $(lat "$out/wrk-$n-watched.txt" 99)" \
      "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}') $rss $samples" >>"$out/watch-$n.runs"
  done
  kill "$svc"; wait "$svc" 2>/dev/null || true
  col() { awk -v c="$1" '{print $c}' "$out/watch-$n.runs" | median; }
  awk -v n="$n" -v b50="$(col 1)" -v w50="$(col 2)" -v b99="$(col 3)" -v w99="$(col 4)" \
      -v cpu="$(col 5)" -v rss="$(col 6)" -v samples="$(col 7)" -v secs="$((secs + 4))" 'BEGIN {
    printf "| %d | %.2f | %.2f | %.2f | %.2f | %+.1f%% | %.2f | %.1f%% | %.1f | %d |\n",
      n, b50, w50, b99, w99, (w99 - b99) / b99 * 100, cpu, cpu / secs * 100, rss / 1024, samples }' >>"$results"
  echo "bench: $n goroutines, each run (p50 base, p50 watched, p99 base, p99 watched, cpu s, rss KiB, samples):" >&2
  cat "$out/watch-$n.runs" >&2
done
cat "$results"
