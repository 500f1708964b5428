//! The pipeline every action goes through: read and parse the body, look
//! up its `PayPal-Request-Id`, apply the command to a copy of the dispute,
//! write the state file as it will be, then commit the change and its
//! stored answer together. A failed write commits nothing.

use axum::extract::Request as HttpRequest;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::domain::error::{ApiError, Detail, Issue, new_debug_id};
use crate::domain::transitions::{self, Command, Completion};
use crate::http::app::{Shared, base_url};
use crate::http::auth::Caller;
use crate::http::handlers::body::{self, Parsed};
use crate::http::handlers::endpoint::{Endpoint, Success};
use crate::http::render;
use crate::state::change::Change;
use crate::state::idempotency::{self, Lookup, Record, StoredResponse};
use crate::state::store::World;

/// The `PayPal-Request-Id`, if sent: 1 to 108 visible characters, as the
/// client allows.
fn request_id(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get("paypal-request-id") else {
        return Ok(None);
    };
    match value.to_str() {
        Ok(id) if !id.is_empty() && id.len() <= 108 => Ok(Some(id.to_owned())),
        _ => Err(ApiError::invalid_request(vec![Detail {
            field: Some("PayPal-Request-Id".to_owned()),
            ..Detail::new(
                Issue::InvalidParameterValue,
                "A PayPal-Request-Id has 1 to 108 visible ASCII characters.",
            )
        }])),
    }
}

impl IntoResponse for StoredResponse {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = if self.body.is_empty() {
            status.into_response()
        } else {
            (
                status,
                [(header::CONTENT_TYPE, "application/json")],
                self.body,
            )
                .into_response()
        };
        if let Some(value) = self.debug_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
            response.headers_mut().insert(DEBUG_ID, value);
        }
        response
    }
}

/// PayPal sends one on every answer; clients log it with the call.
const DEBUG_ID: &str = "paypal-debug-id";

/// A success to store, with a debug ID of its own.
fn stored_success(status: u16, body: String) -> StoredResponse {
    StoredResponse {
        status,
        body,
        debug_id: Some(new_debug_id()),
    }
}

/// An error to store, with the debug ID its body carries.
fn stored_error(error: &ApiError) -> StoredResponse {
    let body = error.body();
    StoredResponse {
        status: error.status.as_u16(),
        debug_id: Some(body.debug_id.to_string()),
        body: serde_json::to_string(&body).unwrap_or_default(),
    }
}

/// The pipeline of every action endpoint.
pub async fn act(
    app: &Shared,
    caller: &Caller,
    id: &str,
    request: HttpRequest,
    endpoint: &Endpoint,
    to_command: impl FnOnce(Parsed) -> Result<Command, ApiError>,
) -> Response {
    // Every early answer (a refusal, a replay) is the `Err` side.
    let answer: Result<Response, Response> = async {
        let (parts, body) = request.into_parts();
        let base = base_url(&parts.headers, app.local);
        let request_id = request_id(&parts.headers).map_err(IntoResponse::into_response)?;
        let limits = &app.config.upload_limits;
        let bytes = body::read(body, limits)
            .await
            .map_err(IntoResponse::into_response)?;
        if app.read().get(id).is_none() {
            return Err(ApiError::dispute_not_found(id).into_response());
        }
        let (method, path) = (parts.method.clone(), parts.uri.path().to_owned());
        // Parsed before the lookup: a retry is recognised by what its body
        // means, not by its bytes (see `idempotency::Content`). Refusals here
        // are not stored, and parsing the same body refuses it the same way.
        let parsed = body::parse(
            &endpoint.body,
            parts.headers,
            parts.extensions,
            bytes,
            limits,
        )
        .await
        .map_err(IntoResponse::into_response)?;
        let fingerprint = idempotency::fingerprint(method.as_str(), &path, &parsed.content);
        let request = Request {
            caller: caller.clone(),
            id: id.to_owned(),
            request_id,
            fingerprint,
            base,
            success: endpoint.success,
        };
        if let Some(answer) = request.replay(&app.read()) {
            return Ok(answer);
        }
        let command = to_command(parsed).map_err(IntoResponse::into_response)?;
        // In a task of its own: a client that goes away drops this handler,
        // and a drop between the state file write and the commit would leave
        // the file ahead of memory. A spawned task runs to the end regardless.
        let app = app.clone();
        let changed = tokio::spawn(async move { change(&app, request, command).await }).await;
        Ok(changed.unwrap_or_else(|_| ApiError::internal().into_response()))
    }
    .await;
    match answer {
        Ok(response) | Err(response) => response,
    }
}

/// An action request, parsed and checked, on its way to a change.
struct Request {
    caller: Caller,
    id: String,
    request_id: Option<String>,
    fingerprint: String,
    base: render::BaseUrl,
    success: Success,
}

impl Request {
    /// The stored answer to this request's `PayPal-Request-Id`, or the
    /// conflict when the ID came with another request. Under the read
    /// lock: a replay changes nothing but an atomic count.
    fn replay(&self, world: &World) -> Option<Response> {
        let request_id = self.request_id.as_deref()?;
        match world
            .idempotency
            .lookup(&self.caller.client_id, request_id, &self.fingerprint)
        {
            Lookup::New => None,
            Lookup::Replay(stored) => {
                world.counters.replayed();
                Some(stored.into_response())
            }
            Lookup::Conflict => Some(ApiError::request_id_reused().into_response()),
        }
    }
}

/// Applies `command` to a copy of the dispute, writes the state file as
/// it will be, and commits the change with its stored answer.
async fn change(app: &Shared, request: Request, command: Command) -> Response {
    let action = command.action();
    let id = request.id.as_str();
    // One change at a time, from here to its commit: the state file
    // written for a change must hold exactly the state it commits, with
    // no other change in between.
    let _turn = app.changes.lock().await;
    // What fell due before this call happens first, and on its own: an
    // action after a deadline meets the lapsed dispute.
    if let Err(error) = app.catch_up_locked().await {
        tracing::error!(%error, "the state file was not written; the deadlines wait");
        return ApiError::internal().into_response();
    }
    let now = app.read().now();
    let mut dispute = {
        let world = app.read();
        // A duplicate may have committed while this one was parsed.
        if let Some(answer) = request.replay(&world) {
            return answer;
        }
        match world.get(id) {
            Some(dispute) => dispute.clone(),
            None => return ApiError::dispute_not_found(id).into_response(),
        }
    };
    // Applied to a copy, so nothing is visible until it is durable.
    let outcome = transitions::apply(&mut dispute, request.caller.party, command, now);
    let links =
        || serde_json::to_string(&render::subsequent(&request.base, id)).unwrap_or_default();
    let answer = match &outcome {
        // PayPal's 202: accepted, finished later (the link is the dispute's).
        Ok(Completion::Later(_)) => stored_success(202, links()),
        Ok(Completion::Now) => match request.success {
            Success::Links => stored_success(200, links()),
            Success::NoContent => stored_success(204, String::new()),
        },
        Err(error) => stored_error(error),
    };
    let change = Change {
        refused: outcome
            .as_ref()
            .is_err_and(|e| e.status == StatusCode::UNPROCESSABLE_ENTITY),
        applied: outcome.is_ok().then_some(action),
        disputes: if outcome.is_ok() {
            vec![dispute]
        } else {
            Vec::new()
        },
        record: request.request_id.map(|request_id| Record {
            client_id: request.caller.client_id,
            request_id,
            fingerprint: request.fingerprint,
            response: answer.clone(),
            applied: u64::from(outcome.is_ok()),
        }),
        clock: None,
    };
    if let Err(error) = app.commit_durably(change).await {
        // Nothing was committed: memory still matches the file, and a
        // retry with the same PayPal-Request-Id is handled afresh.
        tracing::error!(%error, "the state file was not written; the change is dropped");
        return ApiError::internal().into_response();
    }
    answer.into_response()
}
