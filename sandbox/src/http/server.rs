//! The router and the accept loop.
//!
//! The sandbox runs its own accept loop over hyper rather than
//! `axum::serve` for one reason: to drop a connection without answering
//! (fault injection), the service must fail, and `axum::serve` only takes
//! services that cannot. Here a response marked [`DropConnection`] becomes
//! a service error, on which hyper closes the connection unanswered: the
//! client sees the connection fail, as when a network or a PayPal front
//! end drops it.

use std::convert::Infallible;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{MethodFilter, MethodRouter, get, on, post};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tower::ServiceExt as _;

use crate::domain::action::Action;
use crate::http::app::{Shared, fallback};
use crate::http::faults::DropConnection;
use crate::http::handlers::{action as act, admin, oauth, read};
use crate::http::middleware::{authenticate, inject};

/// The handler of each action, on the method its links name.
fn action_route(action: Action) -> MethodRouter<Shared> {
    let filter = match action.method() {
        "PATCH" => MethodFilter::PATCH,
        _ => MethodFilter::POST,
    };
    on(filter, move |state, caller, id, request| {
        act::handle(action, state, caller, id, request)
    })
}

/// Every route of the sandbox. The action routes come from
/// [`Action::ALL`] and [`Action::path`], as the links do.
pub fn router(app: Shared) -> Router {
    let mut disputes = Router::new()
        .route("/v1/customer/disputes", get(read::list))
        .route(&Action::Update.path("{id}"), get(read::show));
    for action in Action::ALL {
        // A second route on a path (update's, beside show) adds its method.
        disputes = disputes.route(&action.path("{id}"), action_route(*action));
    }
    let disputes = disputes
        // Layers run outside in: faults first, then authentication, so an
        // injected 429 needs no token, as a rate limiter in front would.
        .route_layer(middleware::from_fn_with_state(app.clone(), authenticate))
        .route_layer(middleware::from_fn_with_state(app.clone(), inject))
        // Action bodies are read with the sandbox's own limit (see
        // `handlers::body::read`), so an oversized upload gets PayPal's
        // error, not axum's bare 413. Only here: every other route keeps a
        // limit.
        .layer(DefaultBodyLimit::disable());
    Router::new()
        .route("/v1/oauth2/token", post(oauth::token))
        .route("/sandbox/counters", get(admin::counters))
        .route("/sandbox/disputes", post(admin::create))
        .route(
            "/sandbox/clock",
            get(admin::clock).post(admin::advance_clock),
        )
        .merge(disputes)
        .fallback(fallback::not_found)
        .method_not_allowed_fallback(fallback::method_not_allowed)
        .with_state(app)
}

/// Why a connection closed unanswered.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by fault injection")]
struct Dropped;

/// Serves `router` on `listener` until `shutdown` resolves; open
/// connections are closed then.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(error) => {
                        // Out of file descriptors and the like: wait, retry.
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let router = router.clone();
                connections.spawn(async move {
                    let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                        let router = router.clone();
                        async move {
                            let response = router
                                .oneshot(request.map(axum::body::Body::new))
                                .await
                                .unwrap_or_else(|never: Infallible| match never {});
                            if response.extensions().get::<DropConnection>().is_some() {
                                Err(Dropped)
                            } else {
                                Ok(response)
                            }
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}
