//! The report: totals per stage, the failures, the slowest documents per
//! stage and the largest lapsh files with our parse time. Printed, and
//! written as `report.json` and `report.md` in the corpus directory, with
//! every difference, explained or not, in `differences.tsv`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};

use super::Limits;
use super::check::{Checked, Outcome as Compile};
use super::compare::{Difference, Rule};
use super::documents::{Document, Listing};
use super::known;
use super::lapsh::Row;
use super::read::{Outcome as Parse, Reading};

mod render;

/// A blow-up (time or memory) of our compile is a failure on a document
/// smaller than this: no document of 1 MB should need 120 s or 4 GB, while
/// the few far larger ones (Microsoft Graph, 20 and 47 MB) are reported as
/// blow-ups to work on without failing the run.
pub(crate) const BLOWUP_FAILURE_BELOW: u64 = 1_000_000;

/// What the report is made from.
pub(crate) struct Inputs<'a> {
    pub listing: &'a Listing,
    pub selection: String,
    pub docs: &'a [Document],
    pub lapsh: &'a [Row],
    pub parsed: &'a [Option<Reading>],
    pub checked: &'a [Checked],
    pub limits: &'a Limits,
    pub top: usize,
    pub seconds: f64,
    /// `--known-failures`: the file and its entries.
    pub known: Option<(&'a Path, &'a [known::Entry])>,
}

/// One failure: a document, the stage, and what went wrong.
#[derive(Clone, Debug)]
struct Failure {
    document: String,
    stage: &'static str,
    endpoint: Option<String>,
    what: String,
}

impl Failure {
    fn to_json(&self) -> Value {
        json!({
            "document": self.document, "stage": self.stage,
            "endpoint": self.endpoint, "what": self.what,
        })
    }
}

/// Moves the failures a known entry lists out of `failures`, and adds a
/// failure for each stale entry (its document was run, nothing matched).
fn apply_known(
    failures: Vec<Failure>,
    known: Option<(&Path, &[known::Entry])>,
    docs: &[Document],
) -> (Vec<Failure>, Vec<Failure>, Value) {
    let Some((file, entries)) = known else {
        return (failures, Vec::new(), Value::Null);
    };
    let mut used = vec![0usize; entries.len()];
    let (mut new, mut listed) = (Vec::new(), Vec::new());
    for f in failures {
        match entries
            .iter()
            .position(|e| e.matches(f.stage, &f.document, &f.what))
        {
            Some(k) => {
                used[k] += 1;
                listed.push(f);
            }
            None => new.push(f),
        }
    }
    let mut stale = Vec::new();
    for (entry, &n) in entries.iter().zip(&used) {
        if n == 0 && docs.iter().any(|d| d.name == entry.document) {
            stale.push(entry.line);
            new.push(Failure {
                document: entry.document.clone(),
                stage: "known",
                endpoint: None,
                what: format!(
                    "{}:{} lists a failure that did not happen (fixed? delete the line): {}",
                    file.display(),
                    entry.line,
                    entry.pattern
                ),
            });
        }
    }
    let json = json!({
        "file": file.display().to_string(),
        "entries": entries.len(),
        "tolerated": listed.len(),
        "stale_lines": stale,
        "list": listed.iter().map(Failure::to_json).collect::<Vec<_>>(),
    });
    (new, listed, json)
}

/// The finished report.
pub(crate) struct Report {
    json: Value,
    /// New failures: what no rule explains and no known entry lists, and
    /// stale known entries.
    failures: Vec<Failure>,
    /// Failures a known entry lists.
    known: Vec<Failure>,
    /// Every difference, explained or not: `differences.tsv`.
    differences: String,
}

/// One line of `differences.tsv`: stage, document, endpoint, rule (or
/// `FAIL`), what.
fn difference_line(out: &mut String, stage: &str, document: &str, d: &Difference) {
    let _ = writeln!(
        out,
        "{stage}\t{document}\t{}\t{}\t{}",
        d.endpoint.as_deref().unwrap_or("-"),
        d.rule.map_or("FAIL", Rule::id),
        d.what.replace(['\t', '\n'], " ")
    );
}

#[derive(Default)]
struct Tally {
    agree: usize,
    by_rule: usize,
    fail: usize,
    rules: BTreeMap<&'static str, (usize, usize)>,
    /// A few differences per rule, for a reader to judge the rule by.
    examples: BTreeMap<&'static str, Vec<Value>>,
}

/// Examples kept per rule.
const EXAMPLES: usize = 5;

impl Tally {
    /// Counts one document's differences; returns the failing ones.
    fn add<'d>(&mut self, document: &str, differences: &'d [Difference]) -> Vec<&'d Difference> {
        let failing: Vec<&Difference> = differences.iter().filter(|d| d.rule.is_none()).collect();
        let mut seen: Vec<Rule> = Vec::new();
        for d in differences {
            if let Some(rule) = d.rule {
                let entry = self.rules.entry(rule.id()).or_default();
                entry.0 += 1;
                if !seen.contains(&rule) {
                    seen.push(rule);
                    entry.1 += 1;
                    let examples = self.examples.entry(rule.id()).or_default();
                    if examples.len() < EXAMPLES {
                        examples.push(json!({
                            "document": document, "endpoint": d.endpoint, "what": d.what,
                        }));
                    }
                }
            }
        }
        if differences.is_empty() {
            self.agree += 1;
        } else if failing.is_empty() {
            self.by_rule += 1;
        } else {
            self.fail += 1;
        }
        failing
    }

    fn rules_json(&self) -> Value {
        self.rules
            .iter()
            .map(|(id, (differences, documents))| {
                (
                    (*id).to_owned(),
                    json!({
                        "differences": differences, "documents": documents,
                        "examples": self.examples.get(id).cloned().unwrap_or_default(),
                    }),
                )
            })
            .collect::<serde_json::Map<String, Value>>()
            .into()
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

impl Report {
    pub(crate) fn new(inputs: Inputs<'_>) -> Report {
        let Inputs {
            listing,
            selection,
            docs,
            lapsh,
            parsed,
            checked,
            limits,
            top,
            seconds,
            known: known_entries,
        } = inputs;
        let mut failures = Vec::new();
        let mut differences = String::from("stage\tdocument\tendpoint\trule\twhat\n");
        let fail = |failures: &mut Vec<Failure>, i: usize, stage, endpoint, what| {
            failures.push(Failure {
                document: docs[i].name.clone(),
                stage,
                endpoint,
                what,
            });
        };

        // (a) lapsh: its failures are lapsh's, not ours; they are listed.
        let lapsh_ok = lapsh.iter().filter(|r| r.ok).count();
        let lapsh_failed: Vec<Value> = lapsh
            .iter()
            .zip(docs)
            .filter(|(r, _)| !r.ok)
            .map(|(r, d)| json!({"document": d.name, "error": r.error}))
            .collect();

        // (b) our parser on lapsh's lap.
        let mut read = Tally::default();
        let (mut parse_ok, mut parse_errors, mut warnings, mut with_warnings) = (0, 0, 0, 0);
        for (i, reading) in parsed.iter().enumerate() {
            let Some(reading) = reading else { continue };
            match &reading.outcome {
                Parse::Parsed { warnings: w } => {
                    parse_ok += 1;
                    warnings += w;
                    with_warnings += usize::from(*w > 0);
                    for d in &reading.differences {
                        difference_line(&mut differences, "read", &docs[i].name, d);
                    }
                    for d in read.add(&docs[i].name, &reading.differences) {
                        fail(&mut failures, i, "read", d.endpoint.clone(), d.what.clone());
                    }
                }
                Parse::Errors { count, first } => {
                    parse_errors += 1;
                    let what = format!(
                        "our parser refuses lapsh's lap: {count} error(s), the first at {first}"
                    );
                    fail(&mut failures, i, "read", None, what);
                }
                Parse::Panicked(why) => {
                    parse_errors += 1;
                    fail(
                        &mut failures,
                        i,
                        "read",
                        None,
                        format!("our parser panicked: {why}"),
                    );
                }
                Parse::Missing(why) => {
                    parse_errors += 1;
                    fail(&mut failures, i, "read", None, why.clone());
                }
            }
        }

        // (c) our compile against the document.
        let mut compile = Tally::default();
        let (mut compiled, mut refused, mut crashed, mut reread_failed) = (0, 0, 0, 0);
        let (mut compile_warnings, mut unreadable) = (0, 0);
        let mut blowups = Vec::new();
        for (i, c) in checked.iter().enumerate() {
            match &c.outcome {
                Compile::Compiled { warnings } => {
                    compiled += 1;
                    compile_warnings += warnings.len();
                }
                Compile::Refused(why) => {
                    refused += 1;
                    fail(&mut failures, i, "compile", None, format!("refused: {why}"));
                }
                Compile::Crashed(why) => {
                    crashed += 1;
                    fail(&mut failures, i, "compile", None, format!("crashed: {why}"));
                }
                Compile::TimedOut | Compile::OutOfMemory => {
                    let what = if matches!(c.outcome, Compile::TimedOut) {
                        format!("blow-up: still running after {} s", limits.seconds)
                    } else {
                        format!("blow-up: out of its {} MB of memory", limits.memory_mb)
                    };
                    let counts = docs[i].bytes < BLOWUP_FAILURE_BELOW;
                    blowups.push(json!({
                        "document": docs[i].name, "bytes": docs[i].bytes,
                        "what": what, "failure": counts,
                    }));
                    if counts {
                        fail(&mut failures, i, "compile", None, what);
                    }
                }
            }
            if let Some(Err(why)) = &c.reread {
                reread_failed += 1;
                fail(&mut failures, i, "compile", None, why.clone());
            }
            if let Some(why) = &c.unreadable {
                unreadable += 1;
                fail(
                    &mut failures,
                    i,
                    "compile",
                    None,
                    format!("the document cannot be read to check it: {why}"),
                );
            }
            if c.reread == Some(Ok(())) && c.unreadable.is_none() {
                for d in &c.differences {
                    difference_line(&mut differences, "compile", &docs[i].name, d);
                }
                for d in compile.add(&docs[i].name, &c.differences) {
                    fail(
                        &mut failures,
                        i,
                        "compile",
                        d.endpoint.clone(),
                        d.what.clone(),
                    );
                }
            }
        }
        // Faithful: no difference, or only the two by design (lap leaves
        // out read-only request members and `default` responses).
        let by_design =
            |d: &Difference| matches!(d.rule, Some(Rule::ReadOnlyMember | Rule::DefaultResponse));
        let checked_ok = |c: &&Checked| c.reread == Some(Ok(())) && c.unreadable.is_none();
        let faithful = checked
            .iter()
            .filter(checked_ok)
            .filter(|c| c.differences.iter().all(by_design))
            .count();
        let warned = checked
            .iter()
            .filter(checked_ok)
            .filter(|c| c.differences.iter().all(|d| d.rule.is_some()))
            .filter(|c| !c.differences.iter().all(by_design))
            .count();

        let slowest = |key: &dyn Fn(usize) -> Option<f64>| -> Vec<Value> {
            let mut all: Vec<(usize, f64)> = (0..docs.len())
                .filter_map(|i| key(i).map(|s| (i, s)))
                .collect();
            all.sort_by(|a, b| b.1.total_cmp(&a.1));
            all.iter()
                .take(top)
                .map(|&(i, s)| json!({"document": docs[i].name, "bytes": docs[i].bytes, "seconds": round(s)}))
                .collect()
        };
        let mut largest: Vec<usize> = (0..docs.len()).filter(|&i| parsed[i].is_some()).collect();
        largest.sort_by_key(|&i| std::cmp::Reverse(parsed[i].as_ref().map_or(0, |r| r.bytes)));
        let largest: Vec<Value> = largest
            .iter()
            .take(top)
            .filter_map(|&i| {
                let r = parsed[i].as_ref()?;
                let mb_s = r.bytes as f64 / 1e6 / r.seconds.max(1e-9);
                Some(json!({
                    "document": docs[i].name, "lap_bytes": r.bytes,
                    "our_parse_seconds": round(r.seconds), "our_mb_per_s": mb_s.round(),
                    "lapsh_parse_seconds": lapsh[i].parse_seconds.map(round),
                    "ratio": lapsh[i].parse_seconds.map(|l| (l / r.seconds.max(1e-9)).round()),
                }))
            })
            .collect();

        let json = json!({
            "selection": selection,
            "seconds": round(seconds),
            "documents": {
                "openapi3": listing.documents.len(),
                "swagger2_skipped": listing.swagger_skipped,
                "unreadable": listing.unreadable.len(),
                "run": docs.len(),
                "names": docs.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
            },
            "lapsh": {"ok": lapsh_ok, "failed": lapsh_failed.len(), "cached": lapsh.iter().filter(|r| r.cached).count(), "failures": lapsh_failed},
            "read": {
                "parsed": parse_ok, "errors": parse_errors, "warnings": warnings,
                "documents_with_warnings": with_warnings,
                "agree": read.agree, "differ_by_rule": read.by_rule, "fail": read.fail,
                "rules": read.rules_json(),
            },
            "compile": {
                "compiled": compiled, "faithful": faithful, "warned": warned,
                "failed": compile.fail + refused + crashed + reread_failed + unreadable,
                "refused": refused, "crashed": crashed, "reread_failed": reread_failed,
                "document_unreadable": unreadable,
                "blowups": blowups, "warnings": compile_warnings,
                "agree": compile.agree, "differ_by_rule": compile.by_rule, "fail": compile.fail,
                "rules": compile.rules_json(),
                "limits": {"seconds": limits.seconds, "memory_mb": limits.memory_mb, "blowup_failure_below_bytes": BLOWUP_FAILURE_BELOW},
            },
            "slowest": {
                "lapsh_compile": slowest(&|i| lapsh[i].seconds),
                "lapsh_parse": slowest(&|i| lapsh[i].parse_seconds),
                "our_parse": slowest(&|i| parsed[i].as_ref().map(|r| r.seconds)),
                "our_compile": slowest(&|i| Some(checked[i].seconds)),
            },
            "largest_lapsh_files": largest,
        });
        let (failures, known, known_json) = apply_known(failures, known_entries, docs);
        let mut json = json;
        json["failures"] = failures.iter().map(Failure::to_json).collect();
        json["known_failures"] = known_json;
        Report {
            json,
            failures,
            known,
            differences,
        }
    }

    /// Failures: differences no rule explains, parse errors on lapsh's
    /// output, crashes and refusals of our compile, small blow-ups.
    pub(crate) fn failures(&self) -> usize {
        self.failures.len()
    }

    /// Prints the summary to `out` and writes `report.json` and `report.md`.
    pub(crate) fn write(&self, dir: &Path, out: &mut dyn Write) -> Result<(), String> {
        let markdown = self.markdown();
        let json = serde_json::to_string_pretty(&self.json).map_err(|e| e.to_string())?;
        for (name, text) in [
            ("report.json", json.as_str()),
            ("report.md", markdown.as_str()),
            ("differences.tsv", self.differences.as_str()),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        let summary = self.summary(dir);
        out.write_all(summary.as_bytes()).map_err(|e| e.to_string())
    }
}
