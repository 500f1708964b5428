//! Upload proof of fulfilment with files. Files are checked (type by
//! content, size, note length) before anything is sent.
//!
//! `cargo run -p disputes-api --example provide_evidence -- PP-D-27803 receipt.pdf photo.png`

use disputes_api::types::{EvidenceInput, ProvideEvidenceInput, TrackingInfoInputCarrierName};
use disputes_api::{Client, Error, FilePart, UploadError};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let id = args
        .next()
        .ok_or("usage: provide_evidence DISPUTE_ID FILE...")?;
    let client = Client::builder().build()?;
    let input = ProvideEvidenceInput::from(
        EvidenceInput::proof_of_fulfillment(
            TrackingInfoInputCarrierName::Ups,
            "1Z999AA10123456784",
        )
        .with_notes("Delivered and signed for."),
    );
    let mut call = client.provide_evidence().id(id.as_str()).input(input);
    for path in args {
        call = call.evidence_file(FilePart::from_path(&path)?);
    }
    match call.send().await {
        Ok(answer) => println!("sent; next: {:?}", answer.links),
        Err(Error::Upload(UploadError::FileTooLarge { file, limit, .. })) => {
            eprintln!("{file} is too large (limit {limit} bytes); split or compress it")
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
