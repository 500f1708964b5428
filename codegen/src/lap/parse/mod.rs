//! Directives to model: classifies each logical line once ([`directive`]),
//! hands it to the module for its part of the file ([`header`], [`types`],
//! [`endpoint`]), and checks the document structure (`@lap` first,
//! `@endpoints N` matching, `@end` present, groups closed). An endpoint's
//! list whose text was read before is copied, not read again ([`memo`]).
//!
//! What lapsh writes but the strict grammar refuses (see
//! [`super::Mode`]) is collected as *relaxed* diagnostics: warnings in
//! lenient mode, errors in strict mode, so both modes read the same model.

mod directive;
mod endpoint;
mod header;
mod memo;
mod types;

use std::borrow::Cow;
use std::collections::HashMap;

use foldhash::{HashMap as FastMap, HashMapExt as _, HashSet as FastSet};

pub(crate) use endpoint::check_path;
pub(crate) use header::parse_auth;

use self::directive::{Classified, Directive, Name, classify};
use self::endpoint::Open;
use self::memo::{Key, ListMemo, Lookup};
use super::diagnostic::{Diagnostic, LapError, LineIndex, Severity};
use super::lines::split;
use super::syntax::{Syntax, SyntaxError, first_word, relaxed_at};
use super::{LapVersion, Mode, Parsed};
use crate::model::{Api, Method, Origin};

/// Parses lap text into the model.
pub(crate) fn parse(source: &str, mode: Mode) -> Result<Parsed, LapError> {
    let split = split(source);
    let index = LineIndex::new(source, split.starts, split.ascii);
    let lines = split.lines;
    let type_names: FastSet<&str> = lines
        .iter()
        .filter_map(|l| l.text.strip_prefix("@type"))
        .filter(|rest| rest.starts_with([' ', '\t']))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(|name| name.trim_end_matches('{'))
        .collect();
    let mut parser = Parser {
        syn: Syntax {
            source,
            index: &index,
            type_names: &type_names,
            warnings: std::cell::RefCell::new(Vec::new()),
            relaxed: std::cell::RefCell::new(Vec::new()),
            mode,
            scratch: std::cell::RefCell::new(Vec::new()),
            comment_stops: super::search::AnyOfThree::new(b',', b'{', b'}'),
        },
        mode,
        errors: Vec::new(),
        warnings: Vec::new(),
        api: Api::default(),
        lap_version: None,
        lap_missing: false,
        seen: HashMap::new(),
        current: None,
        group: None,
        declared: None,
        toc: None,
        end: None,
        endpoint_keys: FastMap::new(),
        path_names: Vec::new(),
        lists: ListMemo::default(),
        error_lists: ListMemo::default(),
    };
    for line in &lines {
        match classify(*line) {
            Classified::Comment => {}
            Classified::Stray(line) => parser.error_at(
                line.offset,
                first_word(line.text).len(),
                format!("expected a directive, found `{}`", first_word(line.text)),
                Some("every line is a directive starting with `@`, a `# comment`, or continues an open `{`"),
            ),
            Classified::Directive(d) => parser.directive(d),
        }
    }
    parser.finish()
}

struct Parser<'a> {
    syn: Syntax<'a>,
    mode: Mode,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    api: Api,
    lap_version: Option<LapVersion>,
    /// Whether the missing `@lap` line has been reported (once).
    lap_missing: bool,
    /// Header directives already given, with their offsets (duplicates are errors).
    seen: HashMap<Name, usize>,
    current: Option<Open<'a>>,
    group: Option<(crate::model::Text, usize)>,
    declared: Option<(u32, usize)>,
    toc: Option<(Vec<(String, u32)>, usize)>,
    end: Option<usize>,
    /// Each endpoint's first line, by a fast (foldhash) hash: Microsoft Graph
    /// has 22,000 endpoints, and SipHash of their paths was 5% of a parse.
    endpoint_keys: FastMap<(Method, &'a str), usize>,
    /// The path parameter names of the endpoint being closed (kept to
    /// reuse its allocation).
    path_names: Vec<&'a str>,
    /// The field lists read so far, by text.
    lists: ListMemo<'a, crate::model::Field>,
    /// The `@errors` lists read so far, by text.
    error_lists: ListMemo<'a, crate::model::ErrorResponse>,
}

impl<'a> Parser<'a> {
    fn diagnostic(
        &self,
        severity: Severity,
        offset: usize,
        len: usize,
        message: String,
        help: Option<&'static str>,
    ) -> Diagnostic {
        self.syn
            .index
            .diagnostic(severity, offset, len, message, help.map(Cow::Borrowed))
    }

    fn error_at(&mut self, offset: usize, len: usize, message: String, help: Option<&'static str>) {
        let d = self.diagnostic(Severity::Error, offset, len, message, help);
        self.errors.push(d);
    }

    fn warn_at(&mut self, offset: usize, len: usize, message: String, help: Option<&'static str>) {
        let d = self.diagnostic(Severity::Warning, offset, len, message, help);
        self.warnings.push(d);
    }

    /// Something lapsh writes that the strict grammar refuses: `message`
    /// says what, `reading` how lenient mode reads it.
    fn relax(
        &mut self,
        offset: usize,
        len: usize,
        message: String,
        reading: impl Into<Cow<'static, str>>,
        help: impl Into<Cow<'static, str>>,
    ) {
        self.relax_at(offset, len, None, message, reading, help);
    }

    /// [`Parser::relax`] at an offset whose origin is known.
    fn relax_at(
        &mut self,
        offset: usize,
        len: usize,
        origin: Option<Origin>,
        message: String,
        reading: impl Into<Cow<'static, str>>,
        help: impl Into<Cow<'static, str>>,
    ) {
        let reading = reading.into();
        let d = relaxed_at(
            self.syn.index,
            self.mode,
            offset,
            len,
            origin,
            message,
            &reading,
            help.into(),
        );
        // Straight into its list: Microsoft Graph has 10,000 of them, and
        // a list of their own was one more copy of each.
        match d.severity {
            Severity::Error => self.errors.push(d),
            Severity::Warning => self.warnings.push(d),
        }
    }

    fn syntax_error(&mut self, e: SyntaxError) {
        let d = self
            .syn
            .index
            .diagnostic(Severity::Error, e.offset, e.len, e.message, e.help);
        self.errors.push(d);
    }

    fn directive(&mut self, d: Directive<'a>) {
        if let Some(end) = self.end {
            let (end_line, _) = self.syn.index.position(end);
            self.error_at(
                d.offset,
                d.len,
                format!("`@{}` after `@end` (line {end_line})", d.word),
                Some("`@end` must be the last directive; move it to the end of the file"),
            );
            return;
        }
        if self.lap_version.is_none() && d.name != Name::Lap && !self.lap_missing {
            self.lap_missing = true;
            self.error_at(
                d.offset,
                d.len,
                format!("expected `@lap v0.3` before `@{}`", d.word),
                Some("a lap file starts with its format version, `@lap v0.3`"),
            );
        }
        match d.name {
            Name::Lap => self.lap(d),
            Name::Api | Name::Base | Name::Version => self.header_text(d),
            Name::Auth => self.auth(d),
            Name::CommonFields => self.common_fields(d),
            Name::Endpoints => self.endpoints(d),
            Name::Hint => self.api.hints.push(d.arg.to_owned()),
            Name::Toc => self.toc_line(d),
            Name::Type => self.type_def(d),
            Name::Group => self.group(d),
            Name::EndGroup => self.end_group(d),
            Name::Endpoint => self.endpoint(d),
            Name::End => {
                self.close_endpoint();
                if !d.arg.is_empty() {
                    self.error_at(
                        d.offset + d.len,
                        d.rest.len(),
                        "`@end` takes no argument".to_owned(),
                        None,
                    );
                }
                self.end = Some(d.offset);
            }
            name if name.in_endpoint() => {
                if self.current.is_none() {
                    self.error_at(
                        d.offset,
                        d.len,
                        format!("`@{}` outside an endpoint block", d.word),
                        Some("endpoint directives follow an `@endpoint METHOD /path` line"),
                    );
                    return;
                }
                self.endpoint_directive(d);
            }
            _ => self.extension(d),
        }
    }

    /// Records a directive that may appear once in the header; false on a duplicate.
    fn once(&mut self, d: &Directive<'_>) -> bool {
        if let Some(first) = self.seen.get(&d.name).copied() {
            let (line, _) = self.syn.index.position(first);
            self.error_at(
                d.offset,
                d.len,
                format!("duplicate `@{}` (first at line {line})", d.word),
                Some("a header directive is given once; remove one of them"),
            );
            return false;
        }
        self.seen.insert(d.name, d.offset);
        true
    }

    fn finish(mut self) -> Result<Parsed, LapError> {
        self.close_endpoint();
        for w in self.syn.warnings.take() {
            let d =
                self.syn
                    .index
                    .diagnostic(Severity::Warning, w.offset, w.len, w.message, w.help);
            self.warnings.push(d);
        }
        let relaxed = self.syn.relaxed.take();
        match self.mode {
            Mode::Lenient => self.warnings.reserve(relaxed.len()),
            Mode::Strict => self.errors.reserve(relaxed.len()),
        }
        for d in relaxed {
            match d.severity {
                Severity::Error => self.errors.push(d),
                Severity::Warning => self.warnings.push(d),
            }
        }
        self.structure();
        // A stable sort takes a buffer of half the list even when the
        // list is in order already.
        for list in [&mut self.errors, &mut self.warnings] {
            if !list.is_sorted_by_key(|d| d.offset) {
                list.sort_by_key(|d| d.offset);
            }
        }
        if self.errors.is_empty() {
            Ok(Parsed {
                api: self.api,
                lap_version: self.lap_version.unwrap_or(LapVersion::V0_3),
                warnings: self.warnings,
            })
        } else {
            Err(LapError {
                errors: self.errors,
                warnings: self.warnings,
            })
        }
    }

    /// The checks of the whole document, once every line is read.
    fn structure(&mut self) {
        let source = self.syn.source;
        if self.lap_version.is_none() && !self.lap_missing {
            self.error_at(
                0,
                0,
                "empty file: expected `@lap v0.3`".to_owned(),
                Some("a lap file starts with `@lap v0.3`, `@api NAME` and `@endpoints N`"),
            );
        }
        let lap_at = self.seen.get(&Name::Lap).copied().unwrap_or(0);
        if self.lap_version.is_some() && !self.seen.contains_key(&Name::Api) {
            self.error_at(
                lap_at,
                4,
                "missing `@api NAME`".to_owned(),
                Some("name the API after the `@lap` line"),
            );
        }
        if let Some((name, at)) = self.group.take() {
            self.error_at(
                at,
                6,
                format!("group `{name}` is never closed"),
                Some("add `@endgroup` after its last endpoint"),
            );
        }
        let found = u32::try_from(self.api.endpoints.len()).unwrap_or(u32::MAX);
        match self.declared {
            Some((declared, at)) if declared != found => self.error_at(
                at,
                10,
                format!("`@endpoints {declared}` declares {declared} endpoints, but the file has {found}"),
                Some("the file may be truncated; if it is complete, correct the count"),
            ),
            None if self.lap_version.is_some() => self.warn_at(
                lap_at,
                4,
                format!("no `@endpoints N` line; the file has {found} endpoints"),
                Some("add `@endpoints N` so truncation can be detected"),
            ),
            _ => {}
        }
        if self.end.is_none() && self.lap_version.is_some() {
            let declared = self.declared.map_or_else(
                || "no count declared".to_owned(),
                |(n, _)| format!("`@endpoints` declares {n}"),
            );
            let at = source.trim_end().len();
            self.error_at(
                at.saturating_sub(1),
                1,
                format!("missing `@end` after {found} endpoints ({declared})"),
                Some("the file may be truncated; a complete lap file ends with `@end`"),
            );
        }
        self.check_toc();
    }
}

impl<'a> Parser<'a> {
    /// Parses the `{fields}` that follow a header directive's name, into
    /// a list of their exact length.
    fn fields_arg(
        &mut self,
        d: &Directive<'a>,
        rest: &'a str,
        close: super::syntax::Close,
    ) -> Option<Vec<crate::model::Field>> {
        let open = self.braced(d, rest)?;
        // Not through the memo: a `@type` or `@common_fields` list is
        // given once.
        let (_, fields) = self.reported_err(self.syn.field_list(open, close, 0))?;
        Some(fields)
    }

    /// [`Parser::fields_arg`], appending the fields as parameters to
    /// `out`, with room for `extra` more (the path parameters an endpoint
    /// may add); false (with the error reported) when the list does not
    /// parse.
    fn fields_into(
        &mut self,
        d: &Directive<'a>,
        rest: &'a str,
        close: super::syntax::Close,
        out: &mut Vec<crate::model::Param>,
        extra: usize,
    ) -> bool {
        let Some(open) = self.braced(d, rest) else {
            return false;
        };
        let read = |p: &mut Self, out: &mut Vec<crate::model::Param>| {
            // At most one field per comma, usually exactly: room for them
            // at once rather than by doubling.
            out.reserve(memchr::memchr_iter(b',', open.as_bytes()).count() + 1 + extra);
            p.reported_err(p.syn.field_list_into(open, close, 0, out))
        };
        let field = |m: &crate::model::Param| m.field.clone();
        let wrap = <crate::model::Param as super::syntax::Member>::of;
        self.memo_list(|p| &mut p.lists, open, close, out, extra, wrap, field, read)
            .is_some()
    }

    /// The text from the `{` that must start a directive's field list;
    /// `None` (with the error reported) when it does not.
    fn braced(&mut self, d: &Directive<'a>, rest: &'a str) -> Option<&'a str> {
        let open = super::syntax::ws(rest);
        if open.starts_with('{') {
            return Some(open);
        }
        self.error_at(
            d.offset,
            d.len,
            format!(
                "`@{}` expects a braced field list, found `{}`",
                d.word,
                first_word(open)
            ),
            Some("write the fields in braces: `{name: str, count: int}`"),
        );
        None
    }

    /// Reads the field list at `open` (its `{`) into `out`, empty, as a
    /// list of its exact length (through the syntax's scratch lists);
    /// returns the text after the closing `}`, `None` when the list does
    /// not read (the error is reported).
    fn exact_list(
        &mut self,
        open: &'a str,
        close: super::syntax::Close,
        out: &mut Vec<crate::model::Field>,
    ) -> Option<&'a str> {
        let read = |p: &mut Self, out: &mut Vec<crate::model::Field>| {
            let (rest, fields) = p.reported_err(p.syn.field_list(open, close, 0))?;
            *out = fields;
            Some(rest)
        };
        self.memo_list(
            |p| &mut p.lists,
            open,
            close,
            out,
            0,
            |f| f,
            Clone::clone,
            read,
        )
    }

    /// The one way through a [`memo`]: the list at `text` (from its `{`)
    /// is copied from the memo `which` selects when its text was read
    /// cleanly before (each item made a `U` by `wrap`, with room for
    /// `extra` more); else `read` reads it into `out` (reporting what it
    /// finds), and a second reading that reported nothing is kept (each
    /// `U` back to its item by `item`). Returns the text after the
    /// closing `}`; `None` when the list does not read.
    #[allow(clippy::too_many_arguments)]
    fn memo_list<T: memo::Placed, U>(
        &mut self,
        which: fn(&mut Self) -> &mut ListMemo<'a, T>,
        text: &'a str,
        close: super::syntax::Close,
        out: &mut Vec<U>,
        extra: usize,
        wrap: impl Fn(T) -> U,
        item: impl Fn(&U) -> T,
        read: impl FnOnce(&mut Self, &mut Vec<U>) -> Option<&'a str>,
    ) -> Option<&'a str> {
        let at = self.syn.index.origin(self.syn.offset(text));
        let key = Key::new(text, at.column, close);
        let lookup = which(self).lookup(key, at.line, out, extra, wrap);
        if let Lookup::Copied { tail } = lookup {
            return Some(&text[tail..]);
        }
        let (before, start) = (self.reported(), out.len());
        let rest = read(self, out)?;
        if matches!(lookup, Lookup::Again) && self.reported() == before {
            let tail = text.len() - rest.len();
            let read = out[start..].iter().map(item).collect();
            which(self).keep(key, read, at.line, tail);
        }
        Some(rest)
    }

    /// The value of a syntax reading, or `None` with its error reported.
    fn reported_err<R>(&mut self, read: Result<R, SyntaxError>) -> Option<R> {
        read.map_err(|e| self.syntax_error(e)).ok()
    }

    /// How many diagnostics of each kind have been reported so far: a
    /// reading that changed none reported nothing (see [`memo`]).
    fn reported(&self) -> [usize; 4] {
        [
            self.errors.len(),
            self.warnings.len(),
            self.syn.warnings.borrow().len(),
            self.syn.relaxed.borrow().len(),
        ]
    }
}
