#!/usr/bin/env bash
# The HTML report on a year of history: builds a database of 20 watches × 150 countries × 365
# days at a 60 s interval (written directly, in seconds; see Sources/numwatch-bench/ReportDatabase.swift),
# then runs `numwatch serve` on it against the simulator and measures: start-up until /metrics
# answers, the overview and a watch page at the 1y range (median and p99 of 50 requests each,
# after 3 warm-up requests), and the peak RSS (VmHWM) of serve while it answers them.
# Usage: bench/report.sh [--watches 20] [--countries 150] [--days 365]
# Goals: pages < 50 ms at the median, start-up < 2 s, peak RSS < 64 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
# A scratch path of its own, so a release build never waits on (or disturbs) the debug one.
swift build -c release --scratch-path .build-release --product numwatch-bench >/dev/null
swift build -c release --scratch-path .build-release --product numwatch >/dev/null
bin=.build-release/release
out=bench/out/report
mkdir -p "$out"
db="$out/report.sqlite"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "== generating the database"
"$bin/numwatch-bench" report-db "$db" "$@" | tee "$out/generate.txt"
platforms=$(sed -n 's/^platforms: //p' "$out/generate.txt")

sim_port=$(free_port); nw_port=$(free_port)
"$bin/numwatch" simulate --listen "127.0.0.1:$sim_port" --log-level error >"$out/sim.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$sim_port/_sim/state" >/dev/null 2>&1 && break; sleep 0.1; done
{
  printf 'provider:\n  base_url: http://127.0.0.1:%s/\nstorage:\n  path: %s\nhttp:\n  listen: 127.0.0.1:%s\nwatches:\n' \
    "$sim_port" "$PWD/$db" "$nw_port"
  for p in ${platforms//,/ }; do printf '  - services: [%s]\n' "$p"; done
} >"$out/numwatch.yml"

echo "== serve start-up on $(du -h "$db" | cut -f1) of history"
start=$(date +%s.%N)
NUMWATCH_TOKEN=demo-token "$bin/numwatch" serve --config "$out/numwatch.yml" --log-level error >"$out/serve.log" 2>&1 & serve=$!; pids+=($serve)
until curl -fsS -o /dev/null "http://127.0.0.1:$nw_port/metrics" 2>/dev/null; do
  kill -0 "$serve" 2>/dev/null || { echo "serve exited:"; cat "$out/serve.log"; exit 1; }
  sleep 0.01
done
startup=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')")
echo "start-up until /metrics answers: ${startup} s"

measure() {  # name, url
  for _ in 1 2 3; do curl -fsS -o /dev/null "$2"; done
  for _ in $(seq 50); do curl -fsS -o /dev/null -w '%{time_total}\n' "$2"; done | sort -n | python3 -c "
import sys
t = [float(x) * 1000 for x in sys.stdin]
print(f'$1: median {t[len(t)//2]:.1f} ms, p99 {t[int(len(t)*0.99) - 1]:.1f} ms, max {t[-1]:.1f} ms ({len(t)} requests)')"
}
first=${platforms%%,*}
measure "overview /" "http://127.0.0.1:$nw_port/"
measure "watch /watch/$first?range=1y" "http://127.0.0.1:$nw_port/watch/$first?range=1y"
measure "watch /watch/$first?range=30d" "http://127.0.0.1:$nw_port/watch/$first?range=30d"
measure "/metrics" "http://127.0.0.1:$nw_port/metrics"
echo "page sizes: overview $(curl -fsS "http://127.0.0.1:$nw_port/" | wc -c) B, watch 1y $(curl -fsS "http://127.0.0.1:$nw_port/watch/$first?range=1y" | wc -c) B"
echo "peak RSS of serve: $(awk '/VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$serve/status")"
echo "database: $(stat -c %s "$db") bytes ($(du -h "$db" | cut -f1))"
