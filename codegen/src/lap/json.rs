//! The stable JSON view printed by `cargo xtask lap check --json`.
//!
//! It is a view, not the model: field names and shapes here are a promise to
//! scripts and are documented in the README. Adding a field is allowed;
//! renaming or removing one is a breaking change.

use serde::Serialize;

use super::{LapVersion, Parsed};
use crate::model::{ApiKeyLocation, AuthScheme, Endpoint};

/// The document.
#[derive(Debug, Serialize)]
pub struct JsonApi {
    /// `@lap` version.
    pub lap_version: LapVersion,
    /// `@api`.
    pub api: String,
    /// `@base`.
    pub base_url: Option<String>,
    /// `@version`.
    pub version: Option<String>,
    /// `@auth` alternatives.
    pub auth: Vec<JsonAuth>,
    /// `@type` names, in file order.
    pub types: Vec<String>,
    /// The endpoints, in file order.
    pub endpoints: Vec<JsonEndpoint>,
    /// Warnings, as `line:column: message`.
    pub warnings: Vec<String>,
}

/// One `@auth` alternative: `{"kind": "basic"}`, `{"kind": "api_key",
/// "name": ..., "location": ...}`, or `{"kind": "other", "text": ...}` for
/// text that names no scheme the model knows (`oauth`, `mutual`), kept as
/// written.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JsonAuth {
    /// HTTP Basic.
    Basic,
    /// HTTP bearer token.
    Bearer,
    /// OAuth 2.0.
    #[serde(rename = "oauth2")]
    OAuth2,
    /// An API key.
    ApiKey {
        /// Header, query or cookie name.
        name: String,
        /// `header`, `query` or `cookie`.
        location: ApiKeyLocation,
    },
    /// Any other text.
    Other {
        /// The alternative as written.
        text: String,
    },
}

impl From<&AuthScheme> for JsonAuth {
    fn from(scheme: &AuthScheme) -> JsonAuth {
        match scheme {
            AuthScheme::Basic => JsonAuth::Basic,
            AuthScheme::Bearer => JsonAuth::Bearer,
            AuthScheme::OAuth2 => JsonAuth::OAuth2,
            AuthScheme::ApiKey { name, location } => JsonAuth::ApiKey {
                name: name.clone(),
                location: *location,
            },
            AuthScheme::Other(text) => JsonAuth::Other { text: text.clone() },
        }
    }
}

/// One endpoint.
#[derive(Debug, Serialize)]
pub struct JsonEndpoint {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template.
    pub path: String,
    /// `@desc`.
    pub description: Option<String>,
    /// `@group`.
    pub group: Option<String>,
    /// Names of the required parameters, in file order.
    pub required: Vec<String>,
    /// Names of the optional parameters, in file order.
    pub optional: Vec<String>,
    /// Every parameter in detail.
    pub params: Vec<JsonParam>,
    /// `@returns` status codes, in file order.
    pub responses: Vec<String>,
    /// `@errors` status codes, in file order.
    pub errors: Vec<String>,
    /// Line of the `@endpoint` directive.
    pub line: u32,
}

/// One parameter.
#[derive(Debug, Serialize)]
pub struct JsonParam {
    /// Name.
    pub name: String,
    /// `path`, `query`, `header` or `body`.
    #[serde(rename = "in")]
    pub location: &'static str,
    /// Whether it is in `@required`.
    pub required: bool,
    /// The type as lap writes it, e.g. `str(date-time)` or `[map]`.
    #[serde(rename = "type")]
    pub type_expr: String,
    /// Format hint.
    pub format: Option<String>,
    /// Enum values.
    #[serde(rename = "enum")]
    pub enum_values: Vec<String>,
    /// Default, verbatim.
    pub default: Option<String>,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// The comment.
    pub description: Option<String>,
}

/// Builds the JSON view of a parsed document.
pub fn to_json(parsed: &Parsed) -> JsonApi {
    let api = &parsed.api;
    JsonApi {
        lap_version: parsed.lap_version,
        api: api.name.clone(),
        base_url: api.base_url.clone(),
        version: api.version.clone(),
        auth: api.auth.iter().map(JsonAuth::from).collect(),
        types: api.types.iter().map(|t| t.name.clone()).collect(),
        endpoints: api.endpoints.iter().map(endpoint).collect(),
        warnings: parsed.warnings.iter().map(ToString::to_string).collect(),
    }
}

fn endpoint(ep: &Endpoint) -> JsonEndpoint {
    JsonEndpoint {
        method: ep.method.as_str().to_owned(),
        path: ep.path.clone(),
        description: ep.description.as_deref().map(str::to_owned),
        group: ep.group.as_deref().map(str::to_owned),
        required: ep
            .required_params()
            .map(|p| p.field.name.to_string())
            .collect(),
        optional: ep
            .optional_params()
            .map(|p| p.field.name.to_string())
            .collect(),
        params: ep
            .params
            .iter()
            .map(|p| {
                let mut type_expr = String::new();
                super::print::schema(&mut type_expr, &p.field.schema);
                JsonParam {
                    name: p.field.name.to_string(),
                    location: p.location.as_str(),
                    required: p.field.required,
                    type_expr,
                    format: p.field.schema.format().map(str::to_owned),
                    enum_values: p.field.schema.enum_values().to_vec(),
                    default: p.field.default.as_ref().map(|d| d.text().to_owned()),
                    nullable: p.field.schema.nullable,
                    description: p.field.description.as_deref().map(str::to_owned),
                }
            })
            .collect(),
        responses: ep.responses.iter().map(|r| r.status.to_string()).collect(),
        errors: ep.errors.iter().map(|e| e.status.to_string()).collect(),
        line: ep.origin.line,
    }
}
