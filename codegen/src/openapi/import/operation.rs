//! Operations: parameters, request bodies and responses.

use serde_json::{Map, Value};

use crate::model::{
    AuthScheme, Endpoint, ErrorResponse, Field, Method, Origin, Param, ParamLocation, Response,
    Schema, SecurityRequirement, StatusCode, Type,
};
use crate::openapi::pointer::{escape, is_json};

use super::schema::required_names;
use super::security::operation_auth;
use super::{Direction, ImportError, Importer, text};

impl<'a> Importer<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn endpoint(
        &mut self,
        method: Method,
        path: &str,
        op: &Map<String, Value>,
        pointer: &str,
        shared: Option<&Value>,
        item_pointer: &str,
        global_security: Option<&(&Value, Vec<SecurityRequirement>)>,
        global_auth: &[AuthScheme],
    ) -> Result<Endpoint, ImportError> {
        let description = text(op.get("summary")).or_else(|| {
            // The first line that says something: a description may start
            // with a blank line.
            let first = op
                .get("description")?
                .as_str()?
                .lines()
                .find(|l| !l.trim().is_empty())?;
            text(Some(&Value::String(first.to_owned())))
        });
        let mut ep = Endpoint {
            description: description.map(Into::into),
            deprecated: op.get("deprecated").and_then(Value::as_bool) == Some(true),
            ..Endpoint::new(method, path)
        };
        if let Some(id) = op.get("operationId").and_then(Value::as_str) {
            ep.details.operation_id = Some(id.to_owned());
        }
        self.parameters(&mut ep, op.get("parameters"), pointer, shared, item_pointer)?;
        self.undeclared_path_parameters(&mut ep, pointer);
        if let Some(body) = op.get("requestBody") {
            self.request_body(&mut ep, body, &format!("{pointer}/requestBody"))?;
        }
        match op.get("responses") {
            Some(responses) => {
                self.responses(&mut ep, responses, &format!("{pointer}/responses"))?;
            }
            None => self.warn(pointer, "operation without `responses`"),
        }
        match op.get("security") {
            Some(security) => {
                ep.details.security =
                    self.security_requirements(security, &format!("{pointer}/security"));
                if Some(security) != global_security.map(|(v, _)| *v) {
                    ep.details.auth = operation_auth(&ep.details.security, global_auth)
                        .map_err(|message| {
                            self.warn(&format!("{pointer}/security"), message);
                        })
                        .ok()
                        .flatten();
                }
            }
            None => {
                ep.details.security = global_security.map(|(_, r)| r.clone()).unwrap_or_default()
            }
        }
        Ok(ep)
    }

    /// OpenAPI requires every `{name}` of the path to be a declared path
    /// parameter; a document that forgets one still names it in the path,
    /// so it is kept as a required string, with a warning.
    pub(super) fn undeclared_path_parameters(&mut self, ep: &mut Endpoint, pointer: &str) {
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

    pub(super) fn parameters(
        &mut self,
        ep: &mut Endpoint,
        own: Option<&Value>,
        pointer: &str,
        shared: Option<&Value>,
        item_pointer: &str,
    ) -> Result<(), ImportError> {
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
            if let Some(param) = self.parameter(p, &p_pointer)? {
                // A name in two locations is two parameters: OpenAPI's
                // identity is name and location, and the kept list has one
                // of each already, so this guards the model's invariant.
                if ep
                    .params
                    .iter()
                    .any(|q| q.field.name == param.field.name && q.location == param.location)
                {
                    self.warn(
                        &p_pointer,
                        format!(
                            "a second {} parameter named `{}`; skipped",
                            param.location.as_str(),
                            param.field.name
                        ),
                    );
                    continue;
                }
                ep.params.push(param);
            }
        }
        Ok(())
    }

    pub(super) fn parameter(
        &mut self,
        p: &Value,
        pointer: &str,
    ) -> Result<Option<Param>, ImportError> {
        let Some(name) = p
            .get("name")
            .and_then(Value::as_str)
            .filter(|n| !n.trim().is_empty())
        else {
            self.warn(pointer, "parameter without a `name`; skipped");
            return Ok(None);
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
                return Ok(None);
            }
            other => {
                self.warn(
                    &format!("{pointer}/in"),
                    format!("parameter `{name}` has location {other:?}; skipped"),
                );
                return Ok(None);
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
            Some(s) => self.field(name, s, &schema_pointer, Direction::Request, 1)?,
            None => Field::new(name, Schema::of(Type::String)),
        };
        field.required = location == ParamLocation::Path
            || p.get("required").and_then(Value::as_bool) == Some(true);
        if let Some(d) = text(p.get("description")) {
            field.description = Some(d.into());
        }
        if p.get("deprecated").and_then(Value::as_bool) == Some(true) {
            field.deprecated = true;
        }
        Ok(Some(Param { location, field }))
    }

    pub(super) fn request_body(
        &mut self,
        ep: &mut Endpoint,
        body: &Value,
        pointer: &str,
    ) -> Result<(), ImportError> {
        let Some((body, pointer)) = self.deref(body, pointer) else {
            return Ok(());
        };
        let Some(content) = body.get("content").and_then(Value::as_object) else {
            self.warn(
                &pointer,
                "request body without `content`; no body fields imported",
            );
            return Ok(());
        };
        ep.details.request_media_types = content.keys().cloned().collect();
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
            return Ok(());
        };
        let media_pointer = format!("{pointer}/content/{}", escape(media));
        if let Some(example) = media_value.get("example").or_else(|| {
            media_value
                .get("examples")
                .and_then(Value::as_object)
                .and_then(|e| e.values().next())
                .and_then(|e| e.get("value"))
        }) {
            ep.details.example_request = Some(example.to_string());
        }
        let Some(schema) = media_value.get("schema") else {
            return Ok(());
        };
        let schema_pointer = format!("{media_pointer}/schema");
        let merged = self.flatten(schema, &schema_pointer, 0)?;
        let Some((merged, merged_pointer, pushed)) = merged else {
            return Ok(());
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
            self.pop(pushed);
            return Ok(());
        };
        let required = required_names(&merged);
        for (name, prop) in props {
            let prop_pointer = format!("{merged_pointer}/properties/{}", escape(name));
            if self.read_only(prop, &prop_pointer) {
                continue;
            }
            let mut field = self.field(name, prop, &prop_pointer, Direction::Request, 1)?;
            field.required = required.iter().any(|r| r == name);
            ep.params.push(Param {
                location: ParamLocation::Body,
                field,
            });
        }
        self.pop(pushed);
        Ok(())
    }

    pub(super) fn read_only(&mut self, prop: &Value, pointer: &str) -> bool {
        self.deref(prop, pointer)
            .is_some_and(|(p, _)| p.get("readOnly").and_then(Value::as_bool) == Some(true))
    }

    pub(super) fn write_only(&mut self, prop: &Value, pointer: &str) -> bool {
        self.deref(prop, pointer)
            .is_some_and(|(p, _)| p.get("writeOnly").and_then(Value::as_bool) == Some(true))
    }

    pub(super) fn responses(
        &mut self,
        ep: &mut Endpoint,
        responses: &Value,
        pointer: &str,
    ) -> Result<(), ImportError> {
        let Some(responses) = responses.as_object() else {
            self.warn(pointer, "`responses` is not an object; ignored");
            return Ok(());
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
            let fields = self.response_fields(response, &r_pointer)?;
            if !success {
                ep.errors.push(ErrorResponse {
                    status,
                    error_type: None,
                    description: description.map(Into::into),
                    fields,
                    origin: Origin::NONE,
                });
                continue;
            }
            ep.responses.push(Response {
                status,
                fields,
                description: description.map(Into::into),
                origin: Origin::NONE,
            });
        }
        Ok(())
    }

    /// The members of a JSON response body, when it is an object with
    /// properties; `None` for no body, a non-JSON body or another shape.
    pub(super) fn response_fields(
        &mut self,
        response: &Value,
        pointer: &str,
    ) -> Result<Option<Vec<Field>>, ImportError> {
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            return Ok(None);
        };
        let Some((media, media_value)) = content.iter().find(|(m, _)| is_json(m)) else {
            return Ok(None);
        };
        let Some(schema) = media_value.get("schema") else {
            return Ok(None);
        };
        let schema_pointer = format!("{pointer}/content/{}/schema", escape(media));
        let Some((merged, merged_pointer, pushed)) = self.flatten(schema, &schema_pointer, 0)?
        else {
            return Ok(None);
        };
        let out = match merged.get("properties").and_then(Value::as_object) {
            Some(props) => {
                let required = required_names(&merged);
                let mut fields = Vec::new();
                for (name, prop) in props {
                    let prop_pointer = format!("{merged_pointer}/properties/{}", escape(name));
                    if self.write_only(prop, &prop_pointer) {
                        continue;
                    }
                    let mut field =
                        self.field(name, prop, &prop_pointer, Direction::Response, 1)?;
                    field.required = required.iter().any(|r| r == name);
                    fields.push(field);
                }
                Some(fields)
            }
            None => None,
        };
        self.pop(pushed);
        Ok(out)
    }
}

pub(super) fn parse_status(code: &str) -> Option<StatusCode> {
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
