//! Sandbox-only read-outs, outside PayPal's API: the counters tests and
//! load scripts read to check what was applied.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::http::app::Shared;

/// `GET /sandbox/counters`.
pub async fn counters(State(app): State<Shared>) -> Response {
    Json(app.counters()).into_response()
}
