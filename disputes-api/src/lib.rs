//! Typed client for the PayPal Customer Disputes API (v1, spec 1.11).
//!
//! Everything under [`generated`] is produced by `cargo xtask codegen` from
//! `spec/disputes.openapi.json` (progenitor for most operations, the
//! project's own templates for multipart uploads and optional bodies); the
//! modules beside it are hand-written and small.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = disputes_api::Client::new("https://api-m.sandbox.paypal.com");
//! let page = client.list_disputes().page_size(10).send().await?;
//! for dispute in &page.items {
//!     println!("{:?}", dispute);
//! }
//! # Ok(())
//! # }
//! ```

#![deny(missing_docs)]

// Generated code documents what the spec documents; a field the spec leaves
// undescribed must not fail the build. progenitor's `Client::new` unwraps
// reqwest's builder, which fails only on TLS back-end misconfiguration.
// Formatted by prettyplease when generated; rustfmt would reformat it and
// make `cargo xtask codegen --check` see a stale file.
#[allow(missing_docs, clippy::unwrap_used)]
#[rustfmt::skip]
pub mod generated;
mod ids;
pub mod upload;

pub use generated::client::{Client, Error, ResponseValue, types};
pub use generated::enums;
