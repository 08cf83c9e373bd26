#!/usr/bin/env bash
# Crash soak (issue 11): `numwatch serve` killed with SIGKILL again and again while it samples,
# prunes a year-old history, evaluates alerts, delivers webhooks to a flaky receiver and receives
# the provider's SMS pushes for numbers the CLI takes. After every kill: PRAGMA integrity_check,
# and nothing committed before it is gone (samples, changes, ledger takes, numbers and SMS,
# alerts). At the end: every notification ever queued was delivered, no alert was sent again as
# new, and every push serve acknowledged is in the ledger.
# Needs: curl, sqlite3, python3. Usage: bench/crash-soak.sh [kills, default 30]
# NUMWATCH_BIN=path uses that binary, and numwatch-bench beside it (CI passes its debug build).
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-30}
source bench/soak-lib.sh
bench_bin=$(dirname "$bin")/numwatch-bench
hook_port=$(free_port)
db="$work/numwatch.sqlite"

# A slow webhook receiver that fails half the deliveries, so the outbox holds something at most kills.
cat >"$work/receiver.py" <<'PY'
import http.server, json, random, sys, time
log = open(sys.argv[2], "a", buffering=1)
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(0.3)
        status = 500 if random.random() < 0.5 else 200
        self.send_response(status); self.end_headers()
        log.write(json.dumps({"key": self.headers.get("Idempotency-Key"), "status": status, "body": json.loads(body)}) + "\n")
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY
python3 "$work/receiver.py" "$hook_port" "$work/hooks.jsonl" & pids+=($!)

# A history that ended 40 days ago: the first lives roll it up and prune it while being killed.
"$bench_bin" report-db "$db" --watches 2 --countries 40 --days 30 --end $(( $(date +%s) - 40 * 86400 )) >/dev/null
cat >"$work/numwatch.yml" <<YAML
provider: { base_url: '$sim/' }
sampling: { interval: 1s, credit_interval: 1s }
storage: { path: '$db', raw_retention: 7d, hourly_retention: 14d, retention: 30d }
http: { listen: '127.0.0.1:$nw_port' }
callback: { public_url: 'http://127.0.0.1:$nw_port' }
alerts:
  credit_below: 5000000
  rules:
    - services: [whatsapp]
      country: russia
      price_above: 1
    - services: [telegram]
      price_change_percent: 1
webhooks:
  - url: http://127.0.0.1:$hook_port/hook
    repeat_interval: 1m
watches:
  - services: [telegram]
  - services: [whatsapp]
YAML
export NUMWATCH_TOKEN=demo-token NUMWATCH_CALLBACK_SECRET=crash-soak-callback-secret-0123

counts() {
  sqlite3 "$db" "SELECT (SELECT coalesce(sum(samples), 0) FROM sample_run WHERE first_t > $(date -d '1 day ago' +%s)),
    (SELECT count(*) FROM change WHERE t > $(date -d '1 day ago' +%s)), (SELECT count(*) FROM number_take),
    (SELECT count(*) FROM number), (SELECT count(*) FROM number_sms), (SELECT count(*) FROM alert),
    (SELECT count(*) FROM alert_notified)" | tr '|' ' '
}
old_rows() { sqlite3 "$db" "SELECT count(*) FROM change WHERE t < $(date -d '7 days ago' +%s)"; }
echo "seeded history: $(old_rows) change rows older than the 7-day raw retention"
names=(samples changes takes numbers sms alerts notified)
previous=(0 0 0 0 0 0 0); lost=0; bad_integrity=0; countries=(russia india indonesia kenya)
: >"$work/queued-keys"
for life in $(seq 1 "$kills"); do
  "$bin" serve --config "$work/numwatch.yml" --log-level error >>"$work/serve.log" 2>&1 & serve=$!; pids+=($serve)
  # Something to receive: a number taken every other life, and the simulator's clock moved so
  # its SMS arrive (pushed to serve's callback while serve may be dying).
  if (( life % 2 == 1 )); then
    "$bin" number take --config "$work/numwatch.yml" --country "${countries[$(( life / 2 % 4 ))]}" telegram >/dev/null 2>&1 || true
  fi
  (curl -fsS -X POST "$sim/_sim/advance?seconds=130" >/dev/null 2>&1 || true) &
  sleep "$(python3 -c 'import random; print(round(random.uniform(0.3, 3.0), 2))')"
  kill -KILL "$serve"; wait "$serve" 2>/dev/null || true
  integrity=$(sqlite3 "$db" "PRAGMA integrity_check")
  [ "$integrity" = ok ] || { bad_integrity=$((bad_integrity + 1)); echo "life $life: integrity_check: $integrity"; }
  sqlite3 "$db" "SELECT idempotency_key FROM outbox" >>"$work/queued-keys"
  read -r -a now <<<"$(counts)"
  for i in "${!names[@]}"; do
    if (( now[i] < previous[i] )); then lost=$((lost + 1)); echo "life $life: ${names[$i]} went from ${previous[$i]} to ${now[$i]}"; fi
  done
  previous=("${now[@]}")
  progress "kill $life/$kills: $(for i in "${!names[@]}"; do printf '%s %s  ' "${names[$i]}" "${now[$i]}"; done)"
done
echo

# One clean life: the outbox drains (the receiver still fails half, retries follow).
"$bin" serve --config "$work/numwatch.yml" --log-level error >>"$work/serve.log" 2>&1 & serve=$!; pids+=($serve)
for _ in $(seq 1 300); do
  [ "$(sqlite3 "$db" 'SELECT count(*) FROM outbox')" = 0 ] && sleep 1 && [ "$(sqlite3 "$db" 'SELECT count(*) FROM outbox')" = 0 ] && break
  sleep 0.5
done
kill -TERM "$serve"; wait "$serve" || true

result=0
if python3 - "$work/hooks.jsonl" "$work/queued-keys" "$(curl -fsS "$sim/_sim/state")" "$(sqlite3 "$db" 'SELECT count(*) FROM number_sms')" \
  "$(sqlite3 "$db" 'SELECT count(*) FROM outbox')" <<'PY'
import json, sys
hooks = [json.loads(line) for line in open(sys.argv[1])]
queued = {k for k in open(sys.argv[2]).read().split() if k}
delivered = {h["key"] for h in hooks if h["status"] == 200}
starts = {}
for h in hooks:
    for alert in h["body"].get("alerts", []):
        if alert["status"] == "firing":
            key = tuple(sorted(alert["labels"].items()))
            starts.setdefault(key, set()).add(alert["startsAt"])
resent_as_new = sum(len(s) - 1 for s in starts.values())
served = json.loads(sys.argv[3])["served"]
acked = served.get("push:acknowledged", 0)
print(f"webhook requests: {len(hooks)} ({sum(h['status'] != 200 for h in hooks)} answered 500), notifications delivered: {len(delivered)}")
print(f"notifications queued at a kill: {len(queued)}; never delivered: {len(queued - delivered)}; outbox left: {sys.argv[5]}")
print(f"alerts fired: {len(starts)}; sent again as new: {resent_as_new}")
print(f"SMS pushes acknowledged by serve: {acked} (dropped after retries while serve was down: {served.get('push:dropped', 0)}); SMS in the ledger: {sys.argv[4]}")
ok = not (queued - delivered) and resent_as_new == 0 and int(sys.argv[4]) >= acked and sys.argv[5] == "0"
sys.exit(0 if ok else 1)
PY
then :; else result=1; fi
echo "after the last kill: $(for i in "${!names[@]}"; do printf '%s %s  ' "${names[$i]}" "${previous[$i]}"; done)"
echo "kills: $kills; integrity_check failures: $bad_integrity; committed rows lost: $lost; old change rows left: $(old_rows)"
[ "$result" -eq 0 ] && [ "$bad_integrity" -eq 0 ] && [ "$lost" -eq 0 ]
