//! The morning triage: every dispute that waits for the merchant, soonest
//! deadline first, with what PayPal allows on each now.
//!
//! `cargo run -p disputes-api --example triage` (sandbox; `-- --live` for
//! live), with PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET set.

use chrono::{DateTime, Utc};
use disputes_api::deadlines::sort_by_deadline;
use disputes_api::enums::{DisputeState, DisputeStatus};
use disputes_api::{AllowedActions, Client, DisputeFilter, Environment, Error, RespondBy, Side};
use futures_util::TryStreamExt as _;

/// One dispute to work on.
pub struct Line {
    /// PayPal's ID of the dispute.
    pub id: String,
    /// Where it is.
    pub status: Option<DisputeStatus>,
    /// The merchant's deadline.
    pub respond_by: Option<DateTime<Utc>>,
    /// What may be done now.
    pub allowed: AllowedActions,
}

/// The disputes that need the merchant's action, soonest deadline first.
/// The list's entries carry no action links, so each dispute is read in
/// full for them.
pub async fn triage(client: &Client) -> Result<Vec<Line>, Error> {
    let filter = DisputeFilter::new().dispute_state(DisputeState::RequiredAction);
    let mut waiting: Vec<_> = client.disputes(filter)?.try_collect().await?;
    sort_by_deadline(&mut waiting, Side::Merchant);
    let mut lines = Vec::with_capacity(waiting.len());
    for summary in waiting {
        let Some(id) = summary.dispute_id.clone() else {
            continue;
        };
        let dispute = client.show_dispute_details().id(id.clone()).send().await?;
        lines.push(Line {
            id: id.to_string(),
            status: dispute.status.clone(),
            respond_by: summary.respond_by(),
            allowed: dispute.allowed_actions(),
        });
    }
    Ok(lines)
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let environment = if std::env::args().any(|a| a == "--live") {
        Environment::Live
    } else {
        Environment::Sandbox
    };
    let client = Client::builder().environment(environment).build()?;
    for line in triage(&client).await? {
        let due = line.respond_by.map_or_else(
            || "no deadline".to_owned(),
            |d| d.format("%Y-%m-%d %H:%M UTC").to_string(),
        );
        println!("{}  {due}  {:?}  {}", line.id, line.status, line.allowed);
    }
    Ok(())
}
