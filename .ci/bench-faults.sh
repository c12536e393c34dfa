#!/usr/bin/env bash
# Issue 9 section 3: faults and load, with nothing lost. Measures and prints
#   L1  public read mix at $CONNS connections for $DURATION, anonymous (page cache) and with a
#       signed-in cookie (uncached): errors, p50/p99
#   L2  the same while a business uploads $UPLOAD_RATE photos/s: errors, p99, upload answers,
#       "database is locked" in the server log
#   F1  Meilisearch killed (SIGKILL) mid-run, F2 hung (SIGSTOP): 5xx, degraded answers and their
#       latency while it is down, changes made meanwhile searchable after it returns (and when)
#   F4  PostgreSQL stopped and started mid-run: time until pages answer, acknowledged writes lost
#   F5  SIGKILL of the server $KILLS times during writes on SQLite: integrity_check, writes lost
#   F6  the media directory (a small tmpfs) fills during an upload: status, files left, rows
# Each part prints one line per figure; a table of them all ends the run. Logs, request logs
# (`time status seconds detail`) and the server logs stay in $WORK for a closer look.
# Usage: bash .ci/bench-faults.sh                     (everything, 60 s load runs, ~12 min)
#        PARTS="L1 F5" DURATION=10s bash .ci/bench-faults.sh
# Other knobs (environment): CONNS=256 UPLOAD_RATE=5 KILLS=20 DOWN=20 CHANGES=10 PG_GAPS="3 15"
# BIN=… (skip the build with NO_BUILD=1), WORK=/tmp/hv-faults, PORT, MEILI_PORT, PG_PORT.
# Uses loopback only. PostgreSQL parts run a throw-away cluster of their own (initdb in $WORK,
# database hv_bench), never the machine's main cluster; Meilisearch is ../shared/bin/meilisearch.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
PARTS=${PARTS:-"L1 L2 F1 F2 F4 F5 F6"}
DURATION=${DURATION:-60s}
CONNS=${CONNS:-256}
UPLOAD_RATE=${UPLOAD_RATE:-5}
KILLS=${KILLS:-20}
DOWN=${DOWN:-20}            # seconds Meilisearch stays killed or hung
CHANGES=${CHANGES:-10}      # approvals and as many hides made while it is down
PG_GAPS=${PG_GAPS:-"3 15"}  # seconds PostgreSQL stays stopped (one run each; the app's pool waits 10 s)
FAULT_CONNS=${FAULT_CONNS:-32}
WORK=${WORK:-/tmp/hv-faults}
# The first port from the one given that no socket uses (listening or connected): other
# servers and test runs share this machine. Defaults stay below the ephemeral port range.
free_port() { local p=$1; while ss -Htan "sport = :$p" | grep -q .; do p=$((p + 1)); done; echo "$p"; }
PORT=$(free_port "${PORT:-18187}")
MEILI_PORT=$(free_port "${MEILI_PORT:-17791}")
PG_PORT=$(free_port "${PG_PORT:-25432}")
MEILI=${MEILI:-../shared/bin/meilisearch}
BIN=${BIN:-${CARGO_TARGET_DIR:-$REPO/target}/release/hangviet}
PY="python3 $REPO/.ci/bench_faults.py"
BASE="http://127.0.0.1:$PORT"
PASSWORD="Mật khẩu đo tải đủ dài 2026"
BIZ=doanhnghiep@bench.vn
OFFICIAL=canbo@bench.vn
export RUST_LOG=${RUST_LOG:-warn}

secs() { case $1 in *ms) echo "scale=3; ${1%ms}/1000" | bc ;; *s) echo "${1%s}" ;; *m) echo $(( ${1%m} * 60 )) ;; *) echo "$1" ;; esac; }
DUR_S=$(secs "$DURATION")
want() { [[ " $PARTS " == *" $1 "* ]]; }
log() { printf '\n== %s\n' "$*"; }
SUMMARY=()
summary() { SUMMARY+=("$1|$2"); printf '%s: %s\n' "$1" "$2"; }

# ---------------------------------------------------------------- cleanup of what we started
PIDS=()
MOUNTS=()
PGDATA_DIR=""
cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do
    # Background jobs are subshells: their children (wrk, python) first.
    pkill -P "$pid" 2>/dev/null
    if kill -0 "$pid" 2>/dev/null; then kill -CONT "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; fi
  done
  sleep 0.3
  for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null; done
  for m in "${MOUNTS[@]}"; do umount -l "$m" 2>/dev/null; done
  if [ -n "$PGDATA_DIR" ] && [ -f "$PGDATA_DIR/postmaster.pid" ]; then
    su postgres -c "$PG_BIN/pg_ctl -D $PGDATA_DIR -m immediate stop" >/dev/null 2>&1
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
forget() { local keep=() p; for p in "${PIDS[@]}"; do [ "$p" != "$1" ] && keep+=("$p"); done; PIDS=("${keep[@]}"); }
stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; forget "$1"; }

# ---------------------------------------------------------------- tools
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  [ -n "${APT_UPDATED:-}" ] || { apt-get update -qq >&2; APT_UPDATED=1; }
  apt-get install -y -qq "$@" >&2
}
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v bc >/dev/null || need+=(bc)
command -v curl >/dev/null || need+=(curl)
command -v ss >/dev/null || need+=(iproute2)
if { want F1 || want F2 || want F4; } && [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then need+=(postgresql); fi
if [ ${#need[@]} -gt 0 ]; then echo "Installing ${need[*]} from Debian's packages…" >&2; apt_install "${need[@]}"; fi
python3 -c 'import PIL' 2>/dev/null || pip install -q pillow 2>/dev/null || pip install -q --break-system-packages pillow

if [ -z "${NO_BUILD:-}" ]; then cargo build --release --locked; fi
[ -x "$BIN" ] || { echo "no binary at $BIN" >&2; exit 1; }
rm -rf "$WORK"; mkdir -p "$WORK"

# ---------------------------------------------------------------- helpers
# start_server NAME DATA_DIR [VAR=value…]: the app on $PORT, log in $WORK/NAME.log.
start_server() {
  local name=$1 data=$2; shift 2
  # The public address is the one the driver uses (its Origin header must match it).
  env HANGVIET_PUBLIC_URL="$BASE" "$@" "$BIN" --data-dir "$data" serve --bind "127.0.0.1:$PORT" >>"$WORK/$name.log" 2>&1 &
  SERVER=$!; PIDS+=("$SERVER")
  local t0=$SECONDS
  until curl -sf -o /dev/null "$BASE/healthz"; do
    kill -0 "$SERVER" 2>/dev/null || { echo "server $name died:"; tail -n 20 "$WORK/$name.log"; return 1; }
    [ $((SECONDS - t0)) -lt 300 ] || { echo "server $name did not start"; return 1; }
    sleep 0.05
  done
}
# add_user DATA_DIR ROLE EMAIL [VAR=value…]: an account through the CLI; an existing one is kept.
add_user() {
  local data=$1 role=$2 email=$3; shift 3
  printf '%s\n' "$PASSWORD" | env "$@" "$BIN" --data-dir "$data" user add --email "$email" --role "$role" --name "Bench $role" >/dev/null 2>&1 || true
}
# A demo catalogue on SQLite, seeded once and copied for each part.
SEED=$WORK/seed-sqlite
sqlite_copy() {
  if [ ! -f "$SEED/hangviet.db" ]; then
    "$BIN" --data-dir "$SEED" seed-demo >"$WORK/seed.log" 2>&1
  fi
  rm -rf "$1"; cp -a "$SEED" "$1"
}
photos() {
  [ -d "$WORK/photos" ] || $PY photos "$WORK/photos" --n 12 --size "${PHOTO_SIZE:-2000x1500}"
}
# Counts of a request log (`time status seconds detail`): "total n2xx n3xx n4xx n5xx nerr".
count_log() {
  awk '{t++} $2 ~ /^2/ {a++} $2 ~ /^3/ {b++} $2 ~ /^4/ {c++} $2 ~ /^5/ {d++} $2 == "ERR" {e++}
       END {printf "%d %d %d %d %d %d\n", t, a, b, c, d, e}' "$1"
}
# p99 and max of the seconds column of the lines of a log (stdin), in ms.
latency() { awk '{print $3 * 1000}' | sort -n | awk '{a[NR]=$1} END {if (NR == 0) {print "- -"; exit}
  i = int(NR * 0.99 + 0.999); if (i > NR) i = NR; printf "%.0f %.0f\n", a[i], a[NR]}'; }
wrk_mix() { # wrk_mix CONNS DURATION [COOKIE]
  URLS=$WORK/urls.txt COOKIE=${3:-} wrk -t2 -c"$1" -d"$2" --timeout 10s -s "$REPO/.ci/faults-mix.lua" "$BASE" | tail -n 1
}
field() { awk -v k="$1" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}'; }
wrk_summary() { # a wrk_mix line as the figures the parts print
  local l=$1
  echo "$(field rps <<<"$l") req/s, p50 $(field p50 <<<"$l") ms, p99 $(field p99 <<<"$l") ms, 5xx $(field 5xx <<<"$l"), 4xx $(field 4xx <<<"$l"), socket errors $(field sock <<<"$l") of $(field requests <<<"$l")"
}
locked_in_log() { grep -ci "database is locked\|database table is locked\|SQLITE_BUSY" "$1" || true; }
panics_in_log() { grep -c "panicked" "$1" || true; }

# ---------------------------------------------------------------- PostgreSQL + Meilisearch
PG_BIN=""
pg_up() { # a throw-away cluster in $WORK/pg with the database hv_bench, seeded once
  [ -n "$PGDATA_DIR" ] && return 0
  PG_BIN=/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -n 1)/bin
  PGDATA_DIR=$WORK/pg/data
  mkdir -p "$WORK/pg"; chown postgres "$WORK/pg"
  su postgres -c "$PG_BIN/initdb -D $PGDATA_DIR -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >"$WORK/pg/initdb.log" 2>&1
  pg_start
  su postgres -c "$PG_BIN/psql -q -h 127.0.0.1 -p $PG_PORT -U postgres" <<SQL
CREATE ROLE hangviet LOGIN PASSWORD 'hangviet';
CREATE DATABASE hv_bench OWNER hangviet;
SQL
  PG_URL="postgres://hangviet:hangviet@127.0.0.1:$PG_PORT/hv_bench"
}
pg_start() { su postgres -c "$PG_BIN/pg_ctl -D $PGDATA_DIR -w -l $WORK/pg/server.log -o '-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1' start" >/dev/null; }
pg_stop() { su postgres -c "$PG_BIN/pg_ctl -D $PGDATA_DIR -m fast -w stop" >/dev/null; }
psql_bench() { "$PG_BIN/psql" -X -At -v ON_ERROR_STOP=1 "$PG_URL" "$@"; }

MEILI_KEY=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
MEILI_PID=""
meili_start() {
  [ -x "$MEILI" ] || { echo "no Meilisearch at $MEILI (see ../shared/bin/README.md)"; return 1; }
  "$MEILI" --http-addr "127.0.0.1:$MEILI_PORT" --master-key "$MEILI_KEY" --no-analytics \
    --db-path "$WORK/meili/data.ms" --dump-dir "$WORK/meili/dumps" >>"$WORK/meili.log" 2>&1 &
  MEILI_PID=$!; PIDS+=("$MEILI_PID")
  local t0=$SECONDS
  until curl -sf "http://127.0.0.1:$MEILI_PORT/health" | grep -q available; do
    [ $((SECONDS - t0)) -lt 60 ] || { echo "Meilisearch did not start:"; tail -n 20 "$WORK/meili.log"; return 1; }
    sleep 0.05
  done
}
PG_DATA=$WORK/pg-app   # the app's data dir (media) on PostgreSQL
pg_meili_env() { echo "DATABASE_URL=$PG_URL MEILI_URL=http://127.0.0.1:$MEILI_PORT MEILI_API_KEY=$MEILI_KEY"; }
pg_meili_up() {
  pg_up
  [ -n "$MEILI_PID" ] || meili_start
  if [ ! -f "$WORK/pg-seeded" ]; then
    # shellcheck disable=SC2046
    env $(pg_meili_env) "$BIN" --data-dir "$PG_DATA" seed-demo >"$WORK/seed-pg.log" 2>&1
    # shellcheck disable=SC2046
    add_user "$PG_DATA" business "$BIZ" $(pg_meili_env)
    # shellcheck disable=SC2046
    add_user "$PG_DATA" official "$OFFICIAL" $(pg_meili_env)
    touch "$WORK/pg-seeded"
  fi
}

# ================================================================ L1 / L2
read_mix_server() { # a fresh SQLite copy, the business account, the URL list and its cookie
  sqlite_copy "$WORK/$1"
  add_user "$WORK/$1" business "$BIZ"
  start_server "$1" "$WORK/$1"
  [ -f "$WORK/urls.txt" ] || $PY urls "$BASE" "$WORK/urls.txt"
  COOKIE=$($PY cookie "$BASE" "$BIZ" "$PASSWORD")
  wrk_mix 32 3s >/dev/null   # warm-up
}

if want L1; then
  log "L1: read mix, $CONNS connections, $DURATION each, SQLite"
  read_mix_server l1
  anon=$(wrk_mix "$CONNS" "$DURATION")
  summary "L1 anonymous" "$(wrk_summary "$anon")"
  signed=$(wrk_mix "$CONNS" "$DURATION" "$COOKIE")
  summary "L1 signed-in" "$(wrk_summary "$signed")"
  summary "L1 server log" "database locked $(locked_in_log "$WORK/l1.log"), panics $(panics_in_log "$WORK/l1.log")"
  stop_pid "$SERVER"
fi

if want L2; then
  log "L2: read mix while a business uploads $UPLOAD_RATE photos/s ($DURATION each), SQLite"
  photos
  read_mix_server l2
  drafts=$(echo "($UPLOAD_RATE * $DUR_S * 2) / 7 + 3" | bc)
  $PY setup "$BASE" "$BIZ" "$PASSWORD" "$WORK/l2-state.json" --n "$drafts" --prefix "Ảnh đo tải"
  start=0
  for who in anonymous signed-in; do
    cookie=""; [ "$who" = signed-in ] && cookie=$COOKIE
    $PY upload "$BASE" "$WORK/l2-state.json" "$WORK/photos" "$WORK/l2-upload-$who.log" \
      --rate "$UPLOAD_RATE" --duration "$DUR_S" --start "$start" & up=$!; PIDS+=("$up")
    line=$(wrk_mix "$CONNS" "$DURATION" "$cookie")
    wait "$up" || true; forget "$up"
    read -r t n2 n3 n4 n5 ne <<<"$(count_log "$WORK/l2-upload-$who.log")"
    read -r up99 upmax <<<"$(grep ' 303 ' "$WORK/l2-upload-$who.log" | latency)"
    summary "L2 $who reads" "$(wrk_summary "$line")"
    start=$(( (start + t + 6) / 7 * 7 ))
    summary "L2 $who uploads" "$t sent ($(echo "scale=1; $t / $DUR_S" | bc)/s), 303 $n3, 4xx $n4, 5xx $n5, refused $ne, p99 ${up99} ms, max ${upmax} ms"
  done
  summary "L2 server log" "database locked $(locked_in_log "$WORK/l2.log"), panics $(panics_in_log "$WORK/l2.log")"
  stop_pid "$SERVER"
fi

# ================================================================ F1 / F2
meili_fault() { # meili_fault F1|F2: kill or hang Meilisearch for $DOWN s during a read mix
  local part=$1 state=$WORK/$1-state.json t_fault t_back window
  # shellcheck disable=SC2046
  $PY setup "$BASE" "$BIZ" "$PASSWORD" "$state" --n "$CHANGES" --submit --prefix "Kẹo thử $part" --producer "Xưởng thử $part"
  local approve hide
  approve=$(python3 -c "import json,sys; print(' '.join(str(p['id']) for p in json.load(open(sys.argv[1]))['products']))" "$state")
  # Published demo products not hidden before: each part takes the next ones.
  psql_bench -F ' ' -c "SELECT id, slug, name FROM products WHERE status = 'published' ORDER BY id LIMIT $CHANGES" >"$WORK/$part-hide.txt"
  hide=$(awk '{print $1}' "$WORK/$part-hide.txt" | paste -sd' ')
  window=$(( DOWN + 15 ))
  rm -f "$WORK/$part-stop"
  wrk_mix "$FAULT_CONNS" "${window}s" >"$WORK/$part-wrk.txt" & local w=$!; PIDS+=("$w")
  $PY probe "$BASE" "$WORK/$part-search.log" --duration $((window + 90)) --interval 0.05 --timeout 10 --stop "$WORK/$part-stop" \
    "/api/v1/search?q=nuoc+mam" "/api/v1/search?q=banh+trang" "/api/v1/search?q=che+thai+nguyen" "/api/v1/search?q=gom+bat+trang&programme=ocop" & local p=$!; PIDS+=("$p")
  sleep 5
  t_fault=$(date +%s.%N)
  if [ "$part" = F1 ]; then kill -KILL "$MEILI_PID"; wait "$MEILI_PID" 2>/dev/null || true; forget "$MEILI_PID"; else kill -STOP "$MEILI_PID"; fi
  sleep 2
  # shellcheck disable=SC2086
  n_app=$($PY moderate "$BASE" "$OFFICIAL" "$PASSWORD" approve "$WORK/$part-moderation.log" $approve)
  # shellcheck disable=SC2086
  n_hide=$($PY moderate "$BASE" "$OFFICIAL" "$PASSWORD" hide "$WORK/$part-moderation.log" $hide)
  local left; left=$(echo "$t_fault + $DOWN - $(date +%s.%N)" | bc); (( $(echo "$left > 0" | bc) )) && sleep "$left"
  if [ "$part" = F1 ]; then meili_start; else kill -CONT "$MEILI_PID"; fi
  t_back=$(date +%s.%N)
  { python3 -c "import json,sys; [print('present', p['name'], p['name'], sep='\t') for p in json.load(open(sys.argv[1]))['products']]" "$state"
    awk '{slug=$2; $1=""; $2=""; sub(/^ +/, ""); print "absent\t" slug "\t" $0}' "$WORK/$part-hide.txt"; } >"$WORK/$part-expect.txt"
  read -r held total took <<<"$($PY catchup "$BASE" "$WORK/$part-expect.txt" --timeout 60)"
  touch "$WORK/$part-stop"; wait "$p" || true; forget "$p"; wait "$w" || true; forget "$w"
  # Search answers while Meilisearch was down or hung (from the fault to its return).
  awk -v a="$t_fault" -v b="$t_back" '$1 >= a && $1 <= b' "$WORK/$part-search.log" >"$WORK/$part-down.log"
  read -r t n2 n3 n4 n5 ne <<<"$(count_log "$WORK/$part-down.log")"
  local deg; deg=$(grep -c "degraded=true" "$WORK/$part-down.log" || true)
  read -r p99 max <<<"$(latency <"$WORK/$part-down.log")"
  local over; over=$(awk '$3 > 0.5' "$WORK/$part-down.log" | wc -l)
  read -r at n2 n3 n4 an5 ane <<<"$(count_log "$WORK/$part-search.log")"
  local wl; wl=$(cat "$WORK/$part-wrk.txt")
  local how; how=$([ "$part" = F1 ] && echo "killed (SIGKILL) then restarted" || echo "hung (SIGSTOP) then resumed")
  summary "$part Meilisearch $how" "down ${DOWN} s; search answers while down $t: 5xx $n5, refused $ne, degraded $deg, over 500 ms $over, p99 ${p99} ms, max ${max} ms; whole run: searches 5xx $an5, read mix $(wrk_summary "$wl")"
  summary "$part catch-up" "changes acknowledged while down: $n_app approvals + $n_hide hides; searchable (non-degraded) after return: $held of $total, all within ${took} s"
}
if want F1 || want F2; then
  log "F1/F2: Meilisearch faults on PostgreSQL + Meilisearch"
  pg_meili_up
  # shellcheck disable=SC2046
  start_server f12 "$PG_DATA" $(pg_meili_env)
  [ -f "$WORK/urls.txt" ] || $PY urls "$BASE" "$WORK/urls.txt"
  for part in F1 F2; do want $part && meili_fault $part; done
  summary "F1/F2 server log" "panics $(panics_in_log "$WORK/f12.log")"
  stop_pid "$SERVER"
fi

# ================================================================ F4
if want F4; then
  log "F4: PostgreSQL stopped for ${PG_GAPS// / s, then } s during writes and reads"
  pg_meili_up
  # shellcheck disable=SC2046
  start_server f4 "$PG_DATA" $(pg_meili_env)
  $PY setup "$BASE" "$BIZ" "$PASSWORD" "$WORK/f4-state.json" --n 1 --prefix "F4 khởi đầu" --producer "Xưởng ghi F4"
  cookie=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['cookie'])" "$WORK/f4-state.json")
  for gap in $PG_GAPS; do
    run=$(( 20 + gap )); w=$WORK/f4-$gap
    # The probe waits longer than the app's pool (10 s), so it sees what the app answers.
    $PY write "$BASE" "$WORK/f4-state.json" "$w-write.log" --prefix "F4 ghi $gap" --threads 4 --duration "$run" & wpid=$!; PIDS+=("$wpid")
    $PY probe "$BASE" "$w-probe.log" --duration "$run" --interval 0.05 --timeout 30 --cookie "$cookie" \
      "/san-pham?page=2" "/san-pham?page=3" "/doanh-nghiep" & ppid=$!; PIDS+=("$ppid")
    sleep 6
    t_stop=$(date +%s.%N); pg_stop; sleep "$gap"; pg_start; t_up=$(date +%s.%N)
    wait "$wpid" || true; forget "$wpid"; wait "$ppid" || true; forget "$ppid"
    # Log lines carry the time the answer came: the first 200 after the database is back,
    # the longest wait, and the answers that were not 200 from the stop on.
    back=$(awk -v a="$t_up" '$1 >= a && $2 == 200 {printf "%.2f", $1 - a; exit}' "$w-probe.log")
    stall=$(awk 'BEGIN {m = 0} $3 > m {m = $3} END {printf "%.1f", m}' "$w-probe.log" "$w-write.log")
    read -r pt p2 p3 p4 p5 pe <<<"$(count_log "$w-probe.log")"
    read -r wt w2 w3 w4 w5 we <<<"$(count_log "$w-write.log")"
    grep -o 'ack=[0-9]*|.*' "$w-write.log" | sed 's/^ack=[0-9]*|//' | sort -u >"$w-acked.txt"
    psql_bench -c "SELECT name FROM products WHERE name LIKE 'F4 ghi $gap %'" | sort -u >"$w-stored.txt"
    lost=$(comm -23 "$w-acked.txt" "$w-stored.txt" | wc -l)
    summary "F4 PostgreSQL down ${gap} s" "signed-in pages: first 200 ${back:-never} s after it was back, longest wait ${stall} s; probe 5xx $p5, 4xx $p4, no answer $pe of $pt; writes $wt sent, acknowledged (303) $w3, 5xx $w5, no answer $we; acknowledged but missing after: $lost of $(wc -l <"$w-acked.txt")"
  done
  summary "F4 server log" "panics $(panics_in_log "$WORK/f4.log")"
  stop_pid "$SERVER"
fi

# ================================================================ F5
if want F5; then
  log "F5: SIGKILL of the server $KILLS times during writes and uploads, SQLite"
  photos
  D=$WORK/f5
  sqlite_copy "$D"
  add_user "$D" business "$BIZ"
  start_server f5 "$D"
  $PY setup "$BASE" "$BIZ" "$PASSWORD" "$WORK/f5-state.json" --n $(( KILLS + 2 )) --prefix "Ảnh F5" --producer "Xưởng ghi F5"
  ok=0; lost_total=0; rows_no_file=0; restarts=()
  : >"$WORK/f5-write.log"; : >"$WORK/f5-upload.log"
  for k in $(seq 1 "$KILLS"); do
    if [ "$k" -gt 1 ]; then
      t0=$(date +%s.%N); start_server f5 "$D"; restarts+=("$(echo "$(date +%s.%N) - $t0" | bc)")
    fi
    rm -f "$WORK/f5-stop"
    $PY write "$BASE" "$WORK/f5-state.json" "$WORK/f5-write.log" --prefix "F5 ghi $k" --threads 4 --duration 30 --stop "$WORK/f5-stop" & wpid=$!; PIDS+=("$wpid")
    $PY upload "$BASE" "$WORK/f5-state.json" "$WORK/photos" "$WORK/f5-upload.log" --rate 2 --duration 3 --threads 2 --start $(( (k - 1) * 7 )) & upid=$!; PIDS+=("$upid")
    sleep "$(awk -v s="$k" 'BEGIN {srand(s); printf "%.2f", 1 + 2 * rand()}')"
    kill -KILL "$SERVER"; wait "$SERVER" 2>/dev/null || true; forget "$SERVER"
    touch "$WORK/f5-stop"; wait "$wpid" || true; forget "$wpid"; wait "$upid" || true; forget "$upid"
    check=$(sqlite3 "$D/hangviet.db" "PRAGMA integrity_check" 2>&1 | paste -sd' ')
    [ "$check" = ok ] && ok=$((ok + 1)) || echo "round $k: integrity_check: $check"
    grep -o 'ack=[0-9]*|.*' "$WORK/f5-write.log" | sed 's/^ack=[0-9]*|//' | sort -u >"$WORK/f5-acked.txt"
    sqlite3 "$D/hangviet.db" "SELECT name FROM products WHERE name LIKE 'F5 ghi %'" | sort -u >"$WORK/f5-stored.txt"
    lost=$(comm -23 "$WORK/f5-acked.txt" "$WORK/f5-stored.txt" | wc -l)
    [ "$lost" -eq 0 ] || echo "round $k: $lost acknowledged writes missing"
    lost_total=$lost
  done
  # Every photo row refers to files that exist (files are written before their row).
  rows_no_file=$(sqlite3 "$D/hangviet.db" "SELECT content_hash FROM product_images" | while read -r h; do
    [ -f "$D/media/${h:0:2}/$h-320.jpg" ] || echo "$h"; done | wc -l)
  read -r wt w2 w3 w4 w5 we <<<"$(count_log "$WORK/f5-write.log")"
  read -r ut u2 u3 u4 u5 ue <<<"$(count_log "$WORK/f5-upload.log")"
  temp=$(find "$D/media" -type f ! -name '*-[0-9]*.jpg' | wc -l)
  restart=$(printf '%s\n' "${restarts[@]:-0}" | sort -n | awk '{a[NR]=$1} END {printf "median %.2f s, max %.2f s", a[int((NR+1)/2)], a[NR]}')
  summary "F5 SIGKILL x$KILLS" "integrity_check ok $ok of $KILLS; writes acknowledged $w3 (5xx $w5), missing after: $lost_total; uploads acknowledged $u3 (5xx $u5), photo rows without files $rows_no_file, stray temp files $temp; restart to healthy $restart; server log: database locked $(locked_in_log "$WORK/f5.log"), panics $(panics_in_log "$WORK/f5.log")"
  start_server f5 "$D"; stop_pid "$SERVER"
fi

# ================================================================ F6
if want F6; then
  F6_SIZE=${F6_SIZE:-16m}
  log "F6: the media directory is a ${F6_SIZE} tmpfs filled nearly full; uploads of a 2000x1500 JPEG"
  photos
  D=$WORK/f6
  sqlite_copy "$D"
  add_user "$D" business "$BIZ"
  mv "$D/media" "$D/media.seed"; mkdir -p "$D/media"
  mount -t tmpfs -o size="$F6_SIZE",mode=0755 tmpfs "$D/media"; MOUNTS+=("$D/media")
  # The demo photos stay aside (media.seed): only the uploads of this part go to the tmpfs.
  start_server f6 "$D"
  $PY setup "$BASE" "$BIZ" "$PASSWORD" "$WORK/f6-state.json" --n 6 --prefix "Ảnh F6" --producer "Xưởng ảnh F6"
  i=0; results=()
  for free in ${F6_FREE:-0 20 120 400}; do
    i=$((i + 1))
    rm -f "$D/media/filler"
    avail=$(df --output=avail -k "$D/media" | tail -n 1)
    fill=$(( avail - free )); [ "$fill" -gt 0 ] && { fallocate -l "${fill}k" "$D/media/filler" 2>/dev/null || dd if=/dev/zero of="$D/media/filler" bs=1k count="$fill" status=none 2>/dev/null || true; }
    find "$D/media" -type f ! -name filler | sort >"$WORK/f6-before.txt"
    pid=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['products'][int(sys.argv[2])]['id'])" "$WORK/f6-state.json" "$i")
    rows_before=$(sqlite3 "$D/hangviet.db" "SELECT count(*) FROM product_images WHERE product_id = $pid")
    mkdir -p "$WORK/f6-photo-$i"; cp "$WORK/photos/p$(printf %03d $((i + 5)))".jpg "$WORK/f6-photo-$i/"
    printf '{"producer":"","category":"","cookie":"%s","products":[{"id":%s}]}' \
      "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['cookie'])" "$WORK/f6-state.json")" "$pid" >"$WORK/f6-one.json"
    $PY upload "$BASE" "$WORK/f6-one.json" "$WORK/f6-photo-$i" "$WORK/f6-upload-$i.log" --rate 1 --duration 1 --threads 1
    status=$(awk '{print $2}' "$WORK/f6-upload-$i.log")
    rows_after=$(sqlite3 "$D/hangviet.db" "SELECT count(*) FROM product_images WHERE product_id = $pid")
    find "$D/media" -type f ! -name filler | sort >"$WORK/f6-after.txt"
    new=$(comm -13 "$WORK/f6-before.txt" "$WORK/f6-after.txt")
    n_new=$(grep -c . <<<"$new" || true)
    partial=0; for f in $new; do
      case $(basename "$f") in [0-9a-f]*-[0-9]*.jpg) [ "$(tail -c 2 "$f" | od -An -tx1 | tr -d ' ')" = ffd9 ] || partial=$((partial + 1)) ;; *) partial=$((partial + 1)) ;; esac
    done
    line="free ${free} KB: HTTP $status, new photo rows $((rows_after - rows_before)), new files $n_new (partial or temp $partial)"
    results+=("$line"); echo "$line"
  done
  rm -f "$D/media/filler"
  pid=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['products'][0]['id'])" "$WORK/f6-state.json")
  printf '{"producer":"","category":"","cookie":"%s","products":[{"id":%s}]}' \
    "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['cookie'])" "$WORK/f6-state.json")" "$pid" >"$WORK/f6-one.json"
  $PY upload "$BASE" "$WORK/f6-one.json" "$WORK/photos" "$WORK/f6-after-free.log" --rate 1 --duration 1 --threads 1
  summary "F6 disk full (tmpfs $F6_SIZE at data/media)" "$(IFS=';'; echo "${results[*]}"); after freeing space: HTTP $(awk '{print $2}' "$WORK/f6-after-free.log"); server log panics $(panics_in_log "$WORK/f6.log")"
  stop_pid "$SERVER"
fi

# ================================================================ summary
log "summary ($(date -u +%FT%TZ), $(nproc) cores, DURATION=$DURATION CONNS=$CONNS)"
printf '%-40s %s\n' part figures
for row in "${SUMMARY[@]}"; do printf '%-40s %s\n' "${row%%|*}" "${row#*|}"; done
