//! The client's runtime: what every call goes through, whichever generator
//! wrote the operation. It is the generated `Client`'s inner value; the
//! generated `ClientHooks::exec` hands each request to `Runtime::exec`
//! (in `hooks`), so the generated code is never edited.
//!
//! It never names the generated `Client`: it reaches the HTTP client, the
//! base URL and itself through progenitor's `ClientInfo` trait, so the
//! generated code can depend on it (the generated client holds a `Runtime`)
//! without it depending back.
//!
//! One call, in order: a `PayPal-Request-Id` for POSTs (kept across
//! retries, so PayPal applies the action once), the partner headers, a
//! body made replayable, then attempts: bearer token, send, and on a 401
//! one token refresh; on a retryable failure a wait (see [`crate::retry`]).
//! Every answer leaves as PayPal sent it; a failure the runtime meets
//! instead of an answer (refused credentials) leaves as a bodiless
//! response carrying the typed failure in its extensions (see
//! [`crate::error`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::BodyExt as _;
use progenitor_client::ClientInfo;
use reqwest::header::{HeaderName, HeaderValue};
use tracing::Instrument as _;

use crate::auth::{Credentials, TokenCache, TokenFailure};
use crate::error::{self, Error, RuntimeFailure};
use crate::headers::{AUTH_ASSERTION, PARTNER_ATTRIBUTION_ID, REQUEST_ID_NAME};
use crate::retry::{self, RetryPolicy};
use crate::upload::UploadLimits;

/// The idempotency header PayPal honours on POSTs.
pub const REQUEST_ID: &str = crate::headers::REQUEST_ID;

/// Settings and state shared by every clone of a [`Client`](crate::Client): credentials,
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

    /// This runtime, sending `request_id` as the `PayPal-Request-Id` of
    /// every POST; the token cache and settings stay shared.
    pub(crate) fn with_request_id(&self, request_id: HeaderValue) -> Runtime {
        Runtime {
            shared: Arc::clone(&self.shared),
            request_id: Some(request_id),
        }
    }
}

impl Runtime {
    /// One call through `client`: the headers every call carries, then the
    /// attempts, traced as one `paypal.request` span.
    ///
    /// Generic over progenitor's `ClientInfo` rather than naming the
    /// generated `Client`, which holds a `Runtime`: the runtime stays below
    /// the generated code. One reference to the client, not its parts, so
    /// the call's future is no larger than when this was `Client`'s method.
    // Not an `async fn`, for the reason given at `Runtime::attempts`.
    #[allow(clippy::manual_async_fn)]
    pub(crate) fn exec<'a, C: ClientInfo<Runtime>>(
        client: &'a C,
        mut request: reqwest::Request,
        operation_id: &'static str,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> + 'a {
        async move {
            let runtime = client.inner();
            let shared = &runtime.shared;
            if request.method() == reqwest::Method::POST {
                let id = match &runtime.request_id {
                    Some(id) => Some(id.clone()),
                    None if !request.headers().contains_key(REQUEST_ID_NAME) => {
                        HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()).ok()
                    }
                    None => None,
                };
                if let Some(id) = id {
                    request.headers_mut().insert(REQUEST_ID_NAME, id);
                }
            }
            for (name, value) in [
                (AUTH_ASSERTION, &shared.assertion),
                (PARTNER_ATTRIBUTION_ID, &shared.partner_attribution_id),
            ] {
                if let Some(value) = value {
                    request.headers_mut().insert(name, value.clone());
                }
            }
            let span = tracing::info_span!(
                "paypal.request",
                operation = operation_id,
                method = %request.method(),
                path = request.url().path(),
                request_id = request
                    .headers()
                    .get(REQUEST_ID_NAME)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or(""),
                attempt = tracing::field::Empty,
                status = tracing::field::Empty,
                debug_id = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            // What a later attempt sends again: the request as it is now, its
            // body in memory.
            let body = match request.body().map(reqwest::Body::as_bytes) {
                None => None,
                Some(Some(bytes)) => Some(Bytes::copy_from_slice(bytes)),
                Some(None) => match Box::pin(buffer(&mut request)).await {
                    Ok(bytes) => Some(bytes),
                    Err(error) => return Err(error),
                },
            };
            let replay = Replay::of(&request, body);
            // Timed here, not in `attempts`, so a call that ends early (a
            // refused token) has its elapsed time too.
            let started = (!span.is_disabled()).then(Instant::now);
            let result = if span.is_disabled() {
                // No subscriber wants the span: nothing to enter on every poll.
                Runtime::attempts(client, request, replay, &span).await
            } else {
                Runtime::attempts(client, request, replay, &span)
                    .instrument(span.clone())
                    .await
            };
            if let Some(started) = started {
                span.record("elapsed_ms", started.elapsed().as_millis() as u64);
            }
            let _entered = span.enter();
            match &result {
                Ok(response) => {
                    tracing::info!(status = response.status().as_u16(), "PayPal answered")
                }
                Err(error) => tracing::warn!(%error, "PayPal call failed"),
            }
            result
        }
    }
}

impl Runtime {
    /// Sends `this`, then copies of `replay` while attempts are left.
    ///
    /// The fast path (token cached, success) awaits nothing but the send:
    /// every other wait is boxed, so this future stays small.
    ///
    /// Not an `async fn`: one of those keeps a second copy of its
    /// arguments in its future (the request twice, the replay twice); an
    /// `async move` block holds what it captures once.
    #[allow(clippy::manual_async_fn)]
    fn attempts<'a, C: ClientInfo<Runtime>>(
        client: &'a C,
        mut this: reqwest::Request,
        replay: Replay,
        span: &'a tracing::Span,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> + 'a {
        async move {
            let shared = &client.inner().shared;
            let started = Instant::now();
            let traced = !span.is_disabled();
            let repeatable = retry::repeatable(this.method(), this.headers());
            let mut attempt: u32 = 0;
            let mut refreshed = false;
            loop {
                attempt += 1;
                if traced {
                    span.record("attempt", attempt);
                }
                let token = match shared.tokens.cached() {
                    Some(token) => Ok(token),
                    None => {
                        Box::pin(shared.tokens.get(
                            client.client(),
                            client.baseurl(),
                            &shared.credentials,
                            &shared.retry,
                            started,
                        ))
                        .await
                    }
                };
                let token = match token {
                    Ok(token) => token,
                    Err(TokenFailure::Transport(e)) => return Err(e),
                    Err(TokenFailure::Rejected { status, reason }) => {
                        tracing::warn!(%status, "token request refused");
                        return Ok(RuntimeFailure::TokenRejected { status, reason }.into_response());
                    }
                };
                this.headers_mut()
                    .insert(reqwest::header::AUTHORIZATION, token.header().clone());
                let sent = client.client().execute(this).await;
                let retry_after = match &sent {
                    Ok(response) => {
                        let status = response.status();
                        if traced {
                            span.record("status", status.as_u16());
                            if let Some(id) = error::debug_id_header(response.headers()) {
                                span.record("debug_id", id);
                            }
                        }
                        if status == reqwest::StatusCode::UNAUTHORIZED && !refreshed {
                            // An expired or revoked token: one refresh, one retry.
                            refreshed = true;
                            shared.tokens.invalidate(&token);
                            tracing::debug!("401: refreshing the token once");
                            attempt -= 1;
                            this = replay.request();
                            continue;
                        }
                        if !retry::should_retry(retry::Outcome::Answered(status), repeatable) {
                            break sent;
                        }
                        retry::retry_after(response.headers())
                    }
                    Err(e) if retry::should_retry(retry::Outcome::of_transport(e), repeatable) => {
                        None
                    }
                    Err(_) => break sent,
                };
                match shared
                    .retry
                    .next_delay(attempt, started.elapsed(), retry_after)
                {
                    Some(delay) => {
                        tracing::warn!(attempt, ?delay, error = ?sent.as_ref().err(), status = ?sent.as_ref().ok().map(|r| r.status()), "retrying");
                        drop(sent);
                        this = replay.request();
                        Box::pin(tokio::time::sleep(delay)).await;
                    }
                    None => break sent,
                }
            }
        }
    }
}

/// A request as it was before its first attempt, to send it again.
///
/// Built from the parts rather than with `Request::try_clone`, which also
/// copies the extensions map (and allocates one to store an unset
/// timeout); the only extension reqwest's request builder sets is the
/// timeout, kept here.
struct Replay {
    method: reqwest::Method,
    url: reqwest::Url,
    /// As a list: one allocation to copy and free, where a `HeaderMap`
    /// has two (its entries and its index).
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<Bytes>,
    version: reqwest::Version,
    timeout: Option<Duration>,
}

impl Replay {
    fn of(request: &reqwest::Request, body: Option<Bytes>) -> Replay {
        Replay {
            method: request.method().clone(),
            url: request.url().clone(),
            headers: request
                .headers()
                .iter()
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
            body,
            version: request.version(),
            timeout: request.timeout().copied(),
        }
    }

    fn request(&self) -> reqwest::Request {
        let mut request = reqwest::Request::new(self.method.clone(), self.url.clone());
        let headers = request.headers_mut();
        // Room for the token and the client's default headers.
        headers.reserve(self.headers.len() + 4);
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        *request.version_mut() = self.version;
        if self.timeout.is_some() {
            *request.timeout_mut() = self.timeout;
        }
        *request.body_mut() = self.body.clone().map(reqwest::Body::from);
        request
    }
}

/// Reads a streaming body (multipart uploads) into memory, so the request
/// can be sent again; uploads are bounded by [`UploadLimits`], so this is
/// bounded too. The request gets the bytes back as its body.
async fn buffer(request: &mut reqwest::Request) -> reqwest::Result<Bytes> {
    let Some(body) = request.body_mut().take() else {
        return Ok(Bytes::new());
    };
    let bytes = body.collect().await?.to_bytes();
    *request.body_mut() = Some(reqwest::Body::from(bytes.clone()));
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replayed_request_is_the_request_before_its_first_attempt() {
        let http = reqwest::Client::new();
        let mut original = http
            .post("http://127.0.0.1:9/v1/customer/disputes/PP-D-1/make-offer?x=1")
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(REQUEST_ID, "order-42")
            .header("x-twice", "a")
            .header("x-twice", "b")
            .timeout(Duration::from_secs(7))
            .body(r#"{"offer_type":"REFUND"}"#)
            .build()
            .expect("request");
        let body = original
            .body()
            .and_then(reqwest::Body::as_bytes)
            .map(Bytes::copy_from_slice);
        let replay = Replay::of(&original, body);
        // The first attempt adds its token to the original.
        original.headers_mut().insert(
            reqwest::header::AUTHORIZATION,
            HeaderValue::from_static("Bearer first"),
        );
        let again = replay.request();
        assert_eq!(again.method(), reqwest::Method::POST);
        assert_eq!(again.url(), original.url());
        assert_eq!(again.version(), original.version());
        assert_eq!(again.timeout(), Some(&Duration::from_secs(7)));
        assert_eq!(
            again.body().and_then(reqwest::Body::as_bytes),
            Some(&br#"{"offer_type":"REFUND"}"#[..])
        );
        let mut expected = original.headers().clone();
        expected.remove(reqwest::header::AUTHORIZATION);
        assert_eq!(
            again.headers(),
            &expected,
            "no token: each attempt sets its own"
        );
        let twice: Vec<_> = again.headers().get_all("x-twice").iter().collect();
        assert_eq!(twice, ["a", "b"], "every value, in order");
        // Every copy is the same.
        let third = replay.request();
        assert_eq!(third.headers(), again.headers());
        assert_eq!(
            third.body().and_then(reqwest::Body::as_bytes),
            again.body().and_then(reqwest::Body::as_bytes)
        );
        assert_eq!(third.timeout(), Some(&Duration::from_secs(7)));
    }

    #[test]
    fn a_request_without_a_timeout_is_replayed_without_one() {
        let request = reqwest::Client::new()
            .get("http://127.0.0.1:9/v1/customer/disputes/PP-D-1")
            .build()
            .expect("request");
        let again = Replay::of(&request, None).request();
        assert_eq!(again.timeout(), None);
        assert!(again.body().is_none());
    }
}
