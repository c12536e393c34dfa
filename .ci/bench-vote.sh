#!/usr/bin/env bash
# Ballot benchmark (issue 17), with the release binary, not run by CI: sustained ballots per
# second and latency percentiles at CONNS connections, on SQLite and on PostgreSQL.
#
# For each database: a fresh site with the demonstration catalogue (`seed-demo --products
# 500`) and a demonstration vote (`vote open-demo`), served with HANGVIET_TRUSTED_PROXIES so
# each prepared ballot comes from its own client address (the per-address and per-network
# limits hold, see .ci/bench_vote.py). Then:
#  1. .ci/bench_vote.py prepares BALLOTS ballots as browsers would (GET /binh-chon: a visitor's
#     CSRF cookie, token and challenge; the challenge solved), outside the measurement;
#  2. `wrk -c CONNS -d DURATION --latency -s .ci/bench-vote.lua` sends them for DURATION (the
#     run must not use them all up: the table says if it did): each POST is
#     checked in full by the server (CSRF, honeypot, proof of work verified and spent, picks,
#     address, rate limits, the ballot, its contact and its mail stored in one transaction);
#  3. once the mail worker has written the confirmation mails (.eml), the confirmations are
#     prepared the same way and sent likewise (proof of work, the voter's lock, superseding).
# The proof of work asks POW_BITS zero bits (default 8, so that Python can prepare tens of
# thousands of answers): the server's check is one SHA-256 and one HMAC whatever the bits;
# the site's default of 16 only makes the voter's device work longer.
# Prints a markdown table. Needs wrk, curl, python3; PostgreSQL from .ci/postgres.sh.
#
#   .ci/bench-vote.sh                                # builds
#   SKIP_BUILD=1 BALLOTS=5000 .ci/bench-vote.sh
#   DATABASES=sqlite .ci/bench-vote.sh
#   SPREAD=1 .ci/bench-vote.sh                       # consecutive ballots from different /24s
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-${CARGO_TARGET_DIR:-./target}/release/hangviet}
BALLOTS=${BALLOTS:-20000}
CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
# Confirmations are cheaper than ballots: a shorter run, so the ones prepared suffice.
CONFIRM_DURATION=${CONFIRM_DURATION:-3s}
POW_BITS=${POW_BITS:-8}
PORT=${PORT:-8097}
DATABASES=${DATABASES:-"sqlite postgres"}
WORK=${WORK:-/tmp/hv-vote-bench}
export RUST_LOG=warn HANGVIET_VOTE_POW_BITS=$POW_BITS HANGVIET_TRUSTED_PROXIES=127.0.0.1
export HANGVIET_PUBLIC_URL=http://127.0.0.1:$PORT HANGVIET_BIND=127.0.0.1:$PORT
unset MEILI_URL MEILI_API_KEY SMTP_URL
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench-vote.sh needs $tool" >&2; exit 1; }
done

rows=()
field() { grep -oP "$1" "$2" | head -n 1; }
measure() { # database, phase, wrk output file
  local rps p50 p99 p999 answers
  rps=$(field 'Requests/sec:\s+\K[0-9.]+' "$3")
  p50=$(field '^\s+50%\s+\K\S+' "$3")
  p99=$(field '^\s+99%\s+\K\S+' "$3")
  answers=$(grep '^answers' "$3")
  if ! grep -q 'beyond the prepared requests 0$' "$3"; then
    answers="$answers — RAN OUT: raise BALLOTS or shorten DURATION"
  fi
  local line="| $1 | $2 | $rps | $p50 | $p99 | $answers |"
  rows+=("$line"); echo "$line" >&2
}

for db in $DATABASES; do
  data=$WORK/$db
  rm -rf "$data"; mkdir -p "$data"
  export HANGVIET_DATA_DIR=$data
  unset DATABASE_URL
  if [ "$db" = postgres ]; then
    su postgres -c "psql -q -v ON_ERROR_STOP=1" <<SQL
DROP DATABASE IF EXISTS hv_vote_bench;
CREATE DATABASE hv_vote_bench OWNER hangviet;
SQL
    export DATABASE_URL=postgres://hangviet:hangviet@127.0.0.1:5432/hv_vote_bench
  fi
  "$BIN" seed-demo --products 500 >"$data/seed.log" 2>&1
  "$BIN" vote open-demo >>"$data/seed.log" 2>&1
  "$BIN" serve >"$data/server.log" 2>&1 &
  server=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; do sleep 0.2; done

  echo "== $db: preparing $BALLOTS ballots" >&2
  python3 .ci/bench_vote.py ballots "http://127.0.0.1:$PORT" "$BALLOTS" "$data/ballots.tsv"
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s .ci/bench-vote.lua \
    -H "Origin: http://127.0.0.1:$PORT" "http://127.0.0.1:$PORT" -- "$data/ballots.tsv" 2 \
    >"$data/wrk-ballots.txt"
  cat "$data/wrk-ballots.txt" >&2
  measure "$db" "ballot (POST /binh-chon)" "$data/wrk-ballots.txt"

  taken=$(grep -oP 'answers: 303 \K[0-9]+' "$data/wrk-ballots.txt")
  echo "== $db: waiting for $taken confirmation mails" >&2
  for _ in $(seq 1 600); do
    [ "$(find "$data/outbox-mail" -name '*.eml' 2>/dev/null | wc -l)" -ge "$taken" ] && break
    sleep 1
  done
  python3 .ci/bench_vote.py confirms "http://127.0.0.1:$PORT" "$data/outbox-mail" "$data/confirms.tsv"
  wrk -t2 -c"$CONNS" -d"$CONFIRM_DURATION" --latency -s .ci/bench-vote.lua \
    -H "Origin: http://127.0.0.1:$PORT" "http://127.0.0.1:$PORT" -- "$data/confirms.tsv" 2 \
    >"$data/wrk-confirms.txt"
  cat "$data/wrk-confirms.txt" >&2
  measure "$db" "confirmation (POST /binh-chon/xac-nhan/…)" "$data/wrk-confirms.txt"
  echo "== $db: $(grep -c 'panicked' "$data/server.log" || true) panics in the server log" >&2
  kill "$server"; wait "$server" || true
done

echo
echo "| database | request | req/s | p50 | p99 | answers |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
