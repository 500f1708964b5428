//! `cargo run --release -p codegen --example lap_debug_digest -- FILE...`:
//! for each lap FILE, and for its prefixes cut at a third and at two
//! thirds, prints a digest of the `Debug` output of `codegen::lap::parse`
//! and of `parse_with(.., Mode::Strict)` (model, warnings and errors).
//!
//! A check that a change to the parser changes no parse result: run the
//! same example built before and after the change on the same files and
//! compare the two outputs (`diff`); any line that differs names the file
//! and the cut whose result moved. The digest is std's `DefaultHasher`
//! (SipHash with fixed keys), the same in both builds of one toolchain.

use std::hash::{DefaultHasher, Hasher};
use std::process::ExitCode;

use codegen::lap::{Mode, parse, parse_with};

fn digest(text: &str) -> (u64, u64) {
    let mut lenient = DefaultHasher::new();
    lenient.write(format!("{:?}", parse(text)).as_bytes());
    let mut strict = DefaultHasher::new();
    strict.write(format!("{:?}", parse_with(text, Mode::Strict)).as_bytes());
    (lenient.finish(), strict.finish())
}

/// The largest char boundary at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: lap_debug_digest FILE...");
        return ExitCode::from(2);
    }
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("lap_debug_digest: cannot read {file}: {e}");
                return ExitCode::from(2);
            }
        };
        let cuts = [
            ("whole", text.len()),
            ("third", floor_boundary(&text, text.len() / 3)),
            ("two-thirds", floor_boundary(&text, text.len() * 2 / 3)),
        ];
        for (cut, at) in cuts {
            let (lenient, strict) = digest(&text[..at]);
            println!("{file}\t{cut}\t{lenient:016x}\t{strict:016x}");
        }
    }
    ExitCode::SUCCESS
}
