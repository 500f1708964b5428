//! An `@endpoint` block: its directives, and where each parameter travels.

use super::Parser;
use super::directive::{Directive, Name};
use crate::lap::lines::{trim, trim_end};
use crate::lap::search::{Hits, each_of_two};
use crate::lap::syntax::{
    Close, SyntaxError, first_blank, first_word, has_blank, returns_code, status_code, ws,
};
use crate::model::{
    Endpoint, ErrorResponse, Field, Method, Origin, Param, ParamLocation, Response, Schema, Type,
};

/// What the parser keeps of an endpoint while its block is being read.
/// The endpoint itself is the last of the model's endpoints from its
/// `@endpoint` line on ([`Parser::open_endpoint`]), written in place: an
/// `Endpoint` is 320 bytes, and moving it in and out of here was a
/// tenth of the memory a parse of Microsoft Graph wrote.
pub(super) struct Open<'a> {
    /// The names of the path's `{name}`s, in path order (the parser's
    /// list, reused from one endpoint to the next).
    path_names: Vec<&'a str>,
    /// The path as written.
    path: &'a str,
    method: Method,
    origin: Origin,
    offset: usize,
    len: usize,
    /// The `@required` and `@optional` fields as they come, each moved
    /// once into the parameter it becomes; its location is settled when
    /// the block closes (see [`Parser::locations`]).
    params: Vec<Param>,
    /// The offsets of the once-per-endpoint directives given, one slot
    /// each ([`Name::once_slot`]): in place, where a list cost an
    /// allocation for each of Microsoft Graph's 11,422 endpoints.
    seen: [Option<usize>; Name::ONCE_SLOTS],
}

impl<'a> Parser<'a> {
    pub(super) fn endpoint(&mut self, d: Directive<'a>) {
        self.close_endpoint();
        let arg = d.arg;
        let (method_text, path) = match first_blank(arg) {
            Some(i) => (&arg[..i], trim(&arg[i..])),
            None => (arg, ""),
        };
        if path.is_empty() {
            self.error_at(
                d.offset,
                d.len,
                format!("expected `@endpoint METHOD /path`, found `@endpoint {arg}`"),
                None,
            );
            return;
        }
        if has_blank(path) {
            self.relax(
                d.offset,
                d.len,
                format!("the path `{path}` has blanks in it"),
                "kept as written",
                "lapsh copies OpenAPI paths as they are; a path of your own encodes blanks as `%20`",
            );
        }
        let Some(method) = Method::parse(method_text) else {
            self.error_at(
                d.offset + d.len + 1,
                method_text.len(),
                format!("unknown HTTP method `{method_text}`"),
                Some("use GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or TRACE"),
            );
            return;
        };
        // `path` is a slice of `arg`: its offset is where it starts in it.
        let path_offset = d.offset + d.len + 1 + (path.as_ptr() as usize - arg.as_ptr() as usize);
        let mut path_names = std::mem::take(&mut self.path_names);
        path_names.clear();
        if let Err(message) = read_path(path, &mut path_names) {
            self.path_names = path_names;
            self.error_at(
                path_offset,
                path.len(),
                message,
                Some("a path starts with `/` and names parameters as `{name}`"),
            );
            return;
        }
        // One hash and one probe: a `get` before the `insert` was two of
        // each for every endpoint (2% of Microsoft Graph's parse).
        let first = match self.endpoint_keys.entry((method, path)) {
            std::collections::hash_map::Entry::Occupied(seen) => Some(*seen.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(d.offset);
                None
            }
        };
        if let Some(first) = first {
            let (line, _) = self.syn.index.position(first);
            self.error_at(
                d.offset,
                d.len,
                format!("duplicate endpoint `{method} {path}` (first at line {line})"),
                None,
            );
            return;
        }
        let origin = self.syn.index.origin(d.offset);
        self.api.endpoints.push(Endpoint {
            group: self.group.as_ref().map(|(g, _)| g.clone()),
            origin,
            ..Endpoint::new(method, path)
        });
        self.current = Some(Open {
            path,
            method,
            origin,
            offset: d.offset,
            len: d.len + 1 + arg.len(),
            params: Vec::new(),
            seen: [None; Name::ONCE_SLOTS],
            path_names,
        });
    }

    /// The endpoint whose block is being read.
    pub(super) fn open_endpoint(&mut self) -> Option<&mut Endpoint> {
        match self.current {
            Some(_) => self.api.endpoints.last_mut(),
            None => None,
        }
    }

    /// [`Parser::open_endpoint`], to read.
    fn open_endpoint_ref(&self) -> Option<&Endpoint> {
        self.current
            .as_ref()
            .and_then(|_| self.api.endpoints.last())
    }

    /// Records a directive that may appear once per endpoint; false on a duplicate.
    pub(super) fn endpoint_once(&mut self, d: &Directive<'_>) -> bool {
        let Some(open) = self.current.as_mut() else {
            return false;
        };
        let Some(slot) = d.name.once_slot() else {
            return true;
        };
        if let Some(first) = open.seen[slot] {
            let (line, _) = self.syn.index.position(first);
            self.error_at(
                d.offset,
                d.len,
                format!(
                    "duplicate `@{}` in this endpoint (first at line {line})",
                    d.word
                ),
                None,
            );
            return false;
        }
        open.seen[slot] = Some(d.offset);
        true
    }

    pub(super) fn endpoint_directive(&mut self, d: Directive<'a>) {
        match d.name {
            Name::Desc if self.endpoint_once(&d) => {
                if d.arg.is_empty() {
                    self.error_at(d.offset, d.len, "`@desc` needs a text".to_owned(), None);
                } else if let Some(endpoint) = self.open_endpoint() {
                    endpoint.description = Some(d.arg.into());
                }
            }
            Name::Body => self.body(d),
            Name::Required | Name::Optional => self.params(d),
            Name::Returns => self.returns(d),
            Name::Errors => self.errors_line(d),
            Name::ExampleRequest => {
                if !self.endpoint_once(&d) {
                    return;
                }
                if serde_json::from_str::<serde_json::Value>(d.arg).is_err() {
                    self.warn_at(
                        d.offset,
                        d.len,
                        "`@example_request` is not valid JSON; kept verbatim".to_owned(),
                        None,
                    );
                }
                if let Some(endpoint) = self.open_endpoint() {
                    endpoint.details.example_request = Some(d.arg.to_owned());
                }
            }
            _ => {}
        }
    }

    fn body(&mut self, d: Directive<'a>) {
        if !self.endpoint_once(&d) {
            return;
        }
        let target = d
            .arg
            .strip_prefix('→')
            .or_else(|| d.arg.strip_prefix("->"))
            .map(str::trim);
        match target {
            Some(t) if self.syn.type_names.contains(t) => {
                if let Some(endpoint) = self.open_endpoint() {
                    endpoint.details.body_type = Some(t.to_owned());
                }
            }
            Some(t) => self.error_at(
                d.offset,
                d.len,
                format!("`@body` names the unknown type `{t}`"),
                Some("define it with `@type Name {...}`"),
            ),
            None => self.error_at(
                d.offset,
                d.len,
                format!("expected `@body → TypeName`, found `@body {}`", d.arg),
                None,
            ),
        }
    }

    fn params(&mut self, d: Directive<'a>) {
        let Some(open) = self.current.as_mut() else {
            return;
        };
        // The fields go straight into the endpoint's parameters (put back
        // below), not through a list of their own.
        let mut params = std::mem::take(&mut open.params);
        let before = params.len();
        // Room for the path parameters lapsh may have left out, which the
        // block's end inserts.
        let extra = open.path_names.len();
        if !self.fields_into(&d, d.rest, Close::EndOfLine, &mut params, extra) {
            params.truncate(before);
        }
        let required = d.name == Name::Required;
        for p in &mut params[before..] {
            let f = &mut p.field;
            if !required && f.required {
                let at = self.syn.index.offset_of(f.origin);
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
            open.params = params;
        }
    }

    fn returns(&mut self, d: Directive<'a>) {
        let Ok((after, status)) = returns_code(d.rest) else {
            self.error_at(
                d.offset,
                d.len,
                "expected `@returns(CODE)`".to_owned(),
                Some("write the status in parentheses right after the directive: `@returns(200)`"),
            );
            return;
        };
        let body = ws(after);
        let origin = self.syn.index.origin(d.offset);
        let mut response = Response {
            status,
            fields: None,
            description: None,
            origin,
        };
        if body.starts_with('{') {
            let mut fields = Vec::new();
            match self.exact_list(body, Close::EndOrComment, &mut fields) {
                Some(tail) => {
                    response.fields = Some(fields);
                    let tail = ws(tail);
                    if let Some(desc) = tail.strip_prefix('#') {
                        let desc = trim(desc);
                        response.description = (!desc.is_empty()).then(|| desc.into());
                    }
                }
                None => return,
            }
        } else {
            // `@returns(204) # text` is a comment-style description; a text
            // that itself starts with `#` or `{` is printed that way.
            let text = trim(match body.strip_prefix('#') {
                Some(rest) if rest.is_empty() || rest.starts_with([' ', '\t']) => rest,
                _ => body,
            });
            response.description = (!text.is_empty()).then(|| text.into());
        }
        if let Some(open) = self.open_endpoint() {
            if let Some(dup) = open.responses.iter().find(|r| r.status == status) {
                let first = dup.origin.line;
                self.error_at(
                    d.offset,
                    d.len,
                    format!("duplicate `@returns({status})` (first at line {first})"),
                    None,
                );
                return;
            }
            open.responses.push(response);
        }
    }

    fn errors_line(&mut self, d: Directive<'a>) {
        let body = ws(d.rest);
        let inner = body
            .strip_prefix('{')
            .and_then(|b| trim_end(b).strip_suffix('}'));
        let Some(inner) = inner else {
            self.error_at(
                d.offset,
                d.len,
                "`@errors` expects `{CODE: text, ...}`".to_owned(),
                Some("write the errors in braces, as in `@errors {400: Bad request., 404: Not found.}`"),
            );
            return;
        };
        // An endpoint's first `@errors` list depends on nothing before it
        // (a later one is checked against the codes already given).
        if self
            .open_endpoint_ref()
            .is_some_and(|e| !e.errors.is_empty())
        {
            if let Some(entries) = self.read_errors(inner) {
                if let Some(endpoint) = self.open_endpoint() {
                    endpoint.errors.extend(entries);
                }
            }
            return;
        }
        let mut entries = Vec::new();
        let read = |p: &mut Self, out: &mut Vec<ErrorResponse>| {
            *out = p.read_errors(inner)?;
            Some(&body[body.len()..])
        };
        let kept = self.memo_list(
            |p| &mut p.error_lists,
            body,
            Close::EndOfLine,
            &mut entries,
            0,
            |e| e,
            Clone::clone,
            read,
        );
        if kept.is_none() {
            return;
        }
        if let Some(endpoint) = self.open_endpoint() {
            endpoint.errors = entries;
        }
    }

    /// The entries of an `@errors {...}` list (`inner` is inside its
    /// braces); `None` when one does not read (the error is reported).
    fn read_errors(&mut self, inner: &'a str) -> Option<Vec<ErrorResponse>> {
        let mut entries: Vec<ErrorResponse> = Vec::new();
        for entry in error_entries(inner) {
            let entry_text = ws(entry);
            if trim(entry_text).is_empty() {
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
                    help: Some("each entry starts with a code such as 404, 4XX or default".into()),
                    ..e
                });
                return None;
            };
            let mut error = ErrorResponse {
                status,
                error_type: None,
                description: None,
                fields: None,
                origin,
            };
            let after = trim_end(after);
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
                let text = trim(text);
                error.description = (!text.is_empty()).then(|| text.into());
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
                return None;
            }
            let earlier = self.open_endpoint_ref().map_or(&[][..], |e| &e.errors[..]);
            if let Some(dup) = earlier.iter().chain(&entries).find(|e| e.status == status) {
                let first = dup.origin.line;
                let at = self.syn.offset(entry_text);
                self.error_at(
                    at,
                    3,
                    format!("duplicate error status {status} (first at line {first})"),
                    None,
                );
                return None;
            }
            entries.push(error);
        }
        Some(entries)
    }

    /// Ends the open endpoint block: recovers where each parameter travels
    /// (the rule is in `docs/lap-grammar.md`, "Parameter locations") and
    /// adds the path parameters lapsh left out.
    pub(super) fn close_endpoint(&mut self) {
        let Some(open) = self.current.take() else {
            return;
        };
        let Open {
            path,
            method,
            origin,
            offset,
            len,
            mut params,
            path_names,
            ..
        } = open;
        // Required fields first, as `@required` then `@optional` (a stable
        // sort, and none at all in the usual order).
        if !params.is_sorted_by_key(|p| !p.field.required) {
            params.sort_by_key(|p| !p.field.required);
        }
        if distinct_names(&params) {
            self.place_distinct(method, &path_names, &mut params);
        } else {
            let locations = self.locations(method, &path_names, &params);
            let mut locations = locations.into_iter();
            params.retain_mut(|p| match locations.next().flatten() {
                Some(location) => {
                    p.location = location;
                    true
                }
                None => false,
            });
        }
        // The path's names no path parameter has, walked again for each
        // use rather than collected: Graph has 10,000 such endpoints.
        if missing_path_params(&path_names, &params).next().is_some() {
            const READING: &str =
                "read as a required path parameter (a `str`, or as `@common_fields` declares it)";
            let mut message = String::with_capacity(48 + 2 * path.len() + 2 + READING.len());
            message.push_str("path parameter ");
            let mut missing = 0;
            for (i, name) in missing_path_params(&path_names, &params).enumerate() {
                missing += 1;
                if i > 0 {
                    message.push_str(", ");
                }
                message.push('`');
                message.push_str(name);
                message.push('`');
            }
            message.push_str(" of `");
            message.push_str(method.as_str());
            message.push(' ');
            message.push_str(path);
            message.push_str("` is not declared");
            self.relax_at(
                offset,
                len,
                Some(origin),
                message,
                READING,
                "lapsh leaves out parameters declared on the path item; in your own file, add them to this endpoint's `@required`",
            );
            // Appended, each name checked against the parameters as given
            // (not the ones added before it), then moved after the
            // required ones by one rotation: an insert for each shifted
            // the optional ones once per name, and most of Graph's paths
            // have two to eight names (6 MB moved per parse).
            params.reserve_exact(missing);
            let at = params.iter().take_while(|p| p.field.required).count();
            let given = params.len();
            for &name in &path_names {
                let is_it = |p: &Param| p.location == ParamLocation::Path && p.field.name == name;
                if params[..given].iter().any(is_it) {
                    continue;
                }
                let common = self.api.common_fields.iter().find(|f| f.name == name);
                let mut field = common
                    .cloned()
                    .unwrap_or_else(|| Field::new(name, Schema::of(Type::String)));
                field.required = true;
                field.default = None;
                field.origin = origin;
                params.push(Param {
                    location: ParamLocation::Path,
                    field,
                });
            }
            let added = params.len() - given;
            params[at..].rotate_right(added);
        }
        if let Some(endpoint) = self.api.endpoints.last_mut() {
            endpoint.params = params;
        }
        self.path_names = path_names;
    }

    /// A path template name given only in `@optional`: lapsh writes a
    /// body or query member there when it dropped the path parameter of
    /// the same name. It is read as `inferred`, the path parameter is
    /// added, and the relaxation says so (an error under `--strict`).
    fn optional_path_parameter(&mut self, f: &Field, inferred: ParamLocation) {
        let at = self.syn.index.offset_of(f.origin);
        self.relax(
            at,
            f.name.len(),
            format!("path parameter `{}` is in `@optional`", f.name),
            format!(
                "read as a {} parameter of the same name; the path parameter is added",
                inferred.as_str()
            ),
            OPTIONAL_PATH_HELP,
        );
    }

    /// [`Parser::locations`] for the usual endpoint, whose names are all
    /// different: the same rule without its grouping, and without an
    /// allocation (Microsoft Graph has 22,000 endpoints).
    fn place_distinct(&mut self, method: Method, path_names: &[&str], params: &mut [Param]) {
        let inferred = if method.has_body() {
            ParamLocation::Body
        } else {
            ParamLocation::Query
        };
        for p in params {
            let f = &p.field;
            let is_path = path_names.contains(&f.name.as_str());
            p.location = if is_path && f.required {
                ParamLocation::Path
            } else {
                if is_path {
                    self.optional_path_parameter(f, inferred);
                }
                inferred
            };
        }
    }

    /// Where each field of an endpoint's lists travels, in order; `None`
    /// for one that cannot be placed (an error is reported).
    ///
    /// A name in the path template given in `@required` is the path
    /// parameter. Every other occurrence takes the location lap infers (a
    /// query parameter for GET/DELETE/HEAD/OPTIONS/TRACE, a body member
    /// for POST/PUT/PATCH); a name given twice besides is two parameters,
    /// as lapsh writes an operation's parameters before its body members:
    /// a query parameter then a body member (methods with a body), or a
    /// query parameter then a header (without).
    fn locations(
        &mut self,
        method: Method,
        path_names: &[&str],
        params: &[Param],
    ) -> Vec<Option<ParamLocation>> {
        let inferred = if method.has_body() {
            ParamLocation::Body
        } else {
            ParamLocation::Query
        };
        let second = if method.has_body() {
            [ParamLocation::Query, ParamLocation::Body]
        } else {
            [ParamLocation::Query, ParamLocation::Header]
        };
        let mut out = vec![None; params.len()];
        // The occurrences of each name, in file order, taken in the order
        // of their first occurrence: one sort, no map of vectors.
        let mut order: Vec<usize> = (0..params.len()).collect();
        order.sort_by(|&a, &b| {
            params[a]
                .field
                .name
                .cmp(&params[b].field.name)
                .then(a.cmp(&b))
        });
        let mut groups: Vec<&[usize]> = order
            .chunk_by(|&a, &b| params[a].field.name == params[b].field.name)
            .collect();
        groups.sort_unstable_by_key(|g| g[0]);
        for all in groups {
            let f = &params[all[0]].field;
            let is_path = path_names.contains(&f.name.as_str());
            if all.len() == 1 && !is_path {
                out[all[0]] = Some(inferred);
                continue;
            }
            let path_at = all
                .iter()
                .copied()
                .find(|&j| is_path && params[j].field.required);
            if let Some(j) = path_at {
                out[j] = Some(ParamLocation::Path);
            } else if is_path {
                self.optional_path_parameter(f, inferred);
            }
            let rest: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&j| Some(j) != path_at)
                .collect();
            let places: &[ParamLocation] = match rest.len() {
                0 => &[],
                1 => std::slice::from_ref(&inferred),
                2 => &second,
                _ => {
                    let j = rest[2];
                    let at = self.syn.index.offset_of(params[j].field.origin);
                    self.error_at(
                        at,
                        f.name.len(),
                        format!(
                            "parameter `{}` is given {} times; lap can tell at most two apart besides a path parameter",
                            f.name,
                            all.len()
                        ),
                        Some("remove the extra ones"),
                    );
                    &second
                }
            };
            for (&j, &place) in rest.iter().zip(places) {
                out[j] = Some(place);
            }
            if all.len() > 1 {
                let j = all[1];
                let first = params[all[0]].field.origin.line;
                let read: Vec<&str> = all
                    .iter()
                    .filter_map(|&k| out[k].map(|l| l.as_str()))
                    .collect();
                let at = self.syn.index.offset_of(params[j].field.origin);
                self.relax(
                    at,
                    f.name.len(),
                    format!("duplicate parameter `{}` (first at line {first})", f.name),
                    format!("read as {} parameters", read.join(" then ")),
                    "lapsh writes an operation's parameters and its body members in one list, so a name may come twice; in your own file, give each parameter once",
                );
            }
        }
        out
    }
}

/// The names of the path template that no path parameter has, in path
/// order.
fn missing_path_params<'p>(
    path_names: &'p [&'p str],
    params: &'p [Param],
) -> impl Iterator<Item = &'p str> + 'p {
    path_names.iter().copied().filter(|n| {
        !params
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.field.name == *n)
    })
}

const OPTIONAL_PATH_HELP: &str = "lapsh leaves out path-level parameters, so a member of this name is not the path parameter; in your own file, a path parameter is always required: move it to `@required`";

/// Whether no two parameters share a name: pairwise for the usual handful
/// (no allocation), by a sort for long lists.
fn distinct_names(params: &[Param]) -> bool {
    if params.len() <= 32 {
        return params
            .iter()
            .enumerate()
            .all(|(i, p)| params[i + 1..].iter().all(|q| q.field.name != p.field.name));
    }
    let mut names: Vec<&str> = params.iter().map(|p| p.field.name.as_str()).collect();
    names.sort_unstable();
    names.windows(2).all(|w| w[0] != w[1])
}

/// The entries of the inside of `@errors {...}`, split at the commas that
/// start a new entry (a status code followed by `:`, `,` or the end).
/// Commas inside texts stay.
fn error_entries(inner: &str) -> impl Iterator<Item = &str> {
    let mut start = Some(0);
    let mut from = 0;
    std::iter::from_fn(move || {
        let begin = start?;
        while let Some(i) = memchr::memchr(b',', &inner.as_bytes()[from..]).map(|i| from + i) {
            from = i + 1;
            let after = ws(&inner[i + 1..]);
            if let Ok((rest, _)) = status_code(after) {
                let rest = rest.trim_start();
                if rest.is_empty() || rest.starts_with([':', ',']) {
                    start = Some(i + 1);
                    return Some(&inner[begin..i]);
                }
            }
        }
        start = None;
        Some(&inner[begin..])
    })
}

/// Checks the shape of an endpoint path.
pub(crate) fn check_path(path: &str) -> Result<(), String> {
    read_path(path, &mut Vec::new())
}

/// [`check_path`], appending the names of the path's `{name}`s to
/// `names`: one search for the braces, where a search per segment and a
/// second walk for the names cost two of Microsoft Graph's 11,422 paths.
fn read_path<'p>(path: &'p str, names: &mut Vec<&'p str>) -> Result<(), String> {
    if !path.starts_with('/') {
        return Err(format!("path `{path}` must start with `/`"));
    }
    struct Names<'p, 'n> {
        path: &'p str,
        names: &'n mut Vec<&'p str>,
    }
    impl<'p> Hits for Names<'p, '_> {
        type Out = Result<(), String>;
        fn take(self, braces: impl Iterator<Item = usize>) -> Self::Out {
            path_names(self.path, braces, self.names)
        }
    }
    each_of_two(b'{', b'}', path.as_bytes(), Names { path, names })
}

/// [`read_path`] from the offsets of the path's braces, in order.
fn path_names<'p>(
    path: &'p str,
    braces: impl Iterator<Item = usize>,
    names: &mut Vec<&'p str>,
) -> Result<(), String> {
    /// The bytes that may make a name bad: a `{`, a `/`, ASCII blanks and
    /// controls, and every byte of a character that is not ASCII.
    const SUSPECT: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = b <= b' ' as usize || b >= 0x80 || b == b'{' as usize || b == b'/' as usize;
            b += 1;
        }
        table
    };
    let bytes = path.as_bytes();
    let mut open: Option<usize> = None;
    for i in braces {
        match (bytes[i], open) {
            (b'{', None) => open = Some(i + 1),
            (b'}', None) => return Err(format!("unbalanced `}}` in path `{path}`")),
            (b'}', Some(start)) => {
                let name = &path[start..i];
                // A path parameter is also a field name, which cannot hold
                // blanks. One lookup per byte; the exact tests only when a
                // byte could fail them.
                let suspect = name.bytes().any(|b| SUSPECT[usize::from(b)]);
                let bad = name.is_empty()
                    || (suspect
                        && (name.bytes().any(|b| b == b'{' || b == b'/') || has_blank(name)));
                if bad {
                    return Err(format!("bad parameter `{{{name}}}` in path `{path}`"));
                }
                names.push(name);
                open = None;
            }
            // A `{` inside a name: the name is bad, reported at its `}`.
            _ => {}
        }
    }
    match open {
        Some(_) => Err(format!("unclosed `{{` in path `{path}`")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::read_path;

    fn read(path: &str) -> Result<Vec<&str>, String> {
        let mut names = Vec::new();
        read_path(path, &mut names).map(|()| names)
    }

    #[test]
    fn a_path_gives_its_names_in_order() {
        assert_eq!(read("/a/{x}/b/{y-id}{z}"), Ok(vec!["x", "y-id", "z"]));
        assert_eq!(read("/"), Ok(vec![]));
        assert_eq!(read("/caf\u{e9}/{id}"), Ok(vec!["id"]));
    }

    #[test]
    fn each_bad_path_is_refused_with_what_is_wrong() {
        let cases = [
            ("x/{id}", "path `x/{id}` must start with `/`"),
            ("/a}", "unbalanced `}` in path `/a}`"),
            ("/{a}}", "unbalanced `}` in path `/{a}}`"),
            ("/{id", "unclosed `{` in path `/{id`"),
            ("/{a{b}", "bad parameter `{a{b}` in path `/{a{b}`"),
            ("/{a{b", "unclosed `{` in path `/{a{b`"),
            ("/{}", "bad parameter `{}` in path `/{}`"),
            ("/{a/b}", "bad parameter `{a/b}` in path `/{a/b}`"),
            ("/{a b}", "bad parameter `{a b}` in path `/{a b}`"),
            (
                "/{a\u{a0}b}",
                "bad parameter `{a\u{a0}b}` in path `/{a\u{a0}b}`",
            ),
        ];
        for (path, message) in cases {
            assert_eq!(read(path), Err(message.to_owned()), "{path}");
        }
        // A blank outside the braces is no parameter's business here.
        assert_eq!(read("/a b/{id}"), Ok(vec!["id"]));
        assert_eq!(read("/\u{e9}/{caf\u{e9}}"), Ok(vec!["caf\u{e9}"]));
    }
}
