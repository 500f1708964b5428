//! OAuth 2.0 client credentials: one cached token, refreshed single-flight.
//!
//! A cold client under load must not send a token request per call: the
//! cache is a mutex held across the fetch, so the first caller fetches and
//! every other caller waits for its result. A token is replaced a margin
//! before it expires; one rejected by PayPal (401) is dropped by generation
//! number, so a burst of 401s for the same token causes one refresh.

use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::retry::{self, RetryPolicy};

/// Client ID and secret; the secret never reaches `Debug` or logs.
#[derive(Clone)]
pub(crate) struct Credentials {
    pub(crate) client_id: String,
    secret: SecretString,
}

impl Credentials {
    pub(crate) fn new(client_id: String, secret: SecretString) -> Credentials {
        Credentials { client_id, secret }
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// A bearer token and the generation it belongs to.
#[derive(Clone)]
pub(crate) struct AccessToken {
    value: Arc<SecretString>,
    generation: u64,
}

impl AccessToken {
    /// The `Authorization` header value, marked sensitive so that HTTP
    /// layers do not log it.
    pub(crate) fn header(&self) -> Option<reqwest::header::HeaderValue> {
        let mut value = reqwest::header::HeaderValue::from_str(&format!(
            "Bearer {}",
            self.value.expose_secret()
        ))
        .ok()?;
        value.set_sensitive(true);
        Some(value)
    }
}

struct Cached {
    token: AccessToken,
    refresh_at: Instant,
}

/// Why no token could be had.
pub(crate) enum TokenFailure {
    /// The token endpoint could not be reached.
    Transport(reqwest::Error),
    /// The token endpoint answered, but not with a token.
    Rejected {
        status: reqwest::StatusCode,
        reason: String,
    },
}

pub(crate) struct TokenCache {
    slot: tokio::sync::Mutex<Option<Cached>>,
    next_generation: std::sync::atomic::AtomicU64,
    margin: Duration,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: u64,
}

#[derive(Deserialize)]
struct OAuthError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

impl TokenCache {
    pub(crate) fn new(margin: Duration) -> TokenCache {
        TokenCache {
            slot: tokio::sync::Mutex::new(None),
            next_generation: std::sync::atomic::AtomicU64::new(1),
            margin,
        }
    }

    /// A valid token, fetching one if there is none.
    pub(crate) async fn get(
        &self,
        http: &reqwest::Client,
        base_url: &str,
        credentials: &Credentials,
        policy: &RetryPolicy,
    ) -> Result<AccessToken, TokenFailure> {
        let mut slot = self.slot.lock().await;
        if let Some(cached) = slot.as_ref() {
            if Instant::now() < cached.refresh_at {
                return Ok(cached.token.clone());
            }
        }
        let (value, expires_in) = fetch(http, base_url, credentials, policy).await?;
        let token = AccessToken {
            value: Arc::new(value),
            generation: self
                .next_generation
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        };
        let refresh_at = Instant::now() + expires_in.saturating_sub(self.margin);
        *slot = Some(Cached {
            token: token.clone(),
            refresh_at,
        });
        Ok(token)
    }

    /// Drops `token` if it is still the cached one (PayPal rejected it).
    pub(crate) async fn invalidate(&self, token: &AccessToken) {
        let mut slot = self.slot.lock().await;
        if slot
            .as_ref()
            .is_some_and(|cached| cached.token.generation == token.generation)
        {
            *slot = None;
        }
    }
}

async fn fetch(
    http: &reqwest::Client,
    base_url: &str,
    credentials: &Credentials,
    policy: &RetryPolicy,
) -> Result<(SecretString, Duration), TokenFailure> {
    let url = format!("{base_url}/v1/oauth2/token");
    let started = Instant::now();
    let mut attempt = 0;
    loop {
        attempt += 1;
        let sent = http
            .post(&url)
            .basic_auth(
                &credentials.client_id,
                Some(credentials.secret.expose_secret()),
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await;
        let retry_after = match &sent {
            Ok(response) if retry::retryable_status(response.status()) => {
                retry::retry_after(response.headers())
            }
            Err(e) if retry::retryable_transport(e) => None,
            _ => {
                return read(sent.map_err(TokenFailure::Transport)?).await;
            }
        };
        match policy.next_delay(attempt, started.elapsed(), retry_after) {
            Some(delay) => {
                tracing::warn!(attempt, ?delay, "token request failed; retrying");
                tokio::time::sleep(delay).await;
            }
            None => return read(sent.map_err(TokenFailure::Transport)?).await,
        }
    }
}

async fn read(response: reqwest::Response) -> Result<(SecretString, Duration), TokenFailure> {
    let status = response.status();
    let body = response.bytes().await.map_err(TokenFailure::Transport)?;
    if status.is_success() {
        let token: TokenResponse =
            serde_json::from_slice(&body).map_err(|e| TokenFailure::Rejected {
                status,
                reason: format!("the token response is not an OAuth token ({e})"),
            })?;
        tracing::debug!(expires_in = token.expires_in, "access token issued");
        return Ok((
            SecretString::from(token.access_token),
            Duration::from_secs(token.expires_in),
        ));
    }
    let reason = match serde_json::from_slice::<OAuthError>(&body) {
        Ok(e) => match e.error_description {
            Some(d) => format!("{}: {d}", e.error),
            None => e.error,
        },
        Err(_) => crate::error::truncate(&String::from_utf8_lossy(&body)),
    };
    Err(TokenFailure::Rejected { status, reason })
}
