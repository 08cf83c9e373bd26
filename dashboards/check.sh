#!/usr/bin/env bash
# Validate the numwatch dashboard and alert rules.
#   ./check.sh                                  offline checks (needs python3 and promtool)
#   ./check.sh http://127.0.0.1:9464/metrics    also lint a live exposition and check that
#                                               every metric the dashboard/alerts use is in it,
#                                               with its provider label (check_exposition.py)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

command -v promtool >/dev/null || { echo "check.sh: promtool not found (apt-get install prometheus)" >&2; exit 2; }

echo "== dashboard JSON"
python3 -m json.tool numwatch.json >/dev/null
echo "numwatch.json: valid JSON"

echo "== the checks' own tests (test_checks.py)"
python3 test_checks.py

echo "== extract panel expressions"
python3 extract_exprs.py

echo "== promtool check rules"
promtool check rules alerts.yml panel_exprs.rules.yml

echo "== promtool test rules"
promtool test rules alerts_test.yml

echo "== promtool test rules: the panel queries at All, on several providers' series"
# The test reads the panel queries with every variable at its default, All (extract_exprs.py
# --all), written into a scratch folder beside a copy of the test.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
python3 extract_exprs.py --all --output "$scratch/panel_exprs.rules.yml" >/dev/null
cp panel_exprs_test.yml "$scratch/"
promtool test rules "$scratch/panel_exprs_test.yml"

if [[ $# -ge 1 ]]; then
    url="$1"
    tmp="$scratch"

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

    echo "== metric names used by dashboard and alerts, provider labels"
    python3 check_exposition.py "$tmp/metrics" || { echo "check.sh: the exposition at $url does not fit the dashboard" >&2; exit 1; }
fi

echo "check.sh: all checks passed"
