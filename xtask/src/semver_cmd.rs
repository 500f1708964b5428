//! `cargo xtask semver-checks [CASE...]`: the Rust impact the diff predicts
//! for a case of the diff corpus, against the verdict of cargo-semver-checks
//! on the crates generated from the case's two sides.
//!
//! For each case (`tests/fixtures/diff/CASE/{old,new}.{yaml,json}`), each
//! side is grafted into our own document (`spec/disputes.openapi.json`) as
//! the lowering would have written it: its paths under `/probe`, its
//! operation ids prefixed `probe_` and its components `Probe` (in upper
//! camel case, as the lowering names components), every error response
//! with PayPal's `Error` body plus `4XX` and `5XX` (README, "The OpenAPI
//! document"), and a success without a body given an untyped one (the
//! generator cannot wrap progenitor's bodiless success yet). That document is generated with `cargo xtask codegen`'s
//! generator into a copy of `disputes-api` (its hand-written runtime needs
//! the real types beside the probe's), in a workspace of its own under
//! `target/semver-checks/`, with the workspace's `Cargo.lock` and one
//! shared `CARGO_TARGET_DIR`. cargo-semver-checks then compares the two
//! crates (`--baseline-root`, `--release-type patch`, so every finding
//! names the release it needs). The predicted bump must equal its verdict,
//! or be stricter for a reason the rule states (cargo-semver-checks cannot
//! see run-time breaks, and has no lint for a changed field or setter type).

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use clap::Args;
use codegen::diff::{self, RustImpact};
use serde_json::{Map, Value, json};

use crate::Status;
use crate::codegen_cmd::OPENAPI;
use crate::files;

/// The cases checked when none is named: every rule with a Rust impact,
/// four without one, and the PayPal-shaped upgrade.
pub(crate) const DEFAULT_EXTRA: &[&str] = &[
    "api-version-changed",
    "response-non-success-status-added",
    "request-parameter-default-value-changed",
    "endpoint-deprecated",
    "paypal-1.10-to-1.11-in-small",
];

#[derive(Debug, Args)]
pub(crate) struct SemverArgs {
    /// Cases of tests/fixtures/diff to check (default: every rule with a
    /// Rust impact, and a few more; see docs/semver-checks.md).
    #[arg(value_name = "CASE")]
    cases: Vec<String>,
    /// Also write the results as docs/semver-checks.md's table to FILE.
    #[arg(long, value_name = "FILE")]
    markdown: Option<PathBuf>,
}

/// One checked case.
struct Checked {
    case: String,
    rules: Vec<&'static str>,
    predicted: RustImpact,
    verdict: RustImpact,
    /// Lints cargo-semver-checks reported, by id.
    lints: Vec<String>,
    /// Why a stricter prediction is right: the reasons of the rules that
    /// ask for more than the verdict.
    why: String,
    seconds: f64,
}

impl Checked {
    fn agrees(&self) -> bool {
        self.predicted >= self.verdict
    }

    fn outcome(&self) -> &'static str {
        if self.predicted == self.verdict {
            "agrees"
        } else if self.predicted > self.verdict {
            "stricter"
        } else {
            "DISAGREES"
        }
    }
}

pub(crate) fn run(
    root: &Path,
    args: SemverArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    let cases = if args.cases.is_empty() {
        default_cases()
    } else {
        args.cases.clone()
    };
    let work = root.join("target/semver-checks");
    let ours: Value = serde_json::from_str(&files::read(&root.join(OPENAPI))?)?;
    let mut checked = Vec::new();
    let mut failed = 0;
    for case in &cases {
        let started = Instant::now();
        match check(root, &work, &ours, case) {
            Ok(mut c) => {
                c.seconds = started.elapsed().as_secs_f64();
                writeln!(
                    out,
                    "{:<52} predicted {:<5} cargo-semver-checks {:<5} {} ({:.0} s){}",
                    c.case,
                    c.predicted.as_str(),
                    c.verdict.as_str(),
                    c.outcome(),
                    c.seconds,
                    if c.lints.is_empty() {
                        String::new()
                    } else {
                        format!(" [{}]", c.lints.join(", "))
                    }
                )?;
                if !c.agrees() {
                    failed += 1;
                }
                checked.push(c);
            }
            Err(e) => {
                failed += 1;
                writeln!(err, "{case}: {e}")?;
            }
        }
    }
    if let Some(path) = &args.markdown {
        std::fs::write(path, markdown(&checked))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let agree = checked.iter().filter(|c| c.predicted == c.verdict).count();
    let stricter = checked.iter().filter(|c| c.predicted > c.verdict).count();
    writeln!(
        out,
        "semver-checks: {} case(s): {agree} agree, {stricter} stricter with a stated reason, {failed} failed",
        cases.len()
    )?;
    Ok(if failed == 0 { 0 } else { 1 })
}

/// Rules with a Rust impact whose case the generator cannot turn into a
/// crate on one side, so cargo-semver-checks has nothing to compare: an
/// operation with two success bodies (progenitor asserts one success type;
/// our templates cover only the multipart uploads and the optional-body
/// PATCH) or a bodiless success beside a body. `spec update` would stop at
/// client generation on such a PayPal change, naming the operation.
pub(crate) const NOT_GENERATED: &[&str] = &[
    "response-success-status-added",
    "response-success-status-removed",
    "response-media-type-added",
    "response-media-type-removed",
];

/// Every rule's own case whose rule has a Rust impact (but those the
/// generator cannot build), then the extras.
fn default_cases() -> Vec<String> {
    diff::Rule::ALL
        .iter()
        .filter(|r| r.rust_impact() != RustImpact::None && !NOT_GENERATED.contains(&r.id()))
        .map(|r| r.id().to_owned())
        .chain(DEFAULT_EXTRA.iter().map(|s| (*s).to_owned()))
        .collect()
}

fn check(root: &Path, work: &Path, ours: &Value, case: &str) -> Result<Checked, String> {
    let dir = root.join("tests/fixtures/diff").join(case);
    let side = |stem: &str| -> Result<(String, String), String> {
        for ext in ["yaml", "json"] {
            let path = dir.join(format!("{stem}.{ext}"));
            if path.exists() {
                let text = files::read(&path).map_err(|e| e.to_string())?;
                return Ok((format!("{case}/{stem}.{ext}"), text));
            }
        }
        Err(format!(
            "no {stem}.yaml or {stem}.json in {} (lap cases are not checked: they need the names file)",
            dir.display()
        ))
    };
    let (old_name, old_text) = side("old")?;
    let (new_name, new_text) = side("new")?;
    let load = |name: &str, text: &str| diff::load(name, text).map_err(|e| e.to_string());
    let report = diff::diff(&load(&old_name, &old_text)?, &load(&new_name, &new_text)?);
    let summary = report.summary();
    let mut rules: Vec<&'static str> = report.changes.iter().map(|c| c.rule.id()).collect();
    rules.dedup();
    let case_dir = work.join("cases").join(case);
    for (stem, text) in [("old", &old_text), ("new", &new_text)] {
        let document = graft(ours, &parse(text)?)?;
        let generated = codegen::generate::generate(&document)
            .map_err(|e| format!("{stem}: cannot generate the probe crate: {e}"))?;
        write_crate(root, &case_dir.join(stem), &generated)?;
    }
    let (verdict, lints) = semver_checks(work, &case_dir)?;
    let why = report
        .changes
        .iter()
        .filter(|c| c.rust_impact() > verdict)
        .map(|c| match (c.rust_impact(), verdict) {
            (RustImpact::Minor, RustImpact::None) => ADDITIONS_NOT_LINTED.to_owned(),
            _ => format!("{} {TYPES_NOT_LINTED}", c.rule.rust_reason()),
        })
        .fold(Vec::new(), |mut v, r| {
            if !v.contains(&r) {
                v.push(r);
            }
            v
        })
        .join(" ");
    Ok(Checked {
        case: case.to_owned(),
        rules,
        predicted: summary.rust_bump,
        verdict,
        lints,
        why,
        seconds: 0.0,
    })
}

fn parse(text: &str) -> Result<Value, String> {
    serde_json::from_str(text)
        .or_else(|_| serde_yaml_ng::from_str(text))
        .map_err(|e| format!("not JSON or YAML: {e}"))
}

/// Why a minor prediction against a `none` verdict is right.
const ADDITIONS_NOT_LINTED: &str = "cargo-semver-checks lints what breaks callers, not what is added: a new public item passes it even as a patch release, while Cargo's rules make an addition a minor release.";

/// What cargo-semver-checks cannot see of a major prediction it does not
/// confirm.
const TYPES_NOT_LINTED: &str = "(cargo-semver-checks 0.51 has no lint for a changed type of a public field, nor for a changed bound on a builder setter's generic parameter, nor for what fails only at run time.)";

/// The probe's prefix: distinct from every name and path of ours.
const PREFIX: &str = "probe_";

/// `ours` with `case`'s paths, operations and components added as the
/// lowering writes them (see the module comment).
fn graft(ours: &Value, case: &Value) -> Result<Value, String> {
    let mut case = case.clone();
    rename_refs(&mut case);
    let mut document = ours.clone();
    let error = json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let paths = case
        .get("paths")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let target = document
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or("our document has no paths")?;
    for (path, mut item) in paths {
        if let Some(item) = item.as_object_mut() {
            for (method, op) in item.iter_mut() {
                let Some(op) = op.as_object_mut() else {
                    continue;
                };
                if !is_method(method) {
                    continue;
                }
                let id = match op.get("operationId").and_then(Value::as_str) {
                    Some(id) => id.to_owned(),
                    None => snake(op.get("summary").and_then(Value::as_str).unwrap_or(method)),
                };
                op.insert("operationId".into(), Value::from(format!("{PREFIX}{id}")));
                // Codegen wants a Rust example for every operation (it
                // becomes the doctest); a probe's is never run, only built.
                op.entry("x-codeSamples").or_insert_with(
                    || serde_json::json!([{ "lang": "Rust", "source": "let _ = client;" }]),
                );
                let responses = op
                    .entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(responses) = responses.as_object_mut() {
                    responses.remove("default");
                    for (status, response) in responses.iter_mut() {
                        let Some(r) = response.as_object_mut() else {
                            continue;
                        };
                        if !status.starts_with('2') {
                            if let Some(e) = error.as_object() {
                                r.extend(e.clone());
                            }
                        } else if !r.contains_key("content") {
                            // `generate/send.rs` does not wrap progenitor's
                            // bodiless success arms yet: the probe gives such
                            // a success an untyped body (docs/semver-checks.md).
                            r.insert(
                                "content".into(),
                                json!({"application/json": {"schema": {}}}),
                            );
                        }
                    }
                    for range in ["4XX", "5XX"] {
                        responses.entry(range).or_insert_with(|| {
                            let mut r = error.clone();
                            r["description"] = Value::from("An error, with PayPal's body.");
                            r
                        });
                    }
                }
            }
        }
        target.insert(format!("/probe{path}"), item);
    }
    if let Some(sections) = case.get("components").and_then(Value::as_object) {
        for (section, entries) in sections {
            if section == "securitySchemes" {
                continue;
            }
            let Some(entries) = entries.as_object() else {
                continue;
            };
            let into = document["components"]
                .as_object_mut()
                .ok_or("our document has no components")?
                .entry(section.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            let into = into
                .as_object_mut()
                .ok_or_else(|| format!("our components.{section} is not an object"))?;
            for (name, entry) in entries {
                into.insert(probe_name(name), entry.clone());
            }
        }
    }
    Ok(document)
}

/// A case's component `name` in the probe: `ProbeName`, upper camel case
/// as the lowering names every component (the response-enum hoisting
/// names its enums after the component, as typify does only for such names).
fn probe_name(name: &str) -> String {
    format!("Probe{}", heck::ToUpperCamelCase::to_upper_camel_case(name))
}

fn is_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
    )
}

fn snake(summary: &str) -> String {
    heck::ToSnakeCase::to_snake_case(summary)
}

/// Every `#/components/SECTION/NAME` reference becomes `.../ProbeName`.
fn rename_refs(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if k == "$ref" {
                    if let Some(r) = child.as_str() {
                        if let Some(rest) = r.strip_prefix("#/components/") {
                            if let Some((section, name)) = rest.split_once('/') {
                                *child = Value::from(format!(
                                    "#/components/{section}/{}",
                                    probe_name(name)
                                ));
                            }
                        }
                    }
                } else {
                    rename_refs(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rename_refs),
        _ => {}
    }
}

/// A workspace of its own holding a copy of `disputes-api` with the
/// generated files replaced: the root manifest's `[workspace.*]` tables
/// (so `dep.workspace = true` resolves to the same versions) with only this
/// member, the workspace's `Cargo.lock`, the crate's manifest, sources and
/// bench.
fn write_crate(
    root: &Path,
    dir: &Path,
    generated: &codegen::generate::Generated,
) -> Result<(), String> {
    let io = |e: std::io::Error| format!("{}: {e}", dir.display());
    let _ = std::fs::remove_dir_all(dir.join("disputes-api/src"));
    std::fs::create_dir_all(dir.join("disputes-api/src/generated")).map_err(io)?;
    std::fs::create_dir_all(dir.join("disputes-api/benches")).map_err(io)?;
    let manifest = files::read(&root.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let manifest: String = manifest
        .lines()
        .filter(|l| !l.starts_with("exclude = "))
        .map(|l| {
            if l.starts_with("members = ") {
                "members = [\"disputes-api\"]".to_owned()
            } else {
                l.to_owned()
            }
        })
        .fold(String::new(), |mut s, l| {
            let _ = writeln!(s, "{l}");
            s
        });
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    let lock = files::read(&root.join("Cargo.lock")).map_err(|e| e.to_string())?;
    write_if_changed(&dir.join("Cargo.lock"), &lock)?;
    for file in ["Cargo.toml", "benches/client_overhead.rs"] {
        let text = files::read(&root.join("disputes-api").join(file)).map_err(|e| e.to_string())?;
        write_if_changed(&dir.join("disputes-api").join(file), &text)?;
    }
    let src = root.join("disputes-api/src");
    for entry in std::fs::read_dir(&src).map_err(|e| format!("{}: {e}", src.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|x| x == "rs") {
            let text = files::read(&path).map_err(|e| e.to_string())?;
            let name = path.file_name().unwrap_or_default();
            write_if_changed(&dir.join("disputes-api/src").join(name), &text)?;
        }
    }
    for f in &generated.files {
        write_if_changed(&dir.join(&f.path), &f.contents)?;
    }
    Ok(())
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Runs cargo-semver-checks on `case_dir/{old,new}`; its verdict and the
/// lints it reported.
fn semver_checks(work: &Path, case_dir: &Path) -> Result<(RustImpact, Vec<String>), String> {
    let output = Command::new("cargo")
        .arg("semver-checks")
        .arg("check-release")
        .arg("--manifest-path")
        .arg(case_dir.join("new/disputes-api/Cargo.toml"))
        .arg("--baseline-root")
        .arg(case_dir.join("old/disputes-api"))
        .args(["--release-type", "patch", "--color", "never"])
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .map_err(|e| format!("cannot run `cargo semver-checks` ({e}); install it with `cargo install cargo-semver-checks --version 0.51.0`"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let lints: Vec<String> = text
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("--- failure ")?;
            Some(rest.split(':').next().unwrap_or(rest).trim().to_owned())
        })
        .collect();
    let verdict = if text.contains("requires new major version") {
        RustImpact::Major
    } else if text.contains("requires new minor version") {
        RustImpact::Minor
    } else if text.contains("no semver update required") {
        RustImpact::None
    } else {
        return Err(format!(
            "cargo-semver-checks gave no verdict:\n{}",
            text.lines()
                .rev()
                .take(40)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n")
        ));
    };
    Ok((verdict, lints))
}

fn markdown(checked: &[Checked]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| case | rules reported | predicted | cargo-semver-checks | lints | outcome | why stricter |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|");
    for c in checked {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            c.case,
            c.rules
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", "),
            c.predicted.bump(),
            c.verdict.bump(),
            if c.lints.is_empty() {
                "none".to_owned()
            } else {
                c.lints
                    .iter()
                    .map(|l| format!("`{l}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            c.outcome(),
            c.why.replace('|', "\\|")
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graft_prefixes_the_case_and_gives_its_errors_paypals_body() {
        let ours = json!({
            "openapi": "3.0.3",
            "paths": {"/v1/x": {"get": {"operationId": "show_x"}}},
            "components": {"schemas": {"Error": {"type": "object"}}}
        });
        let case = json!({
            "paths": {"/v1/disputes/{id}": {
                "parameters": [{"name": "id", "in": "path"}],
                "get": {
                    "summary": "Show dispute details",
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/dispute"}}}},
                        "404": {"description": "Not found."},
                        "default": {"description": "Anything."}
                    }
                },
                "post": {"operationId": "escalate", "responses": {"200": {"description": "Escalated."}}}
            }},
            "components": {
                "schemas": {"dispute": {"type": "object", "properties": {"money": {"$ref": "#/components/schemas/money"}}}, "money": {"type": "string"}},
                "securitySchemes": {"Oauth2": {"type": "oauth2"}}
            }
        });
        let doc = graft(&ours, &case).expect("grafts");
        assert!(doc["paths"]["/v1/x"].is_object(), "ours is kept");
        let op = &doc["paths"]["/probe/v1/disputes/{id}"]["get"];
        assert_eq!(op["operationId"], "probe_show_dispute_details");
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ProbeDispute"
        );
        let error = json!({"$ref": "#/components/schemas/Error"});
        assert_eq!(
            op["responses"]["404"]["content"]["application/json"]["schema"],
            error
        );
        assert_eq!(
            op["responses"]["4XX"]["content"]["application/json"]["schema"],
            error
        );
        assert_eq!(
            op["responses"]["5XX"]["content"]["application/json"]["schema"],
            error
        );
        assert!(op["responses"].get("default").is_none());
        let escalate = &doc["paths"]["/probe/v1/disputes/{id}"]["post"];
        assert_eq!(escalate["operationId"], "probe_escalate");
        assert_eq!(
            escalate["responses"]["200"]["content"]["application/json"]["schema"],
            json!({})
        );
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["ProbeDispute"]["properties"]["money"]["$ref"],
            "#/components/schemas/ProbeMoney"
        );
        assert!(schemas.get("Error").is_some());
        assert!(doc["components"].get("securitySchemes").is_none());
    }

    #[test]
    fn the_default_cases_cover_every_rule_with_a_rust_impact_and_exist() {
        let cases = default_cases();
        assert!(cases.len() >= 20, "{}", cases.len());
        for rule in diff::Rule::ALL {
            if rule.rust_impact() != RustImpact::None {
                assert!(
                    cases.iter().any(|c| c == rule.id()) || NOT_GENERATED.contains(&rule.id()),
                    "{}",
                    rule.id()
                );
            }
        }
        let root = crate::workspace_root();
        for case in &cases {
            assert!(
                root.join("tests/fixtures/diff").join(case).is_dir(),
                "{case}"
            );
        }
    }
}
