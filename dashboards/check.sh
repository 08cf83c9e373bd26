#!/usr/bin/env bash
# Validate the numwatch dashboard and alert rules.
#   ./check.sh                                  offline checks (needs python3 and promtool)
#   ./check.sh http://127.0.0.1:9464/metrics    also lint a live exposition and check that
#                                               every metric the dashboard/alerts use is in it
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

command -v promtool >/dev/null || { echo "check.sh: promtool not found (apt-get install prometheus)" >&2; exit 2; }

echo "== dashboard JSON"
python3 -m json.tool numwatch.json >/dev/null
echo "numwatch.json: valid JSON"

echo "== extract panel expressions"
python3 extract_exprs.py

echo "== promtool check rules"
promtool check rules alerts.yml panel_exprs.rules.yml

echo "== promtool test rules"
promtool test rules alerts_test.yml

if [[ $# -ge 1 ]]; then
    url="$1"
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT

    echo "== live exposition: $url"
    curl -fsS --max-time 20 -o "$tmp/metrics" "$url"

    echo "== promtool check metrics"
    status=0
    promtool check metrics <"$tmp/metrics" >"$tmp/lint" 2>&1 || status=$?
    if [[ $status -ne 0 || -s "$tmp/lint" ]]; then
        cat "$tmp/lint" >&2
        echo "check.sh: promtool check metrics failed (exit $status)" >&2
        exit 1
    fi
    echo "promtool check metrics: clean"

    echo "== metric names used by dashboard and alerts"
    missing=0
    while IFS= read -r name; do
        # a sample line (`name{...} v` or `name v`), or at least its TYPE/HELP metadata
        # for a labelled metric that has no series yet
        if grep -Eq "^${name}(\{| )" "$tmp/metrics"; then
            echo "ok       $name"
        elif grep -Eq "^# (TYPE|HELP) ${name}( |$)" "$tmp/metrics"; then
            echo "ok (no series yet) $name"
        else
            echo "MISSING  $name" >&2
            missing=$((missing + 1))
        fi
    done < <(python3 extract_exprs.py --metric-names)
    if [[ $missing -ne 0 ]]; then
        echo "check.sh: $missing metric name(s) missing from $url" >&2
        exit 1
    fi
fi

echo "check.sh: all checks passed"
