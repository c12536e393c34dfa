#!/usr/bin/env bash
# Issue 2 figures: start-up time, throughput and p99 of catalogue pages vs. a static file of
# the same size served by the same server, and peak server memory.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-./target/release/hangviet}
DATA=${DATA:-/tmp/hv-bench}
PORT=${PORT:-8097}
DURATION=${DURATION:-20s}
export RUST_LOG=warn
cargo build --release --locked
rm -rf "$DATA"
"$BIN" --data-dir "$DATA" seed-demo >/dev/null
echo "== time from serve to first 200 (demo already seeded)"
hyperfine --warmup 2 --runs 20 -N --export-json /tmp/startup.json \
  "bash -c '$BIN --data-dir $DATA serve --bind 127.0.0.1:$PORT & pid=\$!; until curl -sf -o /dev/null http://127.0.0.1:$PORT/; do sleep 0.002; done; kill -KILL \$pid; wait \$pid 2>/dev/null || true'" 2>&1 | grep -E "Time|Range"

run_server() {
  HANGVIET_PAGE_CACHE_SECONDS=$1 "$BIN" --data-dir "$DATA" serve --bind 127.0.0.1:$PORT & pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:$PORT/healthz; do sleep 0.01; done
}
measure() {
  local label=$1 path=$2 out rps p99 non2xx
  out=$(wrk -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$PORT$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  echo "$label: ${rps} req/s, p99 ${p99}${non2xx:+, non-2xx $non2xx}"
}
if [ -n "${STARTUP_ONLY:-}" ]; then exit 0; fi

run_server 0
list=$(curl -s http://127.0.0.1:$PORT/san-pham | wc -c)
product=$(curl -s http://127.0.0.1:$PORT/san-pham/mat-hoa-dua | wc -c)
# Static files of the same sizes, served by the same server's photo route.
for size in $list $product; do
  name=$(printf '%064d' "$size" | tr 0 a)-640.jpg
  mkdir -p "$DATA/media/aa"; head -c "$size" /dev/urandom > "$DATA/media/aa/$name"
done
static_list=/media/$(printf '%064d' "$list" | tr 0 a)-640.jpg
static_product=/media/$(printf '%064d' "$product" | tr 0 a)-640.jpg
echo "== page cache off (every request renders)"
measure "/san-pham ($list B)" /san-pham
measure "/san-pham/mat-hoa-dua ($product B)" /san-pham/mat-hoa-dua
measure "static file $list B" "$static_list"
measure "static file $product B" "$static_product"
echo "peak server memory (VmHWM): $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
kill $pid; wait $pid 2>/dev/null || true

run_server 5
echo "== page cache on (default: pages reused for 5 s)"
measure "/san-pham ($list B)" /san-pham
measure "/san-pham/mat-hoa-dua ($product B)" /san-pham/mat-hoa-dua
echo "peak server memory (VmHWM): $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
kill $pid; wait $pid 2>/dev/null || true
