#!/usr/bin/env bash
# /api/v1/search on the embedded index, two binaries side by side (issue 12's cost of
# relevance): the same 100,000-product database, the same 1,500 queries (made by
# .ci/bench-search.sh's generator), wrk at 8 connections, one binary after the other.
#
#   BEFORE=/path/to/old/hangviet AFTER=target/release/hangviet DATA=/tmp/hv100k \
#     bash .ci/bench-search-ab.sh
#
# DATA holds a hangviet.db seeded with `seed-demo --products 100000` and QUERIES
# (/tmp/hangviet-queries.txt) the query paths; each binary gets a copy of the database and
# builds its own index first.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BEFORE:?BEFORE= the old binary}" "${AFTER:=target/release/hangviet}" "${DATA:=/tmp/hv100k}"
QUERIES=${QUERIES:-/tmp/hangviet-queries.txt}
PORT=${PORT:-8095}
DURATION=${DURATION:-20s}
export RUST_LOG=warn
for side in before after; do
  if [ $side = before ]; then BIN=$BEFORE; else BIN=$AFTER; fi
  dir=$(mktemp -d)
  cp "$DATA/hangviet.db" "$dir/"
  "$BIN" --data-dir "$dir" reindex >/dev/null 2>&1
  HANGVIET_SEARCH=index "$BIN" --data-dir "$dir" serve --bind 127.0.0.1:$PORT >/dev/null 2>&1 & pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:$PORT/healthz; do sleep 0.1; done
  echo "== $side: $BIN"
  QUERIES=$QUERIES wrk -t2 -c8 -d"$DURATION" --timeout 10s -s .ci/search-queries.lua "http://127.0.0.1:$PORT" | tail -n 1
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$dir"
done
