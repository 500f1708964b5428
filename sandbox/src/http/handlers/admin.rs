//! Sandbox-only calls, outside PayPal's API: the counters tests and load
//! scripts read to check what was applied, creating a dispute in a
//! chosen state (seed 003: "In the sandbox, you can create a dispute"),
//! and the sandbox clock, which a test advances to make deadlines pass.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::domain::model::Party;
use crate::domain::scenario::Scenario;
use crate::domain::seed;
use crate::http::app::AdvanceError;
use crate::http::app::{Shared, base_url};
use crate::http::render;
use crate::state::change::Change;

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
    let (index, now) = {
        let world = app.read();
        (world.len(), world.now())
    };
    let dispute = seed::scenario(app.config.seed, index, now, scenario);
    let change = Change {
        disputes: vec![dispute.clone()],
        ..Change::default()
    };
    if let Err(error) = app.commit_durably(change).await {
        tracing::error!(%error, "the state file was not written; the dispute is not created");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let base = base_url(&headers, app.local);
    (
        StatusCode::CREATED,
        Json(render::details(&base, &dispute, Party::Seller)),
    )
        .into_response()
}

/// What `/sandbox/clock` answers: the sandbox's time, and whether only
/// advances move it.
#[derive(Debug, serde::Serialize)]
struct ClockView {
    now: chrono::DateTime<chrono::Utc>,
    frozen: bool,
}

fn clock_view(app: &Shared) -> Response {
    let world = app.read();
    Json(ClockView {
        now: world.now(),
        frozen: world.clock.is_frozen(),
    })
    .into_response()
}

/// `GET /sandbox/clock`: `{"now": .., "frozen": ..}`.
pub async fn clock(State(app): State<Shared>) -> Response {
    clock_view(&app)
}

/// The body of `POST /sandbox/clock`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    /// Whole seconds to move the clock on by.
    advance_seconds: u64,
}

/// A sandbox-only refusal: PayPal's error shape, with what to send.
fn bad_request(message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(serde_json::json!({ "name": "INVALID_REQUEST", "message": message })),
    )
        .into_response()
}

/// `POST /sandbox/clock` with `{"advance_seconds": N}`: moves the clock N
/// seconds on, and whatever fell due by then happens (in the state file
/// before it is visible). Answers the new time as `GET` does.
pub async fn advance_clock(State(app): State<Shared>, body: axum::body::Bytes) -> Response {
    let advance: Advance = match serde_json::from_slice(&body) {
        Ok(advance) => advance,
        Err(e) => {
            return bad_request(format!(
                "the body is not a clock advance ({e}); send {{\"advance_seconds\": 259200}} for three days"
            ));
        }
    };
    match app
        .advance_clock(std::time::Duration::from_secs(advance.advance_seconds))
        .await
    {
        Ok(_) => clock_view(&app),
        Err(AdvanceError::Step(e)) => bad_request(e.to_string()),
        Err(AdvanceError::State(error)) => {
            tracing::error!(%error, "the state file was not written; the clock did not move");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
