#!/usr/bin/env bash
# Runs the lap_parse criterion bench and lapsh's parse_lap on the same files,
# in one run, and prints both. Needs `pip install lapsh==0.7.1` (PYTHON names
# the interpreter that has it, default python3).
# Usage: codegen/benches/compare-lapsh.sh   (from the workspace root)
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-target}"
mkdir -p "$target/lap-bench"
# The three largest lapsh-written files of the corpus, when
# `cargo xtask corpus` has run (target/corpus/lapsh/).
# Absolute paths: the bench runs in codegen/, not here.
largest=$(ls -S "$(realpath "$target")"/corpus/lapsh/*.lap 2>/dev/null | head -3 | tr '\n' ' ' || true)
LAP_BENCH_FILES=$(echo $largest | tr ' ' ':') \
  cargo bench -p codegen --bench lap_parse -- --noplot 2>&1 | tee "$target/lap-bench/criterion.txt" \
  | grep -E '^lap_parse|time:|thrpt:'
echo "== lapsh 0.7.1 parse_lap"
"${PYTHON:-python3}" codegen/benches/lapsh_parse.py spec/disputes.lap "$target"/lap-bench/synthetic-{1,4,10}mb.lap $largest
