//! One dispute from inquiry to appeal, as PayPal's reference and
//! integration guide describe each step, checked through the typed client
//! after every call: status, stage, the state each party sees, and links
//! that offer exactly the next allowed actions.

use disputes_api::enums::{
    DisputeLifeCycleStage as Stage, DisputeReason, DisputeState, DisputeStatus as Status,
    EvidenceSource, MessagePostedBy, MovementParty, MovementType, OfferEventType, OutcomeCode,
};
use disputes_api::types::{self, Dispute};
use disputes_api::{DisputeFilter, FilePart};
use futures_util::TryStreamExt as _;
use sandbox::Config;

use crate::{PDF, client, evidence, fast_retries, rels, show, start};

fn expect_links(dispute: &Dispute, expected: &[&str]) {
    let mut want = vec!["self"];
    want.extend_from_slice(expected);
    assert_eq!(
        rels(dispute),
        want,
        "links at {:?}/{:?}",
        dispute.dispute_life_cycle_stage,
        dispute.status
    );
    let id = dispute
        .dispute_id
        .as_ref()
        .map(|i| i.to_string())
        .unwrap_or_default();
    for link in &dispute.links {
        assert!(link.href.contains(&id), "{} points elsewhere", link.href);
    }
}

fn at(dispute: &Dispute, stage: Stage, status: Status) {
    assert_eq!(dispute.dispute_life_cycle_stage, Some(stage));
    assert_eq!(dispute.status, Some(status));
}

const CLAIM_UNDER_REVIEW: &[&str] = &[
    "provide_supporting_info",
    "accept_claim",
    "require_evidence",
    "adjudicate",
    "update",
];

#[tokio::test]
async fn a_dispute_goes_from_inquiry_through_a_denied_offer_a_claim_and_a_decision_to_an_appeal() {
    let sandbox = start(Config::default().seed(7).disputes(120)).await;
    let merchant = client(&sandbox, sandbox.seller(), fast_retries(2));
    let customer = client(&sandbox, sandbox.buyer(), fast_retries(2));

    // List: the merchant's disputes that need an answer.
    let needing_action: Vec<types::DisputeSummary> = merchant
        .disputes(
            DisputeFilter::new()
                .dispute_state(DisputeState::RequiredAction)
                .page_size(50),
        )
        .expect("filter")
        .try_collect()
        .await
        .expect("list");
    assert!(
        needing_action
            .iter()
            .all(|d| d.dispute_state == Some(DisputeState::RequiredAction))
    );
    let summary = needing_action
        .iter()
        .find(|d| {
            d.dispute_life_cycle_stage == Some(Stage::Inquiry)
                && d.status == Some(Status::WaitingForSellerResponse)
                && d.reason == Some(DisputeReason::MerchandiseOrServiceNotReceived)
        })
        .expect("an inquiry about an item not received, waiting for the merchant");
    let id = summary.dispute_id.as_ref().expect("id").to_string();

    // Show: an inquiry the merchant must answer.
    let d = show(&merchant, &id).await;
    at(&d, Stage::Inquiry, Status::WaitingForSellerResponse);
    assert!(d.seller_response_due_date.is_some());
    expect_links(
        &d,
        &[
            "send_message",
            "make_offer",
            "escalate",
            "provide_evidence",
            "accept_claim",
            "update",
        ],
    );
    let offer_types = &d
        .allowed_response_options
        .as_ref()
        .and_then(|o| o.make_offer.as_ref())
        .expect("make_offer options")
        .offer_types;
    assert!(offer_types.iter().any(|t| t.as_str() == "REFUND"));

    // Send message, with a file.
    let messages_before = d.messages.len();
    merchant
        .send_message()
        .id(id.as_str())
        .input(
            types::SendMessageInput::builder()
                .message("Tracking attached; it shows delivery.".to_owned()),
        )
        .message_document(FilePart::new("tracking.pdf", PDF))
        .send()
        .await
        .expect("send message");
    let d = show(&merchant, &id).await;
    assert_eq!(d.messages.len(), messages_before + 1);
    let message = d.messages.last().expect("message");
    assert_eq!(message.posted_by, Some(MessagePostedBy::Seller));
    assert_eq!(
        message
            .documents
            .first()
            .and_then(|doc| doc.name.as_deref()),
        Some("tracking.pdf")
    );

    // Make offer: now the customer's turn.
    let offered = crate::one_unit(&d);
    merchant
        .make_offer()
        .id(id.as_str())
        .body(
            types::MakeOfferRequest::builder()
                .note("A partial refund.".to_owned())
                .offer_amount(Some(offered.clone()))
                .offer_type(types::MakeOfferRequestOfferType::Refund),
        )
        .send()
        .await
        .expect("make offer");
    let d = show(&merchant, &id).await;
    at(&d, Stage::Inquiry, Status::WaitingForBuyerResponse);
    expect_links(&d, &["send_message", "escalate", "accept_claim", "update"]);
    let seen_by_customer = show(&customer, &id).await;
    assert_eq!(
        rels(&seen_by_customer),
        [
            "self",
            "send_message",
            "accept_offer",
            "deny_offer",
            "escalate",
            "provide_evidence"
        ]
    );
    let offer = d.offer.as_ref().expect("offer");
    assert_eq!(offer.seller_offered_amount.as_ref(), Some(&offered));
    assert_eq!(
        offer.history.last().and_then(|h| h.event_type.clone()),
        Some(OfferEventType::Proposed)
    );

    // The customer denies it: the merchant's turn again, a new offer possible.
    customer
        .deny_offer()
        .id(id.as_str())
        .body(types::DenyOfferRequest::builder().note("Not enough.".to_owned()))
        .send()
        .await
        .expect("deny offer");
    let d = show(&merchant, &id).await;
    at(&d, Stage::Inquiry, Status::WaitingForSellerResponse);
    expect_links(
        &d,
        &[
            "send_message",
            "make_offer",
            "escalate",
            "provide_evidence",
            "accept_claim",
            "update",
        ],
    );
    let events: Vec<_> = d
        .offer
        .as_ref()
        .expect("offer")
        .history
        .iter()
        .filter_map(|h| h.event_type.clone())
        .collect();
    assert_eq!(
        events[events.len() - 2..],
        [OfferEventType::Proposed, OfferEventType::Denied]
    );

    // Escalate: a claim PayPal reviews; the inquiry actions are gone.
    merchant
        .escalate_dispute()
        .id(id.as_str())
        .body(types::EscalateDisputeRequest::builder().note(Some("We could not agree.".to_owned())))
        .send()
        .await
        .expect("escalate");
    let d = show(&merchant, &id).await;
    at(&d, Stage::Chargeback, Status::UnderReview);
    expect_links(&d, CLAIM_UNDER_REVIEW);
    assert_eq!(d.seller_response_due_date, None);

    // Require evidence from the merchant (sandbox only).
    merchant
        .update_dispute_status()
        .id(id.as_str())
        .body(
            types::UpdateDisputeStatusRequest::builder()
                .action(types::UpdateDisputeStatusRequestAction::SellerEvidence),
        )
        .send()
        .await
        .expect("require evidence");
    let d = show(&merchant, &id).await;
    at(&d, Stage::Chargeback, Status::WaitingForSellerResponse);
    expect_links(
        &d,
        &[
            "provide_evidence",
            "provide_supporting_info",
            "accept_claim",
            "update",
        ],
    );
    let requested = d.evidences.last().expect("requested evidence");
    assert_eq!(requested.source, Some(EvidenceSource::RequestedFromSeller));
    assert_eq!(
        requested.evidence_type.as_ref().map(|t| t.as_str()),
        Some("PROOF_OF_FULFILLMENT")
    );
    assert!(d.seller_response_due_date.is_some());

    // Supporting documents alone, no notes, in PayPal's `supporting document`
    // parts: the sandbox reads them by that name.
    merchant
        .provide_supporting_info()
        .id(id.as_str())
        .supporting_document(FilePart::new("contract.pdf", PDF))
        .send()
        .await
        .expect("provide supporting info");
    let d = show(&merchant, &id).await;
    let given = d.supporting_info.last().expect("supporting info");
    let names: Vec<Option<&str>> = given
        .documents
        .iter()
        .map(|doc| doc.name.as_deref())
        .collect();
    assert_eq!(names, [Some("contract.pdf")]);
    assert_eq!(
        (
            given.notes.as_deref(),
            given.source.as_ref().map(|s| s.as_str())
        ),
        (None, Some("SUBMITTED_BY_SELLER"))
    );
    at(&d, Stage::Chargeback, Status::WaitingForSellerResponse);

    // Provide evidence with a PDF: back to PayPal.
    merchant
        .provide_evidence()
        .id(id.as_str())
        .input(crate::from_json::<types::ProvideEvidenceInput>(serde_json::json!({
            "evidences": [{
                "evidence_type": "PROOF_OF_FULFILLMENT",
                "evidence_info": {"tracking_info": [{"carrier_name": "UPS", "tracking_number": "1Z999AA10123456784"}]},
                "notes": "Delivered to the front door."
            }]
        })))
        .evidence_file(FilePart::new("proof-of-delivery.pdf", PDF))
        .send()
        .await
        .expect("provide evidence");
    let d = show(&merchant, &id).await;
    at(&d, Stage::Chargeback, Status::UnderReview);
    expect_links(&d, CLAIM_UNDER_REVIEW);
    let submitted = d.evidences.last().expect("submitted evidence");
    assert_eq!(submitted.source, Some(EvidenceSource::SubmittedBySeller));
    assert_eq!(
        submitted
            .documents
            .first()
            .and_then(|doc| doc.name.as_deref()),
        Some("proof-of-delivery.pdf")
    );
    let tracking = &submitted
        .evidence_info
        .as_ref()
        .expect("tracking")
        .tracking_info;
    assert_eq!(
        tracking.first().map(|t| t.tracking_number.as_str()),
        Some("1Z999AA10123456784")
    );

    // Adjudicate for the customer: resolved, refunded, appealable by the merchant.
    merchant
        .settle_dispute()
        .id(id.as_str())
        .body(
            types::SettleDisputeRequest::builder()
                .adjudication_outcome(types::SettleDisputeRequestAdjudicationOutcome::BuyerFavor),
        )
        .send()
        .await
        .expect("adjudicate");
    let d = show(&merchant, &id).await;
    at(&d, Stage::Chargeback, Status::Resolved);
    expect_links(&d, &["appeal"]);
    let outcome = d.dispute_outcome.as_ref().expect("outcome");
    assert_eq!(outcome.outcome_code, Some(OutcomeCode::ResolvedBuyerFavour));
    assert_eq!(outcome.amount_refunded, d.dispute_amount);
    let moved: Vec<_> = d
        .money_movements
        .iter()
        .map(|m| (m.affected_party.clone(), m.type_.clone(), m.amount.clone()))
        .collect();
    assert_eq!(
        moved,
        [
            (
                Some(MovementParty::Seller),
                Some(MovementType::Debit),
                d.dispute_amount.clone()
            ),
            (
                Some(MovementParty::Buyer),
                Some(MovementType::Credit),
                d.dispute_amount.clone()
            ),
        ]
    );
    assert_eq!(d.adjudications.len(), 1);
    assert_eq!(
        rels(&show(&customer, &id).await),
        ["self"],
        "the customer won; nothing to appeal"
    );

    // Appeal: the first appeal stage, under review again.
    merchant
        .appeal_dispute()
        .id(id.as_str())
        .input(evidence(
            "OTHER",
            "The signature on the delivery matches the customer's.",
        ))
        .evidence_file(FilePart::new("signature.pdf", PDF))
        .send()
        .await
        .expect("appeal");
    let d = show(&merchant, &id).await;
    at(&d, Stage::PreArbitration, Status::UnderReview);
    expect_links(&d, CLAIM_UNDER_REVIEW);
    assert_eq!(d.dispute_outcome, None);
    assert_eq!(
        d.evidences
            .last()
            .and_then(|e| e.action_info.as_ref())
            .and_then(|a| a.action.clone())
            .map(|a| a.as_str().to_owned()),
        Some("APPEAL".to_owned())
    );
}
