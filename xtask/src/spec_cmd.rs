//! `cargo xtask spec check`: does the lap spec agree with the OpenAPI document?

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::Status;
use crate::codegen_cmd::{LAP, OPENAPI};
use crate::files;
use crate::lap_cmd::parse_file;

/// Where the known differences from PayPal's published document are listed.
pub(crate) const DEVIATIONS: &str = "spec/deviations.yaml";

#[derive(Debug, Subcommand)]
pub(crate) enum SpecCommand {
    /// Compares spec/disputes.lap with spec/disputes.openapi.json (or --openapi PATH); exit 1 on any disagreement.
    /// With --published, compares the OpenAPI document with PayPal's instead.
    Check {
        /// Compare with this OpenAPI document (JSON or YAML) instead.
        #[arg(long)]
        openapi: Option<PathBuf>,
        /// The lap file to check.
        #[arg(long, conflicts_with = "published")]
        lap: Option<PathBuf>,
        /// PayPal's published OpenAPI document (customer_disputes_v1.json): every
        /// difference from it must be listed in spec/deviations.yaml, and every
        /// entry there must still describe one; exit 1 otherwise.
        #[arg(long, value_name = "PATH")]
        published: Option<PathBuf>,
        /// The list of known differences from PayPal's document. Without
        /// --published, a difference from the lap that it lists (a member we
        /// add to PayPal's in the overlay) is not a disagreement; read by
        /// default when neither --lap nor --openapi is given.
        #[arg(long, value_name = "FILE")]
        deviations: Option<PathBuf>,
    },
    /// Refreshes the spec from PayPal's published document: lap compile, the
    /// overlay, the deviation check, the client; prints what changed on the
    /// wire and for Rust callers, and the next version of disputes-api.
    /// Writes nothing unless every stage passes.
    Update(crate::spec_update::UpdateArgs),
}

pub(crate) fn run(
    root: &Path,
    command: SpecCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    let (openapi, lap, published, deviations) = match command {
        SpecCommand::Check {
            openapi,
            lap,
            published,
            deviations,
        } => (openapi, lap, published, deviations),
        SpecCommand::Update(args) => return crate::spec_update::run(root, args, out, err),
    };
    if let Some(published) = published {
        return check_published(root, &published, openapi, deviations, out, err);
    }
    // The lap is PayPal's document compiled; what our document adds on
    // purpose is listed in spec/deviations.yaml, so it is not a disagreement.
    let listed = match deviations
        .or_else(|| (lap.is_none() && openapi.is_none()).then(|| root.join(DEVIATIONS)))
    {
        Some(path) => {
            let shown = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            match codegen::diff::deviations::Deviations::parse(&files::read(&path)?) {
                Ok(d) => Some((shown, d)),
                Err(e) => {
                    writeln!(err, "error: {shown}: {e}")?;
                    return Ok(1);
                }
            }
        }
        None => None,
    };
    // Default paths are shown relative to the workspace, as a maintainer types them.
    let shown_lap = lap.clone().unwrap_or_else(|| PathBuf::from(LAP));
    let shown_openapi = openapi.clone().unwrap_or_else(|| PathBuf::from(OPENAPI));
    let lap = lap.unwrap_or_else(|| root.join(LAP));
    let openapi = openapi.unwrap_or_else(|| root.join(OPENAPI));
    let Some(parsed) = parse_file(&lap, codegen::lap::Mode::Lenient, err)? else {
        return Ok(1);
    };
    let text = files::read(&openapi)?;
    let shown = shown_openapi.display().to_string();
    let imported = codegen::openapi::import::parse_document(&text).and_then(|document| {
        Ok((
            codegen::openapi::import::import_document(&text, &document)?,
            document,
        ))
    });
    let (imported, document) = match imported {
        Ok(i) => i,
        Err(e) => {
            writeln!(err, "{shown}:{e}")?;
            return Ok(1);
        }
    };
    let (found, accounted): (Vec<_>, Vec<_>) =
        codegen::diff::agreement::compare(&parsed.api, &imported.api, &document)
            .into_iter()
            .partition(|d| {
                listed
                    .as_ref()
                    .is_none_or(|(_, l)| l.lists(d.rule, &d.pointer).is_none())
            });
    let lap_shown = shown_lap.display().to_string();
    for d in &found {
        let at = if d.origin.line > 0 {
            format!("{lap_shown}:{}:{}", d.origin.line, d.origin.column)
        } else {
            lap_shown.clone()
        };
        let endpoint = if d.endpoint.is_empty() {
            String::new()
        } else {
            format!("{}: ", d.endpoint)
        };
        writeln!(out, "{at}: {endpoint}{} ({shown}#{})", d.message, d.pointer)?;
    }
    let listed_note = match &listed {
        Some((file, _)) => format!(
            " ({} more listed in {file} as our additions)",
            accounted.len()
        ),
        None => String::new(),
    };
    writeln!(
        out,
        "spec check: {} endpoints in the lap, {} in {shown}; {} disagreement(s){listed_note}",
        parsed.api.endpoints.len(),
        imported.api.endpoints.len(),
        found.len()
    )?;
    Ok(if found.is_empty() { 0 } else { 1 })
}

/// `spec check --published PATH`: the diff from PayPal's document to ours,
/// every change accounted for by `spec/deviations.yaml`.
fn check_published(
    root: &Path,
    published: &Path,
    openapi: Option<PathBuf>,
    deviations: Option<PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    use codegen::diff::{self, deviations::Deviations};
    let shown_openapi = openapi.clone().unwrap_or_else(|| PathBuf::from(OPENAPI));
    let shown_deviations = deviations
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEVIATIONS));
    let openapi = openapi.unwrap_or_else(|| root.join(OPENAPI));
    let deviations = deviations.unwrap_or_else(|| root.join(DEVIATIONS));
    let shown_deviations = shown_deviations.display().to_string();
    let load = |shown: String,
                path: &Path,
                err: &mut dyn Write|
     -> Result<Option<diff::Spec>, Box<dyn std::error::Error>> {
        let text = files::read(path)?;
        match diff::load(&shown, &text) {
            Ok(spec) if spec.format == diff::Format::OpenApi => {
                for w in &spec.warnings {
                    writeln!(err, "warning: {}", w.trim_end())?;
                }
                Ok(Some(spec))
            }
            Ok(_) => {
                writeln!(
                    err,
                    "error: {shown}: a @lap file; --published compares two OpenAPI documents"
                )?;
                Ok(None)
            }
            Err(e) => {
                writeln!(err, "error: {}", e.to_string().trim_end())?;
                Ok(None)
            }
        }
    };
    let (Some(theirs), Some(ours)) = (
        load(published.display().to_string(), published, err)?,
        load(shown_openapi.display().to_string(), &openapi, err)?,
    ) else {
        return Ok(1);
    };
    let listed = match Deviations::parse(&files::read(&deviations)?) {
        Ok(d) => d,
        Err(e) => {
            writeln!(err, "error: {shown_deviations}: {e}")?;
            return Ok(1);
        }
    };
    let passed = deviation_check(
        &theirs,
        &ours,
        &listed,
        &published.display().to_string(),
        &shown_deviations,
        out,
    )?;
    Ok(if passed { 0 } else { 1 })
}

/// The deviation check's verdict on `theirs` (PayPal's document) to `ours`:
/// one line per unlisted difference or stale entry, then the summary line;
/// whether it passed. `spec update` runs the same check on the document it
/// is about to write.
pub(crate) fn deviation_check(
    theirs: &codegen::diff::Spec,
    ours: &codegen::diff::Spec,
    listed: &codegen::diff::deviations::Deviations,
    published: &str,
    shown_deviations: &str,
    out: &mut dyn Write,
) -> std::io::Result<bool> {
    let report = codegen::diff::diff(theirs, ours);
    let verdict = listed.check(&report);
    for change in &verdict.unlisted {
        let at = change
            .location()
            .map_or_else(String::new, |l| format!("{l}: "));
        writeln!(
            out,
            "{at}{}: {} (not in {shown_deviations})",
            change.rule.id(),
            change.message
        )?;
    }
    for &(entry, pattern) in &verdict.stale {
        let d = &listed.entries[entry];
        writeln!(
            out,
            "{shown_deviations}: deviation {} ({} at {}) matches no difference any more: remove it, or restore what it describes",
            entry + 1,
            d.rule.id(),
            d.at[pattern].as_str()
        )?;
    }
    if !verdict.unlisted.is_empty() {
        writeln!(
            out,
            "each difference needs a change to the spec, or an entry in {shown_deviations} with its rule, pointer, reason and source"
        )?;
    }
    writeln!(
        out,
        "spec check --published: {} difference(s) from {published}: {} listed in {shown_deviations} ({} entries), {} not listed; {} stale pointer(s)",
        report.changes.len(),
        verdict.listed.len(),
        listed.entries.len(),
        verdict.unlisted.len(),
        verdict.stale.len()
    )?;
    Ok(verdict.passed())
}
