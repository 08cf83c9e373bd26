#!/usr/bin/env bash
# A real Prometheus reads numwatch's gzip /metrics (issue 20): serve against the simulator, every
# simulator service watched (~10,000 series), Prometheus scraping it every second through a
# pass-through proxy that records what went over the wire (the request's Accept-Encoding, the
# answer's Content-Encoding and type, and how many gzip members the body holds). Passes when:
# - every scrape Prometheus made asked for gzip and got a gzip body, and up == 1;
# - the body's last series (in the last gzip member when there are several) is in Prometheus's
#   TSDB, so Prometheus read the whole stream and not only its first member;
# - the text exposition, gzipped and then gunzipped, passes `promtool check metrics` silently.
# Single-member and multi-member gzip are both valid (RFC 1952 2.2; Go's gzip.Reader reads every
# member). `gunzip` is used rather than `curl --compressed`: curl's decoder stops with error 23 at
# the end of the first member (curl/curl#22156), which a multi-member body would trip.
# Prints one line. Usage: .ci/gzip-scrape-check.sh [path/to/numwatch]   (default: the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-$(swift build --show-bin-path)/numwatch}
source .ci/lib.sh

sim_port=$(free_port); nw_port=$(free_port); proxy_port=$(free_port); prom_port=$(free_port)
start_simulator "$sim_port"
{
  echo "provider: { base_url: 'http://127.0.0.1:$sim_port/' }"
  echo "sampling: { interval: 5s, credit_interval: 5s }"
  echo "storage: { path: '$work/numwatch.sqlite' }"
  echo "http: { listen: '127.0.0.1:$nw_port' }"
  echo "watches:"
  sed -n 's/.*ServiceInfo(code: "\([a-z_]*\)".*/  - services: [\1]/p' Sources/Simulator/CatalogueData.swift
  echo "  - services: [telegram, whatsapp]"
} >"$work/numwatch.yml"
NUMWATCH_TOKEN=demo-token "$bin" serve --config "$work/numwatch.yml" --log-level warning >"$work/serve.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$nw_port/metrics" 'numwatch_price_toman{provider="main",platform="telegram+whatsapp"' 60

# The proxy: forwards each GET unchanged (headers and body bytes) and logs one line per scrape:
# accept-encoding, content-encoding, content-type, bytes, gzip members, last sample line.
python3 - "$proxy_port" "$nw_port" "$work/wire.log" >"$work/proxy.log" 2>&1 <<'PY' & pids+=($!)
import http.client, http.server, sys, zlib
port, upstream, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def members(body):
    count, data, text = 0, body, b""
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        text += d.decompress(data)
        if not d.eof: raise ValueError("a gzip member is cut short")
        count, data = count + 1, d.unused_data
    return count, text
class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        c = http.client.HTTPConnection("127.0.0.1", upstream, timeout=10)
        c.request("GET", self.path, headers={k: v for k, v in self.headers.items() if k.lower() != "host"})
        r = c.getresponse(); body = r.read()
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"): self.send_header(k, v)
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
        encoding = r.getheader("Content-Encoding", "identity")
        count, text = members(body) if encoding == "gzip" else (0, body)
        last = [l for l in text.decode().splitlines() if l and not l.startswith("#")][-1]
        with open(log, "a") as f:
            print(self.headers.get("Accept-Encoding", "-"), encoding, r.getheader("Content-Type"), len(body), count, last, sep="\t", file=f)
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), Proxy).serve_forever()
PY
cat >"$work/prometheus.yml" <<YAML
global: { scrape_interval: 1s }
scrape_configs:
  - job_name: numwatch
    static_configs: [ { targets: [ "127.0.0.1:$proxy_port" ] } ]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 & pids+=($!)
api="http://127.0.0.1:$prom_port/api/v1/query"
fail() { echo "gzip scrape check: FAILED: $1" >&2; for f in wire proxy prometheus; do tail -5 "$work/$f.log" >&2 || true; done; exit 1; }
wait_for "$api?query=up%7Bjob%3D%22numwatch%22%7D%3D%3D1" '"result":\[{' 40 || fail "up == 1 never came"
wait_for "$api?query=count(numwatch_price_toman)" '"result":\[{' 20 || fail "no numwatch_price_toman in the TSDB"

# The last series of the latest scrape's body: the newest sample needs a scrape to land.
IFS=$'\t' read -r accept encoding type bytes count last <<<"$(tail -1 "$work/wire.log")"
selector=${last% *}
wait_for "$api?query=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "count($selector)")" '"result":\[{' 10 \
  || fail "the body's last series $selector is not in Prometheus's TSDB"
scrapes=$(wc -l <"$work/wire.log")
not_gzip=$(awk -F'\t' '$1 !~ /gzip/ || $2 != "gzip"' "$work/wire.log" | wc -l)
[ "$not_gzip" -eq 0 ] || fail "$not_gzip of $scrapes scrapes were not gzip both ways"

# promtool on the text exposition, gzipped on the wire and gunzipped here (every member).
curl -fsS -D "$work/headers" -H 'Accept-Encoding: gzip' -o "$work/metrics.gz" "http://127.0.0.1:$nw_port/metrics"
grep -qi '^content-encoding: gzip' "$work/headers" || fail "the text exposition was not sent gzipped"
gunzip -c "$work/metrics.gz" >"$work/metrics.txt"
lint=$(promtool check metrics <"$work/metrics.txt" 2>&1) || fail "promtool check metrics: $lint"
[ -z "$lint" ] || fail "promtool check metrics is not silent: $lint"
# What a person sees: curl --compressed (like a browser) reads a gzip file's first member only,
# so the body must be one member holding it all.
[ "$count" -eq 1 ] || fail "the gzip body has $count members: curl --compressed and browsers would show only the first"
curl -fsS --compressed "http://127.0.0.1:$nw_port/metrics" >"$work/compressed.txt" || fail "curl --compressed could not read /metrics"
[ "$(tail -1 "$work/compressed.txt")" = "$(tail -1 "$work/metrics.txt")" ] || fail "curl --compressed got a cut exposition"
echo "gzip scrape check: passed: $scrapes Prometheus scrapes gzip ($type, $bytes bytes, $count gzip member(s)), up == 1, last series $selector in the TSDB; text body $(wc -c <"$work/metrics.gz") bytes gzip, $(wc -l <"$work/metrics.txt") lines gunzipped, promtool check metrics silent, curl --compressed reads it whole"
