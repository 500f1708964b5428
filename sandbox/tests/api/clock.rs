//! The sandbox clock through HTTP (`GET`/`POST /sandbox/clock`) and what
//! passing time does: rules deadline.seller-response-due,
//! deadline.buyer-response-due, accept-offer.accepted-then-done and
//! sandbox.clock of `docs/sandbox-rules.md`.

use std::time::Duration;

use reqwest::StatusCode;
use sandbox::{Action, ClockStart, Config, Scenario};
use serde_json::{Value, json};

use crate::{Answer, Api, answer};

const DAY: u64 = 86_400;

fn frozen() -> ClockStart {
    "frozen:2026-01-01T00:00:00Z"
        .parse()
        .expect("a frozen clock")
}

fn scenario(text: &str) -> Scenario {
    text.parse().expect("a scenario")
}

/// A frozen sandbox with one dispute in `state` (STATUS/STAGE/REASON).
async fn one_in(state: &str, config: Config) -> (Api, String) {
    let api = Api::start(config.disputes(2).clock(frozen()).scenario(scenario(state))).await;
    let id = api.sandbox.scenario_ids()[0].clone();
    (api, id)
}

impl Api {
    async fn advance(&self, seconds: u64) -> Answer {
        answer(
            self.http
                .post(self.url("/sandbox/clock"))
                .json(&json!({ "advance_seconds": seconds }))
                .send()
                .await
                .expect("sent"),
        )
        .await
    }

    async fn clock(&self) -> Answer {
        answer(
            self.http
                .get(self.url("/sandbox/clock"))
                .send()
                .await
                .expect("sent"),
        )
        .await
    }

    /// A REFUND of one unit on `id`, which leaves it waiting for the customer.
    async fn offer_one_unit(&self, id: &str) {
        let shown = self.show(id, &self.seller).await;
        let currency = shown.body["dispute_amount"]["currency_code"]
            .as_str()
            .expect("a currency")
            .to_owned();
        let amount = serde_json::to_value(sandbox::fixtures::one_unit(&currency)).expect("json");
        let offered = self
            .post_json(
                &Action::MakeOffer.path(id),
                &self.seller,
                &json!({"note": "n", "offer_type": "REFUND", "offer_amount": amount}),
            )
            .await;
        assert_eq!(offered.status, StatusCode::OK, "{:?}", offered.body);
        let shown = self.show(id, &self.seller).await;
        assert_eq!(shown.body["status"], "WAITING_FOR_BUYER_RESPONSE");
    }
}

fn outcome(d: &Value) -> &Value {
    &d["dispute_outcome"]["outcome_code"]
}

#[tokio::test]
async fn sandbox_clock_a_frozen_clock_moves_only_by_post_sandbox_clock() {
    let (api, _) = one_in(
        "WAITING_FOR_SELLER_RESPONSE/CHARGEBACK/MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
        Config::default(),
    )
    .await;
    let clock = api.clock().await;
    assert_eq!(clock.status, StatusCode::OK);
    assert_eq!(
        clock.body,
        json!({"now": "2026-01-01T00:00:00Z", "frozen": true})
    );
    let advanced = api.advance(3 * DAY + 1).await;
    assert_eq!(advanced.status, StatusCode::OK);
    assert_eq!(advanced.body["now"], "2026-01-04T00:00:01Z");
    assert_eq!(api.clock().await.body["now"], "2026-01-04T00:00:01Z");
    assert_eq!(api.sandbox.now().to_rfc3339(), "2026-01-04T00:00:01+00:00");
}

#[tokio::test]
async fn deadline_seller_response_due_closes_the_case_in_the_customers_favour() {
    let (api, id) = one_in(
        "WAITING_FOR_SELLER_RESPONSE/CHARGEBACK/MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
        Config::default(),
    )
    .await;
    let shown = api.show(&id, &api.seller).await;
    assert_eq!(
        shown.body["seller_response_due_date"],
        "2026-01-11T00:00:00Z"
    );
    api.advance(10 * DAY - 1).await;
    let before = api.show(&id, &api.seller).await;
    assert_eq!(before.body["status"], "WAITING_FOR_SELLER_RESPONSE");
    assert!(before.rels().contains(&"provide_evidence".to_owned()));
    api.advance(1).await;
    let after = api.show(&id, &api.seller).await;
    assert_eq!(after.body["status"], "RESOLVED", "{:?}", after.body);
    assert_eq!(*outcome(&after.body), "RESOLVED_BUYER_FAVOUR");
    assert_eq!(
        after.body["dispute_outcome"]["outcome_reason"],
        "NO_SELLER_RESPONSE"
    );
    assert_eq!(after.body["update_time"], "2026-01-11T00:00:00Z");
    assert_eq!(after.body["dispute_state"], "RESOLVED");
    // Too late to answer now: no action is offered (not even an appeal).
    assert_eq!(after.rels(), ["self"]);
}

#[tokio::test]
async fn deadline_buyer_response_due_lapses_a_pending_offer() {
    let (api, id) = one_in(
        "WAITING_FOR_SELLER_RESPONSE/INQUIRY/MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED",
        Config::default(),
    )
    .await;
    api.offer_one_unit(&id).await;
    let waiting = api.show(&id, &api.buyer).await;
    assert_eq!(
        waiting.body["buyer_response_due_date"],
        "2026-01-21T00:00:00Z"
    );
    api.advance(21 * DAY).await;
    let accepted = api
        .post_json(&Action::AcceptOffer.path(&id), &api.buyer, &json!({}))
        .await;
    assert_eq!(
        accepted.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        accepted.body
    );
    let after = api.show(&id, &api.seller).await;
    assert_eq!(after.body["status"], "RESOLVED");
    assert_eq!(*outcome(&after.body), "RESOLVED_SELLER_FAVOUR");
    assert_eq!(
        after.body["dispute_outcome"]["outcome_reason"],
        "NO_RESPONSE_FROM_BUYER"
    );
}

#[tokio::test]
async fn accept_offer_accepted_then_done_answers_202_and_resolves_after_the_delay() {
    let config = Config::default().accept_offer_delay(Duration::from_secs(3600));
    let (api, id) = one_in(
        "WAITING_FOR_SELLER_RESPONSE/INQUIRY/MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED",
        config,
    )
    .await;
    api.offer_one_unit(&id).await;
    let accepted = api
        .post_json(&Action::AcceptOffer.path(&id), &api.buyer, &json!({}))
        .await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED, "{:?}", accepted.body);
    assert!(
        accepted.rels().contains(&"self".to_owned()),
        "{:?}",
        accepted.body
    );
    api.advance(3599).await;
    let pending = api.show(&id, &api.buyer).await;
    assert_eq!(pending.body["status"], "UNDER_REVIEW");
    assert_eq!(pending.body["dispute_state"], "UNDER_PAYPAL_REVIEW");
    assert!(
        pending.body["dispute_outcome"].is_null(),
        "{:?}",
        pending.body
    );
    assert_eq!(pending.rels(), ["self"]);
    api.advance(1).await;
    let done = api.show(&id, &api.buyer).await;
    assert_eq!(done.body["status"], "RESOLVED");
    assert_eq!(*outcome(&done.body), "RESOLVED_BUYER_FAVOUR");
    assert_eq!(done.body["update_time"], "2026-01-01T01:00:00Z");
}

#[tokio::test]
async fn sandbox_clock_a_deadline_passed_by_real_time_applies_on_the_next_read() {
    let api = Api::start(Config::default().disputes(2).scenario(scenario(
        "WAITING_FOR_SELLER_RESPONSE/CHARGEBACK/MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
    )))
    .await;
    let id = api.sandbox.scenario_ids()[0].clone();
    assert_eq!(api.clock().await.body["frozen"], false);
    // Two seconds short of the due date; real time does the rest.
    api.advance(10 * DAY - 2).await;
    assert_eq!(
        api.show(&id, &api.seller).await.body["status"],
        "WAITING_FOR_SELLER_RESPONSE"
    );
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let after = api.show(&id, &api.seller).await;
    assert_eq!(after.body["status"], "RESOLVED", "{:?}", after.body);
    let listed = api.get("/v1/customer/disputes", &api.seller).await;
    let item = listed.body["items"]
        .as_array()
        .and_then(|items| items.iter().find(|d| d["dispute_id"] == id.as_str()))
        .cloned()
        .expect("listed");
    assert_eq!(item["status"], "RESOLVED");
}

#[tokio::test]
async fn sandbox_clock_a_bad_advance_is_a_400_that_says_what_to_send() {
    let api = Api::start(Config::default().disputes(1).clock(frozen())).await;
    for body in [
        json!({"advance": "P3D"}),
        json!({"advance_seconds": -1}),
        json!({"advance_seconds": "60"}),
    ] {
        let refused = answer(
            api.http
                .post(api.url("/sandbox/clock"))
                .json(&body)
                .send()
                .await
                .expect("sent"),
        )
        .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(
            refused.body["message"]
                .as_str()
                .is_some_and(|m| m.contains("advance_seconds")),
            "{body}: {:?}",
            refused.body
        );
    }
    let too_far = api.advance(11 * 366 * DAY).await;
    assert_eq!(too_far.status, StatusCode::BAD_REQUEST);
    assert!(
        too_far.body["message"]
            .as_str()
            .is_some_and(|m| m.contains("ten years")),
        "{:?}",
        too_far.body
    );
    assert_eq!(api.clock().await.body["now"], "2026-01-01T00:00:00Z");
}

#[tokio::test]
async fn sandbox_clock_the_clock_and_what_lapsed_survive_a_restart_with_the_state_file() {
    let dir = crate::state_file::state_dir("clock");
    let config = Config::default().state_file(dir.path().join("state.json"));
    let (api, id) = one_in(
        "WAITING_FOR_SELLER_RESPONSE/CHARGEBACK/MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
        config.clone(),
    )
    .await;
    api.advance(11 * DAY).await;
    // Advanced through the Rust API as well: the same clock.
    let now = api
        .sandbox
        .advance_clock(Duration::from_secs(DAY))
        .await
        .expect("advanced");
    assert_eq!(now.to_rfc3339(), "2026-01-13T00:00:00+00:00");
    api.sandbox.shutdown().await;

    // The same flags again: the state file's clock goes on, not --clock's.
    let (again, same) = one_in(
        "WAITING_FOR_SELLER_RESPONSE/CHARGEBACK/MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
        config,
    )
    .await;
    assert_eq!(same, id);
    assert_eq!(again.clock().await.body["now"], "2026-01-13T00:00:00Z");
    let shown = again.show(&id, &again.seller).await;
    assert_eq!(shown.body["status"], "RESOLVED");
    assert_eq!(
        again
            .sandbox
            .dispute(&id)
            .map(|d| d.update_time.to_rfc3339()),
        Some("2026-01-11T00:00:00+00:00".to_owned())
    );
    let _ = std::fs::remove_dir_all(dir);
}
