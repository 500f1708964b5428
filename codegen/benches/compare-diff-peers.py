#!/usr/bin/env python3
"""`cargo xtask diff` against two peer spec differs, on the same crafted pairs,
in one run: `lapsh diff` (PyPI lapsh 0.7.1) and optic (npm @useoptic/optic
1.0.9).

Usage (from anywhere; it works from the workspace root):
    python3 codegen/benches/compare-diff-peers.py [CASE...]

Prints Markdown on stdout (progress goes to stderr): one row per case of
tests/fixtures/diff/ (or only the CASEs named), the totals, then the timing of
PayPal's 1.10 -> 1.11 diff. Python 3.11, standard library only.

Peers. The script installs them itself when they are missing (this needs the
network once; afterwards it runs offline):
  - lapsh: a venv at $LAPSH_VENV (default target/peers/venv):
        python3 -m venv target/peers/venv
        target/peers/venv/bin/pip install lapsh==0.7.1
  - optic: an npm project at $OPTIC_DIR (default target/peers/optic), with
    the npm override ajv 8.17.1 (without it optic 1.0.9 does not start):
        mkdir -p target/peers/optic && cd target/peers/optic
        # package.json: {"private": true, "overrides": {"ajv": "8.17.1"},
        #                "dependencies": {"@useoptic/optic": "1.0.9"}}
        npm install --no-audit --no-fund
    It also writes target/peers/optic/std/breaking.yml, the standard passed
    with --standard (optic's default ruleset skips every check when
    info.version makes a semver-major bump; this one never skips).
  Needs node and npm on PATH for optic (tested with node v20); if optic cannot
  be installed its column says why and the rest still runs.

How each tool is run on a case (old.* and new.* of the case directory):
  - ours:  target/release/xtask diff OLD NEW --format json
           (built once with `cargo build --release --locked -p xtask`).
  - lapsh: `lapsh diff OLD.lap NEW.lap`. lapsh diff reads only lap, so an
           OpenAPI side is first compiled with lapsh's own compiler,
           `lapsh compile X --stdout` (without --stdout it downloads a
           tokenizer); a lap side is used as it is.
  - optic: `optic diff OLD NEW --json --standard std/breaking.yml
           --validation loose`, with CI=true from a fresh temporary directory
           (CI=true makes it write ci-run-details.json, the only output that
           holds the check results; the temporary directory keeps any
           optic.yml of this repository out). OpenAPI pairs only: a case with a
           lap side is "n/a". NO_UPDATE_NOTIFIER=1 and
           OPTIC_TELEMETRY_LEVEL=off keep it off the network.

Classification. The expected level of a case is its rule's level in
docs/diff-rules.md (breaking = oasdiff ERR, warning = WARN, info = INFO); a
case not named after a rule takes the levels of its expected.txt (the highest
one is the case's level; none when it expects no change). A tool's verdict is
  ours:  the rule ids and levels it reports (it agrees when they are exactly
         the expected ones),
  lapsh: breaking (any `BREAKING:` line) / non-breaking / not detected,
  optic: error (a failed check) / listed (in its changelog, no failed check)
         / not detected,
and a peer agrees with oasdiff when: ERR -> breaking; WARN -> breaking (✓) or
non-breaking (~, acceptable: "may break"); INFO -> non-breaking; no change
expected -> nothing reported (✓) or only non-breaking changes (~). Not
detecting a change is never agreement. A case with several changes is judged
by its highest level (the cells show which kinds of change each tool saw).

Timing: PayPal's published files ($PAYPAL_OPENAPI_DIR, default
../shared/reference/paypal-openapi: customer_disputes_v1.info-1.10.json and
customer_disputes_v1.json; not committed, skipped with a message when
absent). Whole commands, process start included, interleaved, median of
$DIFF_TIMING_RUNS (default 21, at least 15) runs after one warm-up of each:
  (i)   ours on the two OpenAPI files,
  (ii)  ours on the two lap files that `xtask lap compile FILE -o OUT` wrote
        into target/peers/ beforehand,
  (iii) `lapsh diff` on those same lap files,
  (iv)  lapsh's whole path from the OpenAPI files: `lapsh compile` of both
        (--stdout) and `lapsh diff`.
Optic is run once on that pair too (not timed as a benchmark).

Other settings: $OPTIC_JOBS optic runs in parallel (default 2),
$CARGO_TARGET_DIR (default target).
"""
import collections
import concurrent.futures
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
os.chdir(ROOT)
# Absolute, because optic runs from a temporary directory.
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", "target")).resolve()
PEERS = TARGET / "peers"
LAPSH_VENV = Path(os.environ.get("LAPSH_VENV", PEERS / "venv")).absolute()
OPTIC_DIR = Path(os.environ.get("OPTIC_DIR", PEERS / "optic")).resolve()
PAYPAL_DIR = Path(os.environ.get("PAYPAL_OPENAPI_DIR", "../shared/reference/paypal-openapi"))
CASES_DIR = Path("tests/fixtures/diff")
RULES_DOC = Path("docs/diff-rules.md")
XTASK = TARGET / "release" / "xtask"
LAPSH = LAPSH_VENV / "bin" / "lapsh"
OPTIC = OPTIC_DIR / "node_modules" / ".bin" / "optic"
OPTIC_STD = OPTIC_DIR / "std" / "breaking.yml"
LAPSH_VERSION = "0.7.1"
OPTIC_VERSION = "1.0.9"
OPTIC_JOBS = max(1, int(os.environ.get("OPTIC_JOBS", "2")))
TIMING_RUNS = max(15, int(os.environ.get("DIFF_TIMING_RUNS", "21")))
OPTIC_ENV = dict(os.environ, CI="true", NO_UPDATE_NOTIFIER="1", OPTIC_TELEMETRY_LEVEL="off")

OASDIFF = {"breaking": "ERR", "warning": "WARN", "info": "INFO"}
RANK = {"INFO": 0, "WARN": 1, "ERR": 2}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Failed(Exception):
    """A command failed; the message is fit for a table cell."""


def run(cmd, timeout=120, **kw):
    """subprocess.run with a timeout, text output, and a clear error."""
    try:
        return subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                              timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        raise Failed(f"timed out after {timeout} s: {' '.join(map(str, cmd[:3]))} ...")
    except OSError as e:
        raise Failed(f"cannot run {cmd[0]}: {e}")


def last_line(text):
    lines = [l.strip() for l in (text or "").strip().splitlines() if l.strip()]
    return lines[-1][:160] if lines else "no output"


# --- setup -------------------------------------------------------------------

def setup_lapsh():
    """Returns None when lapsh is ready, else the reason it is not."""
    try:
        if not LAPSH.exists():
            log(f"installing lapsh {LAPSH_VERSION} into {LAPSH_VENV} ...")
            p = run([sys.executable, "-m", "venv", LAPSH_VENV], timeout=300)
            if p.returncode:
                return f"python3 -m venv failed: {last_line(p.stderr)}"
            p = run([LAPSH_VENV / "bin" / "pip", "install", "--disable-pip-version-check",
                     f"lapsh=={LAPSH_VERSION}"], timeout=900)
            if p.returncode:
                return f"pip install lapsh=={LAPSH_VERSION} failed: {last_line(p.stderr)}"
        p = run([LAPSH_VENV / "bin" / "python", "-c",
                 "import importlib.metadata as m; print(m.version('lapsh'))"])
        version = p.stdout.strip()
        if version != LAPSH_VERSION:
            return f"{LAPSH_VENV} has lapsh {version or '(none)'}, not {LAPSH_VERSION}"
    except Failed as e:
        return str(e)
    return None


def setup_optic():
    """Returns (version, None) when optic is ready, else (None, reason)."""
    try:
        OPTIC_STD.parent.mkdir(parents=True, exist_ok=True)
        OPTIC_STD.write_text("ruleset:\n  - breaking-changes:\n"
                             "      skip_when_major_version_changes: false\n")
        if not OPTIC.exists():
            if not shutil.which("npm") or not shutil.which("node"):
                return None, "node and npm are not on PATH"
            log(f"installing @useoptic/optic {OPTIC_VERSION} into {OPTIC_DIR} ...")
            (OPTIC_DIR / "package.json").write_text(json.dumps({
                "name": "optic-peer", "version": "1.0.0", "private": True,
                "overrides": {"ajv": "8.17.1"},
                "dependencies": {"@useoptic/optic": OPTIC_VERSION}}, indent=2) + "\n")
            p = run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
                    timeout=900, cwd=OPTIC_DIR)
            if p.returncode or not OPTIC.exists():
                return None, f"npm install failed: {last_line(p.stderr)}"
        pkg = OPTIC_DIR / "node_modules" / "@useoptic" / "optic" / "package.json"
        version = json.loads(pkg.read_text())["version"]
        ajv = json.loads((OPTIC_DIR / "node_modules" / "ajv" / "package.json").read_text())["version"]
        if ajv != "8.17.1":
            log(f"warning: {OPTIC_DIR} resolved ajv {ajv}, not the 8.17.1 override")
        return version, None
    except (Failed, OSError, ValueError, KeyError) as e:
        return None, str(e)


def build_xtask():
    log("cargo build --release --locked -p xtask ...")
    p = subprocess.run(["cargo", "build", "--release", "--locked", "-p", "xtask"], timeout=3600)
    if p.returncode or not XTASK.exists():
        sys.exit("error: cargo build --release -p xtask failed")


# --- cases and expectations -------------------------------------------------

def rule_levels():
    """rule id -> oasdiff level, from the tables of docs/diff-rules.md."""
    rules = {}
    for m in re.finditer(r"^\| \[`([a-z0-9-]+)`\]\(#[^)]*\) \| (breaking|warning|info) \|",
                         RULES_DOC.read_text(), re.M):
        rules[m.group(1)] = OASDIFF[m.group(2)]
    if not rules:
        sys.exit(f"error: no rule table found in {RULES_DOC}")
    return rules


def find_side(case_dir, stem):
    for ext in (".yaml", ".yml", ".json", ".lap"):
        p = case_dir / (stem + ext)
        if p.exists():
            return p
    raise Failed(f"no {stem}.yaml/.json/.lap in {case_dir}")


def expected_changes(case, rules):
    """[(id, oasdiff level)] the case should produce, and where that came from."""
    if case.name in rules:
        return [(case.name, rules[case.name])], "docs/diff-rules.md"
    exp = case / "expected.txt"
    if not exp.exists():
        raise Failed(f"{case.name} is not a rule id and has no expected.txt")
    changes = re.findall(r"^\s+(breaking|warning|info)\s+([a-z0-9-]+)\s*$", exp.read_text(), re.M)
    return [(rule, OASDIFF[level]) for level, rule in changes], "expected.txt"


def level_summary(changes):
    """'ERR' for one change, 'ERR (2 ERR, 6 INFO)' for several, 'none' for none."""
    if not changes:
        return "none"
    counts = collections.Counter(level for _, level in changes)
    top = max(counts, key=RANK.get)
    if len(changes) == 1:
        return top
    detail = ", ".join(f"{counts[l]} {l}" for l in ("ERR", "WARN", "INFO") if counts[l])
    return f"{top} ({detail})"


def top_level(changes):
    return max((level for _, level in changes), key=RANK.get) if changes else None


def agreement(expected_level, verdict):
    """'✓', '~' or '✗' for a peer verdict: breaking / non-breaking / none."""
    if expected_level is None:  # only non-breaking noise is still "not breaking"
        return {"none": "✓", "non-breaking": "~"}.get(verdict, "✗")
    if verdict == "none":
        return "✗"
    if expected_level == "ERR":
        return "✓" if verdict == "breaking" else "✗"
    if expected_level == "WARN":
        return "✓" if verdict == "breaking" else "~"
    return "✓" if verdict == "non-breaking" else "✗"


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


# --- the three tools on one case --------------------------------------------

def run_ours(old, new):
    p = run([XTASK, "diff", old, new, "--format", "json"], timeout=120)
    if p.returncode:
        raise Failed(f"xtask diff exit {p.returncode}: {last_line(p.stderr)}")
    try:
        out = json.loads(p.stdout)
        return [(c["id"], c["oasdiff_level"]) for c in out["changes"]]
    except (ValueError, KeyError) as e:
        raise Failed(f"unreadable xtask JSON: {e}")


def ours_cell(changes, expected):
    exact = collections.Counter(changes) == collections.Counter(expected)
    if not changes:
        text = "no change"
    elif len(set(changes)) <= 3:
        counts = collections.Counter(changes)
        text = ", ".join(f"`{rule}` {level}" + (f" ×{n}" if n > 1 else "")
                         for (rule, level), n in counts.items())
    else:
        counts = collections.Counter(level for _, level in changes)
        text = f"{len(changes)} changes: " + ", ".join(
            f"{counts[l]} {l}" for l in ("ERR", "WARN", "INFO") if counts[l])
        if exact:
            text += ", as expected.txt"
    return f"{text} {'✓' if exact else '✗'}", exact


LAPSH_CATEGORIES = [
    (r"^Added endpoint:", "endpoint added"),
    (r"^Removed endpoint:", "endpoint removed"),
    (r": added required param ", "required param added"),
    (r": added optional param ", "optional param added"),
    (r": removed param ", "param removed"),
    (r": param `.*` type changed ", "param type changed"),
    (r": added response field ", "response field added"),
    (r": removed response field ", "response field removed"),
    (r": added error code ", "error code added"),
    (r": removed error code ", "error code removed"),
    (r": description changed", "description changed"),
]


def parse_lapsh(text):
    """[(breaking, detail)] from `lapsh diff` (plain layout; the rich layout too)."""
    changes, section = [], None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("Semver:") or line == "No changes detected.":
            continue
        if line.startswith("Breaking Changes"):
            section = True
            continue
        if line.startswith("Non-breaking Changes"):
            section = False
            continue
        if line.startswith("BREAKING: "):
            changes.append((True, line[len("BREAKING: "):]))
        elif section is not None and line[:2] in ("x ", "o ", "✗ ", "• "):
            changes.append((section, line[2:]))
        else:
            changes.append((bool(section), line))
    return changes


def lapsh_category(detail):
    for pattern, name in LAPSH_CATEGORIES:
        if re.search(pattern, detail):
            return name
    return detail[:60]


def run_lapsh(old, new, work):
    sides = []
    for side, name in ((old, "old.lap"), (new, "new.lap")):
        if side.suffix == ".lap":
            sides.append(side)
            continue
        p = run([LAPSH, "compile", side, "--stdout"], timeout=120)
        if p.returncode or not p.stdout.startswith("@lap"):
            raise Failed(f"lapsh compile {side.name}: {last_line(p.stderr or p.stdout)}")
        out = work / name
        out.write_text(p.stdout)
        sides.append(out)
    p = run([LAPSH, "diff", *sides], timeout=120)
    if p.returncode:
        raise Failed(f"lapsh diff exit {p.returncode}: {last_line(p.stdout + p.stderr)}")
    return parse_lapsh(p.stdout)


def lapsh_cell(changes, expected_level):
    if not changes:
        verdict, text = "none", "not detected"
    else:
        verdict = "breaking" if any(b for b, _ in changes) else "non-breaking"
        parts = []
        for label, flag in (("breaking", True), ("non-breaking", False)):
            cats = list(dict.fromkeys(lapsh_category(d) for b, d in changes if b == flag))
            if cats:
                parts.append(f"{label} ({', '.join(cats)})")
        text = " + ".join(parts)
    if expected_level is None and verdict == "none":
        text = "no change"
    mark = agreement(expected_level, verdict)
    return f"{text} {mark}", verdict, mark


def collect_diffs(node, out):
    """Every entry of every `diffs` list in optic's groupedDiffs."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "diffs" and isinstance(value, list):
                out.extend(d for d in value if isinstance(d, dict))
            else:
                collect_diffs(value, out)
    elif isinstance(node, list):
        for value in node:
            collect_diffs(value, out)
    return out


def run_optic(old, new):
    """(failed checks [(name, error)], listed diffs [trail]) or raises Failed."""
    work = Path(tempfile.mkdtemp(prefix="optic-"))
    try:
        cmd = [OPTIC, "diff", old.resolve(), new.resolve(), "--json",
               "--standard", OPTIC_STD.resolve(), "--validation", "loose"]
        p = run(cmd, timeout=300, cwd=work, env=OPTIC_ENV)
        details = work / "ci-run-details.json"
        if p.returncode not in (0, 1):
            raise Failed(f"optic exit {p.returncode}: {last_line(p.stderr)}")
        if not p.stdout.strip():
            # --json silences the reason (an invalid spec): ask again without it.
            q = run([c for c in cmd if c != "--json"], timeout=300, cwd=work, env=OPTIC_ENV)
            raise Failed(f"optic: {last_line(q.stdout + q.stderr)}")
        if not details.exists():
            raise Failed("optic wrote no ci-run-details.json")
        ci = json.loads(details.read_text())
        failed, listed = [], []
        for done in ci.get("completed", []):
            comparison = done.get("comparison", {})
            for r in comparison.get("results", []):
                if not r.get("passed") and not r.get("exempted"):
                    failed.append((r.get("name", "?"), r.get("error", ""), r.get("severity", 2)))
            listed += [d.get("trail") or d.get("after") or d.get("before") or "?"
                       for d in collect_diffs(comparison.get("groupedDiffs", {}), [])]
        if not failed and not listed:
            # The changelog on stdout is another view; use it if groupedDiffs was empty.
            ops = json.loads(p.stdout).get("operations", [])
            listed += [op.get("name", "?") for op in ops]
        return failed, listed
    except ValueError as e:
        raise Failed(f"unreadable optic output: {e}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def short_trail(trail):
    """`/paths/~1v1~1x/get/.../properties/a` -> `…/properties/a`."""
    parts = trail.split("/")
    return "…/" + "/".join(parts[-2:]) if len(trail) > 40 and len(parts) > 3 else trail


def optic_cell(result, expected_level):
    failed, listed = result
    errors = [f for f in failed if f[2] >= 2]
    if errors:
        verdict = "breaking"
        names = list(dict.fromkeys(name for name, _, _ in errors))
        text = "error: " + "; ".join(names[:2]) + (f" (+{len(names) - 2})" if len(names) > 2 else "")
    elif failed or listed:
        verdict = "non-breaking"
        trails = list(dict.fromkeys(short_trail(t) for t in listed))
        text = "listed (" + ", ".join(f"`{t}`" for t in trails[:2]) + \
            (f" +{len(trails) - 2}" if len(trails) > 2 else "") + ")"
        if failed:
            text += "; warned: " + "; ".join(dict.fromkeys(n for n, _, _ in failed))
    else:
        verdict, text = "none", "not detected"
    if expected_level is None and verdict == "none":
        text = "no change"
    mark = agreement(expected_level, verdict)
    return f"{text} {mark}", verdict, mark


# --- the table ---------------------------------------------------------------

class Tally:
    def __init__(self):
        self.detected = self.detectable = self.agree = self.approx = self.total = 0

    def add(self, expected_level, verdict, mark):
        self.total += 1
        if expected_level is not None:
            self.detectable += 1
            self.detected += verdict in ("breaking", "non-breaking")
        self.agree += mark in ("✓", "~")
        self.approx += mark == "~"

    def __str__(self):
        if not self.total:
            return "n/a"
        approx = f" ({self.approx} of them ~)" if self.approx else ""
        return (f"detected {self.detected}/{self.detectable}; "
                f"as oasdiff {self.agree}/{self.total}{approx}")


def compare_cases(names, rules, lapsh_error, optic_error):
    cases = sorted(d for d in CASES_DIR.iterdir() if d.is_dir())
    if names:
        unknown = set(names) - {c.name for c in cases}
        if unknown:
            sys.exit(f"error: no such case: {', '.join(sorted(unknown))}")
        cases = [c for c in cases if c.name in names]
    rows, tallies = [], {t: Tally() for t in ("ours", "lapsh", "optic")}
    optic_jobs = {}
    scratch = Path(tempfile.mkdtemp(prefix="diff-peers-"))
    try:
        for i, case in enumerate(cases, 1):
            log(f"[{i}/{len(cases)}] {case.name}")
            row = {"case": case.name}
            try:
                old, new = find_side(case, "old"), find_side(case, "new")
                expected, source = expected_changes(case, rules)
            except Failed as e:
                row.update(level="?", ours=f"error: {e}", lapsh="", optic="", expected=None)
                rows.append(row)
                continue
            level = top_level(expected)
            row.update(level=level_summary(expected), expected=level, source=source)
            # ours
            try:
                changes = run_ours(old, new)
                text, exact = ours_cell(changes, expected)
                row["ours"] = text
                row["ours_exact"] = exact
                tallies["ours"].add(level, "breaking" if changes else "none",
                                    "✓" if exact else "✗")
            except Failed as e:
                row["ours"] = f"error: {e} ✗"
                tallies["ours"].add(level, "none", "✗")
            # lapsh
            if lapsh_error:
                row["lapsh"] = f"error: {lapsh_error}"
            else:
                work = scratch / case.name
                work.mkdir()
                try:
                    text, verdict, mark = lapsh_cell(run_lapsh(old, new, work), level)
                    row["lapsh"] = text
                    tallies["lapsh"].add(level, verdict, mark)
                except Failed as e:
                    row["lapsh"] = f"error: {e} ✗"
                    tallies["lapsh"].add(level, "none", "✗")
            # optic (later, in parallel)
            if old.suffix == ".lap" or new.suffix == ".lap":
                row["optic"] = "n/a (lap input)"
            elif optic_error:
                row["optic"] = f"error: {optic_error}"
            else:
                optic_jobs[case.name] = (old, new, level)
            rows.append(row)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    if optic_jobs:
        log(f"optic on {len(optic_jobs)} OpenAPI pairs, {OPTIC_JOBS} at a time ...")
        by_name = {r["case"]: r for r in rows}
        with concurrent.futures.ThreadPoolExecutor(OPTIC_JOBS) as pool:
            futures = {pool.submit(run_optic, old, new): name
                       for name, (old, new, _) in optic_jobs.items()}
            for n, fut in enumerate(concurrent.futures.as_completed(futures), 1):
                name = futures[fut]
                level = optic_jobs[name][2]
                try:
                    text, verdict, mark = optic_cell(fut.result(), level)
                    tallies["optic"].add(level, verdict, mark)
                except Failed as e:
                    text = f"error: {e} ✗"
                    tallies["optic"].add(level, "none", "✗")
                except Exception as e:  # never lose the whole run to one case
                    text = f"error: {type(e).__name__}: {e} ✗"
                    tallies["optic"].add(level, "none", "✗")
                by_name[name]["optic"] = text
                log(f"  optic [{n}/{len(optic_jobs)}] {name}")
    return rows, tallies


def print_table(rows, tallies):
    print("| case | oasdiff level | ours | lapsh | optic |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| `{r['case']}` | {cell(r['level'])} | {cell(r.get('ours', ''))} | "
              f"{cell(r.get('lapsh', ''))} | {cell(r.get('optic', ''))} |")
    print(f"| **total** ({len(rows)} cases) | | {tallies['ours']} | {tallies['lapsh']} | "
          f"{tallies['optic']} |")
    print()
    print("✓ classified as oasdiff would; ~ acceptable: a WARN change listed as "
          "non-breaking, or non-breaking changes reported where none is expected; "
          "✗ missed or classified otherwise. Levels: docs/diff-rules.md for cases "
          "named after a rule, expected.txt for the others.")
    mismatched = [r["case"] for r in rows if r.get("ours_exact") is False]
    if mismatched:
        print()
        print("Ours differs from the expected rule/level on: "
              + ", ".join(f"`{c}`" for c in mismatched))


# --- timing ------------------------------------------------------------------

def timing(optic_version):
    old_json = PAYPAL_DIR / "customer_disputes_v1.info-1.10.json"
    new_json = PAYPAL_DIR / "customer_disputes_v1.json"
    print()
    print("### PayPal 1.10 -> 1.11")
    print()
    missing = [str(p) for p in (old_json, new_json) if not p.exists()]
    if missing:
        print(f"Skipped: {', '.join(missing)} not found (set PAYPAL_OPENAPI_DIR).")
        return
    PEERS.mkdir(parents=True, exist_ok=True)
    old_lap, new_lap = PEERS / "paypal-1.10.lap", PEERS / "paypal-1.11.lap"
    for src, dst in ((old_json, old_lap), (new_json, new_lap)):
        p = run([XTASK, "lap", "compile", src, "-o", dst], timeout=120)
        if p.returncode:
            print(f"Skipped: xtask lap compile {src} failed: {last_line(p.stderr)}")
            return
    scratch = Path(tempfile.mkdtemp(prefix="diff-peers-paypal-"))
    try:
        lapsh_old, lapsh_new = scratch / "old.lap", scratch / "new.lap"

        def lapsh_whole():
            for src, dst in ((old_json, lapsh_old), (new_json, lapsh_new)):
                with open(dst, "w") as f:
                    subprocess.run([str(LAPSH), "compile", str(src), "--stdout"], stdout=f,
                                   stderr=subprocess.DEVNULL, check=True, timeout=120)
            return subprocess.run([str(LAPSH), "diff", str(lapsh_old), str(lapsh_new)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  check=True, timeout=120)

        def command(cmd):
            return lambda: subprocess.run([str(c) for c in cmd], stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL, check=True, timeout=120)

        variants = [
            ("(i) ours, OpenAPI JSON files", "`xtask diff OLD.json NEW.json`",
             command([XTASK, "diff", old_json, new_json])),
            ("(ii) ours, lap files", "`xtask diff OLD.lap NEW.lap`",
             command([XTASK, "diff", old_lap, new_lap])),
            ("(iii) lapsh, lap files", "`lapsh diff OLD.lap NEW.lap`",
             command([LAPSH, "diff", old_lap, new_lap])),
            ("(iv) lapsh, from the OpenAPI files",
             "`lapsh compile` ×2 (`--stdout`) + `lapsh diff`", lapsh_whole),
        ]
        times = {name: [] for name, _, _ in variants}
        try:
            for _, _, fn in variants:  # warm-up
                fn()
            for _ in range(TIMING_RUNS):
                for name, _, fn in variants:
                    start = time.perf_counter()
                    fn()
                    times[name].append(time.perf_counter() - start)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
            print(f"Timing failed: {e}")
            return
        med = {name: statistics.median(t) for name, t in times.items()}
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"Median of {TIMING_RUNS} interleaved runs after a warm-up, whole commands "
              f"(process start included); load average before: {load}.")
        print()
        print("| command | what | median | min | max |")
        print("|---|---|---:|---:|---:|")
        for name, what, _ in variants:
            t = times[name]
            print(f"| {name} | {what} | {med[name] * 1000:.1f} ms | {min(t) * 1000:.1f} ms | "
                  f"{max(t) * 1000:.1f} ms |")
        n = [name for name, _, _ in variants]
        print()
        print(f"- lap files, lapsh diff / ours: **{med[n[2]] / med[n[1]]:.1f}x** "
              f"({med[n[2]] * 1000:.1f} / {med[n[1]] * 1000:.1f} ms)")
        print(f"- from the OpenAPI files, lapsh compile+diff / ours: "
              f"**{med[n[3]] / med[n[0]]:.1f}x** "
              f"({med[n[3]] * 1000:.1f} / {med[n[0]] * 1000:.1f} ms)")

        # What each reports on that pair.
        # `lapsh compile --stdout` prints one more newline than the file it writes.
        same = all(a.read_text().rstrip("\n") == b.read_text().rstrip("\n")
                   for a, b in ((lapsh_old, old_lap), (lapsh_new, new_lap)))
        print(f"- the lap files of `xtask lap compile` and `lapsh compile --stdout` are "
              f"{'identical (but for the trailing newline)' if same else 'DIFFERENT'}")
        summary = {}
        for label, a, b in (("OpenAPI", old_json, new_json), ("lap", old_lap, new_lap)):
            p = run([XTASK, "diff", a, b], timeout=120)
            summary[label] = p.stdout.splitlines()[0] if p.stdout else last_line(p.stderr)
        print(f"- ours reports, on the OpenAPI files: {summary['OpenAPI']}; on the lap "
              f"files: {summary['lap']}")
        p = run([LAPSH, "diff", old_lap, new_lap], timeout=120)
        changes = parse_lapsh(p.stdout)
        breaking = [d for b, d in changes if b]
        print(f"- lapsh reports {len(changes)} changes, {len(breaking)} breaking"
              + (": " + "; ".join(f"`` {d} ``" for d in breaking) if breaking else "")
              + "; non-breaking: "
              + ("; ".join(f"`` {d} ``" for b, d in changes if not b) or "none"))
        if optic_version:
            start = time.perf_counter()
            try:
                failed, listed = run_optic(old_json, new_json)
                secs = time.perf_counter() - start
                names = collections.Counter(n for n, _, _ in failed)
                print(f"- optic {optic_version} (one run, {secs:.1f} s, `--validation loose`): "
                      f"{len(failed)} failed checks ("
                      + (", ".join(f"{n} ×{c}" for n, c in names.items()) or "none")
                      + f"), {len(listed)} diffs listed")
            except Failed as e:
                print(f"- optic on the PayPal pair: error: {e}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    names = sys.argv[1:]
    if any(n.startswith("-") for n in names):
        print(__doc__)
        sys.exit(0 if names[0] in ("-h", "--help") else 2)
    PEERS.mkdir(parents=True, exist_ok=True)
    lapsh_error = setup_lapsh()
    if lapsh_error:
        log(f"lapsh unavailable: {lapsh_error}")
    optic_version, optic_error = setup_optic()
    if optic_error:
        log(f"optic unavailable: {optic_error}")
    build_xtask()
    rules = rule_levels()
    node = run(["node", "--version"]).stdout.strip() if shutil.which("node") else "none"

    print("## `cargo xtask diff` against lapsh and optic")
    print()
    print(f"lapsh {'unavailable: ' + lapsh_error if lapsh_error else LAPSH_VERSION}, "
          f"optic {optic_version or 'unavailable: ' + str(optic_error)} (node {node}), "
          f"{len(rules)} rules in {RULES_DOC}.")
    print()
    rows, tallies = compare_cases(names, rules, lapsh_error, optic_error)
    print_table(rows, tallies)
    if lapsh_error:
        print("\nTiming skipped: lapsh is unavailable.")
    else:
        timing(optic_version)


if __name__ == "__main__":
    main()
