#!/usr/bin/env python3
"""Wall-clock time of one parse, ours against lapsh 0.7.1's `parse_lap`, in
interleaved rounds: each round runs every side once on each file, in turn,
so that the load of a shared machine falls on all sides alike.

Usage (from the workspace root, lapsh installed in PYTHON's environment):
    cargo build --release -p codegen --example lap_parse_n
    python3 codegen/benches/interleaved-lapsh.py [--rounds R] \
        [--before OLD_LAP_PARSE_N] FILE...

`--before` names the same example built from an older commit, for a
before/after column. Ours: the median of 15 parses per run
(`lap_parse_n FILE 15 free`); lapsh: the median of 3 `parse_lap` calls per run.
Both sides free each result outside the timed region. Per file it prints
the median over the rounds of each side, MB/s (10^6
bytes), and the median over the rounds of the paired ratio lapsh/ours.
"""
import argparse
import os
import statistics
import subprocess
import sys

LAPSH = r"""
import statistics, sys, time, warnings
warnings.simplefilter("ignore")
from lap.core.parser import parse_lap
text = open(sys.argv[1], encoding="utf-8").read()
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    result = parse_lap(text)
    times.append(time.perf_counter() - start)
    del result
print(statistics.median(times) * 1e3)
"""


def ours(binary, path):
    # `free`: each model is freed after its parse is timed, as lapsh's
    # driver below frees each result (`del result`); a kept model would
    # make each later parse pay page faults for fresh memory.
    out = subprocess.run([binary, path, "15", "free"], check=True, capture_output=True, text=True)
    return float(out.stdout.split("\t")[3])


def lapsh(path):
    out = subprocess.run(
        [os.environ.get("PYTHON", sys.executable), "-c", LAPSH, path, "3"],
        check=True, capture_output=True, text=True,
    )
    return float(out.stdout)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--ours", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", "target"), "release/examples/lap_parse_n"))
    p.add_argument("--before")
    p.add_argument("files", nargs="+")
    a = p.parse_args()
    print(f"load average at start: {os.getloadavg()}", flush=True)
    sides = [("ours", lambda f: ours(a.ours, f)), ("lapsh", lapsh)]
    if a.before:
        sides.insert(0, ("before", lambda f: ours(a.before, f)))
    results = {f: {name: [] for name, _ in sides} for f in a.files}
    for r in range(a.rounds):
        order = sides if r % 2 == 0 else sides[::-1]
        for f in a.files:
            for name, run in order:
                results[f][name].append(run(f))
    print(f"load average at end: {os.getloadavg()}")
    head = "file\tbytes\t" + "\t".join(f"{n} ms\t{n} MB/s" for n, _ in sides)
    print(head + "\tlapsh/ours" + ("\tlapsh/before" if a.before else ""))
    for f in a.files:
        size = os.path.getsize(f)
        row = [os.path.basename(f), str(size)]
        for name, _ in sides:
            ms = statistics.median(results[f][name])
            row += [f"{ms:.3f}", f"{size / ms / 1e3:.0f}"]
        paired = [l / o for l, o in zip(results[f]["lapsh"], results[f]["ours"])]
        row.append(f"{statistics.median(paired):.1f}x")
        if a.before:
            paired = [l / o for l, o in zip(results[f]["lapsh"], results[f]["before"])]
            row.append(f"{statistics.median(paired):.1f}x")
        print("\t".join(row), flush=True)


if __name__ == "__main__":
    main()
