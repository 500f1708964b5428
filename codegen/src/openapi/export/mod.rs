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
//!
//! This module builds the document, its paths and security; `operation.rs`
//! lowers each operation (parameters, bodies, examples, responses) and
//! `schema.rs` the schemas and named components.

use std::collections::HashMap;

use heck::ToSnakeCase;
use indexmap::IndexMap;
use openapiv3::{
    Components, Info, OpenAPI, PathItem, Paths, ReferenceOr, Schema, SecurityRequirement,
    SecurityScheme, Server, Tag,
};
use serde_json::Value;

use super::names::Names;
use crate::model::{Api, AuthScheme, Endpoint, Method, Origin};

mod operation;
mod schema;

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

impl Exporter<'_> {
    fn warn(&mut self, origin: Origin, message: String) {
        self.warnings.push(ExportWarning { origin, message });
    }

    fn operation_id(&self, ep: &Endpoint) -> String {
        let key = format!("{} {}", ep.method, ep.path);
        if let Some(id) = self.names.operations.get(&key) {
            return id.clone();
        }
        if let Some(id) = &ep.details.operation_id {
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
}

fn http_scheme(scheme: &str) -> SecurityScheme {
    SecurityScheme::HTTP {
        scheme: scheme.to_owned(),
        bearer_format: None,
        description: None,
        extensions: IndexMap::new(),
    }
}
