#!/usr/bin/env python3
"""Times lapsh 0.7.1's `parse_lap` on the files `cargo bench --bench lap_parse`
parses, and prints one line per file: name, bytes, median seconds, MB/s.

Usage: python3 codegen/benches/lapsh_parse.py FILE...
Each file is parsed repeatedly for at least 3 seconds (at least 3 runs); the
median is reported, like criterion's point estimate. The parsed result is
freed outside the timed region on both sides.
"""
import statistics
import sys
import time

from lap.core.parser import parse_lap


def bench(path):
    text = open(path, encoding="utf-8").read()
    size = len(text.encode("utf-8"))
    parse_lap(text)  # warm-up
    times = []
    deadline = time.perf_counter() + 3.0
    while len(times) < 3 or time.perf_counter() < deadline:
        start = time.perf_counter()
        result = parse_lap(text)
        times.append(time.perf_counter() - start)
        del result  # freed outside the timing, as the criterion bench does
    median = statistics.median(times)
    return size, median, len(times)


for path in sys.argv[1:]:
    size, median, runs = bench(path)
    print(f"{path}\t{size}\t{median:.6f}\t{size / median / 1e6:.2f} MB/s\t({runs} runs)")
