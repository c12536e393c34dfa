#!/usr/bin/env bash
# A throw-away SMTP server for the mail tests: Python's aiosmtpd saving every message it
# receives to a Maildir.
#
#   bash .ci/smtp.sh start DIR   starts it on a free loopback port with its Maildir in
#                                DIR/maildir (DIR created if missing), waits until it greets,
#                                then prints SMTP_URL=… and SMTP_MAILDIR=… (for eval)
#   bash .ci/smtp.sh stop DIR    stops it and removes DIR
#
# aiosmtpd comes from Debian's package python3-aiosmtpd, installed here where it is missing
# (as .ci/postgres.sh installs PostgreSQL). A server that does not come up is an error: CI must
# not pass without it.
set -euo pipefail
cd "$(dirname "$0")/.."

action=${1:-}
dir=${2:-}
if [ -z "$action" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

port_in_use() {
  timeout 1 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$1" 2>/dev/null
}

# Whether an SMTP server greets on the port (a 220 line).
greets() {
  timeout 2 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    read -r line <&3
    printf "QUIT\r\n" >&3
    case "$line" in 220*) exit 0 ;; *) exit 1 ;; esac' "$1" 2>/dev/null
}

stop() {
  if [ -f "$dir/pid" ]; then
    pid=$(cat "$dir/pid")
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$dir"
}

start() {
  # Debian's package serves Debian's Python (/usr/bin/python3), which may not be the first
  # python3 on the PATH.
  py=""
  for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import aiosmtpd' 2>/dev/null; then
      py=$candidate
      break
    fi
  done
  if [ -z "$py" ]; then
    echo "Installing aiosmtpd from Debian's packages…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq python3-aiosmtpd >&2
    py=/usr/bin/python3
  fi
  # A Maildir: the handler writes into tmp/ and moves the message to new/.
  mkdir -p "$dir/maildir/tmp" "$dir/maildir/new" "$dir/maildir/cur"
  chmod 700 "$dir"
  for _attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    "$py" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$dir/maildir" \
      >"$dir/smtp.log" 2>&1 &
    pid=$!
    echo "$pid" >"$dir/pid"
    # Up to 10 s to start.
    for _ in $(seq 100); do
      if ! kill -0 "$pid" 2>/dev/null; then
        break
      fi
      if greets "$port"; then
        echo "SMTP_URL=smtp://127.0.0.1:$port"
        echo "SMTP_MAILDIR=$dir/maildir"
        return 0
      fi
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  echo "smtp.sh: the SMTP server did not come up; its log:" >&2
  tail -n 20 "$dir/smtp.log" >&2 || true
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
