//! Stage (b): our parser (lenient, as `lap check` reads) on every lap file
//! lapsh wrote, compared with lapsh's own model of it.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use codegen::lap::Mode;

use super::compare::{self, Difference};
use super::documents::Document;
use super::lapsh::Row;
use super::{Layout, stated};

/// What our parser made of one lapsh-written file.
#[derive(Clone, Debug)]
pub(crate) struct Reading {
    /// Size of the lap file.
    pub bytes: u64,
    /// Our parse, seconds (the fastest of several runs for the largest files).
    pub seconds: f64,
    /// How it went.
    pub outcome: Outcome,
    /// Where our reading and lapsh's model differ.
    pub differences: Vec<Difference>,
}

/// How our parse of one file went.
#[derive(Clone, Debug)]
pub(crate) enum Outcome {
    /// Read, with this many warnings (relaxed places).
    Parsed { warnings: usize },
    /// Refused: the number of errors and the first one.
    Errors { count: usize, first: String },
    /// The parser panicked.
    Panicked(String),
    /// The files lapsh wrote could not be read.
    Missing(String),
}

/// Reads every file lapsh wrote (`None` where lapsh failed).
pub(crate) fn run(
    docs: &[Document],
    layout: &Layout,
    lapsh: &[Row],
    jobs: usize,
    top: usize,
    err: &mut dyn Write,
) -> Vec<Option<Reading>> {
    let mut readings = super::parallel(docs.len(), jobs, "our parse", err, |i| {
        lapsh[i].ok.then(|| read(&layout.lapsh, &docs[i].name, 1))
    });
    // The largest files again, one at a time, fastest of five: the parse
    // times the report gives for them are not shared with another job.
    let mut largest: Vec<usize> = (0..docs.len()).filter(|&i| readings[i].is_some()).collect();
    largest.sort_by_key(|&i| std::cmp::Reverse(readings[i].as_ref().map_or(0, |r| r.bytes)));
    for &i in largest.iter().take(top) {
        let again = read(&layout.lapsh, &docs[i].name, 5);
        if let Some(reading) = &mut readings[i] {
            reading.seconds = again.seconds;
        }
    }
    readings
}

fn read(dir: &Path, name: &str, runs: usize) -> Reading {
    let missing = |why: String| Reading {
        bytes: 0,
        seconds: 0.0,
        outcome: Outcome::Missing(why),
        differences: Vec::new(),
    };
    let lap_path = dir.join(format!("{name}.lap"));
    let bytes = match std::fs::read(&lap_path) {
        Ok(b) => b,
        Err(e) => return missing(format!("cannot read {}: {e}", lap_path.display())),
    };
    let model_path = dir.join(format!("{name}.json"));
    let model = std::fs::read_to_string(&model_path)
        .map_err(|e| format!("cannot read {}: {e}", model_path.display()))
        .and_then(|t| serde_json::from_str(&t).map_err(|e| format!("lapsh model: {e}")))
        .and_then(|json| stated::from_lapsh_model(&json));
    let model = match model {
        Ok(m) => m,
        Err(why) => return missing(why),
    };
    let mut seconds = f64::INFINITY;
    let mut parsed = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| {
            codegen::lap::decode(&bytes).and_then(|s| codegen::lap::parse_with(s, Mode::Lenient))
        });
        seconds = seconds.min(start.elapsed().as_secs_f64());
        parsed = Some(result);
    }
    let size = bytes.len() as u64;
    let reading = |outcome, differences| Reading {
        bytes: size,
        seconds,
        outcome,
        differences,
    };
    match parsed {
        Some(Ok(Ok(parsed))) => {
            let ours = stated::from_model(&parsed.api);
            reading(
                Outcome::Parsed {
                    warnings: parsed.warnings.len(),
                },
                compare::lapsh_and_ours(&model, &ours),
            )
        }
        Some(Ok(Err(e))) => reading(
            Outcome::Errors {
                count: e.errors.len(),
                first: e
                    .errors
                    .first()
                    .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
                    .unwrap_or_default(),
            },
            Vec::new(),
        ),
        Some(Err(panic)) => reading(Outcome::Panicked(panic_text(&*panic)), Vec::new()),
        None => missing("not parsed".to_owned()),
    }
}

/// The message of a panic payload.
pub(crate) fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned())
}
