//! The `@lap` format: parser, printer and the JSON view of `lap check --json`.
//!
//! lap is the compact, line-oriented API description published by lapsh
//! (`@lap v0.3`). [`parse`] reads any lap text into the [`crate::model`],
//! reporting every error with its line and column; [`print()`] writes a model
//! back as canonical lap. The grammar this module implements, with the rules
//! that decide where comments and defaults end, is in `docs/lap-grammar.md`.

mod blocks;
mod diagnostic;
mod json;
mod lines;
mod parse;
mod print;
mod search;
mod syntax;

pub use diagnostic::{Diagnostic, LapError, MAX_RENDERED, Renderer, Severity};
pub use json::{JsonApi, JsonAuth, JsonEndpoint, JsonParam, to_json};
pub(crate) use parse::{check_path, parse_auth};
pub use print::print;
pub(crate) use print::{auth as auth_text, schema_text};

use crate::model::Api;

/// The lap format versions this parser reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum LapVersion {
    /// `@lap v0.1`
    #[serde(rename = "v0.1")]
    V0_1,
    /// `@lap v0.2`
    #[serde(rename = "v0.2")]
    V0_2,
    /// `@lap v0.3`
    #[serde(rename = "v0.3")]
    V0_3,
}

impl LapVersion {
    fn parse(s: &str) -> Option<LapVersion> {
        match s {
            "v0.1" => Some(LapVersion::V0_1),
            "v0.2" => Some(LapVersion::V0_2),
            "v0.3" => Some(LapVersion::V0_3),
            _ => None,
        }
    }
}

/// A successfully parsed lap document.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The API it describes.
    pub api: Api,
    /// The `@lap` version it declared.
    pub lap_version: LapVersion,
    /// Problems that did not stop parsing (unknown directives, a stale `@toc`).
    pub warnings: Vec<Diagnostic>,
}

/// How much of what lapsh writes the parser accepts.
///
/// lapsh 0.7.1 writes some things the lap grammar has no room for: an
/// operation's parameter and body member of the same name in one list,
/// path parameters it left out, member names with blanks, OpenAPI types it
/// does not know, an `@api` without a name. Both modes read the same
/// model; they differ in what they call the places where it had to
/// relax the grammar (each is in `docs/lap-grammar.md`, "What lapsh
/// writes").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Reads whatever lapsh writes, with a warning at each relaxed place
    /// (`cargo xtask lap check`).
    #[default]
    Lenient,
    /// Each relaxed place is an error (`lap check --strict`; CI holds our
    /// own `spec/disputes.lap` to it).
    Strict,
}

/// Parses lap text as lapsh writes it ([`Mode::Lenient`]). On failure,
/// every error found is returned, not just the first.
pub fn parse(source: &str) -> Result<Parsed, LapError> {
    parse::parse(source, Mode::Lenient)
}

/// Parses lap text in the given mode.
pub fn parse_with(source: &str, mode: Mode) -> Result<Parsed, LapError> {
    parse::parse(source, mode)
}

/// The text of a lap file's bytes: lap is UTF-8, and a file that is not is
/// an input error at the first byte that is not (its line and column),
/// like any other, rather than a file that could not be read.
pub fn decode(bytes: &[u8]) -> Result<&str, LapError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        LapError {
            errors: vec![diagnostic::not_utf8(bytes, at)],
            warnings: Vec::new(),
        }
    })
}

/// The table of contents of a model: group name and endpoint count, in order
/// of first appearance. An endpoint's group is its `@group`, or else (as
/// lapsh does) the first path segment after any `vN` version segments.
pub fn toc(api: &Api) -> Vec<(String, u32)> {
    toc_counts(api)
        .into_iter()
        .map(|(name, count)| (name.to_owned(), count))
        .collect()
}

/// [`toc`], borrowing the names from the model: the parser checks every
/// file's `@toc` against it.
pub(crate) fn toc_counts(api: &Api) -> Vec<(&str, u32)> {
    let mut out: Vec<(&str, u32)> = Vec::new();
    for ep in &api.endpoints {
        let name = match &ep.group {
            Some(g) => g,
            None => path_group_str(&ep.path),
        };
        // Endpoints of a group are usually together: try the last first.
        match out.last_mut() {
            Some((n, count)) if *n == name => *count += 1,
            _ => match out.iter_mut().find(|(n, _)| *n == name) {
                Some((_, count)) => *count += 1,
                None => out.push((name, 1)),
            },
        }
    }
    out
}

pub(crate) fn path_group(path: &str) -> String {
    path_group_str(path).to_owned()
}

fn path_group_str(path: &str) -> &str {
    let is_version =
        |p: &str| p.len() > 1 && p.starts_with('v') && p[1..].bytes().all(|c| c.is_ascii_digit());
    let mut first = None;
    for part in path.split('/').filter(|p| !p.is_empty()) {
        if !is_version(part) {
            return part;
        }
        first.get_or_insert(part);
    }
    first.unwrap_or("root")
}
