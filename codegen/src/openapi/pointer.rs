//! JSON pointers into an OpenAPI document for model elements, so the
//! cross-check and the diff point at the same place a reader would open.
//!
//! Pointers below a schema are written as if every `$ref` were inlined
//! (`.../schema/properties/note`): the model has no references, and a
//! reader follows the path through the document's references by eye.

use serde_json::Value;

use crate::model::{Endpoint, Param, ParamLocation};

/// Escapes one JSON pointer segment (RFC 6901: `~` then `/`).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// `/paths/{path}`.
pub fn path_pointer(path: &str) -> String {
    format!("/paths/{}", escape(path))
}

/// `/paths/{path}/{method}`.
pub fn operation_pointer(ep: &Endpoint) -> String {
    format!(
        "{}/{}",
        path_pointer(&ep.path),
        ep.method.as_str().to_lowercase()
    )
}

/// Whether a media type is JSON (`application/json` or a `+json` suffix).
pub fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json")
}

/// The JSON request body's schema: the media type the import read.
pub fn request_schema_pointer(ep: &Endpoint) -> String {
    let media = ep
        .request_media_types
        .iter()
        .find(|m| is_json(m))
        .or(ep.request_media_types.first())
        .map_or("application/json", String::as_str);
    format!(
        "{}/requestBody/content/{}/schema",
        operation_pointer(ep),
        escape(media)
    )
}

/// The pointer of a parameter in `document`: its index in the operation's
/// or the path item's `parameters` (following a `$ref` entry to read its
/// name), or its property in the JSON request body.
pub fn param_pointer(document: &Value, ep: &Endpoint, param: &Param) -> String {
    let base = operation_pointer(ep);
    if param.location == ParamLocation::Body {
        return format!(
            "{}/properties/{}",
            request_schema_pointer(ep),
            escape(&param.field.name)
        );
    }
    for owner in [base.clone(), path_pointer(&ep.path)] {
        let Some(list) = document
            .pointer(&format!("{owner}/parameters"))
            .and_then(Value::as_array)
        else {
            continue;
        };
        for (i, p) in list.iter().enumerate() {
            let p = match p
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
            {
                Some(target) => document.pointer(target).unwrap_or(p),
                None => p,
            };
            if p.get("name").and_then(Value::as_str) == Some(param.field.name.as_str()) {
                return format!("{owner}/parameters/{i}");
            }
        }
    }
    format!("{base}/parameters")
}
