# Shared by the live CI scripts: sourced after `bin` is set. A scratch folder, background
# processes stopped on exit, free loopback ports, and waiting for an answer.
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() {  # url, grep pattern, seconds
  for _ in $(seq 1 "$(( $3 * 5 ))"); do
    # The whole answer first: grep -q stopping early would SIGPIPE curl under pipefail.
    if grep -q "$2" <<<"$(curl -fsS "$1" 2>/dev/null)"; then return 0; fi
    sleep 0.2
  done
  echo "timed out waiting for $2 at $1" >&2; return 1
}

start_simulator() {  # port: the provider simulator (token demo-token), ready when this returns
  "$bin" simulate --listen "127.0.0.1:$1" --log-level warning >"$work/sim.log" 2>&1 & pids+=($!)
  wait_for "http://127.0.0.1:$1/_sim/state" credit 30
}
start_alertmanager() {  # port: Debian's Alertmanager with one receiver and no cluster, ready when this returns
  local am
  am=$(command -v prometheus-alertmanager || command -v alertmanager)
  printf 'route:\n  receiver: ops\nreceivers:\n  - name: ops\n' >"$work/am.yml"
  "$am" --config.file="$work/am.yml" --storage.path="$work/am-data" --web.listen-address="127.0.0.1:$1" \
    --cluster.listen-address= >"$work/am.log" 2>&1 & pids+=($!)
  wait_for "http://127.0.0.1:$1/-/ready" "" 30
}

# One progress line: rewritten in place on a terminal, every tenth one printed in a log.
progress_count=0
progress() {
  if [ -t 1 ]; then printf '\r%s\033[K' "$1"
  elif (( progress_count++ % 10 == 0 )); then echo "$1"; fi
}
