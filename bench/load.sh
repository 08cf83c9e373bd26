#!/usr/bin/env bash
# Load (issue 11): 200 concurrent clients on /metrics (gzip, as Prometheus asks), the report's
# pages and the provider's SMS push for N seconds, while serve samples every 2 s. Counts errors
# (socket errors and non-2xx answers), samples taken against the schedule's count (jitter 0: a
# sample delayed past its interval is a missing one), and serve's peak RSS.
# Needs: wrk, curl, sqlite3. Usage: bench/load.sh [seconds, default 30] [connections, default 200]
# NUMWATCH_BIN=path uses that binary instead of building a release one.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-30}
connections=${2:-200}
source bench/soak-lib.sh
secret=load-bench-callback-secret-0123
interval=2
cat >"$work/numwatch.yml" <<YAML
provider: { base_url: '$sim/' }
sampling: { interval: ${interval}s, credit_interval: ${interval}s, jitter: 0 }
storage: { path: '$work/numwatch.sqlite' }
http: { listen: '127.0.0.1:$nw_port' }
callback: { public_url: '$nw' }
$soak_watches
YAML
NUMWATCH_CALLBACK_SECRET=$secret NUMWATCH_TOKEN=demo-token "$bin" serve --config "$work/numwatch.yml" --log-level error \
  >"$work/serve.log" 2>&1 & serve=$!; pids+=($serve)
wait_for "$nw/metrics" 'platform="telegram+whatsapp"' 60

# A push for a number serve does not know: answered 200 and logged, as the provider expects.
push='{"data":{"number_id":"LoadBench01","number":"9610461240","service":"telegram","country":"russia","messages":[{"id":"m1","content":"509773","from":"telegram","is_received":1,"created_at":"2026-03-01T08:00:00.000000Z"}],"expires_at":"2026-03-01 11:50:00"},"status":"success"}'
cat >"$work/mix.lua" <<LUA
local requests = {}
local n = 0
init = function(args)
  requests = {
    wrk.format("GET", "/metrics", { ["Accept-Encoding"] = "gzip" }),
    wrk.format("GET", "/", { ["Accept"] = "text/html" }),
    wrk.format("GET", "/watch/telegram", { ["Accept"] = "text/html" }),
    wrk.format("POST", "/callback/$secret", { ["Content-Type"] = "application/json" }, '$push'),
  }
end
request = function()
  n = n + 1
  return requests[(n % #requests) + 1]
end
LUA
samples() { sqlite3 "$work/numwatch.sqlite" "SELECT coalesce(sum(samples), 0) FROM sample_run WHERE outcome = 'ok'"; }
targets=6
before=$(samples); started=$(date +%s.%N)
out=$(wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -s "$work/mix.lua" "$nw")
elapsed=$(python3 -c "import time; print(time.time() - $started)")
after=$(samples)
echo "$out" | sed -n '/Thread Stats/,/Transfer/p'
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}'); non2xx=${non2xx:-0}
socket=$(echo "$out" | awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}'); socket=${socket:-0}
requests=$(echo "$out" | awk '/requests in/ {print $1}')
peak_rss=$(awk '/VmHWM/ {print $2, $3}' "/proc/$serve/status")
# One round of slack: the window's two edges can each cut a round that was on time.
expected=$(python3 -c "print(max(0, int($elapsed / $interval) - 1) * $targets)")
echo "requests: $requests in ${duration}s with $connections connections; non-2xx: $non2xx; socket errors: $socket"
echo "samples during the load: $(( after - before )) ok, at least $expected due ($targets targets every ${interval}s for ${elapsed%.*} s)"
echo "peak RSS of serve: $peak_rss"
kill -0 "$serve"
[ "$non2xx" -eq 0 ] && [ "$socket" -eq 0 ] && [ $(( after - before )) -ge "$expected" ]
