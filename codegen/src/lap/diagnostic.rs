//! Errors and warnings about lap text, with the place they point at.
//!
//! Every diagnostic carries a byte span into the source plus the line and
//! column it starts at, so a message can say `spec/disputes.lap:12:40` and
//! draw a caret under the offending text (rendered by miette).

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use crate::model::Origin;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The file cannot be read as lap; nothing is produced.
    Error,
    /// The file was read, but something deserves a look (an unknown directive, a stale `@toc`).
    Warning,
}

/// One problem found in lap text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, and what was expected.
    pub message: String,
    /// How to fix it, when there is something to suggest.
    pub help: Option<String>,
    /// Byte offset of the offending text.
    pub offset: usize,
    /// Byte length of the offending text (at least 1 when the source is not empty).
    pub len: usize,
    /// 1-based line of `offset`.
    pub line: u32,
    /// 1-based column (in characters) of `offset`.
    pub column: u32,
}

impl Diagnostic {
    /// Renders the diagnostic like a compiler does: `file:line:col`, the
    /// offending line with a caret under the span, and the help.
    pub fn render(&self, file_name: &str, source: &str) -> String {
        let report = miette::Report::new(Rendered {
            diagnostic: self.clone(),
            source: NamedSource::new(file_name, source.to_owned()),
        });
        let mut out = format!("{file_name}:{}:{}: ", self.line, self.column);
        out.push_str(match self.severity {
            Severity::Error => "error: ",
            Severity::Warning => "warning: ",
        });
        out.push_str(&self.message);
        out.push('\n');
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_context_lines(1)
            .with_width(120);
        let mut body = String::new();
        if handler.render_report(&mut body, report.as_ref()).is_ok() {
            // The first line repeats the message; the location and caret follow.
            out.extend(body.lines().skip(1).map(|l| format!("{l}\n")));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// The miette view of a diagnostic: only used for rendering.
#[derive(Debug)]
struct Rendered {
    diagnostic: Diagnostic,
    source: NamedSource<String>,
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = SourceSpan::new(self.diagnostic.offset.into(), self.diagnostic.len);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some("here".to_owned()),
            span,
        ))))
    }
}

/// The error of [`crate::lap::parse`]: every error found, plus the warnings.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", summary(.errors))]
pub struct LapError {
    /// The errors, in source order; never empty.
    pub errors: Vec<Diagnostic>,
    /// Warnings found along the way.
    pub warnings: Vec<Diagnostic>,
}

impl LapError {
    /// Renders every error and warning, in source order.
    pub fn render(&self, file_name: &str, source: &str) -> String {
        let mut all: Vec<&Diagnostic> = self.errors.iter().chain(&self.warnings).collect();
        all.sort_by_key(|d| d.offset);
        all.iter().map(|d| d.render(file_name, source)).collect()
    }
}

fn summary(errors: &[Diagnostic]) -> String {
    match errors {
        [] => "no errors".to_owned(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more errors)", rest.len()),
    }
}

/// Maps byte offsets to line and column.
#[derive(Debug)]
pub(crate) struct LineIndex<'a> {
    source: &'a str,
    starts: Vec<usize>,
    /// Per line: only ASCII, so the character column is the byte column.
    /// Lines of lap can be tens of kilobytes long (one `@optional` list);
    /// counting characters from the line start for every field would make
    /// parsing quadratic in the line length.
    ascii: Vec<bool>,
    /// The line of the last lookup: the parser asks in source order, so
    /// most lookups hit it or the next line without a binary search.
    hint: std::cell::Cell<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(source: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1));
        let ascii = starts
            .iter()
            .enumerate()
            .map(|(i, &start)| {
                let end = starts.get(i + 1).copied().unwrap_or(source.len());
                source.as_bytes()[start..end].is_ascii()
            })
            .collect();
        LineIndex {
            source,
            starts,
            ascii,
            hint: std::cell::Cell::new(0),
        }
    }

    /// 1-based line and character column of a byte offset.
    pub(crate) fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.source.len());
        let within = |l: usize| {
            self.starts[l] <= offset && self.starts.get(l + 1).is_none_or(|&next| offset < next)
        };
        let hint = self.hint.get();
        let line = if within(hint) {
            hint
        } else if hint + 1 < self.starts.len() && within(hint + 1) {
            hint + 1
        } else {
            match self.starts.binary_search(&offset) {
                Ok(i) => i,
                Err(i) => i - 1,
            }
        };
        self.hint.set(line);
        let start = self.starts[line];
        let column = if self.ascii[line] {
            offset - start
        } else {
            self.source
                .get(start..offset)
                .map_or(offset - start, |s| s.chars().count())
        };
        (to_u32(line + 1), to_u32(column + 1))
    }

    pub(crate) fn origin(&self, offset: usize) -> Origin {
        let (line, column) = self.position(offset);
        Origin { line, column }
    }

    pub(crate) fn diagnostic(
        &self,
        severity: Severity,
        offset: usize,
        len: usize,
        message: String,
        help: Option<String>,
    ) -> Diagnostic {
        // A span that would start past the end (a directive's missing
        // argument at the very end of the file) points at the end instead.
        let offset = offset.min(self.source.len());
        let (line, column) = self.position(offset);
        let len = len.max(1).min(self.source.len().saturating_sub(offset));
        Diagnostic {
            severity,
            message,
            help,
            offset,
            len,
            line,
            column,
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
