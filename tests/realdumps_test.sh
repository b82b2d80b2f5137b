#!/usr/bin/env bash
# Real-dump corpus check: every dump in tests/data/realdumps (pasted in public
# issue threads or kept in public docs, exactly as found) is read with
# `gopit stacks --format json` and judged against the reading written into
# MANIFEST.tsv from the thread's own conclusion (README.md there says how).
#
# Four checks per file, each only where the manifest asks for it:
#   read     the input is read without error and gopit counts exactly the
#            goroutines the manifest counts (every file)
#   healthy  no diagnosis at warning or error severity (healthy = yes)
#   first    the FIRST diagnosis names the expected function, file:line,
#            creator and id (known_cause = yes)
#   never    no diagnosis carries an id the reading rules out, e.g. DUMP007
#            "global deadlock" on an excerpt or a crash (never != -)
#
# KNOWN_MISSES.tsv lists file<TAB>check<TAB>reason for the checks today's gopit
# fails. The test fails when a check fails that is not listed, and when a
# listed check passes (so the list only ever shrinks). A score table is
# printed either way.
#
# usage: realdumps_test.sh GOPIT_BINARY [CORPUS_DIR]
#   GOPIT_BINARY may also come from $GOPIT; CORPUS_DIR defaults to
#   tests/data/realdumps beside this script.
#   REALDUMPS_UPDATE_MISSES=1 rewrites KNOWN_MISSES.tsv from this run
#   (reasons of entries that stay are kept) instead of failing.
set -euo pipefail

bin=${1:-${GOPIT:-}}
corpus=${2:-$(dirname "$0")/data/realdumps}
if [[ -z $bin ]]; then
  echo "usage: $0 GOPIT_BINARY [CORPUS_DIR]" >&2
  exit 2
fi
command -v jq >/dev/null || { echo "realdumps_test: jq is required" >&2; exit 2; }
[[ -x $bin ]] || { echo "realdumps_test: $bin is not executable" >&2; exit 2; }
manifest=$corpus/MANIFEST.tsv
misses=$corpus/KNOWN_MISSES.tsv
[[ -f $manifest ]] || { echo "realdumps_test: no $manifest" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Run a private copy, so one binary judges every file even if the build is
# replaced while the test runs.
shown=$bin
cp "$bin" "$tmp/gopit"
bin=$tmp/gopit
touch "$tmp/misses"
[[ -f $misses ]] && { grep -v '^#' "$misses" || true; } | awk -F'\t' 'NF >= 2 { print $1 "\t" $2 "\t" $3 }' >"$tmp/misses"

# is_listed FILE CHECK: the check is an expected failure.
is_listed() { awk -F'\t' -v f="$1" -v c="$2" '$1 == f && $2 == c { found = 1 } END { exit !found }' "$tmp/misses"; }

# matches_any VALUE ALTERNATIVES: VALUE equals one of the |-separated
# alternatives or ends with "/" or "." followed by one (a function given
# without its import path).
matches_any() {
  local value=$1 alt
  IFS='|' read -ra alts <<<"$2"
  for alt in "${alts[@]}"; do
    [[ $value == "$alt" || $value == */"$alt" || $value == *."$alt" ]] && return 0
  done
  return 1
}

# base: the file name of a path; "?" when gopit has no file.
jqlib='def base: if (. // "") == "" then "?" else (split("/") | last) end; '

failures=0 stale=0
declare -A total=([read]=0 [healthy]=0 [first]=0 [never]=0)
declare -A right=([read]=0 [healthy]=0 [first]=0 [never]=0)
: >"$tmp/results"

# record FILE CHECK PASSED(0/1) DETAIL
record() {
  local file=$1 check=$2 ok=$3 detail=$4
  total[$check]=$((total[$check] + 1))
  if ((ok)); then
    right[$check]=$((right[$check] + 1))
    if is_listed "$file" "$check"; then
      echo "STALE  $file $check: listed in KNOWN_MISSES.tsv but passes now (remove the line)"
      stale=$((stale + 1))
    fi
    printf '%s\t%s\tok\t%s\n' "$file" "$check" "$detail" >>"$tmp/results"
  else
    if is_listed "$file" "$check"; then
      printf '%s\t%s\tknown\t%s\n' "$file" "$check" "$detail" >>"$tmp/results"
    else
      echo "FAIL   $file $check: $detail"
      failures=$((failures + 1))
      printf '%s\t%s\tFAIL\t%s\n' "$file" "$check" "$detail" >>"$tmp/results"
    fi
  fi
}

printf '%-46s %-6s %-8s %-6s %-6s\n' "file" "read" "healthy" "first" "never" >"$tmp/table"
while IFS=$'\t' read -r file source go format count excerpt healthy known func fileline creator id never reading justification; do
  [[ $file == file ]] && continue
  out=$tmp/out.json
  rc=0
  "$bin" stacks --format json "$corpus/$file" >"$out" 2>"$tmp/err" || rc=$?
  cells=()
  unread=0

  # read
  if [[ $rc -eq 0 ]] && jq -e '.schema == "gopit.stacks/v1"' "$out" >/dev/null 2>&1; then
    err=$(jq -r '.inputs[0].error // ""' "$out")
    got=$(jq -r '.total_goroutines' "$out")
    # A frame the runtime printed always has a file line; one without it was misread.
    lost=$(jq -r '[.buckets[].frames[] | select((.file // "") == "")] | length' "$out")
    frames=$(jq -r '[.buckets[].frames[]] | length' "$out")
    # Every goroutine in the corpus has at least one frame; an empty stack was misread.
    empty=$(jq -r '[.buckets[] | select((.frames | length) == 0) | .count] | add // 0' "$out")
    if [[ -z $err && $got == "$count" && $lost == 0 && $empty == 0 ]]; then
      record "$file" read 1 "$got goroutines"
      cells+=(ok)
    else
      why="read $got goroutines, manifest counts $count"
      ((lost > 0)) && why+="; $lost of $frames bucket frames lost their file:line"
      ((empty > 0)) && why+="; $empty goroutines with no frames"
      record "$file" read 0 "$why${err:+ (error: $err)}"
      cells+=(no)
    fi
  else
    record "$file" read 0 "gopit exited $rc: $(head -c 200 "$tmp/err" | tr '\n' ' ')"
    cells+=(no)
    unread=1
  fi

  # healthy
  if [[ $healthy == yes && $unread == 1 ]]; then
    record "$file" healthy 0 "not read, so not judged"
    cells+=(no)
  elif [[ $healthy == yes ]]; then
    loud=$(jq -r "$jqlib"'[.diagnoses[]? | select(.severity == "error" or .severity == "warning")
                   | "\(.id) \(.severity) \(.location.function // "?") \(.location.file | base):\(.location.line // "?")"] | .[]' "$out")
    if [[ -z $loud ]]; then
      record "$file" healthy 1 "silent"
      cells+=(ok)
    else
      n=$(wc -l <<<"$loud")
      record "$file" healthy 0 "$n warning/error diagnoses, first: $(head -1 <<<"$loud")"
      cells+=(no)
    fi
  else
    cells+=(-)
  fi

  # first
  if [[ $known == yes && $unread == 1 ]]; then
    record "$file" first 0 "not read, so no diagnosis"
    cells+=(no)
  elif [[ $known == yes ]]; then
    first=$(jq -r "$jqlib"'.diagnoses[0]? // empty
                   | [.id, (.location.function // "?"),
                      "\(.location.file | base):\(.location.line // "?")",
                      (if .created_by then "\(.created_by.file | base):\(.created_by.line // "?")" else "-" end)]
                   | join("\u001f")' "$out")
    if [[ -z $first ]]; then
      record "$file" first 0 "no diagnosis; expected ${id} at ${func} ${fileline}"
      cells+=(no)
    else
      IFS=$'\x1f' read -r gid gfunc gline gcreator <<<"$first"
      why=()
      [[ $id == - || $gid == "$id" ]] || why+=("id $gid, expected $id")
      [[ $func == - ]] || matches_any "$gfunc" "$func" || why+=("function $gfunc, expected $func")
      [[ $fileline == - ]] || matches_any "$gline" "$fileline" || why+=("at $gline, expected $fileline")
      [[ $creator == - ]] || matches_any "$gcreator" "$creator" || why+=("created by $gcreator, expected $creator")
      if ((${#why[@]} == 0)); then
        record "$file" first 1 "$gid $gfunc $gline"
        cells+=(ok)
      else
        record "$file" first 0 "$(IFS=';'; echo "${why[*]}")"
        cells+=(no)
      fi
    fi
  else
    cells+=(-)
  fi

  # never
  if [[ $never != - && $unread == 1 ]]; then
    record "$file" never 0 "not read, so not judged"
    cells+=(no)
  elif [[ $never != - ]]; then
    claimed=$(jq -r --arg ids "$never" '[.diagnoses[]? | .id as $d | select($ids | split("|") | index($d))
                                         | "\(.id) \(.severity)"] | unique | join(", ")' "$out")
    if [[ -z $claimed ]]; then
      record "$file" never 1 "no $never"
      cells+=(ok)
    else
      record "$file" never 0 "claims $claimed"
      cells+=(no)
    fi
  else
    cells+=(-)
  fi
  printf '%-46s %-6s %-8s %-6s %-6s\n' "$file" "${cells[@]}" >>"$tmp/table"
done <"$manifest"

# Every listed miss must name a file and check that exists.
while IFS=$'\t' read -r f c _; do
  [[ -z $f ]] && continue
  if ! awk -F'\t' -v f="$f" -v c="$c" '$1 == f && $2 == c { found = 1 } END { exit !found }' "$tmp/results"; then
    echo "STALE  $f $c: listed in KNOWN_MISSES.tsv but no such file or check"
    stale=$((stale + 1))
  fi
done <"$tmp/misses"

echo
echo "gopit: $shown ($("$bin" --version 2>/dev/null | head -1 || true))"
cat "$tmp/table"
printf '%-46s %-6s %-8s %-6s %-6s\n' "TOTAL (right/checked)" \
  "${right[read]}/${total[read]}" "${right[healthy]}/${total[healthy]}" \
  "${right[first]}/${total[first]}" "${right[never]}/${total[never]}"
echo
echo "failing checks (known and new):"
awk -F'\t' '$3 != "ok" { printf "  %-46s %-8s %-6s %s\n", $1, $2, $3, $4 }' "$tmp/results"

if [[ ${REALDUMPS_UPDATE_MISSES:-} == 1 ]]; then
  {
    echo "# file	check	what gopit gets wrong (written by REALDUMPS_UPDATE_MISSES=1; edit the reasons)"
    awk -F'\t' 'FILENAME == ARGV[1] { reason[$1 "\t" $2] = $3; next }
                $3 != "ok" { k = $1 "\t" $2; print k "\t" ((k in reason && reason[k] != "") ? reason[k] : $4) }' \
      "$tmp/misses" "$tmp/results"
  } >"$misses"
  echo "rewrote $misses"
  exit 0
fi

if ((failures + stale > 0)); then
  echo "realdumps_test: $failures unexpected failures, $stale stale KNOWN_MISSES entries" >&2
  exit 1
fi
echo "realdumps_test: all checks as expected ($(wc -l <"$tmp/misses") known misses)"
