#!/usr/bin/env bash
# The source scanner on the Go distribution's own tree, beside the reference
# tools, in the same run: `gopit scan` over $(go env GOROOT)/src, `gofmt -l`
# on the same tree (parses and prints every file: the floor for "read and
# parse"), and `go vet std` with a cold and a warm build cache (type-checks
# and runs its analyzers). Prints a table of wall time and peak memory; the
# fastest of three runs for the quick tools, one run for go vet.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
out=bench/out
mkdir -p "$out"
gopit=build/gopit
src=$(go env GOROOT)/src
files=$(find "$src" -name '*.go' -type f | wc -l)
lines=$(find "$src" -name '*.go' -type f -print0 | xargs -0 cat | wc -l)
find "$src" -name '*.go' -type f -print0 | xargs -0 cat >/dev/null  # warm the page cache

results=$out/scan-results.md
printf '| what | wall s | peak RSS MiB | vs gofmt -l |\n|---|---|---|---|\n' >"$results"
gofmt_time=
run() {
  local name=$1 runs=$2
  shift 2
  local best= mem=
  for ((i = 0; i < runs; i++)); do
    # gofmt -l and go vet exit non-zero on the tree's deliberately broken
    # files and findings; only the time matters here.
    /usr/bin/time -f "%e %M" -o "$out/time.txt" bash -c "$*" >/dev/null 2>&1 || true
    read -r t m < <(tail -n 1 "$out/time.txt")
    if [[ -z $best ]] || awk "BEGIN{exit !($t < $best)}"; then best=$t; mem=$m; fi
  done
  [[ $name == gofmt* ]] && gofmt_time=$best
  awk -v n="$name" -v t="$best" -v m="$mem" -v g="${gofmt_time:-0}" 'BEGIN{
    printf "| %s | %.2f | %.0f | %s |\n", n, t, m/1024, (g>0? sprintf("%.2fx", t/g) : "")}' \
    >>"$results"
}

run "gofmt -l GOROOT/src" 3 "gofmt -l '$src'"
run "gopit scan --include-testdata GOROOT/src/..." 3 \
  "$gopit scan --no-progress --include-testdata '$src/...'"
run "gopit scan GOROOT/src/... (testdata skipped, the default)" 3 \
  "$gopit scan --no-progress '$src/...'"
run "gopit scan --threads 1 --include-testdata GOROOT/src/..." 3 \
  "$gopit scan --no-progress --threads 1 --include-testdata '$src/...'"
# go vet with a cold cache takes minutes: BENCH_SKIP_REFERENCE=1 leaves it out.
if [[ -z ${BENCH_SKIP_REFERENCE:-} ]]; then
  cache=$(mktemp -d)
  run "go vet std (cold build cache)" 1 "cd '$src' && GOCACHE='$cache' go vet std"
  run "go vet std (warm build cache)" 1 "cd '$src' && GOCACHE='$cache' go vet std"
  rm -rf "$cache"
fi

echo "input: $src, $files .go files, $lines lines; $(nproc) cores; $(go version)"
cat "$results"
