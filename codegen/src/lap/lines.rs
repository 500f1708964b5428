//! Splitting lap text into logical lines.
//!
//! lap is line oriented, but a braced list may continue over several physical
//! lines. A logical line is a directive line plus the lines that continue an
//! open `{`. Continuation never crosses a line that starts with `@`: a stray
//! `{` inside a comment therefore cannot swallow the next directive.

use super::blocks::blocks;
use super::search::byte_set;

/// One logical line: a contiguous slice of the source.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a> {
    /// Byte offset of `text` in the source.
    pub offset: usize,
    /// The text, with leading whitespace and trailing whitespace removed.
    pub text: &'a str,
}

/// A file's lines: where each physical line starts, whether each is
/// ASCII, and the logical lines.
pub(crate) struct Split<'a> {
    /// Where each physical line starts (the first after a byte-order
    /// mark; a last line without `\n` counts, and so does the empty one
    /// after a final `\n`).
    pub starts: Vec<usize>,
    /// Per physical line (as `starts`): only ASCII bytes in it.
    pub ascii: Vec<bool>,
    /// The logical lines, blank ones skipped.
    pub lines: Vec<Line<'a>>,
}

/// Splits `source` into its lines, in one pass over its [`blocks`]: a
/// line's braces count only where a `#` comment line does not start its
/// logical line, and a line starting with `@` never continues one.
pub(crate) fn split(source: &str) -> Split<'_> {
    let bytes = source.as_bytes();
    let first = bom_len(bytes);
    let mut split = Split {
        starts: vec![first],
        ascii: Vec::new(),
        lines: Vec::new(),
    };
    let mut lines = Lines {
        source,
        depth: 0,
        counts: false,
        start: first,
        open: None,
    };
    lines.begin(first, &mut split.lines);
    // Whether the last line ends the file with its `\n` (no line follows).
    let mut ended = false;
    let mut line_high = false;
    for block in blocks(bytes) {
        let mut high = block.high;
        if block.base == 0 {
            // The byte-order mark is no line's.
            high &= !((1u64 << first) - 1);
        }
        let (opens, mut braces) = (block.opens, block.opens | block.closes);
        let mut newlines = block.newlines;
        loop {
            // The braces before the next `\n` are the open line's.
            let (line, newline) = match newlines {
                0 => (u64::MAX, None),
                _ => {
                    let bit = newlines.trailing_zeros();
                    ((1u64 << bit) - 1, Some(bit))
                }
            };
            let mut mine = braces & line;
            braces &= !line;
            if lines.counts {
                // `{` one deeper, `}` one shallower but not below the top,
                // without a branch on which it is.
                while mine != 0 {
                    let open = (opens >> mine.trailing_zeros()) & 1;
                    lines.depth = (lines.depth + 2 * open as usize).saturating_sub(1);
                    mine &= mine - 1;
                }
            }
            let Some(bit) = newline else {
                break;
            };
            newlines &= newlines - 1;
            let at = block.base + bit as usize;
            let through = u64::MAX >> (63 - bit);
            split.ascii.push(!(line_high || high & through != 0));
            high &= !through;
            line_high = false;
            lines.open = Some((lines.start, at));
            split.starts.push(at + 1);
            if at + 1 < bytes.len() {
                lines.begin(at + 1, &mut split.lines);
            } else {
                ended = true;
            }
        }
        line_high |= high != 0;
    }
    split.ascii.push(!line_high);
    if !ended {
        lines.open = Some((lines.start, bytes.len()));
    }
    if let Some((start, stop)) = lines.open {
        push(&mut split.lines, source, start, stop);
    }
    split
}

/// The state of [`split`] between physical lines.
struct Lines<'a> {
    source: &'a str,
    /// The open logical line's naive brace depth.
    depth: usize,
    /// Whether the open logical line's braces count (a `#` comment's do not).
    counts: bool,
    /// Where the open logical line starts.
    start: usize,
    /// The open logical line as far as it is read (start, end of its
    /// last physical line).
    open: Option<(usize, usize)>,
}

impl<'a> Lines<'a> {
    /// A physical line starts at `pos`: it continues the open logical
    /// line, or ends it and opens its own.
    #[inline(always)]
    fn begin(&mut self, pos: usize, out: &mut Vec<Line<'a>>) {
        let continues = self.depth > 0 && !starts_with_mark(self.source, pos, b'@');
        if !continues {
            if let Some((start, stop)) = self.open.take() {
                push(out, self.source, start, stop);
            }
            self.depth = 0;
            self.counts = !starts_with_mark(self.source, pos, b'#');
            self.start = pos;
        }
    }
}

/// The length of the UTF-8 byte-order mark `bytes` start with, if any.
pub(crate) fn bom_len(bytes: &[u8]) -> usize {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    }
}

/// Whether the physical line at `pos` starts with `mark` (ASCII) after
/// its blanks: by bytes while they are ASCII (`str::trim_start` decodes
/// every character, and every line is asked whether it is a comment or a
/// directive). A line of blanks starts with nothing.
#[inline(always)]
fn starts_with_mark(source: &str, pos: usize, mark: u8) -> bool {
    let bytes = &source.as_bytes()[pos..];
    match bytes.iter().position(|&b| !is_ascii_blank(b) || b == b'\n') {
        Some(i) if bytes[i].is_ascii() => bytes[i] == mark,
        // A blank that is not ASCII: read the line as text, as far as its end.
        Some(i) => {
            source[pos + i..]
                .chars()
                .find(|&c| !c.is_whitespace() || c == '\n')
                == Some(char::from(mark))
        }
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
    use super::{split, trim, trim_end, trim_start};
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
        split(source).lines.iter().map(|l| l.text).collect()
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

    /// The rule of logical lines, written the plain way: by physical
    /// line, by character, with `str`'s own trimming.
    fn reference(source: &str) -> (Vec<usize>, Vec<bool>, Vec<(usize, &str)>) {
        type Out<'s> = Vec<(usize, &'s str)>;
        let first = if source.starts_with('\u{feff}') { 3 } else { 0 };
        let mut starts = vec![first];
        starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        let ascii = (0..starts.len())
            .map(|i| {
                let end = starts.get(i + 1).copied().unwrap_or(source.len());
                source[starts[i]..end].is_ascii()
            })
            .collect();
        let mut out = Vec::new();
        let mut open: Option<(usize, usize)> = None;
        let (mut depth, mut counts) = (0usize, false);
        fn close<'s>(source: &'s str, open: Option<(usize, usize)>, out: &mut Out<'s>) {
            if let Some((start, stop)) = open {
                let raw = &source[start..stop];
                let text = raw.trim();
                if !text.is_empty() {
                    out.push((start + (raw.len() - raw.trim_start().len()), text));
                }
            }
        }
        for (l, &pos) in starts.iter().enumerate() {
            if pos >= source.len() && l > 0 {
                break;
            }
            let end = starts.get(l + 1).map_or(source.len(), |&next| next - 1);
            let line = &source[pos..end];
            if depth > 0 && !line.trim_start().starts_with('@') {
                open = open.map(|(start, _)| (start, end));
            } else {
                close(source, open.take(), &mut out);
                depth = 0;
                counts = !line.trim_start().starts_with('#');
                open = Some((pos, end));
            }
            if counts {
                for c in line.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
            }
        }
        close(source, open, &mut out);
        (starts, ascii, out)
    }

    #[test]
    fn splitting_by_blocks_is_the_plain_rule_on_many_texts() {
        // Pieces that matter to the rule, strung together by a fixed
        // pseudo-random sequence into texts that cross block boundaries.
        const PIECES: [&str; 16] = [
            "@a",
            "{",
            "}",
            "\n",
            " ",
            "\t",
            "#",
            "x: str",
            "\u{a0}",
            "\u{e9}",
            "\r\n",
            ",",
            "@b {",
            "}\n",
            "\u{3000}@",
            "\u{feff}",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for case in 0..3000 {
            let len = (next() % 90) as usize;
            let mut text = String::new();
            if case % 7 == 0 {
                text.push('\u{feff}');
            }
            for _ in 0..len {
                text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            }
            let got = split(&text);
            let (starts, ascii, lines) = reference(&text);
            assert_eq!(got.starts, starts, "{text:?}");
            assert_eq!(line_starts(&text), starts, "{text:?}");
            assert_eq!(got.ascii, ascii, "{text:?}");
            let got: Vec<(usize, &str)> = got.lines.iter().map(|l| (l.offset, l.text)).collect();
            assert_eq!(got, lines, "{text:?}");
        }
    }
}
