#!/usr/bin/env python3
"""`cargo xtask lap compile` against lapsh 0.7.1's compiler on the same
OpenAPI files, in one run.

Usage (from the workspace root, with `pip install lapsh==0.7.1`):
    python3 codegen/benches/compare-lapsh-compile.py [OPENAPI...]
Default inputs: spec/disputes.openapi.json, plus PayPal's published 1.11
file when ../shared/reference/paypal-openapi/ exists (it is not committed).

`lapsh compile` itself downloads a tokenizer for its statistics after writing
the file, which fails offline; the lapsh command timed here is the same
compile (`compile_openapi(path).to_lap()`, then write) without that step.
Both are whole commands, process start included; the median of RUNS
interleaved runs is reported. The outputs are compared too.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 15
target = os.environ.get("CARGO_TARGET_DIR", "target")
xtask = os.path.join(target, "release", "xtask")
subprocess.run(["cargo", "build", "--release", "--locked", "-p", "xtask"], check=True)
inputs = sys.argv[1:] or [
    p for p in ["spec/disputes.openapi.json",
                "../shared/reference/paypal-openapi/customer_disputes_v1.json"]
    if os.path.exists(p)
]
LAPSH = ("import sys; from lap.core.compilers.openapi import compile_openapi; "
         "open(sys.argv[2], 'w').write(compile_openapi(sys.argv[1]).to_lap())")
out = tempfile.mkdtemp()


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


for path in inputs:
    ours_out, theirs_out = os.path.join(out, "ours.lap"), os.path.join(out, "lapsh.lap")
    ours_cmd = [xtask, "lap", "compile", path, "-o", ours_out]
    theirs_cmd = [sys.executable, "-c", LAPSH, path, theirs_out]
    timed(ours_cmd), timed(theirs_cmd)
    ours, theirs = [], []
    for _ in range(RUNS):
        ours.append(timed(ours_cmd))
        theirs.append(timed(theirs_cmd))
    same = open(ours_out).read() == open(theirs_out).read()
    o, t = statistics.median(ours), statistics.median(theirs)
    print(f"{path} ({os.path.getsize(path)} bytes): xtask lap compile {o * 1000:.1f} ms, "
          f"lapsh {t * 1000:.1f} ms, ratio {t / o:.1f}x faster; "
          f"output {'identical' if same else 'DIFFERENT'}")
