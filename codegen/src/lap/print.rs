//! Model to canonical lap text.
//!
//! The output is what `cargo xtask lap fmt` writes: lapsh's layout (header,
//! `@toc`, `@type`s, endpoints with their `@group`s, `@end`), one directive
//! per line, parameters split into `@required` then `@optional`. Printing is
//! deterministic and `parse(print(m)) == m` for every model lap can express
//! (see `docs/lap-grammar.md` for the few values it cannot: enum values with
//! `/` or parentheses, line breaks in texts).

use std::fmt::Write as _;

use super::syntax::{Group, classify_group};
use super::toc;
use crate::model::{Api, AuthScheme, Endpoint, Field, Schema, Type};

/// Prints a model as canonical `@lap v0.3` text.
pub fn print(api: &Api) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("@lap v0.3\n");
    out.push_str("# Machine-readable API spec. Each @endpoint block is one API call.\n");
    line(&mut out, "@api ", &api.name);
    if let Some(base) = &api.base_url {
        line(&mut out, "@base ", base);
    }
    if let Some(version) = &api.version {
        line(&mut out, "@version ", version);
    }
    if !api.auth.is_empty() {
        line(&mut out, "@auth ", &auth(&api.auth));
    }
    if !api.common_fields.is_empty() {
        out.push_str("@common_fields ");
        fields(&mut out, &api.common_fields, true);
        out.push('\n');
    }
    let _ = writeln!(out, "@endpoints {}", api.endpoints.len());
    for hint in &api.hints {
        line(&mut out, "@hint ", hint);
    }
    let toc = toc(api);
    if !toc.is_empty() {
        let entries: Vec<String> = toc.iter().map(|(n, c)| format!("{n}({c})")).collect();
        line(&mut out, "@toc ", &entries.join(", "));
    }
    for ext in &api.extensions {
        extension(&mut out, &ext.name, &ext.value);
    }
    out.push('\n');
    for def in &api.types {
        let _ = write!(out, "@type {} ", def.name);
        fields(&mut out, &def.fields, true);
        out.push('\n');
    }
    if !api.types.is_empty() {
        out.push('\n');
    }
    let mut group: Option<&str> = None;
    for ep in &api.endpoints {
        let this = ep.group.as_deref();
        if this != group {
            if group.is_some() {
                out.push_str("@endgroup\n\n");
            }
            if let Some(name) = this {
                line(&mut out, "@group ", name);
            }
            group = this;
        }
        endpoint(&mut out, ep);
        out.push('\n');
    }
    if group.is_some() {
        out.push_str("@endgroup\n\n");
    }
    out.push_str("@end\n");
    out
}

fn line(out: &mut String, directive: &str, value: &str) {
    out.push_str(directive);
    out.push_str(value);
    out.push('\n');
}

fn extension(out: &mut String, name: &str, value: &str) {
    let _ = write!(out, "@{name}");
    if !value.is_empty() {
        out.push(' ');
        out.push_str(value);
    }
    out.push('\n');
}

/// An `@auth` value: the schemes, `|` between alternatives.
pub(crate) fn auth(schemes: &[AuthScheme]) -> String {
    schemes
        .iter()
        .map(|s| match s {
            AuthScheme::Basic => "Basic".to_owned(),
            AuthScheme::Bearer => "Bearer".to_owned(),
            AuthScheme::OAuth2 => "OAuth2".to_owned(),
            AuthScheme::ApiKey { name, location } => {
                format!("ApiKey {name} in {}", location.as_str())
            }
            AuthScheme::Other(text) => text.clone(),
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn endpoint(out: &mut String, ep: &Endpoint) {
    let _ = writeln!(out, "@endpoint {} {}", ep.method, ep.path);
    if let Some(desc) = &ep.description {
        line(out, "@desc ", desc);
    }
    if let Some(schemes) = &ep.details.auth {
        line(out, "@auth ", &auth(schemes));
    }
    if let Some(body) = &ep.details.body_type {
        line(out, "@body → ", body);
    }
    let required: Vec<Field> = ep.required_params().map(|p| p.field.clone()).collect();
    if !required.is_empty() {
        out.push_str("@required ");
        fields(out, &required, false);
        out.push('\n');
    }
    let optional: Vec<Field> = ep.optional_params().map(|p| p.field.clone()).collect();
    if !optional.is_empty() {
        out.push_str("@optional ");
        fields(out, &optional, false);
        out.push('\n');
    }
    for r in &ep.responses {
        let _ = write!(out, "@returns({})", r.status);
        match (&r.fields, &r.description) {
            (Some(f), desc) => {
                out.push(' ');
                fields(out, f, true);
                if let Some(desc) = desc {
                    out.push_str(" # ");
                    out.push_str(desc);
                }
            }
            (None, Some(desc)) => {
                // Plain text that looks like `{fields}` or `# text` is
                // written as a comment so it reads back as the same text.
                out.push_str(if desc.starts_with(['#', '{']) {
                    " # "
                } else {
                    " "
                });
                out.push_str(desc);
            }
            (None, None) => {}
        }
        out.push('\n');
    }
    if !ep.errors.is_empty() {
        let entries: Vec<String> = ep
            .errors
            .iter()
            .map(|e| {
                let mut s = e.status.to_string();
                if let Some(t) = &e.error_type {
                    let _ = write!(s, ":{t}:");
                    if let Some(d) = &e.description {
                        s.push(' ');
                        s.push_str(d);
                    }
                } else if let Some(d) = &e.description {
                    let _ = write!(s, ": {d}");
                }
                s
            })
            .collect();
        let _ = writeln!(out, "@errors {{{}}}", entries.join(", "));
    }
    if let Some(example) = &ep.details.example_request {
        line(out, "@example_request ", example);
    }
    for ext in &ep.details.extensions {
        extension(out, &ext.name, &ext.value);
    }
}

/// `{a: str, b!: int=1 # note}`; `bang` writes `!` for required members
/// (parameter lists say required-ness with `@required` instead).
fn fields(out: &mut String, list: &[Field], bang: bool) {
    out.push('{');
    for (i, f) in list.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&f.name);
        if bang && f.required {
            out.push('!');
        }
        out.push_str(": ");
        schema(out, &f.schema);
        if let Some(default) = &f.default {
            out.push('=');
            out.push_str(default.text());
        }
        if let Some(desc) = &f.description {
            out.push_str(" # ");
            out.push_str(desc);
        }
    }
    out.push('}');
}

/// A type expression as lap text.
pub(crate) fn schema_text(s: &Schema) -> String {
    let mut out = String::new();
    schema(&mut out, s);
    out
}

/// Writes a type expression.
pub(crate) fn schema(out: &mut String, s: &Schema) {
    match &s.ty {
        Type::Array(item) => {
            out.push('[');
            schema(out, item);
            out.push(']');
            if s.nullable {
                out.push('?');
            }
            return;
        }
        Type::String => out.push_str("str"),
        Type::Integer => out.push_str("int"),
        Type::Number => out.push_str("num"),
        Type::Boolean => out.push_str("bool"),
        Type::Any => out.push_str("any"),
        Type::File => out.push_str("file"),
        Type::Object(_) => out.push_str("map"),
        Type::Named(name) | Type::Unknown(name) => out.push_str(name),
        Type::Null => out.push_str("null"),
    }
    groups(out, s);
    if s.nullable {
        out.push('?');
    }
    if let Type::Object(Some(members)) = &s.ty {
        fields(out, members, true);
    }
}

/// `(format)`, `(A/B)` or `(format)(A/B)`, choosing the form the parser
/// reads back as the same thing.
fn groups(out: &mut String, s: &Schema) {
    let joined = s.enum_values().join("/");
    match (s.format(), s.enum_values()) {
        (None, []) => {}
        // A format that reads as an enum (`a/b`) gets an empty enum group.
        (Some(f), []) if classify_group(f) == Group::Format(f.to_owned()) => {
            let _ = write!(out, "({f})");
        }
        (None, values) if classify_group(&joined) == Group::Enum(values.to_vec()) => {
            let _ = write!(out, "({joined})");
        }
        (format, _) => {
            let _ = write!(out, "({})({joined})", format.unwrap_or(""));
        }
    }
}
