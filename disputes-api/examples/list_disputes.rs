//! Every dispute that needs your action, streamed page by page.
//!
//! `cargo run -p disputes-api --example list_disputes`

use disputes_api::enums::DisputeState;
use disputes_api::{Client, DisputeFilter};
use futures_util::TryStreamExt as _;

#[tokio::main]
async fn main() -> Result<(), disputes_api::Error> {
    let client = Client::builder().build()?;
    let filter = DisputeFilter::new()
        .dispute_state(DisputeState::RequiredAction)
        .page_size(50);
    let mut disputes = client.disputes(filter)?;
    let mut count = 0;
    while let Some(dispute) = disputes.try_next().await? {
        count += 1;
        println!(
            "{:?} {:?} due {:?}",
            dispute.dispute_id, dispute.reason, dispute.seller_response_due_date
        );
    }
    println!("{count} disputes need action");
    Ok(())
}
