//! PayPal's error body, for every failure the sandbox answers.
//!
//! Names and messages are those of PayPal's published error schemas
//! (`error_400` ... `error_503` in the reference OpenAPI): the client
//! decodes them into `disputes_api::ApiError`. Issue codes follow PayPal's
//! conventions; the ones PayPal documents for disputes are
//! `ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE` (seed 000) and the generic
//! `INVALID_REQUEST` family.

use crate::domain::wire::build;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use disputes_api::enums::ErrorLocation;
use disputes_api::types;

/// Where PayPal documents its errors.
pub const INFORMATION_LINK: &str =
    "https://developer.paypal.com/docs/api/customer-disputes/v1/#errors";

crate::domain::model::wire_enum! {
    /// The fine-grained reason of a failure (`details[].issue`).
    pub enum Issue {
        /// A required field or part is absent.
        MissingRequiredParameter = "MISSING_REQUIRED_PARAMETER",
        /// A value has the wrong type or form (not a number, not a date).
        InvalidParameterSyntax = "INVALID_PARAMETER_SYNTAX",
        /// A value is well-formed but not one the field takes.
        InvalidParameterValue = "INVALID_PARAMETER_VALUE",
        /// The body is not JSON.
        MalformedRequestJson = "MALFORMED_REQUEST_JSON",
        /// A text is longer than PayPal takes (notes: 2000 characters).
        InvalidStringMaxLength = "INVALID_STRING_MAX_LENGTH",
        /// A text that must not be empty is (notes: at least 1 character).
        InvalidStringMinLength = "INVALID_STRING_MIN_LENGTH",
        /// Two parameters that cannot be combined.
        IncompatibleParameterValue = "INCOMPATIBLE_PARAMETER_VALUE",
        /// An amount with more decimals than its currency has.
        DecimalPrecision = "DECIMAL_PRECISION",
        /// A file that is not JPG, GIF, PNG or PDF.
        UnsupportedFileType = "UNSUPPORTED_FILE_TYPE",
        /// One file over the per-file limit.
        FileSizeExceeded = "FILE_SIZE_EXCEEDED",
        /// The files of one call (or a case) over the limit.
        TotalFileSizeExceeded = "TOTAL_FILE_SIZE_EXCEEDED",
        /// The multipart body cannot be read.
        MalformedMultipartBody = "MALFORMED_MULTIPART_BODY",
        /// The content type is not one the endpoint takes.
        UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE",
        /// The action is not allowed in the dispute's status and stage, or
        /// not for the caller's side (PayPal's issue for disputes).
        ActionNotAllowedInCurrentDisputeState = "ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE",
        /// The caller's side may never take this action (403; the issue
        /// name is ours, PayPal's 403 documents only its name and message).
        PermissionDenied = "PERMISSION_DENIED",
        /// An offer type the dispute's `allowed_response_options` do not list.
        OfferTypeNotAllowed = "OFFER_TYPE_NOT_ALLOWED",
        /// An accept-claim type the dispute's options do not list.
        AcceptClaimTypeNotAllowed = "ACCEPT_CLAIM_TYPE_NOT_ALLOWED",
        /// An amount in another currency than the dispute's.
        CurrencyMismatch = "CURRENCY_MISMATCH",
        /// An amount above the disputed amount.
        AmountExceedsDisputeAmount = "AMOUNT_EXCEEDS_DISPUTE_AMOUNT",
        /// A JSON Patch operation the dispute does not support.
        InvalidPatchOperation = "INVALID_PATCH_OPERATION",
        /// A JSON Patch operation without its path.
        PatchPathRequired = "PATCH_PATH_REQUIRED",
        /// A JSON Patch operation without its value.
        PatchValueRequired = "PATCH_VALUE_REQUIRED",
        /// No dispute has this ID.
        InvalidResourceId = "INVALID_RESOURCE_ID",
        /// No endpoint at this path.
        InvalidUri = "INVALID_URI",
        /// The bearer token is missing, unknown or expired.
        InvalidAccessToken = "INVALID_ACCESS_TOKEN",
        /// A `PayPal-Request-Id` reused with a different request.
        DuplicateRequestId = "DUPLICATE_REQUEST_ID",
    }
}

/// One problem with a request.
#[derive(Clone, Debug, PartialEq)]
pub struct Detail {
    /// The field at fault: a JSON pointer in the body, a parameter name
    /// in the query or path, the part name in a multipart body.
    pub field: Option<String>,
    /// The value at fault, when short enough to echo.
    pub value: Option<String>,
    /// Where the field is.
    pub location: Option<Location>,
    /// What is wrong.
    pub issue: Issue,
    /// What it means, for people.
    pub description: String,
}

/// Where a field is (PayPal's `error_location`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// In the request body.
    Body,
    /// In the path.
    Path,
    /// In the query string.
    Query,
}

impl Detail {
    /// A detail without field or location.
    pub fn new(issue: Issue, description: impl Into<String>) -> Detail {
        Detail {
            field: None,
            value: None,
            location: None,
            issue,
            description: description.into(),
        }
    }

    /// A detail about a field in the body.
    pub fn body(field: impl Into<String>, issue: Issue, description: impl Into<String>) -> Detail {
        Detail {
            field: Some(field.into()),
            location: Some(Location::Body),
            ..Detail::new(issue, description)
        }
    }

    /// A detail about a query parameter.
    pub fn query(field: &str, issue: Issue, description: impl Into<String>) -> Detail {
        Detail {
            field: Some(field.to_owned()),
            location: Some(Location::Query),
            ..Detail::new(issue, description)
        }
    }

    /// The value at fault, cut to 100 characters so a huge input is not
    /// echoed back.
    pub fn with_value(mut self, value: &str) -> Detail {
        let mut shown: String = value.chars().take(100).collect();
        if shown.len() < value.len() {
            shown.push('…');
        }
        self.value = Some(shown);
        self
    }

    fn to_api(&self) -> types::ErrorDetails {
        build(
            types::ErrorDetails::builder()
                .description(Some(self.description.clone()))
                .field(self.field.clone())
                .issue(self.issue.as_str().to_owned())
                .location(self.location.map(|l| match l {
                    Location::Body => ErrorLocation::Body,
                    Location::Path => ErrorLocation::Path,
                    Location::Query => ErrorLocation::Query,
                }))
                .value(self.value.clone()),
        )
    }
}

/// At most this many `details[]` entries are listed, then one note that
/// more were found: a request can hold any number of problems, and the
/// answer (and the memory to build it) must not grow with them.
pub const MAX_DETAILS: usize = 20;

/// `details` cut to [`MAX_DETAILS`], with a note in place of the rest. The
/// note carries the issue of the first detail left out, so every entry
/// keeps one of PayPal's issue codes.
fn capped(mut details: Vec<Detail>) -> Vec<Detail> {
    if let Some(first_left_out) = details.get(MAX_DETAILS).map(|d| d.issue) {
        details.truncate(MAX_DETAILS);
        details.push(Detail::new(
            first_left_out,
            "Further problems are not listed; fix these and send the request again.",
        ));
    }
    details
}

/// A failure, rendered as PayPal's error body with its status.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// PayPal's error name for the status.
    pub name: &'static str,
    /// PayPal's message for the name.
    pub message: &'static str,
    /// One entry per problem.
    pub details: Vec<Detail>,
    /// Seconds for `Retry-After` (429, 503).
    pub retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, name: &'static str, message: &'static str) -> ApiError {
        ApiError {
            status,
            name,
            message,
            details: Vec::new(),
            retry_after: None,
        }
    }

    /// 400: the request breaks the spec or PayPal's documented limits.
    pub fn invalid_request(details: Vec<Detail>) -> ApiError {
        ApiError {
            details: capped(details),
            ..ApiError::new(
                StatusCode::BAD_REQUEST,
                "INVALID_REQUEST",
                "Request is not well-formed, syntactically incorrect, or violates schema.",
            )
        }
    }

    /// 401: no valid bearer token.
    pub fn unauthorized() -> ApiError {
        ApiError {
            details: vec![Detail::new(
                Issue::InvalidAccessToken,
                "Send a bearer token from POST /v1/oauth2/token; it may have expired.",
            )],
            ..ApiError::new(
                StatusCode::UNAUTHORIZED,
                "AUTHENTICATION_FAILURE",
                "Authentication failed due to missing authorization header, or invalid authentication credentials.",
            )
        }
    }

    /// 404: no dispute with this ID.
    pub fn dispute_not_found(id: &str) -> ApiError {
        ApiError {
            details: vec![
                Detail {
                    field: Some("id".to_owned()),
                    location: Some(Location::Path),
                    ..Detail::new(Issue::InvalidResourceId, "No dispute has this ID.")
                }
                .with_value(id),
            ],
            ..ApiError::new(
                StatusCode::NOT_FOUND,
                "RESOURCE_NOT_FOUND",
                "The specified resource does not exist.",
            )
        }
    }

    /// 404: no endpoint at this path.
    pub fn no_route(path: &str) -> ApiError {
        ApiError {
            details: vec![
                Detail::new(
                    Issue::InvalidUri,
                    "No endpoint of the Disputes API has this path.",
                )
                .with_value(path),
            ],
            ..ApiError::new(
                StatusCode::NOT_FOUND,
                "RESOURCE_NOT_FOUND",
                "The specified resource does not exist.",
            )
        }
    }

    /// 405: the path exists with other methods (the router adds `Allow`).
    pub fn method_not_allowed() -> ApiError {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_SUPPORTED",
            "The server does not implement the requested HTTP method.",
        )
    }

    /// 409: a `PayPal-Request-Id` reused for a different request.
    pub fn request_id_reused() -> ApiError {
        ApiError {
            details: vec![Detail::new(
                Issue::DuplicateRequestId,
                "This PayPal-Request-Id was already used with a different request; use a new ID for a new request.",
            )],
            ..ApiError::new(
                StatusCode::CONFLICT,
                "RESOURCE_CONFLICT",
                "The server has detected a conflict while processing this request.",
            )
        }
    }

    /// 415: a body in a media type the endpoint does not take.
    pub fn unsupported_media_type(expected: &str) -> ApiError {
        ApiError {
            details: vec![Detail::new(
                Issue::UnsupportedMediaType,
                format!("Send the body as {expected}."),
            )],
            ..ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_MEDIA_TYPE",
                "The server does not support the request payload's media type.",
            )
        }
    }

    /// 422: a business rule refuses the request.
    pub fn unprocessable(details: Vec<Detail>) -> ApiError {
        ApiError {
            details: capped(details),
            ..ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "UNPROCESSABLE_ENTITY",
                "The requested action could not be performed, semantically incorrect, or failed business validation.",
            )
        }
    }

    /// 403: the caller's side may never take this action (PayPal's
    /// `error_403`: "Authorization failed due to insufficient permissions.").
    pub fn not_authorized(why: impl Into<String>) -> ApiError {
        ApiError {
            details: vec![Detail::new(Issue::PermissionDenied, why)],
            ..ApiError::new(
                StatusCode::FORBIDDEN,
                "NOT_AUTHORIZED",
                "Authorization failed due to insufficient permissions.",
            )
        }
    }

    /// 422 ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE.
    pub fn action_not_allowed(why: impl Into<String>) -> ApiError {
        ApiError::unprocessable(vec![Detail::new(
            Issue::ActionNotAllowedInCurrentDisputeState,
            why,
        )])
    }

    /// 429, injected.
    pub fn rate_limited(retry_after: u64) -> ApiError {
        ApiError {
            retry_after: Some(retry_after),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMIT_REACHED",
                "Too many requests. Blocked due to rate limiting.",
            )
        }
    }

    /// 500.
    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_SERVER_ERROR",
            "An internal server error occurred.",
        )
    }

    /// 503, injected.
    pub fn unavailable(retry_after: u64) -> ApiError {
        ApiError {
            retry_after: Some(retry_after),
            ..ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "SERVICE_UNAVAILABLE",
                "Service Unavailable.",
            )
        }
    }

    /// The body PayPal sends, with a fresh debug ID.
    pub fn body(&self) -> types::Error {
        build(
            types::Error::builder()
                .debug_id(types::DebugId::from(new_debug_id()))
                .details(self.details.iter().map(Detail::to_api).collect::<Vec<_>>())
                .information_link(Some(INFORMATION_LINK.to_owned()))
                .message(self.message.to_owned())
                .name(self.name.to_owned()),
        )
    }
}

/// PayPal's debug IDs are 13 hex digits.
pub fn new_debug_id() -> String {
    let mut id = uuid::Uuid::new_v4().simple().to_string();
    id.truncate(13);
    id
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = self.body();
        let debug_id = body.debug_id.to_string();
        let mut response = (self.status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&debug_id) {
            headers.insert("paypal-debug-id", value);
        }
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_issue_the_sandbox_answers_with_is_one_the_client_types() {
        for issue in Issue::ALL {
            let typed = disputes_api::Issue::parse(issue.as_str());
            assert_eq!(typed.as_str(), issue.as_str());
            assert!(
                !matches!(typed, disputes_api::Issue::Other(_)),
                "the client does not know {issue}: add it to disputes-api/src/refusal.rs"
            );
        }
    }
}
