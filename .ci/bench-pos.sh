#!/usr/bin/env bash
# Issue 13 figures (not part of .ci/run): "near me" with 100,000 points of sale. Builds the
# release binary, seeds the demo catalogue plus 100,000 generated points of sale spread around
# the provinces' centres, starts the server with the page cache off (every request is
# rendered), and prints p50/p99 at 8 connections of
#   - /api/v1/points-of-sale?near=… (Hà Nội, the densest place),
#   - a product page listing 50 points of sale, without and with ?near=….
# DATABASE_URL=postgres://… runs it on PostgreSQL (the database must be empty).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-./target}
BIN=${BIN:-$TARGET/release/hangviet}
DATA=${DATA:-/tmp/hv-bench-pos}
PORT=${PORT:-8098}
DURATION=${DURATION:-20s}
POINTS=${POINTS:-100000}
NEAR=${NEAR:-21.0285,105.8542}
export RUST_LOG=warn
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
cargo build --release --locked
rm -rf "$DATA"
echo "== seeding the demo catalogue and $POINTS points of sale"
/usr/bin/time -f "seed: %e s, peak memory %M KB" \
  "$BIN" --data-dir "$DATA" seed-demo --points-of-sale "$POINTS" | tail -n 1

HANGVIET_PAGE_CACHE_SECONDS=0 "$BIN" --data-dir "$DATA" serve --bind 127.0.0.1:$PORT & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null http://127.0.0.1:$PORT/healthz; do sleep 0.05; done

base=http://127.0.0.1:$PORT
# A product of the producer nearest Hà Nội: with 100,000 points of sale its page lists 50.
producer=$(curl -sf "$base/api/v1/points-of-sale?near=$NEAR" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["producer"]["slug"])')
product=$(curl -sf "$base/api/v1/producers/$producer" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["products"]["items"][0]["slug"])')
shown=$(curl -sf "$base/san-pham/$product" | grep -c 'class="pos"' || true)
echo "product page /san-pham/$product lists $shown points of sale"

measure() {
  local label=$1 path=$2 out
  out=$(wrk -t2 -c8 -d"$DURATION" --latency "$base$path")
  echo "$label: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s," \
    "p50 $(echo "$out" | awk '$1 == "50%" {print $2}')," \
    "p99 $(echo "$out" | awk '$1 == "99%" {print $2}')" \
    "$(echo "$out" | awk '/Non-2xx/ {print "non-2xx " $NF}')"
}
echo "== 8 connections, $DURATION each, page cache off"
measure "GET /api/v1/points-of-sale?near=$NEAR" "/api/v1/points-of-sale?near=$NEAR"
measure "GET /api/v1/points-of-sale?near=$NEAR&page=5" "/api/v1/points-of-sale?near=$NEAR&page=5"
measure "GET /san-pham/$product ($shown points of sale)" "/san-pham/$product"
measure "GET /san-pham/$product?near=$NEAR" "/san-pham/$product?near=$NEAR"
measure "GET /diem-ban?near=$NEAR" "/diem-ban?near=$NEAR"
echo "peak server memory (VmHWM): $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
