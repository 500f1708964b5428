//! Typed client for the PayPal Customer Disputes API (v1, spec 1.11).
//!
//! Everything under [`generated`] is produced by `cargo xtask codegen` from
//! `spec/disputes.openapi.json` (progenitor for most operations, the
//! project's own templates for multipart uploads and optional bodies); the
//! modules beside it are the hand-written runtime: configuration
//! ([`config`]), OAuth2 tokens (`auth`), retries ([`retry`]), errors
//! ([`error`]), pagination ([`pagination`]), upload checks ([`upload`]).
//!
//! ```no_run
//! use disputes_api::{Client, Environment};
//! use futures_util::TryStreamExt as _;
//!
//! # async fn run() -> Result<(), disputes_api::Error> {
//! // Credentials from PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET.
//! let client = Client::builder().environment(Environment::Sandbox).build()?;
//! let dispute = client.show_dispute_details().id("PP-D-27803").send().await?;
//! println!("{:?} {:?}", dispute.dispute_id, dispute.status);
//!
//! let mut open = client.disputes(disputes_api::DisputeFilter::new().dispute_state("REQUIRED_ACTION"))?;
//! while let Some(summary) = open.try_next().await? {
//!     println!("{:?}", summary.dispute_id);
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

mod auth;
pub mod config;
mod decode;
pub mod error;
mod headers;
mod hooks;
mod ids;
pub mod pagination;
pub mod retry;
pub mod runtime;
pub mod upload;
pub mod webhooks;

pub use config::{ActingFor, ClientBuilder, Environment};
pub use error::{ApiError, Error, Result};
pub use generated::client::{Client, ResponseValue, types};
pub use generated::enums;
pub use pagination::DisputeFilter;
pub use retry::RetryPolicy;
pub use upload::{FilePart, UploadError, UploadLimits};
