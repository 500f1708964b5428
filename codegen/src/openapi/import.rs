//! Import: any OpenAPI 3.0 document (JSON or YAML) to the model.
//!
//! The document is read as plain JSON values, not as typed OpenAPI, so that
//! a construct the model cannot hold is a warning naming its JSON pointer
//! rather than a failure to read the whole file. What is imported:
//! - local `$ref`s (`#/...`) everywhere a reference may stand, followed
//!   through chains; a schema that refers to itself is cut at the point of
//!   recursion (a `map`) with a warning;
//! - `allOf`: the parts' properties, `required` lists and keywords merged;
//! - `oneOf`/`anyOf`: one non-null alternative is that alternative made
//!   nullable; several alternatives are `any`, with a warning;
//! - parameters at path and operation level (the operation's win), request
//!   bodies in any media type (the JSON one is read, else the first form),
//!   all media types listed in the model, `default` and `4XX` responses;
//! - `readOnly` properties are left out of request bodies and `writeOnly`
//!   ones out of responses; `deprecated` on operations, parameters and
//!   properties.
//!
//! The model keeps nesting to any depth (lap's truncation is a convention of
//! `lap compile`, see [`crate::openapi::compile`]).

use serde_json::{Map, Value};

use super::pointer::{escape, is_json};

use crate::model::{
    Api, ApiKeyLocation, AuthScheme, Endpoint, ErrorResponse, Field, Method, Origin, Param,
    ParamLocation, Response, Schema, SchemeScopes, SecurityRequirement, StatusCode, Type,
};

/// The imported model and what could not be represented.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The API as the model holds it.
    pub api: Api,
    /// Constructs the model cannot hold, each at its JSON pointer.
    pub warnings: Vec<ImportWarning>,
}

/// Something in the document that the model cannot represent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportWarning {
    /// JSON pointer of the construct (`/paths/~1pets/get/...`).
    pub pointer: String,
    /// What was done with it.
    pub message: String,
}

impl std::fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}: {}", self.pointer, self.message)
    }
}

/// Why a document could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Neither JSON nor YAML.
    #[error("{line}:{column}: not valid {format}: {message}")]
    Syntax {
        /// `JSON` or `YAML`, detected from the first character.
        format: &'static str,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the reader said.
        message: String,
    },
    /// Valid JSON/YAML, but not an OpenAPI 3.0 document.
    #[error("#{pointer}: {message}")]
    NotOpenApi {
        /// JSON pointer of the offending node.
        pointer: String,
        /// What is wrong and how to fix it.
        message: String,
    },
}

/// Reads a document from text: JSON when it starts with `{`, YAML otherwise.
pub fn import_str(text: &str) -> Result<Imported, ImportError> {
    import_value(&parse_document(text)?)
}

/// Reads JSON or YAML text into a JSON value (detected by content).
pub fn parse_document(text: &str) -> Result<Value, ImportError> {
    let body = text.trim_start_matches('\u{feff}');
    if body.trim_start().starts_with('{') {
        serde_json::from_str(body).map_err(|e| ImportError::Syntax {
            format: "JSON",
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    } else {
        serde_yaml_ng::from_str(body).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            ImportError::Syntax {
                format: "YAML",
                line,
                column,
                message: e.to_string(),
            }
        })
    }
}

/// Imports a parsed document.
pub fn import_value(doc: &Value) -> Result<Imported, ImportError> {
    let root = doc.as_object().ok_or_else(|| ImportError::NotOpenApi {
        pointer: String::new(),
        message: "the document is not an object; expected an OpenAPI 3.0 document".to_owned(),
    })?;
    let mut importer = Importer {
        doc,
        warnings: Vec::new(),
        stack: Vec::new(),
    };
    importer.version(root)?;
    let api = importer.api(root)?;
    Ok(Imported {
        api,
        warnings: importer.warnings,
    })
}

/// Which way a schema travels: `readOnly` members are not sent, `writeOnly`
/// members are not received.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Request,
    Response,
}

/// Nesting beyond this is cut (a `map`), so hostile input cannot recurse
/// without bound.
const MAX_DEPTH: usize = 48;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

struct Importer<'a> {
    doc: &'a Value,
    warnings: Vec<ImportWarning>,
    /// `$ref` targets being imported, to cut recursion.
    stack: Vec<String>,
}

fn text(v: Option<&Value>) -> Option<String> {
    let s = v?.as_str()?;
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// A scalar as lap writes it: strings bare, everything else as JSON.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl<'a> Importer<'a> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(ImportWarning {
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    fn version(&mut self, root: &Map<String, Value>) -> Result<(), ImportError> {
        if root.contains_key("swagger") {
            return Err(ImportError::NotOpenApi {
                pointer: "/swagger".to_owned(),
                message: "Swagger 2.0 is not supported: convert the document to OpenAPI 3.0 first"
                    .to_owned(),
            });
        }
        match root.get("openapi").and_then(Value::as_str) {
            Some(v) if v.starts_with("3.0") => Ok(()),
            Some(v) if v.starts_with("3.1") => {
                self.warn("/openapi", format!("OpenAPI {v} is read as 3.0"));
                Ok(())
            }
            Some(v) => Err(ImportError::NotOpenApi {
                pointer: "/openapi".to_owned(),
                message: format!("unsupported OpenAPI version `{v}`; expected 3.0.x"),
            }),
            None => Err(ImportError::NotOpenApi {
                pointer: String::new(),
                message: "no `openapi` field: expected an OpenAPI 3.0 document (`openapi: 3.0.3`)"
                    .to_owned(),
            }),
        }
    }

    /// Follows `$ref` chains from `value` at `pointer`; returns the target
    /// and its pointer, or `None` (with a warning) when it cannot be followed.
    fn deref<'v>(&mut self, value: &'v Value, pointer: &str) -> Option<(&'v Value, String)>
    where
        'a: 'v,
    {
        let mut value = value;
        let mut pointer = pointer.to_owned();
        for _ in 0..32 {
            if value.get("$ref").is_none() {
                return Some((value, pointer));
            }
            (value, pointer) = self.deref_once(value, &pointer)?;
        }
        self.warn(
            &pointer,
            "reference chain longer than 32 links; imported as `any`",
        );
        None
    }

    fn api(&mut self, root: &Map<String, Value>) -> Result<Api, ImportError> {
        let info = root.get("info");
        let name = text(info.and_then(|i| i.get("title"))).unwrap_or_else(|| {
            self.warn("/info/title", "no title; the API is named `API`");
            "API".to_owned()
        });
        let version = info
            .and_then(|i| i.get("version"))
            .map(scalar)
            .filter(|v| !v.is_empty());
        let base_url = root
            .get("servers")
            .and_then(|s| s.get(0))
            .and_then(server_url);
        let auth = self.security_schemes(root);
        let global_security = root
            .get("security")
            .map(|s| (s, self.security_requirements(s, "/security")));
        let mut api = Api {
            name,
            base_url,
            version,
            auth,
            common_fields: Vec::new(),
            hints: Vec::new(),
            types: Vec::new(),
            endpoints: Vec::new(),
            extensions: Vec::new(),
        };
        let Some(paths) = root.get("paths") else {
            self.warn("/paths", "no `paths`: the API has no endpoints");
            return Ok(api);
        };
        let Some(paths) = paths.as_object() else {
            return Err(ImportError::NotOpenApi {
                pointer: "/paths".to_owned(),
                message: "`paths` is not an object".to_owned(),
            });
        };
        for (path, item) in paths {
            let item_pointer = format!("/paths/{}", escape(path));
            let Some((item, item_pointer)) = self.deref(item, &item_pointer) else {
                continue;
            };
            let Some(item_map) = item.as_object() else {
                self.warn(&item_pointer, "path item is not an object; skipped");
                continue;
            };
            if !path.starts_with('/') {
                self.warn(
                    &item_pointer,
                    format!("path `{path}` does not start with `/`"),
                );
            }
            let shared = item_map.get("parameters");
            for (key, op) in item_map {
                let op_pointer = format!("{item_pointer}/{key}");
                if !METHODS.contains(&key.as_str()) {
                    if !matches!(
                        key.as_str(),
                        "parameters" | "summary" | "description" | "servers" | "$ref"
                    ) && !key.starts_with("x-")
                    {
                        self.warn(
                            &op_pointer,
                            format!("unknown path item field `{key}`; ignored"),
                        );
                    }
                    continue;
                }
                let Some(method) = Method::parse(&key.to_uppercase()) else {
                    continue;
                };
                let Some(op) = op.as_object() else {
                    self.warn(&op_pointer, "operation is not an object; skipped");
                    continue;
                };
                let endpoint = self.endpoint(
                    method,
                    path,
                    op,
                    &op_pointer,
                    shared,
                    &item_pointer,
                    global_security.as_ref(),
                    &api.auth,
                );
                debug_assert!(
                    self.stack.is_empty(),
                    "unbalanced $ref stack: {:?}",
                    self.stack
                );
                self.stack.clear();
                api.endpoints.push(endpoint);
            }
        }
        Ok(api)
    }

    fn security_schemes(&mut self, root: &Map<String, Value>) -> Vec<AuthScheme> {
        let Some(schemes) = root
            .get("components")
            .and_then(|c| c.get("securitySchemes"))
            .and_then(Value::as_object)
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, scheme) in schemes {
            let pointer = format!("/components/securitySchemes/{}", escape(name));
            let Some((scheme, pointer)) = self.deref(scheme, &pointer) else {
                continue;
            };
            if let Some(s) = self.security_scheme(scheme, &pointer) {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }

    fn security_scheme(&mut self, scheme: &Value, pointer: &str) -> Option<AuthScheme> {
        let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
        Some(match kind {
            "oauth2" => AuthScheme::OAuth2,
            "http" => match scheme
                .get("scheme")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("basic") => AuthScheme::Basic,
                Some("bearer") | None => AuthScheme::Bearer,
                Some(other) => AuthScheme::Other(other.to_owned()),
            },
            "apiKey" => {
                let name = scheme.get("name").and_then(Value::as_str).unwrap_or("");
                let location = match scheme.get("in").and_then(Value::as_str) {
                    Some("header") => ApiKeyLocation::Header,
                    Some("query") => ApiKeyLocation::Query,
                    Some("cookie") => ApiKeyLocation::Cookie,
                    other => {
                        self.warn(
                            &format!("{pointer}/in"),
                            format!("apiKey location {other:?} is not header, query or cookie"),
                        );
                        return Some(AuthScheme::Other(format!("ApiKey {name}")));
                    }
                };
                if name.is_empty() {
                    self.warn(pointer, "apiKey scheme without a `name`");
                    return Some(AuthScheme::Other("ApiKey".to_owned()));
                }
                AuthScheme::ApiKey {
                    name: name.to_owned(),
                    location,
                }
            }
            "openIdConnect" => AuthScheme::Other("OpenIdConnect".to_owned()),
            other => {
                self.warn(pointer, format!("unknown security scheme type `{other}`"));
                return None;
            }
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn endpoint(
        &mut self,
        method: Method,
        path: &str,
        op: &Map<String, Value>,
        pointer: &str,
        shared: Option<&Value>,
        item_pointer: &str,
        global_security: Option<&(&Value, Vec<SecurityRequirement>)>,
        global_auth: &[AuthScheme],
    ) -> Endpoint {
        let description = text(op.get("summary")).or_else(|| {
            let first = op.get("description")?.as_str()?.lines().next()?;
            text(Some(&Value::String(first.to_owned())))
        });
        let mut ep = Endpoint {
            method,
            path: path.to_owned(),
            description,
            auth: None,
            body_type: None,
            params: Vec::new(),
            responses: Vec::new(),
            errors: Vec::new(),
            example_request: None,
            group: None,
            operation_id: op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_owned),
            deprecated: op.get("deprecated").and_then(Value::as_bool) == Some(true),
            request_media_types: Vec::new(),
            security: Vec::new(),
            extensions: Vec::new(),
            origin: Origin::NONE,
        };
        self.parameters(&mut ep, op.get("parameters"), pointer, shared, item_pointer);
        self.undeclared_path_parameters(&mut ep, pointer);
        if let Some(body) = op.get("requestBody") {
            self.request_body(&mut ep, body, &format!("{pointer}/requestBody"));
        }
        match op.get("responses") {
            Some(responses) => self.responses(&mut ep, responses, &format!("{pointer}/responses")),
            None => self.warn(pointer, "operation without `responses`"),
        }
        match op.get("security") {
            Some(security) => {
                ep.security = self.security_requirements(security, &format!("{pointer}/security"));
                if Some(security) != global_security.map(|(v, _)| *v) {
                    ep.auth = operation_auth(&ep.security, global_auth)
                        .map_err(|message| {
                            self.warn(&format!("{pointer}/security"), message);
                        })
                        .ok()
                        .flatten();
                }
            }
            None => ep.security = global_security.map(|(_, r)| r.clone()).unwrap_or_default(),
        }
        ep
    }

    /// OpenAPI requires every `{name}` of the path to be a declared path
    /// parameter; a document that forgets one still names it in the path,
    /// so it is kept as a required string, with a warning.
    fn undeclared_path_parameters(&mut self, ep: &mut Endpoint, pointer: &str) {
        let mut rest = ep.path.as_str();
        let mut missing = Vec::new();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            let declared = ep
                .params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.field.name == name);
            if !name.is_empty() && !declared && !missing.iter().any(|m: &String| m == name) {
                missing.push(name.to_owned());
            }
        }
        for name in missing {
            if let Some(other) = ep.params.iter().find(|p| p.field.name == name) {
                // Kept as declared: `spec check` reports the location, and
                // lap reads a name in the path as a path parameter anyway.
                let location = other.location;
                self.warn(
                    &format!("{pointer}/parameters"),
                    format!("`{name}` is in the path but declared in {location:?}, not path"),
                );
                continue;
            }
            self.warn(
                &format!("{pointer}/parameters"),
                format!("path parameter `{name}` is in the path but not declared; imported as a required string"),
            );
            let mut field = Field::new(name, Schema::of(Type::String));
            field.required = true;
            ep.params.push(Param {
                location: ParamLocation::Path,
                field,
            });
        }
    }

    /// Reads an OpenAPI `security` list: each entry one requirement, its
    /// schemes resolved through `components/securitySchemes`.
    fn security_requirements(
        &mut self,
        security: &Value,
        pointer: &str,
    ) -> Vec<SecurityRequirement> {
        let Some(requirements) = security.as_array() else {
            self.warn(pointer, "`security` is not a list; ignored");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, req) in requirements.iter().enumerate() {
            let Some(req) = req.as_object() else {
                self.warn(
                    &format!("{pointer}/{i}"),
                    "security requirement is not an object; ignored",
                );
                continue;
            };
            let mut schemes = Vec::new();
            for (name, scopes) in req {
                let target = format!("/components/securitySchemes/{}", escape(name));
                let Some(scheme) = self.doc.pointer(&target) else {
                    self.warn(
                        &format!("{pointer}/{i}"),
                        format!("security scheme `{name}` is not defined"),
                    );
                    continue;
                };
                let Some((scheme, sp)) = self.deref(scheme, &target) else {
                    continue;
                };
                let Some(scheme) = self.security_scheme(scheme, &sp) else {
                    continue;
                };
                let scopes = scopes
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                schemes.push(SchemeScopes { scheme, scopes });
            }
            out.push(SecurityRequirement { schemes });
        }
        out
    }

    fn parameters(
        &mut self,
        ep: &mut Endpoint,
        own: Option<&Value>,
        pointer: &str,
        shared: Option<&Value>,
        item_pointer: &str,
    ) {
        let mut all: Vec<(&Value, String)> = Vec::new();
        for (list, owner) in [(shared, item_pointer), (own, pointer)] {
            let Some(list) = list else { continue };
            let Some(items) = list.as_array() else {
                self.warn(
                    &format!("{owner}/parameters"),
                    "`parameters` is not a list; ignored",
                );
                continue;
            };
            for (i, p) in items.iter().enumerate() {
                let p_pointer = format!("{owner}/parameters/{i}");
                let Some((p, p_pointer)) = self.deref(p, &p_pointer) else {
                    continue;
                };
                all.push((p, p_pointer));
            }
        }
        // Operation parameters override path-level ones with the same name
        // and location: keep the last of each.
        let key = |p: &Value| {
            (
                p.get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
                p.get("in").and_then(Value::as_str).unwrap_or("").to_owned(),
            )
        };
        let mut kept: Vec<(&Value, String)> = Vec::new();
        for (p, ptr) in all {
            if let Some(slot) = kept.iter_mut().find(|(q, _)| key(q) == key(p)) {
                *slot = (p, ptr);
            } else {
                kept.push((p, ptr));
            }
        }
        for (p, p_pointer) in kept {
            if let Some(param) = self.parameter(p, &p_pointer) {
                if ep.params.iter().any(|q| q.field.name == param.field.name) {
                    self.warn(
                        &p_pointer,
                        format!(
                            "a second parameter named `{}` (lap names must be unique per endpoint); skipped",
                            param.field.name
                        ),
                    );
                    continue;
                }
                ep.params.push(param);
            }
        }
    }

    fn parameter(&mut self, p: &Value, pointer: &str) -> Option<Param> {
        let Some(name) = p
            .get("name")
            .and_then(Value::as_str)
            .filter(|n| !n.trim().is_empty())
        else {
            self.warn(pointer, "parameter without a `name`; skipped");
            return None;
        };
        let location = match p.get("in").and_then(Value::as_str) {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => {
                self.warn(
                    pointer,
                    format!("cookie parameter `{name}`: lap has no cookie location; skipped"),
                );
                return None;
            }
            other => {
                self.warn(
                    &format!("{pointer}/in"),
                    format!("parameter `{name}` has location {other:?}; skipped"),
                );
                return None;
            }
        };
        let (schema_value, schema_pointer) = match (p.get("schema"), p.get("content")) {
            (Some(s), _) => (Some(s), format!("{pointer}/schema")),
            (None, Some(content)) => {
                let first = content.as_object().and_then(|c| c.iter().next());
                match first {
                    Some((media, m)) => (
                        m.get("schema"),
                        format!("{pointer}/content/{}/schema", escape(media)),
                    ),
                    None => (None, pointer.to_owned()),
                }
            }
            (None, None) => (None, pointer.to_owned()),
        };
        let mut field = match schema_value {
            Some(s) => self.field(name, s, &schema_pointer, Direction::Request, 0),
            None => Field::new(name, Schema::of(Type::String)),
        };
        field.required = location == ParamLocation::Path
            || p.get("required").and_then(Value::as_bool) == Some(true);
        if let Some(d) = text(p.get("description")) {
            field.description = Some(d);
        }
        if p.get("deprecated").and_then(Value::as_bool) == Some(true) {
            field.deprecated = true;
        }
        Some(Param { location, field })
    }

    fn request_body(&mut self, ep: &mut Endpoint, body: &Value, pointer: &str) {
        let Some((body, pointer)) = self.deref(body, pointer) else {
            return;
        };
        let Some(content) = body.get("content").and_then(Value::as_object) else {
            self.warn(
                &pointer,
                "request body without `content`; no body fields imported",
            );
            return;
        };
        ep.request_media_types = content.keys().cloned().collect();
        let chosen = content
            .iter()
            .find(|(m, _)| is_json(m))
            .or_else(|| {
                content
                    .iter()
                    .find(|(m, _)| m.starts_with("multipart/form-data"))
            })
            .or_else(|| {
                content
                    .iter()
                    .find(|(m, _)| m.starts_with("application/x-www-form-urlencoded"))
            })
            .or_else(|| content.iter().next());
        let Some((media, media_value)) = chosen else {
            return;
        };
        let media_pointer = format!("{pointer}/content/{}", escape(media));
        if let Some(example) = media_value.get("example").or_else(|| {
            media_value
                .get("examples")
                .and_then(Value::as_object)
                .and_then(|e| e.values().next())
                .and_then(|e| e.get("value"))
        }) {
            ep.example_request = Some(example.to_string());
        }
        let Some(schema) = media_value.get("schema") else {
            return;
        };
        let schema_pointer = format!("{media_pointer}/schema");
        let merged = self.flatten(schema, &schema_pointer, 0);
        let Some((merged, merged_pointer, pushed)) = merged else {
            return;
        };
        let props = merged.get("properties").and_then(Value::as_object);
        let Some(props) = props else {
            let what = merged
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("untyped");
            self.warn(
                &merged_pointer,
                format!("request body ({media}) is {what}, not an object with properties: lap has no fields for it"),
            );
            self.stack.truncate(self.stack.len() - pushed);
            return;
        };
        let required = required_names(&merged);
        for (name, prop) in props {
            let prop_pointer = format!("{merged_pointer}/properties/{}", escape(name));
            if self.read_only(prop, &prop_pointer) {
                continue;
            }
            if ep.params.iter().any(|p| &p.field.name == name) {
                self.warn(
                    &prop_pointer,
                    format!("body field `{name}` has the name of a parameter (lap names must be unique per endpoint); skipped"),
                );
                continue;
            }
            let mut field = self.field(name, prop, &prop_pointer, Direction::Request, 1);
            field.required = required.iter().any(|r| r == name);
            ep.params.push(Param {
                location: ParamLocation::Body,
                field,
            });
        }
        self.stack.truncate(self.stack.len() - pushed);
    }

    fn read_only(&mut self, prop: &Value, pointer: &str) -> bool {
        self.deref(prop, pointer)
            .is_some_and(|(p, _)| p.get("readOnly").and_then(Value::as_bool) == Some(true))
    }

    fn write_only(&mut self, prop: &Value, pointer: &str) -> bool {
        self.deref(prop, pointer)
            .is_some_and(|(p, _)| p.get("writeOnly").and_then(Value::as_bool) == Some(true))
    }

    fn responses(&mut self, ep: &mut Endpoint, responses: &Value, pointer: &str) {
        let Some(responses) = responses.as_object() else {
            self.warn(pointer, "`responses` is not an object; ignored");
            return;
        };
        for (code, response) in responses {
            let r_pointer = format!("{pointer}/{}", escape(code));
            if code.starts_with("x-") {
                continue;
            }
            let Some(status) = parse_status(code) else {
                self.warn(
                    &r_pointer,
                    format!(
                        "`{code}` is not a status code, a range such as 4XX, or `default`; skipped"
                    ),
                );
                continue;
            };
            let Some((response, r_pointer)) = self.deref(response, &r_pointer) else {
                continue;
            };
            let description = text(response.get("description"));
            let success = matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2));
            let fields = self.response_fields(response, &r_pointer);
            if !success {
                ep.errors.push(ErrorResponse {
                    status,
                    error_type: None,
                    description,
                    fields,
                    origin: Origin::NONE,
                });
                continue;
            }
            ep.responses.push(Response {
                status,
                fields,
                description,
                origin: Origin::NONE,
            });
        }
    }

    /// The members of a JSON response body, when it is an object with
    /// properties; `None` for no body, a non-JSON body or another shape.
    fn response_fields(&mut self, response: &Value, pointer: &str) -> Option<Vec<Field>> {
        let content = response.get("content")?.as_object()?;
        let (media, media_value) = content.iter().find(|(m, _)| is_json(m))?;
        let schema = media_value.get("schema")?;
        let schema_pointer = format!("{pointer}/content/{}/schema", escape(media));
        let (merged, merged_pointer, pushed) = self.flatten(schema, &schema_pointer, 0)?;
        let out = match merged.get("properties").and_then(Value::as_object) {
            Some(props) => {
                let required = required_names(&merged);
                let mut fields = Vec::new();
                for (name, prop) in props {
                    let prop_pointer = format!("{merged_pointer}/properties/{}", escape(name));
                    if self.write_only(prop, &prop_pointer) {
                        continue;
                    }
                    let mut field = self.field(name, prop, &prop_pointer, Direction::Response, 1);
                    field.required = required.iter().any(|r| r == name);
                    fields.push(field);
                }
                Some(fields)
            }
            None => None,
        };
        self.stack.truncate(self.stack.len() - pushed);
        out
    }

    /// A named member: its schema plus description, default and deprecation.
    fn field(
        &mut self,
        name: &str,
        value: &Value,
        pointer: &str,
        dir: Direction,
        depth: usize,
    ) -> Field {
        let mut field = Field::new(name, Schema::of(Type::Any));
        let Some((merged, merged_pointer, pushed)) = self.flatten(value, pointer, depth) else {
            return field;
        };
        field.description = text(merged.get("description")).or_else(|| text(merged.get("title")));
        field.default = merged.get("default").filter(|d| !d.is_null()).map(scalar);
        field.deprecated = merged.get("deprecated").and_then(Value::as_bool) == Some(true);
        field.schema = self.schema_of(&merged, &merged_pointer, dir, depth);
        self.stack.truncate(self.stack.len() - pushed);
        field
    }

    /// Resolves references and merges `allOf` into one schema object.
    /// Returns the merged schema, the pointer to report, and how many
    /// references were pushed on the recursion stack (the caller pops them).
    fn flatten(
        &mut self,
        value: &Value,
        pointer: &str,
        depth: usize,
    ) -> Option<(Map<String, Value>, String, usize)> {
        let mut pushed = 0;
        let mut value = value;
        let mut pointer = pointer.to_owned();
        // Follow the reference ourselves so the target can go on the stack.
        for _ in 0..32 {
            let Some(r) = value.get("$ref") else { break };
            if self
                .stack
                .iter()
                .any(|s| Some(s.as_str()) == r.as_str().and_then(|r| r.strip_prefix('#')))
            {
                self.warn(
                    &pointer,
                    format!(
                        "recursive reference `{}` is cut here (imported as `map`)",
                        scalar(r)
                    ),
                );
                self.stack.truncate(self.stack.len() - pushed);
                let mut cut = Map::new();
                cut.insert("type".to_owned(), Value::String("object".to_owned()));
                return Some((cut, pointer, 0));
            }
            let Some((target, target_pointer)) = self.deref_once(value, &pointer) else {
                self.stack.truncate(self.stack.len() - pushed);
                return None;
            };
            self.stack.push(target_pointer.clone());
            pushed += 1;
            value = target;
            pointer = target_pointer;
        }
        let Some(object) = value.as_object() else {
            if !value.is_boolean() {
                self.warn(&pointer, "schema is not an object; imported as `any`");
            }
            self.stack.truncate(self.stack.len() - pushed);
            return None;
        };
        if depth > MAX_DEPTH {
            self.warn(
                &pointer,
                format!("nesting deeper than {MAX_DEPTH} levels is cut (imported as `map`)"),
            );
            self.stack.truncate(self.stack.len() - pushed);
            let mut cut = Map::new();
            cut.insert("type".to_owned(), Value::String("object".to_owned()));
            return Some((cut, pointer, 0));
        }
        let Some(parts) = object.get("allOf") else {
            return Some((object.clone(), pointer, pushed));
        };
        let mut merged = object.clone();
        merged.remove("allOf");
        let Some(parts) = parts.as_array() else {
            self.warn(
                &format!("{pointer}/allOf"),
                "`allOf` is not a list; ignored",
            );
            return Some((merged, pointer, pushed));
        };
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = format!("{pointer}/allOf/{i}");
            let Some((part, _, part_pushed)) = self.flatten(part, &part_pointer, depth + 1) else {
                continue;
            };
            merge_into(&mut merged, part);
            self.stack.truncate(self.stack.len() - part_pushed);
        }
        Some((merged, pointer, pushed))
    }

    /// One `$ref` step (no chains), for [`Importer::flatten`] and
    /// [`Importer::deref`].
    fn deref_once<'v>(&mut self, value: &'v Value, pointer: &str) -> Option<(&'v Value, String)>
    where
        'a: 'v,
    {
        let r = value.get("$ref")?;
        let Some(target) = r.as_str().and_then(|r| r.strip_prefix('#')) else {
            self.warn(
                &format!("{pointer}/$ref"),
                format!(
                    "only local references (`#/...`) are followed; `{}` is imported as `any`",
                    scalar(r)
                ),
            );
            return None;
        };
        let decoded = percent_decode(target);
        match self.doc.pointer(&decoded) {
            Some(next) => Some((next, decoded)),
            None => {
                self.warn(
                    &format!("{pointer}/$ref"),
                    format!("reference `#{target}` points at nothing; imported as `any`"),
                );
                None
            }
        }
    }

    /// The model schema of a flattened schema object.
    fn schema_of(
        &mut self,
        s: &Map<String, Value>,
        pointer: &str,
        dir: Direction,
        depth: usize,
    ) -> Schema {
        let mut nullable = s.get("nullable").and_then(Value::as_bool) == Some(true);
        // oneOf / anyOf: one non-null alternative is that alternative.
        for key in ["oneOf", "anyOf"] {
            let Some(alternatives) = s.get(key).and_then(Value::as_array) else {
                continue;
            };
            let non_null: Vec<(usize, &Value)> = alternatives
                .iter()
                .enumerate()
                .filter(|(_, a)| a.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            if non_null.len() < alternatives.len() {
                nullable = true;
            }
            if let [(i, only)] = non_null.as_slice() {
                let alt_pointer = format!("{pointer}/{key}/{i}");
                let Some((merged, mp, pushed)) = self.flatten(only, &alt_pointer, depth + 1) else {
                    return Schema::of(Type::Any);
                };
                let mut schema = self.schema_of(&merged, &mp, dir, depth + 1);
                self.stack.truncate(self.stack.len() - pushed);
                schema.nullable |= nullable;
                return schema;
            }
            self.warn(
                &format!("{pointer}/{key}"),
                format!(
                    "`{key}` with {} alternatives cannot be stated in lap; imported as `any`",
                    non_null.len()
                ),
            );
            let mut schema = Schema::of(Type::Any);
            schema.nullable = nullable;
            return schema;
        }
        if s.contains_key("not") {
            self.warn(
                &format!("{pointer}/not"),
                "`not` cannot be stated in lap; ignored",
            );
        }
        let mut ty_name = match s.get("type") {
            Some(Value::String(t)) => Some(t.as_str()),
            Some(Value::Array(ts)) => {
                // OpenAPI 3.1 style: ["string", "null"].
                if ts.iter().any(|t| t == "null") {
                    nullable = true;
                }
                ts.iter().filter_map(Value::as_str).find(|t| *t != "null")
            }
            Some(other) => {
                self.warn(
                    &format!("{pointer}/type"),
                    format!("`type` {other} is not a type name; imported as `any`"),
                );
                None
            }
            None => None,
        };
        if ty_name.is_none() {
            ty_name = if s.contains_key("properties") || s.contains_key("additionalProperties") {
                Some("object")
            } else if s.contains_key("items") {
                Some("array")
            } else if let Some(first) = s
                .get("enum")
                .and_then(Value::as_array)
                .and_then(|e| e.iter().find(|v| !v.is_null()))
            {
                Some(match first {
                    Value::Bool(_) => "boolean",
                    Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                    Value::Number(_) => "number",
                    _ => "string",
                })
            } else {
                None
            };
        }
        let format = s
            .get("format")
            .and_then(Value::as_str)
            .filter(|f| !f.is_empty())
            .map(str::to_owned);
        let ty = match ty_name {
            Some("string") if matches!(format.as_deref(), Some("binary")) => Type::File,
            Some("string") => Type::String,
            Some("integer") => Type::Integer,
            Some("number") => Type::Number,
            Some("boolean") => Type::Boolean,
            Some("array") => match s.get("items") {
                Some(items) => {
                    let items_pointer = format!("{pointer}/items");
                    let item = match self.flatten(items, &items_pointer, depth + 1) {
                        Some((merged, mp, pushed)) => {
                            let schema = self.schema_of(&merged, &mp, dir, depth + 1);
                            self.stack.truncate(self.stack.len() - pushed);
                            schema
                        }
                        None => Schema::of(Type::Any),
                    };
                    Type::Array(Box::new(item))
                }
                None => Type::Array(Box::new(Schema::of(Type::Any))),
            },
            Some("object") => self.object(s, pointer, dir, depth),
            Some(other) => {
                self.warn(
                    &format!("{pointer}/type"),
                    format!("unknown type `{other}`; imported as `any`"),
                );
                Type::Any
            }
            None => Type::Any,
        };
        let mut schema = Schema::of(ty);
        if !matches!(schema.ty, Type::File) {
            schema.format = format;
        }
        schema.nullable = nullable;
        if let Some(values) = s.get("enum").and_then(Value::as_array) {
            for v in values {
                if v.is_null() {
                    schema.nullable = true;
                    continue;
                }
                let v = scalar(v);
                if !schema.enum_values.contains(&v) {
                    schema.enum_values.push(v);
                } else {
                    self.warn(
                        &format!("{pointer}/enum"),
                        format!("duplicate enum value `{v}` dropped"),
                    );
                }
            }
        }
        schema
    }

    fn object(
        &mut self,
        s: &Map<String, Value>,
        pointer: &str,
        dir: Direction,
        depth: usize,
    ) -> Type {
        let Some(props) = s.get("properties").and_then(Value::as_object) else {
            return Type::Object(None);
        };
        if props.is_empty() {
            return Type::Object(None);
        }
        if let Some(extra) = s.get("additionalProperties").filter(|a| a.is_object()) {
            if extra.as_object().is_some_and(|o| !o.is_empty()) {
                self.warn(
                    &format!("{pointer}/additionalProperties"),
                    "typed additional properties next to named ones cannot be stated in lap; only the named ones are imported",
                );
            }
        }
        let required = required_names(s);
        let mut fields = Vec::new();
        for (name, prop) in props {
            let prop_pointer = format!("{pointer}/properties/{}", escape(name));
            let skip = match dir {
                Direction::Request => self.read_only(prop, &prop_pointer),
                Direction::Response => self.write_only(prop, &prop_pointer),
            };
            if skip {
                continue;
            }
            let mut field = self.field(name, prop, &prop_pointer, dir, depth + 1);
            field.required = required.iter().any(|r| r == name);
            fields.push(field);
        }
        Type::Object(Some(fields))
    }
}

fn required_names(s: &Map<String, Value>) -> Vec<String> {
    s.get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Merges one `allOf` part into the schema: properties are added (the
/// parent's win), `required` lists are joined, other keywords the parent
/// lacks are taken from the part.
fn merge_into(merged: &mut Map<String, Value>, part: Map<String, Value>) {
    for (key, value) in part {
        match key.as_str() {
            "properties" => {
                let Value::Object(props) = value else {
                    continue;
                };
                let entry = merged
                    .entry("properties")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(target) = entry {
                    for (name, prop) in props {
                        target.entry(name).or_insert(prop);
                    }
                }
            }
            "required" => {
                let Value::Array(names) = value else { continue };
                let entry = merged
                    .entry("required")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(target) = entry {
                    for n in names {
                        if !target.contains(&n) {
                            target.push(n);
                        }
                    }
                }
            }
            _ => {
                merged.entry(key).or_insert(value);
            }
        }
    }
}

fn parse_status(code: &str) -> Option<StatusCode> {
    if code == "default" {
        return Some(StatusCode::Default);
    }
    let b = code.as_bytes();
    if b.len() != 3 || !(b'1'..=b'5').contains(&b[0]) {
        return None;
    }
    if b[1..].iter().all(|c| c.eq_ignore_ascii_case(&b'x')) {
        return Some(StatusCode::Range(b[0] - b'0'));
    }
    code.parse().ok().map(StatusCode::Code)
}

/// A server URL with its `{variables}` replaced by their defaults.
fn server_url(server: &Value) -> Option<String> {
    let mut url = server.get("url")?.as_str()?.to_owned();
    if let Some(vars) = server.get("variables").and_then(Value::as_object) {
        for (name, var) in vars {
            if let Some(default) = var.get("default").and_then(Value::as_str) {
                url = url.replace(&format!("{{{name}}}"), default);
            }
        }
    }
    Some(url)
}

/// `$ref` fragments may be percent-encoded (`%7B` for `{`).
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

/// The schemes an operation's own `security` names, for the model's `auth`
/// (lap's per-endpoint `@auth`); `None` when they are the API's default.
/// An operation that opts out of authentication cannot be said in lap: the
/// error is the warning to give, and the API's `@auth` is kept.
fn operation_auth(
    security: &[SecurityRequirement],
    global_auth: &[AuthScheme],
) -> Result<Option<Vec<AuthScheme>>, &'static str> {
    let mut out: Vec<AuthScheme> = Vec::new();
    for s in security.iter().flat_map(|r| &r.schemes) {
        if !out.contains(&s.scheme) {
            out.push(s.scheme.clone());
        }
    }
    if out.is_empty() {
        if !security.is_empty() || !global_auth.is_empty() {
            return Err(
                "the operation opts out of authentication, which lap cannot state; it keeps the API's `@auth`",
            );
        }
        return Ok(None);
    }
    Ok((out != global_auth).then_some(out))
}
