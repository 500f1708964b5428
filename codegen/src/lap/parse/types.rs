//! `@type Name {fields}`.

use super::Parser;
use super::directive::Directive;
use crate::lap::syntax::{Close, first_word, ws};
use crate::model::TypeDef;

impl<'a> Parser<'a> {
    pub(super) fn type_def(&mut self, d: Directive<'a>) {
        let rest = ws(d.rest);
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            self.error_at(
                d.offset,
                d.len,
                format!(
                    "`@type` expects a name starting with an uppercase letter, found `{}`",
                    first_word(rest)
                ),
                Some("write `@type Name {field: str}`"),
            );
            return;
        }
        if let Some(first) = self.api.type_def(name).map(|t| t.origin.line) {
            self.error_at(
                d.offset,
                d.len,
                format!("duplicate `@type {name}` (first at line {first})"),
                None,
            );
            return;
        }
        if let Some(fields) = self.fields_arg(&d, &rest[name_len..], Close::EndOfLine) {
            self.api.types.push(TypeDef {
                name: name.to_owned(),
                fields,
                origin: self.syn.index.origin(d.offset),
            });
        }
    }
}
