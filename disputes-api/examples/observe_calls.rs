//! Watch what the client does: one `paypal.request` span per call
//! (operation, method, path, request ID, attempt, status, debug ID, elapsed
//! milliseconds), a warning per retry. Secrets never appear in them.
//!
//! `cargo run -p disputes-api --example observe_calls -- PP-D-27803`
//! (`PAYPAL_BASE_URL=http://127.0.0.1:8080` points it at a local sandbox.)

use disputes_api::{Client, Environment};
use tracing_subscriber::fmt::format::FmtSpan;

#[tokio::main]
async fn main() -> Result<(), disputes_api::Error> {
    // Print each span with its fields when it closes, so a call's status,
    // attempt count and elapsed time appear on one line.
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .init();
    let id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "PP-D-27803".to_owned());
    let environment = match std::env::var("PAYPAL_BASE_URL") {
        Ok(url) => Environment::Custom(url),
        Err(_) => Environment::Sandbox,
    };
    let client = Client::builder().environment(environment).build()?;
    match client.show_dispute_details().id(id.as_str()).send().await {
        Ok(dispute) => tracing::info!(status = ?dispute.status, "dispute shown"),
        // The error's debug ID is also on the span, for PayPal support.
        Err(e) => tracing::error!(debug_id = e.debug_id(), "{e}"),
    }
    Ok(())
}
