//! The rules of `docs/sandbox-rules.md` (the rule table in
//! `sandbox/src/domain/rule_table.rs`), each through HTTP. Test names carry
//! the rule id they prove.

use reqwest::StatusCode;
use sandbox::Action;
use serde_json::{Value, json};

use crate::{Api, is};

fn offers(d: &Value, action: Action) -> bool {
    d["links"].as_array().is_some_and(|links| {
        links
            .iter()
            .any(|l| l["rel"].as_str() == Some(action.as_str()))
    })
}

fn address() -> Value {
    json!({"address_line_1": "1 Returns Way", "admin_area_2": "San Jose", "country_code": "US"})
}

/// A NOT_AS_DESCRIBED inquiry the merchant may make an offer on.
async fn offerable(api: &Api) -> (String, Value) {
    api.find(|d| {
        offers(d, Action::MakeOffer) && is(d, "reason", "MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED")
    })
    .await
}

#[tokio::test]
async fn any_wrong_party_is_forbidden_with_403_not_authorized() {
    let api = Api::seeded(80).await;
    let (id, dispute) = offerable(&api).await;
    let path = Action::MakeOffer.path(&id);
    let body =
        json!({"note": "n", "offer_type": "REFUND", "offer_amount": dispute["dispute_amount"]});
    let by_customer = api.post_json(&path, &api.buyer, &body).await;
    assert_eq!(
        by_customer.status,
        StatusCode::FORBIDDEN,
        "{:?}",
        by_customer.body
    );
    assert_eq!(by_customer.body["name"], "NOT_AUTHORIZED");
    assert_eq!(
        by_customer.body["message"],
        "Authorization failed due to insufficient permissions."
    );
    let by_merchant = api
        .post_json(&Action::AcceptOffer.path(&id), &api.seller, &json!({}))
        .await;
    assert_eq!(by_merchant.status, StatusCode::FORBIDDEN);
    // The right party at the wrong time is still 422.
    let (claim, _) = api
        .find(|d| !is(d, "dispute_life_cycle_stage", "INQUIRY") && !is(d, "status", "RESOLVED"))
        .await;
    let late = api
        .post_json(&Action::MakeOffer.path(&claim), &api.seller, &body)
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        late.issues(),
        ["ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE"]
    );
}

#[tokio::test]
async fn make_offer_full_refund_closes_the_dispute_and_a_partial_one_waits() {
    let api = Api::seeded(80).await;
    let (id, dispute) = offerable(&api).await;
    let full = json!({"note": "All of it.", "offer_type": "REFUND", "offer_amount": dispute["dispute_amount"]});
    let done = api
        .post_json(&Action::MakeOffer.path(&id), &api.seller, &full)
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    let after = api.show(&id, &api.seller).await.body;
    assert_eq!(after["status"], "RESOLVED", "{after:#}");
    assert_eq!(
        after["dispute_outcome"]["outcome_code"],
        "RESOLVED_BUYER_FAVOUR"
    );

    let (other, d) = api
        .find(|d| offers(d, Action::MakeOffer) && !is(d, "dispute_id", &id))
        .await;
    let part =
        json!({"note": "Some.", "offer_type": "REFUND", "offer_amount": crate::one_unit(&d)});
    let waits = api
        .post_json(&Action::MakeOffer.path(&other), &api.seller, &part)
        .await;
    assert_eq!(waits.status, StatusCode::OK, "{:?}", waits.body);
    let after = api.show(&other, &api.seller).await.body;
    assert_eq!(after["status"], "WAITING_FOR_BUYER_RESPONSE");
}

#[tokio::test]
async fn make_offer_return_needs_address() {
    let api = Api::seeded(80).await;
    let (id, dispute) = offerable(&api).await;
    let path = Action::MakeOffer.path(&id);
    let bare = json!({"note": "Send it back.", "offer_type": "REFUND_WITH_RETURN"});
    let refused = api.post_json(&path, &api.seller, &bare).await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(
        refused.fields(),
        [(
            "/return_shipping_address".to_owned(),
            "MISSING_REQUIRED_PARAMETER".to_owned()
        )]
    );
    let unchanged = api.show(&id, &api.seller).await.body;
    assert_eq!(unchanged["update_time"], dispute["update_time"]);
    let mut with = bare.clone();
    with["return_shipping_address"] = address();
    let done = api.post_json(&path, &api.seller, &with).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
}

#[tokio::test]
async fn make_offer_invoice_id_length_is_1_to_127() {
    let api = Api::seeded(80).await;
    let (id, dispute) = offerable(&api).await;
    let path = Action::MakeOffer.path(&id);
    let with_invoice = |invoice: String| json!({"note": "n", "offer_type": "REFUND", "offer_amount": crate::one_unit(&dispute), "invoice_id": invoice});
    let long = api
        .post_json(&path, &api.seller, &with_invoice("I".repeat(128)))
        .await;
    assert_eq!(long.status, StatusCode::BAD_REQUEST, "{:?}", long.body);
    assert_eq!(
        long.fields(),
        [(
            "/invoice_id".to_owned(),
            "INVALID_STRING_MAX_LENGTH".to_owned()
        )]
    );
    let fits = api
        .post_json(&path, &api.seller, &with_invoice("I".repeat(127)))
        .await;
    assert_eq!(fits.status, StatusCode::OK, "{:?}", fits.body);
}

#[tokio::test]
async fn accept_claim_partial_is_partial_and_return_needs_address() {
    let api = Api::seeded(80).await;
    let (id, dispute) = api
        .find(|d| {
            offers(d, Action::AcceptClaim)
                && is(d, "reason", "MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED")
        })
        .await;
    let path = Action::AcceptClaim.path(&id);
    let whole =
        json!({"accept_claim_type": "PARTIAL_REFUND", "refund_amount": dispute["dispute_amount"]});
    let refused = api
        .post_multipart(&path, &api.seller, Some(&whole), &[])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        refused.body
    );
    assert_eq!(
        refused.fields(),
        [(
            "/refund_amount/value".to_owned(),
            "INVALID_PARAMETER_VALUE".to_owned()
        )]
    );
    for kind in ["REFUND_WITH_RETURN", "REFUND_WITH_RETURN_SHIPMENT_LABEL"] {
        let bare = json!({"accept_claim_type": kind});
        let refused = api
            .post_multipart(&path, &api.seller, Some(&bare), &[])
            .await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{kind}: {:?}",
            refused.body
        );
        assert_eq!(
            refused.fields(),
            [(
                "/return_shipping_address".to_owned(),
                "MISSING_REQUIRED_PARAMETER".to_owned()
            )]
        );
    }
    let unchanged = api.show(&id, &api.seller).await.body;
    assert_eq!(unchanged["update_time"], dispute["update_time"]);
    let with =
        json!({"accept_claim_type": "REFUND_WITH_RETURN", "return_shipping_address": address()});
    let done = api
        .post_multipart(&path, &api.seller, Some(&with), &[])
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
}

#[tokio::test]
async fn provide_evidence_proof_of_return_needs_info() {
    let api = Api::seeded(80).await;
    let (id, dispute) = api.find(|d| offers(d, Action::ProvideEvidence)).await;
    let path = Action::ProvideEvidence.path(&id);
    let bare = json!({"evidences": [{"evidence_type": "PROOF_OF_RETURN", "notes": "Sent back."}]});
    let refused = api
        .post_multipart(&path, &api.seller, Some(&bare), &[])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        refused.body
    );
    assert_eq!(
        refused.fields(),
        [(
            "/evidences/0/evidence_info/tracking_info".to_owned(),
            "MISSING_REQUIRED_PARAMETER".to_owned()
        )]
    );
    let unchanged = api.show(&id, &api.seller).await.body;
    assert_eq!(unchanged["update_time"], dispute["update_time"]);
}
