#!/usr/bin/env bash
# Conformance of gopit's Go parser with go/parser.
#
# Usage: tests/golang_conformance.sh TOOL [ARG...]
#
# TOOL [ARG...] FILE... must print gopit's AST summary of each FILE (e.g.
# `build/gopit debug-ast`). The script builds the oracle (tests/go/astdump,
# which prints the same summary from go/parser), runs both over every .go
# file under $(go env GOROOT)/src and $(go env GOROOT)/test, and requires
# identical summaries for every file go/parser accepts and an error for
# every file it rejects (the error messages may differ).
#
# Environment: GO (go command; default: go on PATH, else /usr/local/go/bin/go),
# JOBS (parallel batches; default: nproc), DIRS (directories to scan instead
# of GOROOT's src and test), KEEP=1 (keep the work directory with the
# per-file diffs). Exit status: 0 when there are no differences, 1 when there
# are, 2 on usage or setup errors.
set -euo pipefail

if [[ "${1:-}" == "--batch" ]]; then
  # Internal: compare one batch of files (a list file, one path per line).
  list=$2
  out=$WORK/out/$(basename "$list")
  mapfile -t files < "$list"
  mapfile -d '' -t tool < "$WORK/tool"
  normalize() { sed -e 's/^error: .*/error/'; }
  "$ORACLE" "${files[@]}" 2>/dev/null | normalize > "$out.go" || true
  "${tool[@]}" "${files[@]}" 2>/dev/null | normalize > "$out.gopit" || true
  accepted=$(grep -c '^File ' "$out.go" || true)
  rejected=$(grep -c '^error$' "$out.go" || true)
  if cmp -s "$out.go" "$out.gopit"; then
    echo "$accepted $rejected 0" > "$out.count"
    rm -f "$out.go" "$out.gopit"
    exit 0
  fi
  # Find the files that differ, one by one.
  ndiff=0
  for f in "${files[@]}"; do
    "$ORACLE" "$f" 2>/dev/null | normalize > "$out.1.go" || true
    "${tool[@]}" "$f" 2>/dev/null | normalize > "$out.1.gopit" || true
    if ! cmp -s "$out.1.go" "$out.1.gopit"; then
      ndiff=$((ndiff + 1))
      echo "$f" >> "$out.files"
      { echo "### $f"; diff "$out.1.go" "$out.1.gopit" | head -n 20; } > "$WORK/diffs/$(echo "$f" | tr '/' '_').diff" || true
    fi
  done
  rm -f "$out.go" "$out.gopit" "$out.1.go" "$out.1.gopit"
  echo "$accepted $rejected $ndiff" > "$out.count"
  exit 0
fi

if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
  echo "usage: $0 TOOL [ARG...]   (e.g. $0 build/gopit debug-ast)" >&2
  exit 2
fi
if ! command -v "$1" > /dev/null 2>&1; then
  echo "$0: $1: not found or not executable" >&2
  exit 2
fi

GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
if [[ ! -x "$GO" ]]; then
  echo "$0: cannot find the go command; set GO" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gopit-conformance.XXXXXX")
if [[ "${KEEP:-0}" != 1 ]]; then
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK/out" "$WORK/diffs" "$WORK/lists"

ORACLE=$WORK/astdump
(cd "$here/go/astdump" && GOFLAGS=-mod=mod "$GO" build -o "$ORACLE" .)

goroot=$("$GO" env GOROOT)
if [[ -n "${DIRS:-}" ]]; then
  read -r -a dirs <<< "$DIRS"
else
  dirs=("$goroot/src" "$goroot/test")
fi
find "${dirs[@]}" -type f -name '*.go' | LC_ALL=C sort > "$WORK/files"
total=$(wc -l < "$WORK/files")
(cd "$WORK/lists" && split -l 200 -a 4 "$WORK/files" batch.)

tool=("$@")
if [[ "${tool[0]}" == */* ]]; then
  tool[0]=$(cd "$(dirname "${tool[0]}")" && pwd)/$(basename "${tool[0]}")
fi
printf '%s\0' "${tool[@]}" > "$WORK/tool"
export WORK ORACLE
start=$(date +%s)
ls "$WORK/lists" | sed "s|^|$WORK/lists/|" |
  xargs -P "${JOBS:-$(nproc)}" -n 1 bash "$0" --batch
elapsed=$(( $(date +%s) - start ))

read -r accepted rejected ndiff < <(cat "$WORK"/out/*.count | awk '{a+=$1; r+=$2; d+=$3} END {print a+0, r+0, d+0}')
echo "files compared: $total (go/parser accepts $accepted, rejects $rejected) in ${elapsed}s"
if [[ "$ndiff" -eq 0 ]]; then
  echo "differences: 0"
  exit 0
fi
echo "differences: $ndiff"
cat "$WORK"/out/*.files 2>/dev/null | LC_ALL=C sort | head -n 50 | sed 's/^/  /'
if [[ "${KEEP:-0}" == 1 ]]; then
  echo "per-file diffs (go/parser '<', gopit '>'): $WORK/diffs"
else
  echo "first diffs (go/parser '<', gopit '>'); KEEP=1 keeps them all in the work directory:"
  cat "$WORK"/diffs/*.diff 2>/dev/null | head -n 60
fi
exit 1
