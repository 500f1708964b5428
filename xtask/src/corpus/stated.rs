//! What a description states, in one shape for all three sides: lapsh's
//! compiler model, a lap file as our parser read it, and an OpenAPI
//! document as it is written. [`super::compare`] compares two of them.
//!
//! The document is read here with `serde_json` directly, not with our
//! import: the point of stage (c) is to check the import and the compile.

use serde_json::{Map, Value};

/// Where a parameter travels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Location {
    Path,
    Query,
    Header,
    Cookie,
    /// A top-level member of the JSON request body.
    Body,
    /// An `in` that OpenAPI does not define, as written.
    Other(String),
}

impl Location {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
            Location::Body => "body",
            Location::Other(s) => s,
        }
    }
}

/// A parameter or top-level body member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Param {
    pub name: String,
    /// `None` where the side does not say (lapsh's model lists names only).
    pub location: Option<Location>,
    pub required: bool,
    /// A body member marked `readOnly` (only a document says).
    pub read_only: bool,
}

/// One operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// Uppercase.
    pub method: String,
    pub path: String,
    /// Required ones first where the side orders them so (lap does).
    pub params: Vec<Param>,
    /// Success statuses (2xx), in order.
    pub responses: Vec<String>,
    /// The other statuses, `default` included where the side has it.
    pub errors: Vec<String>,
}

impl Endpoint {
    pub(crate) fn key(&self) -> (String, String) {
        (self.method.clone(), self.path.clone())
    }

    pub(crate) fn shown(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    pub(crate) fn names(&self, required: bool) -> Vec<&str> {
        self.params
            .iter()
            .filter(|p| p.required == required)
            .map(|p| p.name.as_str())
            .collect()
    }
}

/// A whole description.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stated {
    pub api: String,
    pub common_fields: Vec<String>,
    pub endpoints: Vec<Endpoint>,
}

/// lapsh's compiler model as `lapsh_dump.py` writes it.
pub(crate) fn from_lapsh_model(json: &Value) -> Result<Stated, String> {
    let strings = |v: Option<&Value>, what: &str| -> Result<Vec<String>, String> {
        v.and_then(Value::as_array)
            .ok_or_else(|| format!("lapsh model: `{what}` is not a list"))?
            .iter()
            .map(|s| {
                s.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("lapsh model: `{what}` holds a non-string"))
            })
            .collect()
    };
    let mut stated = Stated {
        api: json
            .get("api")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        common_fields: strings(json.get("common_fields"), "common_fields")?,
        endpoints: Vec::new(),
    };
    let endpoints = json
        .get("endpoints")
        .and_then(Value::as_array)
        .ok_or("lapsh model: no `endpoints` list")?;
    for ep in endpoints {
        let text = |key: &str| {
            ep.get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("lapsh model: an endpoint without `{key}`"))
        };
        let param = |required: bool| {
            move |name: String| Param {
                name,
                location: None,
                required,
                read_only: false,
            }
        };
        let mut params: Vec<Param> = strings(ep.get("required"), "required")?
            .into_iter()
            .map(param(true))
            .collect();
        params.extend(
            strings(ep.get("optional"), "optional")?
                .into_iter()
                .map(param(false)),
        );
        stated.endpoints.push(Endpoint {
            method: text("method")?.to_uppercase(),
            path: text("path")?,
            params,
            responses: strings(ep.get("responses"), "responses")?,
            errors: strings(ep.get("errors"), "errors")?,
        });
    }
    Ok(stated)
}

/// A model our parser read.
pub(crate) fn from_model(api: &codegen::model::Api) -> Stated {
    use codegen::model::ParamLocation;
    Stated {
        api: api.name.clone(),
        common_fields: api
            .common_fields
            .iter()
            .map(|f| f.name.to_string())
            .collect(),
        endpoints: api
            .endpoints
            .iter()
            .map(|ep| Endpoint {
                method: ep.method.as_str().to_owned(),
                path: ep.path.clone(),
                params: ep
                    .params
                    .iter()
                    .map(|p| Param {
                        name: p.field.name.to_string(),
                        location: Some(match p.location {
                            ParamLocation::Path => Location::Path,
                            ParamLocation::Query => Location::Query,
                            ParamLocation::Header => Location::Header,
                            ParamLocation::Body => Location::Body,
                        }),
                        required: p.field.required,
                        read_only: false,
                    })
                    .collect(),
                responses: ep.responses.iter().map(|r| r.status.to_string()).collect(),
                errors: ep.errors.iter().map(|e| e.status.to_string()).collect(),
            })
            .collect(),
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How deep `allOf` chains are followed in a body schema.
const MAX_CHAIN: usize = 64;

/// What an OpenAPI document states, read as OpenAPI 3 defines it: every
/// operation of `paths` with its path-item and operation parameters (an
/// operation's parameter replaces the path item's of the same name and
/// location; a path parameter is required, as OpenAPI requires), the
/// top-level members of its JSON request body (`$ref`s resolved, `allOf`
/// merged), and its response statuses.
pub(crate) fn from_document(doc: &Value) -> Stated {
    let reader = Document { root: doc };
    let mut stated = Stated {
        api: doc
            .pointer("/info/title")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        ..Stated::default()
    };
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return stated;
    };
    for (path, item) in paths {
        if path.starts_with("x-") {
            continue;
        }
        let Some(item) = reader.deref(item).and_then(Value::as_object) else {
            continue;
        };
        let shared = reader.parameters(item);
        for method in METHODS {
            let Some(op) = item.get(method).and_then(Value::as_object) else {
                continue;
            };
            let mut params = shared.clone();
            for p in reader.parameters(op) {
                match params
                    .iter_mut()
                    .find(|q| q.name == p.name && q.location == p.location)
                {
                    Some(slot) => *slot = p,
                    None => params.push(p),
                }
            }
            params.extend(reader.body_members(op));
            let mut responses = Vec::new();
            let mut errors = Vec::new();
            if let Some(codes) = op.get("responses").and_then(Value::as_object) {
                for code in codes.keys().filter(|c| !c.starts_with("x-")) {
                    let code = normalise_status(code);
                    if code.starts_with('2') {
                        responses.push(code);
                    } else {
                        errors.push(code);
                    }
                }
            }
            stated.endpoints.push(Endpoint {
                method: method.to_uppercase(),
                path: path.clone(),
                params,
                responses,
                errors,
            });
        }
    }
    stated
}

/// `4xx` is `4XX`, as lap writes a range.
fn normalise_status(code: &str) -> String {
    let b = code.as_bytes();
    if b.len() == 3 && b[1..].iter().all(|c| c.eq_ignore_ascii_case(&b'x')) {
        code.to_uppercase()
    } else {
        code.to_owned()
    }
}

struct Document<'a> {
    root: &'a Value,
}

impl<'a> Document<'a> {
    /// Follows local `$ref`s (`#/...`) to the value, `None` for a
    /// reference that leads nowhere (another file, a cycle).
    fn deref(&self, value: &'a Value) -> Option<&'a Value> {
        openapi_ref::follow(self.root, value).ok()
    }

    fn parameters(&self, owner: &Map<String, Value>) -> Vec<Param> {
        let Some(list) = owner.get("parameters").and_then(Value::as_array) else {
            return Vec::new();
        };
        let mut out: Vec<Param> = Vec::new();
        for p in list {
            let Some(p) = self.deref(p) else { continue };
            let Some(name) = p.get("name").and_then(Value::as_str) else {
                continue;
            };
            let location = match p.get("in").and_then(Value::as_str) {
                Some("path") => Location::Path,
                Some("query") => Location::Query,
                Some("header") => Location::Header,
                Some("cookie") => Location::Cookie,
                other => Location::Other(other.unwrap_or("(none)").to_owned()),
            };
            let required = location == Location::Path
                || p.get("required").and_then(Value::as_bool) == Some(true);
            let param = Param {
                name: name.to_owned(),
                location: Some(location),
                required,
                read_only: false,
            };
            // The same name and location twice in one list: the last counts.
            match out
                .iter_mut()
                .find(|q| q.name == param.name && q.location == param.location)
            {
                Some(slot) => *slot = param,
                None => out.push(param),
            }
        }
        out
    }

    /// The top-level members of the operation's JSON request body.
    fn body_members(&self, op: &Map<String, Value>) -> Vec<Param> {
        let Some(body) = op.get("requestBody").and_then(|b| self.deref(b)) else {
            return Vec::new();
        };
        let Some(content) = body.get("content").and_then(Value::as_object) else {
            return Vec::new();
        };
        let Some(schema) = content
            .iter()
            .find(|(media, _)| is_json(media))
            .and_then(|(_, m)| m.get("schema"))
        else {
            return Vec::new();
        };
        let mut members: Vec<Param> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        self.merge(schema, 0, &mut members, &mut required);
        for m in &mut members {
            m.required = required.contains(&m.name);
        }
        members
    }

    /// Adds the properties and required names of `schema` and of every
    /// `allOf` part of it, depth first, in order.
    fn merge(&self, schema: &'a Value, depth: usize, out: &mut Vec<Param>, req: &mut Vec<String>) {
        if depth > MAX_CHAIN {
            return;
        }
        let Some(schema) = self.deref(schema) else {
            return;
        };
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                self.merge(part, depth + 1, out, req);
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                let read_only = self
                    .deref(prop)
                    .and_then(|p| p.get("readOnly"))
                    .and_then(Value::as_bool)
                    == Some(true);
                let member = Param {
                    name: name.clone(),
                    location: Some(Location::Body),
                    required: false,
                    read_only,
                };
                match out.iter_mut().find(|m| m.name == *name) {
                    Some(slot) => *slot = member,
                    None => out.push(member),
                }
            }
        }
        if let Some(names) = schema.get("required").and_then(Value::as_array) {
            req.extend(names.iter().filter_map(Value::as_str).map(str::to_owned));
        }
    }
}

/// A media type whose essence is `application/json` or ends in `+json`
/// (parameters such as `; odata=minimalmetadata` do not change that).
fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_members_merge_all_of_through_refs() {
        let doc = serde_json::json!({
            "openapi": "3.0.0",
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path"}],
                "post": {
                    "parameters": [{"$ref": "#/components/parameters/Q"}],
                    "requestBody": {"content": {"application/json; odata=verbose": {"schema": {
                        "allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"b": {}}, "required": ["b"]}]
                    }}}},
                    "responses": {"201": {}, "4xx": {}, "default": {}}
                }
            }},
            "components": {
                "parameters": {"Q": {"name": "q", "in": "query"}},
                "schemas": {"Base": {"properties": {"a": {"readOnly": true}}}}
            }
        });
        let stated = from_document(&doc);
        let ep = &stated.endpoints[0];
        let names: Vec<_> = ep
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.required, p.read_only))
            .collect();
        assert_eq!(
            names,
            [
                ("id", true, false),
                ("q", false, false),
                ("a", false, true),
                ("b", true, false)
            ]
        );
        assert_eq!(ep.responses, ["201"]);
        assert_eq!(ep.errors, ["4XX", "default"]);
    }
}
