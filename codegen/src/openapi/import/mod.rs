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
//!
//! This module reads the document and walks its paths; `operation.rs`
//! imports parameters, bodies and responses, `schema.rs` schemas and `$ref`s,
//! `security.rs` security schemes and requirements.

use serde_json::{Map, Value};

use super::pointer::escape;
use crate::model::{Api, HeaderOrigins, Method};

mod operation;
mod schema;
mod security;

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
            header: HeaderOrigins::default(),
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
