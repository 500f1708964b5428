#!/usr/bin/env bash
# Clean and incremental build times of disputes-api, dev and release, in a
# throw-away target directory. Usage: codegen/benches/build-time.sh
set -e
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${BUILD_TIME_TARGET:-/tmp/target-buildtime}"
rm -rf $CARGO_TARGET_DIR
s=$(date +%s.%N); cargo build --locked -p disputes-api >/dev/null 2>&1; e=$(date +%s.%N)
echo "clean dev build (deps included): $(echo "$e - $s" | bc) s"
touch disputes-api/src/lib.rs
s=$(date +%s.%N); cargo build --locked -p disputes-api >/dev/null 2>&1; e=$(date +%s.%N)
echo "incremental dev build (lib.rs touched): $(echo "$e - $s" | bc) s"
touch disputes-api/src/generated/operations.rs
s=$(date +%s.%N); cargo build --locked -p disputes-api >/dev/null 2>&1; e=$(date +%s.%N)
echo "incremental dev build (generated/operations.rs touched): $(echo "$e - $s" | bc) s"
s=$(date +%s.%N); cargo build --locked --release -p disputes-api >/dev/null 2>&1; e=$(date +%s.%N)
echo "clean release build (deps included): $(echo "$e - $s" | bc) s"
touch disputes-api/src/lib.rs
s=$(date +%s.%N); cargo build --locked --release -p disputes-api >/dev/null 2>&1; e=$(date +%s.%N)
echo "incremental release build (lib.rs touched): $(echo "$e - $s" | bc) s"
