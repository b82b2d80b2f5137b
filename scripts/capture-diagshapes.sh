#!/usr/bin/env bash
# Captures the dumps behind the tests of the dump diagnoses DUMP003..DUMP009:
# tests/go/diagshapes puts a process into one shape each (see its package
# doc), and the Go runtime's own goroutine dumps of it are saved with the
# manifest the program writes (its blocking sites, from the runtime).
#
#   scripts/capture-diagshapes.sh OUTDIR
#
# Writes, for every SHAPE, OUTDIR/diagshapes.SHAPE.txt (debug=2, taken as
# soon as the goroutines are parked) and diagshapes.SHAPE.manifest.json; for
# the shapes whose diagnosis needs wait minutes, diagshapes.SHAPE-long.txt
# and its manifest, taken LONG_WAIT seconds (default 65) after the process
# was ready, so the runtime prints ", 1 minutes"; and a few other formats
# (see tests/data/README.md). Needs only Go; nothing leaves 127.0.0.1.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
LONG_WAIT=${LONG_WAIT:-65}

CAPTURE_NAME=capture-diagshapes
# shellcheck source=lib/capture-env.sh
source "$ROOT/scripts/lib/capture-env.sh"

stop() { # stop PID: end one process this script started and reap it
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

verify() { # verify DUMP MANIFEST
  "$BIN/diagshapes" -verify "$1" -manifest "$2" >&2 || die "$1 does not match $2"
}

log "using $("$GO" env GOVERSION)"
cd "$ROOT/tests/go"
"$GO" build -o "$BIN/diagshapes" ./diagshapes
"$GO" build -o "$BIN/fetch" ./fetch

# start SHAPE NAME: runs the shape, waits for "ready", sets URL and PID.
start() {
  local shape=$1 name=$2
  "$BIN/diagshapes" -shape "$shape" -manifest "$OUT/diagshapes.$name.manifest.json" \
    >"$WORK/$name.out" 2>"$WORK/$name.err" &
  PID=$!
  PIDS+=("$PID")
  wait_for "$WORK/$name.out" '^ready' 60
  URL=$(sed -n 's/^listening //p' "$WORK/$name.out")
  [[ -n $URL ]] || die "no listening line from -shape $shape"
}

# The long captures run in the background while the quick ones are taken.
LONG_SHAPES=(server-idle-conns lock-pileup long-syscall)
LONG_PIDS=()
for shape in "${LONG_SHAPES[@]}"; do
  (
    PID=""
    trap '[[ -n $PID ]] && kill -KILL "$PID" 2>/dev/null' EXIT
    start "$shape" "$shape-long"
    sleep "$LONG_WAIT"
    "$BIN/fetch" "$URL/debug/pprof/goroutine?debug=2" "$OUT/diagshapes.$shape-long.txt"
    stop "$PID"
    PID=""
  ) &
  LONG_PIDS+=($!)
done
log "long captures started (${LONG_WAIT}s): ${LONG_SHAPES[*]}"

for shape in http-body-leak http-transport-leak server-idle-conns finalizer-lock lock-pileup \
  locked-threads long-syscall; do
  log "$shape"
  start "$shape" "$shape"
  "$BIN/fetch" "$URL/debug/pprof/goroutine?debug=2" "$OUT/diagshapes.$shape.txt"
  case $shape in
    http-body-leak | finalizer-lock)
      "$BIN/fetch" "$URL/debug/pprof/goroutine?debug=1" "$OUT/diagshapes.$shape.debug1.txt"
      ;;
  esac
  stop "$PID"
  verify "$OUT/diagshapes.$shape.txt" "$OUT/diagshapes.$shape.manifest.json"
done

# The finalizer goroutine as GOTRACEBACK=system prints it: runtime frames
# and the "created by runtime.createfing" trailer included.
log "finalizer-lock, SIGQUIT with GOTRACEBACK=system"
(
  ulimit -c 0
  exec env GOTRACEBACK=system "$BIN/diagshapes" -shape finalizer-lock \
    -manifest "$OUT/diagshapes.finalizer-lock-sigquit.manifest.json" \
    >"$WORK/quit.out" 2>"$OUT/diagshapes.finalizer-lock.sigquit-system.txt"
) &
pid=$!
PIDS+=("$pid")
wait_for "$WORK/quit.out" '^ready' 60
kill -QUIT "$pid"
wait "$pid" 2>/dev/null || true
verify "$OUT/diagshapes.finalizer-lock.sigquit-system.txt" \
  "$OUT/diagshapes.finalizer-lock-sigquit.manifest.json"

log "waiting for the long captures"
for pid in "${LONG_PIDS[@]}"; do
  wait "$pid" || die "a long capture failed"
done
for shape in "${LONG_SHAPES[@]}"; do
  f="$OUT/diagshapes.$shape-long.txt"
  verify "$f" "$OUT/diagshapes.$shape-long.manifest.json"
  grep -q ', [0-9]* minutes' "$f" || die "$f has no wait minutes"
done

log "done; files:"
(cd "$OUT" && ls -l diagshapes.*) >&2
