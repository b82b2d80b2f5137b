#!/usr/bin/env bash
# The HTML report on the big benchmark dump (the one bench/run.sh makes: a
# real dump of a Go process with BENCH_GOROUTINES goroutines, default
# 1,000,000): how large the page is, how long gopit takes to write it, how
# long headless Chromium takes to load it and run its script (--dump-dom
# wall time, next to Chromium's time for an empty page), and `gopit diff` on
# three copies of the dump against `gopit stacks --format json` on each of
# them (the sum): what the comparison costs beyond reading.
#
#   bench/html.sh                          # 1,000,000 goroutines
#   BENCH_GOROUTINES=200000 bench/html.sh
#   GOPIT=build-html/gopit bench/html.sh   # another build
#
# Each time is the best of three runs. Needs Go (to generate the dump once)
# and chromium (scripts/deps-apt.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
out=bench/out
mkdir -p "$out"
n=${BENCH_GOROUTINES:-1000000}
dump=$out/bigdump-$n.txt
gopit=${GOPIT:-build/gopit}
chrome=${CHROMIUM:-chromium}

if [[ ! -x $gopit ]]; then
  echo "bench: $gopit is missing; build it first (make, or GOPIT=path/to/gopit)" >&2
  exit 1
fi
if [[ ! -s $dump ]]; then
  echo "bench: generating $dump ($n goroutines; takes about 20 s per million)" >&2
  (cd tests/go && go build -o "../../$out/bigdump" ./bigdump)
  "$out/bigdump" -n "$n" -out "$dump" -manifest "$out/bigdump-$n.manifest.json" >&2
fi
bytes=$(stat -c %s "$dump")
cat "$dump" >/dev/null # warm the page cache

# Three names for the same dump (hard links: no extra disk), as three snapshots.
copies=()
for i in 1 2 3; do
  ln -f "$dump" "$out/bigdump-$n.copy$i.txt"
  copies+=("$out/bigdump-$n.copy$i.txt")
done

# best CMD...: runs CMD three times (bounded), prints the fastest wall time in seconds.
best() {
  local b= t
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    timeout 600 "$@" >/dev/null 2>"$out/err.txt" || {
      echo "bench: failed: $* ($(head -c 300 "$out/err.txt"))" >&2
      exit 1
    }
    end=$(date +%s.%N)
    t=$(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.3f", e-s}')
    if [[ -z $b ]] || awk "BEGIN{exit !($t < $b)}"; then b=$t; fi
  done
  echo "$b"
}

if ! command -v "$chrome" >/dev/null; then
  echo "bench: $chrome is not installed (apt-get install chromium)" >&2
  exit 1
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium_dom=("$chrome" --headless --no-sandbox --disable-gpu --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$profile" --dump-dom)

page=$out/bigdump-$n.html
diffpage=$out/bigdump-$n.diff.html
t_html=$(best "$gopit" stacks --format html -o "$page" "$dump")
t_json=$(best "$gopit" stacks --format json -o "$out/bigdump-$n.json" "$dump")
html_bytes=$(stat -c %s "$page")
buckets=$(grep -c '<details class="bucket"' "$page" || true)

echo '<!DOCTYPE html><title>empty</title>' >"$out/empty.html"
t_empty=$(best "${chromium_dom[@]}" "file://$PWD/$out/empty.html")
t_load=$(best "${chromium_dom[@]}" "file://$PWD/$page")
t_load_filter=$(best "${chromium_dom[@]}" "file://$PWD/$page#filter=main.")
"${chromium_dom[@]}" "file://$PWD/$page" 2>/dev/null | grep -q 'data-ready="1"' ||
  echo "bench: the page's script did not run in $chrome" >&2

t_diff=$(best "$gopit" diff --format json -o "$out/bigdump-$n.diff.json" "${copies[@]}")
t_diff_html=$(best "$gopit" diff --format html -o "$diffpage" "${copies[@]}")
t_sum=0
for c in "${copies[@]}"; do
  t=$(best "$gopit" stacks --format json -o "$out/bigdump-$n.json" "$c")
  t_sum=$(awk -v a="$t_sum" -v b="$t" 'BEGIN{printf "%.3f", a+b}')
done
diff_html_bytes=$(stat -c %s "$diffpage")
t_diff_load=$(best "${chromium_dom[@]}" "file://$PWD/$diffpage")

results=$out/html-results.md
{
  echo "input: $dump, $bytes bytes, $n goroutines; $(nproc) cores; gopit $gopit; $("$chrome" --version 2>/dev/null | head -n 1)"
  echo
  echo "| what | value |"
  echo "|---|---|"
  echo "| gopit stacks --format html (wall s) | $t_html |"
  echo "| gopit stacks --format json (wall s) | $t_json |"
  echo "| HTML page | $html_bytes bytes, $buckets buckets |"
  echo "| chromium --dump-dom, empty page (wall s) | $t_empty |"
  echo "| chromium --dump-dom, the page (wall s) | $t_load |"
  echo "| chromium --dump-dom, the page #filter=main. (wall s) | $t_load_filter |"
  echo "| gopit diff --format json, 3 copies (wall s) | $t_diff |"
  echo "| gopit stacks --format json on each copy, sum (wall s) | $t_sum |"
  echo "| gopit diff --format html, 3 copies (wall s) | $t_diff_html |"
  echo "| diff HTML page | $diff_html_bytes bytes |"
  echo "| chromium --dump-dom, the diff page (wall s) | $t_diff_load |"
} >"$results"
cat "$results"
rm -f "${copies[@]}"
