//! Disputes as the API shows them, to one party: details with the HATEOAS
//! links of exactly the actions that party may take now, summaries for
//! list disputes, and the links an action returns.
//!
//! The shapes are the generated `disputes-api` types, so what the sandbox
//! sends is what the spec (and the client) reads, `dispute_state` and
//! `history` included (PayPal sends them, seed 001).

use disputes_api::enums;
use disputes_api::types;

use crate::domain::action::Action;
use crate::domain::model::{DisputeRecord, HistoryEvent, Party, Status};
use crate::domain::rules;
use crate::domain::wire::build;

/// The scheme, host and port links point at, such as
/// `http://127.0.0.1:8080` (the `Host` the client used).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(pub String);

impl BaseUrl {
    /// The URL of a dispute.
    pub fn dispute(&self, id: &str) -> String {
        format!("{}/v1/customer/disputes/{}", self.0, id)
    }

    /// The URL of list disputes.
    pub fn disputes(&self) -> String {
        format!("{}/v1/customer/disputes", self.0)
    }
}

/// A link to `href` with relation `rel`.
pub fn link(href: String, rel: &str, method: enums::HttpMethod) -> types::LinkDescription {
    build(
        types::LinkDescription::builder()
            .href(href)
            .rel(rel)
            .method(method),
    )
}

/// The `self` link of a dispute.
pub fn self_link(base: &BaseUrl, id: &str) -> types::LinkDescription {
    link(base.dispute(id), "self", enums::HttpMethod::Get)
}

/// What every action returns: a link to the dispute (the integration
/// guide's escalate example), to read its new state.
pub fn subsequent(base: &BaseUrl, id: &str) -> types::SubsequentAction {
    build(types::SubsequentAction::builder().links(vec![self_link(base, id)]))
}

/// `self`, then one link per action `party` may take now.
pub fn links(base: &BaseUrl, dispute: &DisputeRecord, party: Party) -> Vec<types::LinkDescription> {
    let mut links = vec![self_link(base, &dispute.id)];
    for action in rules::allowed(dispute, party) {
        let href = format!("{}{}", base.0, action.path(&dispute.id));
        let method = enums::HttpMethod::from(action.method());
        links.push(link(href, action.as_str(), method));
    }
    links
}

/// The response options of the actions `party` may take now.
fn response_options(
    dispute: &DisputeRecord,
    party: Party,
) -> Option<types::AllowedResponseOptions> {
    let allowed = |action| rules::is_allowed(dispute, party, action);
    let options: types::AllowedResponseOptions = build(
        types::AllowedResponseOptions::builder()
            .accept_claim(allowed(Action::AcceptClaim).then(|| {
                build(
                    types::AcceptClaimResponseOptions::builder().accept_claim_types(
                        rules::accept_claim_types(dispute.reason)
                            .iter()
                            .map(|t| enums::AcceptClaimType::from(t.as_str()))
                            .collect::<Vec<_>>(),
                    ),
                )
            }))
            .acknowledge_return_item(allowed(Action::AcknowledgeReturnItem).then(|| {
                build(
                    types::AcknowledgeReturnItemResponseOptions::builder().acknowledgement_types(
                        rules::acknowledgement_types()
                            .iter()
                            .map(|t| enums::AcknowledgementType::from(t.as_str()))
                            .collect::<Vec<_>>(),
                    ),
                )
            }))
            .make_offer(allowed(Action::MakeOffer).then(|| {
                build(
                    types::MakeOfferResponseOptions::builder().offer_types(
                        rules::offer_types(dispute.reason)
                            .iter()
                            .map(|t| enums::OfferType::from(t.as_str()))
                            .collect::<Vec<_>>(),
                    ),
                )
            })),
    );
    let empty = options.accept_claim.is_none()
        && options.acknowledge_return_item.is_none()
        && options.make_offer.is_none();
    (!empty).then_some(options)
}

/// The dispute as `party` sees it.
pub fn details(base: &BaseUrl, dispute: &DisputeRecord, party: Party) -> types::Dispute {
    let offer = (!dispute.offer_history.is_empty()).then(|| {
        build(
            types::Offer::builder()
                .buyer_requested_amount(
                    dispute.offer.as_ref().map(|o| o.buyer_requested.to_money()),
                )
                .history(dispute.offer_history.clone())
                .offer_type(
                    dispute
                        .offer
                        .as_ref()
                        .map(|o| enums::OfferType::from(o.offer_type.as_str())),
                )
                .seller_offered_amount(
                    dispute
                        .offer
                        .as_ref()
                        .and_then(|o| o.amount)
                        .map(|a| a.to_money()),
                ),
        )
    });
    let refundable = (dispute.status != Status::Resolved).then(|| {
        build(
            types::RefundDetails::builder().allowed_refund_amount(
                crate::domain::model::Amount {
                    currency: dispute.amount.currency,
                    minor: dispute.amount.minor - dispute.refunded.minor,
                }
                .to_money(),
            ),
        )
    });
    let mut fee_policy = serde_json::Map::new();
    fee_policy.insert(
        "transaction_fee".to_owned(),
        serde_json::Value::from("RETAIN_ALL_FEE"),
    );
    build(
        types::Dispute::builder()
            .adjudications(dispute.adjudications.clone())
            .allowed_response_options(response_options(dispute, party))
            .buyer_response_due_date(dispute.buyer_response_due)
            .communication_details(dispute.communication_details.clone())
            .create_time(dispute.create_time)
            .dispute_amount(dispute.amount.to_money())
            .dispute_channel(enums::DisputeChannel::from(dispute.channel.as_str()))
            .dispute_id(types::DisputeId::from(dispute.id.clone()))
            .dispute_life_cycle_stage(enums::DisputeLifeCycleStage::from(dispute.stage.as_str()))
            .dispute_outcome(dispute.outcome.clone())
            .disputed_transactions(vec![dispute.transaction.clone()])
            .evidences(dispute.evidences.clone())
            .extensions(dispute.extensions.clone())
            .fee_policy(fee_policy)
            .links(links(base, dispute, party))
            .messages(dispute.messages.clone())
            .money_movements(dispute.money_movements.clone())
            .offer(offer)
            .reason(enums::DisputeReason::from(dispute.reason.as_str()))
            .refund_details(refundable)
            .seller_response_due_date(dispute.seller_response_due)
            .status(enums::DisputeStatus::from(dispute.status.as_str()))
            .supporting_info(dispute.supporting_info.clone())
            .update_time(dispute.update_time)
            .dispute_state(enums::DisputeState::from(
                rules::dispute_state(dispute, party).as_str(),
            ))
            .history(
                dispute
                    .history
                    .iter()
                    .map(HistoryEvent::to_api)
                    .collect::<Vec<_>>(),
            ),
    )
}

/// The dispute as list disputes shows it to `party`, with the same links
/// as its details (PayPal: a party may provide supporting information "if
/// they find the provide-supporting-info link in the HATEOAS links in the
/// list disputes response").
pub fn summary(base: &BaseUrl, dispute: &DisputeRecord, party: Party) -> types::DisputeSummary {
    build(
        types::DisputeSummary::builder()
            .buyer_response_due_date(dispute.buyer_response_due)
            .create_time(dispute.create_time)
            .dispute_amount(dispute.amount.to_money())
            .dispute_channel(enums::DisputeChannel::from(dispute.channel.as_str()))
            .dispute_id(types::DisputeId::from(dispute.id.clone()))
            .dispute_life_cycle_stage(enums::DisputeLifeCycleStage::from(dispute.stage.as_str()))
            .dispute_state(enums::DisputeState::from(
                rules::dispute_state(dispute, party).as_str(),
            ))
            .links(links(base, dispute, party))
            .reason(enums::DisputeReason::from(dispute.reason.as_str()))
            .seller_response_due_date(dispute.seller_response_due)
            .status(enums::DisputeStatus::from(dispute.status.as_str()))
            .update_time(dispute.update_time),
    )
}

impl HistoryEvent {
    /// The event as show dispute details carries it.
    fn to_api(&self) -> types::HistoryEvent {
        build(
            types::HistoryEvent::builder()
                .actor(enums::HistoryActor::from(self.actor.as_str()))
                .date(self.date)
                .dispute_life_cycle_stage(enums::DisputeLifeCycleStage::from(
                    self.dispute_life_cycle_stage.as_str(),
                ))
                .event_type(self.event_type.as_str().to_owned()),
        )
    }
}
