#!/usr/bin/env bash
# A throw-away Meilisearch for the search conformance tests.
#
#   bash .ci/meilisearch.sh start DIR   starts it on a free loopback port with a random master
#                                       key and its data in DIR (created if missing), waits until
#                                       /health answers "available", then prints
#                                       MEILI_URL=… and MEILI_API_KEY=… (for eval)
#   bash .ci/meilisearch.sh stop DIR    stops it and removes DIR
#
# The binary is $MEILI_BIN, by default ../shared/bin/meilisearch beside the repository (a
# Meilisearch 1.x built for this machine, see ../shared/bin/README.md). A missing binary or a
# server that does not come up is an error: CI must not pass without the real server.
set -euo pipefail
cd "$(dirname "$0")/.."

action=${1:-}
dir=${2:-}
if [ -z "$action" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

# Plain bash, no curl needed: prints the body of GET http://127.0.0.1:$1$2.
http_get() {
  timeout 2 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$1" >&3
    sed "1,/^\r\?$/d" <&3' "$1" "$2" 2>/dev/null
}

port_in_use() {
  timeout 1 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null
}

stop() {
  if [ -f "$dir/pid" ]; then
    pid=$(cat "$dir/pid")
    if kill "$pid" 2>/dev/null; then
      # Up to 10 s for a clean exit, then no more waiting.
      for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$dir"
}

start() {
  bin=${MEILI_BIN:-../shared/bin/meilisearch}
  if [ ! -x "$bin" ]; then
    echo "meilisearch.sh: no Meilisearch binary at $bin (set MEILI_BIN)" >&2
    exit 1
  fi
  mkdir -p "$dir"
  chmod 700 "$dir"
  key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  # A port nobody listens on; if another process takes it first, Meilisearch exits and the
  # next attempt picks another one.
  for _attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    rm -rf "$dir/data.ms" "$dir/dumps"
    "$bin" --http-addr "127.0.0.1:$port" --master-key "$key" --env development \
      --no-analytics --db-path "$dir/data.ms" --dump-dir "$dir/dumps" \
      --log-level WARN >"$dir/meilisearch.log" 2>&1 &
    pid=$!
    echo "$pid" >"$dir/pid"
    # Up to 30 s to start (it creates its database on first start).
    for _ in $(seq 300); do
      if ! kill -0 "$pid" 2>/dev/null; then
        break
      fi
      if http_get "$port" /health | grep -q '"available"'; then
        echo "MEILI_URL=http://127.0.0.1:$port"
        echo "MEILI_API_KEY=$key"
        return 0
      fi
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  echo "meilisearch.sh: Meilisearch did not become available; its log:" >&2
  tail -n 20 "$dir/meilisearch.log" >&2 || true
  rm -f "$dir/pid"
  exit 1
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
