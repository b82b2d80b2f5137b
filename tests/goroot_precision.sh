#!/usr/bin/env bash
# Precision on real code: `gopit scan` over the installed Go's own src tree.
# Every error- and warning-severity finding must be listed in
# tests/precision/goroot-review.tsv with a verdict, and every listed finding
# must still be found, so the review stays the truth about what the rules
# report. Also fails when warnings reach 1 per 20,000 scanned lines.
#
# usage: goroot_precision.sh GOPIT [REVIEW]
# The review is tied to one Go release (its first line, "# go1.26.8"): with
# another Go installed the lines differ, so the test is skipped (77).
set -euo pipefail
gopit=$1
review=${2:-$(dirname "$0")/precision/goroot-review.tsv}
go=${GO:-go}
goroot=$("$go" env GOROOT)
want=$(head -1 "$review" | sed -n 's/^# *\(go[0-9.]*\).*/\1/p')
have=$("$go" env GOVERSION)
if [[ "$want" != "$have" ]]; then
  echo "goroot_precision: the review is for $want, the installed Go is $have: skipped" >&2
  exit 77
fi
report=$(mktemp)
trap 'rm -f "$report" "$report".*' EXIT
# Exit 1 only means "findings"; anything else is a failure of the scan itself.
"$gopit" scan --format json --severity info "$goroot/src/..." >"$report" || [[ $? -eq 1 ]]
lines=$(jq '.lines_scanned' "$report")
jq -r --arg root "$goroot/src/" \
  '.findings[] | select(.severity == "error" or .severity == "warning")
   | "\(.rule)\t\(.file | ltrimstr($root)):\(.line)\t\(.severity)"' "$report" | sort >"$report.found"
grep -v '^#' "$review" | awk -F'\t' 'NF >= 4 && $4 != "fixed" {print $1 "\t" $2 "\t" $3}' |
  sort >"$report.listed"
status=0
missing=$(comm -23 "$report.found" "$report.listed")
if [[ -n "$missing" ]]; then
  echo "goroot_precision: findings without a verdict in $review (review each: a true bug, or fix the rule):" >&2
  echo "$missing" >&2
  status=1
fi
stale=$(comm -13 "$report.found" "$report.listed")
if [[ -n "$stale" ]]; then
  echo "goroot_precision: reviewed findings no longer reported (update $review):" >&2
  echo "$stale" >&2
  status=1
fi
errors=$(awk -F'\t' '$3 == "error"' "$report.found" | wc -l)
warnings=$(awk -F'\t' '$3 == "warning"' "$report.found" | wc -l)
false_errors=$(grep -v '^#' "$review" | awk -F'\t' '$3 == "error" && $4 != "true" && $4 != "fixed"' | wc -l)
echo "goroot_precision: $lines lines, $errors errors ($false_errors not true bugs), $warnings warnings" \
  "($(awk -v w="$warnings" -v l="$lines" 'BEGIN {printf "%.2f", w / l * 20000}') per 20,000 lines)"
if ((false_errors > 0)); then
  echo "goroot_precision: an error-severity finding is not a true bug" >&2
  status=1
fi
if ((warnings * 20000 >= lines)); then
  echo "goroot_precision: warnings reach 1 per 20,000 lines" >&2
  status=1
fi
exit $status
