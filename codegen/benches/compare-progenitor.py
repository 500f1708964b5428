#!/usr/bin/env python3
"""`cargo xtask codegen` (warm release binary) against `cargo progenitor`
0.15.1 on the document our pipeline hands to progenitor, in one run.

Usage (from the workspace root, after `cargo install cargo-progenitor --version 0.15.1`):
    python3 codegen/benches/compare-progenitor.py [RUNS]

Prints the median and min wall time of each command over RUNS (default 15)
runs after one warm-up, and the ratio of the medians.

BEFORE=/path/to/other/target/release/xtask adds that build of `cargo xtask
codegen` (run in its own checkout, the parent of its `target/`) to the same
interleaved rounds, for a before/after comparison of our pipeline.
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
target = os.environ.get("CARGO_TARGET_DIR", "target")
work = os.path.join(target, "codegen-bench")
os.makedirs(work, exist_ok=True)
xtask = os.path.join(target, "release", "xtask")
subprocess.run(["cargo", "build", "--release", "--locked", "-p", "xtask"], check=True)
doc = os.path.join(work, "progenitor-input.json")
subprocess.run([xtask, "codegen", "--progenitor-input", doc], check=True,
               stdout=subprocess.DEVNULL)
progenitor = shutil.which("cargo-progenitor") or os.path.expanduser("~/.cargo/bin/cargo-progenitor")
out_dir = os.path.join(work, "progenitor-out")

commands = {
    "cargo xtask codegen (release, warm)": [xtask, "codegen"],
    "cargo-progenitor 0.15.1 (builder, merged tags)": [
        progenitor, "progenitor", "-i", doc, "-o", out_dir, "-n", "disputes-bench",
        "-v", "0.1.0", "--interface", "builder", "--tags", "merged",
    ],
}


before = os.environ.get("BEFORE")
cwd = {}
if before:
    name = "cargo xtask codegen, BEFORE build (release, warm)"
    commands[name] = [before, "codegen"]
    cwd[name] = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(before))))


def timed(cmd, where=None):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=where)
    return time.perf_counter() - start


results = {}
for name, cmd in commands.items():
    timed(cmd, cwd.get(name))  # warm-up: page cache, binary loaded
results = {name: [] for name in commands}
# Interleave the runs so both see the same machine state.
for _ in range(RUNS):
    for name, cmd in commands.items():
        results[name].append(timed(cmd, cwd.get(name)))
for name, times in results.items():
    print(f"{name}: median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms ({RUNS} runs)")
medians = [statistics.median(t) for t in results.values()]
ours, theirs = medians[0], medians[1]
print(f"ratio (ours / cargo-progenitor, medians): {ours / theirs:.2f}x")
if before:
    print(f"ratio (BEFORE / cargo-progenitor, medians): {medians[2] / theirs:.2f}x")
    mins = [min(t) for t in results.values()]
    print(f"ratio (ours / BEFORE, medians): {ours / medians[2]:.2f}x, "
          f"mins: {mins[0] / mins[2]:.2f}x")
