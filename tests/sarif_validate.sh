#!/usr/bin/env bash
# tests/sarif_validate.sh FILE.sarif
#
# Validates a SARIF file with Microsoft's SARIF Multitool (the npm package
# pinned in package.json; `npm ci` or scripts/setup.sh installs it): the
# SARIF 2.1.0 JSON schema, the SARIF rules (SARIF1xxx, SARIF2xxx) and GitHub
# code scanning's ingestion rules (GH1xxx, GH2xxx). Fails, printing them, if
# the validator reports anything of level "error"; warnings and notes are
# printed but pass. Exit status: 0 valid, 1 invalid, 2 usage, 77 the
# Multitool is not installed.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 FILE.sarif" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
tool="$root/node_modules/.bin/sarif-multitool"
if [[ ! -x "$tool" ]]; then
  echo "sarif_validate: $tool is missing; run 'npm ci' in $root (scripts/setup.sh does)" >&2
  # In CI the validator must be there: a skip would hide a broken setup.
  [[ ${CI:-} == true ]] && exit 1
  exit 77  # ctest: skipped
fi
if [[ ! -f "$1" ]]; then
  echo "sarif_validate: no such file: $1" >&2
  exit 2
fi

# The npm wrapper runs the tool through a shell with its arguments joined by
# spaces, so it gets plain names in a scratch directory, and the rule kinds
# quoted for that shell.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$1" "$work/in.sarif"
(cd "$work" && "$tool" validate in.sarif -o out.sarif --log ForceOverwrite \
  --rule-kind "'Sarif;Gh'" >validator.log 2>&1) || {
  cat "$work/validator.log" >&2
  echo "sarif_validate: the validator failed to run" >&2
  exit 1
}
if [[ ! -s "$work/out.sarif" ]]; then
  cat "$work/validator.log" >&2
  echo "sarif_validate: the validator wrote no output" >&2
  exit 1
fi

python3 - "$work/out.sarif" "$1" <<'PY'
import json, re, sys

out, name = sys.argv[1], sys.argv[2]
with open(out, encoding="utf-8-sig") as f:
    log = json.load(f)

def text(result, rules):
    """The message with its {n} placeholders filled from the rule's messageStrings."""
    msg = result.get("message", {})
    t = msg.get("text")
    if t is None:
        idx = result.get("ruleIndex", -1)
        rule = rules[idx] if 0 <= idx < len(rules) else {}
        t = rule.get("messageStrings", {}).get(msg.get("id", ""), {}).get("text", msg.get("id", ""))
    args = msg.get("arguments", [])

    def fill(m):
        if m.group(1) is None:
            return m.group(0)[0]  # "{{" or "}}"
        i = int(m.group(1))
        return str(args[i]) if i < len(args) else m.group(0)

    return re.sub(r"\{\{|\}\}|\{(\d+)\}", fill, t)

counts = {}
lines = []
for run in log.get("runs", []):
    rules = run.get("tool", {}).get("driver", {}).get("rules", [])
    for res in run.get("results", []):
        idx = res.get("ruleIndex", -1)
        rule = rules[idx] if 0 <= idx < len(rules) else {}
        level = res.get("level") or rule.get("defaultConfiguration", {}).get("level", "warning")
        counts[level] = counts.get(level, 0) + 1
        region = (res.get("locations") or [{}])[0].get("physicalLocation", {}).get("region", {})
        lines.append((level, "%s:%s: %s %s: %s" % (name, region.get("startLine", "?"), level,
                                                   res.get("ruleId", "?"), text(res, rules))))
    for inv in run.get("invocations", []):
        for n in inv.get("toolExecutionNotifications", []) + inv.get("toolConfigurationNotifications", []):
            if n.get("level", "warning") == "error":
                counts["error"] = counts.get("error", 0) + 1
                lines.append(("error", "%s: validator error: %s" % (name, n.get("message", {}).get("text", ""))))

order = {"error": 0, "warning": 1, "note": 2}
for level, line in sorted(lines, key=lambda l: order.get(l[0], 3)):
    print(line, file=sys.stderr if level == "error" else sys.stdout)
summary = ", ".join("%s: %d" % (l, n) for l, n in sorted(counts.items())) or "nothing to report"
if counts.get("error"):
    print("sarif_validate: %s is NOT valid: %s" % (name, summary), file=sys.stderr)
    sys.exit(1)
print("sarif_validate: %s is valid SARIF 2.1.0 for GitHub code scanning (%s)" % (name, summary))
PY
