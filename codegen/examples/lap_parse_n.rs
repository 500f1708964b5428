//! `cargo run --release -p codegen --example lap_parse_n -- FILE N`:
//! parses FILE N times with `codegen::lap::parse` and prints the fastest
//! and the median time of one parse (freeing the model is not timed).
//!
//! A driver for measurements outside criterion: callgrind counts its
//! instructions (`codegen/benches/callgrind-lapsh.sh` takes the count of
//! `N = 1` minus that of `N = 0`, so reading the file and starting the
//! process cancel out), and `codegen/benches/interleaved-lapsh.py` runs it
//! in turn with lapsh on the same file. The parsed models are kept and
//! never freed, so that the count of one parse holds no freeing either
//! (lapsh's driver does the same).
//!
//! `lap_parse_n FILE N free` frees each model after its parse is timed,
//! for wall-clock runs: a kept model makes every later parse write to
//! fresh pages (page faults, a fifth of the time on Microsoft Graph),
//! where lapsh's timed driver frees each result and reuses its memory.

use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (file, n, free) = match args.as_slice() {
        [file, n] => (file, n, false),
        [file, n, free] if free == "free" => (file, n, true),
        _ => {
            eprintln!("usage: lap_parse_n FILE N [free]");
            return ExitCode::from(2);
        }
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("lap_parse_n: N must be a count, found `{n}`");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("lap_parse_n: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut kept = Vec::with_capacity(n);
    let mut times: Vec<Duration> = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        let parsed = codegen::lap::parse(std::hint::black_box(&text));
        times.push(start.elapsed());
        if let Err(e) = &parsed {
            eprintln!("lap_parse_n: {file} does not parse: {e}");
            return ExitCode::from(1);
        }
        if free {
            drop(parsed);
        } else {
            kept.push(parsed);
        }
    }
    times.sort();
    if let (Some(min), Some(median)) = (times.first(), times.get(times.len() / 2)) {
        println!(
            "{file}\t{}\t{:.3}\t{:.3}",
            text.len(),
            min.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3
        );
    }
    // Freeing is not part of a parse (see above).
    std::mem::forget(kept);
    ExitCode::SUCCESS
}
