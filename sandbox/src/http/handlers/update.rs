//! What `PATCH /v1/customer/disputes/{id}` may change: "Seller can update the
//! communication_detail value" (API reference). The body is a JSON Patch;
//! `add` and `replace` of `/communication_details` (an object with `email`
//! and `note`) or of one of its two members are supported, anything else
//! is refused with PayPal's patch issues. Success is 204 No Content.

use disputes_api::types;
use serde_json::Value;

use crate::domain::error::{ApiError, Detail, Issue};
use crate::domain::transitions::Command;
use crate::http::validate;

fn text(value: &Value, field: String) -> Result<String, Detail> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Detail::body(field, Issue::InvalidParameterSyntax, "Expected a string."))
}

/// The contact details a patch sets; a note of 1 to `note_chars`
/// characters, the limit every other note has. (A note inside an object
/// value is already checked with the body; a note set by its own path is a
/// bare string the body check cannot name, so it is checked here.)
pub fn command(patch: Vec<types::Patch>, note_chars: usize) -> Result<Command, ApiError> {
    if patch.is_empty() {
        return Err(ApiError::invalid_request(vec![Detail::body(
            "/",
            Issue::MissingRequiredParameter,
            "Send at least one patch operation.",
        )]));
    }
    let (mut email, mut note) = (None, None);
    let mut details = Vec::new();
    for (index, operation) in patch.into_iter().enumerate() {
        let at = format!("/{index}");
        if !matches!(operation.op, types::PatchOp::Add | types::PatchOp::Replace) {
            details.push(
                Detail::body(
                    format!("{at}/op"),
                    Issue::InvalidPatchOperation,
                    "Only add and replace of /communication_details are supported.",
                )
                .with_value(&operation.op.to_string()),
            );
            continue;
        }
        let Some(path) = operation.path else {
            details.push(Detail::body(
                format!("{at}/path"),
                Issue::PatchPathRequired,
                "Name the field to change.",
            ));
            continue;
        };
        let Some(value) = operation.value else {
            details.push(Detail::body(
                format!("{at}/value"),
                Issue::PatchValueRequired,
                "Give the new value.",
            ));
            continue;
        };
        let field = format!("{at}/value");
        let result = match path.as_str() {
            "/communication_details" => match value.as_object() {
                Some(object) => {
                    let mut outcome = Ok(());
                    if let Some(v) = object.get("email") {
                        match text(v, format!("{field}/email")) {
                            Ok(v) => email = Some(v),
                            Err(d) => outcome = Err(d),
                        }
                    }
                    if let Some(v) = object.get("note") {
                        match text(v, format!("{field}/note")) {
                            Ok(v) => note = Some(v),
                            Err(d) => outcome = Err(d),
                        }
                    }
                    outcome
                }
                None => Err(Detail::body(
                    field,
                    Issue::InvalidParameterSyntax,
                    "Expected an object with email and note.",
                )),
            },
            "/communication_details/email" => text(&value, field).map(|v| email = Some(v)),
            "/communication_details/note" => text(&value, field).map(|v| note = Some(v)),
            _ => Err(Detail::body(
                format!("{at}/path"),
                Issue::InvalidParameterValue,
                "Only /communication_details can be changed.",
            )
            .with_value(&path)),
        };
        if let Err(detail) = result {
            details.push(detail);
        }
    }
    if !details.is_empty() {
        return Err(ApiError::unprocessable(details));
    }
    if let Some(detail) = note
        .as_deref()
        .and_then(|n| validate::note_length(n, "/communication_details/note", note_chars))
    {
        return Err(ApiError::invalid_request(vec![detail]));
    }
    Ok(Command::Update { email, note })
}
