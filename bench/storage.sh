#!/usr/bin/env bash
# Bytes on disk per observation after 30 simulated days, and observations ingested per second.
# Usage: bench/storage.sh [--days 30] [--stock-changes-per-hour 1] [--price-changes-per-day 2]
set -euo pipefail
cd "$(dirname "$0")/.."
# A scratch path of its own, so a release build never waits on (or disturbs) the debug one.
swift build -c release --scratch-path .build-release --product numwatch-bench >/dev/null
.build-release/release/numwatch-bench "$@"
