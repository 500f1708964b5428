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
///
/// One pass of `memchr3` finds every line end and brace; the work per
/// physical line is then a look at its first non-blank byte.
/// `lines` is the number of physical lines, as many as there can be.
pub(crate) fn logical_lines(source: &str, lines: usize) -> Vec<Line<'_>> {
    let bytes = source.as_bytes();
    let mut out: Vec<Line<'_>> = Vec::with_capacity(lines);
    // Start and end of the open logical line, and its naive brace depth.
    let mut open: Option<(usize, usize)> = None;
    let mut depth: usize = 0;
    // Whether the open logical line's braces count (a `#` comment's do not).
    let mut counts = false;
    let mut events = memchr::memchr3_iter(b'\n', b'{', b'}', bytes);
    let mut pos = 0;
    while pos < bytes.len() {
        let continues = depth > 0 && !starts_directive(source, pos);
        let start = match open {
            Some((start, _)) if continues => start,
            _ => {
                if let Some((start, stop)) = open.take() {
                    push(&mut out, source, start, stop);
                }
                depth = 0;
                counts = !source[pos..].trim_start().starts_with('#');
                pos
            }
        };
        let mut end = bytes.len();
        for i in events.by_ref() {
            match bytes[i] {
                b'\n' => {
                    end = i;
                    break;
                }
                b'{' if counts => depth += 1,
                b'}' if counts => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        open = Some((start, end));
        pos = end + 1;
    }
    if let Some((start, stop)) = open {
        push(&mut out, source, start, stop);
    }
    out
}

/// Whether the physical line at `pos` starts with `@` after its blanks.
fn starts_directive(source: &str, pos: usize) -> bool {
    let bytes = source.as_bytes();
    let mut i = pos;
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c' => i += 1,
            b'@' => return true,
            b if b.is_ascii() => return false,
            // A blank that is not ASCII: read the line as text.
            _ => {
                let end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |e| i + e);
                return source[i..end].trim_start().starts_with('@');
            }
        }
    }
    false
}

fn push<'a>(out: &mut Vec<Line<'a>>, source: &'a str, start: usize, stop: usize) {
    let raw = &source[start..stop];
    let text = trim_start(raw);
    let offset = start + (raw.len() - text.len());
    let text = trim_end(text);
    if !text.is_empty() {
        out.push(Line { offset, text });
    }
}

fn is_ascii_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// `str::trim_start`, by bytes while they are ASCII.
fn trim_start(s: &str) -> &str {
    let skip = s.bytes().take_while(|&b| is_ascii_blank(b)).count();
    let rest = &s[skip..];
    match rest.as_bytes().first() {
        Some(b) if !b.is_ascii() => rest.trim_start(),
        _ => rest,
    }
}

/// `str::trim_end`, by bytes while they are ASCII.
fn trim_end(s: &str) -> &str {
    let keep = s.len() - s.bytes().rev().take_while(|&b| is_ascii_blank(b)).count();
    let rest = &s[..keep];
    match rest.as_bytes().last() {
        Some(b) if !b.is_ascii() => rest.trim_end(),
        _ => rest,
    }
}
