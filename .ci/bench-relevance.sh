#!/usr/bin/env bash
# Search relevance figures (issue 12), not part of .ci/run:
#
#   bash .ci/bench-relevance.sh                  precision@5 and nDCG@10 of the judged queries
#                                                (tests/relevance/judged.tsv) on the real demo
#                                                catalogue, on the embedded index and on
#                                                Meilisearch, and their top-10 agreement
#   PRODUCTS=100000 bash .ci/bench-relevance.sh  also the top-10 agreement of the two backends
#                                                on 1,000 generated queries over a generated
#                                                catalogue of that many products
#
# Starts ../shared/bin/meilisearch on loopback (see .ci/meilisearch.sh); BIN= picks another
# hangviet binary (to measure an older version the same way).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/hangviet
fi
work=$(mktemp -d)
cleanup() {
  bash .ci/meilisearch.sh stop "$work/meili" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
eval "$(bash .ci/meilisearch.sh start "$work/meili" | sed 's/^/export /')"
export HANGVIET_SEARCH_TIMEOUT_MS=30000

echo "== judged queries, real demo catalogue"
HANGVIET_DATA_DIR="$work/real" "$BIN" seed-demo --products 1 >/dev/null
HANGVIET_DATA_DIR="$work/real" HANGVIET_MEILI_INDEX=real "$BIN" search-eval
if [ -n "${PRODUCTS:-}" ]; then
  echo "== 1,000 generated queries, $PRODUCTS products"
  HANGVIET_DATA_DIR="$work/big" "$BIN" seed-demo --products "$PRODUCTS" >/dev/null
  HANGVIET_DATA_DIR="$work/big" HANGVIET_MEILI_INDEX=big "$BIN" search-eval --generated 1000
fi
