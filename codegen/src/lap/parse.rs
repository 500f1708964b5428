//! Directives to model: walks the logical lines, dispatches on the directive
//! name, checks the document structure (`@lap` first, `@endpoints N`
//! matching, `@end` present, groups closed) and recovers where each
//! parameter travels.

use std::collections::{HashMap, HashSet};

use super::diagnostic::{Diagnostic, LapError, LineIndex, Severity};
use super::lines::{Line, logical_lines};
use super::syntax::{
    Close, Syntax, SyntaxError, first_word, returns_code, status_code, toc_entries, ws,
};
use super::{LapVersion, Parsed, toc};
use crate::model::{
    Api, ApiKeyLocation, AuthScheme, Endpoint, ErrorResponse, Extension, Field, Method, Param,
    ParamLocation, Response, StatusCode, TypeDef, path_param_names,
};

/// Parses lap text into the model.
pub(crate) fn parse(source: &str) -> Result<Parsed, LapError> {
    let source_body = source.strip_prefix('\u{feff}').unwrap_or(source);
    let index = LineIndex::new(source);
    let lines = logical_lines(source_body);
    let type_names: HashSet<&str> = lines
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
        },
        errors: Vec::new(),
        warnings: Vec::new(),
        api: Api::default(),
        lap_version: None,
        seen: HashMap::new(),
        current: None,
        group: None,
        declared: None,
        toc: None,
        end: None,
        endpoint_keys: HashMap::new(),
    };
    for line in &lines {
        parser.line(*line);
    }
    parser.finish()
}

/// An endpoint while its block is being read.
struct Open {
    endpoint: Endpoint,
    offset: usize,
    len: usize,
    required: Vec<Field>,
    optional: Vec<Field>,
    seen: HashMap<&'static str, usize>,
}

struct Parser<'a> {
    syn: Syntax<'a>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    api: Api,
    lap_version: Option<LapVersion>,
    /// Header directives already given, with their offsets (duplicates are errors).
    seen: HashMap<&'static str, usize>,
    current: Option<Open>,
    group: Option<(String, usize)>,
    declared: Option<(u32, usize)>,
    toc: Option<(Vec<(String, u32)>, usize)>,
    end: Option<usize>,
    endpoint_keys: HashMap<(Method, String), usize>,
}

impl<'a> Parser<'a> {
    fn error_at(&mut self, offset: usize, len: usize, message: String, help: Option<&str>) {
        let d = self.syn.index.diagnostic(
            Severity::Error,
            offset,
            len,
            message,
            help.map(str::to_owned),
        );
        self.errors.push(d);
    }

    fn warn_at(&mut self, offset: usize, len: usize, message: String, help: Option<&str>) {
        let d = self.syn.index.diagnostic(
            Severity::Warning,
            offset,
            len,
            message,
            help.map(str::to_owned),
        );
        self.warnings.push(d);
    }

    fn syntax_error(&mut self, e: SyntaxError) {
        let d = self
            .syn
            .index
            .diagnostic(Severity::Error, e.offset, e.len, e.message, e.help);
        self.errors.push(d);
    }

    fn line(&mut self, line: Line<'a>) {
        let text = line.text;
        if text.starts_with('#') {
            return;
        }
        let Some(after_at) = text.strip_prefix('@') else {
            self.error_at(
                line.offset,
                first_word(text).len(),
                format!("expected a directive, found `{}`", first_word(text)),
                Some("every line is a directive starting with `@`, a `# comment`, or continues an open `{`"),
            );
            return;
        };
        let name_len = after_at
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after_at.len());
        let name = &after_at[..name_len];
        let rest = &after_at[name_len..];
        let arg = rest.trim();
        let offset = line.offset;
        let directive_len = name_len + 1;
        if let Some(end) = self.end {
            let (end_line, _) = self.syn.index.position(end);
            self.error_at(
                offset,
                directive_len,
                format!("`@{name}` after `@end` (line {end_line})"),
                Some("`@end` must be the last directive; move it to the end of the file"),
            );
            return;
        }
        if self.lap_version.is_none() && name != "lap" && !self.seen.contains_key("lap-missing") {
            self.seen.insert("lap-missing", offset);
            self.error_at(
                offset,
                directive_len,
                format!("expected `@lap v0.3` before `@{name}`"),
                Some("a lap file starts with its format version, `@lap v0.3`"),
            );
        }
        match name {
            "lap" => self.lap(offset, directive_len, arg),
            "api" => {
                if let Some(v) = self.header_value("api", offset, directive_len, arg) {
                    self.api.name = v;
                }
            }
            "base" => {
                if let Some(v) = self.header_value("base", offset, directive_len, arg) {
                    self.api.base_url = Some(v);
                }
            }
            "version" => {
                if let Some(v) = self.header_value("version", offset, directive_len, arg) {
                    self.api.version = Some(v);
                }
            }
            "auth" => {
                let schemes = parse_auth(arg);
                if self.current.is_some() {
                    if self.endpoint_once("auth", offset, directive_len) {
                        if let Some(open) = self.current.as_mut() {
                            open.endpoint.auth = Some(schemes);
                        }
                    }
                } else if self
                    .header_value("auth", offset, directive_len, arg)
                    .is_some()
                {
                    self.api.auth = schemes;
                }
            }
            "common_fields" => {
                if self.once("common_fields", offset, directive_len) {
                    if let Some(fields) =
                        self.fields_arg(rest, offset, directive_len, name, Close::EndOfLine)
                    {
                        self.api.common_fields = fields;
                    }
                }
            }
            "endpoints" => self.endpoints(offset, directive_len, arg),
            "hint" => self.api.hints.push(arg.to_owned()),
            "toc" => self.toc_line(offset, directive_len, arg),
            "type" => self.type_def(offset, directive_len, rest),
            "group" => self.group(offset, directive_len, arg),
            "endgroup" => {
                self.close_endpoint();
                if self.group.take().is_none() {
                    self.error_at(
                        offset,
                        directive_len,
                        "`@endgroup` without an open `@group`".to_owned(),
                        Some(
                            "remove it, or open the group with `@group NAME` before its endpoints",
                        ),
                    );
                }
            }
            "endpoint" => self.endpoint(offset, directive_len, arg),
            "end" => {
                self.close_endpoint();
                if !arg.is_empty() {
                    self.error_at(
                        offset + directive_len,
                        rest.len(),
                        "`@end` takes no argument".to_owned(),
                        None,
                    );
                }
                self.end = Some(offset);
            }
            "desc" | "body" | "required" | "optional" | "returns" | "errors"
            | "example_request" => {
                if self.current.is_none() {
                    self.error_at(
                        offset,
                        directive_len,
                        format!("`@{name}` outside an endpoint block"),
                        Some("endpoint directives follow an `@endpoint METHOD /path` line"),
                    );
                    return;
                }
                self.endpoint_directive(name, offset, directive_len, rest, arg);
            }
            _ => {
                self.warn_at(
                    offset,
                    directive_len,
                    format!("unknown directive `@{name}`, kept as an extension"),
                    Some("newer lap versions may add directives; this parser keeps the line and prints it back"),
                );
                let ext = Extension {
                    name: name.to_owned(),
                    value: arg.to_owned(),
                    origin: self.syn.index.origin(offset),
                };
                match self.current.as_mut() {
                    Some(open) => open.endpoint.extensions.push(ext),
                    None => self.api.extensions.push(ext),
                }
            }
        }
    }

    fn lap(&mut self, offset: usize, len: usize, arg: &str) {
        if let Some(first) = self.seen.get("lap").copied() {
            let (line, _) = self.syn.index.position(first);
            self.error_at(
                offset,
                len,
                format!("duplicate `@lap` (first at line {line})"),
                None,
            );
            return;
        }
        self.seen.insert("lap", offset);
        match LapVersion::parse(arg) {
            Some(v) => self.lap_version = Some(v),
            None => {
                self.lap_version = Some(LapVersion::V0_3);
                self.error_at(
                    offset + len + 1,
                    arg.len(),
                    format!("unsupported lap version `{arg}`"),
                    Some("this parser reads `@lap v0.1` to `@lap v0.3`"),
                );
            }
        }
    }

    /// Records a header directive that may appear once; false on a duplicate.
    fn once(&mut self, key: &'static str, offset: usize, len: usize) -> bool {
        if let Some(first) = self.seen.get(key).copied() {
            let (line, _) = self.syn.index.position(first);
            self.error_at(
                offset,
                len,
                format!("duplicate `@{key}` (first at line {line})"),
                Some("a header directive is given once; remove one of them"),
            );
            return false;
        }
        self.seen.insert(key, offset);
        true
    }

    fn header_value(
        &mut self,
        key: &'static str,
        offset: usize,
        len: usize,
        arg: &str,
    ) -> Option<String> {
        if !self.once(key, offset, len) {
            return None;
        }
        if arg.is_empty() {
            self.error_at(offset, len, format!("`@{key}` needs a value"), None);
            return None;
        }
        Some(arg.to_owned())
    }

    fn endpoint_once(&mut self, key: &'static str, offset: usize, len: usize) -> bool {
        let Some(open) = self.current.as_mut() else {
            return false;
        };
        if let Some(first) = open.seen.get(key).copied() {
            let (line, _) = self.syn.index.position(first);
            self.error_at(
                offset,
                len,
                format!("duplicate `@{key}` in this endpoint (first at line {line})"),
                None,
            );
            return false;
        }
        open.seen.insert(key, offset);
        true
    }

    /// Parses `{fields}` following a directive name.
    fn fields_arg(
        &mut self,
        rest: &'a str,
        offset: usize,
        len: usize,
        name: &str,
        close: Close,
    ) -> Option<Vec<Field>> {
        let open = ws(rest);
        if !open.starts_with('{') {
            self.error_at(
                offset,
                len,
                format!(
                    "`@{name}` expects a braced field list, found `{}`",
                    first_word(open)
                ),
                Some("write the fields in braces: `{name: str, count: int}`"),
            );
            return None;
        }
        match self.syn.field_list(open, close) {
            Ok((_, fields)) => Some(fields),
            Err(e) => {
                self.syntax_error(e);
                None
            }
        }
    }

    fn endpoints(&mut self, offset: usize, len: usize, arg: &str) {
        if !self.once("endpoints", offset, len) {
            return;
        }
        match arg.parse::<u32>() {
            Ok(n) => self.declared = Some((n, offset)),
            Err(_) => self.error_at(
                offset + len + 1,
                arg.len(),
                format!("`@endpoints` expects a count, found `{arg}`"),
                Some("write the number of endpoints in the file, as in `@endpoints 15`"),
            ),
        }
    }

    /// `@toc` is derived data: a malformed one is a warning, and the printer
    /// recomputes it.
    fn toc_line(&mut self, offset: usize, len: usize, arg: &str) {
        if !self.once("toc", offset, len) {
            return;
        }
        match toc_entries(arg) {
            Some(entries) => self.toc = Some((entries, offset)),
            None => self.warn_at(
                offset,
                len,
                format!("malformed `@toc {arg}`; ignored"),
                Some("entries are `name(count)`, separated by commas; `cargo xtask lap fmt` rewrites the line"),
            ),
        }
    }

    fn type_def(&mut self, offset: usize, len: usize, rest: &'a str) {
        let rest = ws(rest);
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            self.error_at(
                offset,
                len,
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
                offset,
                len,
                format!("duplicate `@type {name}` (first at line {first})"),
                None,
            );
            return;
        }
        if let Some(fields) =
            self.fields_arg(&rest[name_len..], offset, len, "type", Close::EndOfLine)
        {
            self.api.types.push(TypeDef {
                name: name.to_owned(),
                fields,
                origin: self.syn.index.origin(offset),
            });
        }
    }

    fn group(&mut self, offset: usize, len: usize, arg: &str) {
        self.close_endpoint();
        if let Some((name, at)) = &self.group {
            let (line, _) = self.syn.index.position(*at);
            let message = format!("`@group` inside the open group `{name}` (line {line})");
            self.error_at(
                offset,
                len,
                message,
                Some("close the open group with `@endgroup` first"),
            );
            return;
        }
        if arg.is_empty() {
            self.error_at(offset, len, "`@group` needs a name".to_owned(), None);
            return;
        }
        self.group = Some((arg.to_owned(), offset));
    }

    fn endpoint(&mut self, offset: usize, len: usize, arg: &str) {
        self.close_endpoint();
        let mut parts = arg.split_whitespace();
        let (Some(method_text), Some(path), None) = (parts.next(), parts.next(), parts.next())
        else {
            self.error_at(
                offset,
                len,
                format!("expected `@endpoint METHOD /path`, found `@endpoint {arg}`"),
                None,
            );
            return;
        };
        let Some(method) = Method::parse(method_text) else {
            self.error_at(
                offset + len + 1,
                method_text.len(),
                format!("unknown HTTP method `{method_text}`"),
                Some("use GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or TRACE"),
            );
            return;
        };
        let path_offset = offset + len + 1 + arg.find(path).unwrap_or(0);
        if let Err(message) = check_path(path) {
            self.error_at(
                path_offset,
                path.len(),
                message,
                Some("a path starts with `/` and names parameters as `{name}`"),
            );
            return;
        }
        if let Some(first) = self.endpoint_keys.get(&(method, path.to_owned())).copied() {
            let (line, _) = self.syn.index.position(first);
            self.error_at(
                offset,
                len,
                format!("duplicate endpoint `{method} {path}` (first at line {line})"),
                None,
            );
            return;
        }
        self.endpoint_keys.insert((method, path.to_owned()), offset);
        self.current = Some(Open {
            endpoint: Endpoint {
                method,
                path: path.to_owned(),
                description: None,
                auth: None,
                body_type: None,
                params: Vec::new(),
                responses: Vec::new(),
                errors: Vec::new(),
                example_request: None,
                group: self.group.as_ref().map(|(g, _)| g.clone()),
                operation_id: None,
                deprecated: false,
                request_media_types: Vec::new(),
                security: Vec::new(),
                extensions: Vec::new(),
                origin: self.syn.index.origin(offset),
            },
            offset,
            len: len + 1 + arg.len(),
            required: Vec::new(),
            optional: Vec::new(),
            seen: HashMap::new(),
        });
    }

    fn endpoint_directive(
        &mut self,
        name: &str,
        offset: usize,
        len: usize,
        rest: &'a str,
        arg: &str,
    ) {
        match name {
            "desc" if self.endpoint_once("desc", offset, len) => {
                if arg.is_empty() {
                    self.error_at(offset, len, "`@desc` needs a text".to_owned(), None);
                } else if let Some(open) = self.current.as_mut() {
                    open.endpoint.description = Some(arg.to_owned());
                }
            }
            "body" => {
                if !self.endpoint_once("body", offset, len) {
                    return;
                }
                let target = arg
                    .strip_prefix('→')
                    .or_else(|| arg.strip_prefix("->"))
                    .map(str::trim);
                match target {
                    Some(t) if self.syn.type_names.contains(t) => {
                        if let Some(open) = self.current.as_mut() {
                            open.endpoint.body_type = Some(t.to_owned());
                        }
                    }
                    Some(t) => self.error_at(
                        offset,
                        len,
                        format!("`@body` names the unknown type `{t}`"),
                        Some("define it with `@type Name {...}`"),
                    ),
                    None => self.error_at(
                        offset,
                        len,
                        format!("expected `@body → TypeName`, found `@body {arg}`"),
                        None,
                    ),
                }
            }
            "required" | "optional" => {
                let Some(fields) = self.fields_arg(rest, offset, len, name, Close::EndOfLine)
                else {
                    return;
                };
                let required = name == "required";
                let mut fields = fields;
                for f in &mut fields {
                    if !required && f.required {
                        let at = self.offset_of(f);
                        self.error_at(
                            at,
                            f.name.len(),
                            format!("`{}!` marks a required field inside `@optional`", f.name),
                            Some("move the field to `@required`, or drop the `!`"),
                        );
                    }
                    f.required = required;
                }
                if let Some(open) = self.current.as_mut() {
                    if required {
                        open.required.extend(fields);
                    } else {
                        open.optional.extend(fields);
                    }
                }
            }
            "returns" => self.returns(offset, len, rest),
            "errors" => self.errors_line(offset, len, rest),
            "example_request" => {
                if !self.endpoint_once("example_request", offset, len) {
                    return;
                }
                if serde_json::from_str::<serde_json::Value>(arg).is_err() {
                    self.warn_at(
                        offset,
                        len,
                        "`@example_request` is not valid JSON; kept verbatim".to_owned(),
                        None,
                    );
                }
                if let Some(open) = self.current.as_mut() {
                    open.endpoint.example_request = Some(arg.to_owned());
                }
            }
            _ => {}
        }
    }

    fn offset_of(&self, field: &Field) -> usize {
        // Origins are derived from offsets; recover the offset of the line start.
        let line = field.origin.line as usize;
        let mut offset = 0;
        for _ in 1..line {
            match self.syn.source[offset..].find('\n') {
                Some(i) => offset += i + 1,
                None => break,
            }
        }
        let column = field.origin.column as usize;
        offset
            + self.syn.source[offset..]
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(0, |(i, _)| i)
    }

    fn returns(&mut self, offset: usize, len: usize, rest: &'a str) {
        let Ok((after, status)) = returns_code(rest) else {
            self.error_at(
                offset,
                len,
                "expected `@returns(CODE)`".to_owned(),
                Some("write the status in parentheses right after the directive: `@returns(200)`"),
            );
            return;
        };
        let body = ws(after);
        let origin = self.syn.index.origin(offset);
        let mut response = Response {
            status,
            fields: None,
            description: None,
            origin,
        };
        if body.starts_with('{') {
            match self.syn.field_list(body, Close::EndOrComment) {
                Ok((tail, fields)) => {
                    response.fields = Some(fields);
                    let tail = ws(tail);
                    if let Some(desc) = tail.strip_prefix('#') {
                        let desc = desc.trim();
                        response.description = (!desc.is_empty()).then(|| desc.to_owned());
                    }
                }
                Err(e) => {
                    self.syntax_error(e);
                    return;
                }
            }
        } else {
            // `@returns(204) # text` is a comment-style description; a text
            // that itself starts with `#` or `{` is printed that way.
            let text = match body.strip_prefix('#') {
                Some(rest) if rest.is_empty() || rest.starts_with([' ', '\t']) => rest,
                _ => body,
            }
            .trim();
            response.description = (!text.is_empty()).then(|| text.to_owned());
        }
        if let Some(open) = self.current.as_mut() {
            if let Some(dup) = open.endpoint.responses.iter().find(|r| r.status == status) {
                let first = dup.origin.line;
                self.error_at(
                    offset,
                    len,
                    format!("duplicate `@returns({status})` (first at line {first})"),
                    None,
                );
                return;
            }
            open.endpoint.responses.push(response);
        }
    }

    fn errors_line(&mut self, offset: usize, len: usize, rest: &'a str) {
        let body = ws(rest);
        let inner = body
            .strip_prefix('{')
            .and_then(|b| b.trim_end().strip_suffix('}'));
        let Some(inner) = inner else {
            self.error_at(
                offset,
                len,
                "`@errors` expects `{CODE: text, ...}`".to_owned(),
                Some("write the errors in braces, as in `@errors {400: Bad request., 404: Not found.}`"),
            );
            return;
        };
        let mut entries: Vec<ErrorResponse> = Vec::new();
        for entry in split_error_entries(inner) {
            let entry_text = ws(entry);
            if entry_text.trim().is_empty() {
                continue;
            }
            let origin = self.syn.index.origin(self.syn.offset(entry_text));
            let Ok((after, status)) = status_code(entry_text) else {
                let e = self.syn.error(
                    entry_text,
                    first_word(entry_text).len(),
                    format!("expected a status code, found `{}`", first_word(entry_text)),
                );
                self.syntax_error(SyntaxError {
                    help: Some(
                        "each entry starts with a code such as 404, 4XX or default".to_owned(),
                    ),
                    ..e
                });
                return;
            };
            let mut error = ErrorResponse {
                status,
                error_type: None,
                description: None,
                fields: None,
                origin,
            };
            let after = after.trim_end();
            if let Some(text) = after.strip_prefix(':') {
                let mut text = text;
                if !text.starts_with([' ', '\t']) {
                    if let Some(colon) = text.find(':') {
                        let ty = &text[..colon];
                        if !ty.is_empty() && !ty.contains(char::is_whitespace) {
                            error.error_type = Some(ty.to_owned());
                            text = &text[colon + 1..];
                        }
                    }
                }
                let text = text.trim();
                error.description = (!text.is_empty()).then(|| text.to_owned());
            } else if !after.is_empty() {
                let e = self.syn.error(
                    after,
                    1,
                    format!(
                        "expected `:` after the status code {status}, found `{}`",
                        first_word(after)
                    ),
                );
                self.syntax_error(e);
                return;
            }
            let earlier = self
                .current
                .as_ref()
                .map_or(&[][..], |o| &o.endpoint.errors[..]);
            if let Some(dup) = earlier.iter().chain(&entries).find(|e| e.status == status) {
                let first = dup.origin.line;
                let at = self.syn.offset(entry_text);
                self.error_at(
                    at,
                    3,
                    format!("duplicate error status {status} (first at line {first})"),
                    None,
                );
                return;
            }
            entries.push(error);
        }
        if let Some(open) = self.current.as_mut() {
            open.endpoint.errors.extend(entries);
        }
    }

    /// Ends the open endpoint block: orders parameters, recovers their
    /// location and checks them against the path.
    fn close_endpoint(&mut self) {
        let Some(open) = self.current.take() else {
            return;
        };
        let Open {
            mut endpoint,
            offset,
            len,
            required,
            optional,
            ..
        } = open;
        let path_names: Vec<String> = path_param_names(&endpoint.path)
            .into_iter()
            .map(str::to_owned)
            .collect();
        let mut names: HashMap<String, u32> = HashMap::new();
        for field in required.into_iter().chain(optional) {
            if let Some(first) = names.get(&field.name) {
                let at = self.offset_of(&field);
                self.error_at(
                    at,
                    field.name.len(),
                    format!(
                        "duplicate parameter `{}` (first at line {first})",
                        field.name
                    ),
                    None,
                );
                continue;
            }
            names.insert(field.name.clone(), field.origin.line);
            let location = if path_names.contains(&field.name) {
                if !field.required {
                    let at = self.offset_of(&field);
                    self.error_at(
                        at,
                        field.name.len(),
                        format!("path parameter `{}` is in `@optional`", field.name),
                        Some("a path parameter is always required: move it to `@required`"),
                    );
                }
                ParamLocation::Path
            } else if endpoint.method.has_body() {
                ParamLocation::Body
            } else {
                ParamLocation::Query
            };
            endpoint.params.push(Param { location, field });
        }
        for missing in path_names.iter().filter(|n| !names.contains_key(*n)) {
            self.error_at(
                offset,
                len,
                format!(
                    "path parameter `{missing}` of `{} {}` is not declared",
                    endpoint.method, endpoint.path
                ),
                Some(&format!(
                    "add `{missing}: str` to this endpoint's `@required`"
                )),
            );
        }
        self.api.endpoints.push(endpoint);
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
        let source = self.syn.source;
        if self.lap_version.is_none() && !self.seen.contains_key("lap-missing") {
            self.error_at(
                0,
                0,
                "empty file: expected `@lap v0.3`".to_owned(),
                Some("a lap file starts with `@lap v0.3`, `@api NAME` and `@endpoints N`"),
            );
        }
        if self.lap_version.is_some() && !self.seen.contains_key("api") {
            let at = self.seen.get("lap").copied().unwrap_or(0);
            self.error_at(
                at,
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
                self.seen.get("lap").copied().unwrap_or(0),
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
        if let Some((entries, at)) = self.toc.take() {
            let computed = toc(&self.api);
            if entries != computed {
                let show = |e: &[(String, u32)]| {
                    e.iter()
                        .map(|(n, c)| format!("{n}({c})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                self.warn_at(
                    at,
                    4,
                    format!(
                        "`@toc {}` does not match the endpoints, which give `{}`",
                        show(&entries),
                        show(&computed)
                    ),
                    Some("`cargo xtask lap fmt` rewrites the table of contents"),
                );
            }
        }
        self.errors.sort_by_key(|d| d.offset);
        self.warnings.sort_by_key(|d| d.offset);
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
}

/// Splits the inside of `@errors {...}` at the commas that start a new entry
/// (a status code followed by `:`, `,` or the end). Commas inside texts stay.
fn split_error_entries(inner: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, _) in inner.match_indices(',') {
        let after = ws(&inner[i + 1..]);
        if let Ok((rest, _)) = status_code(after) {
            let rest = rest.trim_start();
            if rest.is_empty() || rest.starts_with([':', ',']) {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
        }
    }
    parts.push(&inner[start..]);
    parts
}

/// Reads an `@auth` value: alternatives separated by `|`.
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

/// Checks the shape of an endpoint path.
pub(crate) fn check_path(path: &str) -> Result<(), String> {
    if !path.starts_with('/') {
        return Err(format!("path `{path}` must start with `/`"));
    }
    let mut rest = path;
    while let Some(i) = rest.find(['{', '}']) {
        if rest.as_bytes()[i] == b'}' {
            return Err(format!("unbalanced `}}` in path `{path}`"));
        }
        let after = &rest[i + 1..];
        let Some(close) = after.find('}') else {
            return Err(format!("unclosed `{{` in path `{path}`"));
        };
        let name = &after[..close];
        if name.is_empty() || name.contains(['{', '/']) {
            return Err(format!("bad parameter `{{{name}}}` in path `{path}`"));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

impl StatusCode {
    /// Whether the status is a success (2XX).
    pub fn is_success(self) -> bool {
        matches!(self, StatusCode::Code(200..=299) | StatusCode::Range(2))
    }
}
