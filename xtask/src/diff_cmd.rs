//! `cargo xtask diff OLD NEW`: what changed between two versions of the
//! spec, and whether it breaks callers.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{Args, ValueEnum};
use codegen::diff::{self, Level, Spec};

use crate::Status;
use crate::codegen_cmd::LAP;
use crate::files;

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The older side: a @lap file or an OpenAPI document (JSON or YAML), detected by content.
    #[arg(value_name = "OLD", required_unless_present = "git")]
    old: Option<PathBuf>,
    /// The newer side, in either format.
    #[arg(value_name = "NEW", required_unless_present = "git")]
    new: Option<PathBuf>,
    /// Compare spec/disputes.lap at this git revision with the working tree.
    #[arg(long, value_name = "REV", conflicts_with_all = ["old", "new"])]
    git: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Exit 1 when a change at this level or above is found.
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,
    /// Colour the text output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum OutputFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FailOn {
    Breaking,
    Warning,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

pub(crate) fn run(
    root: &Path,
    args: DiffArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    let sides = match &args.git {
        Some(rev) => {
            let old_name = format!("{rev}:{LAP}");
            git_show(root, rev, LAP).map(|old| {
                (
                    (old_name, Ok(old)),
                    (LAP.to_owned(), files::read(&root.join(LAP))),
                )
            })
        }
        None => {
            let (Some(old), Some(new)) = (&args.old, &args.new) else {
                writeln!(err, "error: give OLD and NEW, or --git REV")?;
                return Ok(2);
            };
            Ok((
                (old.display().to_string(), files::read(old)),
                (new.display().to_string(), files::read(new)),
            ))
        }
    };
    let ((old_name, old_text), (new_name, new_text)) = match sides {
        Ok(s) => s,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(2);
        }
    };
    let mut load = |name: &str, text: Result<String, files::FileError>| -> Option<Spec> {
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                return None;
            }
        };
        match diff::load(name, &text) {
            Ok(spec) => {
                for w in &spec.warnings {
                    let _ = writeln!(err, "warning: {}", w.trim_end());
                }
                Some(spec)
            }
            Err(e) => {
                let _ = writeln!(err, "error: {}", e.to_string().trim_end());
                None
            }
        }
    };
    let (Some(old), Some(new)) = (load(&old_name, old_text), load(&new_name, new_text)) else {
        return Ok(2);
    };
    let report = diff::diff(&old, &new);
    if report.lap_resolution {
        writeln!(
            err,
            "note: a @lap file against an OpenAPI document: compared at lap's resolution (nesting, response enums, security scopes, deprecation and parameter locations as lap states them)"
        )?;
    }
    let rendered = match args.format {
        OutputFormat::Text => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            diff::render::text(&report, color)
        }
        OutputFormat::Markdown => diff::render::markdown(&report),
        OutputFormat::Json => diff::render::json(&report),
    };
    out.write_all(rendered.as_bytes())?;
    let threshold = args.fail_on.map(|f| match f {
        FailOn::Breaking => Level::Breaking,
        FailOn::Warning => Level::Warning,
    });
    Ok(match (threshold, report.max_level()) {
        (Some(t), Some(found)) if found >= t => 1,
        _ => 0,
    })
}

/// `git show REV:PATH` in the workspace; the error says what git said.
fn git_show(root: &Path, rev: &str, path: &str) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{rev}:{path}"))
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git show {rev}:{path} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("{rev}:{path} is not UTF-8"))
}
