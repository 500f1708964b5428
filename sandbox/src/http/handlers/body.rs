//! Request bodies: read with the sandbox's limit, parsed as JSON or
//! multipart, validated against the spec's schemas and PayPal's rules the
//! spec cannot state, and digested for idempotency.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, header};
use disputes_api::upload::FileKind;
use serde_json::Value;

use crate::config::UploadLimits;
use crate::domain::error::{ApiError, Detail, Issue, Location, MAX_DETAILS};
use crate::domain::model::Upload;
use crate::http::validate;
use crate::state::idempotency;

/// What an endpoint's body is, as the document states it
/// ([`super::endpoint`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodySpec {
    /// A JSON body of the spec's schema `schema`.
    Json {
        /// The schema name in the spec.
        schema: String,
        /// Whether the spec requires a body (an empty one is `{}` if not).
        required: bool,
    },
    /// `multipart/form-data`: a JSON `input` part and file parts.
    Multipart {
        /// The input part's schema name.
        input: String,
        /// Whether the input part is required.
        input_required: bool,
        /// The name of the file parts.
        files: String,
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

    /// The input of a body whose input the document requires. [`parse`]
    /// refuses a body without it, so its absence here is the sandbox's
    /// own fault: a 500, not a default.
    pub fn required<T: serde::de::DeserializeOwned>(&self) -> Result<T, ApiError> {
        self.decode()?.ok_or_else(ApiError::internal)
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
    validate::note_lengths(value, "", limits.paypal.note_chars, details);
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
pub async fn parse(
    spec: &BodySpec,
    headers: HeaderMap,
    extensions: http::Extensions,
    bytes: Bytes,
    limits: &UploadLimits,
) -> Result<Parsed, ApiError> {
    let media = media_type(&headers);
    match spec {
        BodySpec::Json { schema, required } => {
            if bytes.iter().all(u8::is_ascii_whitespace) {
                if *required {
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
                *input_required,
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
                Some(_) if size >= limits.paypal.file_bytes => details.push(
                    Detail::body(
                        file_part,
                        Issue::FileSizeExceeded,
                        format!(
                            "{size} bytes; each file must be under {} bytes.",
                            limits.paypal.file_bytes
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
    if total > limits.paypal.call_bytes {
        details.push(Detail::body(
            file_part,
            Issue::TotalFileSizeExceeded,
            format!(
                "{total} bytes of files; one call takes at most {} bytes.",
                limits.paypal.call_bytes
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
    usize::try_from(limits.paypal.call_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1024 * 1024)
}

/// The body, read up to [`body_limit`]: a larger one is refused with
/// PayPal's error, not buffered.
pub async fn read(body: Body, limits: &UploadLimits) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, body_limit(limits))
        .await
        .map_err(|_| {
            ApiError::invalid_request(vec![Detail::new(
                Issue::TotalFileSizeExceeded,
                format!(
                    "The request is larger than {} bytes, or was cut short.",
                    body_limit(limits)
                ),
            )])
        })
}
