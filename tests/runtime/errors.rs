use disputes_api::{Error, RetryPolicy};

use crate::stub::{Scripted, Stub, offer, paypal_error, show_error};

#[tokio::test]
async fn an_action_not_allowed_now_is_a_typed_api_error_with_a_useful_message() {
    let stub = Stub::start().await;
    stub.push(Scripted::status(
        422,
        paypal_error(
            "UNPROCESSABLE_ENTITY",
            "ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE",
            "90957fca61718",
        ),
    ));
    let client = stub.client().build().expect("client");
    let error: Error = client
        .make_offer()
        .id("PP-D-1")
        .body(offer())
        .send()
        .await
        .expect_err("422")
        .into();
    let api = error.api().expect("PayPal's body");
    assert_eq!(api.status.as_u16(), 422);
    assert_eq!(api.name(), "UNPROCESSABLE_ENTITY");
    assert_eq!(api.debug_id(), "90957fca61718");
    assert_eq!(api.details()[0].field.as_deref(), Some("/action"));
    assert_eq!(
        error.issue(),
        Some("ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE")
    );
    let shown = error.to_string();
    for part in [
        "422",
        "UNPROCESSABLE_ENTITY",
        "ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE",
        "90957fca61718",
    ] {
        assert!(shown.contains(part), "`{shown}` lacks {part}");
    }
}

#[tokio::test]
async fn a_status_the_spec_does_not_list_still_decodes_paypal_s_body() {
    let stub = Stub::start().await;
    stub.push(Scripted::status(
        409,
        paypal_error("CONFLICT", "DUPLICATE_REQUEST", "dbg-409"),
    ));
    let client = stub.client().build().expect("client");
    let error = show_error(&client, "PP-D-1").await;
    assert_eq!(error.issue(), Some("DUPLICATE_REQUEST"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(409));
}

#[tokio::test]
async fn a_body_that_is_not_paypal_s_keeps_status_and_raw_text_truncated() {
    let stub = Stub::start().await;
    let html = format!(
        "<html><title>502 Bad Gateway</title>{}</html>",
        "x".repeat(5000)
    );
    stub.push(Scripted::status(502, html).header("content-type", "text/html"));
    let client = stub
        .client()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client");
    let error = show_error(&client, "PP-D-1").await;
    let Error::Http { status, body } = &error else {
        panic!("expected Error::Http, got {error:?}");
    };
    assert_eq!(status.as_u16(), 502);
    assert!(body.starts_with("<html><title>502 Bad Gateway"), "{body}");
    assert!(body.len() < 1000, "truncated: {} bytes", body.len());
    assert!(body.contains("bytes in all"), "says it is cut: {body}");
    assert!(error.to_string().contains("502"));
}

#[tokio::test]
async fn a_success_body_that_does_not_match_the_spec_is_a_decode_error_with_the_body() {
    let stub = Stub::start().await;
    stub.push(Scripted::status(200, r#"{"dispute_id": 42}"#));
    let client = stub.client().build().expect("client");
    let error = show_error(&client, "PP-D-1").await;
    let Error::Decode { body, .. } = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert!(body.contains("\"dispute_id\": 42"), "{body}");
}

#[tokio::test]
async fn a_missing_path_parameter_is_an_invalid_request_before_sending() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    let error: Error = client
        .show_dispute_details()
        .send()
        .await
        .expect_err("no id")
        .into();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(stub.requests().is_empty());
}
