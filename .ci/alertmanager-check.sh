#!/usr/bin/env bash
# A real Alertmanager receives numwatch's alerts: numwatch serve against the simulator, with a
# credit threshold the simulator's account is below, posts NumwatchCreditLow to Alertmanager's
# /api/v2/alerts (format alertmanager_api), and Alertmanager lists it. `numwatch rules` for the
# same file must pass promtool.
# Usage: .ci/alertmanager-check.sh [path/to/numwatch]   (default: the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-$(swift build --show-bin-path)/numwatch}
source .ci/lib.sh
sim_port=$(free_port); nw_port=$(free_port); am_port=$(free_port)
start_alertmanager "$am_port"
start_simulator "$sim_port"

cat >"$work/numwatch.yml" <<YAML
provider:
  base_url: http://127.0.0.1:$sim_port/
sampling:
  interval: 5s
  credit_interval: 5s
storage:
  path: $work/numwatch.sqlite
http:
  listen: 127.0.0.1:$nw_port
watches:
  - services: [telegram]
    countries: [romania, russia]
alerts:
  credit_below: 1000000000
  rules:
    - name: tg-stock
      services: [telegram]
      stock_below: 100
      stock_clear: 150
      for: 1m
webhooks:
  - url: http://127.0.0.1:$am_port/
    format: alertmanager_api
YAML
echo "== numwatch rules → promtool check rules"
"$bin" rules --config "$work/numwatch.yml" >"$work/rules.yml"
promtool check rules "$work/rules.yml"

echo "== numwatch serve → Alertmanager /api/v2/alerts"
NUMWATCH_TOKEN=demo-token "$bin" serve --config "$work/numwatch.yml" >"$work/serve.log" 2>&1 & pids+=($!)
if ! wait_for "http://127.0.0.1:$am_port/api/v2/alerts" NumwatchCreditLow 60; then
  echo "--- serve log"; cat "$work/serve.log"; echo "--- alertmanager log"; tail -20 "$work/am.log"; exit 1
fi
curl -fsS "http://127.0.0.1:$am_port/api/v2/alerts" | python3 -c '
import json, sys
alerts = json.load(sys.stdin)
mine = [a for a in alerts if a["labels"].get("alertname") == "NumwatchCreditLow"]
assert len(mine) == 1, alerts
a = mine[0]
print("Alertmanager lists:", a["labels"], a["status"]["state"], "| summary:", a["annotations"]["summary"])
assert a["labels"]["severity"] == "critical" and a["status"]["state"] == "active"
'
wait_for "http://127.0.0.1:$nw_port/metrics" 'numwatch_webhook_deliveries_total [1-9]' 30
curl -fsS "http://127.0.0.1:$nw_port/metrics" | grep -E '^numwatch_(alerts_firing|webhook_)'
