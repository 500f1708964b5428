//! `cargo xtask lap check|fmt`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use crate::Status;
use crate::files::{self, Outcome};

#[derive(Debug, Subcommand)]
pub(crate) enum LapCommand {
    /// Parses FILE and prints a summary (or the model with --json); exit 1 on errors.
    Check {
        /// The `@lap` file.
        file: PathBuf,
        /// Print the parsed model as JSON (format documented in the README).
        #[arg(long)]
        json: bool,
    },
    /// Rewrites FILE in canonical form; with --check, only reports whether it is.
    Fmt {
        /// The `@lap` file.
        file: PathBuf,
        /// Write nothing; print a diff and exit 1 if FILE is not canonical.
        #[arg(long)]
        check: bool,
    },
    /// Compiles an OpenAPI 3.0 document (JSON or YAML) to `@lap v0.3`, as lapsh writes it.
    Compile {
        /// The OpenAPI document.
        openapi: PathBuf,
        /// Write the lap here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub(crate) fn run(
    command: LapCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    match command {
        LapCommand::Check { file, json } => check(&file, json, out, err),
        LapCommand::Fmt { file, check } => fmt(&file, check, out, err),
        LapCommand::Compile { openapi, output } => compile(&openapi, output.as_deref(), out, err),
    }
}

/// Parses a file, printing its diagnostics; `None` when it has errors.
pub(crate) fn parse_file(
    file: &Path,
    err: &mut dyn Write,
) -> Result<Option<codegen::lap::Parsed>, Box<dyn std::error::Error>> {
    let source = files::read(file)?;
    let name = file.display().to_string();
    match codegen::lap::parse(&source) {
        Ok(parsed) => {
            for w in &parsed.warnings {
                write!(err, "{}", w.render(&name, &source))?;
            }
            Ok(Some(parsed))
        }
        Err(e) => {
            write!(err, "{}", e.render(&name, &source))?;
            writeln!(
                err,
                "{name}: {} error(s), {} warning(s)",
                e.errors.len(),
                e.warnings.len()
            )?;
            Ok(None)
        }
    }
}

fn check(
    file: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    let Some(parsed) = parse_file(file, err)? else {
        return Ok(1);
    };
    if json {
        serde_json::to_writer_pretty(&mut *out, &codegen::lap::to_json(&parsed))?;
        writeln!(out)?;
    } else {
        summary(file, &parsed, out)?;
    }
    Ok(0)
}

pub(crate) fn summary(
    file: &Path,
    parsed: &codegen::lap::Parsed,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let api = &parsed.api;
    let params: usize = api.endpoints.iter().map(|e| e.params.len()).sum();
    writeln!(
        out,
        "{}: {} {} (@lap {}): {} endpoints, {} parameters, {} types, {} warning(s)",
        file.display(),
        api.name,
        api.version.as_deref().unwrap_or("(no version)"),
        serde_json::to_value(parsed.lap_version)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        api.endpoints.len(),
        params,
        api.types.len(),
        parsed.warnings.len()
    )
}

fn fmt(
    file: &Path,
    check: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    let Some(parsed) = parse_file(file, err)? else {
        return Ok(1);
    };
    let canonical = codegen::lap::print(&parsed.api);
    let display = file.display().to_string();
    let command = format!("cargo xtask lap fmt {display}");
    match files::ensure_contents(file, &display, &canonical, check, &command, err)? {
        Outcome::Unchanged => writeln!(out, "{display}: already canonical")?,
        Outcome::Written => writeln!(out, "{display}: rewritten in canonical form")?,
        Outcome::Stale => return Ok(1),
    }
    Ok(0)
}

/// `lap compile`: import warnings go to stderr, each with its JSON pointer;
/// the lap goes to `-o FILE` or stdout.
fn compile(
    openapi: &Path,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    let shown = openapi.display().to_string();
    let text = crate::files::read(openapi)?;
    let compiled = match codegen::openapi::compile::compile(&text) {
        Ok(c) => c,
        Err(e) => {
            writeln!(err, "{shown}:{e}")?;
            return Ok(1);
        }
    };
    for w in &compiled.warnings {
        writeln!(err, "{shown}#{}: warning: {}", w.pointer, w.message)?;
    }
    match output {
        Some(path) => {
            std::fs::write(path, &compiled.lap)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            writeln!(
                err,
                "{}: {} endpoints, {} warning(s)",
                path.display(),
                compiled.api.endpoints.len(),
                compiled.warnings.len()
            )?;
        }
        None => out.write_all(compiled.lap.as_bytes())?,
    }
    Ok(0)
}
