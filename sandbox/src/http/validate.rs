//! Request validation against the spec itself: request bodies are checked
//! against the schemas of `spec/disputes.openapi.json` (embedded at build
//! time), so the sandbox refuses exactly what the spec says is malformed,
//! with one `details[]` entry per problem (field as a JSON pointer,
//! location, issue). PayPal's rules that the spec cannot state (notes of
//! at most 2000 characters, tracking for proof of fulfillment) are checked
//! here too.

use openapi_ref::child as pointer;
use serde_json::Value;

use crate::domain::error::{Detail, Issue, MAX_DETAILS};
use crate::http::document::{component, spec};

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn check(schema: &Value, value: &Value, at: &str, details: &mut Vec<Detail>) {
    // One past the cap: enough for the answer to say more were found,
    // without walking the rest of a huge document.
    if details.len() > MAX_DETAILS {
        return;
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        if let Ok(target) = openapi_ref::resolve(spec(), reference) {
            check(target, value, at, details);
        }
        return;
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for part in all {
            check(part, value, at, details);
        }
    }
    let field = if at.is_empty() { "/" } else { at };
    if let Some(expected) = schema.get("type").and_then(Value::as_str) {
        let ok = match expected {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            _ => true,
        };
        if !ok {
            details.push(Detail::body(
                field,
                Issue::InvalidParameterSyntax,
                format!("Expected {expected}, found {}.", type_name(value)),
            ));
            return;
        }
    }
    if let (Some("uri"), Some(text)) =
        (schema.get("format").and_then(Value::as_str), value.as_str())
    {
        if !is_uri(text) {
            details.push(
                Detail::body(
                    field,
                    Issue::InvalidParameterSyntax,
                    "Expected an absolute URI such as https://example.com/track/1.",
                )
                .with_value(text),
            );
            return;
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            let shown = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            details.push(
                Detail::body(
                    field,
                    Issue::InvalidParameterValue,
                    "Not one of the values the field takes.",
                )
                .with_value(&shown),
            );
            return;
        }
    }
    if let Value::Object(members) = value {
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !members.contains_key(name) {
                    details.push(Detail::body(
                        pointer(at, name),
                        Issue::MissingRequiredParameter,
                        format!("`{name}` is required."),
                    ));
                }
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, member) in members {
                if let Some(property) = properties.get(name) {
                    check(property, member, &pointer(at, name), details);
                }
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (index, item) in items.iter().enumerate() {
            check(item_schema, item, &pointer(at, &index.to_string()), details);
        }
    }
}

/// An absolute URI (RFC 3986): a scheme, a colon, and no whitespace or
/// control characters. The spec's other formats are PayPal's own names
/// (`ppaas_...`), which it does not define.
fn is_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Problems of `value` against the spec's schema `schema_name`, with
/// pointers prefixed by `at` (empty for a whole body).
pub fn against_schema(schema_name: &str, value: &Value, at: &str) -> Vec<Detail> {
    let mut details = Vec::new();
    match component(schema_name) {
        Some(schema) => check(schema, value, at, &mut details),
        None => details.push(Detail::new(
            Issue::InvalidParameterValue,
            format!("The sandbox's spec has no schema {schema_name}."),
        )),
    }
    details
}

/// The problem with a note, message or notes text `text` at `at`, if
/// any: PayPal's notes take 1 to `limit` characters (API reference:
/// `"minLength": 1, "maxLength": 2000`).
pub fn note_length(text: &str, at: &str, limit: usize) -> Option<Detail> {
    let chars = text.chars().count();
    if chars == 0 {
        Some(Detail::body(
            at,
            Issue::InvalidStringMinLength,
            "An empty text; write at least one character, or leave the member out.",
        ))
    } else if chars > limit {
        Some(Detail::body(
            at,
            Issue::InvalidStringMaxLength,
            format!("{chars} characters; at most {limit} are allowed."),
        ))
    } else {
        None
    }
}

/// Notes that are empty or longer than `limit` characters: PayPal's
/// free-text members are `note`, `notes` and `message` (the client checks
/// the same members).
pub fn note_lengths(value: &Value, at: &str, limit: usize, details: &mut Vec<Detail>) {
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                let here = pointer(at, key);
                if let (true, Some(text)) = (
                    matches!(key.as_str(), "note" | "notes" | "message"),
                    member.as_str(),
                ) {
                    if let Some(detail) = note_length(text, &here, limit) {
                        details.push(detail);
                    }
                }
                note_lengths(member, &here, limit, details);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                note_lengths(item, &pointer(at, &index.to_string()), limit, details);
            }
        }
        _ => {}
    }
}

/// The integration guide's evidence rules (seed 003, "Dispute reasons"):
/// proof of fulfillment carries tracking, proof of refund carries refund
/// IDs; at most 10 shipments and 100 refund IDs (`maxItems` of
/// `tracking_info_list` and `refund_ids_list` in PayPal's published
/// OpenAPI document, which lap, and so `spec/disputes.openapi.json`, does
/// not carry); and at least one piece of evidence.
pub fn evidence_rules(input: &Value, at: &str, details: &mut Vec<Detail>) {
    let Some(evidences) = input.get("evidences").and_then(Value::as_array) else {
        return;
    };
    if evidences.is_empty() {
        details.push(Detail::body(
            pointer(at, "evidences"),
            Issue::MissingRequiredParameter,
            "Send at least one piece of evidence.",
        ));
    }
    for (index, evidence) in evidences.iter().enumerate() {
        let here = pointer(&pointer(at, "evidences"), &index.to_string());
        let info = evidence.get("evidence_info");
        let listed = |name: &str| {
            info.and_then(|i| i.get(name))
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        };
        let needs = match evidence.get("evidence_type").and_then(Value::as_str) {
            // PROOF_OF_RETURN too: "evidence_info is expected for
            // PROOF_OF_FULFILLMENT,PROOF_OF_REFUND and PROOF_OF_RETURN"
            // (PayPal's `evidence` schema); a return's info is its tracking.
            Some("PROOF_OF_FULFILLMENT" | "PROOF_OF_RETURN") => Some("tracking_info"),
            Some("PROOF_OF_REFUND") => Some("refund_ids"),
            _ => None,
        };
        if let Some(name) = needs {
            if listed(name) == 0 {
                details.push(Detail::body(
                    format!("{here}/evidence_info/{name}"),
                    Issue::MissingRequiredParameter,
                    format!("This evidence type needs evidence_info.{name}."),
                ));
            }
        }
        for (name, limit) in [("tracking_info", 10), ("refund_ids", 100)] {
            if listed(name) > limit {
                details.push(Detail::body(
                    format!("{here}/evidence_info/{name}"),
                    Issue::InvalidParameterValue,
                    format!("At most {limit} entries."),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn issues(details: &[Detail]) -> Vec<(String, &'static str)> {
        details
            .iter()
            .map(|d| (d.field.clone().unwrap_or_default(), d.issue.as_str()))
            .collect()
    }

    #[test]
    fn the_spec_is_embedded() {
        assert!(component("MakeOfferRequest").is_some());
    }

    #[test]
    fn a_valid_offer_passes() {
        let offer = json!({"note": "n", "offer_type": "REFUND", "offer_amount": {"currency_code": "USD", "value": "1.00"}});
        assert!(against_schema("MakeOfferRequest", &offer, "").is_empty());
    }

    #[test]
    fn missing_wrong_typed_and_unknown_enum_fields_are_each_reported() {
        let offer = json!({"offer_type": "GIFT_CARD", "offer_amount": {"currency_code": 5}});
        assert_eq!(
            issues(&against_schema("MakeOfferRequest", &offer, "")),
            [
                ("/note".to_owned(), "MISSING_REQUIRED_PARAMETER"),
                ("/offer_type".to_owned(), "INVALID_PARAMETER_VALUE"),
                (
                    "/offer_amount/value".to_owned(),
                    "MISSING_REQUIRED_PARAMETER"
                ),
                (
                    "/offer_amount/currency_code".to_owned(),
                    "INVALID_PARAMETER_SYNTAX"
                ),
            ]
        );
    }

    #[test]
    fn nested_arrays_are_checked_item_by_item() {
        let input = json!({"evidences": [{"evidence_type": "OTHER"}, {"notes": 3}]});
        assert_eq!(
            issues(&against_schema("ProvideEvidenceInput", &input, "")),
            [
                (
                    "/evidences/1/evidence_type".to_owned(),
                    "MISSING_REQUIRED_PARAMETER"
                ),
                ("/evidences/1/notes".to_owned(), "INVALID_PARAMETER_SYNTAX"),
            ]
        );
    }

    #[test]
    fn a_body_of_the_wrong_type_is_one_detail() {
        assert_eq!(
            issues(&against_schema("PatchRequest", &json!({"op": "add"}), "")),
            [("/".to_owned(), "INVALID_PARAMETER_SYNTAX")]
        );
    }

    #[test]
    fn uri_fields_need_an_absolute_uri() {
        let tracking = |url: &str| {
            json!({"evidences": [{"evidence_type": "OTHER", "evidence_info": {"tracking_info": [
                {"carrier_name": "UPS", "tracking_number": "1Z", "tracking_url": url}
            ]}}]})
        };
        assert!(
            against_schema(
                "ProvideEvidenceInput",
                &tracking("https://ups.com/t?1Z"),
                ""
            )
            .is_empty()
        );
        for bad in ["", "ups.com/t", "https://ups.com/a b", "1http://x"] {
            assert_eq!(
                issues(&against_schema("ProvideEvidenceInput", &tracking(bad), "")),
                [(
                    "/evidences/0/evidence_info/tracking_info/0/tracking_url".to_owned(),
                    "INVALID_PARAMETER_SYNTAX"
                )],
                "{bad:?}"
            );
        }
    }

    #[test]
    fn long_notes_anywhere_are_found() {
        let long = "x".repeat(2001);
        let input = json!({"evidences": [{"evidence_type": "OTHER", "notes": long}], "note": "ok"});
        let mut details = Vec::new();
        note_lengths(&input, "", 2000, &mut details);
        assert_eq!(
            issues(&details),
            [("/evidences/0/notes".to_owned(), "INVALID_STRING_MAX_LENGTH")]
        );
    }

    #[test]
    fn provide_evidence_proof_of_return_needs_info() {
        let input =
            json!({"evidences": [{"evidence_type": "PROOF_OF_RETURN", "notes": "sent back"}]});
        let mut details = Vec::new();
        evidence_rules(&input, "", &mut details);
        assert_eq!(
            issues(&details),
            [(
                "/evidences/0/evidence_info/tracking_info".to_owned(),
                "MISSING_REQUIRED_PARAMETER"
            )]
        );
    }

    #[test]
    fn proof_of_fulfillment_needs_tracking() {
        let input = json!({"evidences": [
            {"evidence_type": "PROOF_OF_FULFILLMENT"},
            {"evidence_type": "PROOF_OF_REFUND", "evidence_info": {"refund_ids": ["R1"]}}
        ]});
        let mut details = Vec::new();
        evidence_rules(&input, "", &mut details);
        assert_eq!(
            issues(&details),
            [(
                "/evidences/0/evidence_info/tracking_info".to_owned(),
                "MISSING_REQUIRED_PARAMETER"
            )]
        );
    }
}
