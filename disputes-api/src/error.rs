//! The one error type of the client.
//!
//! Every non-2xx answer is decoded into PayPal's error body when it has that
//! shape ([`ApiError`]), whether the spec lists the status or not; any other
//! body is kept as text ([`Error::Http`]). Every operation's `send` returns
//! it: progenitor's own error type converts into it in the generated
//! wrapper (codegen's `generate/send.rs`).
//!
//! Each variant is built from a type, never from a name in a body: a
//! failure answer from its status and body (`failure`), a failure the
//! runtime met instead of an answer from the `RuntimeFailure` it puts in
//! the response's extensions.

use std::fmt;

use reqwest::StatusCode;

use progenitor_client::Error as ClientError;

use crate::headers;
use crate::types;
use crate::upload::UploadError;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Raw bodies in errors are cut to this many characters.
const MAX_BODY_CHARS: usize = 512;

/// Everything that can go wrong calling PayPal.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// PayPal refused the call and said why in its error body.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// PayPal's token endpoint refused the client credentials.
    #[error(
        "PayPal refused the client credentials ({status}: {reason}); check the client ID and secret, and that they belong to this environment (sandbox or live)"
    )]
    #[non_exhaustive]
    Auth {
        /// Status of the token endpoint.
        status: StatusCode,
        /// PayPal's OAuth error and description (never the secret).
        reason: String,
    },
    /// A failure status whose body is not PayPal's error shape (a proxy, a
    /// load balancer, or PayPal itself); `body` is the start of the raw
    /// text.
    #[error(
        "HTTP {status} with a body that is not a PayPal error: {}{}",
        or_empty(.body),
        .debug_id.as_deref().map(|id| format!(" [debug_id {id}]")).unwrap_or_default()
    )]
    #[non_exhaustive]
    Http {
        /// The status.
        status: StatusCode,
        /// The raw body, truncated.
        body: String,
        /// The `Paypal-Debug-Id` response header, when PayPal answered.
        debug_id: Option<String>,
    },
    /// The client is misconfigured; nothing was sent.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// The request is incomplete or invalid; nothing was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// An upload broke a file or note limit; nothing was sent.
    #[error(transparent)]
    Upload(#[from] UploadError),
    /// PayPal could not be reached, the connection failed, or no answer came
    /// in time, after the retries the policy allows. An action sent may or
    /// may not have been applied: repeat it through
    /// [`Client::with_request_id`](crate::Client::with_request_id) with the
    /// same ID to find out without applying it twice.
    #[error("the connection to PayPal failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// A success response did not match the spec: PayPal sent a value the
    /// types do not allow (a required member missing, a wrong type). The
    /// call itself succeeded, so an action was applied; report the debug ID
    /// and the member to PayPal, or to this crate if the spec is wrong.
    #[error(
        "PayPal's HTTP {status} response does not decode{}: {source}{}; body: {}",
        .member.as_deref().map(|m| format!(" at `{m}`")).unwrap_or_default(),
        .debug_id.as_deref().map(|id| format!(" [debug_id {id}]")).unwrap_or_default(),
        or_empty(.body)
    )]
    #[non_exhaustive]
    Decode {
        /// The status PayPal answered with (a success).
        status: StatusCode,
        /// The `Paypal-Debug-Id` response header, when PayPal sent one.
        debug_id: Option<String>,
        /// The member that failed, as a path into the body
        /// (`disputed_transactions[0].items[1].item_quantity`); absent when
        /// the body as a whole is wrong (not JSON, not an object).
        member: Option<String>,
        /// The raw body, truncated.
        body: String,
        /// What did not match.
        source: serde_json::Error,
    },
    /// PayPal's answer broke the API's own rules (a pagination link without
    /// a token, a token repeated).
    #[error("unexpected answer from PayPal: {0}")]
    Protocol(String),
    /// A status the spec does not list and that is not an error.
    #[error("unexpected HTTP status {0}")]
    UnexpectedStatus(StatusCode),
    /// The dispute's links do not offer this action now; nothing was sent
    /// ([`Dispute::ensure_allowed`](crate::types::Dispute::ensure_allowed)).
    #[error(transparent)]
    NotAllowedNow(#[from] crate::actions::NotAllowed),
    /// A hook failed (not raised by this crate's own hooks).
    #[error("client hook failed: {0}")]
    Hook(String),
}

impl Error {
    /// The HTTP status PayPal answered with, if it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Auth { status, .. }
            | Error::Http { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::UnexpectedStatus(status) => Some(*status),
            Error::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// PayPal's ID of the failed call (its error body's `debug_id`, or the
    /// `Paypal-Debug-Id` header of a failure without PayPal's body or of a
    /// success body that does not decode); quote it to PayPal support.
    pub fn debug_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => Some(e.debug_id()).filter(|id| !id.is_empty()),
            Error::Http { debug_id, .. } | Error::Decode { debug_id, .. } => debug_id.as_deref(),
            _ => None,
        }
    }

    /// PayPal's error body, for [`Error::Api`].
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The first issue code PayPal gave, e.g.
    /// `ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE`.
    pub fn issue(&self) -> Option<&str> {
        self.api().and_then(ApiError::issue)
    }
}

/// A failure status with PayPal's error body.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// PayPal's body: name, message, debug_id, information_link, details.
    pub body: types::Error,
}

impl ApiError {
    /// The error name, e.g. `UNPROCESSABLE_ENTITY`.
    pub fn name(&self) -> &str {
        &self.body.name
    }

    /// The first detail's issue code.
    pub fn issue(&self) -> Option<&str> {
        self.body.details.first().map(|d| d.issue.as_str())
    }

    /// PayPal's ID of this failure; quote it to PayPal support.
    pub fn debug_id(&self) -> &str {
        &self.body.debug_id
    }

    /// Every detail, in PayPal's order.
    pub fn details(&self) -> &[types::ErrorDetails] {
        &self.body.details
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}: {}", self.status, self.body.name)?;
        match self.body.details.first() {
            Some(detail) => {
                write!(f, ": {}", detail.issue)?;
                if let Some(field) = &detail.field {
                    write!(f, " (field `{field}`)")?;
                }
                if let Some(description) = &detail.description {
                    write!(f, ": {description}")?;
                }
            }
            None => write!(f, ": {}", self.body.message)?,
        }
        write!(f, " [debug_id {}]", self.body.debug_id.as_str())
    }
}

impl std::error::Error for ApiError {}

impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Error::Transport(e)
    }
}

/// A failure the runtime met instead of PayPal's answer to the operation.
///
/// progenitor's `exec` hook returns a response or a `reqwest::Error`, so
/// the runtime answers with a bodiless response carrying this in its
/// extensions; every generated operation looks for it ([`answered`],
/// [`failure`], [`unexpected`]) before it reads the status.
#[derive(Debug, Clone)]
pub(crate) enum RuntimeFailure {
    /// The token endpoint refused the client credentials, or answered with
    /// something that is not a token.
    TokenRejected {
        /// The token endpoint's status.
        status: StatusCode,
        /// PayPal's OAuth error and description.
        reason: String,
    },
}

impl RuntimeFailure {
    /// The response that carries this failure to the operation: the
    /// status of the failed exchange, no body.
    pub(crate) fn into_response(self) -> reqwest::Response {
        let status = match &self {
            RuntimeFailure::TokenRejected { status, .. } => *status,
        };
        let mut response = http::Response::new(bytes::Bytes::new());
        *response.status_mut() = status;
        response.extensions_mut().insert(self);
        reqwest::Response::from(response)
    }

    fn of(response: &reqwest::Response) -> Option<Error> {
        response
            .extensions()
            .get::<RuntimeFailure>()
            .map(|failure| match failure.clone() {
                RuntimeFailure::TokenRejected { status, reason } => Error::Auth { status, reason },
            })
    }
}

/// `response`, unless it carries a failure of the runtime's.
pub(crate) fn answered(response: reqwest::Response) -> Result<reqwest::Response> {
    match RuntimeFailure::of(&response) {
        Some(error) => Err(error),
        None => Ok(response),
    }
}

/// A failure answer (4xx, 5xx): PayPal's error body when the body has that
/// shape, whether the spec lists the status or not; the raw text when not.
pub(crate) async fn failure(response: reqwest::Response) -> Error {
    if let Some(error) = RuntimeFailure::of(&response) {
        return error;
    }
    let status = response.status();
    let debug_id = header_debug_id(response.headers());
    match response.bytes().await {
        Err(e) => Error::Transport(e),
        Ok(body) => match serde_json::from_slice::<types::Error>(&body) {
            Ok(body) => Error::Api(Box::new(ApiError { status, body })),
            Err(_) => Error::Http {
                status,
                body: truncate(&String::from_utf8_lossy(&body)),
                debug_id,
            },
        },
    }
}

/// A status the operation's spec does not list and that is not a failure.
pub(crate) fn unexpected(response: reqwest::Response) -> Error {
    RuntimeFailure::of(&response).unwrap_or_else(|| Error::UnexpectedStatus(response.status()))
}

impl From<ClientError<types::Error>> for Error {
    fn from(e: ClientError<types::Error>) -> Self {
        match e {
            ClientError::ErrorResponse(response) => Error::Api(Box::new(ApiError {
                status: response.status(),
                body: response.into_inner(),
            })),
            other => from_client_error(other),
        }
    }
}

impl From<ClientError<()>> for Error {
    fn from(e: ClientError<()>) -> Self {
        from_client_error(e)
    }
}

fn from_client_error<E>(e: ClientError<E>) -> Error {
    match e {
        ClientError::InvalidRequest(message) => Error::InvalidRequest(message),
        ClientError::CommunicationError(e)
        | ClientError::InvalidUpgrade(e)
        | ClientError::ResponseBodyError(e) => Error::Transport(e),
        // The generated code decodes no body through progenitor (success
        // bodies go to `decode.rs`, failures to `failure`): reaching this
        // is a bug of the generator, not of PayPal's.
        ClientError::InvalidResponsePayload(bytes, source) => Error::Protocol(format!(
            "a body that does not decode ({source}): {}",
            truncate(&String::from_utf8_lossy(&bytes))
        )),
        ClientError::UnexpectedResponse(response) => unexpected(response),
        ClientError::Custom(message) => Error::Hook(message),
        ClientError::ErrorResponse(response) => Error::Http {
            status: response.status(),
            body: String::new(),
            debug_id: header_debug_id(response.headers()),
        },
    }
}

/// A raw body for a message: `(empty)` rather than nothing.
fn or_empty(body: &str) -> &str {
    if body.is_empty() { "(empty)" } else { body }
}

/// The `Paypal-Debug-Id` response header, as text.
pub(crate) fn debug_id_header(headers: &reqwest::header::HeaderMap) -> Option<&str> {
    headers.get(headers::DEBUG_ID).and_then(|v| v.to_str().ok())
}

/// The debug ID header for an error: absent when missing or empty.
fn header_debug_id(headers: &reqwest::header::HeaderMap) -> Option<String> {
    debug_id_header(headers)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}

/// The start of a raw body, for messages.
pub(crate) fn truncate(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(MAX_BODY_CHARS) {
        Some((cut, _)) => format!("{}… ({} bytes in all)", &text[..cut], text.len()),
        None => text.to_owned(),
    }
}
