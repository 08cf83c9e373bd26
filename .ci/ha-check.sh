#!/usr/bin/env bash
# A high-availability pair: two `numwatch serve` with the same configuration (each its own
# database and port, as on two machines) against one simulator, both posting to one real
# Alertmanager (format alertmanager_api). Both deliver NumwatchCreditLow; Alertmanager lists it
# once, because both send the same labels (from the configuration only) and it deduplicates.
# Usage: .ci/ha-check.sh [path/to/numwatch]   (default: the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-$(swift build --show-bin-path)/numwatch}
source .ci/lib.sh
sim_port=$(free_port); am_port=$(free_port)
start_alertmanager "$am_port"
start_simulator "$sim_port"

ports=()
for instance in a b; do
  port=$(free_port); ports+=("$port")
  cat >"$work/$instance.yml" <<YAML
provider:
  base_url: http://127.0.0.1:$sim_port/
sampling:
  interval: 5s
  credit_interval: 5s
storage:
  path: $work/$instance.sqlite
http:
  listen: 127.0.0.1:$port
watches:
  - services: [telegram]
    countries: [romania, russia]
alerts:
  credit_below: 1000000000
webhooks:
  - url: http://127.0.0.1:$am_port/
    format: alertmanager_api
YAML
  NUMWATCH_TOKEN=demo-token "$bin" serve --config "$work/$instance.yml" >"$work/$instance.log" 2>&1 & pids+=($!)
done

echo "== both instances deliver NumwatchCreditLow"
for port in "${ports[@]}"; do
  if ! wait_for "http://127.0.0.1:$port/metrics" 'numwatch_webhook_deliveries_total [1-9]' 60; then
    for i in a b; do echo "--- serve $i"; tail -20 "$work/$i.log"; done; exit 1
  fi
  echo "instance on :$port: $(curl -fsS "http://127.0.0.1:$port/metrics" | grep '^numwatch_webhook_deliveries_total')"
done

echo "== Alertmanager lists it once"
curl -fsS "http://127.0.0.1:$am_port/api/v2/alerts" | python3 -c '
import json, sys
alerts = json.load(sys.stdin)
mine = [a for a in alerts if a["labels"].get("alertname") == "NumwatchCreditLow"]
print("NumwatchCreditLow alerts in Alertmanager:", len(mine), "| fingerprint", [a["fingerprint"] for a in mine])
assert len(mine) == 1, alerts
assert mine[0]["status"]["state"] == "active"
'
echo "ha pair: passed"
