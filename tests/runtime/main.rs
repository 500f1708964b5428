//! The disputes-api runtime through its public API, against the sandbox
//! where it can serve (`on_sandbox`) and a minimal scripted stub for the
//! rest (`stub`, which says what that is), both on 127.0.0.1: OAuth2,
//! retries and idempotency, errors, pagination, uploads, secrets and
//! tracing.

mod stub;

mod auth;
mod errors;
mod on_sandbox;
mod pagination;
mod retries;
mod uploads;
mod webhooks;
