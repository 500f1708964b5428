//! The state machine's rules: which action each party may take in which
//! status and stage, the state each party sees, and the response options
//! PayPal lists. Show dispute details builds its HATEOAS links from
//! [`allowed`], and every action endpoint refuses what [`is_allowed`]
//! refuses, so the links and the answers cannot disagree.
//!
//! Sources: PayPal's API reference (`/work/shared/reference`, operation
//! descriptions) and integration guide (seed 003). Where they leave room,
//! the choice is written next to the rule.

use crate::model::{
    AcceptClaimType, AcknowledgementType, DisputeRecord, DisputeState, OfferType, Party, Reason,
    Stage, Status,
};

crate::model::wire_enum! {
    /// Every action on a dispute, named as the link `rel` PayPal uses
    /// (`send_message`, `accept_claim`, ...).
    pub enum Action {
        /// POST send-message.
        SendMessage = "send_message",
        /// POST make-offer.
        MakeOffer = "make_offer",
        /// POST accept-offer.
        AcceptOffer = "accept_offer",
        /// POST deny-offer.
        DenyOffer = "deny_offer",
        /// POST escalate.
        Escalate = "escalate",
        /// POST provide-evidence.
        ProvideEvidence = "provide_evidence",
        /// POST provide-supporting-info.
        ProvideSupportingInfo = "provide_supporting_info",
        /// POST acknowledge-return-item.
        AcknowledgeReturnItem = "acknowledge_return_item",
        /// POST accept-claim.
        AcceptClaim = "accept_claim",
        /// POST appeal.
        Appeal = "appeal",
        /// POST require-evidence (sandbox only).
        RequireEvidence = "require_evidence",
        /// POST adjudicate (sandbox only).
        Adjudicate = "adjudicate",
        /// PATCH the dispute (communication details).
        Update = "update",
    }
}

impl Action {
    /// The endpoint's path for dispute `id` (`{id}` gives the route
    /// template). The router and the links are both built from this, so a
    /// new action cannot have one without the other.
    pub fn path(self, id: &str) -> String {
        match self.path_segment() {
            Some(segment) => format!("/v1/customer/disputes/{id}/{segment}"),
            None => format!("/v1/customer/disputes/{id}"),
        }
    }

    /// The last path segment of the endpoint (none for update, which is
    /// the dispute's own path).
    fn path_segment(self) -> Option<&'static str> {
        Some(match self {
            Action::SendMessage => "send-message",
            Action::MakeOffer => "make-offer",
            Action::AcceptOffer => "accept-offer",
            Action::DenyOffer => "deny-offer",
            Action::Escalate => "escalate",
            Action::ProvideEvidence => "provide-evidence",
            Action::ProvideSupportingInfo => "provide-supporting-info",
            Action::AcknowledgeReturnItem => "acknowledge-return-item",
            Action::AcceptClaim => "accept-claim",
            Action::Appeal => "appeal",
            Action::RequireEvidence => "require-evidence",
            Action::Adjudicate => "adjudicate",
            Action::Update => return None,
        })
    }

    /// The HTTP method of the endpoint.
    pub fn method(self) -> &'static str {
        match self {
            Action::Update => "PATCH",
            _ => "POST",
        }
    }
}

/// Statuses in which a dispute is still being worked on.
fn active(status: Status) -> bool {
    matches!(
        status,
        Status::Open
            | Status::WaitingForBuyerResponse
            | Status::WaitingForSellerResponse
            | Status::UnderReview
    )
}

/// Statuses in which the parties, not PayPal, have the next move.
fn parties_turn(status: Status) -> bool {
    matches!(
        status,
        Status::Open | Status::WaitingForBuyerResponse | Status::WaitingForSellerResponse
    )
}

/// Whether `party` may take `action` on `dispute` now.
pub fn is_allowed(dispute: &DisputeRecord, party: Party, action: Action) -> bool {
    let inquiry = dispute.stage == Stage::Inquiry;
    let offer_pending = dispute.offer.as_ref().is_some_and(|o| o.pending);
    match action {
        // "Merchants and customers can only send messages if the
        // dispute_life_cycle_stage value is INQUIRY" (API reference); not
        // while PayPal reviews it.
        Action::SendMessage => inquiry && parties_turn(dispute.status),
        // "The stage in the dispute lifecycle must be INQUIRY"; a merchant's
        // offer, one at a time: a new offer waits for the answer to the last.
        Action::MakeOffer => {
            party == Party::Seller
                && inquiry
                && matches!(
                    dispute.status,
                    Status::Open | Status::WaitingForSellerResponse
                )
                && !offer_pending
        }
        // "The customer accepts (denies) the offer from merchant."
        Action::AcceptOffer | Action::DenyOffer => {
            party == Party::Buyer
                && inquiry
                && offer_pending
                && dispute.status == Status::WaitingForBuyerResponse
        }
        // "To make this call, the stage in the dispute lifecycle must be
        // INQUIRY"; either party may escalate while the parties talk.
        Action::Escalate => inquiry && parties_turn(dispute.status),
        // "A merchant can provide evidence for disputes with the
        // WAITING_FOR_SELLER_RESPONSE status while customers can provide
        // evidence for disputes with the WAITING_FOR_BUYER_RESPONSE status."
        Action::ProvideEvidence => dispute.status == party.awaited_in(),
        // "Only when the dispute_life_cycle_stage is CHARGEBACK,
        // PRE_ARBITRATION, or ARBITRATION", while the case is open.
        Action::ProvideSupportingInfo => !inquiry && active(dispute.status),
        // "A merchant can make this request for disputes with the
        // MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED reason", "at any stage"
        // (integration guide); once per dispute.
        Action::AcknowledgeReturnItem => {
            party == Party::Seller
                && dispute.reason == Reason::MerchandiseOrServiceNotAsDescribed
                && active(dispute.status)
                && !dispute.return_acknowledged
        }
        // Accepting liability closes an open case in the customer's favour;
        // only the merchant can.
        Action::AcceptClaim => party == Party::Seller && active(dispute.status),
        // "If this link does not appear, you cannot appeal."
        Action::Appeal => appealable_by(dispute, party),
        // "The dispute status must be UNDER_REVIEW" (both sandbox-only
        // calls); either party may stand in for PayPal's agent.
        Action::RequireEvidence | Action::Adjudicate => dispute.status == Status::UnderReview,
        // "Seller can update the communication_detail value."
        Action::Update => party == Party::Seller && active(dispute.status),
    }
}

/// Whether `party` may appeal PayPal's decision: PayPal documents appeals
/// (PRE_ARBITRATION, ARBITRATION) as the merchant's, against a decision
/// that went against the merchant, while a further appeal stage exists.
pub fn appealable_by(dispute: &DisputeRecord, party: Party) -> bool {
    party == Party::Seller
        && dispute.status == Status::Resolved
        && dispute.lost_by == Some(Party::Seller)
        && dispute.stage.after_appeal().is_some()
}

/// The actions `party` may take now, in [`Action::ALL`] order.
pub fn allowed(dispute: &DisputeRecord, party: Party) -> Vec<Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|action| is_allowed(dispute, party, *action))
        .collect()
}

/// The state `party` sees: PayPal's `dispute_state` is per party.
pub fn dispute_state(dispute: &DisputeRecord, party: Party) -> DisputeState {
    match dispute.status {
        Status::Resolved if appealable_by(dispute, party) => DisputeState::Appealable,
        Status::Resolved => DisputeState::Resolved,
        Status::UnderReview | Status::Other => DisputeState::UnderPaypalReview,
        status if status == party.awaited_in() => DisputeState::RequiredAction,
        status if status == party.other().awaited_in() => DisputeState::RequiredOtherPartyAction,
        _ => DisputeState::OpenInquiries,
    }
}

/// The offer types a merchant may make for this reason. Returns and
/// replacements only make sense for goods: items not received or not as
/// described.
pub fn offer_types(reason: Reason) -> &'static [OfferType] {
    match reason {
        Reason::MerchandiseOrServiceNotAsDescribed => OfferType::ALL,
        Reason::MerchandiseOrServiceNotReceived => &[
            OfferType::Refund,
            OfferType::RefundWithReplacement,
            OfferType::ReplacementWithoutRefund,
        ],
        _ => &[OfferType::Refund],
    }
}

/// The accept-claim types for this reason: a return only for an item not
/// as described (the one reason with a returned item).
pub fn accept_claim_types(reason: Reason) -> &'static [AcceptClaimType] {
    match reason {
        Reason::MerchandiseOrServiceNotAsDescribed => AcceptClaimType::ALL,
        _ => &[AcceptClaimType::Refund, AcceptClaimType::PartialRefund],
    }
}

/// What a merchant can report about a returned package.
pub fn acknowledgement_types() -> &'static [AcknowledgementType] {
    AcknowledgementType::ALL
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amount, Channel, Currency, OfferState};
    use chrono::Utc;

    fn dispute(stage: Stage, status: Status, reason: Reason) -> DisputeRecord {
        let now = Utc::now();
        DisputeRecord {
            id: "PP-D-1".to_owned(),
            create_time: now,
            update_time: now,
            reason,
            status,
            stage,
            channel: Channel::Internal,
            amount: Amount {
                currency: Currency::Usd,
                minor: 1000,
            },
            transaction: Default::default(),
            buyer_response_due: None,
            seller_response_due: None,
            offer: None,
            offer_history: Vec::new(),
            messages: Vec::new(),
            evidences: Vec::new(),
            supporting_info: Vec::new(),
            history: Vec::new(),
            outcome: None,
            adjudications: Vec::new(),
            money_movements: Vec::new(),
            refunded: Amount::zero(Currency::Usd),
            lost_by: None,
            return_acknowledged: false,
            communication_details: None,
            extensions: None,
            uploads: Vec::new(),
        }
    }

    const NOT_RECEIVED: Reason = Reason::MerchandiseOrServiceNotReceived;

    #[test]
    fn inquiry_actions_are_refused_outside_inquiry() {
        let claim = dispute(
            Stage::Chargeback,
            Status::WaitingForSellerResponse,
            NOT_RECEIVED,
        );
        for action in [Action::SendMessage, Action::MakeOffer, Action::Escalate] {
            assert!(!is_allowed(&claim, Party::Seller, action), "{action}");
            assert!(!is_allowed(&claim, Party::Buyer, action), "{action}");
        }
        let inquiry = dispute(
            Stage::Inquiry,
            Status::WaitingForSellerResponse,
            NOT_RECEIVED,
        );
        for action in [Action::SendMessage, Action::MakeOffer, Action::Escalate] {
            assert!(is_allowed(&inquiry, Party::Seller, action), "{action}");
        }
    }

    #[test]
    fn evidence_is_provided_only_by_the_party_whose_response_is_awaited() {
        let d = dispute(
            Stage::Chargeback,
            Status::WaitingForSellerResponse,
            NOT_RECEIVED,
        );
        assert!(is_allowed(&d, Party::Seller, Action::ProvideEvidence));
        assert!(!is_allowed(&d, Party::Buyer, Action::ProvideEvidence));
        let d = dispute(
            Stage::Chargeback,
            Status::WaitingForBuyerResponse,
            NOT_RECEIVED,
        );
        assert!(is_allowed(&d, Party::Buyer, Action::ProvideEvidence));
        assert!(!is_allowed(&d, Party::Seller, Action::ProvideEvidence));
    }

    #[test]
    fn only_the_buyer_answers_a_pending_offer() {
        let mut d = dispute(
            Stage::Inquiry,
            Status::WaitingForBuyerResponse,
            NOT_RECEIVED,
        );
        assert!(!is_allowed(&d, Party::Buyer, Action::AcceptOffer));
        d.offer = Some(OfferState {
            buyer_requested: d.amount,
            offer_type: OfferType::Refund,
            amount: Some(d.amount),
            pending: true,
        });
        for action in [Action::AcceptOffer, Action::DenyOffer] {
            assert!(is_allowed(&d, Party::Buyer, action));
            assert!(!is_allowed(&d, Party::Seller, action));
        }
    }

    #[test]
    fn an_offer_lapses_when_the_case_moves_past_the_customers_turn() {
        let mut d = dispute(
            Stage::Inquiry,
            Status::WaitingForBuyerResponse,
            NOT_RECEIVED,
        );
        d.offer = Some(OfferState {
            buyer_requested: d.amount,
            offer_type: OfferType::Refund,
            amount: Some(d.amount),
            pending: true,
        });
        let now = Utc::now();
        let evidence = crate::transitions::Command::ProvideEvidence {
            evidences: Vec::new(),
            files: Vec::new(),
        };
        crate::transitions::apply(&mut d, Party::Buyer, evidence, now).expect("buyer's evidence");
        let require = crate::transitions::Command::RequireEvidence {
            from: Party::Seller,
        };
        crate::transitions::apply(&mut d, Party::Seller, require, now).expect("require");
        assert_eq!(d.status, Status::WaitingForSellerResponse);
        assert!(is_allowed(&d, Party::Seller, Action::MakeOffer));
    }

    #[test]
    fn acknowledge_return_item_needs_an_item_not_as_described() {
        let d = dispute(
            Stage::Inquiry,
            Status::WaitingForSellerResponse,
            NOT_RECEIVED,
        );
        assert!(!is_allowed(
            &d,
            Party::Seller,
            Action::AcknowledgeReturnItem
        ));
        let d = dispute(
            Stage::Chargeback,
            Status::UnderReview,
            Reason::MerchandiseOrServiceNotAsDescribed,
        );
        assert!(is_allowed(&d, Party::Seller, Action::AcknowledgeReturnItem));
    }

    #[test]
    fn sandbox_calls_need_under_review() {
        let d = dispute(Stage::Chargeback, Status::UnderReview, NOT_RECEIVED);
        assert!(is_allowed(&d, Party::Seller, Action::RequireEvidence));
        assert!(is_allowed(&d, Party::Seller, Action::Adjudicate));
        let d = dispute(
            Stage::Chargeback,
            Status::WaitingForSellerResponse,
            NOT_RECEIVED,
        );
        assert!(!is_allowed(&d, Party::Seller, Action::RequireEvidence));
        assert!(!is_allowed(&d, Party::Seller, Action::Adjudicate));
    }

    #[test]
    fn only_the_loser_of_a_claim_stage_decision_may_appeal() {
        let mut d = dispute(Stage::Chargeback, Status::Resolved, NOT_RECEIVED);
        d.lost_by = Some(Party::Seller);
        assert!(is_allowed(&d, Party::Seller, Action::Appeal));
        assert!(!is_allowed(&d, Party::Buyer, Action::Appeal));
        assert_eq!(dispute_state(&d, Party::Seller), DisputeState::Appealable);
        assert_eq!(dispute_state(&d, Party::Buyer), DisputeState::Resolved);
        d.stage = Stage::Arbitration;
        assert!(!is_allowed(&d, Party::Seller, Action::Appeal));
    }

    #[test]
    fn a_resolved_dispute_allows_nothing_but_an_appeal() {
        let mut d = dispute(
            Stage::Inquiry,
            Status::Resolved,
            Reason::MerchandiseOrServiceNotAsDescribed,
        );
        assert!(allowed(&d, Party::Seller).is_empty());
        assert!(allowed(&d, Party::Buyer).is_empty());
        // Lost by the merchant in a claim stage: the appeal, and only it.
        d.stage = Stage::Chargeback;
        d.lost_by = Some(Party::Seller);
        assert_eq!(allowed(&d, Party::Seller), [Action::Appeal]);
        assert!(allowed(&d, Party::Buyer).is_empty());
        // Lost by the customer: the customer has no appeal.
        d.lost_by = Some(Party::Buyer);
        assert!(allowed(&d, Party::Seller).is_empty());
        assert!(allowed(&d, Party::Buyer).is_empty());
    }

    #[test]
    fn dispute_state_depends_on_whose_turn_it_is() {
        let d = dispute(
            Stage::Chargeback,
            Status::WaitingForSellerResponse,
            NOT_RECEIVED,
        );
        assert_eq!(
            dispute_state(&d, Party::Seller),
            DisputeState::RequiredAction
        );
        assert_eq!(
            dispute_state(&d, Party::Buyer),
            DisputeState::RequiredOtherPartyAction
        );
        let d = dispute(Stage::Inquiry, Status::Open, NOT_RECEIVED);
        assert_eq!(
            dispute_state(&d, Party::Seller),
            DisputeState::OpenInquiries
        );
        let d = dispute(Stage::Inquiry, Status::UnderReview, NOT_RECEIVED);
        assert_eq!(
            dispute_state(&d, Party::Buyer),
            DisputeState::UnderPaypalReview
        );
    }
}
