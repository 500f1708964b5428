//! Typed client for the PayPal Customer Disputes API (v1, spec 1.11).
//!
//! A merchant works a dispute in the order of PayPal's integration guide:
//! gather what the customer claims, answer in the inquiry stage, argue the
//! claim if PayPal opens one, and, in the sandbox, settle it to test the end.
//! This page walks that life; every operation's own page has a compiled
//! example.
//!
//! # Before the first call
//!
//! Create a REST app in PayPal's developer dashboard and give its client ID
//! and secret to the builder (or set `PAYPAL_CLIENT_ID` and
//! `PAYPAL_CLIENT_SECRET`). The client gets and renews the OAuth2 access
//! token itself, once for all its clones; a refused secret is
//! [`Error::Auth`]. Retries of failed calls ([`RetryPolicy`]) and the
//! `PayPal-Request-Id` that makes a repeated action safe are built in. To
//! act for another merchant as a partner, see [`ActingFor`].
//!
//! ```no_run
//! use disputes_api::{Client, Environment};
//!
//! # fn run(client_id: &str, client_secret: &str) -> Result<(), disputes_api::Error> {
//! // From your secret store; without `.credentials`, the builder reads
//! // PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET.
//! let client = Client::builder()
//!     .environment(Environment::Sandbox)
//!     .credentials(client_id, client_secret)
//!     .build()?;
//! # Ok(())
//! # }
//! ```
//!
//! # 1. Gather
//!
//! At any stage: [`Client::disputes`] streams every dispute a filter
//! selects (the pages of [`Client::list_disputes`] followed for you), and
//! [`Client::show_dispute_details`] shows one in full. Read two things on
//! it before acting: `status` and `dispute_life_cycle_stage` say where it
//! is, and **`links` say what PayPal allows now** (rel `make_offer`,
//! `accept_claim`, `provide_evidence`, `appeal`, ...); an action whose link
//! is absent will be refused ([`Dispute::allowed_actions`](types::Dispute::allowed_actions)).
//! [`RespondBy::respond_by`] is the deadline, and
//! [`deadlines::sort_by_deadline`] orders a list by it.
//! When a customer sends an item back, [`Client::acknowledge_returned_item`]
//! says whether it arrived; until the merchant gives `PROOF_OF_RETURN`
//! evidence the dispute waits for the merchant.
//!
//! ```no_run
//! use disputes_api::{DisputeFilter, RespondBy as _};
//! use futures_util::TryStreamExt as _;
//!
//! # async fn run(client: disputes_api::Client) -> Result<(), disputes_api::Error> {
//! let mut waiting = client.disputes(DisputeFilter::new().dispute_state("REQUIRED_ACTION"))?;
//! while let Some(summary) = waiting.try_next().await? {
//!     let Some(id) = summary.dispute_id else { continue };
//!     let dispute = client.show_dispute_details().id(id).send().await?;
//!     let allowed = dispute.allowed_actions();
//!     println!("{:?} due {:?}: {allowed}", dispute.status, dispute.respond_by());
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # 2. Inquiry
//!
//! While the status is `INQUIRY`, the two parties talk before PayPal
//! decides: [`Client::send_message`] (with a document if useful),
//! [`Client::make_offer`] (a refund, a refund with return to an address, a
//! refund with replacement, or a replacement alone; the customer answers
//! with [`Client::accept_offer`] or [`Client::deny_offer`]), and, for the
//! customer, [`Client::escalate_dispute`] to a claim (sandbox only today).
//!
//! # 3. Claim
//!
//! Once PayPal holds a claim, the merchant either argues it or gives in.
//! [`Client::provide_evidence`] sends evidence while the status is
//! `WAITING_FOR_SELLER_RESPONSE`: each dispute reason wants certain
//! evidence (proof of fulfillment with a carrier and tracking number, proof
//! of refund with refund IDs, or notes and documents). Files are JPG, GIF,
//! PNG or PDF; the client checks them against [`UploadLimits`] before
//! sending, as [`UploadError`]. [`Client::accept_claim`] closes the dispute
//! in the customer's favour and refunds them. A dispute lost can be
//! appealed with new evidence, [`Client::appeal_dispute`], only while its
//! `appeal` link is present. PayPal may ask for more with
//! [`Client::provide_supporting_info`].
//!
//! # 4. Settlement (sandbox)
//!
//! In production a PayPal agent decides. To test the end of an
//! integration, the sandbox lets you do it: [`Client::update_dispute_status`]
//! moves a dispute to waiting for evidence, [`Client::settle_dispute`]
//! decides it for either party.
//!
//! # When PayPal refuses
//!
//! Every operation returns this crate's [`Error`]. The one a merchant meets
//! most is HTTP 422 with the issue `ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE`:
//! the action is not allowed in the dispute's state (its link is absent).
//! Read the dispute again and act on its `links`
//! ([`Dispute::allowed_actions`](types::Dispute::allowed_actions)). Why a
//! call was refused is typed: [`Error::refusal`] gives PayPal's issue as an
//! [`Issue`] of a [`RefusalKind`] (state, permission, file, amount, ...),
//! with [`Error::is_not_allowed_in_state`] for the common case. PayPal's error body is
//! kept whole in [`ApiError`] (name, issue, field, debug ID); quote
//! [`Error::debug_id`] to PayPal support. A failure whose body is not
//! PayPal's is [`Error::Http`], a success body that does not match the spec
//! [`Error::Decode`].
//!
//! ```no_run
//! use disputes_api::types::{MakeOfferRequest, MakeOfferRequestOfferType};
//!
//! # async fn run(client: disputes_api::Client) -> Result<(), disputes_api::Error> {
//! let offer = MakeOfferRequest::builder()
//!     .offer_type(MakeOfferRequestOfferType::ReplacementWithoutRefund)
//!     .note("We will send a new one today.".to_owned());
//! match client.make_offer().id("PP-D-27803").body(offer).send().await {
//!     Ok(_) => println!("offer sent"),
//!     Err(e) if e.is_not_allowed_in_state() => {
//!         let dispute = client.show_dispute_details().id("PP-D-27803").send().await?;
//!         println!("not now; PayPal allows {}", dispute.allowed_actions());
//!     }
//!     Err(e) => return Err(e),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # What is here
//!
//! Everything under [`generated`] is produced by `cargo xtask codegen` from
//! `spec/disputes.openapi.json` (progenitor for most operations, the
//! project's own templates for multipart uploads and optional bodies); the
//! modules beside it are the hand-written runtime: configuration
//! ([`config`]), OAuth2 tokens (`auth`), retries ([`retry`]), errors
//! ([`error`]), pagination ([`pagination`]), upload checks ([`upload`]),
//! webhook events ([`webhooks`]).

#![deny(missing_docs)]

// Generated code documents what the spec documents; a field the spec leaves
// undescribed must not fail the build. progenitor's `Client::new` unwraps
// reqwest's builder, which fails only on TLS back-end misconfiguration.
// Formatted by prettyplease when generated; rustfmt would reformat it and
// make `cargo xtask codegen --check` see a stale file.
#[allow(missing_docs, clippy::unwrap_used)]
#[rustfmt::skip]
pub mod generated;

pub mod actions;
mod auth;
pub mod config;
pub mod deadlines;
mod decode;
pub mod error;
mod evidence;
mod headers;
mod hooks;
mod ids;
pub mod pagination;
pub mod refusal;
pub mod retry;
pub mod runtime;
pub mod upload;
pub mod webhooks;

pub use actions::{Action, AllowedActions, NotAllowed};
pub use config::{ActingFor, ClientBuilder, Environment};
pub use deadlines::{RespondBy, Side};
pub use error::{ApiError, Error, Result};
pub use generated::client::{Client, ResponseValue, types};
pub use generated::enums;
pub use pagination::DisputeFilter;
pub use refusal::{Issue, RefusalKind};
pub use retry::RetryPolicy;
pub use upload::{FilePart, UploadError, UploadLimits};
