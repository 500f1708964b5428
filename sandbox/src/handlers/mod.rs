//! The HTTP side: the shared state, the authentication middleware, body
//! parsing (JSON and multipart, validated against the spec), and the one
//! pipeline every action goes through: parse, idempotency lookup, apply to
//! a copy of the dispute, write the state file, then commit the change and
//! its stored answer together. The endpoint files only say how their body
//! becomes a [`Command`].

pub mod admin;
pub mod evidence;
pub mod messages;
pub mod oauth;
pub mod offers;
pub mod read;
pub mod review;
pub mod update;

use std::net::SocketAddr;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use disputes_api::upload::FileKind;
use serde_json::Value;

use crate::auth::{Caller, Tokens};
use crate::config::{Config, UploadLimits};
use crate::counters::Counters;
use crate::error::{ApiError, Detail, Issue, Location, MAX_DETAILS};
use crate::faults::FaultInjector;
use crate::idempotency::{self, Lookup, Record, StoredResponse};
use crate::model::Upload;
use crate::persist::{self, Persister};
use crate::render::{self, BaseUrl};
use crate::store::{Change, World};
use crate::transitions::{self, Command};
use crate::validate;

/// Everything the handlers share.
#[derive(Debug)]
pub struct App {
    /// The configuration the sandbox started with.
    pub config: Config,
    /// The state.
    pub world: RwLock<World>,
    /// Issued tokens.
    pub tokens: Tokens,
    /// Fault dice.
    pub faults: FaultInjector,
    /// The state file writer, with `--state`.
    pub persister: Option<Persister>,
    /// Held by an action from reading its dispute until its change is
    /// committed (after the state file is written), so changes commit one
    /// at a time and in the order they were written.
    pub changes: tokio::sync::Mutex<()>,
    /// The address the server listens on.
    pub local: SocketAddr,
}

/// The state handlers get.
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
        }
    }
}

/// Requires a live bearer token; the caller becomes a request extension.
pub async fn authenticate(State(app): State<Shared>, mut request: Request, next: Next) -> Response {
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match app.tokens.verify(authorization) {
        Some(caller) => {
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        None => ApiError::unauthorized().into_response(),
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

/// The `PayPal-Request-Id`, if sent: 1 to 108 visible characters, as the
/// client allows.
fn request_id(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get("paypal-request-id") else {
        return Ok(None);
    };
    match value.to_str() {
        Ok(id) if !id.is_empty() && id.len() <= 108 => Ok(Some(id.to_owned())),
        _ => Err(ApiError::invalid_request(vec![Detail {
            field: Some("PayPal-Request-Id".to_owned()),
            ..Detail::new(
                Issue::InvalidParameterValue,
                "A PayPal-Request-Id has 1 to 108 visible ASCII characters.",
            )
        }])),
    }
}

impl IntoResponse for StoredResponse {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if self.body.is_empty() {
            return status.into_response();
        }
        (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            self.body,
        )
            .into_response()
    }
}

fn stored_error(error: &ApiError) -> StoredResponse {
    StoredResponse {
        status: error.status.as_u16(),
        body: serde_json::to_string(&error.body()).unwrap_or_default(),
    }
}

/// What an endpoint's body is.
#[derive(Clone, Copy, Debug)]
pub enum BodySpec {
    /// A JSON body of the spec's schema `schema`.
    Json {
        /// The schema name in the spec.
        schema: &'static str,
        /// Whether the spec requires a body (an empty one is `{}` if not).
        required: bool,
    },
    /// `multipart/form-data`: a JSON `input` part and file parts.
    Multipart {
        /// The input part's schema name.
        input: &'static str,
        /// Whether the input part is required.
        input_required: bool,
        /// The name of the file parts.
        files: &'static str,
    },
}

/// A parsed and validated body.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The JSON body or input part.
    pub input: Option<Value>,
    /// The uploaded files.
    pub files: Vec<Upload>,
    /// The [`idempotency::Content`] digest of the body: what the request
    /// means, however it was encoded.
    pub content: [u8; 32],
}

impl Parsed {
    /// The input as a generated request type. The input already passed the
    /// spec's schema, so this fails only where the schema is looser than
    /// the type.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>, ApiError> {
        self.input
            .clone()
            .map(serde_json::from_value)
            .transpose()
            .map_err(|e| {
                ApiError::invalid_request(vec![Detail {
                    location: Some(Location::Body),
                    ..Detail::new(Issue::InvalidParameterValue, e.to_string())
                }])
            })
    }
}

fn media_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
}

/// JSON checks beyond the schema: note lengths, evidence rules.
fn input_rules(value: &Value, limits: &UploadLimits, details: &mut Vec<Detail>) {
    validate::note_lengths(value, "", limits.note_chars, details);
    validate::evidence_rules(value, "", details);
}

fn parse_json(bytes: &[u8], schema: &str, at: &str) -> Result<Value, ApiError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::invalid_request(vec![Detail {
            field: (!at.is_empty()).then(|| at.to_owned()),
            location: Some(Location::Body),
            ..Detail::new(Issue::MalformedRequestJson, e.to_string())
        }])
    })?;
    let details = validate::against_schema(schema, &value, "");
    if details.is_empty() {
        Ok(value)
    } else {
        Err(ApiError::invalid_request(details))
    }
}

/// Parses and validates a body. `headers` and `extensions` are the
/// request's; the multipart reader needs the body limit the router set.
async fn parse(
    spec: BodySpec,
    headers: HeaderMap,
    extensions: http::Extensions,
    bytes: Bytes,
    limits: &UploadLimits,
) -> Result<Parsed, ApiError> {
    let media = media_type(&headers);
    match spec {
        BodySpec::Json { schema, required } => {
            if bytes.iter().all(u8::is_ascii_whitespace) {
                if required {
                    return Err(ApiError::invalid_request(vec![Detail::body(
                        "/",
                        Issue::MissingRequiredParameter,
                        "A JSON body is required.",
                    )]));
                }
                let input = Value::Object(Default::default());
                return Ok(Parsed {
                    content: content_of(Some(&input)),
                    input: Some(input),
                    files: Vec::new(),
                });
            }
            if media.as_deref().is_some_and(|m| m != "application/json") {
                return Err(ApiError::unsupported_media_type("application/json"));
            }
            let value = parse_json(&bytes, schema, "")?;
            let mut details = Vec::new();
            input_rules(&value, limits, &mut details);
            if !details.is_empty() {
                return Err(ApiError::invalid_request(details));
            }
            Ok(Parsed {
                content: content_of(Some(&value)),
                input: Some(value),
                files: Vec::new(),
            })
        }
        BodySpec::Multipart {
            input,
            input_required,
            files,
        } => {
            // The spec requires a body on every upload, even where the input
            // part is optional: an empty form, not no body at all.
            if media.is_none() && bytes.is_empty() {
                return Err(ApiError::invalid_request(vec![Detail::body(
                    "/",
                    Issue::MissingRequiredParameter,
                    "A multipart/form-data body is required.",
                )]));
            }
            if media.as_deref() != Some("multipart/form-data") {
                return Err(ApiError::unsupported_media_type("multipart/form-data"));
            }
            parse_multipart(
                headers,
                extensions,
                bytes,
                input,
                input_required,
                files,
                limits,
            )
            .await
        }
    }
}

/// The content digest of a body without files.
fn content_of(input: Option<&Value>) -> [u8; 32] {
    let mut content = idempotency::Content::default();
    content.input(input);
    content.digest()
}

fn malformed_multipart(reason: impl std::fmt::Display) -> ApiError {
    ApiError::invalid_request(vec![Detail {
        location: Some(Location::Body),
        ..Detail::new(Issue::MalformedMultipartBody, reason.to_string())
    }])
}

async fn parse_multipart(
    headers: HeaderMap,
    extensions: http::Extensions,
    bytes: Bytes,
    input_schema: &str,
    input_required: bool,
    file_part: &str,
    limits: &UploadLimits,
) -> Result<Parsed, ApiError> {
    let mut request = Request::new(Body::from(bytes));
    *request.headers_mut() = headers;
    *request.extensions_mut() = extensions;
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(malformed_multipart)?;
    let mut parsed = Parsed::default();
    let mut content = idempotency::Content::default();
    let mut details = Vec::new();
    let mut total: u64 = 0;
    let mut file_parts = 0;
    while let Some(field) = multipart.next_field().await.map_err(malformed_multipart)? {
        // Past the cap the answer cannot list more; stop reading.
        if details.len() > MAX_DETAILS {
            break;
        }
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        if name == file_part || file_name.is_some() {
            file_parts += 1;
            if file_parts > limits.files_per_call {
                details.push(Detail::body(
                    file_part,
                    Issue::InvalidParameterValue,
                    format!(
                        "At most {} files per call; send the others in another call.",
                        limits.files_per_call
                    ),
                ));
                return Err(ApiError::invalid_request(details));
            }
        }
        let data = field.bytes().await.map_err(malformed_multipart)?;
        if name == "input" {
            if parsed.input.is_some() {
                details.push(Detail::body(
                    "input",
                    Issue::InvalidParameterValue,
                    "Send one input part.",
                ));
                continue;
            }
            let value = parse_json(&data, input_schema, "input")?;
            input_rules(&value, limits, &mut details);
            parsed.input = Some(value);
        } else if name == file_part {
            let name =
                file_name.unwrap_or_else(|| format!("{file_part}-{}", parsed.files.len() + 1));
            content.file(file_part, &name, &data);
            let size = data.len() as u64;
            total += size;
            match FileKind::sniff(&data) {
                None => details.push(
                    Detail::body(
                        file_part,
                        Issue::UnsupportedFileType,
                        "Files must be JPG, GIF, PNG or PDF (judged by their content).",
                    )
                    .with_value(&name),
                ),
                Some(_) if size >= limits.file_bytes => details.push(
                    Detail::body(
                        file_part,
                        Issue::FileSizeExceeded,
                        format!(
                            "{size} bytes; each file must be under {} bytes.",
                            limits.file_bytes
                        ),
                    )
                    .with_value(&name),
                ),
                Some(kind) => parsed.files.push(Upload {
                    name,
                    bytes: size,
                    media_type: kind.media_type().to_owned(),
                }),
            }
        } else if file_name.is_some() {
            // A file under another name would be silently lost: refuse it.
            details.push(
                Detail::body(
                    name.clone(),
                    Issue::InvalidParameterValue,
                    format!("Unknown file part; send files as `{file_part}` parts."),
                )
                .with_value(&name),
            );
        }
        // Other fields are ignored, as unknown JSON members are: the
        // spec's multipart schemas allow additional properties.
    }
    if total > limits.call_bytes {
        details.push(Detail::body(
            file_part,
            Issue::TotalFileSizeExceeded,
            format!(
                "{total} bytes of files; one call takes at most {} bytes.",
                limits.call_bytes
            ),
        ));
    }
    if parsed.input.is_none() && input_required {
        details.push(Detail::body(
            "input",
            Issue::MissingRequiredParameter,
            "The `input` part (application/json) is required.",
        ));
    }
    if details.is_empty() {
        content.input(parsed.input.as_ref());
        parsed.content = content.digest();
        Ok(parsed)
    } else {
        Err(ApiError::invalid_request(details))
    }
}

/// The largest body read: a full call of files plus room for the input
/// and the multipart framing. Larger bodies are refused, not read.
fn body_limit(limits: &UploadLimits) -> usize {
    usize::try_from(limits.call_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1024 * 1024)
}

/// How an action answers when it succeeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Success {
    /// 200 with a link to the dispute.
    Links,
    /// 204 without a body (partially update dispute).
    NoContent,
}

/// The pipeline of every action endpoint.
pub async fn act(
    app: &Shared,
    caller: &Caller,
    id: &str,
    request: Request,
    spec: BodySpec,
    success: Success,
    to_command: impl FnOnce(Parsed) -> Result<Command, ApiError>,
) -> Response {
    match run(app, caller, id, request, spec, success, to_command).await {
        Ok(response) | Err(response) => response,
    }
}

async fn run(
    app: &Shared,
    caller: &Caller,
    id: &str,
    request: Request,
    spec: BodySpec,
    success: Success,
    to_command: impl FnOnce(Parsed) -> Result<Command, ApiError>,
) -> Result<Response, Response> {
    let (parts, body) = request.into_parts();
    let base = base_url(&parts.headers, app.local);
    let request_id = request_id(&parts.headers).map_err(IntoResponse::into_response)?;
    let limits = &app.config.upload_limits;
    let bytes = axum::body::to_bytes(body, body_limit(limits))
        .await
        .map_err(|_| {
            ApiError::invalid_request(vec![Detail::new(
                Issue::TotalFileSizeExceeded,
                format!(
                    "The request is larger than {} bytes, or was cut short.",
                    body_limit(limits)
                ),
            )])
            .into_response()
        })?;
    if app.read().get(id).is_none() {
        return Err(ApiError::dispute_not_found(id).into_response());
    }
    let (method, path) = (parts.method.clone(), parts.uri.path().to_owned());
    // Parsed before the lookup: a retry is recognised by what its body
    // means, not by its bytes (see `idempotency::Content`). Refusals here
    // are not stored, and parsing the same body refuses it the same way.
    let parsed = parse(spec, parts.headers, parts.extensions, bytes, limits)
        .await
        .map_err(IntoResponse::into_response)?;
    let fingerprint = idempotency::fingerprint(method.as_str(), &path, &parsed.content);
    // Under the read lock: a replay changes nothing but an atomic count.
    let replay = |world: &World| -> Option<Response> {
        let request_id = request_id.as_deref()?;
        match world
            .idempotency
            .lookup(&caller.client_id, request_id, &fingerprint)
        {
            Lookup::New => None,
            Lookup::Replay(stored) => {
                world.counters.replayed();
                Some(stored.into_response())
            }
            Lookup::Conflict => Some(ApiError::request_id_reused().into_response()),
        }
    };
    if let Some(answer) = replay(&app.read()) {
        return Ok(answer);
    }
    let command = to_command(parsed).map_err(IntoResponse::into_response)?;
    let action = command.action();
    // One change at a time, from here to its commit: the state file
    // written for a change must hold exactly the state it commits, with
    // no other change in between.
    let _turn = app.changes.lock().await;
    let mut dispute = {
        let world = app.read();
        // A duplicate may have committed while this one was parsed.
        if let Some(answer) = replay(&world) {
            return Ok(answer);
        }
        world
            .get(id)
            .cloned()
            .ok_or_else(|| ApiError::dispute_not_found(id).into_response())?
    };
    // Applied to a copy, so nothing is visible until it is durable.
    let outcome = transitions::apply(&mut dispute, caller.party, command, Utc::now());
    let answer = match &outcome {
        Ok(()) => match success {
            Success::Links => StoredResponse {
                status: 200,
                body: serde_json::to_string(&render::subsequent(&base, id)).unwrap_or_default(),
            },
            Success::NoContent => StoredResponse {
                status: 204,
                body: String::new(),
            },
        },
        Err(error) => stored_error(error),
    };
    let change = Change {
        refused: outcome
            .as_ref()
            .is_err_and(|e| e.status == StatusCode::UNPROCESSABLE_ENTITY),
        applied: outcome.is_ok().then_some(action),
        dispute: outcome.is_ok().then_some(dispute),
        record: request_id.map(|request_id| Record {
            client_id: caller.client_id.clone(),
            request_id,
            fingerprint,
            response: answer.clone(),
            applied: u64::from(outcome.is_ok()),
        }),
    };
    if let (Some(persister), true) = (&app.persister, change.is_durable()) {
        let bytes = persist::encode_with(&app.read(), Some(&change));
        if let Err(error) = persister.write(bytes).await {
            // Nothing was committed: memory still matches the file, and a
            // retry with the same PayPal-Request-Id is handled afresh.
            tracing::error!(%error, "the state file was not written; the change is dropped");
            return Err(ApiError::internal().into_response());
        }
    }
    app.write().commit(change);
    Ok(answer.into_response())
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

    use crate::error::ApiError;

    /// 404 for an unknown path.
    pub async fn not_found(uri: Uri) -> Response {
        ApiError::no_route(uri.path()).into_response()
    }

    /// 405 for a known path with another method; the router adds `Allow`.
    pub async fn method_not_allowed() -> Response {
        ApiError::method_not_allowed().into_response()
    }
}
