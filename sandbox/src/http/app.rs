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
use crate::state::change::Change;
use crate::state::counters::Counters;
use crate::state::persist::{self, PersistError, Persister};
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

/// The clock could not be advanced.
#[derive(Debug, thiserror::Error)]
pub enum AdvanceError {
    /// Not a step the clock takes.
    #[error(transparent)]
    Step(#[from] crate::state::clock::ClockError),
    /// The state file could not be written; the clock did not move.
    #[error(transparent)]
    State(#[from] PersistError),
}

impl App {
    /// Writes the world as `change` will leave it to the state file (with
    /// `--state`, when the change is durable), then commits it; a failed
    /// write commits nothing, so memory stays as the file has it. The
    /// caller holds [`App::changes`].
    pub async fn commit_durably(&self, change: Change) -> Result<(), PersistError> {
        if let (Some(persister), true) = (&self.persister, change.is_durable()) {
            let bytes = persist::encode_with(&self.read(), Some(&change));
            persister.write(bytes).await?;
        }
        self.write().commit(change);
        Ok(())
    }

    /// Brings every dispute up to the clock's now: what fell due since
    /// (a passed deadline, a delayed settlement) happens, as one durable
    /// change. The caller holds [`App::changes`].
    pub async fn catch_up_locked(&self) -> Result<(), PersistError> {
        let due = {
            let world = self.read();
            world.due(world.now())
        };
        if due.is_empty() {
            return Ok(());
        }
        self.commit_durably(Change {
            disputes: due,
            ..Change::default()
        })
        .await
    }

    /// Moves the clock `by` on, and brings every dispute up to the new
    /// time in the same durable change. Answers the new time.
    pub async fn advance_clock(
        &self,
        by: std::time::Duration,
    ) -> Result<chrono::DateTime<chrono::Utc>, AdvanceError> {
        let _turn = self.changes.lock().await;
        let (clock, due) = {
            let world = self.read();
            let clock = world.clock.advanced(by)?;
            (clock, world.due(clock.now()))
        };
        self.commit_durably(Change {
            disputes: due,
            clock: Some(clock),
            ..Change::default()
        })
        .await?;
        Ok(self.read().now())
    }
}

/// Brings the world up to the clock's now before a call reads or acts on
/// disputes (see [`App::catch_up_locked`]); without taking the change lock
/// when nothing is due, which is nearly always. In a task of its own, as
/// every change is, so a client that goes away cannot stop it between the
/// state file and the commit.
pub async fn catch_up(app: &Shared) -> Result<(), Response> {
    let nothing_due = {
        let world = app.read();
        !world.has_due(world.now())
    };
    if nothing_due {
        return Ok(());
    }
    let app = app.clone();
    let done = tokio::spawn(async move {
        let _turn = app.changes.lock().await;
        app.catch_up_locked().await
    })
    .await;
    match done {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => {
            tracing::error!(%error, "the state file was not written; the deadlines wait");
            Err(ApiError::internal().into_response())
        }
        Err(_) => Err(ApiError::internal().into_response()),
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
