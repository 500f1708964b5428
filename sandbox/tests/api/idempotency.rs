use reqwest::StatusCode;
use sandbox::Action;
use serde_json::json;

use crate::{Api, PDF, RawPart, is, multipart_body};

#[tokio::test]
async fn the_same_request_id_and_body_replays_the_answer_and_applies_once() {
    let api = Api::seeded(30).await;
    let (id, before) = api
        .find(|d| {
            is(d, "dispute_life_cycle_stage", "INQUIRY")
                && !is(d, "status", "RESOLVED")
                && !is(d, "status", "OTHER")
                && !is(d, "status", "UNDER_REVIEW")
        })
        .await;
    let path = format!("/v1/customer/disputes/{id}/escalate");
    let body = json!({"note": "Please decide."});
    let first = api
        .post_json_with_id(&path, &api.seller, &body, Some("req-1"))
        .await;
    let second = api
        .post_json_with_id(&path, &api.seller, &body, Some("req-1"))
        .await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body, second.body);
    let counters = api.sandbox.counters();
    assert_eq!(counters.applied.get(&Action::Escalate), Some(&1));
    assert_eq!(counters.applied_by_request_id.get("req-1"), Some(&1));
    assert_eq!(counters.replayed, 1);
    let after = api.show(&id, &api.seller).await.body;
    let escalations = |d: &serde_json::Value| {
        d["history"].as_array().map_or(0, |h| {
            h.iter().filter(|e| e["event_type"] == "ESCALATED").count()
        })
    };
    assert_eq!(escalations(&after), escalations(&before) + 1);
    // A new ID is a new request, refused now that the dispute is a claim.
    let again = api
        .post_json_with_id(&path, &api.seller, &body, Some("req-2"))
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_request_id_reused_with_another_body_is_409() {
    let api = Api::seeded(30).await;
    let (id, _) = api
        .find(|d| is(d, "dispute_life_cycle_stage", "INQUIRY"))
        .await;
    let path = format!("/v1/customer/disputes/{id}/escalate");
    api.post_json_with_id(&path, &api.seller, &json!({"note": "a"}), Some("same"))
        .await;
    let conflict = api
        .post_json_with_id(&path, &api.seller, &json!({"note": "b"}), Some("same"))
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert_eq!(conflict.issues(), ["DUPLICATE_REQUEST_ID"]);
}

#[tokio::test]
async fn concurrent_duplicates_are_applied_once() {
    let api = Api::seeded(30).await;
    let (id, _) = api
        .find(|d| {
            is(d, "dispute_life_cycle_stage", "INQUIRY")
                && (is(d, "status", "WAITING_FOR_SELLER_RESPONSE") || is(d, "status", "OPEN"))
        })
        .await;
    let path = format!("/v1/customer/disputes/{id}/send-message");
    let input = json!({"message": "Sent once."});
    let sends = (0..8).map(|_| api.post_multipart_with_id(&path, &api.seller, &input, "dup"));
    // Polled together: the requests overlap on the wire.
    let answers = futures_util::future::join_all(sends).await;
    assert!(answers.iter().all(|a| a.status == StatusCode::OK));
    assert!(answers.windows(2).all(|w| w[0].body == w[1].body));
    let counters = api.sandbox.counters();
    assert_eq!(counters.applied.get(&Action::SendMessage), Some(&1));
    assert_eq!(counters.replayed, 7);
    let shown = api.show(&id, &api.seller).await.body;
    let sent = shown["messages"].as_array().map_or(0, |m| {
        m.iter().filter(|m| m["content"] == "Sent once.").count()
    });
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn a_multipart_retry_with_another_boundary_and_member_order_is_a_replay() {
    let api = Api::seeded(40).await;
    let (id, _) = api
        .find(|d| is(d, "status", "WAITING_FOR_SELLER_RESPONSE"))
        .await;
    let path = format!("/v1/customer/disputes/{id}/provide-evidence");
    let first_input = br#"{"evidences": [{"evidence_type": "OTHER", "notes": "See the file."}]}"#;
    let retry_input = br#"{"evidences":[{"notes":"See the file.","evidence_type":"OTHER"}]}"#;
    let body = |boundary: &str, input: &'static [u8], file: &'static [u8]| {
        let parts: [RawPart<'_>; 2] = [
            ("input", None, input),
            ("evidence-file", Some("proof.pdf"), file),
        ];
        multipart_body(boundary, &parts)
    };
    let first = api
        .post_raw_multipart(
            &path,
            &api.seller,
            "first-boundary",
            body("first-boundary", first_input, PDF),
            Some("upload-1"),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let retry = api
        .post_raw_multipart(
            &path,
            &api.seller,
            "another-boundary-entirely",
            body("another-boundary-entirely", retry_input, PDF),
            Some("upload-1"),
        )
        .await;
    assert_eq!(retry.status, StatusCode::OK, "{:?}", retry.body);
    assert_eq!(retry.body, first.body);
    let counters = api.sandbox.counters();
    assert_eq!(counters.applied.get(&Action::ProvideEvidence), Some(&1));
    assert_eq!(counters.replayed, 1);
    // Other file bytes under the same name are another request.
    let other_file = api
        .post_raw_multipart(
            &path,
            &api.seller,
            "first-boundary",
            body("first-boundary", first_input, b"%PDF-1.4 another file"),
            Some("upload-1"),
        )
        .await;
    assert_eq!(other_file.status, StatusCode::CONFLICT);
    assert_eq!(other_file.issues(), ["DUPLICATE_REQUEST_ID"]);
}

#[tokio::test]
async fn answers_and_their_replays_carry_the_same_paypal_debug_id() {
    let api = Api::seeded(30).await;
    let (id, _) = api
        .find(|d| {
            d["links"]
                .as_array()
                .is_some_and(|l| l.iter().any(|l| l["rel"] == "escalate"))
        })
        .await;
    let path = format!("/v1/customer/disputes/{id}/escalate");
    let body = json!({"note": "n"});
    let debug_id = |answer: &crate::Answer| {
        answer
            .headers
            .get("paypal-debug-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let applied = api
        .post_json_with_id(&path, &api.seller, &body, Some("ok"))
        .await;
    let replayed = api
        .post_json_with_id(&path, &api.seller, &body, Some("ok"))
        .await;
    assert_eq!(applied.status, StatusCode::OK);
    assert!(debug_id(&applied).is_some());
    assert_eq!(debug_id(&replayed), debug_id(&applied));
    // Now a claim: escalating again is refused, and the refusal's header
    // is its body's debug_id, on the first answer and on the replay.
    let refused = api
        .post_json_with_id(&path, &api.seller, &body, Some("no"))
        .await;
    let replayed = api
        .post_json_with_id(&path, &api.seller, &body, Some("no"))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        debug_id(&refused).as_deref(),
        refused.body["debug_id"].as_str()
    );
    assert_eq!(debug_id(&replayed), debug_id(&refused));
}
