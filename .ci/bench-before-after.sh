#!/usr/bin/env bash
# Issue 10 figure: the render cost of catalogue pages, two builds side by side in one run.
#   BEFORE=/path/to/old/hangviet AFTER=./target/release/hangviet .ci/bench-before-after.sh
# For each page: instructions per request counted by valgrind's callgrind (deterministic: the
# request-serving code only, 20 requests after 5 warm-up ones), then wrk throughput in
# alternating rounds (ROUNDS × DURATION each, the two servers never loaded at once). Any
# Cookie header bypasses the page cache, so every request below is rendered.
# Needs valgrind and wrk (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=${BEFORE:?path to the older build}
AFTER=${AFTER:-./target/release/hangviet}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-8s}
PATHS=${PATHS:-/san-pham /san-pham/mat-hoa-dua /en/san-pham}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
export RUST_LOG=warn

for side in before after; do
  bin=$BEFORE; [ $side = after ] && bin=$AFTER
  "$bin" --data-dir "$work/$side" seed-demo >/dev/null
done

wait_up() { until curl -sf -o /dev/null "http://127.0.0.1:$1/healthz"; do sleep 0.1; done; }

# Instructions per request.
count() { # bin data port path
  local out=$work/cg.$3
  rm -f "$out".*
  valgrind --tool=callgrind --collect-atstart=no \
    --toggle-collect='*Dispatcher<T,S,B,X,U> as core::future::future::Future>::poll' \
    --toggle-collect='*BlockingTask<T> as core::future::future::Future>::poll' \
    --callgrind-out-file="$out.%p" "$1" --data-dir "$2" serve --bind "127.0.0.1:$3" >/dev/null 2>&1 &
  local pid=$!
  wait_up "$3"
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Cookie: hv_bench=1' "http://127.0.0.1:$3$4")
  if [ "$code" != 200 ]; then kill $pid; wait $pid 2>/dev/null || true; echo "-"; return; fi
  for _ in 1 2 3 4 5; do curl -s -o /dev/null -H 'Cookie: hv_bench=1' "http://127.0.0.1:$3$4"; done
  callgrind_control -z $pid >/dev/null
  for _ in $(seq 20); do curl -s -o /dev/null -H 'Cookie: hv_bench=1' "http://127.0.0.1:$3$4"; done
  callgrind_control -d $pid >/dev/null
  kill $pid; wait $pid 2>/dev/null || true
  callgrind_annotate "$out.$pid.1" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); printf "%.2fM", $1 / 20 / 1e6}'
}

echo "instructions per request (callgrind):"
for path in $PATHS; do
  b=$(count "$BEFORE" "$work/before" 8191 "$path")
  a=$(count "$AFTER" "$work/after" 8192 "$path")
  echo "  $path: before $b, after $a"
done

"$BEFORE" --data-dir "$work/before" serve --bind 127.0.0.1:8191 & pids+=($!)
"$AFTER" --data-dir "$work/after" serve --bind 127.0.0.1:8192 & pids+=($!)
wait_up 8191; wait_up 8192
echo "throughput (wrk -t2 -c32, $ROUNDS alternating rounds of $DURATION, mean req/s):"
for path in $PATHS; do
  declare -A sum=([8191]=0 [8192]=0)
  for port in 8191 8192; do wrk -t2 -c32 -d2s -H 'Cookie: hv_bench=1' "http://127.0.0.1:$port$path" >/dev/null; done
  skip=""
  for _ in $(seq "$ROUNDS"); do
    for port in 8191 8192; do
      code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Cookie: hv_bench=1' "http://127.0.0.1:$port$path")
      [ "$code" = 200 ] || { skip="$skip $port"; continue; }
      rps=$(wrk -t2 -c32 -d"$DURATION" -H 'Cookie: hv_bench=1' "http://127.0.0.1:$port$path" | awk '/Requests\/sec/ {print $2}')
      sum[$port]=$(echo "${sum[$port]} + $rps" | bc -l)
    done
  done
  mean() { case "$skip" in *$1*) echo "-";; *) printf '%.0f' "$(echo "${sum[$1]} / $ROUNDS" | bc -l)";; esac; }
  echo "  $path: before $(mean 8191), after $(mean 8192)"
done
