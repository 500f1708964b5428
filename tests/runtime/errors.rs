use disputes_api::{Error, RetryPolicy};

use crate::stub::{Scripted, Stub, paypal_error, show_error};

#[tokio::test]
async fn an_error_body_is_paypal_s_whatever_its_name_says() {
    // Which variant an error is comes from types, never from a name in a
    // body: a body named like a client-side failure is still PayPal's.
    for name in [
        "disputes-api:token-rejected",
        "disputes-api:not-a-paypal-error-body",
    ] {
        let stub = Stub::start().await;
        stub.push(Scripted::status(
            401,
            paypal_error(name, "SPOOFED", "dbg-x"),
        ));
        stub.push(Scripted::status(
            400,
            paypal_error(name, "SPOOFED", "dbg-y"),
        ));
        let client = stub.client().build().expect("client");
        let error = show_error(&client, "PP-D-1").await;
        let api = error
            .api()
            .unwrap_or_else(|| panic!("an Api error, got {error:?}"));
        assert_eq!(api.name(), name);
        assert_eq!(api.debug_id(), "dbg-y");
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
    stub.push(
        Scripted::status(502, html)
            .header("content-type", "text/html")
            .header("paypal-debug-id", "f00dfeed42"),
    );
    let client = stub
        .client()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client");
    let error = show_error(&client, "PP-D-1").await;
    let Error::Http {
        status,
        body,
        debug_id,
        ..
    } = &error
    else {
        panic!("expected Error::Http, got {error:?}");
    };
    assert_eq!(status.as_u16(), 502);
    assert!(body.starts_with("<html><title>502 Bad Gateway"), "{body}");
    assert!(body.len() < 1000, "truncated: {} bytes", body.len());
    assert!(body.contains("bytes in all"), "says it is cut: {body}");
    assert_eq!(
        debug_id.as_deref(),
        Some("f00dfeed42"),
        "the header's debug ID is kept"
    );
    assert_eq!(error.debug_id(), Some("f00dfeed42"));
    let shown = error.to_string();
    assert!(shown.contains("502"), "{shown}");
    assert!(shown.ends_with("[debug_id f00dfeed42]"), "{shown}");
}

#[tokio::test]
async fn a_success_body_that_does_not_decode_keeps_status_debug_id_body_and_the_failing_member() {
    let stub = Stub::start().await;
    stub.push(
        Scripted::status(
            200,
            r#"{"dispute_id": "PP-D-1", "disputed_transactions": [{"items": [{"item_quantity": 3}]}]}"#,
        )
        .header("paypal-debug-id", "f00dd0d0c0ffee"),
    );
    let client = stub.client().build().expect("client");
    let error = show_error(&client, "PP-D-1").await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(error.debug_id(), Some("f00dd0d0c0ffee"));
    let Error::Decode { member, body, .. } = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(
        member.as_deref(),
        Some("disputed_transactions[0].items[0].item_quantity")
    );
    assert!(body.contains("\"item_quantity\": 3"), "{body}");
    let shown = error.to_string();
    assert!(
        shown.starts_with(
            "PayPal's HTTP 200 OK response does not decode at `disputed_transactions[0].items[0].item_quantity`: invalid type: integer `3`, expected a string"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("[debug_id f00dd0d0c0ffee]; body: {"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_success_body_that_is_not_json_is_a_decode_error_without_a_member() {
    let stub = Stub::start().await;
    let long = format!("<html>{}</html>", "x".repeat(2000));
    stub.push(Scripted::status(200, long));
    let client = stub.client().build().expect("client");
    let error = show_error(&client, "PP-D-1").await;
    let Error::Decode {
        status,
        member,
        debug_id,
        body,
        ..
    } = &error
    else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(status.as_u16(), 200);
    assert_eq!(member, &None, "the document itself is wrong");
    assert_eq!(debug_id, &None);
    assert!(
        body.starts_with("<html>xxx") && body.ends_with("(2013 bytes in all)"),
        "the body is cut to 512 characters: {body}"
    );
}

#[tokio::test]
async fn a_template_operation_s_success_body_that_does_not_decode_keeps_its_status_too() {
    let stub = Stub::start().await;
    stub.push(
        Scripted::status(200, r#"{"links": "not a list"}"#).header("paypal-debug-id", "abc123"),
    );
    let client = stub.client().build().expect("client");
    let error = client
        .provide_supporting_info()
        .id("PP-D-1")
        .send()
        .await
        .expect_err("does not decode");
    let Error::Decode { member, .. } = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(member.as_deref(), Some("links"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(error.debug_id(), Some("abc123"));
}

#[tokio::test]
async fn a_missing_path_parameter_is_an_invalid_request_before_sending() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    let error: Error = client
        .show_dispute_details()
        .send()
        .await
        .expect_err("no id");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(stub.requests().is_empty());
}

/// PayPal's error body, every member (seed 000's shape): name, message,
/// debug_id, information_link, details[] with field, value, location,
/// issue and description.
#[tokio::test]
async fn every_member_of_paypal_s_error_body_is_decoded() {
    let stub = Stub::start().await;
    stub.push(Scripted::status(
        400,
        r#"{
          "name": "INVALID_REQUEST",
          "message": "Request is not well-formed, syntactically incorrect, or violates schema.",
          "debug_id": "b1d1f06c7246c",
          "information_link": "https://developer.paypal.com/docs/api/customer-disputes/v1/#error-INVALID_PARAMETER_VALUE",
          "details": [
            {
              "field": "/offer_type",
              "value": "GIFT",
              "location": "body",
              "issue": "INVALID_PARAMETER_VALUE",
              "description": "The value of a field is invalid."
            },
            { "issue": "MISSING_REQUIRED_PARAMETER" }
          ],
          "links": [{ "href": "https://developer.paypal.com/docs/api/customer-disputes/v1/", "rel": "information_link", "method": "GET" }]
        }"#,
    ));
    let client = stub.client().build().expect("client");
    let error = show_error(&client, "PP-D-1").await;
    let api = error.api().expect("PayPal's body");
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(api.name(), "INVALID_REQUEST");
    assert!(api.body.message.starts_with("Request is not well-formed"));
    assert_eq!(error.debug_id(), Some("b1d1f06c7246c"));
    assert_eq!(
        api.body.information_link.as_deref(),
        Some(
            "https://developer.paypal.com/docs/api/customer-disputes/v1/#error-INVALID_PARAMETER_VALUE"
        )
    );
    assert_eq!(api.details().len(), 2);
    let first = &api.details()[0];
    assert_eq!(first.field.as_deref(), Some("/offer_type"));
    assert_eq!(first.value.as_deref(), Some("GIFT"));
    assert_eq!(
        first.location.as_ref().map(ToString::to_string).as_deref(),
        Some("body")
    );
    assert_eq!(first.issue, "INVALID_PARAMETER_VALUE");
    assert_eq!(
        first.description.as_deref(),
        Some("The value of a field is invalid.")
    );
    assert_eq!(api.details()[1].issue, "MISSING_REQUIRED_PARAMETER");
    assert_eq!(api.body.links[0].rel, "information_link");
    assert_eq!(
        error.to_string(),
        "HTTP 400 Bad Request: INVALID_REQUEST: INVALID_PARAMETER_VALUE (field `/offer_type`): The value of a field is invalid. [debug_id b1d1f06c7246c]"
    );
}
