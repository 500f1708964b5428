//! The example payloads in PayPal's documentation (copied as data into
//! `tests/fixtures/payloads/`) decode into the generated types and encode
//! back without losing any field the schema knows. Unknown enum values
//! decode too, and survive the round trip.

use disputes_api::types;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use tests::root;

fn fixture(name: &str) -> Value {
    let path = root().join("tests/fixtures/payloads").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn document() -> Value {
    let text = std::fs::read_to_string(root().join("spec/disputes.openapi.json"))
        .expect("spec/disputes.openapi.json");
    serde_json::from_str(&text).expect("valid JSON")
}

/// Follows `$ref` and one-element `allOf` to the schema that has the shape.
fn resolve<'a>(doc: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..16 {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            schema = doc
                .pointer(r.trim_start_matches('#'))
                .unwrap_or(&Value::Null);
        } else if let Some([one]) = schema
            .get("allOf")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            schema = one;
        } else {
            break;
        }
    }
    schema
}

/// Every value of `original` the schema knows must be in `back`, equal
/// (date-times compared as instants, since `.000Z` and `Z` are one time).
fn keeps_known(
    doc: &Value,
    schema: &Value,
    original: &Value,
    back: &Value,
    path: &str,
    lost: &mut Vec<String>,
) {
    let schema = resolve(doc, schema);
    match (original, back) {
        (Value::Object(o), Value::Object(b)) => {
            let props = schema.get("properties").and_then(Value::as_object);
            for (key, value) in o {
                let known = props.and_then(|p| p.get(key));
                match (known, b.get(key)) {
                    (Some(s), Some(bv)) => {
                        keeps_known(doc, s, value, bv, &format!("{path}/{key}"), lost)
                    }
                    // An empty list the type leaves out says the same thing.
                    (Some(_), None) if value.as_array().is_some_and(Vec::is_empty) => {}
                    (Some(_), None) => lost.push(format!("{path}/{key} was dropped")),
                    // Free-form objects keep everything; a typed one drops only unknown keys.
                    (None, Some(bv)) if props.is_none() => {
                        if value != bv {
                            lost.push(format!("{path}/{key} changed"));
                        }
                    }
                    (None, None) if props.is_none() => {
                        lost.push(format!("{path}/{key} was dropped from a free-form object"))
                    }
                    (None, _) => {}
                }
            }
        }
        (Value::Array(o), Value::Array(b)) if o.len() == b.len() => {
            let items = schema.get("items").unwrap_or(&Value::Null);
            for (i, (ov, bv)) in o.iter().zip(b).enumerate() {
                keeps_known(doc, items, ov, bv, &format!("{path}/{i}"), lost);
            }
        }
        (Value::String(o), Value::String(b))
            if schema
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| f.contains("date_time") || f == "date-time") =>
        {
            let parse = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
            if parse(o).is_none() || parse(o) != parse(b) {
                lost.push(format!("{path}: {o} became {b}"));
            }
        }
        (o, b) if o == b => {}
        (o, b) => lost.push(format!("{path}: {o} became {b}")),
    }
}

fn round_trip<T: DeserializeOwned + Serialize>(name: &str, component: &str) -> T {
    let original = fixture(name);
    let typed: T = serde_json::from_value(original.clone())
        .unwrap_or_else(|e| panic!("{name} does not decode as {component}: {e}"));
    let back = serde_json::to_value(&typed).expect("encodes");
    let doc = document();
    let schema = serde_json::json!({ "$ref": format!("#/components/schemas/{component}") });
    let mut lost = Vec::new();
    keeps_known(&doc, &schema, &original, &back, "", &mut lost);
    assert!(
        lost.is_empty(),
        "{name} lost data in a round trip through {component}:\n{}",
        lost.join("\n")
    );
    typed
}

#[test]
fn show_dispute_details_example_decodes_and_keeps_every_known_field() {
    let dispute: types::Dispute = round_trip("show_dispute_details.json", "Dispute");
    let id: Option<&types::DisputeId> = dispute.dispute_id.as_ref();
    assert_eq!(id.map(|id| id.as_str()), Some("PP-R-GSS-10059837"));
    let amount = dispute.dispute_amount.as_ref().expect("amount");
    assert_eq!(
        (amount.currency_code.as_str(), amount.value.as_str()),
        ("EUR", "10.00"),
        "money stays an exact decimal string"
    );
    let created = dispute.create_time.expect("create_time");
    assert_eq!(
        created.to_rfc3339(),
        "2023-03-27T09:06:12.409+00:00",
        "date-times are typed"
    );
}

#[test]
fn error_example_decodes_with_its_issue() {
    let error: types::Error = round_trip("error_action_not_allowed.json", "Error");
    assert_eq!(error.name, "INVALID_REQUEST");
    assert_eq!(error.debug_id, "68732bcbfadc7");
    assert_eq!(
        error.details[0].issue,
        "ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE"
    );
}

#[test]
fn action_responses_decode_as_subsequent_action() {
    for name in ["make_offer_response.json", "escalate_response.json"] {
        let action: types::SubsequentAction = round_trip(name, "SubsequentAction");
        assert_eq!(action.links.len(), 1, "{name}");
    }
}

#[test]
fn request_examples_encode_into_the_request_types() {
    let offer: types::MakeOfferRequest = round_trip("make_offer_request.json", "MakeOfferRequest");
    assert_eq!(offer.note, "Offer refund with replacement item.");
    let _: types::UpdateDisputeStatusRequest = round_trip(
        "require_evidence_request.json",
        "UpdateDisputeStatusRequest",
    );
}

#[test]
fn unknown_response_enum_values_decode_and_survive_re_encoding() {
    let mut payload = fixture("show_dispute_details.json");
    payload["status"] = Value::String("A_STATUS_PAYPAL_ADDS_LATER".to_owned());
    let dispute: types::Dispute =
        serde_json::from_value(payload).expect("an unknown status still decodes");
    let status = dispute.status.clone().expect("status");
    assert!(!status.is_known());
    assert_eq!(status.as_str(), "A_STATUS_PAYPAL_ADDS_LATER");
    let back = serde_json::to_value(&dispute).expect("encodes");
    assert_eq!(back["status"], "A_STATUS_PAYPAL_ADDS_LATER");
}

#[test]
fn request_enums_stay_strict() {
    let bad = serde_json::json!({"note": "x", "offer_type": "FREE_MONEY"});
    let err = serde_json::from_value::<types::MakeOfferRequest>(bad)
        .expect_err("unknown request enum values are rejected");
    assert!(err.to_string().contains("FREE_MONEY"), "{err}");
}

#[test]
fn ids_are_distinct_types_that_convert_from_what_callers_hold() {
    let dispute: types::Dispute = round_trip("show_dispute_details.json", "Dispute");
    let transaction = dispute
        .disputed_transactions
        .first()
        .expect("a disputed transaction");
    // The compiler keeps a transaction ID out of a dispute ID's place; this
    // binding fails to compile if the field loses its type.
    let seller: Option<&types::TransactionId> = transaction.seller_transaction_id.as_ref();
    assert!(
        seller.is_some(),
        "the example names the seller's transaction"
    );
    let id = dispute.dispute_id.clone().expect("dispute id");
    assert_eq!(types::DisputeId::from("PP-R-GSS-10059837"), id);
    assert_eq!(types::DisputeId::from(&id), id);
    assert_eq!(
        id.to_string(),
        "PP-R-GSS-10059837",
        "Display is the bare ID"
    );
    assert_eq!(
        serde_json::to_value(&id).expect("encodes"),
        serde_json::json!("PP-R-GSS-10059837"),
        "on the wire an ID is a plain string"
    );
}
