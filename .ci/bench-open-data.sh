#!/usr/bin/env bash
# Bulk downloads (issue 15 part 2), measured with the release binary, not run by CI:
#  1. time and peak memory (max RSS, /usr/bin/time -v) of `hangviet open-data build` on a
#     catalogue of PRODUCTS generated products (seed-demo), on SQLite;
#  2. download throughput of the largest file over loopback, RUNS runs of
#     `curl -o /dev/null -w '%{speed_download}'`, from hangviet (`GET /du-lieu/{file}`) and,
#     side by side, from nginx serving a copy of the same file (python3 -m http.server when
#     nginx is missing).
#
#   .ci/bench-open-data.sh                       # builds the release binary, PRODUCTS=100000
#   BIN=path/to/hangviet SKIP_BUILD=1 PRODUCTS=20000 .ci/bench-open-data.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-${CARGO_TARGET_DIR:-./target}/release/hangviet}
DATA=${DATA:-/tmp/hv-open-data-bench}
PRODUCTS=${PRODUCTS:-100000}
PORT=${PORT:-8093}
NGINX_PORT=${NGINX_PORT:-8094}
RUNS=${RUNS:-5}
export RUST_LOG=warn
# The search index is not what is measured: the database answers searches.
export HANGVIET_SEARCH=database
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian's time package)" >&2; exit 1; }

if [ -z "${KEEP_DATA:-}" ] || [ ! -f "$DATA/hangviet.db" ]; then
  rm -rf "$DATA"
  echo "seeding $PRODUCTS products (seed-demo) into $DATA ..."
  # Seeding indexes what it loads, so it runs with the embedded index.
  HANGVIET_SEARCH=index "$BIN" --data-dir "$DATA" seed-demo --products "$PRODUCTS" >/dev/null
fi
rm -rf "$DATA/open-data"

echo "== build: $BIN open-data build ($PRODUCTS products, SQLite)"
/usr/bin/time -v "$BIN" --data-dir "$DATA" open-data build 2>"$DATA/time.txt" | tee "$DATA/build.txt"
wall=$(grep 'Elapsed (wall clock)' "$DATA/time.txt" | awk '{print $NF}')
rss=$(grep 'Maximum resident set size' "$DATA/time.txt" | awk '{print $NF}')
cpu=$(grep 'Percent of CPU' "$DATA/time.txt" | awk '{print $NF}')
echo "build: wall $wall, max RSS ${rss} kB ($((rss / 1024)) MB), CPU $cpu"

set_dir="$DATA/open-data/current"
read -r largest bytes < <(python3 - "$set_dir/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
f = max(m["files"], key=lambda f: f["bytes"])
print(f["name"], f["bytes"])
PY
)
echo "largest file: $largest, $bytes bytes ($((bytes / 1024 / 1024)) MiB)"

"$BIN" --data-dir "$DATA" serve --bind 127.0.0.1:$PORT >/dev/null 2>&1 & pid=$!
static=$(mktemp -d); chmod 755 "$static"
cp "$set_dir/$largest" "$static/"; chmod 644 "$static/$largest"
other_pid=""
cleanup() {
  kill "$pid" 2>/dev/null || true
  [ -n "$other_pid" ] && kill "$other_pid" 2>/dev/null || true
  rm -rf "$static"
}
trap cleanup EXIT
if command -v nginx >/dev/null; then
  other=nginx
  mkdir -p "$static/conf" "$static/logs"
  cat >"$static/conf/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $static/nginx.pid;
error_log $static/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  types { application/gzip gz; }
  server { listen 127.0.0.1:$NGINX_PORT; root $static; }
}
CONF
  nginx -p "$static" -c "$static/conf/nginx.conf" & other_pid=$!
else
  other="python3 -m http.server"
  (cd "$static" && exec python3 -m http.server "$NGINX_PORT" --bind 127.0.0.1 >/dev/null 2>&1) & other_pid=$!
fi
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; do sleep 0.1; done
until curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/$largest"; do sleep 0.1; done

measure() { # name url
  local speeds=()
  for _ in $(seq "$RUNS"); do
    speeds+=("$(curl -s -o /dev/null -w '%{speed_download}' "$2")")
  done
  python3 - "$1" "${speeds[@]}" <<'PY'
import sys, statistics
name, runs = sys.argv[1], [float(s) / 1e6 for s in sys.argv[2:]]
print(f"{name:<28} median {statistics.median(runs):8.1f} MB/s   runs: " + " ".join(f"{r:.1f}" for r in runs))
PY
}
echo "== download of $largest over loopback, $RUNS runs each (curl -o /dev/null -w '%{speed_download}')"
measure "hangviet /du-lieu/$largest" "http://127.0.0.1:$PORT/du-lieu/$largest"
measure "$other" "http://127.0.0.1:$NGINX_PORT/$largest"
echo "hangviet's answer:"; curl -sI "http://127.0.0.1:$PORT/du-lieu/$largest" | grep -iE 'content-(type|length|disposition)|etag|accept-ranges'
