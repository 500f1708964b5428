//! `cargo xtask spec update PAYPAL_OPENAPI [--changelog]`: a PayPal
//! release, end to end.
//!
//! The stages are the other commands' own code paths, in order: `lap
//! compile` of PayPal's document, the lowering of `codegen` (names,
//! overlay: an action that no longer applies stops here, named), the
//! deviation check of `spec check --published`, client generation, then
//! `diff` from the committed document to the new one, with the wire level
//! and the Rust impact of each change and the version `disputes-api` gets
//! next. Every output is staged in memory and written only once every stage
//! has passed, each to a temporary file first and then renamed: a failure
//! changes nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use codegen::diff::{self, changelog, deviations::Deviations};

use crate::Status;
use crate::codegen_cmd::{self, LAP, OPENAPI};
use crate::files;
use crate::lap_cmd;
use crate::spec_cmd::{self, DEVIATIONS};

/// The crate whose version the update names, and the changelog it keeps.
const CRATE_MANIFEST: &str = "disputes-api/Cargo.toml";
const CHANGELOG: &str = "CHANGELOG.md";

#[derive(Debug, Args)]
pub(crate) struct UpdateArgs {
    /// PayPal's published document (customer_disputes_v1.json), JSON or YAML.
    #[arg(value_name = "PAYPAL_OPENAPI")]
    openapi: PathBuf,
    /// Also add an entry for the new version to CHANGELOG.md (Keep a Changelog).
    #[arg(long)]
    changelog: bool,
    /// The release date of the changelog entry, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "DATE", requires = "changelog", value_parser = parse_date)]
    date: Option<chrono::NaiveDate>,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("`{s}` is not a date as YYYY-MM-DD ({e})"))
}

pub(crate) fn run(
    root: &Path,
    args: UpdateArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    let shown = args.openapi.display().to_string();
    let text = files::read(&args.openapi)?;
    let stopped =
        |err: &mut dyn Write, stage: &str| -> Result<Status, Box<dyn std::error::Error>> {
            writeln!(err, "spec update: stopped at {stage}; nothing was written")?;
            Ok(1)
        };

    // PayPal's document, compiled as `lap compile` does.
    let Some(compiled) = lap_cmd::compile_text(&shown, &text, err)? else {
        return stopped(err, "`lap compile`");
    };
    writeln!(
        out,
        "spec update: {shown}: {} {}, {} endpoints",
        compiled.api.name,
        compiled.api.version.as_deref().unwrap_or("(no version)"),
        compiled.api.endpoints.len()
    )?;

    // The lowering `cargo xtask codegen` runs, on the lap not yet written.
    let Some(lowered) = codegen_cmd::lower_lap(root, LAP, compiled.lap.as_bytes(), err)? else {
        return stopped(
            err,
            "the lowering (fix the stage named above, then run it again)",
        );
    };

    // The deviation check, on the document about to be written.
    let (Some(theirs), Some(ours)) = (
        load_openapi(&shown, &text, err)?,
        load_openapi(OPENAPI, &lowered.json, err)?,
    ) else {
        return stopped(err, "reading the documents");
    };
    let listed = match Deviations::parse(&files::read(&root.join(DEVIATIONS))?) {
        Ok(d) => d,
        Err(e) => {
            writeln!(err, "error: {DEVIATIONS}: {e}")?;
            return stopped(err, "the deviation check");
        }
    };
    if !spec_cmd::deviation_check(&theirs, &ours, &listed, &shown, DEVIATIONS, out)? {
        return stopped(
            err,
            "the deviation check (change the overlay, or list the difference in spec/deviations.yaml with its reason and source)",
        );
    }

    // The client, as `cargo xtask codegen` generates it.
    let Some((outputs, generated)) = codegen_cmd::outputs(&lowered, err)? else {
        return stopped(err, "client generation");
    };
    writeln!(
        out,
        "codegen: {} operations, {} types",
        generated.operations, generated.types
    )?;

    // What changed for callers: the committed document to the new one.
    let Some(old) = load_openapi(OPENAPI, &files::read(&root.join(OPENAPI))?, err)? else {
        return stopped(err, "reading the committed document");
    };
    let report = diff::diff(&old, &ours);
    writeln!(
        out,
        "\nChanges to {OPENAPI}, as callers of disputes-api see them:"
    )?;
    out.write_all(diff::render::text(&report, false).as_bytes())?;

    let current = match crate_version(&files::read(&root.join(CRATE_MANIFEST))?) {
        Ok(v) => v,
        Err(e) => {
            writeln!(err, "error: {CRATE_MANIFEST}: {e}")?;
            return stopped(err, "reading the crate's version");
        }
    };
    let summary = report.summary();
    let next = summary.rust_bump.next_version(&current);
    let mut staged = vec![(LAP.to_owned(), compiled.lap.clone())];
    staged.extend(outputs);
    if report.changes.is_empty() {
        writeln!(
            out,
            "\ndisputes-api: no change for callers; it stays {current}"
        )?;
        if args.changelog {
            writeln!(out, "{CHANGELOG}: no entry, nothing changed")?;
        }
    } else {
        writeln!(
            out,
            "\ndisputes-api: {current} -> {next} (a {} release under Cargo's rules); set `version = \"{next}\"` in {CRATE_MANIFEST} when you release it",
            summary.rust_bump.bump()
        )?;
        if args.changelog {
            let path = root.join(CHANGELOG);
            let existing = path.exists().then(|| files::read(&path)).transpose()?;
            let date = args
                .date
                .unwrap_or_else(|| chrono::Utc::now().date_naive())
                .format("%Y-%m-%d")
                .to_string();
            let version = next.to_string();
            let source = source_sentence(&old, &ours);
            let entry = changelog::entry(
                &report,
                &changelog::Release {
                    version: &version,
                    date: &date,
                    source: &source,
                },
            );
            match changelog::insert(existing.as_deref(), &version, &entry) {
                Ok(text) => staged.push((CHANGELOG.to_owned(), text)),
                Err(e) => {
                    writeln!(err, "error: {CHANGELOG}: {e}")?;
                    return stopped(err, "the changelog");
                }
            }
            writeln!(out, "{CHANGELOG}: entry {version} - {date}")?;
        }
    }

    // Every stage passed: write what differs.
    let changed: Vec<(String, String)> = staged
        .into_iter()
        .filter(|(path, contents)| {
            std::fs::read_to_string(root.join(path)).ok().as_deref() != Some(contents.as_str())
        })
        .collect();
    files::write_all(root, &changed)?;
    for (path, _) in &changed {
        writeln!(out, "  wrote {path}")?;
    }
    writeln!(
        out,
        "spec update: {} file(s) written; run `cargo test --workspace` next",
        changed.len()
    )?;
    Ok(0)
}

/// A side of the comparison, which must be an OpenAPI document; `None`
/// with the reason on `err` otherwise.
fn load_openapi(
    shown: &str,
    text: &str,
    err: &mut dyn Write,
) -> std::io::Result<Option<diff::Spec>> {
    match diff::load(shown, text) {
        Ok(spec) if spec.format == diff::Format::OpenApi => Ok(Some(spec)),
        Ok(_) => {
            writeln!(
                err,
                "error: {shown}: a @lap file; spec update reads PayPal's OpenAPI document"
            )?;
            Ok(None)
        }
        Err(e) => {
            writeln!(err, "error: {}", e.to_string().trim_end())?;
            Ok(None)
        }
    }
}

/// `PayPal Customer Disputes API 1.10 to 1.11.`, from the two documents' versions.
fn source_sentence(old: &diff::Spec, new: &diff::Spec) -> String {
    let version = |s: &diff::Spec| {
        s.api
            .version
            .clone()
            .unwrap_or_else(|| "(no version)".into())
    };
    let (from, to) = (version(old), version(new));
    if from == to {
        format!("PayPal's {} API {to}, regenerated.", new.api.name)
    } else {
        format!("PayPal's {} API {from} to {to}.", new.api.name)
    }
}

/// The `version` of the manifest's `[package]` table. A plain reading of
/// the one line: the manifest is ours, and a version inherited from the
/// workspace (`version.workspace = true`) is refused with what to do.
fn crate_version(manifest: &str) -> Result<semver::Version, String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        let Some(rest) = line.strip_prefix("version") else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(value) = rest.strip_prefix('=') else {
            return Err(format!(
                "`{line}`: spec update needs the version written in [package] as `version = \"x.y.z\"`"
            ));
        };
        let value = value.trim().trim_matches('"');
        return semver::Version::parse(value)
            .map_err(|e| format!("`{value}` is not a semantic version ({e})"));
    }
    Err("no `version = \"x.y.z\"` in [package]".to_owned())
}

#[cfg(test)]
mod tests {
    use super::crate_version;

    #[test]
    fn the_crate_version_is_read_from_the_package_table_only() {
        let manifest =
            "[package]\nname = \"x\"\nversion = \"0.3.1\"\n\n[dependencies]\nversion = \"9\"\n";
        assert_eq!(
            crate_version(manifest).map(|v| v.to_string()),
            Ok("0.3.1".to_owned())
        );
        assert!(crate_version("[package]\nversion.workspace = true\n").is_err());
        assert!(crate_version("[dependencies]\nversion = \"1.0.0\"\n").is_err());
        assert!(crate_version("[package]\nversion = \"one\"\n").is_err());
    }
}
