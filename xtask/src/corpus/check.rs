//! Stage (c): our `lap compile` on each document, as a child process
//! capped in time and memory (a blow-up is that document's result, not the
//! end of the run), then our parser on the lap it wrote, compared with what
//! the document itself states.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use codegen::lap::Mode;

use super::compare::{self, Difference};
use super::documents::Document;
use super::{Layout, Limits, stated};

/// One warning of our compile: `FILE#POINTER: warning: MESSAGE` on stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Warning {
    pub pointer: String,
    pub message: String,
}

/// How our compile of one document went.
#[derive(Clone, Debug)]
pub(crate) enum Outcome {
    /// It wrote lap; its warnings.
    Compiled { warnings: Vec<Warning> },
    /// It refused the document with an input error (exit 1).
    Refused(String),
    /// It ran past the time limit and was killed.
    TimedOut,
    /// It ran out of the memory it was given.
    OutOfMemory,
    /// Any other end: a panic, a signal, an unexpected exit status.
    Crashed(String),
}

/// Our compile of one document and what came of it.
#[derive(Clone, Debug)]
pub(crate) struct Checked {
    pub outcome: Outcome,
    /// The compile's wall-clock time.
    pub seconds: f64,
    /// Our parser on the compiled lap: `Err` with the first error.
    pub reread: Option<Result<(), String>>,
    /// The document could not be read by the oracle (`serde_json`/`serde_yaml_ng`).
    pub unreadable: Option<String>,
    /// Where our lap and the document differ.
    pub differences: Vec<Difference>,
}

/// Compiles and checks every document, `jobs` at a time.
pub(crate) fn run(
    docs: &[Document],
    layout: &Layout,
    compiler: &Path,
    limits: &Limits,
    jobs: usize,
    err: &mut dyn Write,
) -> Result<Vec<Checked>, String> {
    std::fs::create_dir_all(&layout.check)
        .map_err(|e| format!("cannot create {}: {e}", layout.check.display()))?;
    Ok(super::parallel(docs.len(), jobs, "our compile", err, |i| {
        check(&docs[i], &layout.check, compiler, limits)
    }))
}

fn check(doc: &Document, dir: &Path, compiler: &Path, limits: &Limits) -> Checked {
    let lap = dir.join(format!("{}.lap", doc.name));
    let stderr = dir.join(format!("{}.stderr", doc.name));
    let _ = std::fs::remove_file(&lap);
    let start = Instant::now();
    let outcome = compile(doc, &lap, &stderr, compiler, limits);
    let seconds = start.elapsed().as_secs_f64();
    let mut checked = Checked {
        outcome,
        seconds,
        reread: None,
        unreadable: None,
        differences: Vec::new(),
    };
    let Outcome::Compiled { warnings } = &checked.outcome else {
        return checked;
    };
    let ours = match std::panic::catch_unwind(|| reread(&lap)) {
        Ok(Ok(ours)) => ours,
        Ok(Err(why)) => {
            checked.reread = Some(Err(why));
            return checked;
        }
        Err(panic) => {
            checked.reread = Some(Err(format!(
                "our parser panicked: {}",
                super::read::panic_text(&*panic)
            )));
            return checked;
        }
    };
    checked.reread = Some(Ok(()));
    match document(&doc.path) {
        Ok(stated) => {
            checked.differences = compare::document_and_compiled(&stated, &ours, warnings);
        }
        Err(why) => checked.unreadable = Some(why),
    }
    checked
}

/// Runs `COMPILER lap compile FILE -o LAP` under `ulimit -v`, killing it at
/// the deadline. Its stderr goes to a file, so no pipe can fill up.
fn compile(
    doc: &Document,
    lap: &Path,
    stderr_path: &Path,
    compiler: &Path,
    limits: &Limits,
) -> Outcome {
    let stderr = match std::fs::File::create(stderr_path) {
        Ok(f) => f,
        Err(e) => return Outcome::Crashed(format!("cannot write {}: {e}", stderr_path.display())),
    };
    let spawned = Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -v "$1" || exit 125; shift; exec "$@""#)
        .arg("sh")
        .arg((limits.memory_mb * 1024).to_string())
        .arg(compiler)
        .args(["lap", "compile"])
        .arg(&doc.path)
        .arg("-o")
        .arg(lap)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) => return Outcome::Crashed(format!("cannot run {}: {e}", compiler.display())),
    };
    let deadline = Instant::now() + Duration::from_secs(limits.seconds);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Outcome::TimedOut;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Outcome::Crashed(format!("cannot wait for the compile: {e}")),
        }
    };
    let text = std::fs::read_to_string(stderr_path).unwrap_or_default();
    ended(status, &text, &doc.path)
}

fn ended(status: ExitStatus, stderr: &str, file: &Path) -> Outcome {
    // Rust's allocator reports a refused allocation, then aborts.
    if stderr.contains("memory allocation of") {
        return Outcome::OutOfMemory;
    }
    match status.code() {
        Some(0) => Outcome::Compiled {
            warnings: warnings(stderr, &file.display().to_string()),
        },
        Some(1) => Outcome::Refused(last_lines(stderr, 3)),
        Some(code) => Outcome::Crashed(format!("exit status {code}: {}", last_lines(stderr, 3))),
        None => Outcome::Crashed(format!("{status}: {}", last_lines(stderr, 3))),
    }
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join(" / ")
}

/// The compile's warnings: `FILE#POINTER: warning: MESSAGE`, one a line.
fn warnings(stderr: &str, file: &str) -> Vec<Warning> {
    let prefix = format!("{file}#");
    stderr
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix(&prefix)?;
            let (pointer, message) = rest.split_once(": warning: ")?;
            Some(Warning {
                pointer: pointer.to_owned(),
                message: message.to_owned(),
            })
        })
        .collect()
}

/// Our parser on the lap our compile wrote.
fn reread(lap: &PathBuf) -> Result<stated::Stated, String> {
    let bytes = std::fs::read(lap).map_err(|e| format!("cannot read {}: {e}", lap.display()))?;
    match codegen::lap::decode(&bytes).and_then(|s| codegen::lap::parse_with(s, Mode::Lenient)) {
        Ok(parsed) => Ok(stated::from_model(&parsed.api)),
        Err(e) => Err(format!(
            "our parser refuses our compile's lap: {} error(s), the first {}",
            e.errors.len(),
            e.errors
                .first()
                .map(|d| format!("at {}:{}: {}", d.line, d.column, d.message))
                .unwrap_or_default()
        )),
    }
}

/// The document as it is written.
fn document(path: &Path) -> Result<stated::Stated, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json = path.extension().is_some_and(|e| e == "json");
    let value: serde_json::Value = if json {
        serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?
    } else {
        serde_yaml_ng::from_str(&text).map_err(|e| format!("not YAML: {e}"))?
    };
    Ok(stated::from_document(&value))
}
