#!/usr/bin/env bash
# Photo processing cost, side by side in one run (issue 14): the server CPU of an upload of a
# 12-megapixel phone JPEG with an EXIF orientation through the real endpoint (its three JPEG
# variants: 320, 640 and 1280 wide), against libvips' `vipsthumbnail` making the same three
# sizes from the same file as three separate processes (Q=82, metadata stripped, auto-rotated).
# The two alternate photo by photo, so load from elsewhere hits both alike. Then the cost of the
# WebP twins (made on the first request that accepts WebP) and the bytes of each variant.
#
# CPU is user + system: the server's from /proc/PID/stat around each request (clock ticks,
# 10 ms), vipsthumbnail's from the rusage of its processes (µs). Needs curl, python3 with
# Pillow (pip install pillow) to draw the photos, and vipsthumbnail (Debian's libvips-tools,
# installed here when missing).
#
#   .ci/bench-upload.sh            # builds the release binary, RUNS=10 photos
#   BIN=path/to/hangviet SKIP_BUILD=1 .ci/bench-upload.sh   # another binary (e.g. an older one)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-${CARGO_TARGET_DIR:-./target}/release/hangviet}
DATA=${DATA:-/tmp/hv-upload-bench}
PORT=${PORT:-8092}
RUNS=${RUNS:-10}
BASE="http://127.0.0.1:$PORT"
export RUST_LOG=warn
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked
if ! command -v vipsthumbnail >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y libvips-tools >/dev/null; else sudo apt-get install -y libvips-tools >/dev/null; fi
fi
python3 -c 'import PIL' 2>/dev/null || { echo "needs Pillow: pip install pillow" >&2; exit 1; }
rm -rf "$DATA"; mkdir -p "$DATA/photos" "$DATA/vips"

# RUNS different photos (content-addressed storage would otherwise skip the second one's
# writes): the same scene, each with its own marks.
python3 - "$DATA/photos" "$RUNS" <<'PY'
import sys, random
from PIL import Image, ImageDraw, ImageFilter
out, runs = sys.argv[1], int(sys.argv[2])
random.seed(1)
w, h = 4000, 3000   # 12 MP, as a phone camera
base = Image.radial_gradient("L").resize((w, h)).convert("RGB")
draw = ImageDraw.Draw(base)
for _ in range(4000):    # detail everywhere, like a real photo
    x, y = random.randrange(w), random.randrange(h)
    r = random.randrange(4, 60)
    draw.ellipse((x, y, x + r, y + r), fill=(random.randrange(256), random.randrange(256), random.randrange(256)))
base = base.filter(ImageFilter.GaussianBlur(1.2))
exif = Image.Exif(); exif[0x0112] = 6   # shot in portrait: Orientation 6
for i in range(runs):
    img = base.copy()
    d = ImageDraw.Draw(img)
    for k in range(20):
        x, y = (i * 389 + k * 197) % (w - 80), (i * 211 + k * 151) % (h - 80)
        d.rectangle((x, y, x + 60, y + 60), fill=((i * 40) % 256, (k * 12) % 256, 128))
    img.save(f"{out}/phone-{i}.jpg", "JPEG", quality=90, exif=exif.tobytes())
PY
echo "photos: $RUNS different 4000x3000 JPEGs (quality 90, EXIF Orientation 6), $(stat -c %s "$DATA/photos/phone-0.jpg") bytes each or so"

"$BIN" --data-dir "$DATA" migrate >/dev/null
"$BIN" --data-dir "$DATA" serve --bind 127.0.0.1:$PORT & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$BASE/healthz"; do sleep 0.05; done
jar="$DATA/cookies"
token() { curl -s -b "$jar" -c "$jar" "$BASE$1" | grep -o 'name="csrf_token" value="[0-9a-f]*"' | head -n1 | sed 's/.*value="//; s/"//'; }

# A signed-in business account in $jar. The account is made by the CLI and signed in through the
# login form, so sign-up changes (email confirmation) do not touch the bench; change only this.
business_session() {
  local email=bench@example.vn password="Một mật khẩu đủ dài 2026"
  # The server holds the SQLite file: the CLI writes to it beside the server (WAL).
  printf '%s\n' "$password" | "$BIN" --data-dir "$DATA" user add --email "$email" --role business --name Bench >/dev/null
  local t; t=$(token /dang-nhap)
  curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "csrf_token=$t" --data-urlencode "email=$email" \
    --data-urlencode "password=$password" "$BASE/dang-nhap"
}
business_session
t=$(token /doanh-nghiep/nha-san-xuat/moi)
curl -s -o /dev/null -b "$jar" --data-urlencode "csrf_token=$t" --data-urlencode "name=Xưởng Đo" \
  --data-urlencode "address=1 Tràng Tiền" --data-urlencode "province=ha-noi" "$BASE/doanh-nghiep/nha-san-xuat/moi"
producer=$(curl -s -b "$jar" "$BASE/doanh-nghiep" | grep -o '/doanh-nghiep/nha-san-xuat/[0-9][0-9]*' | head -n1 | grep -o '[0-9]*$')
[ -n "$producer" ] || { echo "no producer page: is the business signed in?" >&2; exit 1; }

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
seconds() { awk -v d="$1" -v t="$ticks" 'BEGIN {printf "%.3f", d / t}'; }
# vipsthumbnail's three processes on one photo: CPU (rusage of the children) and wall time.
vips_three() {
  python3 - "$1" "$DATA/vips" <<'PY'
import os, resource, subprocess, sys, time
src, out = sys.argv[1], sys.argv[2]
before, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
for w in (1280, 640, 320):
    subprocess.run(["vipsthumbnail", src, "--size", f"{w}x", "-o", f"{out}/v-{w}.jpg[Q=82,strip]"], check=True)
after, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic() - t0
print(f"{(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime):.3f} {wall:.3f}")
PY
}

up_cpu=(); up_wall=(); vips_cpu=(); vips_wall=()
for i in $(seq 0 $((RUNS - 1))); do
  if [ $((i % 8)) -eq 0 ]; then   # 8 photos per product
    t=$(token /doanh-nghiep/san-pham/moi)
    product=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$jar" --data-urlencode "csrf_token=$t" --data-urlencode "producer=$producer" \
      --data-urlencode "name=Sản phẩm đo $i" --data-urlencode "category=thuc-pham" "$BASE/doanh-nghiep/san-pham/moi" | sed 's/#.*//' | grep -o '[0-9]*$')
    t=$(token "/doanh-nghiep/san-pham/$product")
  fi
  photo="$DATA/photos/phone-$i.jpg"
  before=$(cpu)
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -b "$jar" -F "csrf_token=$t" -F "photo=@$photo;type=image/jpeg" \
    "$BASE/doanh-nghiep/san-pham/$product/anh")
  after=$(cpu)
  [ "${out%% *}" = "303" ] || { echo "upload $i failed: $out" >&2; exit 1; }
  up_cpu+=("$(seconds $((after - before)))"); up_wall+=("${out#* }")
  read -r c w < <(vips_three "$photo")
  vips_cpu+=("$c"); vips_wall+=("$w")
done

# WebP twins: the first request of each variant with Accept: image/webp makes it.
hashes=$(find "$DATA/media" -name '*-1280.jpg' -printf '%f\n' | sed 's/-1280.jpg$//' | sort)
webp_cpu=(); webp_wall=()
for h in $hashes; do
  before=$(cpu); t0=$(date +%s.%N)
  for w in 320 640 1280; do
    ctype=$(curl -s -o /dev/null -w '%{content_type}' -H 'Accept: image/avif,image/webp,*/*' "$BASE/media/$h-$w.jpg")
  done
  t1=$(date +%s.%N); after=$(cpu)
  webp_cpu+=("$(seconds $((after - before)))"); webp_wall+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')")
done
[ "$ctype" = "image/webp" ] || echo "(this binary serves no WebP: $ctype)"

stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1; s+=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%8.3f %8.3f %8.3f %8.3f", m, s/NR, a[1], a[NR]}'; }
echo
echo "CPU seconds (user+sys) per photo, $RUNS photos, run alternately ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-52s %8s %8s %8s %8s\n' "" median mean min max
printf '%-52s %s\n' "hangviet upload -> 3 JPEG variants (server CPU)" "$(stats "${up_cpu[@]}")"
printf '%-52s %s\n' "vipsthumbnail, 3 processes (CPU)" "$(stats "${vips_cpu[@]}")"
printf '%-52s %s\n' "hangviet first WebP request of the 3 (server CPU)" "$(stats "${webp_cpu[@]}")"
printf '%-52s %s\n' "hangviet upload, wall (curl time_total)" "$(stats "${up_wall[@]}")"
printf '%-52s %s\n' "vipsthumbnail, 3 processes, wall" "$(stats "${vips_wall[@]}")"
printf '%-52s %s\n' "hangviet 3 first WebP requests, wall" "$(stats "${webp_wall[@]}")"

# Bytes, sizes and PSNR of the last photo's variants, ours beside vipsthumbnail's. PSNR (dB,
# higher is closer) against the original photo turned upright and resized by Pillow (Lanczos).
h=$(find "$DATA/media" -name '*-1280.jpg' -printf '%T@ %f\n' | sort -n | tail -n1 | sed 's/.* //; s/-1280.jpg$//')
echo
python3 - "$DATA/photos/phone-$((RUNS - 1)).jpg" "$DATA/media" "$h" "$DATA/vips" <<'PY'
import glob, math, os, sys
from PIL import Image, ImageChops, ImageOps, ImageStat
photo, media, h, vips = sys.argv[1:]
original = ImageOps.exif_transpose(Image.open(photo)).convert("RGB")
def psnr(a, b):
    mse = sum(v * v for v in ImageStat.Stat(ImageChops.difference(a, b)).rms) / 3
    return 99.0 if mse == 0 else 10 * math.log10(255 * 255 / mse)
def cell(path):
    if not path or not os.path.exists(path):
        return "-"
    with Image.open(path) as im:
        im = im.convert("RGB")
        ref = original.resize(im.size, Image.LANCZOS)
        return f"{os.path.getsize(path):>7} B {im.width}x{im.height} {psnr(im, ref):4.1f} dB"
print(f"{'width':<6} {'hangviet JPEG':<30} {'hangviet WebP':<30} {'vipsthumbnail JPEG':<30}")
for w in (320, 640, 1280):
    found = lambda ext: (glob.glob(f"{media}/*/{h}-{w}.{ext}") or [None])[0]
    print(f"{w:<6} " + " ".join(f"{cell(f):<30}" for f in (found("jpg"), found("webp"), f"{vips}/v-{w}.jpg")))
PY
