use std::time::Duration;

use disputes_api::Error;

use crate::stub::{Scripted, Stub, paypal_error, show_error};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_concurrent_calls_on_a_cold_client_make_one_token_request() {
    let stub = Stub::start().await;
    stub.state.lock().token_delay = Duration::from_millis(100);
    let client = stub.client().build().expect("client");
    let calls = (0..100).map(|i| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .show_dispute_details()
                .id(format!("PP-D-{i}").as_str())
                .send()
                .await
        })
    });
    for call in futures_util::future::join_all(calls).await {
        call.expect("task").expect("call succeeds");
    }
    assert_eq!(stub.token_requests(), 1);
    assert_eq!(stub.calls().len(), 100);
}

#[tokio::test]
async fn token_is_reused_until_it_nears_expiry() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    for _ in 0..3 {
        client
            .show_dispute_details()
            .id("PP-D-1")
            .send()
            .await
            .expect("call");
    }
    assert_eq!(stub.token_requests(), 1, "a 9-hour token serves every call");

    // A token shorter than twice the margin is refreshed at half its life:
    // it still serves the calls made meanwhile.
    let stub = Stub::start().await;
    stub.state.lock().expires_in = 4;
    let client = stub
        .client()
        .token_refresh_margin(Duration::from_secs(60))
        .build()
        .expect("client");
    let call = || async {
        client
            .show_dispute_details()
            .id("PP-D-1")
            .send()
            .await
            .expect("call")
    };
    for _ in 0..3 {
        call().await;
    }
    assert_eq!(
        stub.token_requests(),
        1,
        "a 4-second token serves calls for 2 seconds"
    );
    tokio::time::sleep(Duration::from_millis(2200)).await;
    call().await;
    assert_eq!(
        stub.token_requests(),
        2,
        "a token past half its life is replaced before use"
    );
}

/// `expires_in` is PayPal's to set: a value past any clock must not
/// panic, and 0 must not make every concurrent caller fetch its own token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn absurd_token_lifetimes_are_bounded_not_a_panic_or_a_stampede() {
    for expires_in in [u64::MAX, 0] {
        let stub = Stub::start().await;
        stub.state.lock().expires_in = expires_in;
        stub.state.lock().token_delay = Duration::from_millis(50);
        let client = stub.client().build().expect("client");
        let calls = (0..20).map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.show_dispute_details().id("PP-D-1").send().await })
        });
        for call in futures_util::future::join_all(calls).await {
            call.expect("task").expect("call");
        }
        assert_eq!(stub.token_requests(), 1, "expires_in {expires_in}");
    }
}

#[tokio::test]
async fn token_request_is_basic_auth_with_the_client_credentials_form() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    client
        .show_dispute_details()
        .id("PP-D-1")
        .send()
        .await
        .expect("call");
    let token = stub
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1/oauth2/token")
        .expect("a token request");
    assert_eq!(token.method, "POST");
    assert_eq!(&token.body[..], b"grant_type=client_credentials");
    let call = &stub.calls()[0];
    assert_eq!(call.header("authorization"), "Bearer A21AA-token-1");
}

#[tokio::test]
async fn a_second_401_is_returned_not_looped() {
    let stub = Stub::start().await;
    let unauthorised = Scripted::status(
        401,
        paypal_error("AUTHENTICATION_FAILURE", "INVALID_ACCESS_TOKEN", "dbg-401"),
    );
    stub.push(unauthorised.clone());
    stub.push(unauthorised);
    let client = stub.client().build().expect("client");
    let error = show_error(&client, "PP-D-1").await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.issue(), Some("INVALID_ACCESS_TOKEN"));
    assert_eq!(stub.token_requests(), 2, "one refresh");
    assert_eq!(stub.calls().len(), 2, "one retry");
}

#[tokio::test]
async fn a_token_endpoint_answering_200_without_a_token_is_an_auth_error_on_every_kind_of_operation()
 {
    // The refusal reaches the operation as a typed value beside the
    // response, not as a body: a 200 from the token endpoint must not be
    // read as the operation's own success body (a decode error), whether
    // progenitor or our templates wrote the operation.
    let stub = Stub::start().await;
    stub.state.lock().token_answer = Some((200, "<html>maintenance</html>".to_owned()));
    let client = stub.client().build().expect("client");
    let progenitor = show_error(&client, "PP-D-1").await;
    let template = client
        .provide_evidence()
        .id("PP-D-1")
        .input(disputes_api::types::ProvideEvidenceInput::builder().evidences(vec![]))
        .send()
        .await
        .expect_err("no token");
    for error in [progenitor, template] {
        let Error::Auth { status, reason, .. } = &error else {
            panic!("expected Error::Auth, got {error:?}");
        };
        assert_eq!(status.as_u16(), 200);
        assert!(reason.contains("not an OAuth token"), "{reason}");
    }
    assert!(stub.calls().is_empty(), "no dispute call without a token");
}

#[tokio::test]
async fn missing_credentials_fail_at_build_time() {
    let error = disputes_api::Client::builder()
        .base_url("http://127.0.0.1:9")
        .credentials_from(|_| None)
        .build();
    // The process environment may hold real credentials; only a lookup that
    // finds nothing and no explicit credentials must fail.
    if std::env::var("PAYPAL_CLIENT_ID").is_err() {
        let error = error.expect_err("no credentials");
        assert!(error.to_string().contains("PAYPAL_CLIENT_ID"), "{error}");
    }
    let from_lookup = disputes_api::Client::builder()
        .base_url("http://127.0.0.1:9")
        .credentials_from(|name| match name {
            "PAYPAL_CLIENT_ID" => Some("id-from-env".to_owned()),
            "PAYPAL_CLIENT_SECRET" => Some("secret-from-env".to_owned()),
            _ => None,
        })
        .build()
        .expect("credentials from the lookup");
    assert!(format!("{from_lookup:?}").contains("id-from-env"));
}

#[tokio::test]
async fn environments_and_bad_base_urls() {
    use disputes_api::Environment;
    assert_eq!(
        Environment::Sandbox.base_url(),
        "https://api-m.sandbox.paypal.com"
    );
    assert_eq!(Environment::Live.base_url(), "https://api-m.paypal.com");
    assert_eq!(
        Environment::Custom("http://127.0.0.1:8080/".into()).base_url(),
        "http://127.0.0.1:8080"
    );
    let error = disputes_api::Client::builder()
        .base_url("localhost:8080")
        .credentials("id", "secret")
        .build()
        .expect_err("no scheme");
    assert!(error.to_string().contains("http"), "{error}");
}
