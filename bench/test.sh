#!/usr/bin/env bash
# What `gopit test` costs over `go test` (issue: overhead), in the same run.
#
# 1. A real module's test suite: golang.org/x/sync at a pinned version
#    (BENCH_TEST_MODULE), fetched from the Go module proxy with
#    `go mod download`, copied to bench/out so it is writable. Its tests
#    need no network and take a few seconds (semaphore's most). With a warm
#    build cache, `go test -count=1 ./...`, `go test -json`, `gopit test` and
#    `gopit test --no-leak-check` run in turn, BENCH_TEST_RUNS times each
#    (default 7); the table gives each one's median wall time and its ratio
#    to go test's (target: gopit test at most 5% more). Then the same on its
#    quickest package alone: the fixed cost per run, in ms.
# 2. The leak check's own time inside each test binary (the check_ns it
#    writes; target: at most 50 ms on a package that leaks nothing): on the
#    module's packages, and on tests/go/gotest/leakclean, whose leftover
#    idle-connection goroutines a preset ignores; its wall time with and
#    without the check.
# 3. From a hang to the report: `gopit test --hang-after 1s` on
#    tests/go/gotest/chandeadlock, whose second test hangs at once. Its wall
#    time, less the hang-after second, less the time of the same run of the
#    first test alone (build, start, the passing test), is how long the
#    watchdog took to notice, quit the binary and write the report.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
out=$PWD/bench/out
mkdir -p "$out"
root=$PWD
gopit=$root/build/gopit
runs=${BENCH_TEST_RUNS:-7}
module=${BENCH_TEST_MODULE:-golang.org/x/sync@v0.10.0}

dir=$(go mod download -json "$module" | jq -r .Dir)
work=$out/test-module
rm -rf "$work"
cp -r "$dir" "$work"
chmod -R u+w "$work"
(cd "$work" && go mod download 2>/dev/null)

# now_ms: a monotonic-enough wall clock in milliseconds.
now_ms() { date +%s%3N; }
# timed CMD...: runs CMD (output dropped; go test fails on purpose in
# gotest/), prints its wall time in ms.
timed() {
  local t0 t1
  t0=$(now_ms)
  "$@" >/dev/null 2>&1 || true
  t1=$(now_ms)
  echo $((t1 - t0))
}
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

results=$out/test-results.md
: >"$results"

# 1. The module's suite. One warm-up run of each fills the build cache (the
# leak check builds its own variant of each test binary).
cd "$work"
names=("go test ./..." "go test -json ./..." "gopit test ./..." "gopit test --no-leak-check ./...")
cmds=("go test -count=1 ./..."
  "go test -json -count=1 ./..."
  "$gopit test ./... -- -count=1"
  "$gopit test --no-leak-check ./... -- -count=1")
for c in "${cmds[@]}"; do bash -c "$c" >/dev/null 2>&1 || true; done
declare -A times
checks=$out/test-checks.txt  # package and check_ns of every leak check
: >"$checks"
for ((r = 0; r < runs; r++)); do
  for i in "${!cmds[@]}"; do
    # The leak check writes its files under TMPDIR: a directory per run,
    # kept (GOPIT_KEEP_LEAK_DIR) and read afterwards for the check's own time.
    tmp=$(mktemp -d)
    times[$i]+="$(TMPDIR=$tmp GOPIT_KEEP_LEAK_DIR=1 timed bash -c "${cmds[$i]}") "
    for f in "$tmp"/gopit-leak-*/dumps/*.txt; do
      [[ -f $f ]] && awk '/^package: /{p=$2} /^check_ns: /{print p, $2}' "$f" >>"$checks"
    done
    rm -rf "$tmp"
  done
done
base=$(tr ' ' '\n' <<<"${times[0]}" | grep . | median)
printf '| %s (%s runs each, alternating) | median wall ms | vs go test |\n|---|---|---|\n' \
  "$module" "$runs" >>"$results"
for i in "${!cmds[@]}"; do
  m=$(tr ' ' '\n' <<<"${times[$i]}" | grep . | median)
  awk -v n="${names[$i]}" -v m="$m" -v b="$base" 'BEGIN{printf "| %s | %.0f | %+.1f%% |\n", n, m, (m/b-1)*100}' \
    >>"$results"
done

# 1b. The fixed cost, on the module's quickest package (errgroup, 40 ms of
# tests): what gopit adds per run (go list, the overlay, reading events).
small=("go test ./errgroup" "gopit test ./errgroup" "gopit test --no-leak-check ./errgroup")
scmds=("go test -count=1 ./errgroup" "$gopit test ./errgroup -- -count=1"
  "$gopit test --no-leak-check ./errgroup -- -count=1")
declare -A stimes
for ((r = 0; r < runs; r++)); do
  for i in "${!scmds[@]}"; do stimes[$i]+="$(timed bash -c "${scmds[$i]}") "; done
done
sbase=$(tr ' ' '\n' <<<"${stimes[0]}" | grep . | median)
printf '\n| a quick package (%s runs each) | median wall ms | vs go test |\n|---|---|---|\n' "$runs" \
  >>"$results"
for i in "${!scmds[@]}"; do
  m=$(tr ' ' '\n' <<<"${stimes[$i]}" | grep . | median)
  awk -v n="${small[$i]}" -v m="$m" -v b="$sbase" 'BEGIN{printf "| %s | %.0f | %+.0f ms |\n", n, m, m-b}' \
    >>"$results"
done
cd "$root"

# 2. The leak check's own time: on the module's packages (they leak
# nothing), and on leakclean, whose test leaves idle HTTP connection
# goroutines that a preset ignores.
gotest=$root/tests/go/gotest
{
  printf '\n| leak check inside the test binary (check_ns) | runs | median ms | max ms |\n|---|---|---|---|\n'
  sort "$checks" | awk '{n[$1]++; v[$1, n[$1]] = $2}
    END {for (p in n) {
      m = n[p]; for (i = 1; i <= m; i++) a[i] = v[p, i]
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) {t = a[i]; a[i] = a[j]; a[j] = t}
      med = m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
      printf "| %s | %d | %.2f | %.2f |\n", p, m, med / 1e6, a[m] / 1e6}}' | sort
} >>"$results"
lc=() with=() without=()
for ((r = 0; r < runs; r++)); do
  tmp=$(mktemp -d)
  with+=("$(cd "$gotest" && TMPDIR=$tmp GOPIT_KEEP_LEAK_DIR=1 timed "$gopit" test ./leakclean -- -count=1)")
  lc+=("$(sed -n 's/^check_ns: //p' "$tmp"/gopit-leak-*/dumps/*.txt | head -n 1)")
  rm -rf "$tmp"
  without+=("$(cd "$gotest" && timed "$gopit" test --no-leak-check ./leakclean -- -count=1)")
done
{
  printf '| gopit.test/gotest/leakclean (idle conns, ignored by a preset) | %s | %s | |\n' "$runs" \
    "$(printf '%s\n' "${lc[@]}" | median | awk '{printf "%.2f", $1 / 1e6}')"
  printf '\n| leakclean, wall | median ms |\n|---|---|\n'
  printf '| gopit test | %s |\n| gopit test --no-leak-check | %s |\n' \
    "$(printf '%s\n' "${with[@]}" | median)" "$(printf '%s\n' "${without[@]}" | median)"
} >>"$results"

# 3. From a hang to the report.
hang=() first=()
for ((r = 0; r < runs; r++)); do
  hang+=("$(cd "$gotest" && timed "$gopit" test --hang-after 1s ./chandeadlock -- -count=1)")
  first+=("$(cd "$gotest" && timed "$gopit" test ./chandeadlock -- -count=1 -run '^TestNewExecutor$')")
done
h=$(printf '%s\n' "${hang[@]}" | median)
f=$(printf '%s\n' "${first[@]}" | median)
{
  printf '\n| hang to report (chandeadlock, --hang-after 1s) | median |\n|---|---|\n'
  printf '| gopit test --hang-after 1s, wall | %s ms |\n' "$h"
  printf '| the passing first test alone, wall | %s ms |\n' "$f"
  printf '| hang to report (wall - 1000 ms - first test) | %s ms |\n' "$((h - 1000 - f))"
} >>"$results"

echo "$(nproc) cores; $(go version); runs: $runs"
cat "$results"
