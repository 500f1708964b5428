//! Sandbox-only calls, outside PayPal's API: the counters tests and load
//! scripts read to check what was applied, and creating a dispute in a
//! chosen state (seed 003: "In the sandbox, you can create a dispute").

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;

use crate::domain::model::Party;
use crate::domain::scenario::Scenario;
use crate::domain::seed;
use crate::http::app::{Shared, base_url};
use crate::http::render;
use crate::state::change::Change;
use crate::state::persist;

/// `GET /sandbox/counters`.
pub async fn counters(State(app): State<Shared>) -> Response {
    Json(app.counters()).into_response()
}

/// `POST /sandbox/disputes` with `{"status": .., "stage": .., "reason": ..}`
/// (PayPal's names): a new dispute in that state, answered 201 with the
/// dispute as the merchant sees it. Written to the state file before it
/// exists, as every change is.
pub async fn create(
    State(app): State<Shared>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let scenario: Scenario = match serde_json::from_slice(&body) {
        Ok(scenario) => scenario,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                Json(serde_json::json!({
                    "name": "INVALID_REQUEST",
                    "message": format!("the body is not a scenario ({e}); send {{\"status\": \"WAITING_FOR_SELLER_RESPONSE\", \"stage\": \"INQUIRY\", \"reason\": \"MERCHANDISE_OR_SERVICE_NOT_RECEIVED\"}} with PayPal's names"),
                })),
            )
                .into_response();
        }
    };
    let _turn = app.changes.lock().await;
    let index = app.read().len();
    let dispute = seed::scenario(app.config.seed, index, Utc::now(), scenario);
    let change = Change {
        dispute: Some(dispute.clone()),
        ..Change::default()
    };
    if let Some(persister) = &app.persister {
        let bytes = persist::encode_with(&app.read(), Some(&change));
        if let Err(error) = persister.write(bytes).await {
            tracing::error!(%error, "the state file was not written; the dispute is not created");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    app.write().commit(change);
    let base = base_url(&headers, app.local);
    (
        StatusCode::CREATED,
        Json(render::details(&base, &dispute, Party::Seller)),
    )
        .into_response()
}
