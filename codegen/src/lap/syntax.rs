//! The token-level grammar of lap: names, type expressions, braced field
//! lists, status codes. See `docs/lap-grammar.md` for the grammar in EBNF and
//! the rules that decide where free text (defaults, comments) ends.
//!
//! Small tokens are nom parsers; the field-list driver is hand-written on top
//! of them because ending a comment needs a look-ahead at what follows each
//! `,` and `}`, which reads more clearly as a loop than as combinators.

use std::borrow::Cow;

use foldhash::HashSet as FastSet;
use nom::{
    IResult, Parser,
    character::complete::{char, digit1},
    combinator::{all_consuming, map_res},
    sequence::{delimited, terminated},
};

use super::Mode;
use super::diagnostic::{Diagnostic, LineIndex, Severity};
use super::lines::trim;
use super::search::{AnyOfThree, byte_set};
use crate::model::{
    Field, FieldDefault, MAX_DEPTH, Origin, Param, ParamLocation, Schema, StatusCode, Type,
};

/// A syntax error at a byte span, before it is turned into a diagnostic.
#[derive(Debug)]
pub(crate) struct SyntaxError {
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub help: Option<Cow<'static, str>>,
}

pub(crate) type SResult<'a, T> = Result<(&'a str, T), SyntaxError>;

/// Something lapsh writes that the strict grammar refuses (see
/// [`super::Mode`]), as a diagnostic: an error in strict mode; in lenient
/// mode a warning whose message also says how it was read. Made where it
/// is found, so the message is written once, in place, and its line is
/// looked up near the previous one.
pub(crate) fn relaxed(
    index: &LineIndex<'_>,
    mode: Mode,
    offset: usize,
    len: usize,
    message: String,
    reading: &str,
    help: Cow<'static, str>,
) -> Diagnostic {
    relaxed_at(index, mode, offset, len, None, message, reading, help)
}

/// [`relaxed`], for a caller that already knows the origin of `offset`
/// (an endpoint's own line, read before the fields that moved the
/// index's lookup on).
#[allow(clippy::too_many_arguments)]
pub(crate) fn relaxed_at(
    index: &LineIndex<'_>,
    mode: Mode,
    offset: usize,
    len: usize,
    origin: Option<Origin>,
    mut message: String,
    reading: &str,
    help: Cow<'static, str>,
) -> Diagnostic {
    let severity = match mode {
        Mode::Lenient => {
            message.reserve_exact(2 + reading.len());
            message.push_str("; ");
            message.push_str(reading);
            Severity::Warning
        }
        Mode::Strict => Severity::Error,
    };
    match origin {
        Some(origin) => index.diagnostic_at(severity, offset, len, origin, message, Some(help)),
        None => index.diagnostic(severity, offset, len, message, Some(help)),
    }
}

/// The first `,`, `}`, `#` or `{` in a text, where a comment or default
/// may end: a byte search (all four are ASCII, so never inside a UTF-8
/// sequence), which `str::find` with a char set is not.
fn find_text_stop(bytes: &[u8]) -> Option<usize> {
    // One table lookup per byte, where four comparisons cost twice as
    // many instructions (every comment and default is scanned).
    const STOP: [bool; 256] = byte_set(b",}#{");
    bytes.iter().position(|&b| STOP[usize::from(b)])
}

/// The at most two `(...)` groups after a type keyword, in place: a type
/// is read for every field, and a list of two needs no allocation.
#[derive(Clone, Copy, Default)]
struct Groups<'a> {
    items: [&'a str; 2],
    len: usize,
}

impl<'a> Groups<'a> {
    fn as_slice(&self) -> &[&'a str] {
        &self.items[..self.len]
    }
}

/// What a field list's fields are collected as: the field itself, or
/// the parameter it becomes.
pub(crate) trait Member {
    fn of(field: Field) -> Self;
    fn field(&self) -> &Field;
    fn name(&self) -> &str {
        &self.field().name
    }
}

impl Member for Field {
    fn of(field: Field) -> Field {
        field
    }

    fn field(&self) -> &Field {
        self
    }
}

impl Member for Param {
    /// The location is settled when the endpoint block closes.
    fn of(field: Field) -> Param {
        Param {
            location: ParamLocation::Query,
            field,
        }
    }

    fn field(&self) -> &Field {
        &self.field
    }
}

/// What may follow the `}` that closes a field list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Close {
    /// `@required`, `@optional`, `@common_fields`, `@type`: nothing.
    EndOfLine,
    /// `@returns`: nothing, or a `# description`.
    EndOrComment,
    /// `map{...}` inside a type: `?`, `,`, `}`, `]`, `=`, ` #` or nothing.
    Nested,
}

/// The type keywords lap writes, with the spellings lapsh also accepts.
/// Byte patterns: one decision tree on the length and the bytes (a type
/// word is read for every field).
fn keyword_type(word: &str) -> Option<Type> {
    Some(match word.as_bytes() {
        [b's', b't', b'r'] | [b's', b't', b'r', b'i', b'n', b'g'] => Type::String,
        [b'i', b'n', b't'] | [b'i', b'n', b't', b'e', b'g', b'e', b'r'] => Type::Integer,
        [b'n', b'u', b'm']
        | [b'n', b'u', b'm', b'b', b'e', b'r']
        | [b'f', b'l', b'o', b'a', b't']
        | [b'd', b'o', b'u', b'b', b'l', b'e'] => Type::Number,
        [b'b', b'o', b'o', b'l'] | [b'b', b'o', b'o', b'l', b'e', b'a', b'n'] => Type::Boolean,
        [b'a', b'n', b'y'] => Type::Any,
        [b'f', b'i', b'l', b'e'] | [b'b', b'i', b'n', b'a', b'r', b'y'] => Type::File,
        [b'm', b'a', b'p'] | [b'o', b'b', b'j', b'e', b'c', b't'] | [b'd', b'i', b'c', b't'] => {
            Type::Object(None)
        }
        [b'l', b'i', b's', b't'] | [b'a', b'r', b'r', b'a', b'y'] => {
            Type::Array(std::sync::Arc::new(Schema::of(Type::Any)))
        }
        [b'e', b'n', b'u', b'm'] => Type::String,
        [b'n', b'u', b'l', b'l'] => Type::Null,
        _ => return None,
    })
}

const TYPE_HELP: &str = "a type is one of str, int, num, bool, any, file, null, map, map{...}, [T], enum(A/B) or a @type name";

/// The grammar, bound to one source text.
pub(crate) struct Syntax<'a> {
    pub source: &'a str,
    pub index: &'a LineIndex<'a>,
    pub type_names: &'a FastSet<&'a str>,
    /// Warnings found while reading free text (see [`Syntax::free_text`]).
    pub warnings: std::cell::RefCell<Vec<SyntaxError>>,
    /// What lapsh writes but the strict grammar refuses, read anyway (see
    /// [`super::Mode`]): warnings in lenient mode, errors in strict mode.
    pub relaxed: std::cell::RefCell<Vec<Diagnostic>>,
    /// Whether relaxed grammar is an error.
    pub mode: Mode,
    /// One list per nesting depth that nested field lists are read into
    /// before they are moved, once, into a list of their exact length.
    /// Pushing into a new `Vec` grew it four or five times per list, each
    /// time moving every field (a `Field` is over 200 bytes): a fifth of
    /// a parse of DocuSign, whose maps nest six deep.
    pub scratch: std::cell::RefCell<Vec<Vec<Field>>>,
    /// Where a comment may end: its `,`, `{` and `}` (a comment stops at
    /// no `#` of its own). A vector search made once, where a byte-by-byte
    /// scan of every comment was a tenth of a parse of the synthetic files.
    pub comment_stops: AnyOfThree,
}

/// Skips spaces, tabs, CR and LF (lists may span lines).
pub(crate) fn ws(s: &str) -> &str {
    // By bytes: the four are ASCII, so no UTF-8 sequence starts with one
    // (a char pattern decodes each character; ws runs around every token).
    let skip = s
        .bytes()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .count();
    &s[skip..]
}

/// Whether `s` starts with a byte `set` accepts: the sets the grammar asks
/// about are ASCII, so the first byte decides, with no character decoded
/// (these run around every token and at every brace of comment text).
#[inline]
fn starts_with_byte(s: &str, set: impl Fn(u8) -> bool) -> bool {
    s.as_bytes().first().is_some_and(|&b| set(b))
}

fn starts_ws(s: &str) -> bool {
    starts_with_byte(s, |b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// A word of letters, digits and `_`.
fn word(s: &str) -> Option<(&str, &str)> {
    let len = word_len(s);
    (len > 0).then(|| (&s[len..], &s[..len]))
}

/// How many bytes of letters, digits and `_` `s` starts with (a type word,
/// a directive name): one table lookup per byte. Word characters are
/// ASCII, so a byte scan finds the same end as a character scan.
#[inline]
pub(crate) fn word_len(s: &str) -> usize {
    const WORD: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
            b += 1;
        }
        table
    };
    s.bytes().take_while(|&b| WORD[usize::from(b)]).count()
}

/// A field name followed by `:` (or `!:`), returning the rest, the name and
/// the `!`. A name is every character up to the `:` that ends a run of
/// non-blank characters (or up to the first `!:` in it): lapsh copies
/// OpenAPI member names as they are, so names hold brackets (`page[size]`),
/// braces (`{id}`), `#`, `@`, `/`, quotes and colons (`header:X-Id`). The
/// name may be empty (`{: [str]}`, lapsh's spelling of a member named "");
/// the parser warns about that.
/// The most words a field name with blanks may have where free text could
/// end before it (the corpus's longest is `skipEXIF rotation processing`).
const SPACED_NAME_WORDS: usize = 4;

fn field_name(s: &str) -> Option<(&str, &str, bool)> {
    let end = first_blank(s).unwrap_or(s.len());
    let token = &s[..end];
    // A name is a few bytes: a plain scan, where memchr's set-up per call
    // cost more than the bytes it skipped (every field name is asked).
    let bang = token.as_bytes().windows(2).position(|w| w == b"!:");
    if let Some(i) = bang {
        return Some((&s[i + 2..], &token[..i], true));
    }
    let name = token.strip_suffix(':')?;
    Some((&s[end..], name, false))
}

/// Whether `s` holds whitespace (`char::is_whitespace`): one cheap test
/// per byte, and the full one only when a byte could start a blank.
pub(crate) fn has_blank(s: &str) -> bool {
    s.bytes().any(|b| b <= b' ' || b >= 0x80) && first_blank(s).is_some()
}

/// Where the first whitespace (`char::is_whitespace`) of `s` starts: a byte
/// scan by table, decoding a character only where a byte is not ASCII.
/// Every field name is found by it (167,000 in DocuSign), and the two
/// comparisons per byte it made before cost twice the table's one.
pub(crate) fn first_blank(s: &str) -> Option<usize> {
    /// ASCII whitespace, and every byte that starts or continues a
    /// character that is not ASCII (it may be a Unicode blank).
    const MAYBE: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0x80;
        while b < 256 {
            table[b] = true;
            b += 1;
        }
        table[b' ' as usize] = true;
        table[b'\t' as usize] = true;
        table[b'\n' as usize] = true;
        table[0x0b] = true;
        table[0x0c] = true;
        table[b'\r' as usize] = true;
        table
    };
    let bytes = s.as_bytes();
    let mut i = 0;
    loop {
        i += bytes[i..].iter().position(|&b| MAYBE[usize::from(b)])?;
        if bytes[i] < 0x80 {
            return Some(i);
        }
        let c = s[i..].chars().next()?;
        if c.is_whitespace() {
            return Some(i);
        }
        i += c.len_utf8();
    }
}

/// A status code: `200`, `4XX` or `default`. Read byte by byte: every
/// `@returns` and `@errors` entry starts with one, and a combinator chain
/// cost ten times as much here.
pub(crate) fn status_code(s: &str) -> IResult<&str, StatusCode> {
    let b = s.as_bytes();
    let fail = || {
        Err(nom::Err::Error(nom::error::Error::new(
            s,
            nom::error::ErrorKind::Digit,
        )))
    };
    match b.first() {
        Some(&d @ b'1'..=b'5')
            if b.len() >= 3 && matches!(b[1], b'x' | b'X') && matches!(b[2], b'x' | b'X') =>
        {
            Ok((&s[3..], StatusCode::Range(d - b'0')))
        }
        Some(b'0'..=b'9') => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            // HTTP status codes are 100..=599: `035` is a typo, not 35.
            if digits == 3 && matches!(b[0], b'1'..=b'5') {
                let code = b[..3]
                    .iter()
                    .fold(0u16, |n, &c| n * 10 + u16::from(c - b'0'));
                Ok((&s[3..], StatusCode::Code(code)))
            } else {
                fail()
            }
        }
        _ => match s.strip_prefix("default") {
            Some(rest) => Ok((rest, StatusCode::Default)),
            None => fail(),
        },
    }
}

/// `(CODE)` right after `@returns`.
pub(crate) fn returns_code(s: &str) -> IResult<&str, StatusCode> {
    delimited(char('('), status_code, char(')')).parse(s)
}

/// The entries of a `@toc` line: `name(count), name(count)`. A name runs to
/// its `(`, so a name may itself hold a comma.
pub(crate) fn toc_entries(s: &str) -> Option<Vec<(String, u32)>> {
    let entry = (
        nom::character::complete::space0,
        nom::bytes::complete::take_till1(|c| c == '('),
        delimited(
            char('('),
            map_res(digit1, |d: &str| d.parse::<u32>()),
            char(')'),
        ),
    );
    let parsed: IResult<&str, Vec<(&str, &str, u32)>> = all_consuming(terminated(
        nom::multi::separated_list1(char(','), entry),
        nom::character::complete::space0,
    ))
    .parse(s.trim());
    parsed.ok().map(|(_, entries)| {
        entries
            .into_iter()
            .map(|(_, name, count)| (name.trim().to_owned(), count))
            .collect()
    })
}

/// What a parenthesised group after a type keyword means.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Group {
    Format(String),
    Enum(Vec<String>),
}

/// The enum-versus-format rule for a single group `T(x)`: an enum when there
/// are at least two `/`-separated parts, every part non-empty and made of
/// letters, digits, `_`, `-`, `.`, `+` and spaces, and the parts are not a
/// mix of all-digit and other parts (`ipv6/128` stays a format, `1/2/3` is an
/// enum). Everything else is a format.
pub(crate) fn classify_group(inner: &str) -> Group {
    let parts: Vec<&str> = inner.split('/').map(str::trim).collect();
    let plain = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '+' | ' '))
    };
    let digits = parts
        .iter()
        .filter(|p| p.chars().all(|c| c.is_ascii_digit()))
        .count();
    let mixed = digits > 0 && digits < parts.len();
    if parts.len() >= 2 && parts.iter().all(|p| plain(p)) && !mixed {
        Group::Enum(parts.into_iter().map(str::to_owned).collect())
    } else {
        Group::Format(inner.trim().to_owned())
    }
}

/// The length of a parenthesised group's inside: `s` starts after its `(`,
/// and the group ends at the `)` that balances it, so enum values may hold
/// parentheses themselves (`int(0 (Private)/1 (Public))`, as lapsh copies
/// them). `None` when it is never closed.
fn group_len(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' if depth == 0 => return Some(i),
            b')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Splits the second group (always an enum) into its values.
pub(crate) fn enum_values(inner: &str) -> Vec<String> {
    inner
        .split('/')
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

impl<'a> Syntax<'a> {
    /// Byte offset of a subslice of the source.
    pub(crate) fn offset(&self, s: &str) -> usize {
        (s.as_ptr() as usize).saturating_sub(self.source.as_ptr() as usize)
    }

    pub(crate) fn error(&self, at: &str, len: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            offset: self.offset(at),
            len,
            message: message.into(),
            help: None,
        }
    }

    fn origin(&self, at: &str) -> Origin {
        self.index.origin(self.offset(at))
    }

    /// Records something lapsh writes that the strict grammar refuses.
    /// `message` says what is not lap; `reading` how lenient mode reads it.
    fn relax(
        &self,
        at: &str,
        len: usize,
        message: String,
        reading: impl Into<Cow<'static, str>>,
        help: impl Into<Cow<'static, str>>,
    ) {
        let reading = reading.into();
        let d = relaxed(
            self.index,
            self.mode,
            self.offset(at),
            len,
            message,
            &reading,
            help.into(),
        );
        self.relaxed.borrow_mut().push(d);
    }

    /// Parses `{field, ...}`; `open` starts at the `{`. `depth` is how many
    /// types enclose the list (0 for a directive's own list). Returns the
    /// text after the closing `}`.
    pub(crate) fn field_list(
        &self,
        open: &'a str,
        close: Close,
        depth: usize,
    ) -> SResult<'a, Vec<Field>> {
        let mut list = {
            let mut scratch = self.scratch.borrow_mut();
            if scratch.len() <= depth {
                scratch.resize_with(depth + 1, Vec::new);
            }
            std::mem::take(&mut scratch[depth])
        };
        list.clear();
        let read = self.field_list_into(open, close, depth, &mut list);
        // Moved into a list of its exact length, the scratch list keeping
        // its room for the next list at this depth (`mem::take` would
        // hand out the grown list and keep nothing). `append` moves the
        // fields in one copy; collecting a `drain` moved them one by one.
        let mut fields: Vec<Field> = Vec::with_capacity(list.len());
        fields.append(&mut list);
        self.scratch.borrow_mut()[depth] = list;
        Ok((read?, fields))
    }

    /// [`Syntax::field_list`], appending each field to `out` as it is read
    /// (a parameter list's fields go straight into their parameters). On
    /// an error, `out` may hold some of the list's fields.
    pub(crate) fn field_list_into<T: Member>(
        &self,
        open: &'a str,
        close: Close,
        depth: usize,
        out: &mut Vec<T>,
    ) -> Result<&'a str, SyntaxError> {
        let mut rest = &open[1..];
        loop {
            rest = ws(rest);
            if rest.is_empty() {
                return Err(self.unclosed(open));
            }
            if let Some(after) = rest.strip_prefix('}') {
                return self.closed(after, close);
            }
            let (after, field) = self.field(rest, close, open, depth)?;
            out.push(T::of(field));
            rest = ws(after);
            match rest.as_bytes().first() {
                Some(b',') => rest = &rest[1..],
                Some(b'}') => return self.closed(&rest[1..], close),
                None => return Err(self.unclosed(open)),
                Some(_) => {
                    let c = rest.chars().next().unwrap_or(' ');
                    let name = out.last().map_or("", |f| f.name());
                    let mut err = self.error(
                        rest,
                        c.len_utf8(),
                        format!("expected `,` or `}}` after field `{name}`, found `{c}`"),
                    );
                    if c == '#' {
                        err.help = Some(
                            "a comment starts with a space and `#`: `name: str # text`".into(),
                        );
                    }
                    return Err(err);
                }
            }
        }
    }

    fn closed(&self, after: &'a str, close: Close) -> Result<&'a str, SyntaxError> {
        if close_ok(after, close) {
            return Ok(after);
        }
        let shown = ws(after);
        let mut err = self.error(
            shown,
            shown.chars().next().map_or(1, char::len_utf8),
            format!("unexpected `{}` after the closing `}}`", first_word(shown)),
        );
        err.help = Some(match close {
            Close::EndOrComment => "a description after the fields starts with `#`".into(),
            _ => "nothing may follow the field list on this line".into(),
        });
        Err(err)
    }

    fn unclosed(&self, open: &str) -> SyntaxError {
        let mut err = self.error(open, 1, "this `{` is never closed");
        err.help = Some(
            "close the list with `}` before the end of the directive; lists may span lines, but not across a line starting with `@`"
                .into(),
        );
        err
    }

    /// The name at the start of a field. A name with blanks in it (lapsh
    /// copies `Site name` as it is) cannot end at the first blank, so when
    /// the first run of non-blank characters does not end in `:`, the name
    /// runs to the first `: ` that a type follows, and that reading is
    /// relaxed grammar.
    fn field_start(&self, s: &'a str) -> Result<(&'a str, &'a str, bool), SyntaxError> {
        if let Some(found) = field_name(s) {
            return Ok(found);
        }
        let spaced = s.match_indices(':').find_map(|(i, _)| {
            let after = &s[i + 1..];
            let bang = s[..i].ends_with('!');
            (starts_ws(after) && self.is_type_head(ws(after))).then(|| {
                let name = if bang { &s[..i - 1] } else { &s[..i] };
                (after, name, bang)
            })
        });
        if let Some((rest, name, bang)) = spaced.filter(|(_, name, _)| !name.contains('\n')) {
            self.relax(
                s,
                name.len().max(1),
                format!("the field name `{name}` has blanks in it"),
                "read up to the `:` before its type",
                "lapsh copies member names with blanks as they are; the name runs to the `:` before its type",
            );
            return Ok((rest, name, bang));
        }
        let mut err = self.error(
            s,
            first_word(s).len().max(1),
            format!("expected a field `name: type`, found `{}`", first_word(s)),
        );
        err.help = Some("a field is a name, a colon, a space and a type, as in `id: str`".into());
        Err(err)
    }

    /// One `name: type [=default] [# comment]`. Returns the text at the
    /// terminator (`,` or `}`) or after the type when no free text follows.
    fn field(&self, s: &'a str, close: Close, open: &'a str, depth: usize) -> SResult<'a, Field> {
        let origin = self.origin(s);
        let (rest, name, bang) = self.field_start(s)?;
        if name.is_empty() {
            self.relax(
                s,
                1,
                "a field with an empty name".to_owned(),
                "read as the member named \"\"",
                "lapsh writes a member named \"\" as `: type`; name the member if it is yours",
            );
        }
        let (rest, schema) = self.type_expr(ws(rest), depth + 1)?;
        let mut field = Field {
            name: name.into(),
            required: bang,
            schema,
            default: None,
            description: None,
            deprecated: false,
            origin,
        };
        let mut rest = rest;
        if let Some(text) = rest.strip_prefix('=') {
            let (value, after) = self
                .free_text(text, close, true)
                .ok_or_else(|| self.unclosed(open))?;
            let value = trim(value);
            if value.is_empty() && !matches!(field.schema.ty, Type::String) {
                self.relax(
                    rest,
                    1,
                    format!("empty default for `{name}`, whose type is not `str`"),
                    "read as the empty string",
                    "an empty default is the empty string, which only a `str` can hold; write the default after `=`, or drop the `=`",
                );
            }
            field.default = Some(FieldDefault::read(value, &field.schema));
            rest = after;
        }
        let trimmed = ws(rest);
        if trimmed.len() < rest.len() || field.default.is_some() {
            if let Some(text) = trimmed.strip_prefix('#') {
                let (comment, after) = self
                    .free_text(text, close, false)
                    .ok_or_else(|| self.unclosed(open))?;
                let comment = trim(comment);
                field.description = (!comment.is_empty()).then(|| comment.into());
                rest = after;
            }
        }
        Ok((rest, field))
    }

    /// Free text (a default or a comment) runs to the first `,` that starts
    /// a new field, the first `}` that can close the list, or (for a
    /// default) the first ` #`. Braces the text opens and closes itself
    /// (`{id}`) are skipped over; only when that reading finds no end (the
    /// text has a stray `{`) are its braces ignored. Returns the text and the
    /// rest, which starts at the terminator; `None` when the text runs off
    /// the end.
    fn free_text(
        &self,
        s: &'a str,
        close: Close,
        stop_at_comment: bool,
    ) -> Option<(&'a str, &'a str)> {
        self.scan_text(s, close, stop_at_comment, true)
            .or_else(|| self.scan_text(s, close, stop_at_comment, false))
    }

    fn scan_text(
        &self,
        s: &'a str,
        close: Close,
        stop_at_comment: bool,
        balanced: bool,
    ) -> Option<(&'a str, &'a str)> {
        let bytes = s.as_bytes();
        let mut depth = 0usize;
        let mut from = 0;
        // A comment stops at no `#` of its own: it is searched for its
        // three other stops ([`Syntax::comment_stops`]), a default (short)
        // byte by byte for all four.
        let next = |from: usize| -> Option<usize> {
            let rest = &bytes[from..];
            let at = if stop_at_comment {
                find_text_stop(rest)
            } else {
                self.comment_stops.find(rest)
            };
            at.map(|i| from + i)
        };
        while let Some(i) = next(from) {
            from = i + 1;
            let hit = match bytes[i] {
                b'{' => {
                    depth += usize::from(balanced);
                    false
                }
                b'}' if depth > 0 => {
                    depth -= 1;
                    false
                }
                b'}' => close_ok(&s[i + 1..], close),
                b',' if depth == 0 => {
                    let head = self.is_field_head(&s[i + 1..]);
                    if !head {
                        self.warn_unknown_type_head(&s[i + 1..]);
                    }
                    head
                }
                b',' => false,
                _ => stop_at_comment && depth == 0 && i > 0 && matches!(bytes[i - 1], b' ' | b'\t'),
            };
            if hit {
                let end = if bytes[i] == b'#' { i - 1 } else { i };
                return Some((&s[..end], &s[end..]));
            }
        }
        None
    }

    /// Whether `s` (the text after a `,`) starts a new field: a name, a
    /// colon, whitespace and a type whose keyword is followed by something a
    /// type can be followed by. Bounded: it never parses nested lists.
    fn is_field_head(&self, s: &str) -> bool {
        let s = ws(s);
        match field_name(s) {
            Some((rest, _, _)) if starts_ws(rest) && self.is_type_head(ws(rest)) => true,
            _ => self.is_spaced_field_head(s),
        }
    }

    /// A field head whose name has blanks (`ip address: str`, `latex-runs :
    /// int`), as lapsh copies member names: at most [`SPACED_NAME_WORDS`]
    /// words of no `,`, `#`, `{`, `}` or `:`, then `: ` and a type that
    /// ends where a field's type ends. Found in the corpus after a
    /// commented field, where the name was otherwise read as comment text
    /// and the parameter lost. The field itself then reads with the
    /// relaxed-name warning of [`Syntax::field_start`].
    fn is_spaced_field_head(&self, s: &str) -> bool {
        // The name holds none of `,#{}` or a line break, so the `:` must
        // come before the first of them: a search that stops there, not
        // one through the rest of a long comment for any `:`.
        const ENDS_NAME: [bool; 256] = byte_set(b":,#{}\n\r");
        let bytes = s.as_bytes();
        let colon = match bytes.iter().position(|&b| ENDS_NAME[usize::from(b)]) {
            Some(i) if bytes[i] == b':' => i,
            _ => return false,
        };
        let after = &s[colon + 1..];
        // The type first: it is what most text after a comma lacks, and
        // it is cheaper to look for than the words of the name.
        if !starts_ws(after) || !self.is_type_head(ws(after)) {
            return false;
        }
        let name = s[..colon].strip_suffix('!').unwrap_or(&s[..colon]);
        let words = name.split_whitespace().count();
        words > 0
            && words <= SPACED_NAME_WORDS
            && name.contains([' ', '\t'])
            && !name.contains([',', '#', '{', '}', '\n', '\r'])
            && self.ends_like_a_field(ws(after))
    }

    /// Whether what follows a spaced field head's type is what follows a
    /// field: a comment, the end of the list, or a field with a plain
    /// name. Prose that happens to read `types are: bool, string, and
    /// double` (Google Sheets) does not.
    fn ends_like_a_field(&self, t: &str) -> bool {
        let bytes = t.as_bytes();
        match find_text_stop(bytes) {
            None => true,
            Some(i) => match bytes[i] {
                b',' => match field_name(ws(&t[i + 1..])) {
                    Some((rest, _, _)) => starts_ws(rest) && self.is_type_head(ws(rest)),
                    None => false,
                },
                b'#' => i > 0 && matches!(bytes[i - 1], b' ' | b'\t'),
                _ => true,
            },
        }
    }

    /// `, name: word=...` inside free text, where `word` is no type: most
    /// likely a mistyped type that turned a field into comment text. Warn,
    /// so the field is not lost silently.
    fn warn_unknown_type_head(&self, s: &str) {
        let Some((rest, name, _)) = field_name(ws(s)) else {
            return;
        };
        let rest = ws(rest);
        let Some((after, w)) = word(rest) else {
            return;
        };
        let follows = after.is_empty()
            || starts_with_byte(after, |b| {
                matches!(b, b'=' | b'?' | b'(' | b'{' | b',' | b'}')
            });
        if !follows || !w.starts_with(|c: char| c.is_ascii_lowercase()) {
            return;
        }
        let offset = self.offset(rest);
        let mut warnings = self.warnings.borrow_mut();
        if warnings.iter().any(|w| w.offset == offset) {
            return;
        }
        warnings.push(SyntaxError {
            offset,
            len: w.len(),
            message: format!("`{name}: {w}` is read as comment text because `{w}` is not a type"),
            help: Some(
                format!("if `{name}` is meant to be a field, fix its type; {TYPE_HELP}").into(),
            ),
        });
    }

    /// Whether `s` starts with a type followed by what may follow a type:
    /// a keyword or a `@type` of the file. Not any capitalised word, as
    /// lapsh's own reader has it: descriptions are full of `, 2: Good,`
    /// and `options: ACTIVE, FINISHED`, which are no fields.
    fn is_type_head(&self, s: &str) -> bool {
        let skip = s
            .bytes()
            .take_while(|b| matches!(b, b'[' | b' ' | b'\t' | b'\r' | b'\n'))
            .count();
        let s = &s[skip..];
        let Some((mut rest, w)) = word(s) else {
            return false;
        };
        let known = keyword_type(w).is_some() || self.type_names.contains(w);
        if !known {
            return false;
        }
        for _ in 0..2 {
            if let Some(inner) = rest.strip_prefix('(') {
                match group_len(inner) {
                    Some(close) => rest = &inner[close + 1..],
                    None => return false,
                }
            }
        }
        if rest.is_empty()
            || starts_with_byte(rest, |b| {
                matches!(b, b'{' | b'?' | b'=' | b',' | b'}' | b']')
            })
        {
            return true;
        }
        let after = ws(rest);
        after.len() < rest.len()
            && (after.is_empty() || starts_with_byte(after, |b| matches!(b, b'#' | b',' | b'}')))
    }

    /// Up to two parenthesised groups at the start of `rest`.
    fn groups(&self, mut rest: &'a str) -> SResult<'a, Groups<'a>> {
        let mut groups = Groups::default();
        while let Some(inner) = rest.strip_prefix('(') {
            let Some(close) = group_len(inner) else {
                return Err(self.error(rest, 1, "this `(` is never closed"));
            };
            if groups.len == 2 {
                return Err(self.error(
                    rest,
                    close + 2,
                    "a type takes at most two groups: `T(format)(A/B)`",
                ));
            }
            groups.items[groups.len] = &inner[..close];
            groups.len += 1;
            rest = &inner[close + 1..];
        }
        Ok((rest, groups))
    }

    /// A type expression: `[T]`, `kw`, `kw(fmt)`, `kw(A/B)`, `kw(fmt)(A/B)`,
    /// `map{...}`, `Name`, each optionally followed by `?`. `depth` counts
    /// this type and the types around it; past [`MAX_DEPTH`] it is an error
    /// here, so no input recurses without bound.
    pub(crate) fn type_expr(&self, s: &'a str, depth: usize) -> SResult<'a, Schema> {
        if depth > MAX_DEPTH {
            let mut err = self.error(
                s,
                1,
                format!("types nest deeper than {MAX_DEPTH} levels here"),
            );
            err.help = Some(format!(
                "lap reads at most {MAX_DEPTH} levels of `[...]` and `map{{...}}` inside each other; name an inner object with `@type`"
            ).into());
            return Err(err);
        }
        if let Some(inner) = s.strip_prefix('[') {
            return self.list_type(inner, depth);
        }
        let Some((rest, w)) = word(s) else {
            if s.is_empty() || starts_with_byte(s, |b| matches!(b, b',' | b'}')) {
                self.relax(
                    s,
                    1,
                    "a field without a type".to_owned(),
                    "read as `any`",
                    "lapsh writes an OpenAPI schema whose `type` is empty this way; give the field a type",
                );
                return Ok((s, Schema::of(Type::Any)));
            }
            let mut err = self.error(s, 1, format!("expected a type, found `{}`", first_word(s)));
            err.help = Some(TYPE_HELP.into());
            return Err(err);
        };
        let (ty, mut rest) = match keyword_type(w) {
            Some(ty) => (ty, rest),
            None if self.type_names.contains(w) => (Type::Named(w.to_owned()), rest),
            None => self.unknown_type(s, w)?,
        };
        let mut schema = Schema::of(ty);
        let (after, groups) = self.groups(rest)?;
        rest = after;
        // Most types have no group: nothing to apply (but `enum` needs one).
        if groups.len > 0 || w == "enum" {
            self.apply_groups(s, w, &mut schema, groups.as_slice())?;
        }
        // `list(date-time)` / `array(A/B)` constrain the items: read them as
        // `[str(date-time)]` / `[str(A/B)]`, the only reading lap can print.
        if matches!(schema.ty, Type::Array(_))
            && (schema.format().is_some() || !schema.enum_values().is_empty())
        {
            let mut item = Schema::of(Type::String);
            item.set_format(schema.take_format());
            item.set_enum_values(schema.take_enum_values());
            schema.ty = Type::Array(std::sync::Arc::new(item));
        }
        if let Some(r) = rest.strip_prefix('?') {
            schema.nullable = true;
            rest = r;
        }
        if rest.starts_with('{') {
            if !matches!(schema.ty, Type::Object(None)) {
                let mut err = self.error(rest, 1, format!("`{w}` cannot have fields"));
                err.help = Some("only `map` takes `{fields}`, as in `map{a: str}`".into());
                return Err(err);
            }
            let (after, fields) = self.field_list(rest, Close::Nested, depth)?;
            schema.ty = Type::Object(Some(fields));
            rest = after;
            if let Some(r) = rest.strip_prefix('?') {
                if schema.nullable {
                    return Err(self.error(rest, 1, "`?` written twice"));
                }
                schema.nullable = true;
                rest = r;
            }
        }
        Ok((rest, schema))
    }

    /// `[T]` after its `[`, with lapsh's `[T](A/B)`: groups after the `]`
    /// constrain the items, as `array(A/B)` does (lapsh writes a list
    /// parameter's enum after its type).
    fn list_type(&self, inner: &'a str, depth: usize) -> SResult<'a, Schema> {
        let (rest, mut item) = self.type_expr(ws(inner), depth + 1)?;
        let rest = ws(rest);
        let Some(rest) = rest.strip_prefix(']') else {
            let mut err = self.error(
                rest,
                1,
                format!(
                    "expected `]` to close the list type, found `{}`",
                    first_word(rest)
                ),
            );
            err.help = Some("a list type is written `[T]`, as in `[str]`".into());
            return Err(err);
        };
        let (rest, groups) = self.groups(rest)?;
        if groups.len > 0 {
            let scalar = !matches!(item.ty, Type::Object(_) | Type::Array(_))
                && item.enum_values().is_empty();
            if !scalar {
                return Err(self.error(
                    rest,
                    1,
                    "only a list of scalars takes `(format)` or `(A/B)` after its `]`",
                ));
            }
            let format = item.take_format();
            self.apply_groups(inner, "", &mut item, groups.as_slice())?;
            let format = item.take_format().or(format);
            item.set_format(format);
        }
        let mut schema = Schema::of(Type::Array(std::sync::Arc::new(item)));
        let rest = match rest.strip_prefix('?') {
            Some(r) => {
                schema.nullable = true;
                r
            }
            None => rest,
        };
        Ok((rest, schema))
    }

    /// A type word that is neither a keyword nor a `@type`: an error in
    /// strict mode; in lenient mode kept as written, since lapsh copies
    /// OpenAPI types it does not know (`String`, `DateTime`, `text/html`).
    /// The word then runs to the first character that ends a type.
    fn unknown_type(&self, s: &'a str, w: &'a str) -> Result<(Type, &'a str), SyntaxError> {
        let end = s
            .find(|c: char| {
                c.is_whitespace() || matches!(c, ',' | '}' | ']' | '=' | '?' | '(' | '{')
            })
            .unwrap_or(s.len());
        let verbatim = &s[..end];
        let help: Cow<'static, str> = if w.starts_with(|c: char| c.is_ascii_uppercase()) {
            format!("define it with `@type {w} {{...}}`, or use a built-in type").into()
        } else {
            TYPE_HELP.into()
        };
        self.relax(
            s,
            verbatim.len(),
            format!("unknown type `{verbatim}`"),
            "kept as written",
            help,
        );
        Ok((Type::Unknown(verbatim.to_owned()), &s[end..]))
    }

    /// Applies the groups after a type keyword `w` (empty for a list's items).
    fn apply_groups(
        &self,
        at: &str,
        w: &str,
        schema: &mut Schema,
        groups: &[&str],
    ) -> Result<(), SyntaxError> {
        match (w, groups) {
            ("enum", [values]) => schema.set_enum_values(enum_values(values)),
            ("enum", _) => {
                return Err(self.error(
                    at,
                    w.len(),
                    "`enum` takes exactly one group: `enum(A/B/C)`",
                ));
            }
            (_, []) => {}
            (_, [one]) => match classify_group(one) {
                Group::Format(f) => schema.set_format((!f.is_empty()).then_some(f)),
                Group::Enum(values) => schema.set_enum_values(values),
            },
            (_, [format, values]) => {
                let format = format.trim();
                schema.set_format((!format.is_empty()).then(|| format.to_owned()));
                schema.set_enum_values(enum_values(values));
            }
            _ => {}
        }
        Ok(())
    }
}

/// Whether the text after a `}` may follow a closed list of this kind.
fn close_ok(after: &str, close: Close) -> bool {
    match close {
        Close::EndOfLine => ws(after).is_empty(),
        Close::EndOrComment => {
            let t = ws(after);
            t.is_empty() || t.starts_with('#')
        }
        Close::Nested => {
            let t = after.strip_prefix('?').unwrap_or(after);
            let t2 = ws(t);
            t2.is_empty()
                || starts_with_byte(t2, |b| matches!(b, b',' | b'}' | b']' | b'='))
                || (t2.starts_with('#') && t2.len() < t.len())
        }
    }
}

/// The first token of `s`, for messages.
pub(crate) fn first_word(s: &str) -> &str {
    let s = s.trim_start();
    let end = s
        .char_indices()
        .find(|&(i, c)| c.is_whitespace() || (i > 0 && matches!(c, ',' | '}' | '{')))
        .map_or(s.len(), |(i, _)| i);
    let end = if end == 0 {
        s.chars().next().map_or(0, char::len_utf8)
    } else {
        end
    };
    let word = &s[..end];
    match word.char_indices().nth(40) {
        Some((i, _)) => &word[..i],
        None => word,
    }
}
