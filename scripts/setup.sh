#!/usr/bin/env bash
# Installs what gopit needs from Debian's packages, only what is missing.
# Go itself comes from Debian (golang-go) only when no `go` is on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

want=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || want+=("$pkg")
done < scripts/deps-apt.txt
if ! command -v go >/dev/null 2>&1 && [[ ! -x /usr/local/go/bin/go ]]; then
  want+=(golang-go)
fi

if ((${#want[@]})); then
  echo "setup: installing ${want[*]}" >&2
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${want[@]}"
fi

# The SARIF Multitool (npm, pinned in package.json and package-lock.json) that
# tests/sarif_validate.sh runs; Node.js and npm come from Debian only when no
# `npm` is on the PATH.
if [[ ! -x node_modules/.bin/sarif-multitool ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: installing nodejs npm" >&2
    sudo_cmd=()
    [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm
  fi
  echo "setup: npm ci (SARIF Multitool)" >&2
  npm ci --no-audit --no-fund
fi

# Go 1.27, for the tests that run the test packages under both releases: the
# golang.org/toolchain module from the Go module proxy, fetched once into the
# module cache (`go` does this itself for GOTOOLCHAIN=go1.27.0; doing it here
# keeps the download out of the tests and says plainly when it fails).
if [[ "${1:-}" == test ]]; then
  gobin=$(command -v go || echo /usr/local/go/bin/go)
  if ! GOTOOLCHAIN=go1.27.0 "$gobin" version >/dev/null 2>&1; then
    echo "setup: fetching Go 1.27 (golang.org/toolchain@v0.0.1-go1.27.0.linux-$("$gobin" env GOARCH))" >&2
    GOTOOLCHAIN=go1.27.0 "$gobin" version
  fi
fi
