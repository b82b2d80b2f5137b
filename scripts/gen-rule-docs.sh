#!/usr/bin/env bash
# Writes docs/rules/<ID>.md from each rule's own documentation (the text
# `gopit rules ID` prints), so the pages never drift from the code. With
# --check, writes nothing and fails if a page differs (the RuleDocs test).
set -euo pipefail
gopit=${1:?usage: gen-rule-docs.sh GOPIT_BINARY [--check]}
mode=${2:-write}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/docs/rules"
status=0
ids=$("$gopit" rules | awk '/^[A-Z][A-Z0-9]*[0-9] / {print $1}')
ids="$ids PARSE"
for id in $ids; do
  page=$root/docs/rules/$id.md
  if [[ $mode == --check ]]; then
    if ! diff -u "$page" <("$gopit" rules "$id") >/dev/null 2>&1; then
      echo "docs/rules/$id.md is out of date: run scripts/gen-rule-docs.sh build/gopit" >&2
      status=1
    fi
  else
    "$gopit" rules "$id" >"$page"
  fi
done
# Pages of rules that no longer exist.
for page in "$root"/docs/rules/*.md; do
  id=$(basename "$page" .md)
  if ! grep -qw "$id" <<<"$ids"; then
    echo "docs/rules/$id.md documents no rule" >&2
    status=1
  fi
done
exit $status
