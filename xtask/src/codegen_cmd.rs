//! `cargo xtask codegen`: the main job.
//!
//! Stages, each named in its errors: `lap parse` (spec/disputes.lap ->
//! model), `names` and `overlay` (reading spec/disputes.names.yaml and
//! spec/disputes.overlay.yaml), `openapi export` + `overlay` (model ->
//! spec/disputes.openapi.json), then `progenitor` and our templates
//! (the document, as a value, -> `disputes-api/src/generated/`).
//! With `--check` nothing is written; a stale file is reported with a diff.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use codegen::openapi::{LowerError, names::Names, overlay::Overlay};

use crate::Status;
use crate::files::{self, Outcome};
use crate::lap_cmd::parse_bytes;
use codegen::generate::Generated;

/// Inputs and outputs, relative to the workspace root.
pub(crate) const LAP: &str = "spec/disputes.lap";
pub(crate) const NAMES: &str = "spec/disputes.names.yaml";
pub(crate) const OVERLAY: &str = "spec/disputes.overlay.yaml";
pub(crate) const OPENAPI: &str = "spec/disputes.openapi.json";

pub(crate) fn run(
    root: &Path,
    check: bool,
    progenitor_input: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let Some(lowered) = lower(root, err)? else {
        return Ok(1);
    };
    if let Some(path) = progenitor_input {
        let input = codegen::generate::progenitor_input(&lowered.document)?;
        std::fs::write(path, serde_json::to_string_pretty(&input)?)?;
    }
    let Some((outputs, generated)) = outputs(&lowered, err)? else {
        return Ok(1);
    };
    let command = "cargo xtask codegen";
    let (mut written, mut unchanged, mut stale) = (0, 0, 0);
    for (path, contents) in &outputs {
        let full = root.join(path);
        if let Some(dir) = full.parent().filter(|_| !check) {
            std::fs::create_dir_all(dir)?;
        }
        match files::ensure_contents(&full, path, contents, check, command, err)? {
            Outcome::Unchanged => unchanged += 1,
            Outcome::Written => {
                written += 1;
                writeln!(out, "  wrote {path}")?;
            }
            Outcome::Stale => stale += 1,
        }
    }
    writeln!(
        out,
        "codegen: {} operations, {} types; {written} file(s) written, {unchanged} unchanged{}; {:.0?}",
        generated.operations,
        generated.types,
        if stale > 0 {
            format!(", {stale} stale")
        } else {
            String::new()
        },
        started.elapsed()
    )?;
    Ok(if stale > 0 { 1 } else { 0 })
}

/// Every file the pipeline writes from `lowered`, relative to the
/// workspace root (the OpenAPI document, then the generated client), and
/// what was generated; `None` when generation failed (the error printed).
pub(crate) fn outputs(
    lowered: &codegen::openapi::Lowered,
    err: &mut dyn Write,
) -> Result<Option<(files::Staged, Generated)>, Box<dyn std::error::Error>> {
    let generated = match codegen::generate::generate(&lowered.document) {
        Ok(g) => g,
        Err(e) => {
            writeln!(err, "codegen: {e}")?;
            return Ok(None);
        }
    };
    let mut outputs = vec![(OPENAPI.to_owned(), lowered.json.clone())];
    outputs.extend(
        generated
            .files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone())),
    );
    Ok(Some((outputs, generated)))
}

/// Runs the stages up to the OpenAPI document, printing diagnostics; `None`
/// when a stage failed (its errors are already printed).
pub(crate) fn lower(
    root: &Path,
    err: &mut dyn Write,
) -> Result<Option<codegen::openapi::Lowered>, Box<dyn std::error::Error>> {
    let path = root.join(LAP);
    let lap = files::read_bytes(&path)?;
    lower_lap(root, &path.display().to_string(), &lap, err)
}

/// [`lower`] with the lap's bytes given, shown as `shown` (`spec update`
/// lowers the lap it has not written yet); the names and overlay come from
/// `root`.
pub(crate) fn lower_lap(
    root: &Path,
    shown: &str,
    lap: &[u8],
    err: &mut dyn Write,
) -> Result<Option<codegen::openapi::Lowered>, Box<dyn std::error::Error>> {
    let Some(parsed) = parse_bytes(shown, lap, codegen::lap::Mode::Strict, err)? else {
        writeln!(err, "codegen: stage `lap parse` failed; fix {LAP} first")?;
        return Ok(None);
    };
    let names_text = files::read(&root.join(NAMES))?;
    let names = match Names::from_yaml(NAMES, &names_text) {
        Ok(n) => n,
        Err(e) => {
            writeln!(err, "codegen: stage `names`: {e}")?;
            return Ok(None);
        }
    };
    let overlay_text = files::read(&root.join(OVERLAY))?;
    let overlay = match Overlay::from_yaml(OVERLAY, &overlay_text) {
        Ok(o) => o,
        Err(e) => {
            writeln!(err, "codegen: stage `overlay`: {e}")?;
            return Ok(None);
        }
    };
    match codegen::openapi::lower(&parsed.api, &names, &overlay, OVERLAY) {
        Ok(lowered) => {
            for w in &lowered.warnings {
                writeln!(
                    err,
                    "{LAP}:{}:{}: warning: {}",
                    w.origin.line, w.origin.column, w.message
                )?;
            }
            Ok(Some(lowered))
        }
        Err(e) => {
            // Export errors carry a lap line:column; say which file.
            let shown = match e {
                LowerError::Export(e) => format!("stage `openapi export`: {LAP}:{e}"),
                other => other.to_string(),
            };
            writeln!(err, "codegen: {shown}")?;
            Ok(None)
        }
    }
}
