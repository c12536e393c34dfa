#!/usr/bin/env bash
# Issue 10 figure: the uncached render cost of catalogue pages. Any Cookie header bypasses
# the page cache, so every request below is rendered (the cache stays at its default).
# English pages are measured too when the build has them.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-./target/release/hangviet}
DATA=${DATA:-/tmp/hv-bench-render}
PORT=${PORT:-8098}
DURATION=${DURATION:-15s}
export RUST_LOG=warn
[ -n "${NO_BUILD:-}" ] || cargo build --release --locked
rm -rf "$DATA"
"$BIN" --data-dir "$DATA" seed-demo >/dev/null
"$BIN" --data-dir "$DATA" serve --bind 127.0.0.1:$PORT & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null http://127.0.0.1:$PORT/healthz; do sleep 0.01; done
for path in /san-pham /en/san-pham /san-pham/mat-hoa-dua /en/san-pham/mat-hoa-dua; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Cookie: hv_bench=1' "http://127.0.0.1:$PORT$path")
  [ "$code" = 200 ] || { echo "$path: $code, skipped"; continue; }
  out=$(wrk -t2 -c32 -d"$DURATION" --latency -H 'Cookie: hv_bench=1' "http://127.0.0.1:$PORT$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  echo "$path with a cookie (rendered every time): ${rps} req/s, p99 ${p99}${non2xx:+, non-2xx $non2xx}"
done
