//! The token-level grammar of lap: names, type expressions, braced field
//! lists, status codes. See `docs/lap-grammar.md` for the grammar in EBNF and
//! the rules that decide where free text (defaults, comments) ends.
//!
//! Small tokens are nom parsers; the field-list driver is hand-written on top
//! of them because ending a comment needs a look-ahead at what follows each
//! `,` and `}`, which reads more clearly as a loop than as combinators.

use std::collections::HashSet;

use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, take_while1},
    character::complete::{char, digit1, one_of},
    combinator::{all_consuming, map, map_res, recognize, value},
    sequence::{delimited, terminated},
};

use super::diagnostic::LineIndex;
use crate::model::{Field, Origin, Schema, StatusCode, Type};

/// A syntax error at a byte span, before it is turned into a diagnostic.
#[derive(Debug)]
pub(crate) struct SyntaxError {
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub help: Option<String>,
}

pub(crate) type SResult<'a, T> = Result<(&'a str, T), SyntaxError>;

/// What may follow the `}` that closes a field list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Close {
    /// `@required`, `@optional`, `@common_fields`, `@type`: nothing.
    EndOfLine,
    /// `@returns`: nothing, or a `# description`.
    EndOrComment,
    /// `map{...}` inside a type: `?`, `,`, `}`, `]`, `=`, ` #` or nothing.
    Nested,
}

/// The type keywords lap writes, with the spellings lapsh also accepts.
fn keyword_type(word: &str) -> Option<Type> {
    Some(match word {
        "str" | "string" => Type::String,
        "int" | "integer" => Type::Integer,
        "num" | "number" | "float" | "double" => Type::Number,
        "bool" | "boolean" => Type::Boolean,
        "any" => Type::Any,
        "file" | "binary" => Type::File,
        "map" | "object" | "dict" => Type::Object(None),
        "list" | "array" => Type::Array(Box::new(Schema::of(Type::Any))),
        "enum" => Type::String,
        _ => return None,
    })
}

const TYPE_HELP: &str = "a type is one of str, int, num, bool, any, file, map, map{...}, [T], enum(A/B) or a @type name";

/// The grammar, bound to one source text.
pub(crate) struct Syntax<'a> {
    pub source: &'a str,
    pub index: &'a LineIndex<'a>,
    pub type_names: &'a HashSet<&'a str>,
    /// Warnings found while reading free text (see [`Syntax::free_text`]).
    pub warnings: std::cell::RefCell<Vec<SyntaxError>>,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.' | ':' | '-')
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Skips spaces, tabs, CR and LF (lists may span lines).
pub(crate) fn ws(s: &str) -> &str {
    s.trim_start_matches([' ', '\t', '\r', '\n'])
}

fn starts_ws(s: &str) -> bool {
    s.starts_with([' ', '\t', '\r', '\n'])
}

/// A word of letters, digits and `_`.
fn word(s: &str) -> IResult<&str, &str> {
    take_while1(is_word_char).parse(s)
}

/// A field name followed by `:` (or `!:`), returning the name and the `!`.
fn field_name(s: &str) -> IResult<&str, (&str, bool)> {
    let (rest, token) = take_while1(is_name_char).parse(s)?;
    if let Some(rest) = rest.strip_prefix("!:") {
        return Ok((rest, (token, true)));
    }
    match token.strip_suffix(':') {
        Some(name) if !name.is_empty() && starts_ws(rest) => Ok((rest, (name, false))),
        _ => Err(nom::Err::Error(nom::error::Error::new(
            s,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

/// A status code: `200`, `4XX` or `default`.
pub(crate) fn status_code(s: &str) -> IResult<&str, StatusCode> {
    alt((
        map(
            recognize((one_of("12345"), one_of("xX"), one_of("xX"))),
            |r: &str| StatusCode::Range(r.as_bytes()[0] - b'0'),
        ),
        map_res(digit1, |d: &str| {
            // HTTP status codes are 100..=599: `035` is a typo, not 35.
            if d.len() == 3 && matches!(d.as_bytes()[0], b'1'..=b'5') {
                d.parse::<u16>().map(StatusCode::Code).map_err(|_| ())
            } else {
                Err(())
            }
        }),
        value(StatusCode::Default, tag("default")),
    ))
    .parse(s)
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

    /// Parses `{field, ...}`; `open` starts at the `{`. Returns the text after
    /// the closing `}`.
    pub(crate) fn field_list(&self, open: &'a str, close: Close) -> SResult<'a, Vec<Field>> {
        let mut rest = &open[1..];
        let mut fields = Vec::new();
        loop {
            rest = ws(rest);
            if rest.is_empty() {
                return Err(self.unclosed(open));
            }
            if let Some(after) = rest.strip_prefix('}') {
                return self.closed(after, close, fields);
            }
            let (after, field) = self.field(rest, close, open)?;
            fields.push(field);
            rest = ws(after);
            match rest.chars().next() {
                Some(',') => rest = &rest[1..],
                Some('}') => return self.closed(&rest[1..], close, fields),
                None => return Err(self.unclosed(open)),
                Some(c) => {
                    let name = fields.last().map_or("", |f| f.name.as_str());
                    let mut err = self.error(
                        rest,
                        c.len_utf8(),
                        format!("expected `,` or `}}` after field `{name}`, found `{c}`"),
                    );
                    if c == '#' {
                        err.help = Some(
                            "a comment starts with a space and `#`: `name: str # text`".to_owned(),
                        );
                    }
                    return Err(err);
                }
            }
        }
    }

    fn closed(&self, after: &'a str, close: Close, fields: Vec<Field>) -> SResult<'a, Vec<Field>> {
        if close_ok(after, close) {
            return Ok((after, fields));
        }
        let shown = ws(after);
        let mut err = self.error(
            shown,
            shown.chars().next().map_or(1, char::len_utf8),
            format!("unexpected `{}` after the closing `}}`", first_word(shown)),
        );
        err.help = Some(match close {
            Close::EndOrComment => "a description after the fields starts with `#`".to_owned(),
            _ => "nothing may follow the field list on this line".to_owned(),
        });
        Err(err)
    }

    fn unclosed(&self, open: &str) -> SyntaxError {
        let mut err = self.error(open, 1, "this `{` is never closed");
        err.help = Some(
            "close the list with `}` before the end of the directive; lists may span lines, but not across a line starting with `@`"
                .to_owned(),
        );
        err
    }

    /// One `name: type [=default] [# comment]`. Returns the text at the
    /// terminator (`,` or `}`) or after the type when no free text follows.
    fn field(&self, s: &'a str, close: Close, open: &'a str) -> SResult<'a, Field> {
        let origin = self.origin(s);
        let (rest, (name, bang)) = field_name(s).map_err(|_| {
            let mut err = self.error(
                s,
                first_word(s).len().max(1),
                format!("expected a field `name: type`, found `{}`", first_word(s)),
            );
            err.help =
                Some("a field is a name, a colon, a space and a type, as in `id: str`".to_owned());
            err
        })?;
        let (rest, schema) = self.type_expr(ws(rest))?;
        let mut field = Field {
            name: name.to_owned(),
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
            let value = value.trim();
            if value.is_empty() {
                let mut err = self.error(rest, 1, format!("empty default for field `{name}`"));
                err.help = Some("write the default after `=`, or drop the `=`".to_owned());
                return Err(err);
            }
            field.default = Some(value.to_owned());
            rest = after;
        }
        let trimmed = ws(rest);
        if trimmed.len() < rest.len() || field.default.is_some() {
            if let Some(text) = trimmed.strip_prefix('#') {
                let (comment, after) = self
                    .free_text(text, close, false)
                    .ok_or_else(|| self.unclosed(open))?;
                let comment = comment.trim();
                field.description = (!comment.is_empty()).then(|| comment.to_owned());
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
        while let Some(i) = s[from..].find([',', '}', '#', '{']).map(|i| from + i) {
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
            Ok((rest, _)) => self.is_type_head(ws(rest)),
            Err(_) => false,
        }
    }

    /// `, name: word=...` inside free text, where `word` is no type: most
    /// likely a mistyped type that turned a field into comment text. Warn,
    /// so the field is not lost silently.
    fn warn_unknown_type_head(&self, s: &str) {
        let s = ws(s);
        let Ok((rest, (name, _))) = field_name(s) else {
            return;
        };
        let rest = ws(rest);
        let Ok((after, w)) = word(rest) else {
            return;
        };
        let follows = after.is_empty() || after.starts_with(['=', '?', '(', '{', ',', '}']);
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
            help: Some(format!(
                "if `{name}` is meant to be a field, fix its type; {TYPE_HELP}"
            )),
        });
    }

    fn is_type_head(&self, s: &str) -> bool {
        if let Some(inner) = s.strip_prefix('[') {
            return self.is_type_head(ws(inner));
        }
        let Ok((mut rest, w)) = word(s) else {
            return false;
        };
        let known = keyword_type(w).is_some()
            || (w.starts_with(|c: char| c.is_ascii_uppercase()) && self.type_names.contains(w));
        if !known {
            return false;
        }
        for _ in 0..2 {
            if let Some(inner) = rest.strip_prefix('(') {
                match inner.find(')') {
                    Some(close) => rest = &inner[close + 1..],
                    None => return false,
                }
            }
        }
        if rest.is_empty() || rest.starts_with(['{', '?', '=', ',', '}', ']']) {
            return true;
        }
        let after = ws(rest);
        after.len() < rest.len() && (after.is_empty() || after.starts_with(['#', ',', '}']))
    }

    /// A type expression: `[T]`, `kw`, `kw(fmt)`, `kw(A/B)`, `kw(fmt)(A/B)`,
    /// `map{...}`, `Name`, each optionally followed by `?`.
    pub(crate) fn type_expr(&self, s: &'a str) -> SResult<'a, Schema> {
        if let Some(inner) = s.strip_prefix('[') {
            let (rest, item) = self.type_expr(ws(inner))?;
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
                err.help = Some("a list type is written `[T]`, as in `[str]`".to_owned());
                return Err(err);
            };
            let mut schema = Schema::of(Type::Array(Box::new(item)));
            let rest = match rest.strip_prefix('?') {
                Some(r) => {
                    schema.nullable = true;
                    r
                }
                None => rest,
            };
            return Ok((rest, schema));
        }
        let Ok((mut rest, w)) = word(s) else {
            let mut err = self.error(s, 1, format!("expected a type, found `{}`", first_word(s)));
            err.help = Some(TYPE_HELP.to_owned());
            return Err(err);
        };
        let ty = match keyword_type(w) {
            Some(ty) => ty,
            None if w.starts_with(|c: char| c.is_ascii_uppercase()) => {
                if !self.type_names.contains(w) {
                    let mut err = self.error(s, w.len(), format!("unknown type `{w}`"));
                    err.help = Some(format!(
                        "define it with `@type {w} {{...}}`, or use a built-in type"
                    ));
                    return Err(err);
                }
                Type::Named(w.to_owned())
            }
            None => {
                let mut err = self.error(s, w.len(), format!("unknown type `{w}`"));
                err.help = Some(TYPE_HELP.to_owned());
                return Err(err);
            }
        };
        let mut schema = Schema::of(ty);
        let mut groups = Vec::new();
        while let Some(inner) = rest.strip_prefix('(') {
            let Some(close) = inner.find(')') else {
                return Err(self.error(rest, 1, "this `(` is never closed"));
            };
            if groups.len() == 2 {
                return Err(self.error(
                    rest,
                    close + 2,
                    "a type takes at most two groups: `T(format)(A/B)`",
                ));
            }
            groups.push(&inner[..close]);
            rest = &inner[close + 1..];
        }
        match (w, groups.as_slice()) {
            ("enum", [values]) => schema.enum_values = enum_values(values),
            ("enum", _) => {
                return Err(self.error(
                    s,
                    w.len(),
                    "`enum` takes exactly one group: `enum(A/B/C)`",
                ));
            }
            (_, []) => {}
            (_, [one]) => match classify_group(one) {
                Group::Format(f) => schema.format = (!f.is_empty()).then_some(f),
                Group::Enum(values) => schema.enum_values = values,
            },
            (_, [format, values]) => {
                let format = format.trim();
                schema.format = (!format.is_empty()).then(|| format.to_owned());
                schema.enum_values = enum_values(values);
            }
            _ => {}
        }
        // `list(date-time)` / `array(A/B)` constrain the items: read them as
        // `[str(date-time)]` / `[str(A/B)]`, the only reading lap can print.
        if matches!(schema.ty, Type::Array(_))
            && (schema.format.is_some() || !schema.enum_values.is_empty())
        {
            let mut item = Schema::of(Type::String);
            item.format = schema.format.take();
            item.enum_values = std::mem::take(&mut schema.enum_values);
            schema.ty = Type::Array(Box::new(item));
        }
        if let Some(r) = rest.strip_prefix('?') {
            schema.nullable = true;
            rest = r;
        }
        if rest.starts_with('{') {
            if !matches!(schema.ty, Type::Object(None)) {
                let mut err = self.error(rest, 1, format!("`{w}` cannot have fields"));
                err.help = Some("only `map` takes `{fields}`, as in `map{a: str}`".to_owned());
                return Err(err);
            }
            let (after, fields) = self.field_list(rest, Close::Nested)?;
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
                || t2.starts_with([',', '}', ']', '='])
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
