#!/usr/bin/env bash
# Slow clients (issue 16, point 4): CONNECTIONS connections trickling a request a byte every 2 s
# (half a head, half a body) against serve with http.auth on, reopened whenever serve cuts one,
# while an authorised /metrics scrape is timed every half second. Passes when every scrape
# answers within 1 s. Bounded: at most 5,000 connections, 300 s, 5 s per scrape.
# Needs: python3, curl. Usage: bench/trickle.sh [connections, default 1200] [seconds, default 40]
# NUMWATCH_BIN=path uses that binary instead of building a release one, NUMWATCH_NOFILE=n gives
# serve that soft descriptor limit instead of the unit's LimitNOFILE (docs/hardening.md compares the
# binary before the read deadline and cap, at systemd's default 1024, with the one after).
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-1200}
duration=${2:-40}
source bench/soak-lib.sh
token=trickle-bench-bearer-token-0123456789abcdef
cat >"$work/numwatch.yml" <<YAML
provider: { base_url: '$sim/' }
sampling: { interval: 10s, credit_interval: 10s }
storage: { path: '$work/numwatch.sqlite' }
http:
  listen: '127.0.0.1:$nw_port'
  auth: { bearer_token_env: NUMWATCH_HTTP_TOKEN }
watches:
  - services: [telegram]
  - services: [whatsapp]
YAML
# serve's descriptor limit as the unit gives it (LimitNOFILE in deploy/numwatch.service, soft and
# hard), or NUMWATCH_NOFILE as the soft limit only, as systemd's default 1024:524288 does.
if [ -n "${NUMWATCH_NOFILE:-}" ]; then limit=$NUMWATCH_NOFILE; ulimit_flag=-Sn
else limit=$(sed -n 's/^LimitNOFILE=//p' deploy/numwatch.service); ulimit_flag=-n; fi
( ulimit $ulimit_flag "$limit"; exec env NUMWATCH_TOKEN=demo-token NUMWATCH_HTTP_TOKEN=$token "$bin" serve --config "$work/numwatch.yml" \
  --log-level error >"$work/serve.log" 2>&1 ) & serve=$!; pids+=($serve)
trap 'tail -5 "$work/serve.log" >&2; cleanup' EXIT
for _ in $(seq 1 150); do
  curl -fsS -H "Authorization: Bearer $token" "$nw/metrics" 2>/dev/null | grep -q 'platform="whatsapp"' && break
  sleep 0.2
done
echo "serve: ulimit $ulimit_flag $limit; $connections trickling connections for ${duration}s"
python3 bench/trickle.py 127.0.0.1 "$nw_port" "$connections" "$duration" "Bearer $token"
