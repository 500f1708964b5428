//! Why PayPal refused a call, in types: the `issue` of its error body's
//! first detail, as an enum a merchant can branch on instead of comparing
//! strings.
//!
//! The names are PayPal's: the dispute state error of the Disputes
//! reference (seed 000), PayPal's generic request errors (`INVALID_REQUEST`
//! family), and the evidence file, amount, permission and idempotency
//! issues PayPal's dispute calls answer with. A name this version does not
//! know is kept in [`Issue::Other`], never lost.

use std::fmt;

use crate::error::{ApiError, Error};

macro_rules! issues {
    ($( $(#[$meta:meta])* $variant:ident = $name:literal => $kind:ident, )+) => {
        /// One of PayPal's issue names (`details[].issue`).
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Issue {
            $( $(#[$meta])* $variant, )+
            /// A name this version does not know, as PayPal wrote it.
            Other(String),
        }

        impl Issue {
            /// Every known issue (not [`Issue::Other`]).
            pub const KNOWN: &'static [Issue] = &[$(Issue::$variant,)+];

            /// The issue PayPal names `name`.
            pub fn parse(name: &str) -> Issue {
                match name {
                    $($name => Issue::$variant,)+
                    other => Issue::Other(other.to_owned()),
                }
            }

            /// The name as PayPal writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Issue::$variant => $name,)+
                    Issue::Other(name) => name,
                }
            }

            /// What kind of refusal it is.
            pub fn kind(&self) -> RefusalKind {
                match self {
                    $(Issue::$variant => RefusalKind::$kind,)+
                    Issue::Other(_) => RefusalKind::Other,
                }
            }
        }
    };
}

issues! {
    /// The action is not allowed in the dispute's status and stage: read
    /// the dispute's links (`Dispute::allowed_actions`) for what is.
    ActionNotAllowedInCurrentDisputeState = "ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE" => State,
    /// The caller may not take this action on this dispute (the other
    /// party's action, or a missing scope).
    PermissionDenied = "PERMISSION_DENIED" => Permission,
    /// An offer type the dispute's `allowed_response_options` do not list.
    OfferTypeNotAllowed = "OFFER_TYPE_NOT_ALLOWED" => State,
    /// An accept-claim type the dispute's `allowed_response_options` do not list.
    AcceptClaimTypeNotAllowed = "ACCEPT_CLAIM_TYPE_NOT_ALLOWED" => State,
    /// A file that is not JPG, GIF, PNG or PDF.
    UnsupportedFileType = "UNSUPPORTED_FILE_TYPE" => File,
    /// One file over the per-file limit.
    FileSizeExceeded = "FILE_SIZE_EXCEEDED" => File,
    /// The files of a call or a case over the limit.
    TotalFileSizeExceeded = "TOTAL_FILE_SIZE_EXCEEDED" => File,
    /// The multipart body cannot be read.
    MalformedMultipartBody = "MALFORMED_MULTIPART_BODY" => Request,
    /// An amount in another currency than the dispute's.
    CurrencyMismatch = "CURRENCY_MISMATCH" => Amount,
    /// An amount above the disputed amount.
    AmountExceedsDisputeAmount = "AMOUNT_EXCEEDS_DISPUTE_AMOUNT" => Amount,
    /// An amount with more decimals than its currency has.
    DecimalPrecision = "DECIMAL_PRECISION" => Amount,
    /// A required field or part is absent.
    MissingRequiredParameter = "MISSING_REQUIRED_PARAMETER" => Request,
    /// A value has the wrong type or form.
    InvalidParameterSyntax = "INVALID_PARAMETER_SYNTAX" => Request,
    /// A well-formed value the field does not take.
    InvalidParameterValue = "INVALID_PARAMETER_VALUE" => Request,
    /// Two parameters that cannot be combined.
    IncompatibleParameterValue = "INCOMPATIBLE_PARAMETER_VALUE" => Request,
    /// The body is not JSON.
    MalformedRequestJson = "MALFORMED_REQUEST_JSON" => Request,
    /// A text longer than PayPal takes (notes: 2000 characters).
    InvalidStringMaxLength = "INVALID_STRING_MAX_LENGTH" => Request,
    /// A text shorter than PayPal takes (an empty note).
    InvalidStringMinLength = "INVALID_STRING_MIN_LENGTH" => Request,
    /// The content type is not one the endpoint takes.
    UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE" => Request,
    /// A JSON Patch operation the dispute does not support.
    InvalidPatchOperation = "INVALID_PATCH_OPERATION" => Request,
    /// A JSON Patch operation without its path.
    PatchPathRequired = "PATCH_PATH_REQUIRED" => Request,
    /// A JSON Patch operation without its value.
    PatchValueRequired = "PATCH_VALUE_REQUIRED" => Request,
    /// No dispute has this ID.
    InvalidResourceId = "INVALID_RESOURCE_ID" => NotFound,
    /// No endpoint at this path.
    InvalidUri = "INVALID_URI" => NotFound,
    /// The access token is missing, unknown or expired (the client
    /// refreshes it once by itself).
    InvalidAccessToken = "INVALID_ACCESS_TOKEN" => Auth,
    /// A `PayPal-Request-Id` reused for a different request.
    DuplicateRequestId = "DUPLICATE_REQUEST_ID" => Request,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of refusal a merchant handles differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefusalKind {
    /// Not now: the dispute's state does not allow it. Read the dispute
    /// again and act on its links.
    State,
    /// Not this caller.
    Permission,
    /// A file of the upload.
    File,
    /// An amount or currency.
    Amount,
    /// The request itself (a field, the body); fixing the code fixes it.
    Request,
    /// No such dispute or endpoint.
    NotFound,
    /// Authentication.
    Auth,
    /// An issue this version does not know.
    Other,
}

impl ApiError {
    /// Why PayPal refused: the first detail's issue, typed.
    pub fn refusal(&self) -> Option<Issue> {
        self.issue().map(Issue::parse)
    }

    /// Every detail's issue, typed, in PayPal's order.
    pub fn refusals(&self) -> impl Iterator<Item = Issue> + '_ {
        self.details().iter().map(|d| Issue::parse(&d.issue))
    }
}

impl Error {
    /// Why PayPal refused the call, typed; `None` for failures that are not
    /// PayPal's refusal (a transport error, a body that is not PayPal's).
    ///
    /// ```no_run
    /// use disputes_api::{Issue, RefusalKind};
    ///
    /// # async fn run(client: disputes_api::Client, offer: disputes_api::types::MakeOfferRequest) -> Result<(), disputes_api::Error> {
    /// match client.make_offer().id("PP-D-27803").body(offer).send().await {
    ///     Ok(_) => {}
    ///     Err(e) if e.is_not_allowed_in_state() => println!("not now"),
    ///     Err(e) => match e.refusal().map(|i| i.kind()) {
    ///         Some(RefusalKind::Amount) => println!("fix the amount: {e}"),
    ///         _ => return Err(e),
    ///     },
    /// }
    /// # let _ = Issue::ActionNotAllowedInCurrentDisputeState;
    /// # Ok(())
    /// # }
    /// ```
    pub fn refusal(&self) -> Option<Issue> {
        self.api().and_then(ApiError::refusal)
    }

    /// Whether the action is not allowed in the dispute's state now:
    /// PayPal refused it (422 `ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE`),
    /// or [`Dispute::ensure_allowed`](crate::types::Dispute::ensure_allowed)
    /// stopped it before sending.
    pub fn is_not_allowed_in_state(&self) -> bool {
        matches!(self, Error::NotAllowedNow(_))
            || self.refusal() == Some(Issue::ActionNotAllowedInCurrentDisputeState)
    }

    /// Whether PayPal refused a file of an upload (type or size).
    pub fn is_file_refused(&self) -> bool {
        self.refusal()
            .is_some_and(|i| i.kind() == RefusalKind::File)
    }

    /// Whether PayPal refused an amount or currency.
    pub fn is_amount_refused(&self) -> bool {
        self.refusal()
            .is_some_and(|i| i.kind() == RefusalKind::Amount)
    }

    /// Whether the caller may not take this action at all.
    pub fn is_permission_denied(&self) -> bool {
        self.refusal()
            .is_some_and(|i| i.kind() == RefusalKind::Permission)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_issue_parses_back_to_itself_and_unknown_names_are_kept() {
        for issue in Issue::KNOWN {
            assert_eq!(&Issue::parse(issue.as_str()), issue);
            assert_ne!(issue.kind(), RefusalKind::Other, "{issue}");
        }
        let new = Issue::parse("EVIDENCE_TOO_BLURRY");
        assert_eq!(new, Issue::Other("EVIDENCE_TOO_BLURRY".to_owned()));
        assert_eq!(new.as_str(), "EVIDENCE_TOO_BLURRY");
        assert_eq!(new.kind(), RefusalKind::Other);
    }
}
