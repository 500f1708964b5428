"""Runs lapsh 0.7.1's OpenAPI compiler over a list of documents.

For each document it writes what lapsh's `compile_openapi` produced, twice:
the lap text (`NAME.lap`, which `cargo xtask corpus` then reads with our
parser) and the compiler's own model (`NAME.json`: per endpoint the method,
path, required and optional parameter names in the order lapsh prints them,
and the response and error codes). The model is the oracle: it is what lapsh
meant to write, before any reader had to recover it from text.

Usage: python lapsh_dump.py LIST OUT_DIR
LIST holds one `NAME<TAB>PATH` per line. One JSON line per document goes to
stdout: {"name", "ok", "error", "seconds", "parse_seconds"}; `parse_seconds`
is lapsh's own `parse_lap` on the text it wrote (the peer of our parser's
benchmark). A document lapsh cannot compile within the time limit is
reported with ok = false and skipped.
"""

import json
import signal
import sys
import time
import warnings

from lap.core.compilers.openapi import compile_openapi
from lap.core.parser import parse_lap

LIMIT_SECONDS = 60


class Timeout(Exception):
    pass


def on_alarm(_signum, _frame):
    raise Timeout()


def model(spec):
    common = [p.name for p in spec.common_fields]
    endpoints = []
    for ep in spec.endpoints:
        body = ep.request_body
        endpoints.append({
            "method": ep.method.upper(),
            "path": ep.path,
            "required": [p.name for p in ep.required_params + [b for b in body if b.required]],
            "optional": [p.name for p in ep.optional_params + [b for b in body if not b.required]],
            "responses": [str(r.status_code) for r in ep.response_schemas],
            "errors": [str(e.code) for e in ep.error_schemas],
        })
    return {"api": spec.api_name, "common_fields": common, "endpoints": endpoints}


def main():
    listing, out_dir = sys.argv[1], sys.argv[2]
    signal.signal(signal.SIGALRM, on_alarm)
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(10000)
    for line in open(listing, encoding="utf-8"):
        name, path = line.rstrip("\n").split("\t")
        row = {"name": name, "ok": False, "error": None, "seconds": None, "parse_seconds": None}
        signal.alarm(LIMIT_SECONDS)
        try:
            start = time.perf_counter()
            spec = compile_openapi(path)
            text = spec.to_lap()
            row["seconds"] = time.perf_counter() - start
            with open(f"{out_dir}/{name}.lap", "w", encoding="utf-8") as f:
                f.write(text)
            with open(f"{out_dir}/{name}.json", "w", encoding="utf-8") as f:
                json.dump(model(spec), f)
            start = time.perf_counter()
            parse_lap(text)
            row["parse_seconds"] = time.perf_counter() - start
            row["ok"] = True
        except Timeout:
            row["error"] = f"timed out after {LIMIT_SECONDS} s"
        except BaseException as e:  # lapsh raises anything, RecursionError included
            row["error"] = f"{type(e).__name__}: {str(e)[:200]}"
        finally:
            signal.alarm(0)
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
