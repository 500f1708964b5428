//! Offers: the merchant makes one, the customer accepts or denies it
//! (PayPal: "If the customer accepts the offer, PayPal automatically makes
//! a refund").

use axum::extract::{Extension, Request, State};
use axum::response::Response;
use disputes_api::types;

use crate::domain::error::ApiError;
use crate::domain::model::OfferType;
use crate::domain::transitions::Command;
use crate::http::app::{DisputePath, Shared};
use crate::http::auth::Caller;
use crate::http::handlers::body::BodySpec;
use crate::http::handlers::pipeline::{Success, act};

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
                return_shipping_address: input.return_shipping_address,
                invoice_id: input.invoice_id,
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
    // Checked at start to be at most ten years, which chrono holds.
    let settle_after = app
        .config
        .accept_offer_delay
        .map(chrono::Duration::from_std)
        .transpose();
    act(&app, &caller, &id, request, spec, Success::Links, |_| {
        Ok(Command::AcceptOffer {
            settle_after: settle_after.map_err(|_| ApiError::internal())?,
        })
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
