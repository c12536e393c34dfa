#!/usr/bin/env bash
# Starts the site with the demo catalogue in a fresh data directory and takes headless
# Chromium screenshots of the main public pages at phone size (360x800), in both languages.
# Prints the directory holding the PNGs. Usage: .ci/screenshots.sh [OUT_DIR]
# Needs Debian's chromium (apt-get install -y chromium). Uses a built binary when
# HANGVIET_BIN is set, else builds with cargo.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d -t hangviet-shots.XXXXXX)}
mkdir -p "$out"
data=$(mktemp -d -t hangviet-data.XXXXXX)
port=${SCREENSHOT_PORT:-18$((RANDOM % 900 + 100))}
bin=${HANGVIET_BIN:-}
if [ -z "$bin" ]; then
  cargo build --quiet
  bin="${CARGO_TARGET_DIR:-target}/debug/hangviet"
fi
base="http://127.0.0.1:$port"
env -u DATABASE_URL -u MEILI_URL HANGVIET_PUBLIC_URL="$base" \
  "$bin" serve --bind "127.0.0.1:$port" --data-dir "$data" --demo >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 600); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$out/server.log" >&2; exit 1; }
  sleep 0.2
done
# A product, a producer and an award year that exist in the demo catalogue.
product=$(curl -fsS "$base/san-pham" | grep -o 'href="/san-pham/[^"?/]*"' | head -1 | sed 's/href="//; s/"$//')
producer=$(curl -fsS "$base/nha-san-xuat" | grep -o 'href="/nha-san-xuat/[^"?/]*"' | head -1 | sed 's/href="//; s/"$//')
year=$(curl -fsS "$base/giai-thuong" | grep -o 'href="/giai-thuong/[^"/]*/[0-9]*"' | head -1 | sed 's/href="//; s/"$//')
pages=(
  "home /"
  "catalogue /san-pham"
  "product $product"
  "producer $producer"
  "award-year $year"
  "search /tim-kiem?q=nuoc+mam"
  "label $product/nhan"
  "privacy /quyen-rieng-tu"
  "en-home /en/"
  "en-product /en$product"
)
for entry in "${pages[@]}"; do
  name=${entry%% *}
  path=${entry#* }
  chromium --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --virtual-time-budget=8000 --window-size=360,800 --screenshot="$out/$name.png" "$base$path" >/dev/null 2>&1
  # The same page in full length, to see what lies below the first screen.
  chromium --headless --disable-gpu --no-sandbox --hide-scrollbars \
    --virtual-time-budget=8000 --window-size=360,3000 --screenshot="$out/$name-long.png" "$base$path" >/dev/null 2>&1
  echo "$name $path"
done
echo "$out"
