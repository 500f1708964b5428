//! Cross-check: does the lap spec agree with an OpenAPI document?
//!
//! Both sides are models: the lap as parsed, the OpenAPI document as
//! imported. Every endpoint, method and path must match; every parameter must
//! match in name, location, required, type, format, enum values, default and
//! nullability; every response status must match.
//!
//! What lap cannot express is not a disagreement:
//! - lap truncates nesting: a lap `map` (no members) matches any object, and
//!   a lap `any` matches anything;
//! - lap drops response enums and formats it was not given: a response field
//!   is compared on what the lap states;
//! - lap has no `4XX`, `5XX` or `default` error ranges in practice, no
//!   multipart bodies and no request bodies beyond its fields: an OpenAPI
//!   error range, the parts of a multipart or form body, a body that is not
//!   an object (JSON Patch), media types and operation ids are not compared;
//! - a prose default (one with spaces, such as `Current date and time`) is
//!   documentation, not a value, and is not compared;
//! - named types are compared by shape, never by name;
//! - lap infers where a parameter travels and cannot say `header`, nor
//!   `query` on POST/PUT/PATCH: such a parameter is compared on everything
//!   but its location.

use std::collections::{BTreeSet, HashSet};

use crate::model::{
    Api, Endpoint, Field, Method, Origin, Param, Schema, StatusCode, Type, path_key,
};
use crate::openapi::pointer::{escape, is_json, operation_pointer, param_pointer};

/// One disagreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// `METHOD /path`, or empty for document-level findings.
    pub endpoint: String,
    /// Where in the lap file.
    pub origin: Origin,
    /// JSON pointer into the OpenAPI document (references followed as if inlined).
    pub pointer: String,
    /// What differs: "lap says X, OpenAPI says Y".
    pub message: String,
}

/// Compares a lap model with the model imported from `document`; the raw
/// document makes the pointers exact (parameter indices, path-level
/// parameters).
pub fn compare(lap: &Api, openapi: &Api, document: &serde_json::Value) -> Vec<Disagreement> {
    let mut c = Checker {
        lap,
        openapi,
        document,
        out: Vec::new(),
    };
    c.endpoints();
    c.out
}

struct Checker<'a> {
    lap: &'a Api,
    openapi: &'a Api,
    document: &'a serde_json::Value,
    out: Vec<Disagreement>,
}

impl<'a> Checker<'a> {
    fn push(&mut self, ep: Option<&Endpoint>, origin: Origin, pointer: String, message: String) {
        self.out.push(Disagreement {
            endpoint: ep.map_or_else(String::new, |e| format!("{} {}", e.method, e.path)),
            origin,
            pointer,
            message,
        });
    }

    fn endpoints(&mut self) {
        let theirs: HashSet<(Method, &str)> = self
            .openapi
            .endpoints
            .iter()
            .map(|e| (e.method, e.path.as_str()))
            .collect();
        let ours: HashSet<(Method, &str)> = self
            .lap
            .endpoints
            .iter()
            .map(|e| (e.method, e.path.as_str()))
            .collect();
        for ep in &self.lap.endpoints {
            match self
                .openapi
                .endpoints
                .iter()
                .find(|o| o.method == ep.method && o.path == ep.path)
            {
                Some(other) => self.endpoint(ep, other),
                None => {
                    let hint = self
                        .openapi
                        .endpoints
                        .iter()
                        .find(|o| path_key(&o.path) == path_key(&ep.path) && o.method == ep.method)
                        .map(|o| {
                            format!(
                                " (it has `{} {}`: path parameter names differ)",
                                o.method, o.path
                            )
                        })
                        .unwrap_or_default();
                    self.push(
                        Some(ep),
                        ep.origin,
                        format!("/paths/{}", escape(&ep.path)),
                        format!("endpoint is in the lap but not in the OpenAPI document{hint}"),
                    );
                }
            }
        }
        for ep in &self.openapi.endpoints {
            if !ours.contains(&(ep.method, ep.path.as_str()))
                && theirs.contains(&(ep.method, ep.path.as_str()))
            {
                self.push(
                    Some(ep),
                    Origin::NONE,
                    operation_pointer(ep),
                    "endpoint is in the OpenAPI document but not in the lap".to_owned(),
                );
            }
        }
    }

    fn endpoint(&mut self, lap: &Endpoint, oa: &Endpoint) {
        let base = operation_pointer(oa);
        for p in &lap.params {
            match oa.params.iter().find(|q| q.field.name == p.field.name) {
                Some(q) => self.param(lap, p, q),
                None => self.push(
                    Some(lap),
                    p.field.origin,
                    format!("{base}/parameters"),
                    format!(
                        "parameter `{}` ({}) is in the lap but not in the OpenAPI document",
                        p.field.name,
                        p.location.as_str()
                    ),
                ),
            }
        }
        // lap has no multipart or form bodies: their parts are not lap fields.
        let json_body =
            oa.request_media_types.is_empty() || oa.request_media_types.iter().any(|m| is_json(m));
        for q in &oa.params {
            if q.location == crate::model::ParamLocation::Body && !json_body {
                continue;
            }
            if !lap.params.iter().any(|p| p.field.name == q.field.name) {
                self.push(
                    Some(lap),
                    lap.origin,
                    param_pointer(self.document, oa, q),
                    format!(
                        "parameter `{}` ({}) is in the OpenAPI document but not in the lap",
                        q.field.name,
                        q.location.as_str()
                    ),
                );
            }
        }
        let success = |e: &Endpoint| -> BTreeSet<StatusCode> {
            e.responses.iter().map(|r| r.status).collect()
        };
        let (ls, os) = (success(lap), success(oa));
        if ls != os {
            self.push(
                Some(lap),
                lap.origin,
                format!("{base}/responses"),
                format!(
                    "success responses differ: lap has {}, OpenAPI has {}",
                    list(&ls),
                    list(&os)
                ),
            );
        }
        let specific = |e: &Endpoint| -> BTreeSet<StatusCode> {
            e.errors
                .iter()
                .map(|x| x.status)
                .filter(|s| matches!(s, StatusCode::Code(_)))
                .collect()
        };
        let (le, oe) = (specific(lap), specific(oa));
        if le != oe {
            self.push(
                Some(lap),
                lap.origin,
                format!("{base}/responses"),
                format!(
                    "error responses differ: lap has {}, OpenAPI has {}",
                    list(&le),
                    list(&oe)
                ),
            );
        }
        for r in &lap.responses {
            let (Some(fields), Some(other)) = (
                &r.fields,
                oa.responses.iter().find(|o| o.status == r.status),
            ) else {
                continue;
            };
            let pointer = format!(
                "{base}/responses/{}/content/application~1json/schema",
                r.status
            );
            match &other.fields {
                Some(theirs) => {
                    for f in fields {
                        match theirs.iter().find(|g| g.name == f.name) {
                            Some(g) => self.schema(lap, f, &f.schema, &g.schema, &format!("{pointer}/properties/{}", escape(&f.name)), false),
                            None => self.push(
                                Some(lap),
                                f.origin,
                                format!("{pointer}/properties"),
                                format!("response {} field `{}` is in the lap but not in the OpenAPI document", r.status, f.name),
                            ),
                        }
                    }
                    for g in theirs {
                        if !fields.iter().any(|f| f.name == g.name) {
                            self.push(
                                Some(lap),
                                r.origin,
                                format!("{pointer}/properties/{}", escape(&g.name)),
                                format!("response {} field `{}` is in the OpenAPI document but not in the lap", r.status, g.name),
                            );
                        }
                    }
                }
                None => self.push(
                    Some(lap),
                    r.origin,
                    pointer,
                    format!("response {} has fields in the lap but no JSON body in the OpenAPI document", r.status),
                ),
            }
        }
    }

    fn param(&mut self, ep: &Endpoint, p: &Param, q: &Param) {
        let pointer = param_pointer(self.document, ep, q);
        let name = &p.field.name;
        if p.location != q.location && lap_can_state(q.location, ep.method) {
            self.push(
                Some(ep),
                p.field.origin,
                pointer.clone(),
                format!(
                    "parameter `{name}`: location: lap says {}, OpenAPI says {}",
                    p.location.as_str(),
                    q.location.as_str()
                ),
            );
        }
        if p.field.required != q.field.required {
            let word = |r: bool| if r { "required" } else { "optional" };
            self.push(
                Some(ep),
                p.field.origin,
                pointer.clone(),
                format!(
                    "parameter `{name}`: lap says {}, OpenAPI says {}",
                    word(p.field.required),
                    word(q.field.required)
                ),
            );
        }
        let lap_default = p
            .field
            .default
            .as_deref()
            .filter(|d| !d.contains(char::is_whitespace));
        let prose = p
            .field
            .default
            .as_deref()
            .is_some_and(|d| d.contains(char::is_whitespace));
        if !prose && lap_default != q.field.default.as_deref() {
            self.push(
                Some(ep),
                p.field.origin,
                format!("{pointer}/schema/default"),
                format!(
                    "parameter `{name}`: default: lap says {}, OpenAPI says {}",
                    lap_default.unwrap_or("none"),
                    q.field.default.as_deref().unwrap_or("none")
                ),
            );
        }
        self.schema(
            ep,
            &p.field,
            &p.field.schema,
            &q.field.schema,
            &format!("{pointer}/schema"),
            true,
        );
    }

    /// Compares two schemas; `strict` for request parameters, where the lap
    /// states formats and enums; response fields compare what the lap states.
    fn schema(
        &mut self,
        ep: &Endpoint,
        field: &Field,
        lap: &Schema,
        oa: &Schema,
        pointer: &str,
        strict: bool,
    ) {
        self.schema_at(ep, field, lap, oa, pointer, strict, &mut Vec::new());
    }

    #[allow(clippy::too_many_arguments)]
    fn schema_at(
        &mut self,
        ep: &Endpoint,
        field: &Field,
        lap: &Schema,
        oa: &Schema,
        pointer: &str,
        strict: bool,
        seen: &mut Vec<String>,
    ) {
        let differ = |what: &str, l: String, o: String| {
            format!("`{}`: {what}: lap says {l}, OpenAPI says {o}", field.name)
        };
        let lap_ty = self.lap.resolve(&lap.ty);
        let oa_ty = self.openapi.resolve(&oa.ty);
        let kind = |t: &Type| std::mem::discriminant(t);
        match (&lap_ty, &oa_ty) {
            (Type::Any, _) => return,
            (Type::Object(None), Type::Object(_)) => {}
            (Type::Object(Some(l)), Type::Object(Some(o))) => {
                for lf in l {
                    match o.iter().find(|of| of.name == lf.name) {
                        Some(of) => {
                            let key = format!("{pointer}/{}", lf.name);
                            if seen.contains(&key) || seen.len() > 32 {
                                continue;
                            }
                            seen.push(key);
                            if lf.required != of.required && strict {
                                self.push(
                                    Some(ep),
                                    lf.origin,
                                    format!("{pointer}/required"),
                                    differ(
                                        &format!("member `{}` required", lf.name),
                                        lf.required.to_string(),
                                        of.required.to_string(),
                                    ),
                                );
                            }
                            self.schema_at(
                                ep,
                                lf,
                                &lf.schema,
                                &of.schema,
                                &format!("{pointer}/properties/{}", escape(&lf.name)),
                                strict,
                                seen,
                            );
                        }
                        None => self.push(
                            Some(ep),
                            lf.origin,
                            format!("{pointer}/properties"),
                            format!(
                                "`{}`: member `{}` is in the lap but not in the OpenAPI document",
                                field.name, lf.name
                            ),
                        ),
                    }
                }
            }
            (Type::Object(Some(l)), Type::Object(None)) if !l.is_empty() => {
                self.push(
                    Some(ep),
                    field.origin,
                    pointer.to_owned(),
                    format!(
                        "`{}`: the lap lists members, the OpenAPI document has a free-form object",
                        field.name
                    ),
                );
            }
            (Type::Array(l), Type::Array(o)) => {
                self.schema_at(ep, field, l, o, &format!("{pointer}/items"), strict, seen);
            }
            (l, o) if kind(l) == kind(o) => {}
            (l, o) => {
                self.push(
                    Some(ep),
                    field.origin,
                    pointer.to_owned(),
                    differ("type", l.word().to_owned(), o.word().to_owned()),
                );
                return;
            }
        }
        if (lap.format.is_some() || strict) && lap.format != oa.format {
            self.push(
                Some(ep),
                field.origin,
                format!("{pointer}/format"),
                differ("format", opt(&lap.format), opt(&oa.format)),
            );
        }
        if !lap.enum_values.is_empty() || strict {
            let l: BTreeSet<&String> = lap.enum_values.iter().collect();
            let o: BTreeSet<&String> = oa.enum_values.iter().collect();
            if l != o {
                self.push(
                    Some(ep),
                    field.origin,
                    format!("{pointer}/enum"),
                    differ(
                        "enum values",
                        format!("{:?}", lap.enum_values),
                        format!("{:?}", oa.enum_values),
                    ),
                );
            }
        }
        if strict && lap.nullable != oa.nullable {
            self.push(
                Some(ep),
                field.origin,
                format!("{pointer}/nullable"),
                differ(
                    "nullable",
                    lap.nullable.to_string(),
                    oa.nullable.to_string(),
                ),
            );
        }
    }
}

/// lap infers locations (path, else query for GET-like methods, else body):
/// it has no way to say "header", nor "query" on a method with a body.
fn lap_can_state(location: crate::model::ParamLocation, method: Method) -> bool {
    use crate::model::ParamLocation::{Header, Query};
    !(location == Header || (location == Query && method.has_body()))
}

fn opt(s: &Option<String>) -> String {
    s.as_deref()
        .map_or_else(|| "none".to_owned(), |s| format!("`{s}`"))
}

fn list(set: &BTreeSet<StatusCode>) -> String {
    if set.is_empty() {
        return "none".to_owned();
    }
    set.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
