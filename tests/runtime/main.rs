//! The disputes-api runtime through its public API, against a local stub of
//! PayPal on 127.0.0.1: OAuth2, retries and idempotency, errors,
//! pagination, uploads, secrets and tracing.

mod stub;

mod auth;
mod errors;
mod pagination;
mod retries;
mod uploads;
mod webhooks;
