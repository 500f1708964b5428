//! OpenAPI -> `@lap v0.3` (`cargo xtask lap compile`), the way lapsh 0.7.1 writes it, so a new
//! PayPal release refreshes `spec/disputes.lap` with one command.
//!
//! The import keeps everything; lapsh's conventions then shape it:
//! - `@desc` is the operation's `summary`, else the first line of its
//!   `description`;
//! - `@required`/`@optional` hold the path, query and header parameters, then
//!   the top-level fields of the JSON request body; object-typed body fields
//!   are spelled out two levels deep (`map{a!: str, b: map{...}}`), deeper
//!   objects are `map`; nested members carry `!` but no comments;
//! - `@returns(CODE) {fields} # description` for each 2xx: members to four
//!   levels, lists of objects as `[map]`, no `!`, no enums, no comments, `?`
//!   for nullable;
//! - `@errors {CODE: description, ...}` for the other statuses, without
//!   `default`;
//! - `@toc` by the first path segment after the version; `@group` blocks only
//!   when there is more than one group; `@hint download_for_search` above 20
//!   endpoints.
//!
//! Where lapsh loses information the model can keep, this compiler keeps it
//! (and says so in the README): single-value enums (`str()(ONLY)`), enums and
//! nullability of request members, defaults as JSON (`true`, not `True`).
//! lapsh's `@common_fields` extraction is not done: every endpoint lists all
//! its own parameters, which is what `spec check` compares.

use std::collections::HashMap;
use std::sync::Arc;

use crate::lap::path_group;
use crate::model::{Api, Field, Param, ParamLocation, Schema, StatusCode, Type};

use super::import::{ImportError, ImportWarning, Options, import_str_with};

/// Levels of members spelled out in a request body field (lapsh: 2).
const BODY_DEPTH: usize = 2;
/// Levels of members below a response's top-level fields (lapsh: 3).
const RESPONSE_DEPTH: usize = 3;

/// The compiled lap text and what the import could not represent.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// Canonical `@lap v0.3` text.
    pub lap: String,
    /// The model the text prints (lap's conventions applied).
    pub api: Api,
    /// From the import.
    pub warnings: Vec<ImportWarning>,
}

/// Compiles an OpenAPI document (JSON or YAML text) to lap.
pub fn compile(openapi: &str) -> Result<Compiled, ImportError> {
    // The conventions below write at most RESPONSE_DEPTH levels of members
    // under a top-level member (BODY_DEPTH for request bodies), so reading
    // more is wasted and, where `$ref`s expand exponentially, unbounded.
    let options = Options {
        member_levels: Some(RESPONSE_DEPTH.max(BODY_DEPTH)),
    };
    let mut imported = import_str_with(openapi, options)?;
    let mut warnings = imported.warnings;
    warnings.extend(one_line_header(&mut imported.api));
    warnings.extend(unwritable_paths(&mut imported.api));
    let mut api = lap_conventions(imported.api);
    warnings.extend(unwritable_names(&mut api));
    warnings.extend(path_named_parameters(&mut api));
    warnings.extend(unwritable_auth(&mut api));
    warnings.extend(unwritable_repeats(&mut api));
    warnings.extend(unstatable(&api));
    let lap = crate::lap::print(&api);
    warnings.extend(read_back(&api, &lap));
    Ok(Compiled { lap, api, warnings })
}

/// lap reads a name at most twice besides the path parameter (section 5,
/// rule 4: a query parameter, then a body member or a header); a third
/// parameter of one name is left out, with a warning, since the text
/// would not parse.
fn unwritable_repeats(api: &mut Api) -> Vec<ImportWarning> {
    let mut out = Vec::new();
    for ep in &mut api.endpoints {
        let pointer = super::pointer::operation_pointer(ep);
        let mut seen: Vec<&str> = Vec::new();
        let mut keep = Vec::with_capacity(ep.params.len());
        for p in &ep.params {
            let name = p.field.name.as_str();
            let earlier = seen.iter().filter(|n| **n == name).count();
            if p.location != ParamLocation::Path {
                seen.push(name);
            }
            let over = p.location != ParamLocation::Path && earlier >= 2;
            if over {
                out.push(ImportWarning {
                    pointer: pointer.clone(),
                    message: format!(
                        "a third parameter named `{name}` ({}); lap reads a name at most twice besides the path parameter, so it is left out",
                        p.location.as_str()
                    ),
                });
            }
            keep.push(!over);
        }
        let mut keep = keep.into_iter();
        ep.params.retain(|_| keep.next().unwrap_or(true));
    }
    out
}

/// What the printed lap reads back differently, parameter by parameter.
/// The test is the reading itself, in lenient mode (which reads every form
/// the printer writes), so the rule cannot drift from the parser's: a
/// header lap cannot mark, a required body member printed before an
/// optional query parameter of its name, and so on.
fn read_back(api: &Api, lap: &str) -> Vec<ImportWarning> {
    let read = match crate::lap::parse(lap) {
        Ok(parsed) => parsed.api,
        Err(e) => {
            let first = e
                .errors
                .first()
                .map_or_else(String::new, |d| d.message.clone());
            return vec![ImportWarning {
                pointer: String::new(),
                message: format!(
                    "the compiled lap does not read back ({first}); please report this document"
                ),
            }];
        }
    };
    let mut out = Vec::new();
    for (ep, back) in api.endpoints.iter().zip(&read.endpoints) {
        let pointer = super::pointer::operation_pointer(ep);
        let key = |p: &Param| (p.field.name.clone(), p.location, p.field.required);
        let mut unread: Vec<&Param> = back.params.iter().collect();
        let mut lost = Vec::new();
        for p in &ep.params {
            match unread.iter().position(|q| key(q) == key(p)) {
                Some(i) => {
                    unread.remove(i);
                }
                None => lost.push(p),
            }
        }
        for p in lost {
            let read_as = unread
                .iter()
                .position(|q| q.field.name == p.field.name)
                .map(|i| unread.remove(i));
            out.push(ImportWarning {
                pointer: pointer.clone(),
                message: match read_as {
                    Some(q) => format!(
                        "{} {} parameter `{}`: lap cannot say so and reads it back as a {} {} parameter",
                        required_word(p.field.required),
                        p.location.as_str(),
                        p.field.name,
                        required_word(q.field.required),
                        q.location.as_str()
                    ),
                    None => format!(
                        "{} parameter `{}` is not read back from the lap",
                        p.location.as_str(),
                        p.field.name
                    ),
                },
            });
        }
        for q in unread {
            out.push(ImportWarning {
                pointer: pointer.clone(),
                message: format!(
                    "lap reads a {} {} parameter `{}` the document does not state",
                    required_word(q.field.required),
                    q.location.as_str(),
                    q.field.name
                ),
            });
        }
    }
    out
}

fn required_word(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

/// `@api`, `@version` and `@base` are one line each. A version or title
/// with a line break (fuzz finding F15: a YAML string folded over lines) or
/// another control character is written with whitespace and control
/// characters collapsed to single spaces, a base URL with its whitespace
/// percent-encoded, each with a warning.
fn one_line_header(api: &mut Api) -> Vec<ImportWarning> {
    let mut out = Vec::new();
    let mut collapse = |value: &mut String, pointer: &str, what: &str| {
        if value.contains(|c: char| c.is_control()) {
            let joined = value
                .split(|c: char| c.is_whitespace() || c.is_control())
                .filter(|word| !word.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            out.push(ImportWarning {
                pointer: pointer.to_owned(),
                message: format!(
                    "the {what} holds line breaks or control characters; written on one line as `{joined}`"
                ),
            });
            *value = joined;
        }
    };
    collapse(&mut api.name, "/info/title", "title");
    if let Some(version) = &mut api.version {
        collapse(version, "/info/version", "version");
    }
    // Nothing but control characters collapses to nothing: no `@version`
    // (an empty one does not parse), as for a version that is not there.
    if api.version.as_deref().is_some_and(str::is_empty) {
        api.version = None;
    }
    if api.name.is_empty() {
        out.push(ImportWarning {
            pointer: "/info/title".to_owned(),
            message: "the title holds only control characters; the API is named `API`".to_owned(),
        });
        api.name = "API".to_owned();
    }
    if let Some(base) = &mut api.base_url
        && base.contains(char::is_whitespace)
    {
        let encoded = percent_encode_whitespace(base);
        out.push(ImportWarning {
            pointer: "/servers/0/url".to_owned(),
            message: format!("the server URL holds whitespace; written as `{encoded}`"),
        });
        *base = encoded;
    }
    out
}

/// Whitespace as `%XX` bytes, everything else as it is.
fn percent_encode_whitespace(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            c if c.is_whitespace() => {
                let mut utf8 = [0u8; 4];
                c.encode_utf8(&mut utf8)
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            }
            c => c.to_string(),
        })
        .collect()
}

/// Rewrites paths lap cannot write, with a warning each: a path must start
/// with `/` and hold no whitespace (fuzz finding F8). OpenAPI requires the
/// same; the importer keeps a bad path as written and warns.
fn unwritable_paths(api: &mut Api) -> Vec<ImportWarning> {
    let mut out = Vec::new();
    // Each endpoint's path as the document wrote it, if it was rewritten.
    let mut rewritten: Vec<Option<String>> = Vec::with_capacity(api.endpoints.len());
    for ep in &mut api.endpoints {
        let mut path = percent_encode_whitespace(&ep.path);
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        rewritten.push((path != ep.path).then(|| ep.path.clone()));
        if path != ep.path {
            out.push(ImportWarning {
                pointer: format!("/paths/{}", super::pointer::escape(&ep.path)),
                message: format!(
                    "path `{}` must start with `/` and hold no whitespace; written as `{path}`",
                    ep.path
                ),
            });
            ep.path = path;
        }
    }
    // A rewritten path may now be one the document has (`pets` beside
    // `/pets`, fuzz finding F13): the document's own endpoint stays, the
    // rewritten one is left out.
    let mut taken: std::collections::HashSet<(String, String)> = api
        .endpoints
        .iter()
        .zip(&rewritten)
        .filter(|(_, original)| original.is_none())
        .map(|(ep, _)| (ep.method.as_str().to_owned(), ep.path.clone()))
        .collect();
    let mut index = 0;
    api.endpoints.retain(|ep| {
        let original = rewritten.get(index).cloned().flatten();
        index += 1;
        let Some(original) = original else {
            return true;
        };
        if taken.insert((ep.method.as_str().to_owned(), ep.path.clone())) {
            return true;
        }
        out.push(ImportWarning {
            pointer: format!("/paths/{}", super::pointer::escape(&original)),
            message: format!(
                "path `{original}` written for lap is `{}`, which the document already has for {}; left out of the lap",
                ep.path, ep.method
            ),
        });
        false
    });
    // Braces that do not form `{name}` cannot be repaired without guessing
    // (fuzz finding F9): such endpoints are left out, each with a warning.
    api.endpoints
        .retain(|ep| match crate::lap::check_path(&ep.path).and_then(|()| {
            // A `{name}` lap cannot write as a field name (fuzz finding F10).
            match path_names(&ep.path).find(|name| !writable_name(name)) {
                Some(name) => Err(format!(
                    "path parameter `{name}` has a name lap cannot write (blanks, commas or a trailing `!`)"
                )),
                None => Ok(()),
            }
        }) {
            Ok(()) => true,
            Err(why) => {
                out.push(ImportWarning {
                    pointer: format!("/paths/{}", super::pointer::escape(&ep.path)),
                    message: format!(
                        "{why}; lap cannot write it, so `{} {}` is left out of the lap",
                        ep.method, ep.path
                    ),
                });
                false
            }
        });
    out
}

/// The `{name}`s of a path that passed `check_path`.
fn path_names(path: &str) -> impl Iterator<Item = &str> {
    path.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

/// Whether lap writes `name` so that it reads back as itself: after a
/// field with a comment (where free text must end before it), as an
/// optional member and as a required one (`name!:`). The test is the round
/// trip itself, as for `@auth`, so the rule cannot drift from the parser's:
/// brackets, braces, `#`, `@`, quotes and (leniently) blanks pass; commas and a
/// trailing `!` do not.
fn writable_name(name: &str) -> bool {
    if name.contains(['\n', '\r']) {
        return false;
    }
    let Some(fields) = read_back_fields(
        &format!("a: str # c, {name}: str, b: map{{{name}!: int}}"),
        crate::lap::Mode::Lenient,
    ) else {
        return false;
    };
    match fields.as_slice() {
        [_, plain, b] => {
            let nested = match &b.schema.ty {
                Type::Object(Some(members)) => members.as_slice(),
                _ => &[],
            };
            plain.name == name
                && !plain.required
                && matches!(nested, [m] if m.name == name && m.required)
        }
        _ => false,
    }
}

/// The fields of `@returns(200) {FIELDS}` in a one-endpoint lap file, as
/// `mode` reads them: the round trip the writability tests share.
fn read_back_fields(fields: &str, mode: crate::lap::Mode) -> Option<Vec<Field>> {
    let text = format!(
        "@lap v0.3\n@api T\n@endpoints 1\n@endpoint GET /x\n@returns(200) {{{fields}}}\n@end\n"
    );
    let parsed = crate::lap::parse_with(&text, mode).ok()?;
    parsed
        .api
        .endpoints
        .into_iter()
        .next()?
        .responses
        .into_iter()
        .next()?
        .fields
}

/// Whether a type's groups, `(format)(A/B)`, read back as this format and
/// these enum values. As for names, the test is the round trip through the
/// printer and the parser, so the rule cannot drift from either: values
/// with balanced parentheses pass (`0 (Private)`), a `/`, an unbalanced
/// parenthesis, a line break or blanks around a value do not.
fn writable_groups(format: Option<&str>, values: &[String]) -> bool {
    if format.is_some_and(|f| f.contains(['\n', '\r']))
        || values.iter().any(|v| v.contains(['\n', '\r']))
    {
        return false;
    }
    let mut schema = Schema::of(Type::String);
    schema.set_format(format.map(str::to_owned));
    schema.set_enum_values(values.to_vec());
    let fields = read_back_fields(
        &format!("a: {}", crate::lap::schema_text(&schema)),
        crate::lap::Mode::Strict,
    );
    let read = fields.as_ref().and_then(|f| f.first()).map(|f| &f.schema);
    read.is_some_and(|r| r.format() == format && r.enum_values() == values)
}

/// Drops the fields whose names lap cannot write (a space, a backtick, a
/// non-ASCII letter...), with a warning each: printing them would give lap
/// that does not parse (fuzz finding F7).
fn unwritable_names(api: &mut Api) -> Vec<ImportWarning> {
    let mut prune = Prune::default();
    prune.fields(&mut api.common_fields, "/");
    for def in &mut api.types {
        prune.fields(
            &mut def.fields,
            &openapi_ref::child("/components/schemas", &def.name),
        );
    }
    for ep in &mut api.endpoints {
        let pointer = format!(
            "/paths/{}/{}",
            super::pointer::escape(&ep.path),
            ep.method.as_str().to_lowercase()
        );
        ep.params.retain(|p| prune.keep(&p.field.name, &pointer));
        for p in &mut ep.params {
            prune.schema(&mut p.field.schema, &pointer);
        }
        for r in &mut ep.responses {
            if let Some(fields) = &mut r.fields {
                prune.fields(fields, &format!("{pointer}/responses/{}", r.status));
            }
        }
    }
    prune.out
}

/// The walk of [`unwritable_names`], with each verdict remembered: the
/// round trips are parses, and a large document asks about the same
/// names and formats hundreds of thousands of times.
#[derive(Default)]
struct Prune {
    out: Vec<ImportWarning>,
    names: HashMap<String, bool>,
    groups: HashMap<(Option<String>, Vec<String>), bool>,
}

impl Prune {
    fn keep(&mut self, name: &str, at: &str) -> bool {
        let keep = match self.names.get(name) {
            Some(known) => *known,
            None => {
                let verdict = writable_name(name);
                self.names.insert(name.to_owned(), verdict);
                verdict
            }
        };
        if !keep {
            self.out.push(ImportWarning {
                pointer: at.to_owned(),
                message: format!(
                    "field `{name}` has a name lap cannot write (a comma, a line break or a trailing `!`); left out of the lap"
                ),
            });
        }
        keep
    }

    fn writable(&mut self, format: Option<&str>, values: &[String]) -> bool {
        let key = (format.map(str::to_owned), values.to_vec());
        if let Some(known) = self.groups.get(&key) {
            return *known;
        }
        let verdict = writable_groups(format, values);
        self.groups.insert(key, verdict);
        verdict
    }

    fn fields(&mut self, fields: &mut Vec<Field>, at: &str) {
        fields.retain(|f| self.keep(&f.name, at));
        for f in fields {
            self.schema(&mut f.schema, at);
        }
    }

    fn schema(&mut self, schema: &mut Schema, at: &str) {
        // `str(fmt)(A/B)`: what does not read back as itself cannot be
        // written (fuzz finding F11); the test is the round trip.
        let values = schema.enum_values();
        if !values.is_empty() && !self.writable(None, values) {
            let bad = values
                .iter()
                .find(|v| !writable_groups(None, std::slice::from_ref(v)))
                .map_or_else(|| values.join("/"), Clone::clone);
            self.out.push(ImportWarning {
                pointer: at.to_owned(),
                message: format!(
                    "enum value `{bad}` cannot be written in lap's `(A/B)` (a `/`, an unbalanced parenthesis, a line break, blanks around it, or empty); the enum is left out of the lap (the type stays)"
                ),
            });
            schema.take_enum_values();
        }
        if let Some(format) = schema.format().map(str::to_owned)
            && !self.writable(Some(&format), &[])
        {
            self.out.push(ImportWarning {
                pointer: at.to_owned(),
                message: format!("format `{format}` cannot be written in lap's `(fmt)`; left out"),
            });
            schema.set_format(None);
        }
        match &mut schema.ty {
            Type::Object(Some(members)) => self.fields(members, at),
            Type::Array(items) => self.schema(Arc::make_mut(items), at),
            _ => {}
        }
    }
}

/// Drops the security schemes lap would read back as something else, with a
/// warning each: a blank HTTP scheme name (fuzz finding F14), text with a
/// `|` (lap's separator), a `#` or a line break. The test is the round
/// trip itself: the scheme printed alone must parse back as itself.
fn unwritable_auth(api: &mut Api) -> Vec<ImportWarning> {
    fn keep(
        schemes: &mut Vec<crate::model::AuthScheme>,
        pointer: &str,
        out: &mut Vec<ImportWarning>,
    ) {
        schemes.retain(|scheme| {
            let text = crate::lap::auth_text(std::slice::from_ref(scheme));
            let writable = !text.contains(['#', '\n', '\r'])
                && crate::lap::parse_auth(&text).as_slice() == std::slice::from_ref(scheme);
            if !writable {
                out.push(ImportWarning {
                    pointer: pointer.to_owned(),
                    message: format!(
                        "security scheme {scheme:?} cannot be written as a lap `@auth` value; left out of the lap"
                    ),
                });
            }
            writable
        });
    }
    let mut out = Vec::new();
    keep(&mut api.auth, "/components/securitySchemes", &mut out);
    for ep in &mut api.endpoints {
        let pointer = format!(
            "/paths/{}/{}/security",
            super::pointer::escape(&ep.path),
            ep.method.as_str().to_lowercase()
        );
        if let Some(details) = ep.details.get_mut()
            && let Some(schemes) = &mut details.auth
        {
            keep(schemes, &pointer, &mut out);
            if schemes.is_empty() {
                // lap cannot write an empty `@auth`: the endpoint is
                // written without one (the API's schemes then apply).
                details.auth = None;
            }
        }
    }
    out
}

/// lap reads a field named like one of its path's `{name}`s as that path
/// parameter, which must be required. A document may declare the name in
/// another location, optional (fuzz finding F12): it is written as
/// required, with a warning. (The importer keeps such a parameter where it
/// was declared, for `spec check` to report.)
fn path_named_parameters(api: &mut Api) -> Vec<ImportWarning> {
    let mut out = Vec::new();
    for ep in &mut api.endpoints {
        let pointer = format!(
            "/paths/{}/{}",
            super::pointer::escape(&ep.path),
            ep.method.as_str().to_lowercase()
        );
        let declared_path: Vec<crate::model::Name> = ep
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .map(|p| p.field.name.clone())
            .collect();
        for p in &mut ep.params {
            if p.field.required || !path_names(&ep.path).any(|n| n == p.field.name) {
                continue;
            }
            // Beside a declared path parameter of its name, an optional one
            // reads back as itself (section 5, rule 4).
            if declared_path.contains(&p.field.name) {
                continue;
            }
            out.push(ImportWarning {
                pointer: pointer.clone(),
                message: format!(
                    "optional {} parameter `{}` has the name of the path's `{{{}}}`; lap reads it as that path parameter, which is required, so it is written as required",
                    p.location.as_str(),
                    p.field.name,
                    p.field.name
                ),
            });
            p.field.required = true;
        }
    }
    out
}

/// Defaults lap's notation cannot hold (parameter locations are found by
/// [`read_back`]).
fn unstatable(api: &Api) -> Vec<ImportWarning> {
    let mut out = Vec::new();
    for ep in &api.endpoints {
        let pointer = format!(
            "/paths/{}/{}",
            super::pointer::escape(&ep.path),
            ep.method.as_str().to_lowercase()
        );
        for p in &ep.params {
            let name = &p.field.name;
            if let Some(d) = p
                .field
                .default
                .as_ref()
                .map(|d| d.text())
                .filter(|d| d.contains(" #"))
            {
                out.push(ImportWarning {
                    pointer: pointer.clone(),
                    message: format!(
                        "parameter `{name}`: default `{d}` contains ` #`, where lap starts a comment"
                    ),
                });
            }
        }
    }
    out
}

/// Shapes a full model the way lapsh writes a lap file.
pub fn lap_conventions(mut api: Api) -> Api {
    let groups: Vec<String> = api.endpoints.iter().map(|e| path_group(&e.path)).collect();
    let several = groups.iter().any(|g| *g != groups[0]);
    if api.endpoints.len() > 20 && !api.hints.iter().any(|h| h == "download_for_search") {
        api.hints.push("download_for_search".to_owned());
    }
    for (ep, group) in api.endpoints.iter_mut().zip(groups) {
        ep.group = several.then(|| group.into());
        // lapsh reads JSON bodies only: multipart parts are not lap fields.
        let json = ep.details.request_media_types.is_empty()
            || ep
                .details
                .request_media_types
                .iter()
                .any(|m| super::pointer::is_json(m));
        if !json {
            ep.params.retain(|p| p.location != ParamLocation::Body);
        }
        ep.description = ep
            .description
            .as_deref()
            .and_then(strip_html)
            .map(Into::into);
        for p in &mut ep.params {
            p.field.description = p
                .field
                .description
                .as_deref()
                .and_then(strip_html)
                .map(Into::into);
        }
        for r in &mut ep.responses {
            r.description = r
                .description
                .as_deref()
                .and_then(strip_html)
                .map(Into::into);
        }
        for e in &mut ep.errors {
            e.description = e
                .description
                .as_deref()
                .and_then(strip_html)
                .map(Into::into);
            // lap's `@errors` holds statuses and text, not bodies.
            e.fields = None;
        }
        // Non-body parameters first, as lapsh lists them.
        ep.params.sort_by_key(|p| p.location == ParamLocation::Body);
        for p in &mut ep.params {
            let depth = if p.location == ParamLocation::Body {
                BODY_DEPTH
            } else {
                0
            };
            request_member(&mut p.field.schema, depth);
        }
        for r in &mut ep.responses {
            if let Some(fields) = &mut r.fields {
                for f in fields {
                    response_field(f, RESPONSE_DEPTH);
                }
            }
        }
        ep.errors.retain(|e| e.status != StatusCode::Default);
    }
    api
}

/// lapsh's `strip_html`: entities decoded, then tags removed; `None` when
/// nothing is left (`&nbsp; <i class="fa"></i>`, seen in the corpus), since
/// an empty `@desc` does not parse.
fn strip_html(text: &str) -> Option<String> {
    let decoded = decode_entities(text);
    let mut out = String::with_capacity(decoded.len());
    let mut rest = decoded.as_str();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('>') {
            Some(close) if close > 0 => rest = &after[close + 1..],
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let out = out.trim();
    (!out.is_empty()).then(|| out.to_owned())
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let entity = after.find(';').filter(|&e| e <= 10).map(|e| &after[..e]);
        let decoded = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => {
                let num = e.strip_prefix('#')?;
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => num.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (entity, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e.len() + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Cuts a request member's schema to `depth` levels of spelled-out members.
fn request_member(schema: &mut Schema, depth: usize) {
    match &mut schema.ty {
        Type::Object(Some(members)) if depth == 0 => {
            let _ = members;
            schema.ty = Type::Object(None);
        }
        Type::Object(Some(members)) => {
            for m in members {
                m.description = None;
                m.default = None;
                m.deprecated = false;
                request_member(&mut m.schema, depth - 1);
            }
        }
        Type::Array(item) => request_member(Arc::make_mut(item), depth),
        _ => {}
    }
}

/// A response field as lapsh writes it: type, format, `?`, members.
fn response_field(field: &mut Field, depth: usize) {
    field.required = false;
    field.description = None;
    field.default = None;
    field.deprecated = false;
    response_schema(&mut field.schema, depth);
}

fn response_schema(schema: &mut Schema, depth: usize) {
    schema.take_enum_values();
    match &mut schema.ty {
        Type::Object(Some(members)) if depth == 0 || members.is_empty() => {
            schema.ty = Type::Object(None);
        }
        Type::Object(Some(members)) => {
            for m in members {
                response_field(m, depth - 1);
            }
        }
        // lapsh writes a list's items without members: `[map]`.
        Type::Array(item) => {
            let item = Arc::make_mut(item);
            response_schema(item, 0);
            item.nullable = false;
        }
        _ => {}
    }
}
