//! Tell PayPal's refusals apart: a 422 for an action the dispute's state
//! does not allow, a 404, bad credentials, a network failure.
//!
//! `cargo run -p disputes-api --example handle_errors -- PP-D-27803`

use disputes_api::types::{MakeOfferRequest, MakeOfferRequestOfferType, Money};
use disputes_api::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "PP-D-27803".to_owned());
    let client = Client::builder().build()?;
    // The generated types are `#[non_exhaustive]`: build them with their
    // builders, which check the required members.
    let offer: MakeOfferRequest = MakeOfferRequest::builder()
        .note("Partial refund, keep the item.")
        .offer_type(MakeOfferRequestOfferType::Refund)
        .offer_amount(Money::try_from(
            Money::builder().currency_code("USD").value("5.00"),
        )?)
        .try_into()?;
    let result = client.make_offer().id(id.as_str()).body(offer).send().await;
    match result {
        Ok(answer) => println!("offer made: {:?}", answer.links),
        Err(e) if e.issue() == Some("ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE") => {
            println!("offers are possible only in the inquiry stage: {e}")
        }
        Err(e) if e.status().map(|s| s.as_u16()) == Some(404) => println!("no dispute {id}"),
        Err(Error::Auth { .. }) => println!("check PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET"),
        // After the retries: the offer may or may not have been made. Repeat
        // it through `client.with_request_id(..)` with one stored ID to know.
        Err(Error::Transport(e)) => println!("no answer from PayPal after retries: {e}"),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
