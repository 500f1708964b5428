//! Lowering: model -> OpenAPI 3.0.3, on the `openapiv3` types.
//!
//! The document is shaped for progenitor 0.15 as well as for readers: every
//! inline object becomes a named component (see [`super::names`]), request
//! bodies have exactly one JSON media type, and nothing uses `default`
//! responses. What lap does not say (error bodies, the items of `[map]`,
//! multipart uploads, OAuth2 flows) is left for the overlay.
//!
//! Rules worth knowing, because they decide what reaches generated code:
//! - a lap default is an OpenAPI `default` only when it is a value of the
//!   field's type (`int=10`, `str=asc`); prose such as
//!   `str=Current date and time` is kept as `x-default-text`, so no client
//!   ever sends it;
//! - an `@example_request` is attached only when it is a JSON object whose
//!   keys are body fields and which has every required body field (PayPal's
//!   published examples for require-evidence and escalate are swapped; they
//!   are reported, not emitted);
//! - duplicate enum values are dropped with a warning.

use std::collections::{BTreeSet, HashMap};

use heck::{ToSnakeCase, ToUpperCamelCase};
use indexmap::IndexMap;
use openapiv3::{
    AnySchema, ArrayType, BooleanType, Components, Info, IntegerType, MediaType, NumberType,
    ObjectType, OpenAPI, Operation, Parameter, ParameterData, ParameterSchemaOrContent, PathItem,
    Paths, ReferenceOr, RequestBody, Responses, Schema, SchemaData, SchemaKind,
    SecurityRequirement, SecurityScheme, Server, StringType, Tag, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::names::Names;
use crate::model::{
    Api, AuthScheme, Endpoint, Field, Method, Origin, ParamLocation, Schema as ModelSchema,
    StatusCode, Type,
};

/// Something lowering noticed and worked around, at a lap location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportWarning {
    /// Where in the lap file.
    pub origin: Origin,
    /// What happened and what was done.
    pub message: String,
}

/// Lowering failed: the model cannot be written as one consistent document.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}:{}: {message}", origin.line, origin.column)]
pub struct ExportError {
    /// Where in the lap file.
    pub origin: Origin,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// The lowered document.
#[derive(Clone, Debug)]
pub struct Exported {
    /// The OpenAPI document.
    pub document: OpenAPI,
    /// Operation ids, in endpoint order.
    pub operation_ids: Vec<String>,
    /// What was worked around.
    pub warnings: Vec<ExportWarning>,
}

/// Lowers a model to OpenAPI 3.0.3.
pub fn export(api: &Api, names: &Names) -> Result<Exported, ExportError> {
    let mut ex = Exporter {
        api,
        names,
        components: IndexMap::new(),
        warnings: Vec::new(),
    };
    let mut doc = OpenAPI {
        openapi: "3.0.3".to_owned(),
        info: Info {
            title: api.name.clone(),
            version: api.version.clone().unwrap_or_else(|| "0".to_owned()),
            ..Info::default()
        },
        ..OpenAPI::default()
    };
    if let Some(url) = &api.base_url {
        doc.servers.push(Server {
            url: url.clone(),
            ..Server::default()
        });
    }
    let tag = api.name.to_snake_case();
    doc.tags.push(Tag {
        name: tag.clone(),
        ..Tag::default()
    });
    let (schemes, security) = ex.security(&api.auth, Origin::NONE);
    if !security.is_empty() {
        doc.security = Some(security);
    }
    for ext in &api.extensions {
        doc.extensions.insert(
            format!("x-lap-{}", ext.name),
            Value::String(ext.value.clone()),
        );
    }
    for def in &api.types {
        let loc = Loc(vec![def.name.clone()]);
        let schema = ex.object(&def.fields, &loc, def.origin)?;
        ex.insert(&def.name, schema, &loc, def.origin, false)?;
    }
    let mut paths = Paths::default();
    let mut ids: HashMap<String, Origin> = HashMap::new();
    let mut operation_ids = Vec::new();
    for ep in &api.endpoints {
        let id = ex.operation_id(ep);
        if let Some(first) = ids.insert(id.clone(), ep.origin) {
            return Err(ExportError {
                origin: ep.origin,
                message: format!(
                    "operation id `{id}` is also derived for the endpoint at line {}; give one of them another id under `operations:` in the names file",
                    first.line
                ),
            });
        }
        let op = ex.operation(ep, &id, &tag)?;
        operation_ids.push(id);
        let item = paths
            .paths
            .entry(ep.path.clone())
            .or_insert_with(|| ReferenceOr::Item(PathItem::default()));
        if let ReferenceOr::Item(item) = item {
            let slot = match ep.method {
                Method::Get => &mut item.get,
                Method::Post => &mut item.post,
                Method::Put => &mut item.put,
                Method::Patch => &mut item.patch,
                Method::Delete => &mut item.delete,
                Method::Head => &mut item.head,
                Method::Options => &mut item.options,
                Method::Trace => &mut item.trace,
            };
            *slot = Some(op);
        }
    }
    doc.paths = paths;
    let mut components = Components::default();
    let mut sorted: Vec<(String, Schema)> = ex
        .components
        .into_iter()
        .map(|(name, c)| (name, c.schema))
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    components.schemas = sorted
        .into_iter()
        .map(|(n, s)| (n, ReferenceOr::Item(s)))
        .collect();
    components.security_schemes = schemes;
    doc.components = Some(components);
    Ok(Exported {
        document: doc,
        operation_ids,
        warnings: ex.warnings,
    })
}

/// A position in the model, for names and messages: `make_offer request offer_amount`.
#[derive(Clone, Debug)]
struct Loc(Vec<String>);

impl Loc {
    fn child(&self, name: &str) -> Loc {
        let mut v = self.0.clone();
        v.push(name.to_owned());
        Loc(v)
    }

    fn key(&self) -> String {
        self.0.join(" ")
    }
}

struct Component {
    schema: Schema,
    location: String,
    by_shape: bool,
}

struct Exporter<'a> {
    api: &'a Api,
    names: &'a Names,
    components: IndexMap<String, Component>,
    warnings: Vec<ExportWarning>,
}

fn reference(name: &str) -> ReferenceOr<Schema> {
    ReferenceOr::Reference {
        reference: format!("#/components/schemas/{name}"),
    }
}

fn plain(kind: SchemaKind) -> Schema {
    Schema {
        schema_data: SchemaData::default(),
        schema_kind: kind,
    }
}

fn boxed(r: ReferenceOr<Schema>) -> ReferenceOr<Box<Schema>> {
    match r {
        ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s)),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
    }
}

fn json_content(
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

impl Exporter<'_> {
    fn warn(&mut self, origin: Origin, message: String) {
        self.warnings.push(ExportWarning { origin, message });
    }

    fn operation_id(&self, ep: &Endpoint) -> String {
        let key = format!("{} {}", ep.method, ep.path);
        if let Some(id) = self.names.operations.get(&key) {
            return id.clone();
        }
        if let Some(id) = &ep.operation_id {
            return id.to_snake_case();
        }
        match &ep.description {
            Some(desc) => desc.to_snake_case(),
            None => format!("{} {}", ep.method.as_str(), ep.path.replace(['{', '}'], ""))
                .to_snake_case(),
        }
    }

    fn security(
        &mut self,
        auth: &[AuthScheme],
        origin: Origin,
    ) -> (
        IndexMap<String, ReferenceOr<SecurityScheme>>,
        Vec<SecurityRequirement>,
    ) {
        let mut schemes = IndexMap::new();
        let mut requirements = Vec::new();
        for scheme in auth {
            let (name, value) = match scheme {
                AuthScheme::Basic => ("basicAuth".to_owned(), http_scheme("basic")),
                AuthScheme::Bearer => ("bearerAuth".to_owned(), http_scheme("bearer")),
                AuthScheme::OAuth2 => (
                    "Oauth2".to_owned(),
                    SecurityScheme::OAuth2 {
                        flows: openapiv3::OAuth2Flows::default(),
                        description: None,
                        extensions: IndexMap::new(),
                    },
                ),
                AuthScheme::ApiKey { name, location } => (
                    format!("apiKey_{}", name.to_snake_case()),
                    SecurityScheme::APIKey {
                        location: match location {
                            crate::model::ApiKeyLocation::Header => {
                                openapiv3::APIKeyLocation::Header
                            }
                            crate::model::ApiKeyLocation::Query => openapiv3::APIKeyLocation::Query,
                            crate::model::ApiKeyLocation::Cookie => {
                                openapiv3::APIKeyLocation::Cookie
                            }
                        },
                        name: name.clone(),
                        description: None,
                        extensions: IndexMap::new(),
                    },
                ),
                AuthScheme::Other(text) => {
                    self.warn(
                        origin,
                        format!("`@auth {text}` names no OpenAPI security scheme; left out (state it in the overlay)"),
                    );
                    continue;
                }
            };
            let mut req = SecurityRequirement::new();
            req.insert(name.clone(), Vec::new());
            requirements.push(req);
            schemes.insert(name, ReferenceOr::Item(value));
        }
        (schemes, requirements)
    }

    fn operation(&mut self, ep: &Endpoint, id: &str, tag: &str) -> Result<Operation, ExportError> {
        let pascal = id.to_upper_camel_case();
        let mut op = Operation {
            tags: vec![tag.to_owned()],
            summary: ep.description.clone(),
            operation_id: Some(id.to_owned()),
            deprecated: ep.deprecated,
            ..Operation::default()
        };
        if let Some(auth) = &ep.auth {
            let (_, requirements) = self.security(auth, ep.origin);
            op.security = Some(requirements);
        }
        for ext in &ep.extensions {
            op.extensions.insert(
                format!("x-lap-{}", ext.name),
                Value::String(ext.value.clone()),
            );
        }
        let mut body_fields = Vec::new();
        for p in &ep.params {
            let data = |s: &mut Self| -> Result<ParameterData, ExportError> {
                let loc = Loc(vec![id.to_owned(), p.field.name.clone()]);
                let schema = s.field_schema(&p.field, &loc, false)?;
                Ok(ParameterData {
                    name: p.field.name.clone(),
                    description: p.field.description.clone(),
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
        if !body_fields.is_empty() || ep.body_type.is_some() {
            let loc = Loc(vec![id.to_owned(), "request".to_owned()]);
            let schema = match (&ep.body_type, body_fields.is_empty()) {
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
                required: body_fields.iter().any(|f| f.required) || ep.body_type.is_some(),
                ..RequestBody::default()
            }));
        } else if ep.example_request.is_some() {
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
                    .clone()
                    .unwrap_or_else(|| format!("{} response.", r.status)),
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
                .clone()
                .unwrap_or_else(|| format!("{} error.", e.status));
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
    fn example(&mut self, ep: &Endpoint, body: &[Field]) -> Option<Value> {
        let text = ep.example_request.as_ref()?;
        let problem = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => {
                let unknown: Vec<&String> = map
                    .keys()
                    .filter(|k| !body.iter().any(|f| &f.name == *k))
                    .collect();
                let missing: Vec<&str> = body
                    .iter()
                    .filter(|f| f.required && !map.contains_key(&f.name))
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

    /// A named component for an inline object: by location, by shape, or by
    /// the default name.
    fn hoist(
        &mut self,
        fields: &[Field],
        loc: &Loc,
        default_name: Option<String>,
        origin: Origin,
    ) -> Result<ReferenceOr<Schema>, ExportError> {
        let members: BTreeSet<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        let (name, by_shape) = if let Some(n) = self.names.schemas.get(&loc.key()) {
            (n.clone(), false)
        } else if let Some(n) = self.names.shape(&members) {
            (n.to_owned(), true)
        } else {
            let fallback = loc
                .0
                .last()
                .map(|l| l.to_upper_camel_case())
                .unwrap_or_default();
            (default_name.unwrap_or(fallback), false)
        };
        let object = self.object(fields, loc, origin)?;
        self.insert(&name, object, loc, origin, by_shape)
    }

    /// Adds a component, or reuses an equal one. Objects matched by shape
    /// merge their required lists (the union).
    fn insert(
        &mut self,
        name: &str,
        schema: Schema,
        loc: &Loc,
        origin: Origin,
        by_shape: bool,
    ) -> Result<ReferenceOr<Schema>, ExportError> {
        match self.components.get_mut(name) {
            None => {
                self.components.insert(
                    name.to_owned(),
                    Component {
                        schema,
                        location: loc.key(),
                        by_shape,
                    },
                );
            }
            Some(existing) => {
                let mut incoming = schema;
                if by_shape && existing.by_shape {
                    merge_required(&mut existing.schema, &mut incoming);
                    strip_descriptions(&mut existing.schema, &mut incoming);
                }
                if existing.schema != incoming {
                    return Err(ExportError {
                        origin,
                        message: format!(
                            "two different objects would both be the component `{name}`: at `{}` and at `{}`; name one of them under `schemas:` in the names file",
                            existing.location,
                            loc.key()
                        ),
                    });
                }
            }
        }
        Ok(reference(name))
    }

    fn object(
        &mut self,
        fields: &[Field],
        loc: &Loc,
        _origin: Origin,
    ) -> Result<Schema, ExportError> {
        let mut object = ObjectType::default();
        for f in fields {
            let schema = self.field_schema(f, &loc.child(&f.name), true)?;
            object.properties.insert(f.name.clone(), boxed(schema));
            if f.required {
                object.required.push(f.name.clone());
            }
        }
        Ok(plain(SchemaKind::Type(openapiv3::Type::Object(object))))
    }

    /// A field's schema with its description, default and deprecation; a
    /// reference that needs any of these is wrapped in a one-element `allOf`,
    /// because OpenAPI 3.0 ignores the siblings of `$ref`.
    fn field_schema(
        &mut self,
        field: &Field,
        loc: &Loc,
        hoist: bool,
    ) -> Result<ReferenceOr<Schema>, ExportError> {
        let schema = self.schema(&field.schema, loc, hoist, field.origin)?;
        let mut data = SchemaData {
            description: field.description.clone(),
            deprecated: field.deprecated,
            ..SchemaData::default()
        };
        if let Some(default) = &field.default {
            match typed_default(&field.schema, default) {
                Some(value) => data.default = Some(value),
                None => {
                    data.extensions
                        .insert("x-default-text".to_owned(), Value::String(default.clone()));
                }
            }
        }
        let plain_data = data == SchemaData::default();
        Ok(match schema {
            ReferenceOr::Item(mut s) => {
                s.schema_data.description = data.description;
                s.schema_data.deprecated = data.deprecated;
                s.schema_data.default = data.default;
                s.schema_data.extensions.extend(data.extensions);
                ReferenceOr::Item(s)
            }
            r @ ReferenceOr::Reference { .. } if plain_data => r,
            r => ReferenceOr::Item(Schema {
                schema_data: data,
                schema_kind: SchemaKind::AllOf { all_of: vec![r] },
            }),
        })
    }

    fn schema(
        &mut self,
        s: &ModelSchema,
        loc: &Loc,
        hoist: bool,
        origin: Origin,
    ) -> Result<ReferenceOr<Schema>, ExportError> {
        let values = self.unique_enum(s, loc, origin);
        let kind = match &s.ty {
            Type::String => SchemaKind::Type(openapiv3::Type::String(StringType {
                format: format(&s.format),
                enumeration: values.into_iter().map(Some).collect(),
                ..StringType::default()
            })),
            Type::File => SchemaKind::Type(openapiv3::Type::String(StringType {
                format: VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary),
                ..StringType::default()
            })),
            Type::Integer => {
                let enumeration = self.parse_enum(&values, loc, origin, |v| v.parse::<i64>().ok());
                SchemaKind::Type(openapiv3::Type::Integer(IntegerType {
                    format: format(&s.format),
                    enumeration,
                    ..IntegerType::default()
                }))
            }
            Type::Number => {
                let enumeration = self.parse_enum(&values, loc, origin, |v| v.parse::<f64>().ok());
                SchemaKind::Type(openapiv3::Type::Number(NumberType {
                    format: format(&s.format),
                    enumeration,
                    ..NumberType::default()
                }))
            }
            Type::Boolean => {
                let enumeration = self.parse_enum(&values, loc, origin, |v| v.parse::<bool>().ok());
                SchemaKind::Type(openapiv3::Type::Boolean(BooleanType { enumeration }))
            }
            Type::Any => SchemaKind::Any(AnySchema::default()),
            Type::Object(None) => SchemaKind::Type(openapiv3::Type::Object(ObjectType::default())),
            Type::Object(Some(fields)) if fields.is_empty() || !hoist => {
                return self
                    .object(fields, loc, origin)
                    .map(|o| nullable(ReferenceOr::Item(o), s.nullable));
            }
            Type::Object(Some(fields)) => {
                let r = self.hoist(fields, loc, None, origin)?;
                return Ok(nullable(r, s.nullable));
            }
            Type::Array(item) => {
                let items = self.schema(item, loc, hoist, origin)?;
                SchemaKind::Type(openapiv3::Type::Array(ArrayType {
                    items: Some(boxed(items)),
                    min_items: None,
                    max_items: None,
                    unique_items: false,
                }))
            }
            Type::Named(name) => {
                if self.api.type_def(name).is_none() {
                    return Err(ExportError {
                        origin,
                        message: format!("`{}` names the undefined type `{name}`", loc.key()),
                    });
                }
                return Ok(nullable(reference(name), s.nullable));
            }
        };
        let mut schema = plain(kind);
        schema.schema_data.nullable = s.nullable;
        Ok(ReferenceOr::Item(schema))
    }

    fn unique_enum(&mut self, s: &ModelSchema, loc: &Loc, origin: Origin) -> Vec<String> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for v in &s.enum_values {
            if seen.insert(v.as_str()) {
                out.push(v.clone());
            } else {
                self.warn(
                    origin,
                    format!("`{}`: duplicate enum value `{v}` dropped", loc.key()),
                );
            }
        }
        out
    }

    fn parse_enum<T>(
        &mut self,
        values: &[String],
        loc: &Loc,
        origin: Origin,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Vec<Option<T>> {
        let mut out = Vec::new();
        for v in values {
            match parse(v) {
                Some(t) => out.push(Some(t)),
                None => self.warn(
                    origin,
                    format!(
                        "`{}`: enum value `{v}` is not of the field's type; dropped",
                        loc.key()
                    ),
                ),
            }
        }
        out
    }
}

fn http_scheme(scheme: &str) -> SecurityScheme {
    SecurityScheme::HTTP {
        scheme: scheme.to_owned(),
        bearer_format: None,
        description: None,
        extensions: IndexMap::new(),
    }
}

fn insert_response(responses: &mut Responses, status: StatusCode, response: openapiv3::Response) {
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

fn format<T>(f: &Option<String>) -> VariantOrUnknownOrEmpty<T> {
    match f {
        Some(f) => VariantOrUnknownOrEmpty::Unknown(f.clone()),
        None => VariantOrUnknownOrEmpty::Empty,
    }
}

fn nullable(r: ReferenceOr<Schema>, nullable: bool) -> ReferenceOr<Schema> {
    match r {
        ReferenceOr::Item(mut s) => {
            s.schema_data.nullable |= nullable;
            ReferenceOr::Item(s)
        }
        r if nullable => ReferenceOr::Item(Schema {
            schema_data: SchemaData {
                nullable: true,
                ..SchemaData::default()
            },
            schema_kind: SchemaKind::AllOf { all_of: vec![r] },
        }),
        r => r,
    }
}

/// A lap default as a JSON value of the field's type, when it is one.
fn typed_default(schema: &ModelSchema, text: &str) -> Option<Value> {
    match schema.ty {
        Type::Integer => text.parse::<i64>().ok().map(Value::from),
        Type::Number => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number),
        Type::Boolean => text.parse::<bool>().ok().map(Value::Bool),
        Type::String if !text.contains(char::is_whitespace) => {
            let ok = schema.enum_values.is_empty() || schema.enum_values.iter().any(|v| v == text);
            ok.then(|| Value::String(text.to_owned()))
        }
        _ => None,
    }
}

fn object_type(s: &mut Schema) -> Option<&mut ObjectType> {
    match &mut s.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(o)) => Some(o),
        _ => None,
    }
}

fn merge_required(a: &mut Schema, b: &mut Schema) {
    let (Some(oa), Some(ob)) = (object_type(a), object_type(b)) else {
        return;
    };
    let mut union: Vec<String> = oa.required.clone();
    for r in &ob.required {
        if !union.contains(r) {
            union.push(r.clone());
        }
    }
    union.sort_by_key(|r| oa.properties.get_index_of(r));
    oa.required = union.clone();
    ob.required = union;
}

/// Objects recognised by shape share one component whatever each place said
/// about its members; the first place's descriptions win.
fn strip_descriptions(existing: &mut Schema, incoming: &mut Schema) {
    let (Some(oa), Some(ob)) = (object_type(existing), object_type(incoming)) else {
        return;
    };
    for (name, prop) in ob.properties.iter_mut() {
        if let (Some(ReferenceOr::Item(a)), ReferenceOr::Item(b)) = (oa.properties.get(name), prop)
        {
            b.schema_data.description = a.schema_data.description.clone();
        }
    }
}
