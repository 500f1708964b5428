//! Evidence and the claim-stage answers, all multipart (a JSON `input`
//! part and file parts): provide evidence, appeal, provide supporting
//! information, acknowledge a returned item, accept the claim.

use axum::extract::{Extension, Request, State};
use axum::response::Response;
use disputes_api::types;

use crate::domain::error::ApiError;
use crate::domain::model::{AcceptClaimType, AcknowledgementType};
use crate::domain::transitions::Command;
use crate::http::app::{DisputePath, Shared};
use crate::http::auth::Caller;
use crate::http::handlers::body::{BodySpec, Parsed};
use crate::http::handlers::pipeline::{Success, act};

fn evidences(parsed: &Parsed) -> Result<Vec<types::EvidenceInput>, ApiError> {
    let input: types::ProvideEvidenceInput = parsed.decode()?.ok_or_else(ApiError::internal)?;
    Ok(input.evidences)
}

const EVIDENCE: BodySpec = BodySpec::Multipart {
    input: "ProvideEvidenceInput",
    input_required: true,
    files: "evidence-file",
};

/// `POST .../provide-evidence`.
pub async fn provide_evidence(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    request: Request,
) -> Response {
    act(
        &app,
        &caller,
        &id,
        request,
        EVIDENCE,
        Success::Links,
        |parsed| {
            Ok(Command::ProvideEvidence {
                evidences: evidences(&parsed)?,
                files: parsed.files,
            })
        },
    )
    .await
}

/// `POST .../appeal`.
pub async fn appeal(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    request: Request,
) -> Response {
    act(
        &app,
        &caller,
        &id,
        request,
        EVIDENCE,
        Success::Links,
        |parsed| {
            Ok(Command::Appeal {
                evidences: evidences(&parsed)?,
                files: parsed.files,
            })
        },
    )
    .await
}

/// `POST .../provide-supporting-info`.
pub async fn provide_supporting_info(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    request: Request,
) -> Response {
    let spec = BodySpec::Multipart {
        input: "ProvideSupportingInfoInput",
        input_required: false,
        files: "supporting document",
    };
    act(
        &app,
        &caller,
        &id,
        request,
        spec,
        Success::Links,
        |parsed| {
            let input: Option<types::ProvideSupportingInfoInput> = parsed.decode()?;
            Ok(Command::ProvideSupportingInfo {
                notes: input.and_then(|i| i.notes),
                files: parsed.files,
            })
        },
    )
    .await
}

/// `POST .../acknowledge-return-item`.
pub async fn acknowledge_return_item(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    request: Request,
) -> Response {
    let spec = BodySpec::Multipart {
        input: "AcknowledgeReturnItemInput",
        input_required: false,
        files: "acknowledgement_document",
    };
    act(
        &app,
        &caller,
        &id,
        request,
        spec,
        Success::Links,
        |parsed| {
            let input: types::AcknowledgeReturnItemInput = parsed.decode()?.unwrap_or_default();
            Ok(Command::AcknowledgeReturnItem {
                note: input.note,
                acknowledgement_type: input.acknowledgement_type.map(AcknowledgementType::from),
                files: parsed.files,
            })
        },
    )
    .await
}

/// `POST .../accept-claim`.
pub async fn accept_claim(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    request: Request,
) -> Response {
    let spec = BodySpec::Multipart {
        input: "AcceptClaimInput",
        input_required: false,
        files: "accept-claim-document",
    };
    act(
        &app,
        &caller,
        &id,
        request,
        spec,
        Success::Links,
        |parsed| {
            let input: types::AcceptClaimInput = parsed.decode()?.unwrap_or_default();
            Ok(Command::AcceptClaim {
                note: input.note,
                accept_claim_type: input.accept_claim_type.map(AcceptClaimType::from),
                refund_amount: input.refund_amount,
                return_shipping_address: input.return_shipping_address,
                files: parsed.files,
            })
        },
    )
    .await
}
