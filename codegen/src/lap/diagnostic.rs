//! Errors and warnings about lap text, with the place they point at.
//!
//! Every diagnostic carries a byte span into the source plus the line and
//! column it starts at, so a message can say `spec/disputes.lap:12:40` and
//! draw a caret under the offending text (rendered by miette).

use std::borrow::Cow;
use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

use super::lines::bom_len;
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
    /// How to fix it, when there is something to suggest. Most helps are
    /// fixed texts, borrowed rather than copied into each of the thousands
    /// of warnings a large lapsh-written file gives.
    pub help: Option<Cow<'static, str>>,
    /// Byte offset of the offending text.
    pub offset: usize,
    /// Byte length of the offending text (at least 1 when the source is not empty).
    pub len: usize,
    /// 1-based line of `offset`.
    pub line: u32,
    /// 1-based column (in characters) of `offset`.
    pub column: u32,
}

/// How many diagnostics [`LapError::render`] and [`Renderer::render_all`]
/// draw; the rest are counted. A lapsh-written file of a large API can
/// hold thousands of relaxed places, and nobody reads past the first
/// screens.
pub const MAX_RENDERED: usize = 50;

/// How many characters of a long line a rendering shows around its span.
const WINDOW: usize = 100;

impl Diagnostic {
    /// Renders the diagnostic like a compiler does: `file:line:col`, the
    /// offending line with a caret under the span, and the help.
    pub fn render(&self, file_name: &str, source: &str) -> String {
        Renderer::new(file_name, source).render(self)
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

/// Renders diagnostics of one source, finding line starts once: rendering
/// is linear in the number of diagnostics, whatever the file's size.
pub struct Renderer<'a> {
    file_name: &'a str,
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> Renderer<'a> {
    /// A renderer for `source`, shown as `file_name`.
    pub fn new(file_name: &'a str, source: &'a str) -> Renderer<'a> {
        Renderer {
            file_name,
            source,
            starts: line_starts(source),
        }
    }

    /// Renders one diagnostic: `file:line:col: error: message`, the line
    /// (a window of it, when it is long) with the line before and after,
    /// a caret under the span, and the help.
    pub fn render(&self, d: &Diagnostic) -> String {
        let mut out = format!("{}:{}:{}: ", self.file_name, d.line, d.column);
        out.push_str(match d.severity {
            Severity::Error => "error: ",
            Severity::Warning => "warning: ",
        });
        out.push_str(&d.message);
        out.push('\n');
        let excerpt = self.excerpt(d);
        let report = miette::Report::new(Rendered {
            diagnostic: d.clone(),
            span: excerpt.span,
            source: excerpt,
        });
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

    /// Renders up to [`MAX_RENDERED`] diagnostics in source order, then
    /// counts the rest.
    pub fn render_all<'d>(&self, all: impl IntoIterator<Item = &'d Diagnostic>) -> String {
        let mut all: Vec<&Diagnostic> = all.into_iter().collect();
        all.sort_by_key(|d| d.offset);
        let mut out: String = all
            .iter()
            .take(MAX_RENDERED)
            .map(|d| self.render(d))
            .collect();
        let rest = &all[all.len().min(MAX_RENDERED)..];
        if !rest.is_empty() {
            let errors = rest
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let warnings = rest.len() - errors;
            out.push_str(&format!(
                "{}: {errors} more error(s) and {warnings} more warning(s) not shown (the first {MAX_RENDERED} are)\n",
                self.file_name
            ));
        }
        out
    }

    /// The lines around a diagnostic, each cut to the same window of
    /// columns when the line is long, and the span within that text.
    fn excerpt(&self, d: &Diagnostic) -> Excerpt {
        let offset = d.offset.clamp(self.starts[0], self.source.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let first = line.saturating_sub(1);
        let last = (line + 1).min(self.starts.len() - 1);
        let line_text = |l: usize| {
            let start = self.starts[l];
            let end = self.starts.get(l + 1).map_or(self.source.len(), |&e| e - 1);
            self.source[start..end].trim_end_matches('\r')
        };
        let column = self.source[self.starts[line]..offset].chars().count();
        let from = column.saturating_sub(WINDOW / 3);
        let mut text = String::new();
        let mut span_at = 0;
        for l in first..=last {
            if l > first {
                text.push('\n');
            }
            let full = line_text(l);
            let mut chars = full.char_indices().skip(from).take(WINDOW);
            let start = chars.next().map_or(full.len(), |(i, _)| i);
            let end = chars.last().map_or(start, |(i, c)| i + c.len_utf8());
            let end = if full[start..].chars().count() <= WINDOW {
                full.len()
            } else {
                end
            };
            let cut_before = start > 0;
            if cut_before {
                text.push('…');
            }
            if l == line {
                let within = offset - self.starts[line];
                span_at = text.len() + within.saturating_sub(start).min(end - start);
            }
            text.push_str(&full[start..end]);
            if end < full.len() {
                text.push('…');
            }
        }
        let room = text.len().saturating_sub(span_at);
        let len = d.len.max(1).min(room.max(usize::from(room > 0)));
        Excerpt {
            name: self.file_name.to_owned(),
            text,
            first_line: first,
            span: SourceSpan::new(span_at.into(), len),
        }
    }
}

/// A few lines of a source, shown with their own line numbers.
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    /// 0-based line number of the first line of `text`.
    first_line: usize,
    /// The span within `text`.
    span: SourceSpan,
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// The miette view of a diagnostic: only used for rendering.
#[derive(Debug)]
struct Rendered {
    diagnostic: Diagnostic,
    span: SourceSpan,
    source: Excerpt,
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
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some("here".to_owned()),
            self.span,
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
    /// Renders the errors and warnings in source order, the first
    /// [`MAX_RENDERED`] of them in full.
    pub fn render(&self, file_name: &str, source: &str) -> String {
        Renderer::new(file_name, source).render_all(self.errors.iter().chain(&self.warnings))
    }
}

fn summary(errors: &[Diagnostic]) -> String {
    match errors {
        [] => "no errors".to_owned(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more errors)", rest.len()),
    }
}

/// Where each line of `source` starts (a last line without `\n` counts).
/// The first line starts after a byte-order mark: the mark is not text,
/// so it is no column, and no offset in it is shown or reported.
pub(crate) fn line_starts(source: &str) -> Vec<usize> {
    // The parser's own split, so that a rendering places lines exactly as
    // the parse did (one reading of them; a rendering is not hot).
    super::lines::split(source).starts
}

/// The error for bytes that are not UTF-8, at the first bad byte; `at` is
/// where the valid prefix ends.
pub(crate) fn not_utf8(bytes: &[u8], at: usize) -> Diagnostic {
    let prefix = &bytes[..at];
    let line_start = memchr::memrchr(b'\n', prefix).map_or_else(|| bom_len(prefix), |i| i + 1);
    let line = memchr::memchr_iter(b'\n', prefix).count() + 1;
    let column = std::str::from_utf8(&prefix[line_start..])
        .map_or(at - line_start, |s| s.chars().count())
        + 1;
    Diagnostic {
        severity: Severity::Error,
        message: format!(
            "the file is not UTF-8: byte 0x{:02X} at line {line}, column {column} is not part of a UTF-8 character",
            bytes.get(at).copied().unwrap_or(0)
        ),
        help: Some(Cow::Borrowed(
            "lap files are UTF-8; convert the file (for example `iconv -f latin1 -t utf-8`)",
        )),
        offset: at,
        len: 1,
        line: to_u32(line),
        column: to_u32(column),
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
    /// most lookups hit it or one of the next lines without a binary search.
    hint: std::cell::Cell<usize>,
    /// The last lookup on a line that is not ASCII, as (line, offset,
    /// column): the next lookup further along counts characters from
    /// there, not from the line start. DocuSign's lines are kilobytes of
    /// fields with non-ASCII text in them; counting from the start for
    /// each field was a third of a parse.
    cursor: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// The index of `source` from its [`Split`](super::lines::Split)'s line starts and ASCII
    /// flags, found in the pass that split it.
    pub(crate) fn new(source: &'a str, starts: Vec<usize>, ascii: Vec<bool>) -> LineIndex<'a> {
        debug_assert_eq!(starts.len(), ascii.len());
        LineIndex {
            source,
            starts,
            ascii,
            hint: std::cell::Cell::new(0),
            cursor: std::cell::Cell::new((usize::MAX, 0, 0)),
        }
    }

    /// 1-based line and character column of a byte offset.
    pub(crate) fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.clamp(self.starts[0], self.source.len());
        let line = self.line_of(offset);
        self.hint.set(line);
        let start = self.starts[line];
        let column = if self.ascii[line] {
            offset - start
        } else {
            let (at_line, at, column) = self.cursor.get();
            let counted = if at_line == line && at <= offset {
                self.source
                    .get(at..offset)
                    .map(|s| column + s.chars().count())
            } else {
                None
            };
            match counted.or_else(|| self.source.get(start..offset).map(|s| s.chars().count())) {
                Some(column) => {
                    self.cursor.set((line, offset, column));
                    column
                }
                None => offset - start,
            }
        };
        (to_u32(line + 1), to_u32(column + 1))
    }

    /// The line `offset` is on: the hint's line or one of the next few,
    /// stepping on one comparison per line (an endpoint's lines are asked
    /// in order), else a binary search. `offset` is at or past the first
    /// line's start.
    fn line_of(&self, offset: usize) -> usize {
        let starts = &self.starts[..];
        let hint = self.hint.get().min(starts.len() - 1);
        if starts[hint] <= offset {
            let ahead = &starts[hint + 1..starts.len().min(hint + 9)];
            match ahead.iter().position(|&next| offset < next) {
                Some(i) => return hint + i,
                None if hint + 1 + ahead.len() == starts.len() => return starts.len() - 1,
                None => {}
            }
        }
        match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The byte offset of an origin this index produced: its line start
    /// plus its column (counted in characters only on non-ASCII lines).
    pub(crate) fn offset_of(&self, origin: Origin) -> usize {
        let line = (origin.line as usize)
            .saturating_sub(1)
            .min(self.starts.len() - 1);
        let start = self.starts[line];
        let column = (origin.column as usize).saturating_sub(1);
        if self.ascii[line] {
            return (start + column).min(self.source.len());
        }
        start
            + self.source[start..]
                .char_indices()
                .nth(column)
                .map_or(0, |(i, _)| i)
    }

    pub(crate) fn origin(&self, offset: usize) -> Origin {
        let (line, column) = self.position(offset);
        Origin { line, column }
    }

    /// [`LineIndex::diagnostic`] at an offset whose origin the caller
    /// already has (from [`LineIndex::origin`] of the same offset), so
    /// that no lookup is repeated.
    pub(crate) fn diagnostic_at(
        &self,
        severity: Severity,
        offset: usize,
        len: usize,
        origin: Origin,
        message: String,
        help: Option<Cow<'static, str>>,
    ) -> Diagnostic {
        if offset > self.source.len() {
            return self.diagnostic(severity, offset, len, message, help);
        }
        self.built(
            severity,
            offset,
            len,
            (origin.line, origin.column),
            message,
            help,
        )
    }

    pub(crate) fn diagnostic(
        &self,
        severity: Severity,
        offset: usize,
        len: usize,
        message: String,
        help: Option<Cow<'static, str>>,
    ) -> Diagnostic {
        // A span that would start past the end (a directive's missing
        // argument at the very end of the file) points at the end instead.
        let offset = offset.min(self.source.len());
        let at = self.position(offset);
        self.built(severity, offset, len, at, message, help)
    }

    /// The diagnostic at `offset`, whose line and column are known, its span
    /// at least one byte and no longer than what is left of the source.
    fn built(
        &self,
        severity: Severity,
        offset: usize,
        len: usize,
        (line, column): (u32, u32),
        message: String,
        help: Option<Cow<'static, str>>,
    ) -> Diagnostic {
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
