#!/usr/bin/env bash
# Runs every fuzz target in BUILD_DIR for SECONDS each, JOBS targets at a time,
# seeded from tests/data (tests/go for the readers of Go source and go.mod).
# Fails if any target finds a crash, and prints that target's log.
set -euo pipefail
build=${1:-build-asan}
seconds=${2:-20}
jobs=${3:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seeds_for() {
  # Seeds: the real runtime output in tests/data, or for the readers of Go
  # source, go.mod, build constraints and .gitignore files the Go programs
  # (and their go.mod) in tests/go.
  case $1 in
    fuzz_goparser|fuzz_scan|fuzz_gomod|fuzz_buildconstraints|fuzz_gitignore) echo "$root/tests/go" ;;
    fuzz_k8s_manifest) echo "$root/tests/fuzz/seeds/k8s_manifest" ;;
    fuzz_watch_config) echo "$root/tests/fuzz/seeds/watch_config" ;;
    fuzz_user_rules) echo "$root/tests/fuzz/seeds/user_rules" ;;
    # Dumps as users paste them: prefixed, quoted, fenced, docker-wrapped.
    fuzz_reader|fuzz_traceback|fuzz_debug1) echo "$root/tests/data $root/tests/fuzz/seeds/reader" ;;
    # `go test -json` streams and `go test -v` logs as CI saves them.
    fuzz_gotest_events) echo "$root/tests/data/gotest $root/tests/fuzz/seeds/gotest_events" ;;
    *) echo "$root/tests/data" ;;
  esac
}

run_one() {
  local bin=$1 name
  name=$(basename "$bin")
  mkdir -p "$work/$name.corpus"
  local seeds
  read -r -a seeds <<<"$(seeds_for "$name")"
  local existing=()
  for s in "${seeds[@]}"; do [[ -d "$s" ]] && existing+=("$s"); done
  if "$bin" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=0 "$work/$name.corpus" "${existing[@]}" >"$work/$name.log" 2>&1; then
    echo "fuzz: $name ok ($(grep -E '^Done|DONE' "$work/$name.log" | tail -n 1))"
  else
    echo "fuzz: $name FAILED"; tail -n 60 "$work/$name.log"
    touch "$work/$name.failed"
  fi
}

count=0
for bin in "$build"/tests/fuzz/fuzz_*; do
  [[ -x "$bin" ]] || continue
  count=$((count + 1))
  echo "fuzz: $(basename "$bin") for ${seconds}s"
  run_one "$bin" &
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
done
wait
if ((count == 0)); then
  echo "fuzz: no fuzz targets in $build/tests/fuzz" >&2
  exit 1
fi
if compgen -G "$work/*.failed" >/dev/null; then exit 1; fi
echo "fuzz: $count targets, none crashed"
