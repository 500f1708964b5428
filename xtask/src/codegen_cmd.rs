//! `cargo xtask codegen`: the main job.
//!
//! Today it runs the stages that exist: parse `spec/disputes.lap` into the
//! model and report it. OpenAPI lowering and client generation plug in here
//! as they land; `--check` then compares every generated file instead of
//! writing it.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use crate::Status;
use crate::lap_cmd::{parse_file, summary};

pub(crate) fn run(
    root: &Path,
    check: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let lap = root.join("spec/disputes.lap");
    let Some(parsed) = parse_file(&lap, err)? else {
        writeln!(
            err,
            "codegen: stage `lap parse` failed; fix {} first",
            lap.display()
        )?;
        return Ok(1);
    };
    summary(Path::new("spec/disputes.lap"), &parsed, out)?;
    let mode = if check { "checked" } else { "parsed" };
    writeln!(
        out,
        "codegen: {mode} spec/disputes.lap; 0 files written (OpenAPI and client stages not built yet); {:.0?} elapsed",
        started.elapsed()
    )?;
    Ok(0)
}
