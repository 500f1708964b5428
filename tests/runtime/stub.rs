//! A minimal PayPal stand-in, for what the sandbox (the runtime tests'
//! PayPal wherever it can serve, `on_sandbox.rs`) cannot do: answer a
//! scripted status, body and headers (a proxy's HTML page, `Retry-After` in
//! a date form, a success body that breaks the spec, a cycle of page
//! tokens), delay or replace the token endpoint's answer, and record every
//! request (headers, request IDs, multipart parts) for the test to read.
//! On 127.0.0.1 at an ephemeral port, stopped when dropped.

use std::collections::{HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;

pub const CLIENT_ID: &str = "stub-client-id";
pub const SECRET: &str = "stub-secret-s3cr3t-value";

/// One request the stub received.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    /// A request header as text; empty when absent or not text.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// An answer the stub gives to the next dispute call instead of its default.
#[derive(Clone, Debug)]
pub struct Scripted {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    pub delay: Duration,
}

impl Scripted {
    pub fn status(status: u16, body: impl Into<String>) -> Scripted {
        Scripted {
            status,
            headers: vec![("content-type", "application/json".to_owned())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Scripted {
        self.headers.push((name, value.into()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Scripted {
        self.delay = delay;
        self
    }
}

pub struct Inner {
    pub token_requests: u32,
    pub valid_tokens: HashSet<String>,
    pub expires_in: u64,
    pub token_delay: Duration,
    /// When set, the token endpoint answers this (status, body) to every
    /// request, whatever the credentials.
    pub token_answer: Option<(u16, String)>,
    pub script: VecDeque<Scripted>,
    pub requests: Vec<Recorded>,
    /// Disputes list disputes pages through.
    pub disputes: usize,
}

#[derive(Clone)]
pub struct Shared(Arc<Mutex<Inner>>);

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

pub struct Stub {
    pub url: String,
    pub state: Shared,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Stub {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Stub {
    pub async fn start() -> Stub {
        let state = Shared(Arc::new(Mutex::new(Inner {
            token_requests: 0,
            valid_tokens: HashSet::new(),
            expires_in: 32400,
            token_delay: Duration::ZERO,
            token_answer: None,
            script: VecDeque::new(),
            requests: Vec::new(),
            disputes: 0,
        })));
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Stub {
            url: format!("http://{addr}"),
            state,
            shutdown: Some(tx),
        }
    }

    pub fn client(&self) -> disputes_api::ClientBuilder {
        disputes_api::Client::builder()
            .base_url(&self.url)
            .credentials(CLIENT_ID, SECRET)
            .retry_policy(
                disputes_api::RetryPolicy::default()
                    .initial_backoff(Duration::from_millis(1))
                    .max_backoff(Duration::from_millis(5)),
            )
    }

    pub fn push(&self, answer: Scripted) {
        self.state.lock().script.push_back(answer);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().requests.clone()
    }

    /// Dispute calls only (not the token endpoint).
    pub fn calls(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path != "/v1/oauth2/token")
            .collect()
    }

    pub fn token_requests(&self) -> u32 {
        self.state.lock().token_requests
    }
}

pub fn paypal_error(name: &str, issue: &str, debug_id: &str) -> String {
    serde_json::json!({
        "name": name,
        "message": format!("{name} message"),
        "debug_id": debug_id,
        "information_link": "https://developer.paypal.com/docs/api/customer-disputes/v1/#errors",
        "details": [{ "issue": issue, "description": format!("{issue} description"), "field": "/action", "location": "body" }],
        "links": []
    })
    .to_string()
}

async fn handle(
    State(state): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    state.lock().requests.push(Recorded {
        method: method.clone(),
        path: path.clone(),
        query: uri.query().map(str::to_owned),
        headers: headers.clone(),
        body: body.clone(),
    });
    if path == "/v1/oauth2/token" {
        return token(&state, &headers, &body).await;
    }
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    let authorised = bearer.is_some_and(|t| state.lock().valid_tokens.contains(&t));
    if !authorised {
        return json(
            StatusCode::UNAUTHORIZED,
            paypal_error(
                "AUTHENTICATION_FAILURE",
                "INVALID_ACCESS_TOKEN",
                "auth-debug",
            ),
        );
    }
    let scripted = state.lock().script.pop_front();
    if let Some(answer) = scripted {
        tokio::time::sleep(answer.delay).await;
        let mut response = (
            StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            answer.body,
        )
            .into_response();
        for (name, value) in answer.headers {
            if let Ok(value) = value.parse() {
                response.headers_mut().insert(name, value);
            }
        }
        return response;
    }
    default_answer(&state, &method, &path, uri.query())
}

async fn token(state: &Shared, headers: &HeaderMap, body: &Bytes) -> Response {
    let (delay, answer) = {
        let mut inner = state.lock();
        inner.token_requests += 1;
        (inner.token_delay, inner.token_answer.clone())
    };
    tokio::time::sleep(delay).await;
    if let Some((status, body)) = answer {
        return json(
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            body,
        );
    }
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{SECRET}"))
    );
    let basic_ok = headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&expected);
    let form_ok = body.as_ref() == b"grant_type=client_credentials";
    if !basic_ok || !form_ok {
        return json(
            StatusCode::UNAUTHORIZED,
            serde_json::json!({"error": "invalid_client", "error_description": "Client Authentication failed"}).to_string(),
        );
    }
    let mut inner = state.lock();
    let token = format!("A21AA-token-{}", inner.token_requests);
    inner.valid_tokens.insert(token.clone());
    json(
        StatusCode::OK,
        serde_json::json!({
            "scope": "https://uri.paypal.com/services/disputes/read-seller",
            "access_token": token,
            "token_type": "Bearer",
            "app_id": "APP-80W284485P519543T",
            "expires_in": inner.expires_in,
            "nonce": "2024-01-01T00:00:00ZnonCE"
        })
        .to_string(),
    )
}

fn default_answer(state: &Shared, method: &Method, path: &str, query: Option<&str>) -> Response {
    let Some(rest) = path.strip_prefix("/v1/customer/disputes") else {
        return json(
            StatusCode::NOT_FOUND,
            paypal_error("RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID", "nf"),
        );
    };
    if rest.is_empty() && method == Method::GET {
        return list(state, query);
    }
    let id = rest
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    if method == Method::GET {
        let mut dispute: serde_json::Value = serde_json::from_str(include_str!(
            "../fixtures/payloads/show_dispute_details.json"
        ))
        .expect("fixture");
        dispute["dispute_id"] = serde_json::Value::from(id);
        return json(StatusCode::OK, dispute.to_string());
    }
    json(
        StatusCode::OK,
        serde_json::json!({ "links": [{ "href": format!("/v1/customer/disputes/{id}"), "rel": "self", "method": "GET" }] })
            .to_string(),
    )
}

fn list(state: &Shared, query: Option<&str>) -> Response {
    let pairs: Vec<(String, String)> = query
        .map(|q| {
            q.split('&')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let page_size: usize = get("page_size").and_then(|v| v.parse().ok()).unwrap_or(10);
    let offset: usize = get("next_page_token")
        .and_then(|t| t.strip_prefix("off-").and_then(|n| n.parse().ok()))
        .unwrap_or(0);
    let total = state.lock().disputes;
    let end = (offset + page_size).min(total);
    let items: Vec<serde_json::Value> = (offset..end)
        .map(|i| {
            serde_json::json!({
                "dispute_id": format!("PP-D-{i}"),
                "create_time": "2024-01-02T03:04:05.000Z",
                "reason": "MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
                "status": "WAITING_FOR_SELLER_RESPONSE",
                "dispute_state": "REQUIRED_ACTION",
                "dispute_amount": { "currency_code": "USD", "value": "12.34" },
                "links": [{ "href": format!("https://api-m.sandbox.paypal.com/v1/customer/disputes/PP-D-{i}"), "rel": "self", "method": "GET" }]
            })
        })
        .collect();
    let mut links = vec![
        serde_json::json!({ "href": "https://api-m.sandbox.paypal.com/v1/customer/disputes", "rel": "self", "method": "GET" }),
    ];
    if end < total {
        links.push(serde_json::json!({
            "href": format!("https://api-m.sandbox.paypal.com/v1/customer/disputes?page_size={page_size}&next_page_token=off-{end}"),
            "rel": "next",
            "method": "GET"
        }));
    }
    json(
        StatusCode::OK,
        serde_json::json!({ "items": items, "links": links }).to_string(),
    )
}

fn json(status: StatusCode, body: String) -> Response {
    (status, [("content-type", "application/json")], body).into_response()
}

/// A retry policy with 1 ms waits, so tests of retries run fast.
/// Show dispute details, expected to fail; the error as callers see it.
pub async fn show_error(client: &disputes_api::Client, id: &str) -> disputes_api::Error {
    match client.show_dispute_details().id(id).send().await {
        Ok(dispute) => panic!("expected an error, got {dispute:?}"),
        Err(e) => e,
    }
}

/// A make-offer body (a JSON POST).
pub fn offer() -> disputes_api::types::MakeOfferRequest {
    disputes_api::types::MakeOfferRequest::builder()
        .note("Half back, keep the item.")
        .offer_type(disputes_api::types::MakeOfferRequestOfferType::Refund)
        .try_into()
        .expect("note and offer_type are the required members")
}
