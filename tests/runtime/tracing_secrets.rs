//! Secrets and tracing, in a test binary of its own: tracing caches whether
//! a span is wanted when it is first seen, so a span first hit by a parallel
//! test without a subscriber would be missing from this test's capture.

// Only part of the stub is used here.
#[allow(dead_code)]
#[path = "stub.rs"]
mod stub;

use std::io::Write;
use std::sync::{Arc, Mutex};

use disputes_api::Error;

use stub::{SECRET, Scripted, Stub, paypal_error, show_error};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }
}

// A current-thread runtime keeps every task on this thread, inside the
// thread-local subscriber.
#[tokio::test(flavor = "current_thread")]
async fn secrets_never_appear_in_debug_errors_or_logs_and_spans_name_the_call() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let stub = Stub::start().await;
    stub.push(
        Scripted::status(
            503,
            paypal_error("SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE", "dbg-503"),
        )
        .header("paypal-debug-id", "dbg-503"),
    );
    stub.push(
        Scripted::status(
            422,
            paypal_error(
                "UNPROCESSABLE_ENTITY",
                "ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE",
                "dbg-422",
            ),
        )
        .header("paypal-debug-id", "dbg-422"),
    );
    let builder = stub.client();
    let builder_debug = format!("{builder:?}");
    let client = builder.build().expect("client");
    let error = show_error(&client, "PP-D-1").await;
    client
        .show_dispute_details()
        .id("PP-D-2")
        .send()
        .await
        .expect("ok");

    let bad = stub
        .client()
        .credentials("stub-client-id", "another-secret-value")
        .build()
        .expect("client");
    let auth_error: Error = bad
        .show_dispute_details()
        .id("PP-D-1")
        .send()
        .await
        .expect_err("bad secret");

    let token = "A21AA-token-1";
    let everything = [
        builder_debug,
        format!("{client:?}"),
        format!("{error:?}"),
        error.to_string(),
        format!("{auth_error:?}"),
        auth_error.to_string(),
        format!("{bad:?}"),
        logs.text(),
    ];
    // The secret as it travels: inside HTTP Basic's base64 of `id:secret`.
    use base64::Engine as _;
    let basic = [
        base64::engine::general_purpose::STANDARD.encode(format!("stub-client-id:{SECRET}")),
        base64::engine::general_purpose::STANDARD.encode("stub-client-id:another-secret-value"),
    ];
    for text in &everything {
        for encoded in &basic {
            assert!(
                !text.contains(encoded.as_str()),
                "the Basic credentials leaked: {text}"
            );
        }
        assert!(!text.contains(SECRET), "the client secret leaked: {text}");
        assert!(
            !text.contains("another-secret-value"),
            "the client secret leaked: {text}"
        );
        assert!(!text.contains(token), "the access token leaked: {text}");
    }
    let logs = logs.text();
    assert!(
        logs.contains("operation=\"show_dispute_details\""),
        "{logs}"
    );
    assert!(
        logs.contains("path=\"/v1/customer/disputes/PP-D-1\""),
        "{logs}"
    );
    assert!(logs.contains("method=GET"), "{logs}");
    assert!(logs.contains("elapsed_ms="), "{logs}");
    assert!(logs.contains("attempt=2"), "the retry is logged: {logs}");
    assert!(logs.contains("status=503"), "{logs}");
    assert!(
        logs.contains("debug_id=\"dbg-422\"") || logs.contains("debug_id=dbg-422"),
        "{logs}"
    );
}
