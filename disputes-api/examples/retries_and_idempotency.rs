//! Tune retries, and make a POST safe to repeat across process restarts by
//! pinning its PayPal-Request-Id to an ID you store.
//!
//! `cargo run -p disputes-api --example retries_and_idempotency -- PP-D-27803`

use std::time::Duration;

use disputes_api::types::AcceptClaimInput;
use disputes_api::{Client, RetryPolicy};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "PP-D-27803".to_owned());
    let client = Client::builder()
        .timeout(Duration::from_secs(20))
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(6)
                .initial_backoff(Duration::from_millis(500))
                .max_elapsed(Duration::from_secs(120)),
        )
        .build()?;
    // Store this with your own record of the action before sending; send
    // it again after a crash and PayPal applies the action once.
    let request_id = format!("accept-claim-{id}");
    let input = AcceptClaimInput::builder().note("Refunding in full.".to_owned());
    let answer = client
        .with_request_id(&request_id)?
        .accept_claim()
        .id(id.as_str())
        .input(input)
        .send()
        .await?;
    println!("accepted: {:?}", answer.links);
    Ok(())
}
