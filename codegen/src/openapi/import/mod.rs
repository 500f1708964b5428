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
//! Nesting is read to [`MAX_DEPTH`] levels, counted as the lap parser
//! counts them (a member's or a list item's type is one level below the
//! type that holds it; `$ref`s are followed as if inlined, `allOf` parts
//! and a lone `oneOf` alternative are the schema itself). A schema past it
//! is an error at its JSON pointer (and line and column in JSON text),
//! because cutting it would drop members silently; lap's shallower
//! truncation is a convention of `lap compile`, see
//! [`crate::openapi::to_lap`]. Recursion is cut to `map` with a warning:
//! lap can state that, as `map`. With every reader holding this limit the
//! walks over the model (printer, export, diff) recurse at
//! most [`MAX_DEPTH`] levels.
//!
//! A `$ref` is inlined wherever it is used, so schemas that refer to each
//! other densely expand exponentially: an import reads at most
//! [`MAX_MEMBERS`] members in all (past it objects are `map`, with one
//! warning), and [`Options::member_levels`] reads only the levels a caller
//! uses, as `lap compile` does. A warning is given once per place in the
//! document, however many paths reach it.
//!
//! This module reads the document and walks its paths; `operation.rs`
//! imports parameters, bodies and responses, `schema.rs` schemas and `$ref`s,
//! `security.rs` security schemes and requirements.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use indexmap::IndexSet;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::pointer::{self, escape};
use crate::model::{Api, HeaderOrigins, MAX_DEPTH, Method};

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
    /// The JSON or YAML text nests deeper than its reader goes.
    #[error("{line}:{column}: the {format} text nests deeper than {limit} levels here; {help}")]
    TextTooDeep {
        /// `JSON` or `YAML`.
        format: &'static str,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The reader's limit, in levels of `{}` and `[]` (or YAML's blocks).
        limit: usize,
        /// How to read the document anyway.
        help: &'static str,
    },
    /// A schema nests deeper than [`MAX_DEPTH`] levels of the model.
    #[error(
        "{}#{pointer}: types nest deeper than {MAX_DEPTH} levels here (each object member and list item is a level, through `$ref`s); the model and lap hold at most {MAX_DEPTH}: end the nesting earlier, e.g. with a plain `type: object` (read as `map`)",
        position.map_or(String::new(), |(line, column)| format!("{line}:{column}: "))
    )]
    TooDeep {
        /// JSON pointer of the first schema past the limit, where it stands
        /// in the document (the `$ref`, not its target).
        pointer: String,
        /// Its line and column, when the document was JSON text.
        position: Option<(usize, usize)>,
    },
}

/// How deeply JSON text may nest, in `{}` and `[]`.
///
/// serde_json's own limit (128) is below what a document needs to state
/// [`MAX_DEPTH`] model levels, our export included: a level costs up to four
/// text levels (`properties`, the member, a one-element `allOf` and its
/// list), and a schema sits seven levels down (`/paths/{p}/{method}/
/// responses/{code}/content/{media}/schema`). So the text is scanned first,
/// without recursion, and refused past this limit at its line and column;
/// serde_json then reads it with its limit off, recursing at most this deep,
/// which `tests/openapi/import.rs` runs on a 256 KiB stack. YAML keeps
/// serde_yaml_ng's fixed limit of 128 levels, which cannot be raised: a
/// deeper YAML document is an error that says to convert it to JSON.
pub const TEXT_DEPTH: usize = 4 * MAX_DEPTH + 16;

/// serde_yaml_ng's nesting limit (fixed in its deserializer).
const YAML_DEPTH: usize = 128;

const YAML_HELP: &str =
    "the YAML reader goes no deeper; convert the document to JSON, which is read to more levels";

/// Reads a document from text: JSON when it starts with `{`, YAML otherwise.
pub fn import_str(text: &str) -> Result<Imported, ImportError> {
    import_str_with(text, Options::default())
}

/// [`import_str`] with [`Options`].
pub fn import_str_with(text: &str, options: Options) -> Result<Imported, ImportError> {
    import_document_with(text, &parse_document(text)?, options)
}

/// Imports `doc`, parsed from `text`: as [`import_value`], with the line
/// and column of a JSON document added to errors that have a pointer.
pub fn import_document(text: &str, doc: &Value) -> Result<Imported, ImportError> {
    import_document_with(text, doc, Options::default())
}

/// [`import_document`] with [`Options`].
pub fn import_document_with(
    text: &str,
    doc: &Value,
    options: Options,
) -> Result<Imported, ImportError> {
    import_value_with(doc, options).map_err(|e| match e {
        ImportError::TooDeep { pointer, .. } => {
            let position = pointer::locate(text.trim_start_matches('\u{feff}'), &pointer);
            ImportError::TooDeep { pointer, position }
        }
        other => other,
    })
}

/// Reads JSON or YAML text into a JSON value (detected by content).
pub fn parse_document(text: &str) -> Result<Value, ImportError> {
    let body = text.trim_start_matches('\u{feff}');
    if body.trim_start().starts_with('{') {
        if let Some(offset) = too_deep_at(body, TEXT_DEPTH) {
            let (line, column) = pointer::line_column(body, offset);
            return Err(ImportError::TextTooDeep {
                format: "JSON",
                line,
                column,
                limit: TEXT_DEPTH,
                help: "no OpenAPI document needs this: look for a generator loop or a truncated file",
            });
        }
        let syntax = |e: serde_json::Error| ImportError::Syntax {
            format: "JSON",
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        };
        let mut reader = serde_json::Deserializer::from_str(body);
        // Bounded by the scan above: at most TEXT_DEPTH levels.
        reader.disable_recursion_limit();
        let value = Value::deserialize(&mut reader).map_err(syntax)?;
        reader.end().map_err(syntax)?;
        Ok(value)
    } else {
        if let Some(offset) = yaml_flow_too_deep_at(body, YAML_DEPTH) {
            let (line, column) = pointer::line_column(body, offset);
            return Err(ImportError::TextTooDeep {
                format: "YAML",
                line,
                column,
                limit: YAML_DEPTH,
                help: YAML_HELP,
            });
        }
        serde_yaml_ng::from_str(body).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            if e.to_string().starts_with("recursion limit exceeded") {
                return ImportError::TextTooDeep {
                    format: "YAML",
                    line,
                    column,
                    limit: YAML_DEPTH,
                    help: YAML_HELP,
                };
            }
            ImportError::Syntax {
                format: "YAML",
                line,
                column,
                message: e.to_string(),
            }
        })
    }
}

/// The byte offset of the first YAML flow collection (`[` or `{`) that
/// opens level `limit + 1`, if any.
///
/// serde_yaml_ng refuses such a document anyway, but only after libyaml
/// has scanned it, in time quadratic in the flow depth (minutes for
/// 100,000 levels): this scan refuses it first, in one pass. A bracket
/// counts only where YAML lets a flow collection start (after indentation,
/// `-`, `:`, `?`, `,` or another bracket), so the `[` of a plain scalar
/// such as `range [0, 1)` does not; quoted scalars and comments are skipped.
fn yaml_flow_too_deep_at(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    // The last byte that was not a space or tab, on this line.
    let mut before = b'\n';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let node_start = matches!(before, b'\n' | b'-' | b':' | b'?' | b',' | b'[' | b'{');
        match b {
            b' ' | b'\t' => {
                i += 1;
                continue;
            }
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' if node_start => {
                i += 1;
                while i < bytes.len() && bytes[i] != b {
                    i += if b == b'"' && bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'[' | b'{' if node_start => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        before = b;
        i += 1;
    }
    None
}

/// The byte offset of the first `{` or `[` of JSON text that opens level
/// `limit + 1`, outside strings; `None` when the text stays within `limit`.
fn too_deep_at(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match (in_string, bytes[i]) {
            (true, b'\\') => i += 1,
            (true, b'"') | (false, b'"') => in_string = !in_string,
            (false, b'{' | b'[') => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            (false, b'}' | b']') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Imports a parsed document.
pub fn import_value(doc: &Value) -> Result<Imported, ImportError> {
    import_value_with(doc, Options::default())
}

/// [`import_value`] with [`Options`].
pub fn import_value_with(doc: &Value, options: Options) -> Result<Imported, ImportError> {
    let root = doc.as_object().ok_or_else(|| ImportError::NotOpenApi {
        pointer: String::new(),
        message: "the document is not an object; expected an OpenAPI 3.0 document".to_owned(),
    })?;
    let mut importer = Importer {
        doc,
        warnings: Vec::new(),
        warned: HashSet::new(),
        stack: IndexSet::new(),
        options,
        objects: 0,
        members: 0,
        members_cut: false,
        merges: HashMap::new(),
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

/// How much of a document's schemas an import spells out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Levels of object members read below a parameter, a top-level body
    /// member or a top-level response member; a deeper object is `map`,
    /// without a warning. `None` reads every level (to [`MAX_DEPTH`]).
    ///
    /// A `$ref` is inlined wherever it is used, so in a document whose
    /// schemas refer to each other densely (OOXML, AWS WAF's nested
    /// statements) the members below a schema grow exponentially with the
    /// depth: `lap compile`, which writes a few levels only, reads only
    /// those (see [`crate::openapi::to_lap`]).
    pub member_levels: Option<usize>,
}

/// The most object members one import reads, in all: past it, an object
/// is imported as `map`, with one warning at the first one cut. It bounds
/// the memory a document whose `$ref`s expand exponentially can take
/// (about 300 bytes a member) while leaving any real API whole: PayPal's
/// Disputes API expands to about 20,000.
pub const MAX_MEMBERS: usize = 1 << 20;

struct Importer<'a> {
    doc: &'a Value,
    warnings: Vec<ImportWarning>,
    /// The warnings given: a schema reached along many paths (every `$ref`
    /// to it) says what it says once.
    warned: HashSet<(String, String)>,
    /// `$ref` targets being imported, to cut recursion (a set: a chain of
    /// thousands of references is looked up in constant time per link).
    stack: IndexSet<String>,
    options: Options,
    /// Objects whose members are being read, around the current schema.
    objects: usize,
    /// Object members read so far, for [`MAX_MEMBERS`].
    members: usize,
    /// Whether [`MAX_MEMBERS`] was reached (and warned about).
    members_cut: bool,
    /// `allOf` merges made, by the schema's pointer, for reuse.
    merges: HashMap<String, Rc<Map<String, Value>>>,
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
        let message = message.into();
        if self.warned.insert((pointer.to_owned(), message.clone())) {
            self.warnings.push(ImportWarning {
                pointer: pointer.to_owned(),
                message,
            });
        }
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
        // Any length, without recursion: a chain ends or comes back to a
        // target it passed, which is a cycle.
        let mut passed = IndexSet::new();
        while value.get("$ref").is_some() {
            if !passed.insert(pointer.clone()) {
                self.warn(
                    &pointer,
                    "the reference chain comes back here (a cycle) without reaching anything; ignored",
                );
                return None;
            }
            (value, pointer) = self.deref_once(value, &pointer)?;
        }
        Some((value, pointer))
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
                )?;
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
    // A blank URL states no server (OpenAPI's default is `/`, relative to
    // the document), so it is no `@base`; lap trims the line, so the
    // blanks around a URL cannot be kept either.
    let url = url.trim();
    (!url.is_empty()).then(|| url.to_owned())
}
