#!/usr/bin/env bash
# Issue 9 item 11: a page served from the page cache against nginx serving the same bytes as a
# static file, in one run, same wrk settings. Also the signed-in (uncached) render for scale.
# Needs wrk and nginx (Debian packages; installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-./target/release/hangviet}
DATA=${DATA:-/tmp/hv-bench-cache}
PORT=${PORT:-8098}
NGINX_PORT=${NGINX_PORT:-8099}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
export RUST_LOG=warn
for tool in wrk nginx; do
  if ! command -v $tool >/dev/null 2>&1 && [ ! -x /usr/sbin/$tool ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
  fi
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
cargo build --release --locked
rm -rf "$DATA"; mkdir -p "$DATA"
"$BIN" --data-dir "$DATA/site" seed-demo >/dev/null

"$BIN" --data-dir "$DATA/site" serve --bind 127.0.0.1:$PORT & pid=$!
ngx=""
cleanup() {
  kill $pid 2>/dev/null || true
  [ -n "$ngx" ] && "$NGINX" -p "$DATA/nginx" -c nginx.conf -s stop 2>/dev/null || true
}
trap cleanup EXIT
until curl -sf -o /dev/null http://127.0.0.1:$PORT/healthz; do sleep 0.05; done

mkdir -p "$DATA/nginx/www" "$DATA/nginx/logs"
curl -s http://127.0.0.1:$PORT/san-pham > "$DATA/nginx/www/san-pham.html"
size=$(wc -c < "$DATA/nginx/www/san-pham.html")
cat > "$DATA/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $DATA/nginx/nginx.pid;
error_log $DATA/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $DATA/nginx/www;
  }
}
CONF
"$NGINX" -p "$DATA/nginx" -c nginx.conf; ngx=1

measure() {
  local label=$1 url=$2; shift 2
  local out rps p50 p99 errors
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  printf '%-44s %10s req/s  p50 %-8s p99 %-8s%s\n' "$label" "$rps" "$p50" "$p99" "${errors:+ non-2xx $errors}"
}
echo "== /san-pham, $size bytes, $CONNECTIONS connections, $DURATION each"
curl -s -o /dev/null http://127.0.0.1:$PORT/san-pham
measure "hangviet page cache (identity)" "http://127.0.0.1:$PORT/san-pham"
measure "nginx static file (identity)" "http://127.0.0.1:$NGINX_PORT/san-pham.html"
measure "hangviet page cache (Accept-Encoding: br)" "http://127.0.0.1:$PORT/san-pham" -H "Accept-Encoding: gzip, br"
measure "hangviet rendering, cookie (uncached)" "http://127.0.0.1:$PORT/san-pham" -H "Cookie: x=1"
