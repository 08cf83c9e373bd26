#!/usr/bin/env bash
# Fault soak (issue 11): `numwatch serve` samples a simulator that answers a random share of
# requests with one of its fault modes, until at least N faults were served. Counts crashes,
# good answers the simulator served against the ok samples serve stored (lost ones), /metrics
# and report errors, peak RSS, and how long after the provider heals fresh data arrives.
# Needs: curl, sqlite3, python3. Usage: bench/fault-soak.sh [faults, default 1000] [fault share, default 0.5]
# NUMWATCH_BIN=path uses that binary instead of building a release one (CI passes its debug build).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-1000}
share=${2:-0.5}
source bench/soak-lib.sh

cat >"$work/numwatch.yml" <<YAML
provider: { base_url: '$sim/', timeout: 2s }
sampling: { interval: 1s, credit_interval: 1s, max_backoff: 4s }
storage: { path: '$work/numwatch.sqlite' }
http: { listen: '127.0.0.1:$nw_port' }
alerts: { provider_down_after: 10s }
$soak_watches
YAML
NUMWATCH_TOKEN=demo-token "$bin" serve --config "$work/numwatch.yml" --log-level error >"$work/serve.log" 2>&1 & serve=$!; pids+=($serve)
wait_for "$nw/metrics" '^numwatch_provider_up{provider="main"} 1$' 60

# Every mode but the poll block, whose minute-long pause would stretch the soak (the fault
# matrix covers it); Retry-After 1 s for the same reason.
modes='["error","html","unauthorized","login_redirect","rate_limited","banned","truncated","garbage","wrong_shape","oversize","drop","slow"]'
curl -fsS -X PUT "$sim/_sim/faults" -d "{\"any_rate\":$share,\"any_modes\":$modes,\"retry_after\":1}" >/dev/null

faults() { curl -fsS "$sim/_sim/state" | python3 -c 'import json,sys; s=json.load(sys.stdin)["served"]; print(sum(v for k,v in s.items() if k.startswith("fault:")))'; }
started=$(date +%s); crashes=0; page_errors=0; checks=0
while :; do
  n=$(faults)
  kill -0 "$serve" 2>/dev/null || { crashes=$((crashes + 1)); echo "serve died: see $work/serve.log"; tail -5 "$work/serve.log"; break; }
  for path in /metrics / /healthz; do
    checks=$((checks + 1))
    curl -fsS -o /dev/null -H 'Accept: text/html' "$nw$path" || page_errors=$((page_errors + 1))
  done
  progress "$n faults served of $target, $(( $(date +%s) - started )) s"
  [ "$n" -ge "$target" ] && break
  sleep 1
done
echo

# Heal, and time fresh data.
curl -fsS -X PUT "$sim/_sim/faults" -d '{}' >/dev/null
healed=$(date +%s.%N)
wait_for "$nw/metrics" '^numwatch_provider_up{provider="main"} 1$' 120
fresh=$(python3 -c "import time; print(f'{time.time() - $healed:.1f}')")
# Every watch and the credit sampled successfully after the heal (sample times are whole seconds).
python3 - "$nw/metrics" "$healed" <<'PY'
import re, sys, time, urllib.request
deadline = time.time() + 120
while True:
    text = urllib.request.urlopen(sys.argv[1]).read().decode()
    times = [float(v) for v in re.findall(r'^numwatch_(?:credit_)?last_sample_timestamp_seconds(?:\{[^}]*\})? (\S+)$', text, re.M)]
    if len(times) == 6 and min(times) >= int(float(sys.argv[2])) + 1: break
    if time.time() > deadline: sys.exit("not every watch had fresh data 120 s after the heal")
    time.sleep(0.2)
PY
all_fresh=$(python3 -c "import time; print(f'{time.time() - $healed:.1f}')")
peak_rss=$(awk '/VmHWM/ {print $2, $3}' "/proc/$serve/status")

# Stop serve (a round in flight is finished and stored), then compare.
kill -TERM "$serve"; set +e; wait "$serve"; exit_code=$?; set -e
state=$(curl -fsS "$sim/_sim/state")
stored_ok=$(sqlite3 "$work/numwatch.sqlite" "SELECT coalesce(sum(samples), 0) FROM sample_run WHERE outcome = 'ok'")
integrity=$(sqlite3 "$work/numwatch.sqlite" "PRAGMA integrity_check")
lost=0
python3 - "$state" "$stored_ok" <<'PY' || lost=1
import json, sys
served = json.loads(sys.argv[1])["served"]
faults = {k[6:]: v for k, v in served.items() if k.startswith("fault:")}
print("faults served by mode:")
for mode, count in sorted(faults.items(), key=lambda kv: -kv[1]):
    print(f"  {mode:<16}{count:>6}")
print(f"  {'total':<16}{sum(faults.values()):>6}")
good = served.get("ok:pricing", 0) + served.get("ok:credit", 0)
print(f"good answers served: {good} (pricing {served.get('ok:pricing', 0)}, credit {served.get('ok:credit', 0)})")
print(f"ok samples stored:   {sys.argv[2]}")
print(f"good samples lost:   {good - int(sys.argv[2])}")
sys.exit(0 if good == int(sys.argv[2]) else 1)
PY
echo "crashes: $crashes; serve exit code on SIGTERM: $exit_code"
echo "page errors: $page_errors of $checks requests to /metrics, / and /healthz during the soak"
echo "integrity_check: $integrity"
echo "peak RSS of serve: $peak_rss"
echo "provider healed -> numwatch_provider_up 1: $fresh s; -> every watch fresh: $all_fresh s (max_backoff 4s here)"
echo "soak took $(( $(date +%s) - started )) s"
[ "$crashes" -eq 0 ] && [ "$exit_code" -eq 0 ] && [ "$integrity" = ok ] && [ "$page_errors" -eq 0 ] && [ "$lost" -eq 0 ]
