//! The runtime against the sandbox, the one local PayPal stand-in: its
//! OAuth2 endpoint, PayPal's error bodies, pagination and injected faults,
//! where it can serve. What it cannot do (a scripted answer, a given body,
//! a recorded request) stays with `stub.rs`.

use std::collections::BTreeSet;

use disputes_api::types::{MakeOfferRequest, MakeOfferRequestOfferType};
use disputes_api::{DisputeFilter, Error};
use futures_util::TryStreamExt as _;
use sandbox::{Config, Credentials, Faults, Sandbox};

async fn start(config: Config) -> Sandbox {
    Sandbox::start(config).await.expect("sandbox starts")
}

use tests::{fast_retries, sandbox_client as client_as};

#[tokio::test]
async fn one_token_serves_every_call_and_a_revoked_one_is_replaced_once() {
    let sandbox = start(Config::default().disputes(3)).await;
    let client = client_as(&sandbox, sandbox.seller(), fast_retries(3));
    for id in sandbox.dispute_ids() {
        client
            .show_dispute_details()
            .id(id.as_str())
            .send()
            .await
            .expect("call");
    }
    assert_eq!(
        sandbox.counters().token_requests,
        1,
        "a 9-hour token serves every call"
    );

    sandbox.revoke_tokens();
    let id = &sandbox.dispute_ids()[0];
    let dispute = client
        .show_dispute_details()
        .id(id.as_str())
        .send()
        .await
        .expect("the call after the revocation recovers");
    assert_eq!(
        dispute.dispute_id.as_ref().map(|d| d.as_str()),
        Some(id.as_str())
    );
    assert_eq!(
        sandbox.counters().token_requests,
        2,
        "one refresh after the 401"
    );
}

#[tokio::test]
async fn a_refused_secret_is_an_auth_error_after_one_token_request() {
    let sandbox = start(Config::default().disputes(1)).await;
    let wrong = Credentials::new(sandbox.seller().client_id(), "not-the-secret");
    let client = client_as(&sandbox, &wrong, fast_retries(3));
    let error = client
        .show_dispute_details()
        .id(sandbox.dispute_ids()[0].as_str())
        .send()
        .await
        .expect_err("refused");
    let Error::Auth { status, reason, .. } = &error else {
        panic!("expected Error::Auth, got {error:?}");
    };
    assert_eq!(status.as_u16(), 401);
    assert!(reason.contains("invalid_client"), "{reason}");
    assert!(!error.to_string().contains("not-the-secret"), "{error}");
    assert_eq!(
        sandbox.counters().token_requests,
        1,
        "a refused token is not retried"
    );
}

#[tokio::test]
async fn an_action_the_state_does_not_allow_is_a_typed_422_with_a_useful_message() {
    let sandbox = start(Config::default().seed(7).disputes(30)).await;
    let client = client_as(&sandbox, sandbox.seller(), fast_retries(1));
    let mut tried = 0;
    for id in sandbox.dispute_ids() {
        let dispute = client
            .show_dispute_details()
            .id(id.as_str())
            .send()
            .await
            .expect("show");
        if dispute.links.iter().any(|l| l.rel == "make_offer") {
            continue;
        }
        let offer = MakeOfferRequest::builder()
            .offer_type(MakeOfferRequestOfferType::ReplacementWithoutRefund)
            .note("A replacement ships today.".to_owned());
        let error = client
            .make_offer()
            .id(id.as_str())
            .body(offer)
            .send()
            .await
            .expect_err("no make_offer link");
        let api = error
            .api()
            .unwrap_or_else(|| panic!("PayPal's body: {error:?}"));
        assert_eq!(api.status.as_u16(), 422, "{error}");
        assert_eq!(
            error.issue(),
            Some("ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE")
        );
        assert!(!api.debug_id().is_empty());
        let shown = error.to_string();
        for part in [
            "422",
            api.name(),
            "ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE",
            api.debug_id(),
        ] {
            assert!(shown.contains(part), "`{shown}` lacks {part}");
        }
        tried += 1;
    }
    assert!(tried > 0, "the seed has disputes without a make_offer link");
}

#[tokio::test]
async fn the_stream_follows_next_links_to_the_last_page_and_an_empty_list_ends_at_once() {
    let sandbox = start(Config::default().disputes(23)).await;
    let client = client_as(&sandbox, sandbox.seller(), fast_retries(3));
    let ids: Vec<String> = client
        .disputes(DisputeFilter::new().page_size(5))
        .expect("valid filter")
        .map_ok(|d| d.dispute_id.map(|id| id.to_string()).unwrap_or_default())
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(ids.len(), 23, "five pages of at most 5");
    let unique: BTreeSet<&String> = ids.iter().collect();
    let expected: Vec<String> = sandbox.dispute_ids();
    assert_eq!(unique, expected.iter().collect(), "every dispute once");

    let empty = start(Config::default().disputes(0)).await;
    let client = client_as(&empty, empty.seller(), fast_retries(3));
    let all: Vec<_> = client
        .disputes(DisputeFilter::new())
        .expect("filter")
        .try_collect()
        .await
        .expect("one empty page");
    assert!(all.is_empty());
}

#[tokio::test]
async fn an_unavailable_paypal_is_tried_up_to_the_attempt_limit_then_reported() {
    let sandbox = start(Config::default().disputes(1)).await;
    let id = sandbox.dispute_ids()[0].clone();
    let client = client_as(&sandbox, sandbox.seller(), fast_retries(3));
    // The token first, with no faults; then every dispute call fails.
    client
        .show_dispute_details()
        .id(id.as_str())
        .send()
        .await
        .expect("warm");
    sandbox
        .set_faults(Faults {
            unavailable: 1.0,
            retry_after: 0,
            ..Faults::none()
        })
        .expect("faults");
    let error = client
        .show_dispute_details()
        .id(id.as_str())
        .send()
        .await
        .expect_err("always 503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error:?}");
    assert_eq!(sandbox.counters().faults.unavailable, 3, "three attempts");

    sandbox
        .set_faults(Faults {
            dropped: 1.0,
            ..Faults::none()
        })
        .expect("faults");
    let error = client
        .show_dispute_details()
        .id(id.as_str())
        .send()
        .await
        .expect_err("always dropped");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(sandbox.counters().faults.dropped, 3, "three attempts");
}
