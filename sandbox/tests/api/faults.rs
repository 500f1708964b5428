use std::time::{Duration, Instant};

use reqwest::StatusCode;
use sandbox::{Action, Config, Faults};
use serde_json::json;

use crate::{Api, is};

fn only(f: impl FnOnce(&mut Faults)) -> Faults {
    let mut faults = Faults::none();
    f(&mut faults);
    faults
}

#[tokio::test]
async fn faults_are_off_by_default() {
    let api = Api::seeded(5).await;
    for _ in 0..50 {
        assert_eq!(
            api.get("/v1/customer/disputes", &api.seller).await.status,
            StatusCode::OK
        );
    }
    assert_eq!(api.sandbox.counters().faults, Default::default());
}

#[tokio::test]
async fn injected_429_and_503_carry_retry_after_and_apply_nothing() {
    let api = Api::seeded(30).await;
    // A dispute that would be escalated, so that "applied nothing" means
    // the fault stopped it, not the rules.
    let (id, _) = api
        .find(|d| {
            d["links"]
                .as_array()
                .is_some_and(|l| l.iter().any(|l| l["rel"] == "escalate"))
        })
        .await;
    let path = format!("/v1/customer/disputes/{id}/escalate");
    for (faults, status, name) in [
        (
            only(|f| f.rate_limited = 1.0),
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMIT_REACHED",
        ),
        (
            only(|f| f.unavailable = 1.0),
            StatusCode::SERVICE_UNAVAILABLE,
            "SERVICE_UNAVAILABLE",
        ),
    ] {
        api.sandbox.set_faults(faults).expect("faults");
        let answer = api.post_json(&path, &api.seller, &json!({})).await;
        assert_eq!(answer.status, status);
        assert_eq!(answer.body["name"], name);
        assert_eq!(
            answer
                .headers
                .get("retry-after")
                .and_then(|v| v.to_str().ok()),
            Some("1")
        );
    }
    assert_eq!(api.sandbox.counters().total_applied(), 0);
    api.sandbox.set_faults(Faults::none()).expect("faults");
    let unfaulted = api.post_json(&path, &api.seller, &json!({})).await;
    assert_eq!(unfaulted.status, StatusCode::OK, "escalate was allowed");
    // The token endpoint is never faulted: the client does not retry it.
    api.sandbox
        .set_faults(only(|f| f.dropped = 1.0))
        .expect("faults");
    crate::token(&api.http, &api.sandbox, api.sandbox.seller()).await;
}

#[tokio::test]
async fn a_dropped_connection_gets_no_answer_and_the_next_one_does() {
    let api = Api::seeded(5).await;
    api.sandbox
        .set_faults(only(|f| f.dropped = 1.0))
        .expect("faults");
    let dropped = api
        .http
        .get(api.url("/v1/customer/disputes"))
        .bearer_auth(&api.seller)
        .send()
        .await;
    let error = dropped.expect_err("no answer");
    assert!(error.is_request(), "{error:?}");
    api.sandbox.set_faults(Faults::none()).expect("faults");
    assert_eq!(
        api.get("/v1/customer/disputes", &api.seller).await.status,
        StatusCode::OK
    );
    assert_eq!(api.sandbox.counters().faults.dropped, 1);
}

#[tokio::test]
async fn a_500_after_handling_loses_the_answer_of_an_applied_action() {
    let api = Api::seeded(40).await;
    let mut inquiries = Vec::new();
    for id in api.sandbox.dispute_ids() {
        let d = api.show(&id, &api.seller).await.body;
        let open = is(&d, "dispute_life_cycle_stage", "INQUIRY")
            && (is(&d, "status", "OPEN")
                || d["status"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("WAITING")));
        if open {
            inquiries.push(id);
        }
    }
    assert!(inquiries.len() >= 4, "{inquiries:?}");
    api.sandbox
        .set_faults(only(|f| {
            f.internal_error = 1.0;
            f.seed = 5;
        }))
        .expect("faults");
    for id in &inquiries {
        let answer = api
            .post_json(
                &format!("/v1/customer/disputes/{id}/escalate"),
                &api.seller,
                &json!({}),
            )
            .await;
        assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    }
    let counters = api.sandbox.counters();
    let applied = counters
        .applied
        .get(&Action::Escalate)
        .copied()
        .unwrap_or_default();
    assert_eq!(counters.faults.internal_error, inquiries.len() as u64);
    assert_eq!(
        applied, counters.faults.after_handling,
        "applied exactly when the fault came after"
    );
    assert!(
        applied > 0 && applied < inquiries.len() as u64,
        "{applied} of {}",
        inquiries.len()
    );
}

#[tokio::test]
async fn latency_is_added_to_dispute_calls() {
    let faults =
        only(|f| f.latency = Some((Duration::from_millis(120), Duration::from_millis(120))));
    let api = Api::start(Config::default().disputes(2).faults(faults)).await;
    let started = Instant::now();
    let listed = api.get("/v1/customer/disputes", &api.seller).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(120));
}

#[tokio::test]
async fn impossible_fault_rates_are_refused() {
    let api = Api::seeded(1).await;
    assert!(
        api.sandbox
            .set_faults(only(|f| f.rate_limited = 2.0))
            .is_err()
    );
    let started = sandbox::Sandbox::start(Config::default().faults(only(|f| {
        f.dropped = 0.7;
        f.unavailable = 0.7;
    })))
    .await;
    assert!(matches!(started, Err(sandbox::StartError::Config(_))));
}
