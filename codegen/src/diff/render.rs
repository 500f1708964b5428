//! The three outputs of a [`Report`]: text for people (optionally coloured),
//! Markdown for pull requests, JSON for CI bots.
//!
//! The JSON shape is a stable interface (documented in the README): fields
//! may be added, never renamed or removed, and `format_version` changes if
//! that promise is ever broken.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Change, EndpointRef, Level, Location, Report, RustImpact, Summary};

/// The summary line: `N changes: B breaking, W warnings, I info`.
pub fn summary_line(s: &Summary) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    format!(
        "{}: {} breaking, {}, {} info",
        plural(s.changes, "change", "changes"),
        s.breaking,
        plural(s.warning, "warning", "warnings"),
        s.info
    )
}

/// The Rust line: `Rust impact: major (M major, N minor): the generated
/// crate needs a major release`. Cargo's rules name the release; for a
/// `0.y.z` crate a major release is the next `y`.
pub fn rust_line(s: &Summary) -> String {
    format!(
        "Rust impact: {} ({} major, {} minor): the generated crate needs a {} release",
        s.rust_bump,
        s.rust_major,
        s.rust_minor,
        s.rust_bump.bump()
    )
}

/// The changes grouped by endpoint: `None` (the API as a whole) first.
fn groups(report: &Report) -> Vec<(Option<&EndpointRef>, Vec<&Change>)> {
    let mut out: Vec<(Option<&EndpointRef>, Vec<&Change>)> = Vec::new();
    for c in &report.changes {
        let key = c.endpoint.as_ref();
        match out.last_mut() {
            Some((k, v)) if same_endpoint(*k, key) => v.push(c),
            _ => out.push((key, vec![c])),
        }
    }
    out
}

fn same_endpoint(a: Option<&EndpointRef>, b: Option<&EndpointRef>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.method == b.method && a.path == b.path,
        _ => false,
    }
}

fn heading(e: Option<&EndpointRef>) -> String {
    match e {
        None => "API".to_owned(),
        Some(e) => match &e.operation_id {
            Some(id) => format!("{e} ({id})"),
            None => e.to_string(),
        },
    }
}

/// Text for a terminal: the summary line, then each endpoint with its
/// changes (level, rule id, sentence, location). `color` adds ANSI styles.
pub fn text(report: &Report, color: bool) -> String {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    };
    let mut out = String::new();
    let summary = report.summary();
    let _ = writeln!(out, "{}", summary_line(&summary));
    let _ = writeln!(out, "{}", rust_line(&summary));
    for (endpoint, changes) in groups(report) {
        let _ = writeln!(out, "\n{}", paint("1", &heading(endpoint)));
        for c in changes {
            let level = format!("{:<8}", c.level().as_str());
            let styled = match c.level() {
                Level::Breaking => paint("1;31", &level),
                Level::Warning => paint("33", &level),
                Level::Info => paint("36", &level),
            };
            let _ = writeln!(
                out,
                "  {styled}  {}  rust: {}",
                paint("2", c.rule.id()),
                c.rust_impact()
            );
            let _ = writeln!(out, "            {}", c.message);
            if let Some(at) = c.location() {
                let _ = writeln!(out, "            at {at}");
            }
        }
    }
    out
}

/// Markdown: the summary, then one table per endpoint.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## API changes: `{}` → `{}`\n\n**{}**\n\n**{}**",
        report.old,
        report.new,
        summary_line(&report.summary()),
        rust_line(&report.summary())
    );
    for (endpoint, changes) in groups(report) {
        let title = match endpoint {
            None => "API".to_owned(),
            Some(_) => format!("`{}`", heading(endpoint)),
        };
        let _ = writeln!(
            out,
            "\n### {title}\n\n| level | rust | rule | change | where |\n|---|---|---|---|---|"
        );
        for c in changes {
            let level = match c.level() {
                Level::Breaking => "**breaking**",
                Level::Warning => "warning",
                Level::Info => "info",
            };
            let rust = match c.rust_impact() {
                RustImpact::Major => "**major**",
                RustImpact::Minor => "minor",
                RustImpact::None => "none",
            };
            let at = c.location().map(ToString::to_string).unwrap_or_default();
            let _ = writeln!(
                out,
                "| {level} | {rust} | `{}` | {} | `{}` |",
                c.rule.id(),
                cell(&c.message),
                cell(&at)
            );
        }
    }
    out
}

/// A table cell: pipes escaped, no line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The JSON document (see the README for the schema).
#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    old: &'a str,
    new: &'a str,
    lap_resolution: bool,
    summary: Summary,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    id: &'static str,
    level: Level,
    oasdiff_level: &'static str,
    rust_impact: RustImpact,
    rust_reason: &'static str,
    endpoint: Option<&'a EndpointRef>,
    message: &'a str,
    old: Option<&'a Location>,
    new: Option<&'a Location>,
}

/// JSON for scripts and CI bots, pretty-printed, ending in a newline.
pub fn json(report: &Report) -> String {
    let doc = JsonReport {
        format_version: 1,
        old: &report.old,
        new: &report.new,
        lap_resolution: report.lap_resolution,
        summary: report.summary(),
        changes: report
            .changes
            .iter()
            .map(|c| JsonChange {
                id: c.rule.id(),
                level: c.level(),
                oasdiff_level: c.level().oasdiff(),
                rust_impact: c.rust_impact(),
                rust_reason: c.rule.rust_reason(),
                endpoint: c.endpoint.as_ref(),
                message: &c.message,
                old: c.old.as_ref(),
                new: c.new.as_ref(),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|e| unreachable!("a report always serializes: {e}"));
    s.push('\n');
    s
}
