//! The one handler of every action endpoint. What differs between actions
//! is data: the body and the answer come from the document
//! ([`Endpoint`]), and [`command`] says how the typed body becomes a
//! [`Command`]. Everything else (the body limit, validation, idempotency,
//! the rules, the durable commit) is the shared [`pipeline`](super::pipeline).

use axum::extract::{Extension, Request, State};
use axum::response::{IntoResponse, Response};
use disputes_api::types;

use crate::config::Config;
use crate::domain::action::Action;
use crate::domain::error::ApiError;
use crate::domain::model::Party;
use crate::domain::transitions::Command;
use crate::http::app::{DisputePath, Shared};
use crate::http::auth::Caller;
use crate::http::handlers::body::Parsed;
use crate::http::handlers::endpoint::Endpoint;
use crate::http::handlers::pipeline::act;
use crate::http::handlers::update;

/// `action`'s endpoint, routed by [`Action::path`] and [`Action::method`].
pub async fn handle(
    action: Action,
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    request: Request,
) -> Response {
    let endpoint = match Endpoint::of(action) {
        Ok(endpoint) => endpoint,
        Err(error) => return error.into_response(),
    };
    act(&app, &caller, &id, request, endpoint, |parsed| {
        command(action, parsed, &app.config)
    })
    .await
}

/// What the body of a call to `action` asks for, in the client's own
/// request types: a request the client cannot build cannot be read here.
///
/// Exhaustive over [`Action`] and over the request enums, so a new action
/// or a new value PayPal accepts stops the build here instead of reaching
/// the rules as some default.
fn command(action: Action, parsed: Parsed, config: &Config) -> Result<Command, ApiError> {
    Ok(match action {
        Action::SendMessage => {
            let input: types::SendMessageInput = parsed.required()?;
            Command::SendMessage {
                message: input.message,
                files: parsed.files,
            }
        }
        Action::MakeOffer => {
            let input: types::MakeOfferRequest = parsed.required()?;
            Command::MakeOffer {
                note: input.note,
                offer_type: input.offer_type,
                amount: input.offer_amount,
                return_shipping_address: input.return_shipping_address,
                invoice_id: input.invoice_id,
            }
        }
        Action::AcceptOffer => Command::AcceptOffer {
            // Checked at start to be at most ten years, which chrono holds.
            settle_after: config
                .accept_offer_delay
                .map(chrono::Duration::from_std)
                .transpose()
                .map_err(|_| ApiError::internal())?,
        },
        Action::DenyOffer => Command::DenyOffer,
        Action::Escalate => {
            let input: Option<types::EscalateDisputeRequest> = parsed.decode()?;
            Command::Escalate {
                note: input.and_then(|i| i.note),
            }
        }
        Action::ProvideEvidence => Command::ProvideEvidence {
            evidences: parsed.required::<types::ProvideEvidenceInput>()?.evidences,
            files: parsed.files,
        },
        // "a document or notes": the input part is optional.
        Action::Appeal => Command::Appeal {
            evidences: parsed
                .decode::<types::ProvideEvidenceInput>()?
                .map(|input| input.evidences)
                .unwrap_or_default(),
            files: parsed.files,
        },
        Action::ProvideSupportingInfo => {
            let input: Option<types::ProvideSupportingInfoInput> = parsed.decode()?;
            Command::ProvideSupportingInfo {
                notes: input.and_then(|i| i.notes),
                files: parsed.files,
            }
        }
        Action::AcknowledgeReturnItem => {
            let input: types::AcknowledgeReturnItemInput = parsed.decode()?.unwrap_or_default();
            Command::AcknowledgeReturnItem {
                note: input.note,
                acknowledgement_type: input.acknowledgement_type,
                files: parsed.files,
            }
        }
        Action::AcceptClaim => {
            let input: types::AcceptClaimInput = parsed.decode()?.unwrap_or_default();
            Command::AcceptClaim {
                note: input.note,
                accept_claim_type: input.accept_claim_type,
                refund_amount: input.refund_amount,
                return_shipping_address: input.return_shipping_address,
                files: parsed.files,
            }
        }
        Action::RequireEvidence => Command::RequireEvidence {
            from: match parsed
                .required::<types::UpdateDisputeStatusRequest>()?
                .action
            {
                types::UpdateDisputeStatusRequestAction::BuyerEvidence => Party::Buyer,
                types::UpdateDisputeStatusRequestAction::SellerEvidence => Party::Seller,
            },
        },
        Action::Adjudicate => Command::Adjudicate {
            favour: match parsed
                .required::<types::SettleDisputeRequest>()?
                .adjudication_outcome
            {
                types::SettleDisputeRequestAdjudicationOutcome::BuyerFavor => Party::Buyer,
                types::SettleDisputeRequestAdjudicationOutcome::SellerFavor => Party::Seller,
            },
        },
        Action::Update => update::command(
            parsed.required::<Vec<types::Patch>>()?,
            config.upload_limits.paypal.note_chars,
        )?,
    })
}
