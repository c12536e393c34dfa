#!/usr/bin/env bash
# Issue 4 figure: processing time of a 12-megapixel phone JPEG upload through the real
# endpoint (median of 10) and the server CPU each one used. Needs curl and python3 with
# Pillow (pip install pillow) to draw the test photo.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-./target/release/hangviet}
DATA=${DATA:-/tmp/hv-upload-bench}
PORT=${PORT:-8092}
BASE="http://127.0.0.1:$PORT"
export RUST_LOG=warn
cargo build --release --locked
rm -rf "$DATA"; mkdir -p "$DATA"
python3 - "$DATA/phone.jpg" <<'PY'
import sys, random
from PIL import Image, ImageDraw, ImageFilter
random.seed(1)
w, h = 4000, 3000   # 12 MP, as a phone camera
img = Image.radial_gradient("L").resize((w, h)).convert("RGB")
draw = ImageDraw.Draw(img)
for _ in range(4000):    # detail everywhere, like a real photo
    x, y = random.randrange(w), random.randrange(h)
    r = random.randrange(4, 60)
    draw.ellipse((x, y, x + r, y + r), fill=(random.randrange(256), random.randrange(256), random.randrange(256)))
img = img.filter(ImageFilter.GaussianBlur(1.2))
exif = Image.Exif(); exif[0x0112] = 6   # shot in portrait: Orientation 6
img.save(sys.argv[1], "JPEG", quality=90, exif=exif.tobytes())
PY
echo "photo: $(stat -c %s "$DATA/phone.jpg") bytes, 4000x3000"
"$BIN" --data-dir "$DATA" serve --bind 127.0.0.1:$PORT & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$BASE/healthz"; do sleep 0.05; done
jar="$DATA/cookies"
token() { curl -s -b "$jar" -c "$jar" "$BASE$1" | grep -o 'name="csrf_token" value="[0-9a-f]*"' | head -n1 | sed 's/.*value="//; s/"//'; }
t=$(token /dang-ky)
curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "csrf_token=$t" --data-urlencode "email=bench@example.vn" \
  --data-urlencode "name=Bench" --data-urlencode "password=Một mật khẩu đủ dài 2026" --data-urlencode "account_type=business" "$BASE/dang-ky"
bash .ci/confirm-from-mail.sh "$DATA" "$BASE" "$jar"
t=$(token /doanh-nghiep/nha-san-xuat/moi)
curl -s -o /dev/null -b "$jar" --data-urlencode "csrf_token=$t" --data-urlencode "name=Xưởng Đo" \
  --data-urlencode "address=1 Tràng Tiền" --data-urlencode "province=ha-noi" "$BASE/doanh-nghiep/nha-san-xuat/moi"
producer=$(curl -s -b "$jar" "$BASE/doanh-nghiep" | grep -o '/doanh-nghiep/nha-san-xuat/[0-9][0-9]*' | head -n1 | grep -o '[0-9]*$')
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
times=(); cpus=()
for i in $(seq 1 10); do
  if [ $(( (i - 1) % 8 )) -eq 0 ]; then
    t=$(token /doanh-nghiep/san-pham/moi)
    product=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$jar" --data-urlencode "csrf_token=$t" --data-urlencode "producer=$producer" \
      --data-urlencode "name=Sản phẩm đo $i" --data-urlencode "category=thuc-pham" "$BASE/doanh-nghiep/san-pham/moi" | grep -o '[0-9]*$')
    t=$(token "/doanh-nghiep/san-pham/$product")
  fi
  before=$(cpu)
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -b "$jar" -F "csrf_token=$t" -F "photo=@$DATA/phone.jpg;type=image/jpeg" \
    "$BASE/doanh-nghiep/san-pham/$product/anh")
  after=$(cpu)
  [ "${out%% *}" = "303" ] || { echo "upload $i failed: $out"; exit 1; }
  times+=("${out#* }"); cpus+=("$(awk -v d=$((after - before)) -v t="$ticks" 'BEGIN {printf "%.3f", d / t}')")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "wall time per upload: median %.3f s (min %.3f, max %.3f) over %d\n", (a[5]+a[6])/2, a[1], a[NR], NR}'
printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {printf "server CPU per upload: median %.3f s (min %.3f, max %.3f)\n", (a[5]+a[6])/2, a[1], a[NR]}'
