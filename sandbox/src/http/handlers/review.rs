//! PayPal's side of a case: escalation to a claim, and the two
//! sandbox-only calls that stand in for PayPal's agent (require evidence,
//! adjudicate), which PayPal documents for end-to-end testing.

use axum::extract::{Extension, Request, State};
use axum::response::Response;
use disputes_api::types;

use crate::domain::error::ApiError;
use crate::domain::model::Party;
use crate::domain::transitions::Command;
use crate::http::app::{DisputePath, Shared};
use crate::http::auth::Caller;
use crate::http::handlers::body::BodySpec;
use crate::http::handlers::pipeline::{Success, act};

/// `POST .../escalate`.
pub async fn escalate(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    request: Request,
) -> Response {
    let spec = BodySpec::Json {
        schema: "EscalateDisputeRequest",
        required: false,
    };
    act(
        &app,
        &caller,
        &id,
        request,
        spec,
        Success::Links,
        |parsed| {
            let input: Option<types::EscalateDisputeRequest> = parsed.decode()?;
            Ok(Command::Escalate {
                note: input.and_then(|i| i.note),
            })
        },
    )
    .await
}

/// `POST .../require-evidence`: BUYER_EVIDENCE makes the status
/// WAITING_FOR_BUYER_RESPONSE, SELLER_EVIDENCE WAITING_FOR_SELLER_RESPONSE.
pub async fn require_evidence(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    request: Request,
) -> Response {
    let spec = BodySpec::Json {
        schema: "UpdateDisputeStatusRequest",
        required: true,
    };
    act(
        &app,
        &caller,
        &id,
        request,
        spec,
        Success::Links,
        |parsed| {
            let input: types::UpdateDisputeStatusRequest =
                parsed.decode()?.ok_or_else(ApiError::internal)?;
            Ok(Command::RequireEvidence {
                from: match input.action {
                    types::UpdateDisputeStatusRequestAction::BuyerEvidence => Party::Buyer,
                    types::UpdateDisputeStatusRequestAction::SellerEvidence => Party::Seller,
                },
            })
        },
    )
    .await
}

/// `POST .../adjudicate`.
pub async fn adjudicate(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    request: Request,
) -> Response {
    let spec = BodySpec::Json {
        schema: "SettleDisputeRequest",
        required: true,
    };
    act(
        &app,
        &caller,
        &id,
        request,
        spec,
        Success::Links,
        |parsed| {
            let input: types::SettleDisputeRequest =
                parsed.decode()?.ok_or_else(ApiError::internal)?;
            Ok(Command::Adjudicate {
                favour: match input.adjudication_outcome {
                    types::SettleDisputeRequestAdjudicationOutcome::BuyerFavor => Party::Buyer,
                    types::SettleDisputeRequestAdjudicationOutcome::SellerFavor => Party::Seller,
                },
            })
        },
    )
    .await
}
