use reqwest::StatusCode;
use sandbox::Action;
use serde_json::{Value, json};

use crate::{Api, is, offer};

/// The actions a dispute's links offer; a `rel` that names no action
/// fails the test.
fn actions(dispute: &Value) -> Vec<Action> {
    dispute["links"]
        .as_array()
        .map(|links| {
            links
                .iter()
                .filter_map(|l| l["rel"].as_str())
                .filter(|rel| *rel != "self")
                .map(|rel| Action::parse(rel).unwrap_or_else(|| panic!("unknown rel {rel}")))
                .collect()
        })
        .unwrap_or_default()
}

/// The actions never open to the merchant, and to the customer
/// (`docs/sandbox-rules.md`, "who"): refused with 403, not 422.
const SELLER_NEVER: &[Action] = &[Action::AcceptOffer, Action::DenyOffer];
const BUYER_NEVER: &[Action] = &[
    Action::MakeOffer,
    Action::AcknowledgeReturnItem,
    Action::AcceptClaim,
    Action::Appeal,
    Action::Update,
];

#[tokio::test]
async fn links_list_exactly_the_actions_each_party_may_take() {
    let api = Api::seeded(40).await;
    let mut performed = 0;
    for id in api.sandbox.dispute_ids() {
        for (token, never) in [(&api.seller, SELLER_NEVER), (&api.buyer, BUYER_NEVER)] {
            let before = api.show(&id, token).await.body;
            let offered = actions(&before);
            for &rel in Action::ALL.iter().filter(|a| !offered.contains(a)) {
                let refused = api.perform(&id, rel, token, &before).await;
                let (status, issue) = if never.contains(&rel) {
                    (StatusCode::FORBIDDEN, "PERMISSION_DENIED")
                } else {
                    (
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE",
                    )
                };
                assert_eq!(refused.status, status, "{id} {rel}: {:?}", refused.body);
                assert_eq!(refused.issues(), [issue]);
            }
            let after = api.show(&id, token).await.body;
            assert_eq!(
                before["update_time"], after["update_time"],
                "{id}: a refusal changed it"
            );
            if let Some(&rel) = offered.first() {
                let done = api.perform(&id, rel, token, &before).await;
                assert!(done.status.is_success(), "{id} {rel}: {:?}", done.body);
                performed += 1;
                let history = |d: &Value| d["history"].as_array().map_or(0, Vec::len);
                let later = api.show(&id, token).await.body;
                assert!(
                    history(&later) > history(&before),
                    "{id} {rel}: no history entry"
                );
            }
        }
    }
    assert!(performed > 30, "only {performed} actions were offered");
}

#[tokio::test]
async fn escalate_outside_inquiry_is_422_action_not_allowed() {
    let api = Api::seeded(60).await;
    // A claim waiting for the merchant: the parties' turn, as in an
    // inquiry, so only the stage forbids escalating.
    let (id, _) = api
        .find(|d| {
            is(d, "dispute_life_cycle_stage", "CHARGEBACK")
                && is(d, "status", "WAITING_FOR_SELLER_RESPONSE")
        })
        .await;
    let refused = api
        .post_json(
            &format!("/v1/customer/disputes/{id}/escalate"),
            &api.seller,
            &json!({"note": "x"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["name"], "UNPROCESSABLE_ENTITY");
    assert_eq!(
        refused.issues(),
        ["ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE"]
    );
}

#[tokio::test]
async fn an_accepted_offer_resolves_with_a_refund_and_money_movements() {
    let api = Api::seeded(60).await;
    let (id, dispute) = api.find(|d| actions(d).contains(&Action::MakeOffer)).await;
    let currency = dispute["dispute_amount"]["currency_code"]
        .as_str()
        .unwrap_or("USD")
        .to_owned();
    let amount = if currency == "JPY" { "3" } else { "3.00" };
    let made = api
        .post_json(
            &format!("/v1/customer/disputes/{id}/make-offer"),
            &api.seller,
            &offer(amount, &currency),
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{:?}", made.body);
    assert_eq!(made.rels(), ["self"]);
    let waiting = api.show(&id, &api.buyer).await.body;
    assert_eq!(waiting["status"], "WAITING_FOR_BUYER_RESPONSE");
    assert_eq!(waiting["dispute_state"], "REQUIRED_ACTION");
    assert!(actions(&waiting).contains(&Action::AcceptOffer));
    assert_eq!(waiting["offer"]["seller_offered_amount"]["value"], amount);
    // The merchant cannot answer its own offer: accept-offer is never the
    // merchant's (403).
    let own = api
        .post_json(
            &format!("/v1/customer/disputes/{id}/accept-offer"),
            &api.seller,
            &json!({}),
        )
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    let accepted = api
        .post_json(
            &format!("/v1/customer/disputes/{id}/accept-offer"),
            &api.buyer,
            &json!({"note": "ok"}),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK);
    let resolved = api.show(&id, &api.seller).await.body;
    assert_eq!(resolved["status"], "RESOLVED");
    assert_eq!(
        resolved["dispute_outcome"]["outcome_code"],
        "RESOLVED_BUYER_FAVOUR"
    );
    assert_eq!(
        resolved["dispute_outcome"]["amount_refunded"]["value"],
        amount
    );
    let movements = resolved["money_movements"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let last_two: Vec<(String, String)> = movements[movements.len() - 2..]
        .iter()
        .map(|m| {
            (
                m["affected_party"].as_str().unwrap_or_default().to_owned(),
                m["type"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        last_two,
        [
            ("SELLER".to_owned(), "DEBIT".to_owned()),
            ("BUYER".to_owned(), "CREDIT".to_owned())
        ]
    );
    let offer_events: Vec<&str> = resolved["offer"]["history"]
        .as_array()
        .map(|h| h.iter().filter_map(|e| e["event_type"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        offer_events[offer_events.len() - 2..],
        ["PROPOSED", "ACCEPTED"]
    );
    assert_eq!(actions(&resolved), []);
}

#[tokio::test]
async fn offers_must_be_of_an_allowed_type_in_the_disputes_currency_and_not_above_it() {
    let api = Api::seeded(80).await;
    let (id, dispute) = api
        .find(|d| {
            actions(d).contains(&Action::MakeOffer)
                && !is(d, "reason", "MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED")
                && !is(d, "reason", "MERCHANDISE_OR_SERVICE_NOT_RECEIVED")
        })
        .await;
    let path = format!("/v1/customer/disputes/{id}/make-offer");
    let currency = dispute["dispute_amount"]["currency_code"]
        .as_str()
        .unwrap_or("USD")
        .to_owned();
    let other = if currency == "EUR" { "USD" } else { "EUR" };
    let mismatch = api
        .post_json(&path, &api.seller, &offer("1.00", other))
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        mismatch.fields(),
        [(
            "/offer_amount/currency_code".to_owned(),
            "CURRENCY_MISMATCH".to_owned()
        )]
    );
    let above = api
        .post_json(&path, &api.seller, &offer("99999999", &currency))
        .await;
    assert_eq!(above.issues(), ["AMOUNT_EXCEEDS_DISPUTE_AMOUNT"]);
    let replacement = json!({"note": "n", "offer_type": "REPLACEMENT_WITHOUT_REFUND"});
    let wrong_type = api.post_json(&path, &api.seller, &replacement).await;
    assert_eq!(wrong_type.issues(), ["OFFER_TYPE_NOT_ALLOWED"]);
    let no_amount = api
        .post_json(
            &path,
            &api.seller,
            &json!({"note": "n", "offer_type": "REFUND"}),
        )
        .await;
    assert_eq!(no_amount.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        no_amount.fields(),
        [(
            "/offer_amount".to_owned(),
            "MISSING_REQUIRED_PARAMETER".to_owned()
        )]
    );
    let unchanged = api.show(&id, &api.seller).await.body;
    assert_eq!(unchanged["update_time"], dispute["update_time"]);
}

#[tokio::test]
async fn acknowledge_return_item_is_only_for_items_not_as_described() {
    let api = Api::seeded(80).await;
    let (other, d) = api
        .find(|d| {
            !is(d, "reason", "MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED")
                && actions(d).contains(&Action::AcceptClaim)
        })
        .await;
    let refused = api
        .perform(&other, Action::AcknowledgeReturnItem, &api.seller, &d)
        .await;
    assert_eq!(
        refused.issues(),
        ["ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE"]
    );
    let (id, d) = api
        .find(|d| actions(d).contains(&Action::AcknowledgeReturnItem))
        .await;
    assert_eq!(d["reason"], "MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED");
    let done = api
        .perform(&id, Action::AcknowledgeReturnItem, &api.seller, &d)
        .await;
    assert_eq!(done.status, StatusCode::OK);
    let after = api.show(&id, &api.seller).await.body;
    assert_eq!(
        after["status"], "RESOLVED",
        "an item received back is refunded"
    );
}

#[tokio::test]
async fn a_lost_claim_is_appealable_once_per_stage_until_arbitration_with_evidence_or_a_document_alone()
 {
    let api = Api::seeded(80).await;
    let (id, _) = api
        .find(|d| {
            is(d, "dispute_life_cycle_stage", "CHARGEBACK") && is(d, "status", "UNDER_REVIEW")
        })
        .await;
    let adjudicate = |outcome: &'static str| {
        let path = format!("/v1/customer/disputes/{id}/adjudicate");
        let api = &api;
        async move {
            api.post_json(
                &path,
                &api.seller,
                &json!({"adjudication_outcome": outcome}),
            )
            .await
        }
    };
    assert_eq!(adjudicate("BUYER_FAVOR").await.status, StatusCode::OK);
    let lost = api.show(&id, &api.seller).await.body;
    assert_eq!(lost["dispute_state"], "APPEALABLE");
    assert_eq!(actions(&lost), [Action::Appeal]);
    assert_eq!(
        api.show(&id, &api.buyer).await.body["dispute_state"],
        "RESOLVED"
    );
    assert_eq!(
        api.perform(&id, Action::Appeal, &api.seller, &lost)
            .await
            .status,
        StatusCode::OK
    );
    let appealed = api.show(&id, &api.seller).await.body;
    assert_eq!(appealed["dispute_life_cycle_stage"], "PRE_ARBITRATION");
    assert_eq!(appealed["status"], "UNDER_REVIEW");
    assert_eq!(adjudicate("BUYER_FAVOR").await.status, StatusCode::OK);
    // "a document or notes": an appeal with neither is refused, one with
    // a document alone is taken, and the document is kept as evidence.
    let appeal = Action::Appeal.path(&id);
    // (An empty form is not multipart at all; the domain's own refusal of
    // an appeal without evidence is tested in `transitions`.)
    let empty = api.post_multipart(&appeal, &api.seller, None, &[]).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{:?}", empty.body);
    let document_only = api
        .post_multipart(
            &appeal,
            &api.seller,
            None,
            &[("evidence-file", "second-appeal.pdf", sandbox::fixtures::PDF)],
        )
        .await;
    assert_eq!(
        document_only.status,
        StatusCode::OK,
        "{:?}",
        document_only.body
    );
    let evidence = api.show(&id, &api.seller).await.body["evidences"]
        .as_array()
        .and_then(|e| e.last())
        .cloned()
        .unwrap_or_default();
    assert_eq!(evidence["evidence_type"], "OTHER");
    assert_eq!(evidence["documents"][0]["name"], "second-appeal.pdf");
    assert_eq!(evidence["action_info"]["action"], "APPEAL");
    assert_eq!(
        api.show(&id, &api.seller).await.body["dispute_life_cycle_stage"],
        "ARBITRATION"
    );
    // Won on the last appeal: the money goes back to the merchant.
    assert_eq!(adjudicate("SELLER_FAVOR").await.status, StatusCode::OK);
    let won = api.show(&id, &api.seller).await.body;
    assert_eq!(
        won["dispute_outcome"]["outcome_code"],
        "RESOLVED_SELLER_FAVOUR"
    );
    assert_eq!(won["dispute_state"], "RESOLVED");
    let last = won["money_movements"]
        .as_array()
        .and_then(|m| m.last())
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (last["affected_party"].as_str(), last["type"].as_str()),
        (Some("SELLER"), Some("CREDIT"))
    );
}
