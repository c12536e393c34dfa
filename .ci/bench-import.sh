#!/usr/bin/env bash
# Issue 5 figure (CLI part): import time of a 5,000-row award list into a migrated, empty
# database, and of the same file again (nothing changes the second time). Needs hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-./target/release/hangviet}
DATA=${DATA:-/tmp/hv-import-bench}
CSV=${CSV:-/tmp/hangviet-awards-5000.csv}
export RUST_LOG=warn
cargo build --release --locked
python3 .ci/gen-awards.py "$CSV"
echo "file: $(wc -l < "$CSV") lines, $(stat -c %s "$CSV") bytes"
hyperfine --runs 5 -N \
  --prepare "bash -c 'rm -rf $DATA && $BIN --data-dir $DATA migrate >/dev/null'" \
  "$BIN --data-dir $DATA import-awards $CSV" 2>&1 | grep -E "Time|Range"
echo "== the same file again (no change)"
hyperfine --runs 5 -N "$BIN --data-dir $DATA import-awards $CSV" 2>&1 | grep -E "Time|Range"
"$BIN" --data-dir "$DATA" import-awards "$CSV" 2>&1 | tail -n 1
