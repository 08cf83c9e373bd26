#!/usr/bin/env bash
# End-to-end checks with the real tools: numwatch simulate + numwatch serve on loopback ports,
# then check-config and export, promtool on the live exposition (dashboards/check.sh URL), and a
# real Prometheus server scraping numwatch and answering a PromQL query with our series.
# Usage: .ci/live-checks.sh [path/to/numwatch]   (default: the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-$(swift build --show-bin-path)/numwatch}
source .ci/lib.sh

sim_port=$(free_port); nw_port=$(free_port); prom_port=$(free_port)
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
  - services: [whatsapp]
    countries: [russia, romania, india]
  - services: [telegram, whatsapp]
alerts:
  credit_below: 50000
YAML
echo "== a wrong token: one line, exit 1, the token never shown"
set +e
NUMWATCH_TOKEN=wrong-secret-token-123 "$bin" credit --base-url "http://127.0.0.1:$sim_port/" >"$work/out.txt" 2>"$work/err.txt"; code=$?
set -e
cat "$work/err.txt"
[ "$code" -eq 1 ] && [ "$(wc -l <"$work/err.txt")" -eq 1 ] && grep -q unauthorized "$work/err.txt" \
  && ! grep -q wrong-secret-token-123 "$work/err.txt" "$work/out.txt" || { echo "wrong-token check failed (exit $code)"; exit 1; }

export NUMWATCH_TOKEN=demo-token
echo "== numwatch credit and prices"
"$bin" credit --base-url "http://127.0.0.1:$sim_port/"
"$bin" prices telegram whatsapp --limit 5 --base-url "http://127.0.0.1:$sim_port/"

echo "== numwatch check-config"
"$bin" check-config --config "$work/numwatch.yml"
echo "== numwatch check-config on a bad file exits 2 with one line"
printf 'provider:\n  base_url: http://x/\nwatches:\n  - services: [a, b, c, d, e, f]\n' >"$work/bad.yml"
set +e; "$bin" check-config --config "$work/bad.yml" 2>"$work/bad.err"; code=$?; set -e
cat "$work/bad.err"; [ "$code" -eq 2 ] || { echo "expected exit 2, got $code"; exit 1; }

"$bin" serve --config "$work/numwatch.yml" --log-level warning >"$work/serve.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$nw_port/metrics" 'numwatch_price_toman{[^}]*platform="telegram+whatsapp"' 30
wait_for "http://127.0.0.1:$nw_port/metrics" 'numwatch_credit_toman' 30

echo "== numwatch export"
"$bin" export --config "$work/numwatch.yml" --platform telegram --country romania --since 1h | tee "$work/export.csv"
grep -q '^time,platform,country,name,price,stock,provider,native$' "$work/export.csv"
grep -q ',telegram,romania,' "$work/export.csv"

echo "== dashboards/check.sh on the live exposition"
bash dashboards/check.sh "http://127.0.0.1:$nw_port/metrics"

echo "== a real Prometheus scrapes numwatch"
cat >"$work/prometheus.yml" <<YAML
global: { scrape_interval: 2s, evaluation_interval: 2s }
rule_files: [ "$PWD/dashboards/alerts.yml" ]
scrape_configs:
  - job_name: numwatch
    static_configs: [ { targets: [ "127.0.0.1:$nw_port" ] } ]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 & pids+=($!)
query="http://127.0.0.1:$prom_port/api/v1/query?query=count(numwatch_price_toman)"
wait_for "$query" '"result":\[{' 60
curl -fsS "$query"; echo
curl -fsS "http://127.0.0.1:$prom_port/api/v1/query?query=numwatch_credit_toman" | grep -q '"numwatch_credit_toman"'
curl -fsS "http://127.0.0.1:$prom_port/api/v1/targets" | grep -q '"health":"up"'

echo "== every dashboard panel has data once credit is being spent"
# Spend some credit (the runway panels need a falling credit) on a number of the dashboard's
# first watch and country, through the CLI on serve's database (the ledger panels), and let a few
# scrapes land.
NUMWATCH_BASE_URL="http://127.0.0.1:$sim_port/" "$bin" number take --database "$work/numwatch.sqlite" \
  --country romania telegram whatsapp
credit_query="http://127.0.0.1:$prom_port/api/v1/query?query=deriv(numwatch_credit_toman%5B6h%5D)%3C0"
wait_for "$credit_query" '"result":\[{' 60
python3 .ci/panels-filled.py "http://127.0.0.1:$prom_port" dashboards/panel_exprs.rules.yml
echo "live checks: passed"
