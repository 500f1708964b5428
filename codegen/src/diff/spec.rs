//! One side of a diff: a `@lap` file or an OpenAPI document, read into the
//! model, with what the diff needs to point back into it.

use serde_json::Value;

use crate::lap;
use crate::model::Api;
use crate::openapi::import::{self, ImportError};
use crate::openapi::to_lap::lap_conventions;

/// What a side was written in, detected from its content (never its name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A `@lap` file: the first directive is `@lap`.
    Lap,
    /// An OpenAPI 3.0 document, JSON or YAML.
    OpenApi,
}

/// A spec read for comparison.
#[derive(Clone, Debug)]
pub struct Spec {
    /// The name to show in locations (`spec/disputes.lap`, `HEAD:spec/disputes.lap`).
    pub file: String,
    /// What it was written in.
    pub format: Format,
    /// The API as the model holds it.
    pub api: Api,
    /// The raw document (OpenAPI only), for exact JSON pointers.
    pub document: Option<Value>,
    /// What the reader noticed but could still read (lap warnings with
    /// their line, import warnings with their pointer).
    pub warnings: Vec<String>,
}

/// Why a side could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The `@lap` text has errors (rendered, with line, column and a caret).
    #[error("{0}")]
    Lap(String),
    /// The document is not OpenAPI 3.0 or not valid JSON/YAML.
    #[error("{file}:{error}")]
    OpenApi {
        /// The file name.
        file: String,
        /// What is wrong.
        error: ImportError,
    },
    /// Neither format.
    #[error(
        "{file}: neither a @lap file (its first directive is `@lap v0.3`) nor an OpenAPI document (JSON or YAML with an `openapi` field)"
    )]
    Unknown {
        /// The file name.
        file: String,
    },
}

/// Detects the format of `text`: lap when its first line that is neither
/// blank nor a `#` comment starts with `@`; otherwise a JSON or YAML document.
pub fn detect(text: &str) -> Format {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    match first {
        Some(l) if l.starts_with('@') => Format::Lap,
        _ => Format::OpenApi,
    }
}

/// Reads one side. `file` is only used in messages and locations.
pub fn load(file: &str, text: &str) -> Result<Spec, LoadError> {
    match detect(text) {
        Format::Lap => {
            let parsed = lap::parse(text).map_err(|e| LoadError::Lap(e.render(file, text)))?;
            let renderer = lap::Renderer::new(file, text);
            let warnings = parsed.warnings.iter().map(|w| renderer.render(w)).collect();
            Ok(Spec {
                file: file.to_owned(),
                format: Format::Lap,
                api: parsed.api,
                document: None,
                warnings,
            })
        }
        Format::OpenApi => {
            let open_api_error = |error| LoadError::OpenApi {
                file: file.to_owned(),
                error,
            };
            let document = import::parse_document(text).map_err(open_api_error)?;
            if document.get("openapi").is_none() && document.get("swagger").is_none() {
                return Err(LoadError::Unknown {
                    file: file.to_owned(),
                });
            }
            let imported = import::import_document(text, &document).map_err(open_api_error)?;
            Ok(Spec {
                file: file.to_owned(),
                format: Format::OpenApi,
                api: imported.api,
                warnings: imported
                    .warnings
                    .iter()
                    .map(|w| format!("{file}{w}"))
                    .collect(),
                document: Some(document),
            })
        }
    }
}

impl Spec {
    /// This OpenAPI side as lap would state it, to compare with a lap side:
    /// nesting truncated and response enums dropped as `lap compile` does,
    /// parameter locations as lap infers them, and what lap cannot say
    /// (security scopes, deprecation of endpoints, members and enum values,
    /// operation ids, media types) left out.
    /// Pointers still refer to the original document.
    pub(crate) fn at_lap_resolution(&self) -> Spec {
        let mut api = lap_conventions(self.api.clone());
        for ep in &mut api.endpoints {
            let inferred = if ep.method.has_body() {
                crate::model::ParamLocation::Body
            } else {
                crate::model::ParamLocation::Query
            };
            for p in &mut ep.params {
                if p.location != crate::model::ParamLocation::Path {
                    p.location = inferred;
                }
                undeprecate(&mut p.field);
            }
            for fields in ep
                .responses
                .iter_mut()
                .filter_map(|r| r.fields.as_mut())
                .chain(ep.errors.iter_mut().filter_map(|e| e.fields.as_mut()))
            {
                fields.iter_mut().for_each(undeprecate);
            }
            ep.deprecated = false;
            if let Some(details) = ep.details.get_mut() {
                details.security.clear();
                details.operation_id = None;
            }
        }
        for t in &mut api.types {
            t.fields.iter_mut().for_each(undeprecate);
        }
        Spec {
            api,
            ..self.clone()
        }
    }
}

/// Clears what lap cannot state about deprecation: of the field, its enum
/// values, and every member below it (at most `MAX_DEPTH` levels, which
/// every reader enforces).
fn undeprecate(field: &mut crate::model::Field) {
    field.deprecated = false;
    let mut schema = &mut field.schema;
    loop {
        schema.set_deprecated_values(Vec::new());
        match &mut schema.ty {
            crate::model::Type::Array(item) => schema = std::sync::Arc::make_mut(item),
            crate::model::Type::Object(Some(members)) => {
                members.iter_mut().for_each(undeprecate);
                return;
            }
            _ => return,
        }
    }
}
