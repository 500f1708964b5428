//! The example payloads in PayPal's documentation (copied as data into
//! `tests/fixtures/payloads/` from the seeds) decode into the generated
//! types and encode back without losing anything, members the spec does not
//! know included. Unknown enum values decode too, and survive the round
//! trip. (PayPal's published document's own examples, and payloads built
//! from its schemas, are `tests/roundtrip/`.)

use disputes_api::types;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use tests::payloads::lost;
use tests::root;

fn fixture(name: &str) -> Value {
    let path = root().join("tests/fixtures/payloads").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Decodes the fixture as `T` and checks that encoding it back loses
/// nothing PayPal sent (`tests::payloads::lost`: compared as JSON,
/// date-times as instants, absent equal to empty).
fn round_trip<T: DeserializeOwned + Serialize>(name: &str, type_name: &str) -> T {
    let original = fixture(name);
    let typed: T = serde_json::from_value(original.clone())
        .unwrap_or_else(|e| panic!("{name} does not decode as {type_name}: {e}"));
    let back = serde_json::to_value(&typed).expect("encodes");
    let lost = lost(&original, &back);
    assert!(
        lost.is_empty(),
        "{name} lost data in a round trip through {type_name}:\n{}",
        lost.join("\n")
    );
    typed
}

#[test]
fn show_dispute_details_example_decodes_and_keeps_everything_paypal_sent() {
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
    // Sent by PayPal, absent from its published document (seed 001).
    assert_eq!(
        dispute.dispute_state,
        Some(disputes_api::enums::DisputeState::Resolved)
    );
    assert_eq!(dispute.history.len(), 27);
    let first = &dispute.history[0];
    assert_eq!(
        (
            first.actor.as_ref().map(|a| a.as_str()),
            first.event_type.as_deref()
        ),
        (Some("BUYER"), Some("CREATED"))
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
