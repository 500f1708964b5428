//! Verify a dispute webhook offline and decode its event.
//!
//! `cargo run -p disputes-api --example verify_webhook -- WEBHOOK_ID cert.pem headers.json body.json`
//! where headers.json is an object of the delivery's `PAYPAL-*` headers and
//! cert.pem the certificate fetched from its `PAYPAL-CERT-URL`.

use disputes_api::webhooks::{WebhookVerifier, cert_url};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [webhook_id, cert, headers, body] = args.as_slice() else {
        return Err("usage: verify_webhook WEBHOOK_ID CERT_PEM HEADERS_JSON BODY".into());
    };
    let pem = std::fs::read_to_string(cert)?;
    let body = std::fs::read(body)?;
    let pairs: std::collections::BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(headers)?)?;
    let mut map = http::HeaderMap::new();
    for (name, value) in pairs {
        map.insert(
            http::HeaderName::from_bytes(name.to_lowercase().as_bytes())?,
            value.parse()?,
        );
    }
    println!("certificate from {}", cert_url(&map)?);
    let event = WebhookVerifier::new(webhook_id.as_str(), &pem)?.verify(&map, &body)?;
    println!(
        "{} {:?}: dispute {:?} is {:?}",
        event.id, event.event_type, event.resource.dispute_id, event.resource.status
    );
    Ok(())
}
