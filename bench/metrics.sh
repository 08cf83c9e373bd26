#!/usr/bin/env bash
# /metrics throughput and latency against nginx serving the same bytes as a static file, in one run.
# Needs: wrk, nginx (apt-get install -y wrk nginx), python3, curl.
#
# Usage: bench/metrics.sh [--churn 5s] [--no-idle] [--sizes 10k,30k] [--connections 4,32]
#                         [--seconds 10] [--serial 200]
#   (idle)        every watch sampled once an hour: the exposition does not change between scrapes.
#   --churn DUR   also every watch sampled every DUR, with the simulator's market moving fast enough
#                 that each round changes most values (see "churn" below).
#   --no-idle     only the churn rows.
#   --sizes       10k: one provider (the seed document's simulator), every service watched alone
#                 plus five bundles (~15,000 series: price, native price and stock per pair);
#                 30k: three providers (that simulator, and the sms_activate and fivesim ones), the
#                 same watches at each (bundles at the first only: the others sell none; ~34,000).
#   --connections wrk connections per row; --seconds: seconds per wrk run;
#   --serial N    N sequential scrapes (gzip, one keep-alive connection, 50 ms apart) after the wrk
#                 runs: their median and worst latency.
#   Old form, still accepted: bench/metrics.sh SECONDS CONNECTIONS
# NUMWATCH_BIN=path skips the release build (default: swift build -c release into .build-release).
#
# Each row: numwatch's req/s and p99, nginx's on the same bytes (plain: a file; gzip: gzip_static on
# a .gz of the same snapshot), and numwatch ÷ nginx. Per size and mode: the exposition's size, the
# share of series that changed between two scrapes one round apart, the serial scrapes, and serve's
# peak RSS (VmHWM) over the whole run; under churn, the watch samples taken during the wrk runs
# against those due (whether sampling kept up, i.e. whether the churn was real).
set -euo pipefail
cd "$(dirname "$0")/.."

churn="" idle=1 sizes=10k,30k connections=4,32 duration=10 serial=200
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --churn) churn=$2; shift 2 ;;
    --no-idle) idle=0; shift ;;
    --sizes) sizes=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --seconds) duration=$2; shift 2 ;;
    --serial) serial=$2; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    -*) echo "metrics.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
[ ${#positional[@]} -ge 1 ] && duration=${positional[0]}
[ ${#positional[@]} -ge 2 ] && connections=${positional[1]}
modes=()
[ "$idle" = 1 ] && modes+=(idle)
[ -n "$churn" ] && modes+=(churn)
[ ${#modes[@]} -gt 0 ] || { echo "metrics.sh: --no-idle needs --churn DUR" >&2; exit 2; }
[ -z "$churn" ] || [[ "$churn" =~ ^[1-9][0-9]*s$ ]] || { echo "metrics.sh: --churn takes whole seconds (5s), got '$churn'" >&2; exit 2; }
for tool in wrk nginx python3 curl; do
  command -v "$tool" >/dev/null || { echo "metrics.sh: $tool not found (apt-get install -y wrk nginx)" >&2; exit 2; }
done

source .ci/lib.sh   # $work, $pids stopped on exit, free_port, wait_for
stop() { for p in "$@"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
if [ -z "${NUMWATCH_BIN:-}" ]; then
  # The build's output only when it fails (its package warnings would bury the table).
  swift build -c release --scratch-path .build-release --product numwatch >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; exit 1; }
  bin=.build-release/release/numwatch
else
  bin=$NUMWATCH_BIN
fi

# nginx, one worker, serving $work/www: metrics (plain) and metrics.gz (gzip_static, no work per request).
nginx_port=$(free_port)
mkdir -p "$work/www"
chmod 755 "$work" "$work/www"   # nginx workers run as nobody
echo placeholder >"$work/www/metrics"
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
wait_for "http://127.0.0.1:$nginx_port/metrics" placeholder 10

services=$(sed -n 's/.*ServiceInfo(code: "\([a-z_]*\)".*/\1/p' Sources/Simulator/CatalogueData.swift)
bundles=("telegram, whatsapp" "telegram, instagram" "whatsapp, google" "telegram, whatsapp, instagram" "google, microsoft")

watch_list() {  # the platforms to watch, one per line: every service alone, and five bundles
  local s
  for s in $services; do echo "$s"; done
  printf '%s\n' "${bundles[@]}"
}

# Churn: each simulator's clock is pushed one market step (60 simulated seconds) every real second,
# so a round DUR apart sees DUR market steps; at 12 stock changes and 288 price changes per cell per
# simulated hour/day, that is about one stock and one price change per cell per 5 s round.
# The 10k size asks the seed document's provider alone; 30k asks three, one simulator each (the
# sms-activate and 5sim protocols sell the same market under their own names and currency).
start_providers() {  # mode size
  local kinds=(myonlinesim) kind port extra=()
  [ "$2" = 30k ] && kinds=(myonlinesim sms_activate fivesim)
  [ "$1" = churn ] && extra=(--stock-changes-per-hour 12 --price-changes-per-day 288)
  sim_ports=()
  for kind in "${kinds[@]}"; do
    port=$(free_port)
    "$bin" simulate --protocol "$kind" --listen "127.0.0.1:$port" --log-level error "${extra[@]}" >/dev/null 2>&1 & pids+=($!)
    sim_pids+=($!)
    wait_for "http://127.0.0.1:$port/_sim/state" credit 30
    sim_ports+=("$port")
  done
  sim_port=${sim_ports[0]}
  advance_pid=""
  if [ "$1" = churn ]; then
    while sleep 1; do
      for port in "${sim_ports[@]}"; do curl -fsS -X POST "http://127.0.0.1:$port/_sim/advance?seconds=60" >/dev/null 2>&1 || true; done
    done &
    advance_pid=$!; pids+=("$advance_pid")
  fi
}

providers_yaml() {
  echo "providers:"
  echo "  - { id: main, kind: myonlinesim, base_url: 'http://127.0.0.1:${sim_ports[0]}/', token_env: NUMWATCH_TOKEN }"
  [ ${#sim_ports[@]} -gt 1 ] || return 0
  echo "  - { id: sa, kind: sms_activate, base_url: 'http://127.0.0.1:${sim_ports[1]}/stubs/handler_api.php', token_env: NUMWATCH_TOKEN, toman_per_unit: 450 }"
  echo "  - { id: fs, kind: fivesim, base_url: 'http://127.0.0.1:${sim_ports[2]}/', token_env: NUMWATCH_TOKEN, toman_per_unit: 450 }"
}

start_serve() {  # mode size
  nw_port=$(free_port)
  local interval=1h
  [ "$1" = churn ] && interval=$churn
  watch_list >"$work/platforms.txt"
  {
    providers_yaml
    echo "sampling: { interval: $interval, credit_interval: $interval }"
    echo "storage: { path: '$work/numwatch-$1-$2.sqlite' }"
    echo "http: { listen: '127.0.0.1:$nw_port' }"
    echo "watches:"
    while read -r p; do echo "  - services: [$p]"; done <"$work/platforms.txt"
  } >"$work/numwatch.yml"
  NUMWATCH_TOKEN=demo-token "$bin" serve --config "$work/numwatch.yml" --log-level error >"$work/serve.log" 2>&1 & serve_pid=$!
  pids+=("$serve_pid")
  # The last watch of the last provider asked: every watch has been sampled once.
  local last=$(tail -1 "$work/platforms.txt" | sed 's/, /+/g') provider=main
  if [ ${#sim_ports[@]} -gt 1 ]; then last=$(grep -v , "$work/platforms.txt" | tail -1); provider=fs; fi
  wait_for "http://127.0.0.1:$nw_port/metrics" "numwatch_price_toman{provider=\"$provider\",platform=\"$last\"" 300
  sleep 2
}

wrk_run() {  # url [wrk args...]: "req/s p99"
  local out
  out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency "${@:2}" "$1")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1=="99%" {print $2}' <<<"$out")"
}

# Sequential gzip scrapes on one keep-alive connection, 50 ms apart: median and worst, in ms.
serial_scrapes() {
  python3 - "$nw_port" "$serial" <<'PY'
import http.client, statistics, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
c = http.client.HTTPConnection("127.0.0.1", port)
times = []
for _ in range(n):
    t = time.perf_counter()
    c.request("GET", "/metrics", headers={"Accept-Encoding": "gzip"})
    c.getresponse().read()
    times.append((time.perf_counter() - t) * 1000)
    time.sleep(0.05)
print(f"median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms")
PY
}

# Share of the sample lines whose value changed between two scrapes one round apart.
changed_share() {  # seconds apart
  curl -fsS "http://127.0.0.1:$nw_port/metrics" >"$work/a.txt"; sleep "$1"
  curl -fsS "http://127.0.0.1:$nw_port/metrics" >"$work/b.txt"
  python3 - "$work/a.txt" "$work/b.txt" <<'PY'
import sys
def read(p): return dict(l.rsplit(" ", 1) for l in open(p) if l.strip() and not l.startswith("#"))
a, b = read(sys.argv[1]), read(sys.argv[2])
print(f"{100 * sum(1 for k in b if a.get(k) != b[k]) / len(b):.0f}%")
PY
}

# Ok watch samples so far (the credit's left out): with the run's length, whether sampling kept up.
samples_ok() {
  curl -fsS "http://127.0.0.1:$nw_port/metrics" | python3 -c '
import sys
print(int(sum(float(l.rsplit(" ", 1)[1]) for l in sys.stdin
              if l.startswith("numwatch_samples_total{") and "outcome=\"ok\"" in l and "platform=\"credit\"" not in l)))'
}

table="$work/table.txt"
notes="$work/notes.txt"
printf '| series | mode | body | conns | numwatch req/s | p99 | nginx req/s | p99 | ratio |\n|---|---|---|---|---|---|---|---|---|\n' >"$table"
echo "wrk: 2 threads, ${duration}s per run; nginx: 1 worker; numwatch: $bin"
IFS=, read -ra size_list <<<"$sizes"
IFS=, read -ra conn_list <<<"$connections"
for size in "${size_list[@]}"; do
  for mode in "${modes[@]}"; do
    label=$mode; [ "$mode" = churn ] && label="churn $churn"
    sim_pids=()
    start_providers "$mode" "$size"
    start_serve "$mode" "$size"
    curl -fsS "http://127.0.0.1:$nw_port/metrics" >"$work/www/metrics"
    curl -fsS -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nw_port/metrics" >"$work/www/metrics.gz"
    series=$(grep -vc '^#' "$work/www/metrics")
    changed="-"; [ "$mode" = churn ] && changed=$(changed_share "${churn%s}")
    echo "== $size, $label: ${#sim_ports[@]} provider(s), $(wc -l <"$work/platforms.txt") watches each, $series series, $(wc -c <"$work/www/metrics") bytes, gzip $(wc -c <"$work/www/metrics.gz") bytes, changed per round: $changed"
    ok0=$(samples_ok); t0=$(date +%s)
    for conns in "${conn_list[@]}"; do
      for body in plain gzip; do
        hdr=(); [ "$body" = gzip ] && hdr=(-H 'Accept-Encoding: gzip')
        read -r nx_rps nx_p99 <<<"$(wrk_run "http://127.0.0.1:$nginx_port/metrics" "${hdr[@]}")"
        read -r nw_rps nw_p99 <<<"$(wrk_run "http://127.0.0.1:$nw_port/metrics" "${hdr[@]}")"
        ratio=$(python3 -c "print(f'{$nw_rps / $nx_rps:.2f}')")
        row="| $series | $label | $body | $conns | $nw_rps | $nw_p99 | $nx_rps | $nx_p99 | $ratio |"
        echo "$row"; echo "$row" >>"$table"
      done
    done
    kept="-"
    if [ "$mode" = churn ]; then
      ok1=$(samples_ok); watches=$(curl -fsS "http://127.0.0.1:$nw_port/metrics" | grep -c '^numwatch_watch_interval_seconds{')
      kept="$(( ok1 - ok0 )) of $(( watches * ($(date +%s) - t0) / ${churn%s} )) due"
    fi
    scrapes=$(serial_scrapes)
    hwm=$(awk '/VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$serve_pid/status")
    note="$series series, $label: serial scrapes (gzip, $serial): $scrapes; serve peak RSS (VmHWM) $hwm; series changed per round: $changed; watch samples taken during the wrk runs: $kept"
    echo "$note"; echo "- $note" >>"$notes"
    stop "$serve_pid" "$advance_pid" "${sim_pids[@]}"
  done
done
echo
cat "$table"
echo
cat "$notes"
