//! Act for a merchant as a PayPal partner: the PayPal-Auth-Assertion names
//! the merchant, the attribution ID credits your integration.
//!
//! `cargo run -p disputes-api --example partner -- MERCHANT_PAYER_ID`

use disputes_api::{ActingFor, Client, DisputeFilter, Environment};
use futures_util::TryStreamExt as _;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let merchant = std::env::args()
        .nth(1)
        .ok_or("usage: partner MERCHANT_PAYER_ID")?;
    let client = Client::builder()
        .environment(Environment::Sandbox)
        .acting_for(ActingFor::PayerId(merchant))
        .partner_attribution_id("EXAMPLE_SP_BN_CODE")
        .build()?;
    let disputes: Vec<_> = client
        .disputes(DisputeFilter::new().page_size(10))?
        .try_collect()
        .await?;
    println!("the merchant has {} disputes", disputes.len());
    Ok(())
}
