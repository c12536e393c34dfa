#!/usr/bin/env bash
# Issue 3 figures: index build time and /api/v1/search latency at 8 concurrent clients over
# 1,500 varied queries, on 100,000 generated products; the embedded index, then the database
# fallback. Needs wrk and hyperfine (Debian packages) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-./target/release/hangviet}
DATA=${DATA:-/tmp/hv100k}
PORT=${PORT:-8094}
DURATION=${DURATION:-30s}
QUERIES=${QUERIES:-/tmp/hangviet-queries.txt}
export RUST_LOG=warn
cargo build --release --locked
if [ ! -f "$DATA/hangviet.db" ]; then
  "$BIN" --data-dir "$DATA" seed-demo --products 100000
fi
echo "== index build (reindex of the whole catalogue)"
hyperfine --runs 3 -N "$BIN --data-dir $DATA reindex" 2>&1 | grep -E "Time|Range"

python3 - "$DATA/hangviet.db" "$QUERIES" <<'PY'
import random, sqlite3, sys, unicodedata, urllib.parse
random.seed(7)
db, out = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db)
names = [r[0] for r in c.execute("select name from products where status='published' order by id")]
names = random.sample(names, 3000)
places = [r[0] for r in c.execute("select name from provinces union all select name from province_aliases")]
cats = [r[0] for r in c.execute("select slug from categories")]
def fold(s):
    s = unicodedata.normalize('NFD', s)
    return ''.join(ch for ch in s if unicodedata.category(ch) != 'Mn').replace('đ', 'd').replace('Đ', 'd').lower()
def typo(w):
    if len(w) < 5: return w
    i = random.randrange(1, len(w) - 1); return w[:i] + w[i+1] + w[i] + w[i+2:]
qs = []
while len(qs) < 1500:
    words = random.choice(names).split()
    k = random.randint(1, min(3, len(words))); s = random.randint(0, len(words) - k); words = words[s:s+k]
    kind = random.random(); params = []
    if kind < 0.35: q = fold(' '.join(words))                                  # no diacritics
    elif kind < 0.55: q = ' '.join(words)                                      # as written
    elif kind < 0.70: q = fold(' '.join(words)); q = q[:max(2, len(q) - random.randint(1, 3))]  # half-typed
    elif kind < 0.80: q = ' '.join(typo(fold(w)) for w in words)               # typos
    elif kind < 0.90: q = fold(random.choice(places))                          # old or new province
    else:
        q = fold(words[0])
        params = [('category', random.choice(cats))] if random.random() < 0.5 else [('programme', 'ocop'), ('year', str(random.randint(2019, 2025)))]
    qs.append('/api/v1/search?' + urllib.parse.urlencode([('q', q)] + params))
open(out, 'w').write('\n'.join(qs) + '\n')
print(f"{len(qs)} queries, {len(set(qs))} distinct")
PY

for mode in index database; do
  HANGVIET_SEARCH=$mode "$BIN" --data-dir "$DATA" serve --bind 127.0.0.1:$PORT & pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:$PORT/healthz; do sleep 0.05; done
  echo "== search answered by: $mode"
  QUERIES=$QUERIES wrk -t2 -c8 -d"$DURATION" --timeout 10s -s .ci/search-queries.lua "http://127.0.0.1:$PORT" | tail -n 1
  echo "server memory: $(awk '/VmHWM/ {print "peak", $2, $3} /VmRSS/ {print "now", $2, $3}' /proc/$pid/status | paste -sd' ')"
  kill $pid; wait $pid 2>/dev/null || true
done
