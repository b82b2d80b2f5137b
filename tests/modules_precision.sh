#!/usr/bin/env bash
# Precision on code we did not write: `gopit scan` over real, widely used
# modules at pinned versions (tests/precision/modules.tsv), read from a Go
# module cache. Every error- and warning-severity finding must have a verdict
# in tests/precision/modules-review.tsv (true, acceptable or false, with a
# reason), and every reviewed finding must still be found. Prints the
# precision of each rule and the findings per 20,000 lines.
#
# usage: modules_precision.sh GOPIT [REVIEW]
# The module cache is $GOPIT_MODCACHE; unset, or when a module of the list
# is not in it, the test is skipped (77). Fetch them with:
#   GOMODCACHE=DIR GOFLAGS=-modcacherw go mod download PATH@VERSION
# A verdict of `unjudged` marks a finding nobody has read yet: it fails the
# test until it is judged.
set -euo pipefail
gopit=$1
here=$(cd "$(dirname "$0")" && pwd)
review=${2:-$here/precision/modules-review.tsv}
modules=$here/precision/modules.tsv
cache=${GOPIT_MODCACHE:-}
if [[ -z "$cache" ]]; then
  echo "modules_precision: GOPIT_MODCACHE (a module cache holding $modules) is not set: skipped" >&2
  exit 77
fi
# The cache spells capitals as '!' and the lower-case letter.
dir_of() { echo "$cache/$(echo "$1" | sed 's/[A-Z]/!\L&/g')@$2"; }
while IFS=$'\t' read -r mod version; do
  [[ -z "$mod" || "$mod" == \#* ]] && continue
  if [[ ! -d "$(dir_of "$mod" "$version")" ]]; then
    echo "modules_precision: $mod@$version is not in the module cache $cache: skipped" \
      "(download the modules of $modules first)" >&2
    exit 77
  fi
done <"$modules"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lines=0
while IFS=$'\t' read -r mod version; do
  [[ -z "$mod" || "$mod" == \#* ]] && continue
  # Exit 1 only means "findings"; anything else is a failure of the scan.
  (cd "$(dir_of "$mod" "$version")" &&
    "$gopit" scan --no-gitignore --no-progress --format json --severity info ./...) \
    >"$work/report.json" || [[ $? -eq 1 ]]
  lines=$((lines + $(jq '.lines_scanned' "$work/report.json")))
  jq -r --arg mod "$mod" '.findings[] | select(.severity == "error" or .severity == "warning")
     | "\($mod)\t\(.rule)\t\(.fingerprint)\t\(.file):\(.line)\t\(.severity)"' \
    "$work/report.json" >>"$work/found.raw"
done <"$modules"
touch "$work/found.raw"
sort "$work/found.raw" >"$work/found"
grep -v '^#' "$review" | awk -F'\t' 'NF >= 7 {print $1 "\t" $2 "\t" $3 "\t" $4 "\t" $5}' |
  sort >"$work/listed"
status=0
missing=$(comm -23 "$work/found" "$work/listed")
if [[ -n "$missing" ]]; then
  echo "modules_precision: findings without a verdict in $review (judge each by reading the code):" >&2
  echo "$missing" >&2
  status=1
fi
stale=$(comm -13 "$work/found" "$work/listed")
if [[ -n "$stale" ]]; then
  echo "modules_precision: reviewed findings no longer reported (remove them from $review):" >&2
  echo "$stale" >&2
  status=1
fi
bad=$(grep -v '^#' "$review" | awk -F'\t' 'NF >= 7 && $6 != "true" && $6 != "acceptable" && $6 != "false" && $6 != "unjudged"')
if [[ -n "$bad" ]]; then
  echo "modules_precision: verdicts must be true, acceptable or false:" >&2
  echo "$bad" >&2
  status=1
fi
unjudged=$(grep -v '^#' "$review" | awk -F'\t' 'NF >= 7 && $6 == "unjudged"' | wc -l)
if ((unjudged > 0)); then
  echo "modules_precision: $unjudged findings not judged yet (verdict unjudged)" >&2
  status=1
fi
# Per rule: findings, and the share judged true or acceptable (of those judged).
grep -v '^#' "$review" | awk -F'\t' -v lines="$lines" 'NF >= 7 {
    found[$2]++; total++
    if ($6 == "unjudged") next
    n[$2]++; all++
    if ($6 != "false") { ok[$2]++; good++ }
    if ($6 == "false" && $5 == "error") false_errors++
  }
  END {
    for (r in found) printf "modules_precision: %-8s %3d findings, %3d judged, %5.1f%% of those true or acceptable\n", r, found[r], n[r], n[r] ? 100 * ok[r] / n[r] : 0
    printf "modules_precision: %d lines, %d findings (%.2f per 20,000 lines), %d judged, %.1f%% true or acceptable, %d false at error\n",
      lines, total, total / lines * 20000, all, all ? 100 * good / all : 0, false_errors
  }' | sort
exit $status
