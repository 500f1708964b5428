//! The typed form of an operation our templates generate: which template,
//! which method, which parts, read once from the document by `prepare` and
//! consumed by `templates`, so the templates match on types and the
//! document's shape is checked in one place.

use std::fmt;

use serde_json::Value;

use super::GenerateError;

/// The operation member that hands an operation to our templates.
pub(crate) const MARK: &str = "x-codegen-template";

/// The operations of `document` progenitor generates (those without
/// [`MARK`]), with their `operationId`, in document order.
pub(crate) fn progenitor_operations(document: &Value) -> impl Iterator<Item = (&str, &Value)> {
    document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .filter(|op| op.get(MARK).is_none())
        .filter_map(|op| Some((op.get("operationId")?.as_str()?, op)))
}

/// An operation our templates generate.
#[derive(Clone, Debug)]
pub(crate) struct TemplateOp {
    pub path: String,
    pub method: Method,
    pub template: Template,
    /// The operation as the document states it (summary, parameters,
    /// responses, samples).
    pub operation: Value,
}

/// The HTTP methods of an OpenAPI path item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// Every method, in the order OpenAPI lists a path item's fields.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The path item's key, which is also reqwest's builder method.
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key().to_uppercase())
    }
}

/// Which template writes the operation, with what it needs.
#[derive(Clone, Debug)]
pub(crate) enum Template {
    /// `x-codegen-template: multipart`: a `multipart/form-data` body.
    Multipart(Vec<Part>),
    /// `x-codegen-template: optional-body`: a JSON body, and success with
    /// a body or without one.
    OptionalBody {
        /// The request body's schema.
        body: Value,
    },
}

impl Template {
    /// The name the overlay gives it.
    pub fn name(&self) -> &'static str {
        match self {
            Template::Multipart(_) => MULTIPART,
            Template::OptionalBody { .. } => OPTIONAL_BODY,
        }
    }
}

const MULTIPART: &str = "multipart";
const OPTIONAL_BODY: &str = "optional-body";

/// One part of a multipart body, in the document's order.
#[derive(Clone, Debug)]
pub(crate) struct Part {
    pub name: String,
    pub description: Option<String>,
    pub kind: PartKind,
}

#[derive(Clone, Debug)]
pub(crate) enum PartKind {
    /// Files (`format: binary`, or an array of them): one call per file.
    Files,
    /// A value sent as one part, serialized as `content_type`.
    Value {
        schema: Value,
        content_type: String,
        required: bool,
    },
}

impl TemplateOp {
    /// The typed form of `operation`, marked `x-codegen-template: name`.
    pub fn read(
        path: &str,
        method: Method,
        name: &str,
        operation: Value,
    ) -> Result<TemplateOp, GenerateError> {
        let error = |message: String| {
            GenerateError::Input(format!(
                "{method} {path} (x-codegen-template: {name}): {message}"
            ))
        };
        let template = match name {
            MULTIPART => Template::Multipart(parts(&operation).map_err(error)?),
            OPTIONAL_BODY => Template::OptionalBody {
                body: operation
                    .pointer("/requestBody/content/application~1json/schema")
                    .cloned()
                    .ok_or_else(|| {
                        error(
                            "the optional-body template needs an `application/json` request body"
                                .to_owned(),
                        )
                    })?,
            },
            other => {
                return Err(error(format!(
                    "unknown template `{other}`; the templates are `{MULTIPART}` and `{OPTIONAL_BODY}`"
                )));
            }
        };
        Ok(TemplateOp {
            path: path.to_owned(),
            method,
            template,
            operation,
        })
    }
}

fn parts(operation: &Value) -> Result<Vec<Part>, String> {
    let content = operation
        .pointer("/requestBody/content/multipart~1form-data")
        .ok_or("the multipart template needs a `multipart/form-data` request body")?;
    let schema = content
        .get("schema")
        .ok_or("multipart body without schema")?;
    let props = schema
        .get("properties")
        .and_then(Value::as_object)
        .ok_or("multipart schema without properties")?;
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let is_binary = |s: &Value| {
        s.get("format").and_then(Value::as_str) == Some("binary")
            || s.pointer("/items/format").and_then(Value::as_str) == Some("binary")
    };
    Ok(props
        .iter()
        .map(|(name, prop)| Part {
            name: name.clone(),
            description: prop
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            kind: if is_binary(prop) {
                PartKind::Files
            } else {
                PartKind::Value {
                    schema: prop.clone(),
                    content_type: content
                        .pointer(&format!("/encoding/{name}/contentType"))
                        .and_then(Value::as_str)
                        .unwrap_or("application/json")
                        .to_owned(),
                    required: required.contains(&name.as_str()),
                }
            },
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multipart_operation_reads_into_its_parts_in_order() {
        let op = serde_json::json!({ "requestBody": { "content": { "multipart/form-data": {
            "schema": { "type": "object", "required": ["input"], "properties": {
                "input": { "$ref": "#/components/schemas/In" },
                "evidence-file": { "type": "array", "items": { "type": "string", "format": "binary" } }
            } },
            "encoding": { "input": { "contentType": "application/json" } }
        } } } });
        let read = TemplateOp::read("/d/{id}/x", Method::Post, "multipart", op).expect("reads");
        let Template::Multipart(parts) = &read.template else {
            panic!("multipart");
        };
        let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["input", "evidence-file"]);
        assert!(matches!(
            parts[0].kind,
            PartKind::Value { required: true, .. }
        ));
        assert!(matches!(parts[1].kind, PartKind::Files));
    }

    #[test]
    fn an_unknown_template_names_the_operation_and_the_known_ones() {
        let err =
            TemplateOp::read("/d", Method::Put, "xml", serde_json::json!({})).expect_err("unknown");
        let text = err.to_string();
        assert!(text.contains("PUT /d (x-codegen-template: xml)"), "{text}");
        assert!(text.contains("`multipart` and `optional-body`"), "{text}");
    }

    #[test]
    fn the_optional_body_template_needs_a_json_body() {
        let err = TemplateOp::read("/d", Method::Patch, "optional-body", serde_json::json!({}))
            .expect_err("no body");
        assert!(
            err.to_string().contains("`application/json` request body"),
            "{err}"
        );
    }
}
