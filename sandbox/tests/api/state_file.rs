use reqwest::StatusCode;
use sandbox::{Config, Sandbox};
use serde_json::{Value, json};

use crate::{Api, is};

/// A fresh folder for a state file, removed when the test ends.
pub fn state_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("sandbox-state-{name}-"))
        .tempdir()
        .expect("temp dir")
}

#[tokio::test]
async fn state_survives_a_restart_with_the_same_state_file() {
    let dir = state_dir("restart");
    let file = dir.path().join("state.json");
    let config = Config::default().seed(3).disputes(25).state_file(&file);
    let api = Api::start(config.clone()).await;
    assert!(file.exists(), "created from the seed data at start");
    let (id, _) = api
        .find(|d| {
            is(d, "dispute_life_cycle_stage", "INQUIRY")
                && !is(d, "status", "RESOLVED")
                && !is(d, "status", "UNDER_REVIEW")
                && !is(d, "status", "OTHER")
        })
        .await;
    let path = format!("/v1/customer/disputes/{id}/escalate");
    let first = api
        .post_json_with_id(
            &path,
            &api.seller,
            &json!({"note": "n"}),
            Some("before-restart"),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK);
    api.sandbox.shutdown().await;

    // A different seed: the file, not the seed, decides what is there.
    let api = Api::start(config.seed(99)).await;
    let shown = api.show(&id, &api.seller).await.body;
    assert_eq!(shown["dispute_life_cycle_stage"], "CHARGEBACK");
    let replayed = api
        .post_json_with_id(
            &path,
            &api.seller,
            &json!({"note": "n"}),
            Some("before-restart"),
        )
        .await;
    assert_eq!(replayed.body, first.body, "the stored answer, not a 422");
    assert_eq!(
        api.sandbox
            .counters()
            .applied_by_request_id
            .get("before-restart"),
        Some(&1)
    );
    let on_disk: Value =
        serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("JSON");
    assert_eq!(on_disk["version"], 1);
    // Per-request counts live on the idempotency records, which the store
    // bounds, not in a map of their own that would grow forever.
    assert!(on_disk["counters"].get("applied_by_request_id").is_none());
    let records = on_disk["idempotency"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        records
            .iter()
            .any(|r| r["request_id"] == "before-restart" && r["applied"] == 1),
        "{records:?}"
    );
    assert!(!dir.path().join("state.json.tmp").exists());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_state_file_that_is_not_one_stops_the_start_with_a_clear_error() {
    let dir = state_dir("corrupt");
    let file = dir.path().join("state.json");
    std::fs::write(&file, b"{\"version\": 1, \"disputes\": [").expect("write");
    let error = Sandbox::start(Config::default().state_file(&file))
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("not a sandbox state file"), "{error}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_change_the_state_file_could_not_hold_is_dropped_and_a_retry_applies_it() {
    let dir = state_dir("unwritable");
    let file = dir.path().join("state.json");
    let api = Api::start(Config::default().seed(3).disputes(25).state_file(&file)).await;
    let (id, before) = api
        .find(|d| {
            d["links"]
                .as_array()
                .is_some_and(|l| l.iter().any(|l| l["rel"] == "escalate"))
        })
        .await;
    let path = format!("/v1/customer/disputes/{id}/escalate");
    let body = json!({"note": "n"});
    // The directory goes away: writing `state.json.tmp` beside the file fails.
    std::fs::remove_dir_all(&dir).expect("remove the state directory");
    let failed = api
        .post_json_with_id(&path, &api.seller, &body, Some("retried"))
        .await;
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    let shown = api.show(&id, &api.seller).await.body;
    assert_eq!(
        shown["update_time"], before["update_time"],
        "not applied in memory"
    );
    assert_eq!(shown["dispute_life_cycle_stage"], "INQUIRY");
    let counters = api.sandbox.counters();
    assert_eq!(counters.total_applied(), 0);
    assert_eq!(counters.applied_by_request_id.get("retried"), None);

    std::fs::create_dir_all(&dir).expect("recreate the state directory");
    let retried = api
        .post_json_with_id(&path, &api.seller, &body, Some("retried"))
        .await;
    assert_eq!(retried.status, StatusCode::OK, "{:?}", retried.body);
    let counters = api.sandbox.counters();
    assert_eq!(counters.applied_by_request_id.get("retried"), Some(&1));
    assert_eq!(counters.replayed, 0, "handled afresh, not replayed");
    let on_disk: Value =
        serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("JSON");
    let stage = on_disk["disputes"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["id"] == id.as_str()))
        .map(|d| d["stage"].clone());
    assert_eq!(stage, Some(json!("CHARGEBACK")));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_client_that_gives_up_mid_write_leaves_memory_and_the_file_alike() {
    let dir = state_dir("given-up");
    let file = dir.path().join("state.json");
    let api = Api::start(Config::default().seed(3).disputes(25).state_file(&file)).await;
    let (id, _) = api
        .find(|d| {
            d["links"]
                .as_array()
                .is_some_and(|l| l.iter().any(|l| l["rel"] == "send_message"))
        })
        .await;
    let url = api.url(&format!("/v1/customer/disputes/{id}/send-message"));
    let accept_offer = format!("/v1/customer/disputes/{id}/accept-offer");
    let on_disk = || -> usize {
        let state: Value =
            serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("JSON");
        state["disputes"]
            .as_array()
            .and_then(|d| d.iter().find(|d| d["id"] == id.as_str()))
            .and_then(|d| d["messages"].as_array())
            .map_or(0, Vec::len)
    };
    for attempt in 0..24_u64 {
        // Timeouts around the time a write and its fsync take, so some
        // requests are dropped while their change is being written.
        let form = reqwest::multipart::Form::new().part(
            "input",
            reqwest::multipart::Part::text(json!({"message": "m"}).to_string())
                .mime_str("application/json")
                .expect("mime"),
        );
        let _ = api
            .http
            .post(&url)
            .bearer_auth(&api.seller)
            .timeout(std::time::Duration::from_micros(500 + 250 * (attempt % 12)))
            .multipart(form)
            .send()
            .await;
        // A refused action waits its turn behind the change the dropped
        // request may still be making, and writes nothing itself: once it
        // is answered, that change is committed or was never made.
        let refused = api.post_json(&accept_offer, &api.seller, &json!({})).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        for _ in 0..10 {
            let in_memory = api.sandbox.dispute(&id).map_or(0, |d| d.messages.len());
            assert_eq!(on_disk(), in_memory, "attempt {attempt}");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// `POST /sandbox/disputes` creates a dispute in the state asked for; it
/// is listed, shown and acted on like any other, survives a restart with
/// the state file, and a body that is not a scenario is a 400 that says
/// what to send.
#[tokio::test]
async fn a_dispute_created_in_a_chosen_state_is_real_and_durable() {
    let dir = state_dir("create");
    let file = dir.path().join("state.json");
    let config = Config::default().seed(5).disputes(3).state_file(&file);
    let api = Api::start(config.clone()).await;
    let created = api
        .http
        .post(api.url("/sandbox/disputes"))
        .json(&json!({
            "status": "WAITING_FOR_SELLER_RESPONSE",
            "stage": "CHARGEBACK",
            "reason": "MERCHANDISE_OR_SERVICE_NOT_RECEIVED"
        }))
        .send()
        .await
        .expect("sent");
    assert_eq!(created.status(), StatusCode::CREATED);
    let body: Value = created.json().await.expect("json");
    let id = body["dispute_id"].as_str().expect("an id").to_owned();
    assert_eq!(body["status"], "WAITING_FOR_SELLER_RESPONSE");
    assert_eq!(body["dispute_life_cycle_stage"], "CHARGEBACK");
    assert_eq!(body["reason"], "MERCHANDISE_OR_SERVICE_NOT_RECEIVED");
    assert!(body["seller_response_due_date"].is_string(), "{body}");
    assert_eq!(api.sandbox.dispute_ids().len(), 4);
    assert!(api.sandbox.dispute_ids().contains(&id));
    let shown = api.show(&id, &api.seller).await;
    assert!(
        shown.rels().contains(&"provide_evidence".to_owned()),
        "{:?}",
        shown.rels()
    );

    let bad = api
        .http
        .post(api.url("/sandbox/disputes"))
        .json(&json!({ "status": "WAITING" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let message: Value = bad.json().await.expect("json");
    assert!(
        message["message"]
            .as_str()
            .is_some_and(|m| m.contains("WAITING_FOR_SELLER_RESPONSE")),
        "{message}"
    );
    api.sandbox.shutdown().await;

    let again = Api::start(config).await;
    let shown = again.show(&id, &again.seller).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.body["dispute_life_cycle_stage"], "CHARGEBACK");
}
