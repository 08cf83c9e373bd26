#!/usr/bin/env bash
# Alerting benchmarks (release build):
#  1. evaluation cost per round: 10,000 series × 3 conditions, on an on-disk store (goal < 5 ms),
#     in a market that moves like the simulator's defaults and in a stress market;
#  2. alert latency: simulator change → webhook at a loopback receiver, through the real serve
#     (goal: p99 ≤ one sampling interval + 1 s);
#  3. provider-down latency: the simulator starts failing, NumwatchProviderDown at the receiver,
#     against last success + provider_down_after while the sampler backs off (goal: p99 ≤ 1 s + delivery).
# Usage: bench/alerts.sh [--series 10000] [--rounds 200] [--interval 5] [--changes 20] [--outages 10] [--after 20]
set -euo pipefail
cd "$(dirname "$0")/.."
# The same scratch path as bench/report.sh: a release build of its own beside the debug one.
swift build -c release --scratch-path .build-release --product numwatch-bench >/dev/null
bin=$(swift build -c release --scratch-path .build-release --show-bin-path)/numwatch-bench
"$bin" alerts-eval "$@"
"$bin" alerts-eval --stress "$@"
"$bin" alerts-latency "$@"
"$bin" provider-down-latency "$@"
