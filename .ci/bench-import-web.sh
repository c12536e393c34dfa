#!/usr/bin/env bash
# Issue 5 figure (web part): a 5,000-row award list imported through the officials' pages of
# a running release server on a fresh database: the upload (check every line + dry run +
# preview stored), the preview page, and the confirmation (the import itself). Five runs.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-./target/release/hangviet}
CSV=${CSV:-/tmp/hangviet-awards-5000.csv}
PORT=${PORT:-18095}
BASE="http://127.0.0.1:$PORT"
export RUST_LOG=warn
cargo build --release --locked
python3 .ci/gen-awards.py "$CSV"
echo "file: $(wc -l < "$CSV") lines, $(stat -c %s "$CSV") bytes"
token() { grep -o 'name="csrf_token" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }
for run in 1 2 3 4 5; do
  data=$(mktemp -d)
  jar="$data/cookies"
  "$BIN" --data-dir "$data" migrate >/dev/null
  echo "Mật khẩu thử nghiệm 2025" | "$BIN" --data-dir "$data" user add --email bench@example.vn --role official >/dev/null
  "$BIN" --data-dir "$data" serve --bind "127.0.0.1:$PORT" & pid=$!
  until curl -sf "$BASE/healthz" >/dev/null; do :; done
  t=$(curl -s -c "$jar" -b "$jar" "$BASE/dang-nhap" | token)
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf_token=$t" \
    --data-urlencode "email=bench@example.vn" --data-urlencode "password=Mật khẩu thử nghiệm 2025" "$BASE/dang-nhap"
  t=$(curl -s -b "$jar" "$BASE/quan-tri/giai-thuong/nhap" | token)
  upload=$(curl -s -o /dev/null -b "$jar" -w '%{time_total} %{redirect_url}' \
    -F "csrf_token=$t" -F "file=@$CSV;type=text/csv" "$BASE/quan-tri/giai-thuong/nhap")
  preview_url=${upload#* }
  preview=$(curl -s -o "$data/preview.html" -b "$jar" -w '%{time_total}' "$preview_url")
  grep -q 'Xác nhận nhập' "$data/preview.html" || { echo "preview has no confirm button"; kill $pid; exit 1; }
  t=$(token < "$data/preview.html")
  confirm=$(curl -s -o /dev/null -b "$jar" -w '%{time_total} %{http_code}' \
    --data-urlencode "csrf_token=$t" "$preview_url/xac-nhan")
  created=$(curl -s -b "$jar" "$preview_url" | grep -o 'Giải thưởng mới</th><td>[0-9]*' | grep -o '[0-9]*$')
  echo "run $run: upload+check+preview stored ${upload%% *} s, preview page $preview s, confirm ${confirm% *} s (HTTP ${confirm#* }), awards created: $created"
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$data"
done
