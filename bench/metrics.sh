#!/usr/bin/env bash
# /metrics throughput against nginx serving the same bytes as a static file, in one run.
# Needs: wrk, nginx (apt-get install -y wrk nginx). Prints requests/s, p99 latency and the ratio.
# Usage: bench/metrics.sh [seconds per run, default 10] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-32}
swift build -c release --scratch-path .build-release --product numwatch >/dev/null
bin=.build-release/release/numwatch
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
sim_port=$(free_port); nw_port=$(free_port); nginx_port=$(free_port)

"$bin" simulate --listen "127.0.0.1:$sim_port" --log-level error >/dev/null 2>&1 & pids+=($!)
until curl -fsS "http://127.0.0.1:$sim_port/_sim/state" >/dev/null 2>&1; do sleep 0.2; done

# Every service the simulator sells, plus bundles: over 10,000 series.
services=$(sed -n 's/.*ServiceInfo(code: "\([a-z_]*\)".*/\1/p' Sources/Simulator/CatalogueData.swift)
{
  echo "provider: { base_url: 'http://127.0.0.1:$sim_port/' }"
  echo "sampling: { interval: 1h, credit_interval: 1h }"
  echo "storage: { path: '$work/numwatch.sqlite' }"
  echo "http: { listen: '127.0.0.1:$nw_port' }"
  echo "watches:"
  for s in $services; do echo "  - services: [$s]"; done
  for b in "telegram, whatsapp" "telegram, instagram" "whatsapp, google" "telegram, whatsapp, instagram" "google, microsoft"; do echo "  - services: [$b]"; done
} >"$work/numwatch.yml"
NUMWATCH_TOKEN=demo-token "$bin" serve --config "$work/numwatch.yml" --log-level error >/dev/null 2>&1 & pids+=($!)
# (Read the whole answer before grepping: grep -q stopping early would SIGPIPE curl under pipefail.)
until grep -q 'platform="google+microsoft"' <<<"$(curl -fsS "http://127.0.0.1:$nw_port/metrics" 2>/dev/null)"; do sleep 0.5; done
sleep 2
curl -fsS "http://127.0.0.1:$nw_port/metrics" >"$work/metrics.txt"
series=$(grep -vc '^#' "$work/metrics.txt")
echo "exposition: $series series, $(wc -c <"$work/metrics.txt") bytes"

mkdir -p "$work/www"
chmod 755 "$work" "$work/www"   # nginx workers run as nobody
cp "$work/metrics.txt" "$work/www/metrics"
# What Prometheus scrapes: gzip. nginx serves it pre-compressed (gzip_static, no work per request).
curl -fsS -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nw_port/metrics" >"$work/www/metrics.gz"
echo "gzip: $(wc -c <"$work/www/metrics.gz") bytes"
cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { }
  default_type "text/plain; version=0.0.4; charset=utf-8";
  sendfile on;
  gzip_static on;
  server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
NGINX
nginx -c "$work/nginx.conf" -g 'daemon off;' & pids+=($!)
until curl -fsS "http://127.0.0.1:$nginx_port/metrics" >/dev/null 2>&1; do sleep 0.2; done

run() {  # name url
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "${@:3}" "$2")
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  printf '%-28s %10s req/s   p99 %s\n' "$1" "$rps" "$p99" >&2
  echo "$rps"
}
echo "wrk: 2 threads, $connections connections, ${duration}s each (nginx: 1 worker; numwatch: its event loops)"
nginx_rps=$(run "nginx (static file)" "http://127.0.0.1:$nginx_port/metrics")
nw_rps=$(run "numwatch /metrics" "http://127.0.0.1:$nw_port/metrics")
gz=(-H 'Accept-Encoding: gzip')
nginx_gz_rps=$(run "nginx (gzip_static)" "http://127.0.0.1:$nginx_port/metrics" "${gz[@]}")
nw_gz_rps=$(run "numwatch /metrics (gzip)" "http://127.0.0.1:$nw_port/metrics" "${gz[@]}")
python3 -c "print(f'ratio numwatch/nginx: plain {float(\"$nw_rps\")/float(\"$nginx_rps\"):.2f}, gzip {float(\"$nw_gz_rps\")/float(\"$nginx_gz_rps\"):.2f}')"
