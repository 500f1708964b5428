//! The state every handler shares, links' base URL, the `{id}` path
//! extractor and the fallbacks.

use std::net::SocketAddr;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use crate::config::Config;
use crate::domain::error::ApiError;
use crate::http::auth::Tokens;
use crate::http::faults::FaultInjector;
use crate::http::render::BaseUrl;
use crate::state::counters::Counters;
use crate::state::persist::Persister;
use crate::state::store::World;

/// Everything the handlers share.
#[derive(Debug)]
pub struct App {
    /// The configuration the sandbox started with: credentials, limits and
    /// TTL are read from it on every call, never copied.
    pub config: Config,
    /// Disputes, stored answers and counts behind one lock, so an action
    /// and its stored answer become visible together.
    pub world: RwLock<World>,
    /// Bearer tokens; apart from the world because they are never saved.
    pub tokens: Tokens,
    /// The faults in force, changed at run time by `Sandbox::set_faults`.
    pub faults: FaultInjector,
    /// Writes the state file after every durable change (with `--state`).
    pub persister: Option<Persister>,
    /// Held by an action from reading its dispute until its change is
    /// committed (after the state file is written), so changes commit one
    /// at a time and in the order they were written.
    pub changes: tokio::sync::Mutex<()>,
    /// The address the server listens on: links fall back to it when a
    /// request has no usable `Host`.
    pub local: SocketAddr,
}

/// What axum hands each handler: one `App` for the server's life.
pub type Shared = Arc<App>;

impl App {
    /// The state, to read. A panic elsewhere while holding the lock leaves
    /// the data as consistent as any single step leaves it, so a poisoned
    /// lock is used anyway rather than failing every later call.
    pub fn read(&self) -> RwLockReadGuard<'_, World> {
        self.world.read().unwrap_or_else(|p| p.into_inner())
    }

    /// The state, to change.
    pub fn write(&self) -> RwLockWriteGuard<'_, World> {
        self.world.write().unwrap_or_else(|p| p.into_inner())
    }

    /// What was applied, replayed, refused and injected so far: the one
    /// place the view is assembled, for `Sandbox::counters` and
    /// `GET /sandbox/counters`.
    pub fn counters(&self) -> Counters {
        let world = self.read();
        Counters {
            applied: world.counters.applied.clone(),
            applied_by_request_id: world.idempotency.applied_by_request_id(),
            replayed: world.counters.replays(),
            refused: world.counters.refused,
            faults: self.faults.counts(),
            token_requests: self.tokens.requests(),
        }
    }
}

/// Links point where the client reached the sandbox: its `Host` header
/// (checked to be a plain host and port), else the listening address.
pub fn base_url(headers: &HeaderMap, local: SocketAddr) -> BaseUrl {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .map_or_else(|| local.to_string(), str::to_owned);
    BaseUrl(format!("http://{host}"))
}

/// The `{id}` of a dispute path. An ID that is not valid UTF-8 names no
/// dispute, so it is PayPal's 404 rather than axum's plain-text 400.
#[derive(Clone, Debug)]
pub struct DisputePath(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for DisputePath {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<String>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(id)) => Ok(DisputePath(id)),
            Err(_) => Err(ApiError::no_route(parts.uri.path()).into_response()),
        }
    }
}

/// Answers for paths and methods the API does not have.
pub mod fallback {
    use axum::http::Uri;
    use axum::response::{IntoResponse, Response};

    use crate::domain::error::ApiError;

    /// 404 for an unknown path.
    pub async fn not_found(uri: Uri) -> Response {
        ApiError::no_route(uri.path()).into_response()
    }

    /// 405 for a known path with another method; the router adds `Allow`.
    pub async fn method_not_allowed() -> Response {
        ApiError::method_not_allowed().into_response()
    }
}
