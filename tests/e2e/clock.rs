//! The typed client against a sandbox whose clock the test advances
//! (`Sandbox::advance_clock`): accept-offer's 202 settles later, a pending
//! offer lapses at the customer's due date, and a missed merchant
//! response closes the case in the customer's favour.

use std::time::Duration;

use disputes_api::RefusalKind;
use disputes_api::enums::{AdjudicationReason, DisputeStatus, OutcomeCode};
use disputes_api::types::{self, Dispute};
use sandbox::{Action, Config, Party, Sandbox};

use crate::{act, as_party, show, start};

const DAY: Duration = Duration::from_secs(86_400);

fn scenario(text: &str) -> sandbox::Scenario {
    text.parse().expect("a scenario")
}

/// A frozen sandbox with the disputes `states`, whose accept-offer settles
/// an hour later.
async fn frozen_with(states: &[&str]) -> Sandbox {
    let config = states.iter().fold(
        Config::default()
            .disputes(0)
            .clock("frozen:2026-01-01T00:00:00Z".parse().expect("a clock"))
            .accept_offer_delay(Duration::from_secs(3600)),
        |config, state| config.scenario(scenario(state)),
    );
    start(config).await
}

fn outcome(dispute: &Dispute) -> (Option<OutcomeCode>, Option<AdjudicationReason>) {
    let outcome = dispute.dispute_outcome.as_ref();
    (
        outcome.and_then(|o| o.outcome_code.clone()),
        outcome.and_then(|o| o.outcome_reason.clone()),
    )
}

const NOT_AS_DESCRIBED_INQUIRY: &str =
    "WAITING_FOR_SELLER_RESPONSE/INQUIRY/MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED";

#[tokio::test]
async fn accept_offer_answers_202_and_the_client_sees_it_settle_once_the_clock_passes_the_delay() {
    let sandbox = frozen_with(&[NOT_AS_DESCRIBED_INQUIRY]).await;
    let id = &sandbox.scenario_ids()[0];
    let (seller, buyer) = (
        as_party(&sandbox, Party::Seller),
        as_party(&sandbox, Party::Buyer),
    );
    act(&seller, id, Action::MakeOffer, &show(&seller, id).await)
        .await
        .expect("an offer");
    let accepted = buyer
        .accept_offer()
        .id(id.as_str())
        .body(types::AcceptOfferRequest::builder())
        .send()
        .await
        .expect("accepted");
    assert_eq!(accepted.status().as_u16(), 202);

    sandbox
        .advance_clock(Duration::from_secs(3599))
        .await
        .expect("advanced");
    let pending = show(&buyer, id).await;
    assert_eq!(pending.status, Some(DisputeStatus::UnderReview));
    assert_eq!(outcome(&pending), (None, None));
    assert!(pending.allowed_actions().is_empty());

    sandbox
        .advance_clock(Duration::from_secs(1))
        .await
        .expect("advanced");
    let done = show(&buyer, id).await;
    assert_eq!(done.status, Some(DisputeStatus::Resolved));
    assert_eq!(
        outcome(&done),
        (
            Some(OutcomeCode::ResolvedBuyerFavour),
            Some(AdjudicationReason::InquiryOfferPartialRefund)
        )
    );
}

#[tokio::test]
async fn when_the_clock_passes_the_due_dates_an_offer_lapses_and_a_silent_merchant_loses() {
    let sandbox = frozen_with(&[
        NOT_AS_DESCRIBED_INQUIRY,
        "WAITING_FOR_SELLER_RESPONSE/CHARGEBACK/MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
    ])
    .await;
    let ids = sandbox.scenario_ids();
    let (offered, claim) = (&ids[0], &ids[1]);
    let (seller, buyer) = (
        as_party(&sandbox, Party::Seller),
        as_party(&sandbox, Party::Buyer),
    );
    act(
        &seller,
        offered,
        Action::MakeOffer,
        &show(&seller, offered).await,
    )
    .await
    .expect("an offer");
    let waiting = show(&buyer, offered).await;
    assert!(waiting.allowed_actions().contains(Action::AcceptOffer));
    assert_eq!(
        show(&seller, claim)
            .await
            .seller_response_due_date
            .map(|d| d.to_rfc3339()),
        Some("2026-01-11T00:00:00+00:00".to_owned())
    );

    sandbox.advance_clock(21 * DAY).await.expect("advanced");

    // The customer answers too late: a typed refusal, the state's.
    let error = act(&buyer, offered, Action::AcceptOffer, &waiting)
        .await
        .expect_err("the offer lapsed");
    assert_eq!(
        error.refusal().map(|issue| issue.kind()),
        Some(RefusalKind::State),
        "{error}"
    );
    let lapsed = show(&seller, offered).await;
    assert_eq!(lapsed.status, Some(DisputeStatus::Resolved));
    assert_eq!(
        outcome(&lapsed),
        (
            Some(OutcomeCode::ResolvedSellerFavour),
            Some(AdjudicationReason::NoResponseFromBuyer)
        )
    );

    let lost = show(&seller, claim).await;
    assert_eq!(lost.status, Some(DisputeStatus::Resolved));
    assert_eq!(
        outcome(&lost),
        (
            Some(OutcomeCode::ResolvedBuyerFavour),
            Some(AdjudicationReason::NoSellerResponse)
        )
    );
    assert!(lost.allowed_actions().is_empty());
}
