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
