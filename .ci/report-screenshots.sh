#!/usr/bin/env bash
# The HTML report in a real browser: numwatch serve against the simulator, on a database that
# already holds 60 days of history (so the charts have something to draw), each page rendered
# by headless Chromium, light and dark. Fails on a page that is blank or logs a console error
# (a script error, a blocked resource, a failed load). Screenshots go to .ci/out/report/.
# Usage: .ci/report-screenshots.sh [bin-dir]   (default: the debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-core >/dev/null 2>&1 || need+=(fonts-noto-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "== apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

bin=${1:-$(swift build --show-bin-path)}
out=.ci/out/report
rm -rf "$out"; mkdir -p "$out"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

"$bin/numwatch-bench" report-db "$work/numwatch.sqlite" --watches 3 --days 60 >"$work/generate.txt"
sim_port=$(free_port); nw_port=$(free_port)
"$bin/numwatch" simulate --listen "127.0.0.1:$sim_port" --log-level error >"$work/sim.log" 2>&1 & pids+=($!)
cat >"$work/numwatch.yml" <<YAML
provider:
  base_url: http://127.0.0.1:$sim_port/
sampling:
  interval: 10s
  credit_interval: 10s
storage:
  path: $work/numwatch.sqlite
http:
  listen: 127.0.0.1:$nw_port
watches:
  - services: [whatsapp]
  - services: [telegram]
  - services: [instagram]
    countries: [romania, russia, india, indonesia, usa, united_kingdom, germany, brazil]
YAML
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$sim_port/_sim/state" >/dev/null 2>&1 && break; sleep 0.1; done
# The simulated account holds what the history ends on (its prices and stock already match).
curl -fsS -X POST "http://127.0.0.1:$sim_port/_sim/credit?credit=$(sed -n 's/^credit: //p' "$work/generate.txt")" >/dev/null
NUMWATCH_TOKEN=demo-token "$bin/numwatch" serve --config "$work/numwatch.yml" --log-level error >"$work/serve.log" 2>&1 & pids+=($!)
base="http://127.0.0.1:$nw_port"
# Wait for the first live round of every watch and the credit (the overview then has no banner).
for _ in $(seq 150); do
  page=$(curl -fsS "$base/" 2>/dev/null || true)
  if grep -q 'Sampling' <<<"$page" && ! grep -q 'no data yet' <<<"$page" && ! grep -q 'class="banner' <<<"$page"; then break; fi
  sleep 0.2
done

# Numbers taken through numwatch (the CLI, on serve's database) so the watch page shows activation
# rates: nine telegram numbers in three countries; past their 20-minute life each has had its SMS
# (about 85 %) or expired, and one check each records which.
ids=()
for country in russia india indonesia; do
  for _ in 1 2 3; do
    ids+=($(NUMWATCH_TOKEN=demo-token "$bin/numwatch" number take --config "$work/numwatch.yml" --country "$country" telegram \
      | grep -oE '^[A-Za-z0-9]{10} ' || true))
  done
done
curl -fsS -X POST "http://127.0.0.1:$sim_port/_sim/advance?seconds=1300" >/dev/null
NUMWATCH_TOKEN=demo-token "$bin/numwatch" number check --config "$work/numwatch.yml" "${ids[@]}" >"$work/checks.txt"
echo "took ${#ids[@]} numbers; $(grep -c ' from ' "$work/checks.txt" || true) received an SMS"

failed=0
shoot() {  # name, path, scheme (light|dark), height
  local name=$1 path=$2 scheme=$3 height=${4:-1600}
  local flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions
               --enable-logging=stderr --v=0 --window-size=1280,"$height")
  [ "$scheme" = dark ] && flags+=(--force-dark-mode --blink-settings=preferredColorScheme=0)
  timeout 60 chromium "${flags[@]}" --screenshot="$out/$name-$scheme.png" "$base$path" >"$work/$name-$scheme.log" 2>&1 || true
  timeout 60 chromium "${flags[@]}" --dump-dom "$base$path" >"$work/$name-$scheme.html" 2>"$work/$name-$scheme.dom.log" || true
  local text size
  text=$(python3 -c 'import re,sys; h=open(sys.argv[1]).read(); h=re.sub(r"(?s)<(style|title)>.*?</\1>","",h); print(len(" ".join(re.sub(r"<[^>]+>"," ",h).split())))' "$work/$name-$scheme.html")
  size=$(stat -c %s "$out/$name-$scheme.png" 2>/dev/null || echo 0)
  # Console messages of the page: errors show as CONSOLE lines, "Uncaught", or "Refused to" (CSP).
  local console
  console=$(grep -hE 'CONSOLE|Uncaught|Refused to' "$work/$name-$scheme.log" "$work/$name-$scheme.dom.log" | grep -v 'status of 404' || true)
  if [ "$text" -lt 100 ] || [ "$size" -lt 15000 ]; then
    echo "FAIL $name ($scheme): blank page? ${text} characters of text, screenshot ${size} bytes"; failed=1
  elif [ -n "$console" ]; then
    echo "FAIL $name ($scheme): console errors:"; echo "$console"; failed=1
  else
    echo "ok   $name ($scheme): ${text} characters of text, $out/$name-$scheme.png (${size} bytes)"
  fi
}
for scheme in light dark; do
  shoot overview / "$scheme" 1450
  shoot watch-telegram /watch/telegram "$scheme" 2000
  shoot watch-telegram-30d-by-stock "/watch/telegram?range=30d&sort=stock" "$scheme" 1400
  shoot watch-whatsapp-1y "/watch/whatsapp?range=1y&country=india" "$scheme" 1100
  shoot alerts /alerts "$scheme" 700
  shoot not-found /watch/no-such-watch "$scheme" 600
done
# The 404 must be our page, with its status.
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' "$base/watch/no-such-watch")
[ "$code" = 404 ] || { echo "FAIL not-found: HTTP $code"; failed=1; }
[ "$failed" -eq 0 ] || { echo "serve log:"; tail -20 "$work/serve.log"; exit 1; }
echo "screenshots in $out/"
