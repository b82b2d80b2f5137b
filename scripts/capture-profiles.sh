#!/usr/bin/env bash
# Captures one process's goroutine profile in all three forms, for each Go
# release given: what gopit needs to read a debug=1 profile (which prints no
# runtime frames, so no channel or select wait shows) through the debug=0
# profile of the same binary (which names every PC) or through its debug=2
# dump (which prints the wait reason).
#
#   scripts/capture-profiles.sh OUTDIR [go1.X.Y ...]
#
# Without versions: go1.26.8 (local) and go1.27.0 (module proxy). For each
# release, tests/go/states is built from a copy of tests/go at the fixed path
# /tmp/gopit-formats/go (as scripts/capture-formats.sh does) and run with
# -serve; from that one process it writes
#   go1.NN.profile.manifest.json   the program's manifest
#   go1.NN.profile.debug1.txt      GET /debug/pprof/goroutine?debug=1
#   go1.NN.profile.debug0.pb.gz    GET /debug/pprof/goroutine?debug=0
#   go1.NN.profile.debug2.txt      GET /debug/pprof/goroutine?debug=2
# and checks the debug=2 dump against the manifest.
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "usage: $0 OUTDIR [go1.X.Y ...]" >&2
  exit 2
fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
shift
RELEASES=(go1.26.8 go1.27.0)
if [[ $# -gt 0 ]]; then RELEASES=("$@"); fi

CAPTURE_NAME=capture-profiles
# shellcheck source=lib/capture-env.sh
source "$ROOT/scripts/lib/capture-env.sh"
unset GOPROXY

SRC=/tmp/gopit-formats/go
rm -rf "$SRC"
mkdir -p "$(dirname "$SRC")"
cp -r "$ROOT/tests/go" "$SRC"
GOTOOLCHAIN=local "$GO" -C "$SRC" build -o "$BIN/fetch" ./fetch

for rel in "${RELEASES[@]}"; do
  if ! GOTOOLCHAIN=$rel "$GO" version >/dev/null 2>&1; then
    log "$rel: no toolchain; skipped"
    continue
  fi
  minor=${rel#go1.}
  minor=${minor%%.*}
  name="go1.$minor.profile"
  log "$rel: building states"
  GOTOOLCHAIN=$rel GOFLAGS=-mod=mod "$GO" -C "$SRC" build -o "$BIN/states-$minor" ./states
  st="$BIN/states-$minor"
  rm -f "$WORK/serve.out"
  "$st" -serve -manifest "$OUT/$name.manifest.json" >"$WORK/serve.out" 2>"$WORK/serve.err" &
  pid=$!
  PIDS+=("$pid")
  wait_for "$WORK/serve.out" '^READY' 30
  url=$(sed -n 's/^LISTEN //p' "$WORK/serve.out")
  "$BIN/fetch" "$url/debug/pprof/goroutine?debug=1" "$OUT/$name.debug1.txt"
  "$BIN/fetch" "$url/debug/pprof/goroutine?debug=0" "$OUT/$name.debug0.pb.gz"
  "$BIN/fetch" "$url/debug/pprof/goroutine?debug=2" "$OUT/$name.debug2.txt"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  "$st" -verify "$OUT/$name.debug2.txt" -manifest "$OUT/$name.manifest.json" >/dev/null ||
    die "$name.debug2.txt does not match its manifest"
  log "$rel: $(GOTOOLCHAIN=$rel "$GO" version)"
done
log "done"
