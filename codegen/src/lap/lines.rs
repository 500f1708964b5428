//! Splitting lap text into logical lines.
//!
//! lap is line oriented, but a braced list may continue over several physical
//! lines. A logical line is a directive line plus the lines that continue an
//! open `{`. Continuation never crosses a line that starts with `@`: a stray
//! `{` inside a comment therefore cannot swallow the next directive.

use super::search::{Byte, EitherByte, byte_set};

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
/// `starts` are the byte offsets where the physical lines of `source`
/// start (the first after a byte-order mark), as
/// [`crate::lap::diagnostic::LineIndex`] has found them: the lines are not
/// searched for again. Braces are searched for only where they can count:
/// in a line that continues an open `{`, or from the next `{` of the
/// text on (a `}` outside any `{` changes nothing). Most lines of a
/// lapsh-written file have no brace, and a search per line end and
/// brace was a tenth of a parse of Microsoft Graph.
pub(crate) fn logical_lines<'a>(source: &'a str, starts: &[usize]) -> Vec<Line<'a>> {
    let bytes = source.as_bytes();
    let mut out: Vec<Line<'_>> = Vec::with_capacity(starts.len());
    // Start and end of the open logical line, and its naive brace depth.
    let mut open: Option<(usize, usize)> = None;
    let mut depth: usize = 0;
    // Whether the open logical line's braces count (a `#` comment's do not).
    let mut counts = false;
    // The first `{` at or after the line being read (`bytes.len()` when none).
    // Made once for the file (see [`super::search`]).
    let open_brace = Byte::new(b'{');
    let braces = EitherByte::new(b'{', b'}');
    let mut next_open = open_brace.find(bytes).unwrap_or(bytes.len());
    for (l, &line_start) in starts.iter().enumerate() {
        let pos = line_start;
        if pos >= bytes.len() && l > 0 {
            break;
        }
        let end = starts.get(l + 1).map_or(bytes.len(), |&next| next - 1);
        let continues = depth > 0 && !starts_with_mark(source, pos, end, b'@');
        let start = match open {
            Some((start, _)) if continues => start,
            _ => {
                if let Some((start, stop)) = open.take() {
                    push(&mut out, source, start, stop);
                }
                depth = 0;
                counts = !starts_with_mark(source, pos, end, b'#');
                pos
            }
        };
        if counts {
            if next_open < pos {
                next_open = open_brace
                    .find(&bytes[pos..])
                    .map_or(bytes.len(), |i| pos + i);
            }
            if depth > 0 || next_open < end {
                // From the line's first `{` (known), or from its start
                // inside an open list; the search stops at a brace that
                // ends the line's text, where most lines end, rather than
                // searching the blanks after it.
                let mut from = if depth > 0 {
                    pos
                } else {
                    depth = 1;
                    next_open + 1
                };
                let last = pos + trim_end(&source[pos..end]).len();
                while let Some(i) = braces.find(&bytes[from..end]) {
                    let at = from + i;
                    match bytes[at] {
                        b'{' => depth += 1,
                        _ => depth = depth.saturating_sub(1),
                    }
                    from = at + 1;
                    if from >= last {
                        break;
                    }
                }
            }
        }
        open = Some((start, end));
    }
    if let Some((start, stop)) = open {
        push(&mut out, source, start, stop);
    }
    out
}

/// Whether the physical line `pos..end` starts with `mark` (ASCII) after
/// its blanks: by bytes while they are ASCII (`str::trim_start` decodes
/// every character, and every line is asked whether it is a comment or a
/// directive). A line of blanks starts with nothing.
///
/// Inlined into the line loop by force: called from two places, it was
/// not, and the call cost Microsoft Graph's parse 0.8%.
#[inline(always)]
fn starts_with_mark(source: &str, pos: usize, end: usize, mark: u8) -> bool {
    let bytes = &source.as_bytes()[pos..end];
    match bytes.iter().position(|&b| !is_ascii_blank(b)) {
        Some(i) if bytes[i].is_ascii() => bytes[i] == mark,
        // A blank that is not ASCII: read the line as text.
        Some(i) => source[pos + i..end]
            .trim_start()
            .starts_with(char::from(mark)),
        None => false,
    }
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

/// By table: every line, argument and comment is trimmed at both ends.
fn is_ascii_blank(b: u8) -> bool {
    const BLANK: [bool; 256] = byte_set(b" \t\n\r\x0b\x0c");
    BLANK[usize::from(b)]
}

/// `str::trim`, by bytes while they are ASCII: the same result (every
/// ASCII blank is Unicode white space, and a non-ASCII end falls back to
/// `str::trim`), without decoding characters. Each directive's argument,
/// comment and description is trimmed; `str::trim` was 4% of a parse of
/// Microsoft Graph.
pub(crate) fn trim(s: &str) -> &str {
    trim_end(trim_start(s))
}

/// Whether a trim stops at `b` without looking further: printable ASCII,
/// which no trim removes. Most texts start and end with such a byte
/// (every directive line starts with `@`), and answering them at once took
/// a fifth of the line splitting off Microsoft Graph's parse.
fn stops_trim(b: u8) -> bool {
    b > b' ' && b.is_ascii()
}

/// `str::trim_start`, by bytes while they are ASCII.
pub(crate) fn trim_start(s: &str) -> &str {
    if s.as_bytes().first().is_none_or(|&b| stops_trim(b)) {
        return s;
    }
    let skip = s.bytes().take_while(|&b| is_ascii_blank(b)).count();
    let rest = &s[skip..];
    match rest.as_bytes().first() {
        Some(b) if !b.is_ascii() => rest.trim_start(),
        _ => rest,
    }
}

/// `str::trim_end`, by bytes while they are ASCII.
pub(crate) fn trim_end(s: &str) -> &str {
    if s.as_bytes().last().is_none_or(|&b| stops_trim(b)) {
        return s;
    }
    let keep = s.len() - s.bytes().rev().take_while(|&b| is_ascii_blank(b)).count();
    let rest = &s[..keep];
    match rest.as_bytes().last() {
        Some(b) if !b.is_ascii() => rest.trim_end(),
        _ => rest,
    }
}

#[cfg(test)]
mod tests {
    use super::{logical_lines, trim, trim_end, trim_start};
    use crate::lap::diagnostic::line_starts;

    #[test]
    fn trimming_by_bytes_is_trimming_by_characters() {
        for s in [
            "",
            " ",
            "x",
            " x ",
            "\tx\r",
            "@a b",
            "\u{a0}x\u{3000}",
            "\u{e9}t\u{e9}",
            " \u{2003}x",
            "x\u{85}",
            "\x01x\x7f",
            "\x0bx\x0c",
            "\u{feff}x",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
            assert_eq!(trim_start(s), s.trim_start(), "{s:?}");
            assert_eq!(trim_end(s), s.trim_end(), "{s:?}");
        }
    }

    fn texts(source: &str) -> Vec<&str> {
        logical_lines(source, &line_starts(source))
            .iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn an_open_brace_continues_the_line_until_it_closes() {
        assert_eq!(
            texts("@a {x: str,\n  y: int}  \n@b {z: str}\t\n"),
            ["@a {x: str,\n  y: int}", "@b {z: str}"]
        );
        // A `}` with no `{` open counts for nothing; a `{` after it does.
        assert_eq!(texts("@a {x} } {{y}\nz}\n@b"), ["@a {x} } {{y}\nz}", "@b"]);
        assert_eq!(texts("@a } {x\ny}\n@b"), ["@a } {x\ny}", "@b"]);
        // Braces in a comment line count for nothing, and a line starting
        // with `@` is never a continuation.
        assert_eq!(texts("# {\n@a {x\n@b y}\n"), ["# {", "@a {x", "@b y}"]);
        assert_eq!(texts("@a {x: str}\u{a0}\n\n@b"), ["@a {x: str}", "@b"]);
    }
}
