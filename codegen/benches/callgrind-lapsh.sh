#!/usr/bin/env bash
# Instructions of one parse, ours (`codegen::lap::parse`) against lapsh
# 0.7.1's `parse_lap`, by callgrind: for each FILE, the count of a run that
# parses it once minus the count of a run that only reads it (process start,
# imports and reading cancel out; neither side frees its result). Unlike
# wall-clock time, the counts do not move with the machine's load.
# Needs valgrind and `pip install lapsh==0.7.1` (PYTHON names the
# interpreter, default python3).
# Usage: codegen/benches/callgrind-lapsh.sh FILE...   (from the workspace root)
set -euo pipefail
cd "$(dirname "$0")/../.."
python="${PYTHON:-python3}"
cargo build --quiet --release -p codegen --example lap_parse_n
bin="${CARGO_TARGET_DIR:-target}/release/examples/lap_parse_n"
lapsh_driver='
import os, sys, warnings
warnings.simplefilter("ignore")
from lap.core.parser import parse_lap
text = open(sys.argv[1], encoding="utf-8").read()
kept = [parse_lap(text) for _ in range(int(sys.argv[2]))]
os._exit(0)  # no freeing, as on our side
'
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf 'file\tbytes\tours\tlapsh\tratio\n'
for f in "$@"; do
  ours=$(( $(count "$bin" "$f" 1) - $(count "$bin" "$f" 0) ))
  theirs=$(( $(count "$python" -c "$lapsh_driver" "$f" 1) - $(count "$python" -c "$lapsh_driver" "$f" 0) ))
  printf '%s\t%s\t%s\t%s\t%s\n' "$f" "$(stat -c %s "$f")" "$ours" "$theirs" \
    "$(awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "%.1fx", a / b }')"
done
