# Sourced by the capture scripts (scripts/capture-*.sh): the environment in
# which the Go programs under tests/go run, a work directory that is removed
# on exit with every process the script started, and small helpers.
# The sourcing script sets CAPTURE_NAME (for messages) and ROOT first.

export PATH="$PATH:/usr/local/go/bin"
GO=${GO:-go}
# The module has no dependencies: no proxy or checksum traffic is needed.
export GOPROXY=off GOTOOLCHAIN=local
# The runtime's wait durations and the test binary's own GOTRACEBACK must
# not leak in from the caller's environment.
unset GOTRACEBACK GODEBUG
# Fixed, so the number of Ms (and the size of crash dumps) does not depend
# on the machine.
export GOMAXPROCS=2

WORK=$(mktemp -d)
BIN="$WORK/bin"
mkdir -p "$BIN"
PIDS=()

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

log() { printf '%s: %s\n' "$CAPTURE_NAME" "$*" >&2; }
die() { printf '%s: error: %s\n' "$CAPTURE_NAME" "$*" >&2; exit 1; }

# wait_for FILE PATTERN SECONDS: wait until a line of FILE matches PATTERN.
wait_for() {
  local file=$1 pattern=$2 secs=$3 i
  for ((i = 0; i < secs * 10; i++)); do
    if grep -q -- "$pattern" "$file" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  die "timed out waiting for '$pattern' in $file"
}
