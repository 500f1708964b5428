//! The state machine's rules: which action each party may take in which
//! status and stage, the state each party sees, and the response options
//! PayPal lists. Show dispute details builds its HATEOAS links from
//! [`allowed`], and every action endpoint refuses what [`is_allowed`]
//! refuses, so the links and the answers cannot disagree.
//!
//! Who may act when is data, with its sources, in
//! [`rule_table`]; this module evaluates it.

use crate::domain::action::Action;
use crate::domain::model::{
    AcceptClaimType, AcknowledgementType, DisputeRecord, DisputeState, OfferType, Party, Reason,
    Status,
};
use crate::domain::rule_table;

/// Whether `party` may take `action` on `dispute` now: the action's
/// [`gate`](rule_table::gate) in the rule table.
pub fn is_allowed(dispute: &DisputeRecord, party: Party, action: Action) -> bool {
    rule_table::gate(action).check(dispute, party).is_ok()
}

/// Whether `party` may appeal PayPal's decision: PayPal documents appeals
/// (PRE_ARBITRATION, ARBITRATION) as the merchant's, against a decision
/// that went against the merchant, while a further appeal stage exists.
pub fn appealable_by(dispute: &DisputeRecord, party: Party) -> bool {
    is_allowed(dispute, party, Action::Appeal)
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
    use crate::domain::model::{OfferState, Stage};

    use crate::domain::fixtures::dispute;

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
