//! OAuth 2.0 client credentials: one cached token, refreshed single-flight.
//!
//! A cold client under load must not send a token request per call: the
//! cache is a mutex held across the fetch, so the first caller fetches and
//! every other caller waits for its result. A token is replaced a margin
//! before it expires; one rejected by PayPal (401) is dropped by generation
//! number, so a burst of 401s for the same token causes one refresh.

use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::retry::{self, RetryPolicy};

/// The longest token lifetime believed (PayPal's are about 9 hours).
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

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

/// A bearer token, as the `Authorization` header value it is sent in
/// (built once, marked sensitive so HTTP layers do not log it), and the
/// generation it belongs to.
#[derive(Clone)]
pub(crate) struct AccessToken {
    header: reqwest::header::HeaderValue,
    generation: u64,
}

impl AccessToken {
    /// The `Authorization` header value.
    pub(crate) fn header(&self) -> &reqwest::header::HeaderValue {
        &self.header
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
    /// The current token; locked only to copy it out, never across a fetch.
    current: std::sync::Mutex<Option<Cached>>,
    /// Held across a fetch, so concurrent callers wait for one fetch.
    fetching: tokio::sync::Mutex<()>,
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
            current: std::sync::Mutex::new(None),
            fetching: tokio::sync::Mutex::new(()),
            next_generation: std::sync::atomic::AtomicU64::new(1),
            margin,
        }
    }

    /// A valid token, fetching one if there is none. Try
    /// [`TokenCache::cached`] first: this future is large and rarely needed.
    /// A fetch's retries count against the time budget of the call that
    /// began at `started`.
    pub(crate) async fn get(
        &self,
        http: &reqwest::Client,
        base_url: &str,
        credentials: &Credentials,
        policy: &RetryPolicy,
        started: Instant,
    ) -> Result<AccessToken, TokenFailure> {
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        let _fetching = self.fetching.lock().await;
        // Another caller may have fetched while this one waited.
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        // Boxed: a rare path, kept out of every call's future.
        let (value, expires_in) =
            Box::pin(fetch(http, base_url, credentials, policy, started)).await?;
        let mut header =
            reqwest::header::HeaderValue::from_str(&format!("Bearer {}", value.expose_secret()))
                .map_err(|_| TokenFailure::Rejected {
                    status: reqwest::StatusCode::OK,
                    reason: "the access token contains characters a header cannot carry".to_owned(),
                })?;
        header.set_sensitive(true);
        let token = AccessToken {
            header,
            generation: self
                .next_generation
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        };
        // PayPal's tokens live about 9 hours; a lifetime past a day is not
        // believed (and a huge `expires_in` must not overflow the clock). A
        // token shorter than twice the margin is refreshed at half its life,
        // so even a short-lived token serves concurrent callers once.
        // A stated lifetime of 0 would make every waiter fetch its own.
        let lifetime = expires_in.clamp(Duration::from_secs(1), MAX_TOKEN_LIFETIME);
        let early = self.margin.min(lifetime / 2);
        let now = Instant::now();
        let refresh_at = now.checked_add(lifetime - early).unwrap_or(now);
        *self.lock_current() = Some(Cached {
            token: token.clone(),
            refresh_at,
        });
        Ok(token)
    }

    fn lock_current(&self) -> std::sync::MutexGuard<'_, Option<Cached>> {
        // The value is replaced whole, so a panic elsewhere cannot leave it
        // half-written.
        self.current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The cached token, if it is not due for refresh.
    pub(crate) fn cached(&self) -> Option<AccessToken> {
        self.lock_current()
            .as_ref()
            .filter(|cached| Instant::now() < cached.refresh_at)
            .map(|cached| cached.token.clone())
    }

    /// Drops `token` if it is still the cached one (PayPal rejected it).
    pub(crate) fn invalidate(&self, token: &AccessToken) {
        let mut current = self.lock_current();
        if current
            .as_ref()
            .is_some_and(|cached| cached.token.generation == token.generation)
        {
            *current = None;
        }
    }
}

async fn fetch(
    http: &reqwest::Client,
    base_url: &str,
    credentials: &Credentials,
    policy: &RetryPolicy,
    started: Instant,
) -> Result<(SecretString, Duration), TokenFailure> {
    let url = format!("{base_url}/v1/oauth2/token");
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
        // Repeatable: a second token request at worst issues a second token.
        let retry_after = match &sent {
            Ok(response)
                if retry::should_retry(retry::Outcome::Answered(response.status()), true) =>
            {
                retry::retry_after(response.headers())
            }
            Err(e) if retry::should_retry(retry::Outcome::of_transport(e), true) => None,
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
