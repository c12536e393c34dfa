#!/usr/bin/env bash
# Scale figures (issue 16), measured with the release binary, not run by CI:
#  1. `hangviet seed-demo --products PRODUCTS` (SQLite, embedded index) under /usr/bin/time -v:
#     wall time and peak memory (max RSS); seeding ends with an index rebuild; then
#     `hangviet import-awards` of a generated list of IMPORT_ROWS (default PRODUCTS) lines into
#     an empty database of its own, likewise;
#  2. `hangviet reindex` on both search backends, each under /usr/bin/time -v: the embedded
#     index, then Meilisearch (../shared/bin/meilisearch, started by .ci/meilisearch.sh);
#  3. `hangviet serve`, then `wrk --latency -c 8 -t 2 -d DURATION` on every public page and
#     API answer below, each with a `Cookie` header so the page cache is bypassed (a request
#     with a cookie is always rendered, see src/page_cache.rs): req/s, p50 and p99; slugs are
#     picked from the seeded database with sqlite3; `/api/v1/search` again with the server on
#     Meilisearch;
#  4. the server's memory after the run (VmRSS, and its peak VmHWM), the database's size and
#     both indexes' sizes.
# Prints one markdown table. Needs wrk, sqlite3, curl and /usr/bin/time (Debian packages).
#
#   .ci/bench-scale.sh                                  # builds, PRODUCTS=1000000
#   SKIP_BUILD=1 PRODUCTS=20000 DURATION=5s .ci/bench-scale.sh
#   KEEP_DATA=1 SKIP_BUILD=1 .ci/bench-scale.sh         # reuses a seeded DATA dir (no seed row)
#   SKIP_REINDEX=1 / SKIP_MEILI=1 / IMPORT_ROWS=0       # leave out those steps
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-${CARGO_TARGET_DIR:-./target}/release/hangviet}
DATA=${DATA:-/tmp/hv-scale-bench}
PRODUCTS=${PRODUCTS:-1000000}
PORT=${PORT:-8095}
DURATION=${DURATION:-10s}
COOKIE='Cookie: hv_bench=1'
export RUST_LOG=warn
unset MEILI_URL MEILI_API_KEY DATABASE_URL
export HANGVIET_SEARCH=index
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked
for tool in wrk sqlite3 curl /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench-scale.sh needs $tool" >&2; exit 1; }
done

rows=()
row() { local line="| $1 | $2 | $3 | $4 | $5 |"; rows+=("$line"); echo "$line" >&2; }
mb() { echo "$(( $1 / 1024 / 1024 )) MB"; }

# Runs a command under /usr/bin/time -v; sets `wall` and `rss_mb`.
timed() {
  /usr/bin/time -v "$@" >"$DATA.out" 2>"$DATA.time" || { cat "$DATA.out" "$DATA.time" >&2; exit 1; }
  wall=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$DATA.time")
  rss_mb=$(( $(awk '/Maximum resident set size/ {print $NF}' "$DATA.time") / 1024 ))
}

if [ -z "${KEEP_DATA:-}" ] || [ ! -f "$DATA/hangviet.db" ]; then
  rm -rf "$DATA"; mkdir -p "$DATA"
  echo "seeding $PRODUCTS products into $DATA ..." >&2
  timed "$BIN" --data-dir "$DATA" seed-demo --products "$PRODUCTS"
  row "seed-demo --products $PRODUCTS (with its index rebuild)" "" "" "" "wall $wall, peak RSS $rss_mb MB"
fi
db="$DATA/hangviet.db"
q() { sqlite3 -cmd ".timeout 10000" "$db" "$1"; }

# A yearly award list of IMPORT_ROWS lines (default: PRODUCTS), each a new product (ten per
# producer), imported into an empty database of its own: time and peak memory.
IMPORT_ROWS=${IMPORT_ROWS:-$PRODUCTS}
if [ "$IMPORT_ROWS" -gt 0 ]; then
  import_dir="$DATA-import"
  rm -rf "$import_dir"; mkdir -p "$import_dir"
  awk -v n="$IMPORT_ROWS" 'BEGIN {
    print "programme,year,tier,product,producer,tax_code,category,province,certificate_no,valid_until,source_url"
    for (i = 0; i < n; i++)
      printf "ocop,2023,%d,Trà sen loại %d,Hợp tác xã Trà Sen %d,,do-uong,Hà Nội,,,\n", 3 + i % 3, i, int(i / 10)
  }' >"$import_dir/list.csv"
  echo "importing $IMPORT_ROWS award lines into an empty database ..." >&2
  timed "$BIN" --data-dir "$import_dir" import-awards "$import_dir/list.csv"
  row "import-awards, $IMPORT_ROWS new lines ($(mb "$(stat -c %s "$import_dir/list.csv")"))" "" "" "" "wall $wall, peak RSS $rss_mb MB"
  rm -rf "$import_dir"
fi

if [ -z "${SKIP_REINDEX:-}" ]; then
  echo "reindexing (embedded) ..." >&2
  timed "$BIN" --data-dir "$DATA" reindex
  row "reindex, embedded index" "" "" "" "wall $wall, peak RSS $rss_mb MB"
fi

meili_dir=$(mktemp -d /tmp/hv-scale-meili.XXXXXX)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  bash .ci/meilisearch.sh stop "$meili_dir" >/dev/null 2>&1 || true
  rm -f "$DATA.out" "$DATA.time"
}
trap cleanup EXIT
if [ -z "${SKIP_MEILI:-}" ]; then
  eval "$(bash .ci/meilisearch.sh start "$meili_dir" | sed 's/^/export /')"
  meili_url=$MEILI_URL meili_key=$MEILI_API_KEY
  unset MEILI_URL MEILI_API_KEY
  echo "reindexing (Meilisearch) ..." >&2
  MEILI_URL=$meili_url MEILI_API_KEY=$meili_key timed "$BIN" --data-dir "$DATA" reindex
  row "reindex, Meilisearch" "" "" "" "wall $wall, peak RSS $rss_mb MB (hangviet)"
fi

# Real slugs and values from the seeded catalogue.
published=$(q "select count(*) from products where status = 'published'")
deep=$(( published / 24 * 9 / 10 )); [ "$deep" -ge 2 ] || deep=2
product=$(q "select slug from products where status = 'published' order by id limit 1 offset $(( published / 2 ))")
producer=$(q "select r.slug from producers r join products p on p.producer_id = r.id
  where p.status = 'published' group by r.id order by count(*) desc, r.id limit 1")
category=$(q "select c.slug from categories c join products p on p.category_id = c.id
  group by c.id order by count(*) desc limit 1")
province=$(q "select v.slug from provinces v join producers r on r.province_id = v.id
  group by v.id order by count(*) desc limit 1")
read -r programme year < <(q "select programme, year from awards group by programme, year
  order by count(*) desc limit 1" | tr '|' ' ')
tier=$(q "select tier from awards where programme = 'ocop' and tier is not null group by tier
  order by count(*) desc limit 1")
# A former province (before the 2025 merger) with few producers, and the year fewest awards hold.
former=$(q "select a.slug from province_aliases a join producers r on r.province_alias_id = a.id
  group by a.id order by count(*), a.id limit 1")
rare_year=$(q "select year from awards group by year order by count(*), year limit 1")

start_server() {
  "$@" "$BIN" --data-dir "$DATA" serve --bind "127.0.0.1:$PORT" >"$DATA.out" 2>&1 & server=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; do
    kill -0 "$server" 2>/dev/null || { cat "$DATA.out" >&2; exit 1; }
    sleep 0.1
  done
}
# The server may be busy with background work (the open-data files, say): 10 s, then KILL.
stop_server() {
  kill "$server" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
}

# Reads wrk's --latency output in `out`: sets rps, p50, p99 and bad (non-2xx answers).
read_wrk() {
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
}

measure() { # label path
  local code first out rps p50 p99 bad
  # The first request of a search also counts its matches; wrk's repeat it then finds the
  # counts kept (src/search/count_cache.rs): its time is in the notes.
  read -r code first < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "$COOKIE" "http://127.0.0.1:$PORT$2")
  # wrk leaves answers slower than its timeout out of the latencies: 30 s, not 2 s.
  out=$(wrk --latency --timeout 30s -c 8 -t 2 -d "$DURATION" -H "$COOKIE" "http://127.0.0.1:$PORT$2")
  read_wrk
  errors=$(grep -o 'Socket errors:.*' <<<"$out" || true)
  row "$1 \`$2\`" "$rps" "$p50" "$p99" "HTTP $code, first request $(awk -v t="$first" 'BEGIN { printf "%.1f ms", t * 1000 }')${bad:+, non-2xx $bad}${errors:+, $errors}"
  echo "measured $2" >&2
}

# A sustained stream of catalogue changes: OUTBOX_RATE products a second queued for the
# search index for OUTBOX_SECONDS (as every writer queues them, one transaction a second),
# while the server's outbox worker indexes them; the backlog is read from /metrics each
# second, then how long it takes to drain once the stream stops.
OUTBOX_RATE=${OUTBOX_RATE:-200}
OUTBOX_SECONDS=${OUTBOX_SECONDS:-30}
pending() {
  curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^hangviet_search_outbox_pending/ {print $2}'
}
outbox_stream() {
  local max=0 n t0 drained="" backend=embedded
  [ -n "${MEILI_URL_FOR_SERVER:-}" ] && backend=Meilisearch
  for _ in $(seq "$OUTBOX_SECONDS"); do
    t0=$(date +%s.%N)
    q "INSERT INTO search_outbox (product_id, enqueued_at)
       SELECT id, CURRENT_TIMESTAMP FROM products WHERE status = 'published'
       AND id >= abs(random()) % $published LIMIT $OUTBOX_RATE"
    n=$(pending); [ "${n:-0}" -gt "$max" ] && max=$n
    sleep "$(awk -v t0="$t0" -v now="$(date +%s.%N)" 'BEGIN { d = 1 - (now - t0); print (d > 0 ? d : 0) }')"
  done
  t0=$(date +%s)
  for _ in $(seq 300); do
    n=$(pending)
    if [ "${n:-1}" -eq 0 ]; then drained=$(( $(date +%s) - t0 )); break; fi
    sleep 1
  done
  row "search outbox, $backend: $OUTBOX_RATE changes/s for $OUTBOX_SECONDS s" "" "" "" "largest backlog $max, drained ${drained:-not within 300} s after the stream"
  echo "outbox stream done ($backend)" >&2
}

start_server env
measure "home" "/"
measure "catalogue, first page" "/san-pham"
measure "catalogue, deep page" "/san-pham?page=$deep"
measure "filter: category" "/san-pham?category=$category"
measure "filter: province" "/san-pham?province=$province"
measure "filter: programme" "/san-pham?programme=$programme"
measure "filter: year" "/san-pham?year=$year"
measure "filter: programme + tier" "/san-pham?programme=ocop&tier=$tier"
measure "two filters: category + province" "/san-pham?category=$category&province=$province"
measure "two filters: year + programme" "/san-pham?year=$year&programme=$programme"
measure "two filters: programme + former province" "/san-pham?programme=ocop&province=$former"
measure "two filters: year + former province" "/san-pham?year=$year&province=$former"
measure "two filters: programme + category" "/san-pham?programme=$programme&category=$category"
measure "three filters, newest first" "/san-pham?year=$rare_year&programme=$programme&province=$former&sort=moi-nhat"
measure "year, newest first, page 100" "/san-pham?year=$year&sort=moi-nhat&page=100"
measure "rare year, newest first, page 100" "/san-pham?year=$rare_year&sort=moi-nhat&page=100"
measure "category, newest first, page 100" "/san-pham?category=$category&sort=moi-nhat&page=100"
measure "programme, best tier first" "/san-pham?programme=ocop&sort=hang-cao-nhat"
measure "product page" "/san-pham/$product"
measure "producer page" "/nha-san-xuat/$producer"
measure "producers directory" "/nha-san-xuat"
measure "award year page" "/giai-thuong/$programme/$year"
measure "award year page, former province" "/giai-thuong/$programme/$year?province=$former"
measure "API products, filtered" "/api/v1/products?category=$category&province=$province"
measure "API search, embedded" "/api/v1/search?q=nuoc+mam"
measure "API search + filter, embedded" "/api/v1/search?q=tra&province=$province"
measure "API search, four words, embedded" "/api/v1/search?q=nuoc+mam+phu+quoc"
outbox_stream
status=$(cat "/proc/$server/status")
row "server memory after the run (embedded)" "" "" "" "VmRSS $(awk '/VmRSS/ {print $2}' <<<"$status") kB, peak VmHWM $(awk '/VmHWM/ {print $2}' <<<"$status") kB"
stop_server

if [ -z "${SKIP_MEILI:-}" ]; then
  MEILI_URL_FOR_SERVER=1
  start_server env MEILI_URL="$meili_url" MEILI_API_KEY="$meili_key"
  measure "API search, Meilisearch" "/api/v1/search?q=nuoc+mam"
  measure "API search + filter, Meilisearch" "/api/v1/search?q=tra&province=$province"
  measure "API search, four words, Meilisearch" "/api/v1/search?q=nuoc+mam+phu+quoc"
  outbox_stream
  stop_server
  # The filtered search asked of Meilisearch itself, as the site asks it once the facet counts
  # are kept (the first page, the order of the ranking rules): what Meilisearch alone takes
  # at 8 connections on this machine, under the site's row above.
  lua="$DATA.meili.lua"
  cat >"$lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $meili_key"
wrk.body = [[{"q":"tra","matchingStrategy":"all","filter":"province = \\"$province\\"","page":1,"hitsPerPage":20}]]
LUA
  out=$(wrk --latency --timeout 30s -c 8 -t 2 -d "$DURATION" -s "$lua" "$meili_url/indexes/products/search")
  rm -f "$lua"
  read_wrk
  row "Meilisearch itself, the same filtered search (POST /indexes/products/search)" \
    "$rps" "$p50" "$p99" "${bad:+non-2xx $bad}"
fi

db_bytes=$(( $(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0) ))
row "database (SQLite, with its WAL)" "" "" "" "$(mb "$db_bytes")"
row "embedded index" "" "" "" "$(mb "$(du -sb "$DATA/search-index" | cut -f1)")"
[ -n "${SKIP_MEILI:-}" ] ||
  row "Meilisearch data" "" "" "" "$(mb "$(du -sb "$meili_dir" | cut -f1)"), Meilisearch VmRSS $(awk '/VmRSS/ {print $2}' "/proc/$(cat "$meili_dir/pid")/status") kB"

echo
echo "$PRODUCTS products ($published published), wrk -c 8 -t 2 -d $DURATION, header '$COOKIE', $(nproc) cores:"
echo
echo "| what | req/s | p50 | p99 | notes |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
