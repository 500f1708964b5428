use std::time::{Duration, Instant};

use disputes_api::{ActingFor, Error, RetryPolicy};

use tests::fast_retries;

use crate::stub::{CLIENT_ID, Scripted, Stub, offer, paypal_error, show_error};

/// Update dispute's body: replace the contact email.
fn email_patch() -> disputes_api::types::PatchRequest {
    serde_json::from_value(serde_json::json!([
        { "op": "replace", "path": "/communication_details/email", "value": "help@shop.example" }
    ]))
    .expect("a patch")
}

/// A client of a server that is not the stub (a closed port, a raw
/// socket), with three fast attempts.
fn client_of(addr: std::net::SocketAddr) -> disputes_api::Client {
    disputes_api::Client::builder()
        .base_url(format!("http://{addr}"))
        .credentials("id", "secret")
        .retry_policy(fast_retries(3))
        .build()
        .expect("client")
}

fn request_ids(stub: &Stub) -> Vec<String> {
    stub.calls()
        .iter()
        .map(|r| r.header("paypal-request-id").to_owned())
        .collect()
}

#[tokio::test]
async fn retryable_statuses_are_retried_with_the_same_request_id() {
    let stub = Stub::start().await;
    stub.push(Scripted::status(
        503,
        paypal_error("SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE", "d1"),
    ));
    stub.push(
        Scripted::status(
            429,
            paypal_error("RATE_LIMIT_REACHED", "RATE_LIMIT_REACHED", "d2"),
        )
        .header("retry-after", "0"),
    );
    stub.push(Scripted::status(
        500,
        paypal_error("INTERNAL_SERVER_ERROR", "INTERNAL_SERVICE_ERROR", "d3"),
    ));
    stub.push(Scripted::status(502, "<html>Bad Gateway</html>"));
    stub.push(Scripted::status(504, "<html>Gateway Timeout</html>"));
    let client = stub
        .client()
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(6)
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(2)),
        )
        .build()
        .expect("client");
    client
        .make_offer()
        .id("PP-D-1")
        .body(offer())
        .send()
        .await
        .expect("the sixth attempt succeeds");
    let ids = request_ids(&stub);
    assert_eq!(ids.len(), 6, "503, 429, 500, 502 and 504 were each retried");
    assert!(uuid_like(&ids[0]), "a UUID: {}", ids[0]);
    assert!(
        ids.iter().all(|id| *id == ids[0]),
        "one PayPal-Request-Id across retries: {ids:?}"
    );
}

fn uuid_like(id: &str) -> bool {
    id.len() == 36 && id.chars().filter(|c| *c == '-').count() == 4
}

#[tokio::test]
async fn every_call_gets_its_own_request_id_and_gets_none() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    for _ in 0..2 {
        client
            .make_offer()
            .id("PP-D-1")
            .body(offer())
            .send()
            .await
            .expect("offer");
    }
    client
        .show_dispute_details()
        .id("PP-D-1")
        .send()
        .await
        .expect("show");
    let ids = request_ids(&stub);
    assert!(
        uuid_like(&ids[0]) && uuid_like(&ids[1]) && ids[0] != ids[1],
        "{ids:?}"
    );
    assert_eq!(ids[2], "", "GET carries no PayPal-Request-Id");
}

#[tokio::test]
async fn a_caller_supplied_request_id_is_sent_and_kept_across_retries() {
    let stub = Stub::start().await;
    stub.push(Scripted::status(
        503,
        paypal_error("SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE", "d1"),
    ));
    let client = stub.client().build().expect("client");
    let pinned = client.with_request_id("order-42-offer").expect("valid id");
    pinned
        .make_offer()
        .id("PP-D-1")
        .body(offer())
        .send()
        .await
        .expect("offer");
    assert_eq!(request_ids(&stub), ["order-42-offer", "order-42-offer"]);
    assert!(client.with_request_id("bad\nid").is_err());
    assert_eq!(
        stub.token_requests(),
        1,
        "the pinned client shares the token"
    );
}

#[tokio::test]
async fn client_errors_other_than_401_and_429_are_never_retried() {
    for status in [400u16, 403, 404, 409, 422] {
        let stub = Stub::start().await;
        stub.push(Scripted::status(
            status,
            paypal_error(
                "UNPROCESSABLE_ENTITY",
                "ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE",
                "d",
            ),
        ));
        let client = stub.client().build().expect("client");
        let result = client.make_offer().id("PP-D-1").body(offer()).send().await;
        assert!(result.is_err(), "{status} is an error");
        assert_eq!(stub.calls().len(), 1, "{status} is not retried");
    }
}

#[tokio::test]
async fn retry_after_sets_the_least_wait() {
    let stub = Stub::start().await;
    stub.push(
        Scripted::status(
            429,
            paypal_error("RATE_LIMIT_REACHED", "RATE_LIMIT_REACHED", "d"),
        )
        .header("retry-after", "1"),
    );
    let client = stub.client().build().expect("client");
    let started = Instant::now();
    client
        .show_dispute_details()
        .id("PP-D-1")
        .send()
        .await
        .expect("second attempt");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(stub.calls().len(), 2);
}

#[tokio::test]
async fn retry_after_beyond_the_time_budget_returns_the_failure_at_once() {
    let stub = Stub::start().await;
    stub.push(
        Scripted::status(
            503,
            paypal_error("SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE", "d"),
        )
        .header("retry-after", "120"),
    );
    let client = stub
        .client()
        .retry_policy(RetryPolicy::default().max_elapsed(Duration::from_secs(10)))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = show_error(&client, "PP-D-1").await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(stub.calls().len(), 1);
}

#[tokio::test]
async fn retries_stop_at_the_attempt_limit() {
    let stub = Stub::start().await;
    for _ in 0..5 {
        stub.push(Scripted::status(
            500,
            paypal_error("INTERNAL_SERVER_ERROR", "INTERNAL_SERVICE_ERROR", "d"),
        ));
    }
    let client = stub
        .client()
        .retry_policy(fast_retries(3))
        .build()
        .expect("client");
    let error = show_error(&client, "PP-D-1").await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(stub.calls().len(), 3);

    let stub = Stub::start().await;
    stub.push(Scripted::status(
        503,
        paypal_error("SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE", "d"),
    ));
    let client = stub
        .client()
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client");
    assert!(
        client
            .show_dispute_details()
            .id("PP-D-1")
            .send()
            .await
            .is_err()
    );
    assert_eq!(stub.calls().len(), 1, "disabled: one attempt");
}

#[tokio::test]
async fn timeouts_are_retried() {
    let stub = Stub::start().await;
    stub.push(Scripted::status(200, "{}").delay(Duration::from_secs(2)));
    let client = stub
        .client()
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let dispute = client
        .show_dispute_details()
        .id("PP-D-7")
        .send()
        .await
        .expect("retry succeeds");
    assert_eq!(
        dispute.dispute_id.as_ref().map(|id| id.as_str()),
        Some("PP-D-7")
    );
    assert_eq!(stub.calls().len(), 2);
}

#[tokio::test]
async fn connection_failures_are_retried_then_reported() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let client = client_of(addr);
    let error = show_error(&client, "PP-D-1").await;
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("the connection to PayPal failed"),
        "{error}"
    );
}

#[tokio::test]
async fn partner_headers_and_user_agent_are_sent() {
    let stub = Stub::start().await;
    let client = stub
        .client()
        .acting_for(ActingFor::PayerId("MERCHANT123".to_owned()))
        .partner_attribution_id("BN-CODE-1")
        .user_agent("merchant-app/2.0")
        .build()
        .expect("client");
    client
        .show_dispute_details()
        .id("PP-D-1")
        .send()
        .await
        .expect("call");
    let call = &stub.calls()[0];
    assert_eq!(call.header("paypal-partner-attribution-id"), "BN-CODE-1");
    assert_eq!(call.header("user-agent"), "merchant-app/2.0");
    assert_eq!(
        assertion_claims(call.header("paypal-auth-assertion")),
        serde_json::json!({ "iss": CLIENT_ID, "payer_id": "MERCHANT123" })
    );
}

/// The claims of an unsigned `PayPal-Auth-Assertion` (a JWT with
/// `alg: none` and an empty signature), checking its header and signature.
fn assertion_claims(assertion: &str) -> serde_json::Value {
    use base64::Engine as _;
    let parts: Vec<&str> = assertion.split('.').collect();
    assert_eq!(parts.len(), 3, "header.claims.signature: {assertion}");
    assert_eq!(parts[2], "", "unsigned");
    let decode = |part: &str| -> serde_json::Value {
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(part)
                .expect("base64url"),
        )
        .expect("json")
    };
    assert_eq!(decode(parts[0]), serde_json::json!({ "alg": "none" }));
    decode(parts[1])
}

/// PayPal documents every header the client sends; progenitor's
/// `api-version` header (which PayPal does not) is taken out at generation.
#[tokio::test]
async fn requests_carry_only_headers_paypal_documents() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    client
        .show_dispute_details()
        .id("PP-D-1")
        .send()
        .await
        .expect("get");
    client
        .make_offer()
        .id("PP-D-1")
        .body(offer())
        .send()
        .await
        .expect("post");
    let calls = stub.calls();
    assert_eq!(calls.len(), 2, "{calls:?}");
    let names = |i: usize| -> Vec<String> {
        let mut names: Vec<String> = calls[i].headers.keys().map(|k| k.to_string()).collect();
        names.sort();
        names
    };
    assert_eq!(names(0), ["accept", "authorization", "host", "user-agent"]);
    assert_eq!(
        names(1),
        [
            "accept",
            "authorization",
            "content-length",
            "content-type",
            "host",
            "paypal-request-id",
            "user-agent"
        ]
    );
}

/// A connection that opens and closes without an answer is a transport
/// failure: retried up to the attempt limit, each attempt a new connection.
#[tokio::test]
async fn dropped_connections_are_retried_up_to_the_attempt_limit() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    let server = tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    let client = client_of(addr);
    let error = show_error(&client, "PP-D-1").await;
    server.abort();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        3,
        "three attempts (of the token request, the first call of a cold client)"
    );
}

/// PayPal documents no `PayPal-Request-Id` for PATCH (update dispute): a
/// PATCH is sent again after a 429 (not processed) but not after a 503,
/// which may come after the change was applied.
#[tokio::test]
async fn a_patch_is_sent_again_only_when_it_surely_was_not_applied() {
    let stub = Stub::start().await;
    stub.push(
        Scripted::status(
            429,
            paypal_error("RATE_LIMIT_REACHED", "RATE_LIMIT_REACHED", "p1"),
        )
        .header("retry-after", "0"),
    );
    stub.push(Scripted::status(
        503,
        paypal_error("SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE", "p2"),
    ));
    let client = stub.client().build().expect("client");
    let patch = email_patch();
    let error = client
        .update_dispute()
        .id("PP-D-1")
        .body(patch)
        .send()
        .await
        .expect_err("the 503 is returned");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error}");
    let patches = stub
        .calls()
        .iter()
        .filter(|c| c.method == axum::http::Method::PATCH)
        .count();
    assert_eq!(patches, 2, "the 429 was retried, the 503 was not");
    assert!(
        request_ids(&stub).iter().all(String::is_empty),
        "no request ID on a PATCH"
    );
}

/// The other form of PayPal's auth assertion: the merchant by email.
#[tokio::test]
async fn acting_for_a_merchant_by_email_sends_an_unsigned_assertion_naming_the_email() {
    let stub = Stub::start().await;
    let client = stub
        .client()
        .acting_for(ActingFor::Email("merchant@shop.example".to_owned()))
        .build()
        .expect("client");
    client
        .show_dispute_details()
        .id("PP-D-1")
        .send()
        .await
        .expect("call");
    assert_eq!(
        assertion_claims(stub.calls()[0].header("paypal-auth-assertion")),
        serde_json::json!({ "iss": CLIENT_ID, "email": "merchant@shop.example" })
    );
}

/// How the raw server fails the first dispute requests.
#[derive(Clone, Copy)]
enum Cut {
    /// Closes the connection halfway through the body of the first answer.
    MidBody,
    /// Closes the connection without an answer, this many times.
    BeforeAnswer(usize),
}

/// An HTTP/1.1 server of raw sockets, for what axum will not do: answer
/// the token request, fail the first dispute requests as `cut` says, then
/// answer in full. Returns its address and the number of dispute requests
/// it saw.
async fn cutting_server(
    cut: Cut,
) -> (
    std::net::SocketAddr,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let disputes = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&disputes);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let seen = Arc::clone(&seen);
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&request).into_owned();
                let body = if head.starts_with("POST /v1/oauth2/token") {
                    r#"{"access_token":"cut-token","token_type":"Bearer","expires_in":32400}"#
                        .to_owned()
                } else {
                    let n = seen.fetch_add(1, Ordering::SeqCst);
                    let dispute = r#"{"dispute_id":"PP-D-9","status":"UNDER_REVIEW"}"#;
                    if let Cut::BeforeAnswer(times) = cut
                        && n < times
                    {
                        return; // closed with no answer
                    }
                    if matches!(cut, Cut::MidBody) && n == 0 {
                        let cut = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{}",
                            dispute.len(),
                            &dispute[..dispute.len() / 2]
                        );
                        let _ = socket.write_all(cut.as_bytes()).await;
                        return; // the connection closes mid-body
                    }
                    dispute.to_owned()
                };
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    (addr, disputes)
}

/// A connection that drops in the middle of a success body is a transport
/// error the caller sees at once: the body is read after the retry loop
/// (reading it inside cost 3% per call in the overhead benchmark; README,
/// "Retries"). For a POST, repeating the call through `with_request_id`
/// with the same ID is safe.
#[tokio::test]
async fn a_body_cut_off_midway_is_a_transport_error_after_one_attempt() {
    let (addr, disputes) = cutting_server(Cut::MidBody).await;
    let client = client_of(addr);
    let error = show_error(&client, "PP-D-9").await;
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("the connection to PayPal failed"),
        "{error}"
    );
    assert_eq!(disputes.load(std::sync::atomic::Ordering::SeqCst), 1);
    // The next call reads the whole answer.
    client
        .show_dispute_details()
        .id("PP-D-9")
        .send()
        .await
        .expect("the second call");
}

/// A connection closed before any answer: a GET is sent again up to the
/// attempt limit; a PATCH (no request ID) is not, since it may have been
/// applied. The token is fetched first, so only dispute calls are cut.
#[tokio::test]
async fn a_connection_closed_without_an_answer_is_retried_for_a_get_not_a_patch() {
    let (addr, disputes) = cutting_server(Cut::BeforeAnswer(2)).await;
    let client = client_of(addr);
    client
        .show_dispute_details()
        .id("PP-D-9")
        .send()
        .await
        .expect("the third attempt is answered");
    assert_eq!(disputes.load(std::sync::atomic::Ordering::SeqCst), 3);

    let (addr, disputes) = cutting_server(Cut::BeforeAnswer(1)).await;
    let client = client_of(addr);
    let patch = email_patch();
    let error = client
        .update_dispute()
        .id("PP-D-9")
        .body(patch)
        .send()
        .await
        .expect_err("not sent again");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(disputes.load(std::sync::atomic::Ordering::SeqCst), 1);
}
