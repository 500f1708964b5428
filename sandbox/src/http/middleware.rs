//! The layers every dispute call passes through, over the app's state:
//! faults first, then authentication. Apart from [`auth`](crate::http::auth)
//! and [`faults`](crate::http::faults) so that those hold their own data
//! and do not import the app that holds them.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::domain::error::ApiError;
use crate::http::app::Shared;

/// Requires a live bearer token; the caller becomes a request extension.
pub async fn authenticate(State(app): State<Shared>, mut request: Request, next: Next) -> Response {
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match app.tokens.verify(authorization) {
        Some(caller) => {
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        None => ApiError::unauthorized().into_response(),
    }
}

/// Injects the configured latency and faults around dispute calls.
pub async fn inject(State(app): State<Shared>, request: Request, next: Next) -> Response {
    app.faults.around(request, next).await
}
