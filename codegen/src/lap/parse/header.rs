//! The header: `@lap`, `@api`, `@base`, `@version`, `@auth`,
//! `@common_fields`, `@endpoints`, `@toc`, groups and unknown directives.

use super::Parser;
use super::directive::{Directive, Name};
use crate::lap::syntax::{Close, toc_entries};
use crate::lap::{LapVersion, toc_counts};
use crate::model::{ApiKeyLocation, AuthScheme, Extension};

impl<'a> Parser<'a> {
    pub(super) fn lap(&mut self, d: Directive<'a>) {
        if let Some(first) = self.seen.get(&Name::Lap).copied() {
            let (line, _) = self.syn.index.position(first);
            self.error_at(
                d.offset,
                d.len,
                format!("duplicate `@lap` (first at line {line})"),
                None,
            );
            return;
        }
        self.seen.insert(Name::Lap, d.offset);
        match LapVersion::parse(d.arg) {
            Some(v) => self.lap_version = Some(v),
            None => {
                self.lap_version = Some(LapVersion::V0_3);
                self.error_at(
                    d.offset + d.len + 1,
                    d.arg.len(),
                    format!("unsupported lap version `{}`", d.arg),
                    Some("this parser reads `@lap v0.1` to `@lap v0.3`"),
                );
            }
        }
    }

    /// `@api`, `@base`, `@version`: a text, once. lapsh writes `@api` with
    /// no name for a document without a title (relaxed grammar); an empty
    /// `@base` or `@version` is no value at all.
    pub(super) fn header_text(&mut self, d: Directive<'a>) {
        if !self.once(&d) {
            return;
        }
        let origin = self.syn.index.origin(d.offset);
        match d.name {
            Name::Api => {
                if d.arg.is_empty() {
                    self.relax(
                        d.offset,
                        d.len,
                        "`@api` has no name".to_owned(),
                        "read as an empty name",
                        "lapsh writes this for a document without a title; name the API after `@api`",
                    );
                }
                self.api.name = d.arg.to_owned();
                self.api.header.api = origin;
            }
            _ if d.arg.is_empty() => {
                self.error_at(
                    d.offset,
                    d.len,
                    format!("`@{}` needs a value", d.word),
                    None,
                );
            }
            Name::Base => {
                self.api.base_url = Some(d.arg.to_owned());
                self.api.header.base = origin;
            }
            _ => {
                self.api.version = Some(d.arg.to_owned());
                self.api.header.version = origin;
            }
        }
    }

    /// `@auth` in the header, or an endpoint's override.
    pub(super) fn auth(&mut self, d: Directive<'a>) {
        let schemes = parse_auth(d.arg);
        if self.current.is_some() {
            if self.endpoint_once(&d) {
                if let Some(endpoint) = self.open_endpoint() {
                    endpoint.details.auth = Some(schemes);
                }
            }
            return;
        }
        if !self.once(&d) {
            return;
        }
        if d.arg.is_empty() {
            self.error_at(d.offset, d.len, "`@auth` needs a value".to_owned(), None);
            return;
        }
        self.api.auth = schemes;
        self.api.header.auth = self.syn.index.origin(d.offset);
    }

    pub(super) fn common_fields(&mut self, d: Directive<'a>) {
        if !self.once(&d) {
            return;
        }
        if let Some(fields) = self.fields_arg(&d, d.rest, Close::EndOfLine) {
            self.api.common_fields = fields;
            self.api.header.common_fields = self.syn.index.origin(d.offset);
        }
    }

    pub(super) fn endpoints(&mut self, d: Directive<'a>) {
        if !self.once(&d) {
            return;
        }
        match d.arg.parse::<u32>() {
            Ok(n) => {
                // Room for the endpoints declared, up to what the file can
                // hold (an endpoint line is more than 16 bytes).
                let room = (n as usize).min(self.syn.source.len() / 16);
                self.api.endpoints.reserve(room);
                self.endpoint_keys.reserve(room);
                self.declared = Some((n, d.offset));
            }
            Err(_) => self.error_at(
                d.offset + d.len + 1,
                d.arg.len(),
                format!("`@endpoints` expects a count, found `{}`", d.arg),
                Some("write the number of endpoints in the file, as in `@endpoints 15`"),
            ),
        }
    }

    /// `@toc` is derived data: a malformed one is a warning, and the printer
    /// recomputes it.
    pub(super) fn toc_line(&mut self, d: Directive<'a>) {
        if !self.once(&d) {
            return;
        }
        match toc_entries(d.arg) {
            Some(entries) => self.toc = Some((entries, d.offset)),
            None => self.warn_at(
                d.offset,
                d.len,
                format!("malformed `@toc {}`; ignored", d.arg),
                Some("entries are `name(count)`, separated by commas; `cargo xtask lap fmt` rewrites the line"),
            ),
        }
    }

    /// A `@toc` that does not match the endpoints read is a warning.
    pub(super) fn check_toc(&mut self) {
        let Some((entries, at)) = self.toc.take() else {
            return;
        };
        let computed = toc_counts(&self.api);
        let same = entries.len() == computed.len()
            && entries
                .iter()
                .zip(&computed)
                .all(|((n, c), (m, d))| n == m && c == d);
        if !same {
            fn show<N: std::fmt::Display>(e: &[(N, u32)]) -> String {
                e.iter()
                    .map(|(n, c)| format!("{n}({c})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            let message = format!(
                "`@toc {}` does not match the endpoints, which give `{}`",
                show(&entries),
                show(&computed)
            );
            self.warn_at(
                at,
                4,
                message,
                Some("`cargo xtask lap fmt` rewrites the table of contents"),
            );
        }
    }

    pub(super) fn group(&mut self, d: Directive<'a>) {
        self.close_endpoint();
        if let Some((name, at)) = &self.group {
            let (line, _) = self.syn.index.position(*at);
            let message = format!("`@group` inside the open group `{name}` (line {line})");
            self.error_at(
                d.offset,
                d.len,
                message,
                Some("close the open group with `@endgroup` first"),
            );
            return;
        }
        if d.arg.is_empty() {
            self.error_at(d.offset, d.len, "`@group` needs a name".to_owned(), None);
            return;
        }
        self.group = Some((d.arg.into(), d.offset));
    }

    pub(super) fn end_group(&mut self, d: Directive<'a>) {
        self.close_endpoint();
        if self.group.take().is_none() {
            self.error_at(
                d.offset,
                d.len,
                "`@endgroup` without an open `@group`".to_owned(),
                Some("remove it, or open the group with `@group NAME` before its endpoints"),
            );
        }
    }

    /// An unknown directive: a warning, and kept, so nothing is lost.
    pub(super) fn extension(&mut self, d: Directive<'a>) {
        self.warn_at(
            d.offset,
            d.len,
            format!("unknown directive `@{}`, kept as an extension", d.word),
            Some("newer lap versions may add directives; this parser keeps the line and prints it back"),
        );
        let ext = Extension {
            name: d.word.to_owned(),
            value: d.arg.to_owned(),
            origin: self.syn.index.origin(d.offset),
        };
        match self.open_endpoint() {
            Some(endpoint) => endpoint.details.extensions.push(ext),
            None => self.api.extensions.push(ext),
        }
    }
}

/// Reads an `@auth` value: alternatives separated by `|`. Text that names
/// no scheme this model knows (`oauth`, `mutual`, `Bearer (inferred from
/// docs)`) is kept verbatim as [`AuthScheme::Other`].
pub(crate) fn parse_auth(text: &str) -> Vec<AuthScheme> {
    text.split('|')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| match t {
            "Basic" => AuthScheme::Basic,
            "Bearer" => AuthScheme::Bearer,
            "OAuth2" => AuthScheme::OAuth2,
            _ => parse_api_key(t).unwrap_or_else(|| AuthScheme::Other(t.to_owned())),
        })
        .collect()
}

fn parse_api_key(text: &str) -> Option<AuthScheme> {
    let rest = text.strip_prefix("ApiKey ")?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    let location = |l: &str| match l {
        "header" => Some(ApiKeyLocation::Header),
        "query" => Some(ApiKeyLocation::Query),
        "cookie" => Some(ApiKeyLocation::Cookie),
        _ => None,
    };
    match words.as_slice() {
        [name, "in", loc] => Some(AuthScheme::ApiKey {
            name: (*name).to_owned(),
            location: location(loc)?,
        }),
        [one] => {
            let (loc, name) = one.split_once(':')?;
            if name.is_empty() {
                return None;
            }
            Some(AuthScheme::ApiKey {
                name: name.to_owned(),
                location: location(loc)?,
            })
        }
        _ => None,
    }
}
