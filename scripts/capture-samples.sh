#!/usr/bin/env bash
# Builds the Go programs under tests/go with the real toolchain and captures
# what the Go runtime really prints, in every format gopit reads.
#
#   scripts/capture-samples.sh OUTDIR [EXAMPLESDIR]
#   scripts/capture-samples.sh --only-leakshapes OUTDIR
#
# OUTDIR receives the samples listed in tests/data/README.md. With
# EXAMPLESDIR, the leaky-server demo dump and its manifest are captured
# there as well (examples/ in the repository). With --only-leakshapes, only
# the leakshapes.* samples are captured (the other files in OUTDIR are left
# alone); that part takes a little over a minute, because one dump is taken
# after the leaked goroutines have waited more than a minute.
#
# Needs only Go (1.26 or newer for the goroutine-leak profile); no curl, no
# network beyond 127.0.0.1. Every server binds 127.0.0.1:0.
set -euo pipefail

ONLY_LEAKSHAPES=0
if [[ ${1:-} == --only-leakshapes ]]; then
  ONLY_LEAKSHAPES=1
  shift
  if [[ $# -ne 1 ]]; then
    echo "usage: $0 --only-leakshapes OUTDIR" >&2
    exit 2
  fi
fi
if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 OUTDIR [EXAMPLESDIR]" >&2
  echo "       $0 --only-leakshapes OUTDIR" >&2
  exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
EXAMPLES=""
if [[ $# -eq 2 ]]; then
  mkdir -p "$2"
  EXAMPLES=$(cd "$2" && pwd)
fi

CAPTURE_NAME=capture
# shellcheck source=lib/capture-env.sh
source "$ROOT/scripts/lib/capture-env.sh"

# wait_count FILE PATTERN N SECONDS: wait until N lines of FILE match PATTERN.
wait_count() {
  local file=$1 pattern=$2 n=$3 secs=$4 i c
  for ((i = 0; i < secs * 10; i++)); do
    c=$(grep -c -- "$pattern" "$file" 2>/dev/null || true)
    if [[ ${c:-0} -ge $n ]]; then
      return 0
    fi
    sleep 0.1
  done
  die "timed out waiting for $n lines '$pattern' in $file"
}

# stop PID: end one process this script started and reap it.
stop() {
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

GOVERSION=$("$GO" env GOVERSION)
log "using $GOVERSION"

cd "$ROOT/tests/go"
log "building"
"$GO" build -o "$BIN/states" ./states
"$GO" build -o "$BIN/fetch" ./fetch
"$GO" build -o "$BIN/leakshapes" ./leakshapes
"$GO" build -o "$BIN/derive" ./derive
"$GO" build -o "$BIN/leakyserver" ./leakyserver
"$GO" build -o "$BIN/loadgen" ./loadgen
CGO_ENABLED=0 "$GO" build -o "$BIN/deadlock" ./deadlock
GOEXPERIMENT=goroutineleakprofile "$GO" build -o "$BIN/leakprof" ./leakprof

verify() { # verify DUMP MANIFEST [-leaked]
  "$BIN/states" -verify "$1" -manifest "$2" ${3:+"$3"} >&2 || die "$1 does not match $2"
}

# capture_leakshapes: the handler-timeout leak of tests/go/leakshapes, as it
# grows (a debug=2 dump after each of three steps of 60 timed-out requests)
# and once its goroutines have waited over a minute (", 1 minutes").
capture_leakshapes() {
  log "leakshapes -shape=handler-timeout: three steps, then a wait of over a minute"
  local ht step url
  "$BIN/leakshapes" -shape=handler-timeout -requests 60 -grow-steps 3 \
    -manifest "$WORK/ht.manifest.json" >"$WORK/ht.out" 2>"$WORK/ht.err" </dev/null &
  ht=$!
  PIDS+=("$ht")
  for step in 1 2 3; do
    wait_count "$WORK/ht.out" '^ready$' "$step" 120
    url=$(sed -n 's/^listening //p' "$WORK/ht.out")
    [[ -n $url ]] || die "no listening line from leakshapes"
    cp "$WORK/ht.manifest.json" "$WORK/ht.manifest.$step.json"
    "$BIN/fetch" "$url/debug/pprof/goroutine?debug=2" "$OUT/leakshapes.handler-timeout.$step.txt"
    verify "$OUT/leakshapes.handler-timeout.$step.txt" "$WORK/ht.manifest.$step.json"
    if [[ $step -lt 3 ]]; then
      kill -USR1 "$ht"
    fi
  done
  sed -n 's/^step /  step /p' "$WORK/ht.out" >&2
  cp "$WORK/ht.manifest.3.json" "$OUT/leakshapes.handler-timeout.manifest.json"
  # The program ran a GC after step 3: the runtime counts wait minutes from
  # the first GC that saw a goroutine parked.
  log "  waiting 70 s for the wait minutes"
  sleep 70
  "$BIN/fetch" "$url/debug/pprof/goroutine?debug=2" "$OUT/leakshapes.handler-timeout.waited.txt"
  grep -q '^goroutine [0-9]* \[chan send, 1 minutes\]:$' "$OUT/leakshapes.handler-timeout.waited.txt" ||
    die "no '[chan send, 1 minutes]' in leakshapes.handler-timeout.waited.txt"
  verify "$OUT/leakshapes.handler-timeout.waited.txt" "$OUT/leakshapes.handler-timeout.manifest.json"
  stop "$ht"
}

if [[ $ONLY_LEAKSHAPES -eq 1 ]]; then
  capture_leakshapes
  log "done with $GOVERSION; files:"
  ( cd "$OUT" && ls -l leakshapes.* ) >&2
  exit 0
fi

# ---------------------------------------------------------------- states, served
log "states -serve: debug=2, debug=1, debug=0, two dumps"
"$BIN/states" -serve -manifest "$OUT/states.manifest.json" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVE=$!
PIDS+=("$SERVE")
wait_for "$WORK/serve.out" '^READY' 30
URL=$(sed -n 's/^LISTEN //p' "$WORK/serve.out")
[[ -n $URL ]] || die "no LISTEN line from states -serve"
"$BIN/fetch" "$URL/debug/pprof/goroutine?debug=2" "$OUT/states.debug2.txt"
"$BIN/fetch" "$URL/debug/pprof/goroutine?debug=1" "$OUT/states.debug1.txt"
"$BIN/fetch" "$URL/debug/pprof/goroutine?debug=0" "$OUT/states.debug0.pb.gz"

# Two dumps of the same process a second apart, inside a log stream.
"$BIN/fetch" "$URL/debug/pprof/goroutine?debug=2" "$WORK/dump-a.txt"
sleep 1
"$BIN/fetch" "$URL/debug/pprof/goroutine?debug=2" "$WORK/dump-b.txt"
stop "$SERVE"
{
  echo "2026-01-14T09:12:03.118Z INFO  collector starting target=$URL interval=1s"
  echo "2026-01-14T09:12:03.119Z DEBUG GET /debug/pprof/goroutine?debug=2 -> 200"
  echo "== goroutine dump 1 =="
  cat "$WORK/dump-a.txt"
  echo "2026-01-14T09:12:04.121Z INFO  dump 1 written; sleeping 1s"
  echo "2026-01-14T09:12:04.122Z WARN  target slow to answer healthz (412ms)"
  echo ""
  echo "level=info msg=\"goroutines: snapshot taken\" count=2"
  echo "== goroutine dump 2 =="
  cat "$WORK/dump-b.txt"
  echo "2026-01-14T09:12:05.130Z INFO  collector done"
} >"$OUT/two-dumps.txt"

# ---------------------------------------------------------------- states, other modes
log "states -stack"
"$BIN/states" -stack "$OUT/states.stack.txt" >/dev/null
log "states -stack with GODEBUG=tracebacklabels=1"
GODEBUG=tracebacklabels=1 "$BIN/states" -stack "$OUT/states.stack.tracebacklabels.txt" >/dev/null

log "states -panic (GOTRACEBACK=all)"
set +e
GOTRACEBACK=all "$BIN/states" -panic >/dev/null 2>"$OUT/states.panic.txt"
rc=$?
set -e
[[ $rc -eq 2 ]] || die "states -panic exited $rc, want 2"

for tb in all system crash; do
  log "states, SIGQUIT with GOTRACEBACK=$tb"
  (
    ulimit -c 0
    exec env GOTRACEBACK=$tb "$BIN/states" >"$WORK/quit.out" 2>"$OUT/states.sigquit-$tb.txt"
  ) &
  pid=$!
  PIDS+=("$pid")
  wait_for "$WORK/quit.out" '^READY' 30
  # The subshell exec'd the program, so $pid is the program itself.
  kill -QUIT "$pid"
  set +e
  # (stderr dropped: bash reports the SIGABRT of the crash variant itself)
  wait "$pid" 2>/dev/null
  rc=$?
  set -e
  log "  exit status $rc"
done

for f in states.debug2.txt states.stack.txt states.stack.tracebacklabels.txt states.panic.txt \
  states.sigquit-all.txt states.sigquit-system.txt states.sigquit-crash.txt; do
  verify "$OUT/$f" "$OUT/states.manifest.json"
done

# ---------------------------------------------------------------- test timeout
log "go test -timeout 3s"
set +e
GOPIT_TIMEOUT_DEMO=1 "$GO" test -v -count=1 -timeout 3s ./testtimeout >"$OUT/testtimeout.txt" 2>&1
rc=$?
set -e
[[ $rc -ne 0 ]] || die "the timeout test passed"
grep -q '^panic: test timed out after 3s' "$OUT/testtimeout.txt" || die "no timeout panic in testtimeout.txt"

# ---------------------------------------------------------------- deadlock
log "deadlock (CGO_ENABLED=0)"
set +e
"$BIN/deadlock" -manifest "$OUT/deadlock.manifest.json" 2>"$OUT/deadlock.txt"
rc=$?
set -e
[[ $rc -eq 2 ]] || die "deadlock exited $rc, want 2"
grep -q '^fatal error: all goroutines are asleep - deadlock!' "$OUT/deadlock.txt" || die "no deadlock message"
verify "$OUT/deadlock.txt" "$OUT/deadlock.manifest.json"

# ---------------------------------------------------------------- goroutine-leak profile
log "leakprof (GOEXPERIMENT=goroutineleakprofile)"
"$BIN/leakprof" -manifest "$OUT/leakprof.manifest.json" >"$WORK/leak.out" 2>"$WORK/leak.err" &
LEAK=$!
PIDS+=("$LEAK")
wait_for "$WORK/leak.out" '^READY' 30
URL=$(sed -n 's/^LISTEN //p' "$WORK/leak.out")
"$BIN/fetch" "$URL/debug/pprof/goroutineleak?debug=0" "$OUT/leakprof.debug0.pb.gz"
"$BIN/fetch" "$URL/debug/pprof/goroutineleak?debug=1" "$OUT/leakprof.debug1.txt"
"$BIN/fetch" "$URL/debug/pprof/goroutineleak?debug=2" "$OUT/leakprof.debug2.txt"
stop "$LEAK"
verify "$OUT/leakprof.debug2.txt" "$OUT/leakprof.manifest.json" -leaked

# ---------------------------------------------------------------- derived variants
log "derived variants"
"$BIN/derive" prefix '[pod/api-7d9f/api] ' "$OUT/states.debug2.txt" "$OUT/states.debug2.kubectl.txt"
"$BIN/derive" timestamps 2026-01-14T09:12:03.118204511Z "$OUT/states.debug2.txt" "$OUT/states.debug2.timestamps.txt"
"$BIN/derive" truncate 0.6 "$OUT/states.debug2.txt" "$OUT/states.debug2.truncated.txt"

# ---------------------------------------------------------------- leak shapes
capture_leakshapes

# ---------------------------------------------------------------- leaky server demo
if [[ -n $EXAMPLES ]]; then
  log "leakyserver under load"
  "$BIN/leakyserver" -manifest "$EXAMPLES/leaky-server.manifest.json" >"$WORK/ls.out" 2>"$WORK/ls.err" &
  LS=$!
  PIDS+=("$LS")
  wait_for "$WORK/ls.out" '^READY' 30
  URL=$(sed -n 's/^LISTEN //p' "$WORK/ls.out")
  "$BIN/loadgen" -url "$URL" -hold 60s >"$WORK/load.out" 2>"$WORK/load.err" &
  LOAD=$!
  PIDS+=("$LOAD")
  wait_for "$WORK/load.out" '^LOADED' 120
  sed -n 's/^requests=/  load: requests=/p' "$WORK/load.out" >&2
  # The slowest leaking worker sleeps 120 ms before its send; let them all get there.
  sleep 1
  "$BIN/fetch" "$URL/debug/pprof/goroutine?debug=2" "$EXAMPLES/leaky-server.debug2.txt"
  # SIGTERM makes the server count its sites and write the manifest.
  kill -TERM "$LS"
  wait "$LS" || true
  stop "$LOAD"
  verify "$EXAMPLES/leaky-server.debug2.txt" "$EXAMPLES/leaky-server.manifest.json"
fi

# ---------------------------------------------------------------- summary
log "done with $GOVERSION; files:"
( cd "$OUT" && ls -l states.* two-dumps.txt testtimeout.txt deadlock.* leakprof.* leakshapes.* ) >&2
if [[ -n $EXAMPLES ]]; then
  ( cd "$EXAMPLES" && ls -l leaky-server.* ) >&2
fi
