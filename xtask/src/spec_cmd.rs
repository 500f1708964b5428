//! `cargo xtask spec check`: does the lap spec agree with the OpenAPI document?

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::Status;
use crate::codegen_cmd::{LAP, OPENAPI};
use crate::files;
use crate::lap_cmd::parse_file;

#[derive(Debug, Subcommand)]
pub(crate) enum SpecCommand {
    /// Compares spec/disputes.lap with spec/disputes.openapi.json (or --openapi PATH); exit 1 on any disagreement.
    Check {
        /// Compare with this OpenAPI document (JSON or YAML) instead.
        #[arg(long)]
        openapi: Option<PathBuf>,
        /// The lap file to check.
        #[arg(long)]
        lap: Option<PathBuf>,
    },
}

pub(crate) fn run(
    root: &Path,
    command: SpecCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    let SpecCommand::Check { openapi, lap } = command;
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
    let found = codegen::crosscheck::compare(&parsed.api, &imported.api, &document);
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
    writeln!(
        out,
        "spec check: {} endpoints in the lap, {} in {shown}; {} disagreement(s)",
        parsed.api.endpoints.len(),
        imported.api.endpoints.len(),
        found.len()
    )?;
    Ok(if found.is_empty() { 0 } else { 1 })
}
