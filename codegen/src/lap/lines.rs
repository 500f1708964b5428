//! Splitting lap text into logical lines.
//!
//! lap is line oriented, but a braced list may continue over several physical
//! lines. A logical line is a directive line plus the lines that continue an
//! open `{`. Continuation never crosses a line that starts with `@`: a stray
//! `{` inside a comment therefore cannot swallow the next directive.

/// One logical line: a contiguous slice of the source.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a> {
    /// Byte offset of `text` in the source.
    pub offset: usize,
    /// The text, with leading whitespace and trailing whitespace removed.
    pub text: &'a str,
}

/// Splits `source` into logical lines, skipping blank ones.
pub(crate) fn logical_lines(source: &str) -> Vec<Line<'_>> {
    let mut out: Vec<Line<'_>> = Vec::new();
    // Start offset of the open logical line and its naive brace depth.
    let mut open: Option<(usize, usize)> = None;
    let mut depth: usize = 0;
    let mut pos = 0;
    while pos < source.len() {
        let end =
            memchr::memchr(b'\n', &source.as_bytes()[pos..]).map_or(source.len(), |i| pos + i);
        let physical = &source[pos..end];
        let trimmed = physical.trim_start();
        let starts_directive = trimmed.starts_with('@');
        if let Some((start, _)) = open.filter(|_| depth > 0 && !starts_directive) {
            // Continuation of an open brace.
            open = Some((start, end));
        } else {
            if let Some((start, stop)) = open.take() {
                push(&mut out, source, start, stop);
            }
            depth = 0;
            open = Some((pos, end));
        }
        let counts = open.is_some_and(|(start, _)| !source[start..].trim_start().starts_with('#'));
        if counts {
            for i in memchr::memchr2_iter(b'{', b'}', physical.as_bytes()) {
                if physical.as_bytes()[i] == b'{' {
                    depth += 1;
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
        }
        pos = end + 1;
    }
    if let Some((start, stop)) = open {
        push(&mut out, source, start, stop);
    }
    out
}

fn push<'a>(out: &mut Vec<Line<'a>>, source: &'a str, start: usize, stop: usize) {
    let raw = &source[start..stop];
    let text = raw.trim_start();
    let offset = start + (raw.len() - text.len());
    let text = text.trim_end();
    if !text.is_empty() {
        out.push(Line { offset, text });
    }
}
