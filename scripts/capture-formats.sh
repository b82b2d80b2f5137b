#!/usr/bin/env bash
# Captures the golden corpus of tests/data/formats: the same small program
# (tests/go/states) built with every Go release the module proxy serves a
# toolchain for, read as a debug=2 response and as a SIGQUIT dump
# (GOTRACEBACK=all), each with the manifest the program wrote; from Go 1.26
# on also runtime.Stack with GODEBUG=tracebacklabels=1.
#
#   scripts/capture-formats.sh OUTDIR [go1.X.Y ...]
#
# Without versions, the releases listed in RELEASES below. A toolchain that
# cannot be fetched is skipped with a message. The program is built from a
# copy of tests/go at a fixed path (/tmp/gopit-formats/go), so the file paths
# in the dumps do not depend on the checkout; for Go 1.21 the copy's go.mod
# says `go 1.21` (the module itself says 1.22, which 1.21 refuses).
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "usage: $0 OUTDIR [go1.X.Y ...]" >&2
  exit 2
fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
shift
RELEASES=(go1.21.13 go1.22.12 go1.23.12 go1.24.13 go1.25.9 go1.26.8 go1.27.0)
if [[ $# -gt 0 ]]; then RELEASES=("$@"); fi

CAPTURE_NAME=capture-formats
# shellcheck source=lib/capture-env.sh
source "$ROOT/scripts/lib/capture-env.sh"
# Toolchains other than the local one come from the module proxy.
unset GOPROXY

SRC=/tmp/gopit-formats/go
rm -rf "$SRC"
mkdir -p "$(dirname "$SRC")"
cp -r "$ROOT/tests/go" "$SRC"
GOTOOLCHAIN=local "$GO" -C "$SRC" build -o "$BIN/fetch" ./fetch

# verify_release STATES DUMP MANIFEST: the manifest's wait reasons are those
# of the current runtime; older releases print some differently (Go <= 1.24:
# [semacquire] for sync.WaitGroup.Wait). What differs is kept in DUMP's
# .verify.txt next to it, which the reading test uses; anything else fails.
verify_release() {
  local v=${2%.txt}.verify.txt
  if "$1" -verify "$2" -manifest "$3" >/dev/null 2>"$v"; then
    rm -f "$v"
    return 0
  fi
  if grep -v ' has \[.*\], want \[.*\]$' "$v" | grep -v ': 0 goroutines match, manifest says' | grep -q .; then
    cat "$v" >&2
    die "$2 does not match $3"
  fi
  log "  $(basename "$2"): wait reasons differ from the manifest's (see $(basename "$v"))"
}

for rel in "${RELEASES[@]}"; do
  if ! GOTOOLCHAIN=$rel "$GO" version >/dev/null 2>&1; then
    log "$rel: no toolchain; skipped"
    continue
  fi
  minor=${rel#go1.}
  minor=${minor%%.*}
  name="go1.$minor"
  if [[ $minor -lt 22 ]]; then
    sed -i "s/^go 1\.[0-9]*$/go 1.$minor/" "$SRC/go.mod"
  else
    cp "$ROOT/tests/go/go.mod" "$SRC/go.mod"
  fi
  log "$rel: building states"
  GOTOOLCHAIN=$rel GOFLAGS=-mod=mod "$GO" -C "$SRC" build -o "$BIN/states-$name" ./states
  st="$BIN/states-$name"

  rm -f "$WORK/serve.out" "$WORK/quit.out"
  "$st" -serve -manifest "$OUT/$name.manifest.json" >"$WORK/serve.out" 2>"$WORK/serve.err" &
  pid=$!
  PIDS+=("$pid")
  wait_for "$WORK/serve.out" '^READY' 30
  url=$(sed -n 's/^LISTEN //p' "$WORK/serve.out")
  "$BIN/fetch" "$url/debug/pprof/goroutine?debug=2" "$OUT/$name.debug2.txt"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  verify_release "$st" "$OUT/$name.debug2.txt" "$OUT/$name.manifest.json"

  (
    ulimit -c 0
    exec env GOTRACEBACK=all "$st" >"$WORK/quit.out" 2>"$OUT/$name.sigquit.txt"
  ) &
  pid=$!
  PIDS+=("$pid")
  wait_for "$WORK/quit.out" '^READY' 30
  kill -QUIT "$pid"
  wait "$pid" 2>/dev/null || true
  verify_release "$st" "$OUT/$name.sigquit.txt" "$OUT/$name.manifest.json"
  if [[ $minor -ge 26 ]]; then
    # pprof labels in goroutine headers: inside the bracket in Go 1.26,
    # after it in Go 1.27 (on by default there for modules saying go 1.27).
    GODEBUG=tracebacklabels=1 "$st" -stack "$OUT/$name.stack.tracebacklabels.txt" \
      -manifest "$WORK/labels.manifest.json" >/dev/null
    verify_release "$st" "$OUT/$name.stack.tracebacklabels.txt" "$OUT/$name.manifest.json"
  fi
  log "$rel: $(GOTOOLCHAIN=$rel "$GO" version)"
done
cp "$ROOT/tests/go/go.mod" "$SRC/go.mod"
log "done; files:"
(cd "$OUT" && ls -l go1.*) >&2
