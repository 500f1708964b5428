//! Show one dispute. Credentials come from PAYPAL_CLIENT_ID and
//! PAYPAL_CLIENT_SECRET; the sandbox is the default environment.
//!
//! `cargo run -p disputes-api --example quick_start -- PP-D-27803`
//! (`PAYPAL_BASE_URL=http://127.0.0.1:8080` points it at a local sandbox.)

use disputes_api::{Client, Environment};

#[tokio::main]
async fn main() -> Result<(), disputes_api::Error> {
    let id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "PP-D-27803".to_owned());
    let environment = match std::env::var("PAYPAL_BASE_URL") {
        Ok(url) => Environment::Custom(url),
        Err(_) => Environment::Sandbox,
    };
    let client = Client::builder().environment(environment).build()?;
    let dispute = client.show_dispute_details().id(id.as_str()).send().await?;
    println!(
        "{} {:?} {:?}: {:?}",
        id, dispute.status, dispute.dispute_life_cycle_stage, dispute.dispute_amount
    );
    for link in &dispute.links {
        println!("  can {} ({:?} {})", link.rel, link.method, link.href);
    }
    Ok(())
}
