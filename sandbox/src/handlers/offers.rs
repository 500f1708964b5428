//! Offers: the merchant makes one, the customer accepts or denies it
//! (PayPal: "If the customer accepts the offer, PayPal automatically makes
//! a refund").

use axum::extract::{Extension, Request, State};
use axum::response::Response;
use disputes_api::types;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::handlers::{BodySpec, DisputePath, Shared, Success, act};
use crate::model::OfferType;
use crate::transitions::Command;

/// `POST .../make-offer`.
pub async fn make_offer(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    request: Request,
) -> Response {
    let spec = BodySpec::Json {
        schema: "MakeOfferRequest",
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
            let input: types::MakeOfferRequest = parsed.decode()?.ok_or_else(ApiError::internal)?;
            Ok(Command::MakeOffer {
                note: input.note,
                offer_type: OfferType::from(input.offer_type),
                amount: input.offer_amount,
            })
        },
    )
    .await
}

/// `POST .../accept-offer` (the customer).
pub async fn accept_offer(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    request: Request,
) -> Response {
    let spec = BodySpec::Json {
        schema: "AcceptOfferRequest",
        required: false,
    };
    act(&app, &caller, &id, request, spec, Success::Links, |_| {
        Ok(Command::AcceptOffer)
    })
    .await
}

/// `POST .../deny-offer` (the customer).
pub async fn deny_offer(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    request: Request,
) -> Response {
    let spec = BodySpec::Json {
        schema: "DenyOfferRequest",
        required: true,
    };
    act(&app, &caller, &id, request, spec, Success::Links, |_| {
        Ok(Command::DenyOffer)
    })
    .await
}
