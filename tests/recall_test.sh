#!/usr/bin/env bash
# Recall corpus check: every `// want RULEID` comment under the corpus must have a
# finding of that rule at that file and line. Known misses are listed in
# KNOWN_GAPS.tsv (file, line, rule, reason); they are expected to stay missing,
# and the test fails when one starts being found, so the list stays true.
# Findings at lines with no `want` are printed (a second real bug shape or a
# false positive) but do not fail the test.
#
# usage: recall_test.sh GOPIT_BINARY CORPUS_DIR
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 GOPIT_BINARY CORPUS_DIR" >&2
  exit 2
fi
gopit=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
corpus=$2
command -v jq >/dev/null || { echo "recall_test: jq is required" >&2; exit 2; }
[[ -x $gopit ]] || { echo "recall_test: $gopit is not executable" >&2; exit 2; }
cd "$corpus"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Findings as file<TAB>line<TAB>rule. gopit exits non-zero when it finds
# something; only a missing report is an error here.
"$gopit" scan --format json --severity info ./... >"$tmp/report.json" || true
if ! jq -e '.schema == "gopit.scan/v1"' "$tmp/report.json" >/dev/null 2>&1; then
  echo "recall_test: gopit did not write a scan report" >&2
  head -c 2000 "$tmp/report.json" >&2 || true
  exit 1
fi
jq -r '.findings[] | [(.file | sub("^\\./"; "")), (.line | tostring), .rule] | @tsv' \
  "$tmp/report.json" | sort -u >"$tmp/found.tsv"

# Expectations as file<TAB>line<TAB>rule, from `// want ID [ID...]` comments.
find . -name '*.go' -not -path '*/testdata/*' | sed 's|^\./||' | sort | while read -r f; do
  awk -v f="$f" '
    match($0, /\/\/ want( +[A-Z]+[0-9]+)+/) {
      n = split(substr($0, RSTART + 8, RLENGTH - 8), ids, / +/)
      for (i = 1; i <= n; i++) if (ids[i] != "") printf "%s\t%d\t%s\n", f, FNR, ids[i]
    }' "$f"
done | sort -u >"$tmp/want.tsv"

# Known gaps: file<TAB>line<TAB>rule<TAB>reason; lines starting with # are comments.
: >"$tmp/gaps.tsv"
if [[ -f KNOWN_GAPS.tsv ]]; then
  awk -F'\t' '!/^#/ && NF >= 3 { printf "%s\t%s\t%s\n", $1, $2, $3 }' KNOWN_GAPS.tsv | sort -u >"$tmp/gaps.tsv"
fi

fail=0
declare -A want_n hit_n gap_n
while IFS=$'\t' read -r f l r; do
  want_n[$r]=$(( ${want_n[$r]:-0} + 1 ))
  key=$(printf '%s\t%s\t%s' "$f" "$l" "$r")
  if grep -qxF "$key" "$tmp/found.tsv"; then
    hit_n[$r]=$(( ${hit_n[$r]:-0} + 1 ))
    if grep -qxF "$key" "$tmp/gaps.tsv"; then
      echo "FIXED GAP  $f:$l $r is found now: remove it from KNOWN_GAPS.tsv"
      fail=1
    fi
  elif grep -qxF "$key" "$tmp/gaps.tsv"; then
    gap_n[$r]=$(( ${gap_n[$r]:-0} + 1 ))
    echo "known gap  $f:$l $r"
  else
    echo "MISSING    $f:$l $r"
    fail=1
  fi
done <"$tmp/want.tsv"

# A gap must name a `want` line, or it is stale.
while IFS=$'\t' read -r f l r; do
  if ! grep -qxF "$(printf '%s\t%s\t%s' "$f" "$l" "$r")" "$tmp/want.tsv"; then
    echo "STALE GAP  $f:$l $r has no '// want $r' comment at that line"
    fail=1
  fi
done <"$tmp/gaps.tsv"

# Findings nobody asked for.
extra=0
while IFS=$'\t' read -r f l r; do
  if ! grep -qxF "$(printf '%s\t%s\t%s' "$f" "$l" "$r")" "$tmp/want.tsv"; then
    msg=$(jq -r --arg f "$f" --argjson l "$l" --arg r "$r" \
      '[.findings[] | select((.file | sub("^\\./"; "")) == $f and .line == $l and .rule == $r)][0].message' \
      "$tmp/report.json")
    echo "extra      $f:$l $r: $msg"
    extra=$((extra + 1))
  fi
done <"$tmp/found.tsv"

echo
printf '%-8s %6s %6s %6s %8s\n' rule wanted found gaps recall
total_w=0; total_h=0; total_g=0
for r in $(printf '%s\n' "${!want_n[@]}" | sort); do
  w=${want_n[$r]}; h=${hit_n[$r]:-0}; g=${gap_n[$r]:-0}
  total_w=$((total_w + w)); total_h=$((total_h + h)); total_g=$((total_g + g))
  printf '%-8s %6d %6d %6d %7d%%\n' "$r" "$w" "$h" "$g" $(( 100 * h / w ))
done
if (( total_w > 0 )); then
  printf '%-8s %6d %6d %6d %7d%%\n' total "$total_w" "$total_h" "$total_g" $(( 100 * total_h / total_w ))
fi
programs=$(find . -name '*.go' -not -path '*/testdata/*' -exec dirname {} \; | sort -u | wc -l)
echo "$programs programs, $extra findings at unmarked lines"

if (( total_w == 0 )); then
  echo "recall_test: no '// want' comments found under $corpus" >&2
  exit 1
fi
exit $fail
