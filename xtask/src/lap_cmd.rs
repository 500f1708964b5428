//! `cargo xtask lap check|fmt`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use codegen::lap::{Mode, Renderer};

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
        /// Refuse what only lapsh writes (duplicate names, undeclared path
        /// parameters, unknown types, ...) instead of reading it with a warning.
        #[arg(long)]
        strict: bool,
    },
    /// Rewrites FILE in canonical form; with --check, only reports whether it is.
    Fmt {
        /// The `@lap` file.
        file: PathBuf,
        /// Write nothing; print a diff and exit 1 if FILE is not canonical.
        #[arg(long)]
        check: bool,
        /// Refuse what only lapsh writes, as `lap check --strict` does.
        #[arg(long)]
        strict: bool,
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
        LapCommand::Check { file, json, strict } => check(&file, json, mode(strict), out, err),
        LapCommand::Fmt {
            file,
            check,
            strict,
        } => fmt(&file, check, mode(strict), out, err),
        LapCommand::Compile { openapi, output } => compile(&openapi, output.as_deref(), out, err),
    }
}

fn mode(strict: bool) -> Mode {
    if strict { Mode::Strict } else { Mode::Lenient }
}

/// Parses a file, printing its diagnostics; `None` when it has errors
/// (bytes that are not UTF-8 among them).
pub(crate) fn parse_file(
    file: &Path,
    mode: Mode,
    err: &mut dyn Write,
) -> Result<Option<codegen::lap::Parsed>, Box<dyn std::error::Error>> {
    let bytes = files::read_bytes(file)?;
    parse_bytes(&file.display().to_string(), &bytes, mode, err)
}

/// [`parse_file`] on bytes already read (or not yet written), shown as `name`.
pub(crate) fn parse_bytes(
    name: &str,
    bytes: &[u8],
    mode: Mode,
    err: &mut dyn Write,
) -> Result<Option<codegen::lap::Parsed>, Box<dyn std::error::Error>> {
    let name = name.to_owned();
    let parsed =
        codegen::lap::decode(bytes).and_then(|source| codegen::lap::parse_with(source, mode));
    match parsed {
        Ok(parsed) => {
            // `parsed` came from `decode`, so the bytes are UTF-8.
            let source = String::from_utf8_lossy(bytes);
            write!(
                err,
                "{}",
                Renderer::new(&name, &source).render_all(&parsed.warnings)
            )?;
            Ok(Some(parsed))
        }
        Err(e) => {
            let source = String::from_utf8_lossy(bytes);
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
    mode: Mode,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    let Some(parsed) = parse_file(file, mode, err)? else {
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
    mode: Mode,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    let Some(parsed) = parse_file(file, mode, err)? else {
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
    let Some(compiled) = compile_text(&shown, &text, err)? else {
        return Ok(1);
    };
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

/// `lap compile` of a document's text, shown as `shown`: its warnings on
/// `err`, each with its JSON pointer; `None` (the error printed) when it
/// does not compile. `spec update` refreshes the spec through this too.
pub(crate) fn compile_text(
    shown: &str,
    text: &str,
    err: &mut dyn Write,
) -> std::io::Result<Option<codegen::openapi::to_lap::Compiled>> {
    let compiled = match codegen::openapi::to_lap::compile(text) {
        Ok(c) => c,
        Err(e) => {
            writeln!(err, "{shown}:{e}")?;
            return Ok(None);
        }
    };
    for w in &compiled.warnings {
        writeln!(err, "{shown}#{}: warning: {}", w.pointer, w.message)?;
    }
    Ok(Some(compiled))
}
