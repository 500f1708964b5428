//! Helpers shared by the workspace's tests.

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// Wraps endpoint blocks into a complete lap document, with a correct
/// `@endpoints` count and a closing `@end`.
pub fn lap_doc(body: &str) -> String {
    let count = body
        .lines()
        .filter(|l| l.trim_start().starts_with("@endpoint "))
        .count();
    format!("@lap v0.3\n@api Test\n@endpoints {count}\n\n{body}\n\n@end\n")
}

/// Parses a document, panicking with the rendered errors when it fails.
pub fn parse_ok(source: &str) -> codegen::lap::Parsed {
    match codegen::lap::parse(source) {
        Ok(parsed) => parsed,
        Err(e) => panic!(
            "expected a successful parse, got:\n{}",
            e.render("test.lap", source)
        ),
    }
}
