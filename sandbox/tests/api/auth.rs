use std::time::Duration;

use reqwest::StatusCode;
use sandbox::Config;
use serde_json::Value;

use crate::{Api, answer};

#[tokio::test]
async fn the_token_endpoint_issues_bearer_tokens_with_expires_in() {
    let api = Api::seeded(1).await;
    let response = api
        .http
        .post(api.url("/v1/oauth2/token"))
        .basic_auth(
            api.sandbox.seller().client_id(),
            Some(api.sandbox.seller().secret()),
        )
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("sent");
    let token = answer(response).await;
    assert_eq!(token.status, StatusCode::OK);
    assert_eq!(token.body["token_type"], "Bearer");
    // The token `Api::seeded` fetched, handed out again with what it has left.
    let expires_in = token.body["expires_in"].as_u64().unwrap_or_default();
    assert!((32_390..=32_400).contains(&expires_in), "{expires_in}");
    assert!(
        token.body["scope"]
            .as_str()
            .unwrap_or_default()
            .contains("disputes/update-seller")
    );
}

#[tokio::test]
async fn a_wrong_secret_is_401_invalid_client_and_a_wrong_grant_is_400() {
    let api = Api::seeded(1).await;
    let wrong = api
        .http
        .post(api.url("/v1/oauth2/token"))
        .basic_auth(api.sandbox.seller().client_id(), Some("not-the-secret"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("sent");
    let wrong = answer(wrong).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.body["error"], "invalid_client");
    let grant = api
        .http
        .post(api.url("/v1/oauth2/token"))
        .basic_auth(
            api.sandbox.seller().client_id(),
            Some(api.sandbox.seller().secret()),
        )
        .form(&[("grant_type", "password")])
        .send()
        .await
        .expect("sent");
    let grant = answer(grant).await;
    assert_eq!(grant.status, StatusCode::BAD_REQUEST);
    assert_eq!(grant.body["error"], "unsupported_grant_type");
}

#[tokio::test]
async fn a_dispute_call_without_a_valid_token_is_401_with_paypals_error_body() {
    let api = Api::seeded(3).await;
    let id = api.sandbox.dispute_ids()[0].clone();
    for token in ["", "A21AA-made-up"] {
        let shown = api.show(&id, token).await;
        assert_eq!(shown.status, StatusCode::UNAUTHORIZED);
        assert_eq!(shown.body["name"], "AUTHENTICATION_FAILURE");
        assert!(shown.body["debug_id"].is_string());
        assert_eq!(shown.issues(), ["INVALID_ACCESS_TOKEN"]);
    }
    let unauthenticated = api
        .http
        .get(api.url("/v1/customer/disputes"))
        .send()
        .await
        .expect("sent");
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_expired_or_revoked_token_is_refused() {
    let api = Api::start(
        Config::default()
            .disputes(2)
            .token_ttl(Duration::from_millis(300)),
    )
    .await;
    let id = api.sandbox.dispute_ids()[0].clone();
    assert_eq!(api.show(&id, &api.seller).await.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        api.show(&id, &api.seller).await.status,
        StatusCode::UNAUTHORIZED
    );

    let api = Api::seeded(2).await;
    api.sandbox.revoke_tokens();
    assert_eq!(
        api.show(&id, &api.seller).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_buyer_and_the_merchant_see_their_own_dispute_state() {
    let api = Api::seeded(60).await;
    let (id, seller_view) = api
        .find(|d| d["status"] == "WAITING_FOR_SELLER_RESPONSE")
        .await;
    assert_eq!(seller_view["dispute_state"], "REQUIRED_ACTION");
    let buyer_view: Value = api.show(&id, &api.buyer).await.body;
    assert_eq!(buyer_view["dispute_state"], "REQUIRED_OTHER_PARTY_ACTION");
}

/// A token request with a form body of `bytes` bytes.
async fn token_request_of(api: &Api, bytes: usize) -> crate::Answer {
    let mut form = b"grant_type=client_credentials&padding=".to_vec();
    form.resize(bytes, b'x');
    let response = api
        .http
        .post(api.url("/v1/oauth2/token"))
        .basic_auth(
            api.sandbox.seller().client_id(),
            Some(api.sandbox.seller().secret()),
        )
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .expect("sent");
    answer(response).await
}

#[tokio::test]
async fn a_token_request_over_8_kib_is_413_in_the_oauth_error_shape() {
    let api = Api::seeded(1).await;
    let fits = token_request_of(&api, 8 * 1024).await;
    assert_eq!(fits.status, StatusCode::OK, "{:?}", fits.body);
    let over = token_request_of(&api, 8 * 1024 + 1).await;
    assert_eq!(over.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(over.body["error"], "invalid_request");
    assert!(over.body["error_description"].is_string());
    // Far over the limit: refused the same way, not buffered first.
    let huge = token_request_of(&api, 4 * 1024 * 1024).await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_token_ttl_the_clock_cannot_hold_stops_the_start_with_a_clear_error() {
    let started =
        sandbox::Sandbox::start(Config::default().token_ttl(Duration::from_secs(u64::MAX))).await;
    let error = started.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("token TTL"), "{error}");
}

#[tokio::test]
async fn asking_for_a_token_again_returns_the_live_one_as_paypal_does() {
    let api = Api::seeded(1).await;
    let again = crate::token(&api.http, &api.sandbox, api.sandbox.seller()).await;
    assert_eq!(again, api.seller);
    assert_ne!(api.buyer, api.seller, "each client has its own");
}

#[tokio::test]
async fn every_action_has_a_route_on_its_method_that_needs_a_token() {
    let api = Api::seeded(1).await;
    let id = api.sandbox.dispute_ids()[0].clone();
    for action in sandbox::Action::ALL {
        let method = reqwest::Method::from_bytes(action.method().as_bytes()).expect("method");
        let unauthenticated = api
            .http
            .request(method, api.url(&action.path(&id)))
            .send()
            .await
            .expect("sent");
        assert_eq!(
            unauthenticated.status(),
            StatusCode::UNAUTHORIZED,
            "{action}: routed, and behind the token check"
        );
    }
}
