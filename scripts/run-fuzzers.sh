#!/usr/bin/env bash
# Runs every fuzz target in BUILD_DIR for SECONDS each, seeded from tests/data
# (tests/go for the readers of Go source and go.mod). Fails on the first crash.
set -euo pipefail
build=${1:-build-fuzz}
seconds=${2:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
for bin in "$build"/tests/fuzz/fuzz_*; do
  [[ -x "$bin" ]] || continue
  name=$(basename "$bin")
  corpus=$(mktemp -d)
  # Seeds: the real runtime output in tests/data, or for the readers of Go
  # source, go.mod, build constraints and .gitignore files the Go programs
  # (and their go.mod) in tests/go.
  seeds=("$root/tests/data")
  case $name in
    fuzz_goparser|fuzz_scan|fuzz_gomod|fuzz_buildconstraints|fuzz_gitignore) seeds=("$root/tests/go") ;;
    fuzz_k8s_manifest) seeds=("$root/tests/fuzz/seeds/k8s_manifest") ;;
    fuzz_watch_config) seeds=("$root/tests/fuzz/seeds/watch_config") ;;
    fuzz_user_rules) seeds=("$root/tests/fuzz/seeds/user_rules") ;;
    # Dumps as users paste them: prefixed, quoted, fenced, docker-wrapped.
    fuzz_reader|fuzz_traceback|fuzz_debug1) seeds=("$root/tests/data" "$root/tests/fuzz/seeds/reader") ;;
  esac
  echo "fuzz: $name for ${seconds}s"
  if ! "$bin" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=0 "$corpus" "${seeds[@]}" >"$corpus.log" 2>&1; then
    echo "fuzz: $name FAILED"; tail -n 60 "$corpus.log"; status=1
  else
    grep -E "^Done|DONE" "$corpus.log" | tail -n 1 || true
  fi
  rm -rf "$corpus" "$corpus.log"
done
exit $status
