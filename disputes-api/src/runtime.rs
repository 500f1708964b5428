//! The client's runtime: what every call goes through, whichever generator
//! wrote the operation. It is the generated `Client`'s inner value and its
//! `ClientHooks::exec`, so the generated code is never edited.
//!
//! One call, in order: a `PayPal-Request-Id` for POSTs (kept across
//! retries, so PayPal applies the action once), the partner headers, a
//! body made replayable, then attempts: bearer token, send, and on a 401
//! one token refresh; on a retryable failure a wait (see [`crate::retry`]).
//! A failure answer leaves with PayPal's error body, or with one the
//! runtime writes so that the status and raw text survive (see
//! [`crate::error`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::BodyExt as _;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{HeaderName, HeaderValue};
use tracing::Instrument as _;

use crate::Client;
use crate::auth::{Credentials, TokenCache, TokenFailure};
use crate::error::{self, Error};
use crate::retry::{self, RetryPolicy};
use crate::types;
use crate::upload::UploadLimits;

/// The idempotency header PayPal honours on POSTs.
pub const REQUEST_ID: &str = "paypal-request-id";
const AUTH_ASSERTION: &str = "paypal-auth-assertion";
const PARTNER_ATTRIBUTION_ID: &str = "paypal-partner-attribution-id";
const DEBUG_ID: &str = "paypal-debug-id";

/// Settings and state shared by every clone of a [`Client`]: credentials,
/// the token cache, retry policy, upload limits. Built by
/// [`Client::builder`](crate::Client::builder).
#[derive(Clone)]
pub struct Runtime {
    shared: Arc<Shared>,
    request_id: Option<HeaderValue>,
}

struct Shared {
    credentials: Credentials,
    tokens: TokenCache,
    retry: RetryPolicy,
    upload_limits: UploadLimits,
    assertion: Option<HeaderValue>,
    partner_attribution_id: Option<HeaderValue>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("credentials", &self.shared.credentials)
            .field("retry", &self.shared.retry)
            .field("upload_limits", &self.shared.upload_limits)
            .field("acting_for_merchant", &self.shared.assertion.is_some())
            .field(
                "partner_attribution_id",
                &self.shared.partner_attribution_id,
            )
            .finish_non_exhaustive()
    }
}

impl Runtime {
    pub(crate) fn new(
        credentials: Credentials,
        retry: RetryPolicy,
        upload_limits: UploadLimits,
        token_refresh_margin: Duration,
        assertion: Option<String>,
        partner_attribution_id: Option<String>,
    ) -> Result<Runtime, Error> {
        let header = |name: &str, value: Option<String>| {
            value
                .map(|v| {
                    HeaderValue::from_str(&v).map_err(|_| {
                        Error::Config(format!("{name} contains characters a header cannot carry"))
                    })
                })
                .transpose()
        };
        Ok(Runtime {
            shared: Arc::new(Shared {
                credentials,
                tokens: TokenCache::new(token_refresh_margin),
                retry,
                upload_limits,
                assertion: header("the auth assertion", assertion)?,
                partner_attribution_id: header(
                    "the partner attribution ID",
                    partner_attribution_id,
                )?,
            }),
            request_id: None,
        })
    }

    /// The limits uploads are checked against.
    pub fn upload_limits(&self) -> &UploadLimits {
        &self.shared.upload_limits
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.shared.retry
    }
}

impl ClientHooks<Runtime> for Client {
    async fn exec(
        &self,
        mut request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let shared = &self.inner().shared;
        if request.method() == reqwest::Method::POST {
            let id = match &self.inner().request_id {
                Some(id) => Some(id.clone()),
                None if !request.headers().contains_key(REQUEST_ID) => {
                    HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()).ok()
                }
                None => None,
            };
            if let Some(id) = id {
                request.headers_mut().insert(REQUEST_ID, id);
            }
        }
        for (name, value) in [
            (AUTH_ASSERTION, &shared.assertion),
            (PARTNER_ATTRIBUTION_ID, &shared.partner_attribution_id),
        ] {
            if let Some(value) = value {
                request
                    .headers_mut()
                    .insert(HeaderName::from_static(name), value.clone());
            }
        }
        let span = tracing::info_span!(
            "paypal.request",
            operation = info.operation_id,
            method = %request.method(),
            path = request.url().path(),
            request_id = request
                .headers()
                .get(REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or(""),
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            debug_id = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let result = Box::pin(self.attempts(request))
            .instrument(span.clone())
            .await;
        let _entered = span.enter();
        match &result {
            Ok(response) => tracing::info!(status = response.status().as_u16(), "PayPal answered"),
            Err(error) => tracing::warn!(%error, "PayPal call failed"),
        }
        result
    }
}

impl Client {
    /// This client, sending `request_id` as the `PayPal-Request-Id` of its
    /// POSTs instead of a fresh UUID per call: repeat a call after a crash
    /// with the ID you stored, and PayPal answers it without applying the
    /// action twice. Shares the token cache with `self`.
    pub fn with_request_id(&self, request_id: &str) -> Result<Client, Error> {
        let value = HeaderValue::from_str(request_id).map_err(|_| {
            Error::InvalidRequest(format!(
                "request ID `{request_id}` contains characters a header cannot carry"
            ))
        })?;
        if request_id.is_empty() || request_id.len() > 108 {
            return Err(Error::InvalidRequest(
                "a PayPal-Request-Id has 1 to 108 characters".to_owned(),
            ));
        }
        let runtime = Runtime {
            shared: Arc::clone(&self.inner().shared),
            request_id: Some(value),
        };
        Ok(Client::new_with_client(
            self.baseurl(),
            self.client().clone(),
            runtime,
        ))
    }
}

impl Client {
    async fn attempts(&self, request: reqwest::Request) -> reqwest::Result<reqwest::Response> {
        let shared = &self.inner().shared;
        let started = Instant::now();
        let request = replayable(request).await?;
        let span = tracing::Span::current();
        let mut attempt: u32 = 0;
        let mut refreshed = false;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let token = match shared
                .tokens
                .get(
                    self.client(),
                    self.baseurl(),
                    &shared.credentials,
                    &shared.retry,
                )
                .await
            {
                Ok(token) => token,
                Err(TokenFailure::Transport(e)) => return Err(e),
                Err(TokenFailure::Rejected { status, reason }) => {
                    tracing::warn!(%status, "token request refused");
                    return Ok(written_error(status, error::TOKEN_REJECTED, &reason, ""));
                }
            };
            // `replayable` made every body clonable; if one is not, it is
            // sent once, authorised like any other attempt.
            let Some(mut this) = request.try_clone() else {
                let mut only = request;
                only.headers_mut()
                    .insert(reqwest::header::AUTHORIZATION, token.header().clone());
                return self.client().execute(only).await;
            };
            this.headers_mut()
                .insert(reqwest::header::AUTHORIZATION, token.header().clone());
            let sent = self.client().execute(this).await;
            let retry_after = match &sent {
                Ok(response) => {
                    let status = response.status();
                    span.record("status", status.as_u16());
                    if let Some(id) = response
                        .headers()
                        .get(DEBUG_ID)
                        .and_then(|v| v.to_str().ok())
                    {
                        span.record("debug_id", id);
                    }
                    if status == reqwest::StatusCode::UNAUTHORIZED && !refreshed {
                        // An expired or revoked token: one refresh, one retry.
                        refreshed = true;
                        shared.tokens.invalidate(&token).await;
                        tracing::debug!("401: refreshing the token once");
                        attempt -= 1;
                        continue;
                    }
                    if !retry::retryable_status(status) {
                        span.record("elapsed_ms", started.elapsed().as_millis() as u64);
                        return normalize(sent?).await;
                    }
                    retry::retry_after(response.headers())
                }
                Err(e) if retry::retryable_transport(e) => None,
                Err(_) => return sent,
            };
            match shared
                .retry
                .next_delay(attempt, started.elapsed(), retry_after)
            {
                Some(delay) => {
                    tracing::warn!(attempt, ?delay, error = ?sent.as_ref().err(), status = ?sent.as_ref().ok().map(|r| r.status()), "retrying");
                    drop(sent);
                    Box::pin(tokio::time::sleep(delay)).await;
                }
                None => {
                    span.record("elapsed_ms", started.elapsed().as_millis() as u64);
                    return match sent {
                        Ok(response) => normalize(response).await,
                        Err(e) => Err(e),
                    };
                }
            }
        }
    }
}

/// Buffers a streaming body (multipart uploads) so the request can be sent
/// again; uploads are bounded by [`UploadLimits`], so this is bounded too.
async fn replayable(mut request: reqwest::Request) -> reqwest::Result<reqwest::Request> {
    // A body in memory (JSON, or none) is cloned per attempt as it is.
    if request.body().is_none_or(|body| body.as_bytes().is_some()) {
        return Ok(request);
    }
    if let Some(body) = request.body_mut().take() {
        let bytes = body.collect().await?.to_bytes();
        *request.body_mut() = Some(reqwest::Body::from(bytes));
    }
    Ok(request)
}

/// A failure answer whose body is not PayPal's error shape gets one that
/// is, carrying the raw text, so the generated code decodes it and
/// [`Error`] can tell the two apart.
///
/// Successes pass through without a future of their own: the cold path is
/// boxed so that every call's future stays small.
async fn normalize(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return Ok(response);
    }
    Box::pin(rewrite_failure(response)).await
}

async fn rewrite_failure(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    let mut headers = response.headers().clone();
    let body = response.bytes().await?;
    if serde_json::from_slice::<types::Error>(&body).is_ok() {
        return Ok(rebuild(status, headers, body));
    }
    let debug_id = headers
        .get(DEBUG_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    headers.remove(reqwest::header::CONTENT_TYPE);
    let text = error::truncate(&String::from_utf8_lossy(&body));
    let mut written = written_error(status, error::NOT_PAYPAL_BODY, &text, &debug_id);
    for (name, value) in &headers {
        if name != reqwest::header::CONTENT_LENGTH {
            written.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(written)
}

fn written_error(
    status: reqwest::StatusCode,
    name: &str,
    message: &str,
    debug_id: &str,
) -> reqwest::Response {
    let body = serde_json::json!({ "name": name, "message": message, "debug_id": debug_id });
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    rebuild(status, headers, Bytes::from(body.to_string()))
}

fn rebuild(
    status: reqwest::StatusCode,
    mut headers: reqwest::header::HeaderMap,
    body: Bytes,
) -> reqwest::Response {
    headers.remove(reqwest::header::CONTENT_LENGTH);
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    reqwest::Response::from(response)
}
