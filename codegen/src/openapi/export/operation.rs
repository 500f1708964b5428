//! Operations: parameters, request bodies, examples and responses.

use heck::ToUpperCamelCase;
use indexmap::IndexMap;
use openapiv3::{
    MediaType, ObjectType, Operation, Parameter, ParameterData, ParameterSchemaOrContent,
    ReferenceOr, RequestBody, Responses, Schema, SchemaKind,
};
use serde_json::Value;

use super::schema::{plain, reference};
use super::{ExportError, Exporter, Loc};
use crate::model::{Endpoint, Field, ParamLocation, StatusCode};

impl Exporter<'_> {
    pub(super) fn operation(
        &mut self,
        ep: &Endpoint,
        id: &str,
        tag: &str,
    ) -> Result<Operation, ExportError> {
        let pascal = id.to_upper_camel_case();
        let mut op = Operation {
            tags: vec![tag.to_owned()],
            summary: ep.description.as_deref().map(str::to_owned),
            operation_id: Some(id.to_owned()),
            deprecated: ep.deprecated,
            ..Operation::default()
        };
        if let Some(auth) = &ep.details.auth {
            let (_, requirements) = self.security(auth, ep.origin);
            op.security = Some(requirements);
        }
        for ext in &ep.details.extensions {
            op.extensions.insert(
                format!("x-lap-{}", ext.name),
                Value::String(ext.value.clone()),
            );
        }
        let mut body_fields = Vec::new();
        for p in &ep.params {
            let data = |s: &mut Self| -> Result<ParameterData, ExportError> {
                let loc = Loc(vec![id.to_owned(), p.field.name.to_string()]);
                let schema = s.field_schema(&p.field, &loc, false)?;
                Ok(ParameterData {
                    name: p.field.name.to_string(),
                    description: p.field.description.as_deref().map(str::to_owned),
                    required: p.field.required,
                    deprecated: p.field.deprecated.then_some(true),
                    format: ParameterSchemaOrContent::Schema(schema),
                    example: None,
                    examples: IndexMap::new(),
                    explode: None,
                    extensions: IndexMap::new(),
                })
            };
            let param = match p.location {
                ParamLocation::Path => Parameter::Path {
                    parameter_data: data(self)?,
                    style: Default::default(),
                },
                ParamLocation::Query => Parameter::Query {
                    parameter_data: data(self)?,
                    allow_reserved: false,
                    style: Default::default(),
                    allow_empty_value: None,
                },
                ParamLocation::Header => Parameter::Header {
                    parameter_data: data(self)?,
                    style: Default::default(),
                },
                ParamLocation::Body => {
                    body_fields.push(p.field.clone());
                    continue;
                }
            };
            op.parameters.push(ReferenceOr::Item(param));
        }
        if !body_fields.is_empty() || ep.details.body_type.is_some() {
            let loc = Loc(vec![id.to_owned(), "request".to_owned()]);
            let schema = match (&ep.details.body_type, body_fields.is_empty()) {
                (Some(name), true) => reference(name),
                (body_type, _) => {
                    let object = self.object(&body_fields, &loc, ep.origin)?;
                    let name = self
                        .names
                        .schemas
                        .get(&loc.key())
                        .cloned()
                        .unwrap_or_else(|| format!("{pascal}Request"));
                    let own = self.insert(&name, object, &loc, ep.origin, false)?;
                    match body_type {
                        Some(base) => ReferenceOr::Item(plain(SchemaKind::AllOf {
                            all_of: vec![reference(base), own],
                        })),
                        None => own,
                    }
                }
            };
            let example = self.example(ep, &body_fields);
            op.request_body = Some(ReferenceOr::Item(RequestBody {
                content: json_content(schema, example),
                required: body_fields.iter().any(|f| f.required) || ep.details.body_type.is_some(),
                ..RequestBody::default()
            }));
        } else if ep.details.example_request.is_some() {
            self.warn(
                ep.origin,
                format!(
                    "`@example_request` of `{} {}` has no body fields to describe; not emitted",
                    ep.method, ep.path
                ),
            );
        }
        let mut responses = Responses::default();
        let bodies = ep.responses.iter().filter(|r| r.fields.is_some()).count();
        for r in &ep.responses {
            let mut response = openapiv3::Response {
                description: r
                    .description
                    .as_deref()
                    .map_or_else(|| format!("{} response.", r.status), str::to_owned),
                ..openapiv3::Response::default()
            };
            if let Some(fields) = &r.fields {
                let loc = Loc(vec![id.to_owned(), r.status.to_string()]);
                let schema = if fields.is_empty() {
                    ReferenceOr::Item(plain(SchemaKind::Type(openapiv3::Type::Object(
                        ObjectType::default(),
                    ))))
                } else {
                    let default_name = if bodies > 1 {
                        format!("{pascal}Response{}", r.status)
                    } else {
                        format!("{pascal}Response")
                    };
                    self.hoist(fields, &loc, Some(default_name), r.origin)?
                };
                response.content = json_content(schema, None);
            }
            insert_response(&mut responses, r.status, response);
        }
        for e in &ep.errors {
            let mut description = e
                .description
                .as_deref()
                .map_or_else(|| format!("{} error.", e.status), str::to_owned);
            if let Some(t) = &e.error_type {
                description = format!("{t}: {description}");
            }
            let response = openapiv3::Response {
                description,
                ..openapiv3::Response::default()
            };
            insert_response(&mut responses, e.status, response);
        }
        op.responses = responses;
        Ok(op)
    }

    /// The example, when it is a JSON object that fits the body.
    pub(super) fn example(&mut self, ep: &Endpoint, body: &[Field]) -> Option<Value> {
        let text = ep.details.example_request.as_ref()?;
        let problem = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => {
                let unknown: Vec<&String> = map
                    .keys()
                    .filter(|k| !body.iter().any(|f| f.name == **k))
                    .collect();
                let missing: Vec<&str> = body
                    .iter()
                    .filter(|f| f.required && !map.contains_key(f.name.as_str()))
                    .map(|f| f.name.as_str())
                    .collect();
                if unknown.is_empty() && missing.is_empty() {
                    return Some(Value::Object(map));
                }
                let mut problems = Vec::new();
                if !unknown.is_empty() {
                    problems.push(format!("names fields the body does not have {unknown:?}"));
                }
                if !missing.is_empty() {
                    problems.push(format!("lacks required body fields {missing:?}"));
                }
                problems.join(" and ")
            }
            Ok(_) => "is not a JSON object".to_owned(),
            Err(e) => format!("is not valid JSON ({e})"),
        };
        self.warn(
            ep.origin,
            format!(
                "`@example_request` of `{} {}` {problem}; not emitted",
                ep.method, ep.path
            ),
        );
        None
    }
}

pub(super) fn json_content(
    schema: ReferenceOr<Schema>,
    example: Option<Value>,
) -> IndexMap<String, MediaType> {
    let mut content = IndexMap::new();
    content.insert(
        "application/json".to_owned(),
        MediaType {
            schema: Some(schema),
            example,
            ..MediaType::default()
        },
    );
    content
}

pub(super) fn insert_response(
    responses: &mut Responses,
    status: StatusCode,
    response: openapiv3::Response,
) {
    let key = match status {
        StatusCode::Code(c) => openapiv3::StatusCode::Code(c),
        StatusCode::Range(r) => openapiv3::StatusCode::Range(u16::from(r)),
        StatusCode::Default => {
            responses.default = Some(ReferenceOr::Item(response));
            return;
        }
    };
    responses.responses.insert(key, ReferenceOr::Item(response));
}
