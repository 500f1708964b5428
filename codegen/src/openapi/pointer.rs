//! JSON pointers into an OpenAPI document for model elements, so the
//! diff and its policies point at the same place a reader would open.
//! Escaping, `$ref`s and text positions are `openapi_ref`'s, re-exported
//! here for the stages that build pointers from the model.
//!
//! Pointers below a schema are written as if every `$ref` were inlined
//! (`.../schema/properties/note`): the model has no references, and a
//! reader follows the path through the document's references by eye.

use serde_json::Value;

use crate::model::{Endpoint, Param, ParamLocation};

pub use openapi_ref::{escape, line_column, locate};

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

/// Whether a media type is JSON: its essence (the part before any `;`
/// parameter, compared without case, as RFC 9110 says media types are) is
/// `application/json` or ends in `+json`. Parameters such as Azure's
/// `application/json; odata=minimalmetadata` or `;version=2` do not change
/// what the body is.
pub fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or(media).trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence
            .len()
            .checked_sub(5)
            .and_then(|at| essence.get(at..))
            .is_some_and(|tail| tail.eq_ignore_ascii_case("+json"))
}

/// The JSON request body's schema: the media type the import read.
pub fn request_schema_pointer(ep: &Endpoint) -> String {
    let media = ep
        .details
        .request_media_types
        .iter()
        .find(|m| is_json(m))
        .or(ep.details.request_media_types.first())
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
            let p = openapi_ref::follow(document, p).unwrap_or(p);
            if p.get("name").and_then(Value::as_str) == Some(param.field.name.as_str()) {
                return format!("{owner}/parameters/{i}");
            }
        }
    }
    format!("{base}/parameters")
}

#[cfg(test)]
mod tests {
    use super::is_json;

    #[test]
    fn media_type_parameters_and_case_do_not_hide_json() {
        for json in [
            "application/json",
            "application/json; odata=minimalmetadata",
            "application/json;version=2",
            "Application/JSON",
            "application/merge-patch+json",
            "application/vnd.api+JSON; charset=utf-8",
        ] {
            assert!(is_json(json), "{json}");
        }
        for other in [
            "text/plain",
            "application/jsonl",
            "multipart/form-data",
            "json",
        ] {
            assert!(!is_json(other), "{other}");
        }
        assert!(!is_json("application/xml; note=+json"));
    }
}
