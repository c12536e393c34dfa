#!/usr/bin/env bash
# Follows the confirmation link of a sign-up, as its mailbox's owner would, for the bench
# scripts that sign up with curl.
#
#   bash .ci/confirm-from-mail.sh DATA BASE JAR
#
# DATA is the server's data directory: with no SMTP_URL its mail worker writes each message to
# DATA/outbox-mail/*.eml within seconds. This waits (a bounded poll) for the newest
# confirmation link there, opens it and presses its button with the cookies in JAR, leaving the
# account confirmed and signed in.
set -euo pipefail
data=$1
base=$2
jar=$3

link() {
  python3 - "$data/outbox-mail" <<'PY'
import email, email.policy, pathlib, re, sys
found = []
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.eml")):
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",)).get_content()
    found += re.findall(r"https?://[^/\s]+(/(?:en/)?xac-nhan-email/[0-9a-f]{64})", body)
if found:
    print(found[-1])
PY
}

path=""
# Up to 30 s: the worker looks at the outbox every 5 s.
for _ in $(seq 300); do
  path=$(link 2>/dev/null || true)
  [ -n "$path" ] && break
  sleep 0.1
done
if [ -z "$path" ]; then
  echo "confirm-from-mail.sh: no confirmation mail in $data/outbox-mail" >&2
  exit 1
fi
token=$(curl -s -b "$jar" -c "$jar" "$base$path" | grep -o 'name="csrf_token" value="[0-9a-f]*"' | head -n1 | sed 's/.*value="//; s/"//')
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "csrf_token=$token" "$base$path")
if [ "$status" != 303 ]; then
  echo "confirm-from-mail.sh: confirming $path answered $status" >&2
  exit 1
fi
