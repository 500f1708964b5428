//! `POST /v1/oauth2/token`: client credentials with HTTP Basic auth, as
//! PayPal's "Get access token" step (seed 003) describes. Errors use the
//! OAuth2 shape PayPal's token endpoint answers with, not the API's; that
//! includes the 413 for a body over [`MAX_BODY_BYTES`].

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{SecondsFormat, Utc};
use serde_json::json;

use crate::domain::model::Party;
use crate::http::app::Shared;
use crate::http::auth::{self, TokenRefusal};

/// PayPal's sandbox app ID format, fixed for the sandbox.
const APP_ID: &str = "APP-80W284485P519543T";

/// The largest token request read. A client-credentials form is a few
/// dozen bytes; the limit only has to stop a caller from making the
/// sandbox buffer whatever it sends.
pub const MAX_BODY_BYTES: usize = 8 * 1024;

/// The token endpoint.
pub async fn token(State(app): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    app.tokens.count_request();
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let caller = match auth::client_from_basic(&app.config, authorization) {
        Ok(caller) => caller,
        Err(refusal) => return refuse(refusal),
    };
    // Read only after the credentials passed, and never more than the limit.
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return refuse(TokenRefusal::TooLarge);
    };
    if !auth::is_client_credentials(&body) {
        return refuse(TokenRefusal::UnsupportedGrantType);
    }
    let scope = match caller.party {
        Party::Seller => {
            "https://uri.paypal.com/services/disputes/read-seller https://uri.paypal.com/services/disputes/update-seller"
        }
        Party::Buyer => {
            "https://uri.paypal.com/services/disputes/read-buyer https://uri.paypal.com/services/disputes/update-buyer"
        }
    };
    let issued = app.tokens.issue(caller, app.config.token_ttl);
    Json(json!({
        "scope": scope,
        "access_token": issued.token,
        "token_type": "Bearer",
        "app_id": APP_ID,
        "expires_in": issued.expires_in.as_secs(),
        "nonce": format!("{}{}", Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true), uuid::Uuid::new_v4().simple()),
    }))
    .into_response()
}

fn refuse(refusal: TokenRefusal) -> Response {
    let (status, error, description) = match refusal {
        TokenRefusal::InvalidClient => (
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client Authentication failed".to_owned(),
        ),
        TokenRefusal::UnsupportedGrantType => (
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Grant Type is NULL".to_owned(),
        ),
        TokenRefusal::TooLarge => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid_request",
            format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
        ),
    };
    (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}
