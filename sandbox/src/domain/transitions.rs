//! What each action does to a dispute: the state machine's transitions,
//! with the offers, messages, evidence, outcome, money movements and
//! history entries each one leaves behind.
//!
//! [`apply`] first asks [`rules::is_allowed`], so an action the links do
//! not offer is refused with ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE
//! and changes nothing. Checks that depend on the dispute (an offer type
//! the reason allows, an amount in the dispute's currency) come next; a
//! refused command never leaves a half-applied change.

use crate::domain::wire::build;
use chrono::{DateTime, Duration, Utc};
use disputes_api::enums;
use disputes_api::types;

use crate::domain::action::Action;
use crate::domain::error::{ApiError, Detail, Issue};
use crate::domain::model::{
    AcceptClaimType, AcknowledgementType, Actor, Amount, DisputeRecord, EventType, HistoryEvent,
    OfferState, OfferType, Party, Reason, Stage, Status, Upload, offer_names_amount,
};
use crate::domain::rule_table::{self, Refusal};
use crate::domain::rules;

/// An action with its parsed input.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Send a message to the other party.
    SendMessage {
        /// The text.
        message: String,
        /// Attached files.
        files: Vec<Upload>,
    },
    /// The merchant offers to settle.
    MakeOffer {
        /// The merchant's note.
        note: String,
        /// What is offered.
        offer_type: OfferType,
        /// The amount, for offers with one.
        amount: Option<types::Money>,
        /// Where the customer returns the item (REFUND_WITH_RETURN).
        return_shipping_address: Option<types::AddressPortable>,
        /// The merchant's invoice for the refund.
        invoice_id: Option<String>,
    },
    /// The customer accepts the pending offer.
    AcceptOffer {
        /// When set, the money moves this much later: the answer is 202
        /// and the dispute settles once the clock passes it.
        settle_after: Option<Duration>,
    },
    /// The customer denies the pending offer.
    DenyOffer,
    /// A party escalates the inquiry to a claim.
    Escalate {
        /// Why.
        note: Option<String>,
    },
    /// The awaited party provides evidence.
    ProvideEvidence {
        /// The evidence.
        evidences: Vec<types::EvidenceInput>,
        /// Its files.
        files: Vec<Upload>,
    },
    /// The merchant appeals a decision, with new evidence.
    Appeal {
        /// The evidence.
        evidences: Vec<types::EvidenceInput>,
        /// Its files.
        files: Vec<Upload>,
    },
    /// A party gives PayPal information for its review.
    ProvideSupportingInfo {
        /// The notes.
        notes: Option<String>,
        /// Files.
        files: Vec<Upload>,
    },
    /// The merchant reports on a returned item.
    AcknowledgeReturnItem {
        /// The merchant's note.
        note: Option<String>,
        /// What came back (ITEM_RECEIVED when absent).
        acknowledgement_type: Option<AcknowledgementType>,
        /// Files.
        files: Vec<Upload>,
    },
    /// The merchant accepts liability.
    AcceptClaim {
        /// The merchant's note.
        note: Option<String>,
        /// How to refund (REFUND when absent).
        accept_claim_type: Option<AcceptClaimType>,
        /// The amount of a partial refund.
        refund_amount: Option<types::Money>,
        /// Where the customer returns the item (the return types).
        return_shipping_address: Option<types::AddressPortable>,
        /// Files.
        files: Vec<Upload>,
    },
    /// PayPal (in the sandbox, the caller) asks a party for evidence.
    RequireEvidence {
        /// Whom.
        from: Party,
    },
    /// PayPal (in the sandbox, the caller) decides.
    Adjudicate {
        /// In whose favour.
        favour: Party,
    },
    /// The merchant sets the contact details the customer sees.
    Update {
        /// The email, if changed.
        email: Option<String>,
        /// The note, if changed.
        note: Option<String>,
    },
}

impl Command {
    /// The action this command performs.
    pub fn action(&self) -> Action {
        match self {
            Command::SendMessage { .. } => Action::SendMessage,
            Command::MakeOffer { .. } => Action::MakeOffer,
            Command::AcceptOffer { .. } => Action::AcceptOffer,
            Command::DenyOffer => Action::DenyOffer,
            Command::Escalate { .. } => Action::Escalate,
            Command::ProvideEvidence { .. } => Action::ProvideEvidence,
            Command::Appeal { .. } => Action::Appeal,
            Command::ProvideSupportingInfo { .. } => Action::ProvideSupportingInfo,
            Command::AcknowledgeReturnItem { .. } => Action::AcknowledgeReturnItem,
            Command::AcceptClaim { .. } => Action::AcceptClaim,
            Command::RequireEvidence { .. } => Action::RequireEvidence,
            Command::Adjudicate { .. } => Action::Adjudicate,
            Command::Update { .. } => Action::Update,
        }
    }
}

/// How an applied action completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completion {
    /// Done: everything it does is in the dispute (200, or 204 for PATCH).
    Now,
    /// Accepted, and finished by the clock at this instant (202).
    Later(DateTime<Utc>),
}

/// How long a party has to answer: PayPal gives 20 days in an inquiry and
/// 10 days in a claim (its resolution-center terms); the sandbox uses the same.
pub fn response_window(stage: Stage) -> Duration {
    match stage {
        Stage::Inquiry => Duration::days(20),
        _ => Duration::days(10),
    }
}

/// Applies `command` by `party` at `now`, or refuses it and changes nothing.
///
/// The dispute is taken as it stands: the caller first brings it up to
/// `now` with [`pass_time`], so that an action after a deadline meets the
/// lapsed dispute.
pub fn apply(
    dispute: &mut DisputeRecord,
    party: Party,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Completion, ApiError> {
    let action = command.action();
    match rule_table::gate(action).check(dispute, party) {
        Ok(()) => {}
        Err(Refusal::WrongParty) => {
            return Err(ApiError::not_authorized(format!(
                "{action} is never the {}'s to take (rule any.wrong-party-is-forbidden).",
                party.as_str().to_lowercase(),
            )));
        }
        Err(Refusal::WrongState) => {
            return Err(ApiError::action_not_allowed(format!(
                "{} is not allowed for the {} while the dispute is {} in the {} stage.",
                action,
                party.as_str().to_lowercase(),
                dispute.status,
                dispute.stage
            )));
        }
    }
    // Checks against the dispute first: nothing below may fail after the
    // first change.
    let checked = check(dispute, &command)?;
    let actor = Actor::from(party);
    match command {
        Command::SendMessage { message, files } => {
            dispute.messages.push(build(
                types::Message::builder()
                    .content(Some(message))
                    .documents(files.iter().map(Upload::to_document).collect::<Vec<_>>())
                    .posted_by(Some(enums::MessagePostedBy::from(party.as_str())))
                    .time_posted(Some(now)),
            ));
            dispute.uploads.extend(files);
            event(dispute, actor, EventType::SentMessage, now);
        }
        Command::MakeOffer {
            note, offer_type, ..
        } => {
            let amount = checked.amount;
            dispute.offer = Some(OfferState {
                buyer_requested: dispute.amount,
                offer_type,
                amount,
                pending: true,
            });
            dispute.offer_history.push(build(
                types::OfferHistory::builder()
                    .actor(Some(enums::OfferActor::Seller))
                    .dispute_life_cycle_stage(Some(stage(dispute.stage)))
                    .event_type(Some(enums::OfferEventType::Proposed))
                    .notes(Some(note))
                    .offer_amount(amount.map(Amount::to_money))
                    .offer_time(Some(now))
                    .offer_type(Some(enums::OfferType::from(offer_type.as_str()))),
            ));
            event(dispute, actor, EventType::MadeOffer, now);
            // Rule make-offer.full-refund-closes: "dispute is auto closed
            // for full refunds"; only a partial refund waits.
            if offer_type == OfferType::Refund && amount == Some(dispute.amount) {
                if let Some(offer) = dispute.offer.as_mut() {
                    offer.pending = false;
                }
                resolve(
                    dispute,
                    enums::OutcomeCode::ResolvedBuyerFavour,
                    enums::AdjudicationReason::SellerIssuedRefund,
                    dispute.amount,
                    None,
                    now,
                );
            } else {
                set_status(dispute, Status::WaitingForBuyerResponse, now);
            }
        }
        Command::AcceptOffer { settle_after } => {
            let Some(offer) = dispute.offer.clone() else {
                return Err(ApiError::internal());
            };
            answer_offer(dispute, &offer, enums::OfferEventType::Accepted, now);
            event(dispute, actor, EventType::AcceptedOffer, now);
            if let Some(delay) = settle_after {
                // Rule accept-offer.accepted-then-done: the money moves
                // later; PayPal holds the case until then.
                let at = now + delay;
                set_status(dispute, Status::UnderReview, now);
                dispute.settles_at = Some(at);
                dispute.update_time = now;
                return Ok(Completion::Later(at));
            }
            settle_offer(dispute, &offer, now);
        }
        Command::DenyOffer => {
            let Some(offer) = dispute.offer.clone() else {
                return Err(ApiError::internal());
            };
            answer_offer(dispute, &offer, enums::OfferEventType::Denied, now);
            event(dispute, actor, EventType::DeniedOffer, now);
            set_status(dispute, Status::WaitingForSellerResponse, now);
        }
        Command::Escalate { note } => {
            if let Some(note) = note {
                dispute.evidences.push(submitted(
                    dispute,
                    party,
                    "OTHER",
                    Some(note),
                    Vec::new(),
                    enums::EvidenceAction::Escalate,
                    None,
                    now,
                ));
            }
            event(dispute, actor, EventType::Escalated, now);
            dispute.stage = Stage::Chargeback;
            set_status(dispute, Status::UnderReview, now);
        }
        Command::ProvideEvidence { evidences, files } => {
            add_evidence(
                dispute,
                party,
                evidences,
                &files,
                enums::EvidenceAction::ProvideEvidence,
                now,
            )?;
            dispute.uploads.extend(files);
            event(dispute, actor, EventType::ProvidedEvidence, now);
            set_status(dispute, Status::UnderReview, now);
        }
        Command::Appeal { evidences, files } => {
            if evidences.is_empty() && files.is_empty() {
                return Err(ApiError::invalid_request(vec![Detail::body(
                    "input",
                    Issue::MissingRequiredParameter,
                    "Appeal with new evidence: an `input` part with evidences, `evidence-file` parts, or both.",
                )]));
            }
            add_evidence(
                dispute,
                party,
                evidences,
                &files,
                enums::EvidenceAction::Appeal,
                now,
            )?;
            dispute.uploads.extend(files);
            event(dispute, actor, EventType::Appealed, now);
            if let Some(next) = dispute.stage.after_appeal() {
                dispute.stage = next;
            }
            dispute.lost_by = None;
            dispute.outcome = None;
            set_status(dispute, Status::UnderReview, now);
        }
        Command::ProvideSupportingInfo { notes, files } => {
            dispute.supporting_info.push(build(
                types::SupportingInfo::builder()
                    .dispute_life_cycle_stage(Some(stage(dispute.stage)))
                    .documents(files.iter().map(Upload::to_document).collect::<Vec<_>>())
                    .notes(notes)
                    .provided_time(Some(now))
                    .source(Some(match party {
                        Party::Buyer => enums::SupportingInfoSource::SubmittedByBuyer,
                        Party::Seller => enums::SupportingInfoSource::SubmittedBySeller,
                    })),
            ));
            dispute.uploads.extend(files);
            event(dispute, actor, EventType::ProvidedSupportingInfo, now);
        }
        Command::AcknowledgeReturnItem {
            note,
            acknowledgement_type,
            files,
        } => {
            let kind = acknowledgement_type.unwrap_or(AcknowledgementType::ItemReceived);
            let documents = files.iter().map(Upload::to_document).collect();
            dispute.evidences.push(submitted(
                dispute,
                party,
                "OTHER",
                note,
                documents,
                enums::EvidenceAction::AcknowledgeReturnItem,
                Some(kind.as_str()),
                now,
            ));
            dispute.uploads.extend(files);
            dispute.return_acknowledged = true;
            event(dispute, actor, EventType::AcknowledgedReturnItem, now);
            if kind == AcknowledgementType::ItemReceived {
                // The item is back: the customer gets the money back.
                resolve(
                    dispute,
                    enums::OutcomeCode::ResolvedBuyerFavour,
                    enums::AdjudicationReason::ItemReturnedToSeller,
                    dispute.amount,
                    None,
                    now,
                );
            } else {
                set_status(dispute, Status::UnderReview, now);
            }
        }
        Command::AcceptClaim {
            note,
            accept_claim_type,
            files,
            ..
        } => {
            let kind = accept_claim_type.unwrap_or(AcceptClaimType::Refund);
            let documents = files.iter().map(Upload::to_document).collect();
            // The evidence entry PayPal's example shows for an accepted claim.
            dispute.evidences.push(submitted(
                dispute,
                party,
                "OTHER",
                note,
                documents,
                enums::EvidenceAction::AcceptClaim,
                Some(kind.as_str()),
                now,
            ));
            dispute.uploads.extend(files);
            event(dispute, actor, EventType::AcceptedClaim, now);
            let refund = checked.amount.unwrap_or(dispute.amount);
            resolve(
                dispute,
                enums::OutcomeCode::ResolvedBuyerFavour,
                enums::AdjudicationReason::SellerIssuedRefund,
                refund,
                None,
                now,
            );
        }
        Command::RequireEvidence { from } => {
            dispute.evidences.push(build(
                types::Evidence::builder()
                    .action_info(Some(build(
                        types::ActionInfo::builder()
                            .action(Some(enums::EvidenceAction::ProvideEvidence))
                            .mandatory(Some(true)),
                    )))
                    .date(Some(now))
                    .dispute_life_cycle_stage(Some(stage(dispute.stage)))
                    .evidence_type(Some(enums::EvidenceType::from(requested_evidence(
                        dispute.reason,
                        from,
                    ))))
                    .source(Some(match from {
                        Party::Buyer => enums::EvidenceSource::RequestedFromBuyer,
                        Party::Seller => enums::EvidenceSource::RequestedFromSeller,
                    })),
            ));
            event(dispute, Actor::Paypal, EventType::RequestedEvidence, now);
            set_status(dispute, from.awaited_in(), now);
        }
        Command::Adjudicate { favour } => {
            event(dispute, Actor::Paypal, EventType::Adjudicated, now);
            let (code, kind, refund) = match favour {
                Party::Buyer => (
                    enums::OutcomeCode::ResolvedBuyerFavour,
                    enums::AdjudicationType::RecoverFromSeller,
                    dispute.amount,
                ),
                Party::Seller => (
                    enums::OutcomeCode::ResolvedSellerFavour,
                    if dispute.refunded.minor > 0 {
                        enums::AdjudicationType::PayoutToSeller
                    } else {
                        enums::AdjudicationType::DenyBuyer
                    },
                    Amount::zero(dispute.amount.currency),
                ),
            };
            let reason = decision_reason(dispute.reason, favour);
            dispute.adjudications.push(build(
                types::Adjudication::builder()
                    .adjudication_time(now)
                    .dispute_life_cycle_stage(Some(stage(dispute.stage)))
                    .reason(Some(reason.clone()))
                    .type_(kind),
            ));
            resolve(dispute, code, reason, refund, Some(favour.other()), now);
        }
        Command::Update { email, note } => {
            let mut details = dispute.communication_details.clone().unwrap_or_default();
            if email.is_some() {
                details.email = email;
            }
            if note.is_some() {
                details.note = note;
            }
            details.time_posted = Some(now);
            dispute.communication_details = Some(details);
            event(dispute, actor, EventType::UpdatedCommunicationDetails, now);
        }
    }
    dispute.update_time = now;
    Ok(Completion::Now)
}

/// The accepted `offer`'s money moves: the dispute resolves in the
/// customer's favour with what was offered.
fn settle_offer(dispute: &mut DisputeRecord, offer: &OfferState, now: DateTime<Utc>) {
    let refund = match offer.offer_type {
        OfferType::RefundWithReturn => dispute.amount,
        OfferType::ReplacementWithoutRefund => Amount::zero(dispute.amount.currency),
        OfferType::Refund | OfferType::RefundWithReplacement => {
            offer.amount.unwrap_or(dispute.amount)
        }
    };
    let reason = match offer.offer_type {
        OfferType::Refund => enums::AdjudicationReason::InquiryOfferPartialRefund,
        OfferType::RefundWithReturn => enums::AdjudicationReason::InquiryOfferRefundWithItemReturn,
        OfferType::RefundWithReplacement => {
            enums::AdjudicationReason::InquiryOfferRefundWithReplacement
        }
        OfferType::ReplacementWithoutRefund => enums::AdjudicationReason::InquiryOfferItemReplaced,
    };
    resolve(
        dispute,
        enums::OutcomeCode::ResolvedBuyerFavour,
        reason,
        refund,
        None,
        now,
    );
}

/// The next instant at which time alone changes `dispute`: a delayed
/// settlement, or the due date of the party the dispute waits for.
pub fn deadline(dispute: &DisputeRecord) -> Option<DateTime<Utc>> {
    if dispute.settles_at.is_some() {
        return dispute.settles_at;
    }
    match dispute.status {
        Status::WaitingForSellerResponse => dispute.seller_response_due,
        Status::WaitingForBuyerResponse => dispute.buyer_response_due,
        _ => None,
    }
}

/// Brings `dispute` up to `now`: whatever fell due by then happens, each
/// at its own due instant (not at `now`), so the result is the same
/// whenever it is worked out. Returns whether anything changed.
///
/// - A delayed settlement completes (rule accept-offer.accepted-then-done).
/// - A missed seller response closes the case in the customer's favour,
///   with a full refund (rule deadline.seller-response-due).
/// - A missed buyer response closes it in the merchant's favour, and a
///   pending offer lapses with it (rule deadline.buyer-response-due).
pub fn pass_time(dispute: &mut DisputeRecord, now: DateTime<Utc>) -> bool {
    let mut changed = false;
    // Each step resolves the dispute or clears its deadline; the bound
    // only guards against a step that does neither.
    for _ in 0..4 {
        let Some(at) = deadline(dispute).filter(|at| *at <= now) else {
            break;
        };
        lapse(dispute, at);
        changed = true;
    }
    changed
}

/// What happens at `at`, the instant `dispute`'s deadline passes.
fn lapse(dispute: &mut DisputeRecord, at: DateTime<Utc>) {
    if dispute.settles_at.take().is_some() {
        // A settlement always has its accepted offer (`apply` sets both).
        if let Some(offer) = dispute.offer.clone() {
            settle_offer(dispute, &offer, at);
        }
    } else {
        match dispute.status {
            Status::WaitingForSellerResponse => resolve(
                dispute,
                enums::OutcomeCode::ResolvedBuyerFavour,
                enums::AdjudicationReason::NoSellerResponse,
                dispute.amount,
                None,
                at,
            ),
            Status::WaitingForBuyerResponse => {
                // The offer lapses: set_status (through resolve) ends it.
                let kept = dispute.refunded;
                resolve(
                    dispute,
                    enums::OutcomeCode::ResolvedSellerFavour,
                    enums::AdjudicationReason::NoResponseFromBuyer,
                    kept,
                    None,
                    at,
                );
            }
            _ => {
                dispute.seller_response_due = None;
                dispute.buyer_response_due = None;
            }
        }
    }
    dispute.update_time = at;
}

/// What [`check`] worked out for the change.
struct Checked {
    /// The amount of an offer or a partial refund, in the dispute's currency.
    amount: Option<Amount>,
}

/// Checks of a command against the dispute, before any change.
fn check(dispute: &DisputeRecord, command: &Command) -> Result<Checked, ApiError> {
    let mut checked = Checked { amount: None };
    match command {
        Command::MakeOffer {
            offer_type,
            amount,
            return_shipping_address,
            invoice_id,
            ..
        } => {
            invoice_id_length(invoice_id.as_deref())?;
            if *offer_type == OfferType::RefundWithReturn && return_shipping_address.is_none() {
                return Err(missing(
                    "/return_shipping_address",
                    "A REFUND_WITH_RETURN offer needs the address the item goes back to (rule make-offer.return-needs-address).",
                ));
            }
            if !rules::offer_types(dispute.reason).contains(offer_type) {
                return Err(ApiError::unprocessable(vec![
                    Detail::body(
                        "/offer_type",
                        Issue::OfferTypeNotAllowed,
                        format!(
                            "A {} dispute takes only the offer types in allowed_response_options.make_offer.",
                            dispute.reason
                        ),
                    )
                    .with_value(offer_type.as_str()),
                ]));
            }
            if offer_names_amount(*offer_type) {
                let Some(money) = amount else {
                    return Err(missing(
                        "/offer_amount",
                        format!("A {offer_type} offer needs offer_amount."),
                    ));
                };
                checked.amount = Some(amount_within(dispute, money, "/offer_amount")?);
            }
        }
        Command::AcceptClaim {
            accept_claim_type,
            refund_amount,
            return_shipping_address,
            ..
        } => {
            let kind = accept_claim_type.unwrap_or(AcceptClaimType::Refund);
            if !rules::accept_claim_types(dispute.reason).contains(&kind) {
                return Err(ApiError::unprocessable(vec![
                    Detail::body(
                        "/accept_claim_type",
                        Issue::AcceptClaimTypeNotAllowed,
                        format!(
                            "A {} dispute takes only the types in allowed_response_options.accept_claim.",
                            dispute.reason
                        ),
                    )
                    .with_value(kind.as_str()),
                ]));
            }
            if kind == AcceptClaimType::PartialRefund {
                let Some(money) = refund_amount else {
                    return Err(missing(
                        "/refund_amount",
                        "A PARTIAL_REFUND needs refund_amount.",
                    ));
                };
                let amount = amount_within(dispute, money, "/refund_amount")?;
                if amount == dispute.amount {
                    return Err(ApiError::unprocessable(vec![
                        Detail::body(
                            "/refund_amount/value",
                            Issue::InvalidParameterValue,
                            "A PARTIAL_REFUND is less than the disputed amount; accept the whole amount with REFUND (rule accept-claim.partial-is-partial).",
                        )
                        .with_value(&money.value),
                    ]));
                }
                checked.amount = Some(amount);
            }
            let returned = matches!(
                kind,
                AcceptClaimType::RefundWithReturn | AcceptClaimType::RefundWithReturnShipmentLabel
            );
            if returned && return_shipping_address.is_none() {
                return Err(missing(
                    "/return_shipping_address",
                    format!(
                        "{kind} needs the address the item goes back to (rule accept-claim.return-needs-address)."
                    ),
                ));
            }
        }
        _ => {}
    }
    Ok(checked)
}

/// 400 MISSING_REQUIRED_PARAMETER for `field`, with what needs it.
fn missing(field: &str, why: impl Into<String>) -> ApiError {
    ApiError::invalid_request(vec![Detail::body(
        field,
        Issue::MissingRequiredParameter,
        why,
    )])
}

/// PayPal's invoice IDs: 1 to 127 characters (rule make-offer.invoice-id-length).
fn invoice_id_length(invoice_id: Option<&str>) -> Result<(), ApiError> {
    let Some(id) = invoice_id else { return Ok(()) };
    let chars = id.chars().count();
    if (1..=127).contains(&chars) {
        return Ok(());
    }
    Err(ApiError::invalid_request(vec![Detail::body(
        "/invoice_id",
        Issue::InvalidStringMaxLength,
        format!("{chars} characters; an invoice_id takes 1 to 127."),
    )]))
}

/// An amount in the dispute's currency, above zero and at most the
/// disputed amount.
fn amount_within(
    dispute: &DisputeRecord,
    money: &types::Money,
    field: &str,
) -> Result<Amount, ApiError> {
    if money.currency_code != dispute.amount.currency.as_str() {
        return Err(ApiError::unprocessable(vec![
            Detail::body(
                format!("{field}/currency_code"),
                Issue::CurrencyMismatch,
                format!("The dispute is in {}.", dispute.amount.currency),
            )
            .with_value(&money.currency_code),
        ]));
    }
    let amount = Amount::from_money(money).map_err(|e| {
        let issue = match e {
            crate::domain::model::AmountError::Precision { .. } => Issue::DecimalPrecision,
            _ => Issue::InvalidParameterSyntax,
        };
        ApiError::invalid_request(vec![
            Detail::body(format!("{field}/value"), issue, e.to_string()).with_value(&money.value),
        ])
    })?;
    if amount.minor == 0 {
        return Err(ApiError::invalid_request(vec![
            Detail::body(
                format!("{field}/value"),
                Issue::InvalidParameterValue,
                "The amount must be above zero.",
            )
            .with_value(&money.value),
        ]));
    }
    if amount.minor > dispute.amount.minor {
        return Err(ApiError::unprocessable(vec![
            Detail::body(
                format!("{field}/value"),
                Issue::AmountExceedsDisputeAmount,
                format!(
                    "The disputed amount is {} {}.",
                    dispute.amount.to_money().value,
                    dispute.amount.currency
                ),
            )
            .with_value(&money.value),
        ]));
    }
    Ok(amount)
}

fn stage(stage: Stage) -> enums::DisputeLifeCycleStage {
    enums::DisputeLifeCycleStage::from(stage.as_str())
}

fn source(party: Party) -> enums::EvidenceSource {
    match party {
        Party::Buyer => enums::EvidenceSource::SubmittedByBuyer,
        Party::Seller => enums::EvidenceSource::SubmittedBySeller,
    }
}

/// A history entry in the dispute's current stage.
pub fn event(dispute: &mut DisputeRecord, actor: Actor, event_type: EventType, now: DateTime<Utc>) {
    dispute.history.push(HistoryEvent {
        date: now,
        actor,
        event_type,
        dispute_life_cycle_stage: dispute.stage,
    });
}

/// Changes the status, records it as PayPal's event (as PayPal's own
/// history does, seed 001) and sets the answering party's due date.
///
/// An offer waits for the customer's answer only while it is the
/// customer's turn: once the case moves on (the customer provides evidence
/// instead, PayPal steps in), the offer lapses and the merchant may make a
/// new one.
pub fn set_status(dispute: &mut DisputeRecord, status: Status, now: DateTime<Utc>) {
    if dispute.status != status {
        dispute.status = status;
        event(dispute, Actor::Paypal, EventType::of_status(status), now);
    }
    if status != Status::WaitingForBuyerResponse {
        if let Some(offer) = dispute.offer.as_mut() {
            offer.pending = false;
        }
    }
    let due = now + response_window(dispute.stage);
    dispute.seller_response_due = (status == Status::WaitingForSellerResponse).then_some(due);
    dispute.buyer_response_due = (status == Status::WaitingForBuyerResponse).then_some(due);
}

fn answer_offer(
    dispute: &mut DisputeRecord,
    offer: &OfferState,
    answer: enums::OfferEventType,
    now: DateTime<Utc>,
) {
    // The customer's note is for PayPal only ("PayPal can but the merchant
    // cannot view these notes"), so the history does not show it.
    dispute.offer_history.push(build(
        types::OfferHistory::builder()
            .actor(Some(enums::OfferActor::Buyer))
            .dispute_life_cycle_stage(Some(stage(dispute.stage)))
            .event_type(Some(answer))
            .offer_amount(offer.amount.map(Amount::to_money))
            .offer_time(Some(now))
            .offer_type(Some(enums::OfferType::from(offer.offer_type.as_str()))),
    ));
    if let Some(current) = dispute.offer.as_mut() {
        current.pending = false;
    }
}

/// Closes the dispute: the outcome, and the money movements that bring
/// what the customer got back to `refund` (a decision for the merchant
/// after an earlier refund moves the money back).
fn resolve(
    dispute: &mut DisputeRecord,
    code: enums::OutcomeCode,
    reason: enums::AdjudicationReason,
    refund: Amount,
    lost_by: Option<Party>,
    now: DateTime<Utc>,
) {
    let delta = refund.minor - dispute.refunded.minor;
    if delta != 0 {
        let moved = Amount {
            currency: refund.currency,
            minor: delta.abs(),
        };
        let (debited, credited) = if delta > 0 {
            (enums::MovementParty::Seller, enums::MovementParty::Buyer)
        } else {
            (enums::MovementParty::Buyer, enums::MovementParty::Seller)
        };
        for (party, kind) in [
            (debited, enums::MovementType::Debit),
            (credited, enums::MovementType::Credit),
        ] {
            dispute.money_movements.push(build(
                types::MoneyMovement::builder()
                    .affected_party(Some(party))
                    .amount(Some(moved.to_money()))
                    .initiated_time(Some(now))
                    .reason(Some(enums::MoneyMovementReason::DisputeSettlement))
                    .type_(Some(kind)),
            ));
        }
    }
    dispute.refunded = refund;
    dispute.outcome = Some(build(
        types::DisputeOutcome::builder()
            .amount_refunded(Some(refund.to_money()))
            .outcome_code(Some(code))
            .outcome_reason(Some(reason)),
    ));
    dispute.lost_by = lost_by;
    set_status(dispute, Status::Resolved, now);
}

/// An evidence entry a party submitted with an action.
#[allow(clippy::too_many_arguments)]
fn submitted(
    dispute: &DisputeRecord,
    party: Party,
    evidence_type: &str,
    notes: Option<String>,
    documents: Vec<types::Document>,
    action: enums::EvidenceAction,
    response_option: Option<&str>,
    now: DateTime<Utc>,
) -> types::Evidence {
    build(
        types::Evidence::builder()
            .action_info(Some(build(
                types::ActionInfo::builder()
                    .action(Some(action))
                    .response_option(response_option.map(str::to_owned)),
            )))
            .date(Some(now))
            .dispute_life_cycle_stage(Some(stage(dispute.stage)))
            .documents(documents)
            .evidence_type(Some(enums::EvidenceType::from(evidence_type)))
            .notes(notes)
            .source(Some(source(party))),
    )
}

/// Records submitted evidence. Each input becomes one evidence entry; the
/// uploaded files are listed on the first entry that names no documents
/// of its own, or, when every entry names its own, added to the last one,
/// so that no uploaded file is missing from the evidence PayPal shows.
/// (With no entry at all, which validation refuses, the files are only in
/// the dispute's uploads.)
fn add_evidence(
    dispute: &mut DisputeRecord,
    party: Party,
    evidences: Vec<types::EvidenceInput>,
    files: &[Upload],
    action: enums::EvidenceAction,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let mut unlisted: Vec<types::Document> = files.iter().map(Upload::to_document).collect();
    let mut entries = evidences
        .into_iter()
        .map(|input| {
            // The input and the shown evidence share their JSON shape.
            let value = serde_json::to_value(&input).map_err(|_| ApiError::internal())?;
            serde_json::from_value::<types::Evidence>(value).map_err(|_| ApiError::internal())
        })
        .collect::<Result<Vec<_>, _>>()?;
    if entries.is_empty() && !unlisted.is_empty() {
        // Documents alone (an appeal may be "a document"): one entry holds
        // them, so no file goes unrecorded.
        entries.push(build(
            types::Evidence::builder().evidence_type(Some(enums::EvidenceType::Other)),
        ));
    }
    for evidence in &mut entries {
        if evidence.documents.is_empty() {
            evidence.documents = std::mem::take(&mut unlisted);
        }
        evidence.source = Some(source(party));
        evidence.date = Some(now);
        evidence.dispute_life_cycle_stage = Some(stage(dispute.stage));
        evidence.action_info = Some(build(
            types::ActionInfo::builder().action(Some(action.clone())),
        ));
    }
    if let Some(last) = entries.last_mut() {
        last.documents.append(&mut unlisted);
    }
    dispute.evidences.extend(entries);
    Ok(())
}

/// The evidence PayPal asks for, by reason (the integration guide's
/// "Dispute reasons" table).
fn requested_evidence(reason: Reason, from: Party) -> &'static str {
    match (reason, from) {
        (_, Party::Buyer) => "OTHER",
        (
            Reason::MerchandiseOrServiceNotReceived | Reason::Unauthorised | Reason::Other,
            Party::Seller,
        ) => "PROOF_OF_FULFILLMENT",
        (Reason::DuplicateTransaction | Reason::CreditNotProcessed, Party::Seller) => {
            "PROOF_OF_REFUND"
        }
        (Reason::MerchandiseOrServiceNotAsDescribed, Party::Seller) => "ITEM_DESCRIPTION",
        _ => "OTHER",
    }
}

/// PayPal's reason for a decision, by dispute reason and winner.
fn decision_reason(reason: Reason, favour: Party) -> enums::AdjudicationReason {
    use enums::AdjudicationReason as R;
    match (favour, reason) {
        (Party::Buyer, Reason::MerchandiseOrServiceNotReceived) => R::ItemNotDelivered,
        (Party::Buyer, Reason::MerchandiseOrServiceNotAsDescribed) => R::ItemNotAsDescribed,
        (Party::Seller, Reason::MerchandiseOrServiceNotReceived) => R::ValidProofOfDelivery,
        (Party::Seller, Reason::MerchandiseOrServiceNotAsDescribed) => R::ItemSoldAsDescribed,
        (Party::Seller, Reason::Unauthorised) => R::TransactionAuthorizedByCardholder,
        (Party::Seller, Reason::DuplicateTransaction) => {
            R::SellerReceivedPaymentTwiceOrForReplacement
        }
        _ => R::DecisionBasedOnAvailableInformation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::fixtures::dispute;
    use crate::domain::model::OfferState;

    fn awaiting_seller() -> DisputeRecord {
        let d = dispute(
            Stage::Chargeback,
            Status::WaitingForSellerResponse,
            Reason::MerchandiseOrServiceNotReceived,
        );
        assert!(rules::is_allowed(
            &d,
            Party::Seller,
            Action::ProvideEvidence
        ));
        d
    }

    const NOT_RECEIVED: Reason = Reason::MerchandiseOrServiceNotReceived;

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
        let evidence = Command::ProvideEvidence {
            evidences: Vec::new(),
            files: Vec::new(),
        };
        apply(&mut d, Party::Buyer, evidence, now).expect("buyer's evidence");
        let require = Command::RequireEvidence {
            from: Party::Seller,
        };
        apply(&mut d, Party::Seller, require, now).expect("require");
        assert_eq!(d.status, Status::WaitingForSellerResponse);
        assert!(rules::is_allowed(&d, Party::Seller, Action::MakeOffer));
    }

    fn input(notes: &str, documents: &[&str]) -> types::EvidenceInput {
        serde_json::from_value(serde_json::json!({
            "evidence_type": "OTHER",
            "notes": notes,
            "documents": documents.iter().map(|name| serde_json::json!({"name": name})).collect::<Vec<_>>(),
        }))
        .expect("an evidence input")
    }

    fn upload(name: &str) -> Upload {
        Upload {
            name: name.to_owned(),
            bytes: 10,
            media_type: "application/pdf".to_owned(),
        }
    }

    fn documents(evidence: &types::Evidence) -> Vec<&str> {
        evidence
            .documents
            .iter()
            .filter_map(|d| d.name.as_deref())
            .collect()
    }

    /// A chargeback the merchant lost and may appeal.
    fn lost_by_seller() -> DisputeRecord {
        let mut d = dispute(Stage::Chargeback, Status::UnderReview, NOT_RECEIVED);
        let decide = Command::Adjudicate {
            favour: Party::Buyer,
        };
        apply(&mut d, Party::Seller, decide, Utc::now()).expect("decided");
        assert!(rules::is_allowed(&d, Party::Seller, Action::Appeal));
        d
    }

    #[test]
    fn an_appeal_takes_a_document_alone_and_refuses_nothing_at_all() {
        let mut d = lost_by_seller();
        let nothing = Command::Appeal {
            evidences: Vec::new(),
            files: Vec::new(),
        };
        let refused = apply(&mut d, Party::Seller, nothing, Utc::now()).expect_err("no evidence");
        assert_eq!(refused.status, http::StatusCode::BAD_REQUEST);
        assert!(
            rules::is_allowed(&d, Party::Seller, Action::Appeal),
            "unchanged"
        );
        let before = d.evidences.len();
        let document = Command::Appeal {
            evidences: Vec::new(),
            files: vec![upload("appeal.pdf")],
        };
        apply(&mut d, Party::Seller, document, Utc::now()).expect("a document alone");
        let added = &d.evidences[before..];
        assert_eq!(added.len(), 1);
        assert_eq!(documents(&added[0]), ["appeal.pdf"]);
        assert_eq!(added[0].evidence_type, Some(enums::EvidenceType::Other));
        assert_eq!(d.stage, Stage::PreArbitration);
    }

    #[test]
    fn uploads_go_to_the_first_entry_without_documents_of_its_own() {
        let mut dispute = awaiting_seller();
        let before = dispute.evidences.len();
        let command = Command::ProvideEvidence {
            evidences: vec![input("a", &["named.pdf"]), input("b", &[])],
            files: vec![upload("upload.pdf")],
        };
        apply(&mut dispute, Party::Seller, command, Utc::now()).expect("applied");
        let added = &dispute.evidences[before..];
        assert_eq!(documents(&added[0]), ["named.pdf"]);
        assert_eq!(documents(&added[1]), ["upload.pdf"]);
    }

    #[test]
    fn uploads_go_to_the_last_entry_when_every_entry_names_its_own_documents() {
        let mut dispute = awaiting_seller();
        let before = dispute.evidences.len();
        let command = Command::ProvideEvidence {
            evidences: vec![input("a", &["a.pdf"]), input("b", &["b.pdf"])],
            files: vec![upload("upload-1.pdf"), upload("upload-2.pdf")],
        };
        apply(&mut dispute, Party::Seller, command, Utc::now()).expect("applied");
        let added = &dispute.evidences[before..];
        assert_eq!(documents(&added[0]), ["a.pdf"]);
        assert_eq!(
            documents(&added[1]),
            ["b.pdf", "upload-1.pdf", "upload-2.pdf"]
        );
    }

    fn offer(offer_type: OfferType, amount: Option<&str>) -> Command {
        Command::MakeOffer {
            note: "n".to_owned(),
            offer_type,
            amount: amount.map(|value| {
                build(
                    types::Money::builder()
                        .currency_code("USD".to_owned())
                        .value(value.to_owned()),
                )
            }),
            return_shipping_address: None,
            invoice_id: None,
        }
    }

    fn not_as_described_inquiry() -> DisputeRecord {
        dispute(
            Stage::Inquiry,
            Status::WaitingForSellerResponse,
            Reason::MerchandiseOrServiceNotAsDescribed,
        )
    }

    #[test]
    fn any_wrong_party_is_forbidden_and_changes_nothing() {
        let mut d = not_as_described_inquiry();
        let before = d.clone();
        let refused = apply(
            &mut d,
            Party::Buyer,
            offer(OfferType::Refund, Some("1.00")),
            Utc::now(),
        );
        assert_eq!(refused.map_err(|e| e.status.as_u16()), Err(403));
        assert_eq!(d, before);
    }

    #[test]
    fn make_offer_full_refund_closes_and_a_partial_one_waits() {
        let mut full = not_as_described_inquiry();
        apply(
            &mut full,
            Party::Seller,
            offer(OfferType::Refund, Some("10.00")),
            Utc::now(),
        )
        .expect("a full refund");
        assert_eq!(full.status, Status::Resolved);
        assert_eq!(full.refunded, full.amount);
        assert!(full.offer.as_ref().is_some_and(|o| !o.pending));
        let mut part = not_as_described_inquiry();
        apply(
            &mut part,
            Party::Seller,
            offer(OfferType::Refund, Some("4.00")),
            Utc::now(),
        )
        .expect("a partial refund");
        assert_eq!(part.status, Status::WaitingForBuyerResponse);
    }

    #[test]
    fn make_offer_return_needs_address_and_invoice_id_length_is_checked() {
        let mut d = not_as_described_inquiry();
        let before = d.clone();
        let refused = apply(
            &mut d,
            Party::Seller,
            offer(OfferType::RefundWithReturn, None),
            Utc::now(),
        )
        .expect_err("no address");
        assert_eq!(
            refused.details[0].field.as_deref(),
            Some("/return_shipping_address")
        );
        let Command::MakeOffer {
            note,
            offer_type,
            amount,
            ..
        } = offer(OfferType::Refund, Some("1.00"))
        else {
            unreachable!("offer() makes an offer")
        };
        let long = Command::MakeOffer {
            note,
            offer_type,
            amount,
            return_shipping_address: None,
            invoice_id: Some("I".repeat(128)),
        };
        let refused = apply(&mut d, Party::Seller, long, Utc::now()).expect_err("128 characters");
        assert_eq!(refused.details[0].field.as_deref(), Some("/invoice_id"));
        assert_eq!(d, before);
    }

    #[test]
    fn accept_claim_partial_is_partial_and_return_needs_address() {
        let claim = |kind, refund: Option<&str>| Command::AcceptClaim {
            note: None,
            accept_claim_type: Some(kind),
            refund_amount: refund.map(|value| {
                build(
                    types::Money::builder()
                        .currency_code("USD".to_owned())
                        .value(value.to_owned()),
                )
            }),
            return_shipping_address: None,
            files: Vec::new(),
        };
        let mut d = not_as_described_inquiry();
        let before = d.clone();
        let whole = apply(
            &mut d,
            Party::Seller,
            claim(AcceptClaimType::PartialRefund, Some("10.00")),
            Utc::now(),
        )
        .expect_err("the whole amount is no partial refund");
        assert_eq!(
            whole.details[0].field.as_deref(),
            Some("/refund_amount/value")
        );
        for kind in [
            AcceptClaimType::RefundWithReturn,
            AcceptClaimType::RefundWithReturnShipmentLabel,
        ] {
            let refused = apply(&mut d, Party::Seller, claim(kind, None), Utc::now())
                .expect_err("no address");
            assert_eq!(
                refused.details[0].field.as_deref(),
                Some("/return_shipping_address")
            );
        }
        assert_eq!(d, before);
        apply(
            &mut d,
            Party::Seller,
            claim(AcceptClaimType::PartialRefund, Some("9.99")),
            Utc::now(),
        )
        .expect("a partial refund below the amount");
    }

    /// A claim waiting for the merchant since `t0`, due ten days later.
    fn claim_awaiting_seller() -> (DisputeRecord, DateTime<Utc>) {
        let mut d = awaiting_seller();
        let t0 = d.update_time;
        set_status(&mut d, Status::WaitingForSellerResponse, t0);
        (d, t0)
    }

    #[test]
    fn deadline_seller_response_due_closes_in_the_customers_favour_at_the_due_date() {
        let (mut d, t0) = claim_awaiting_seller();
        let due = t0 + Duration::days(10);
        assert_eq!(d.seller_response_due, Some(due));
        let before = d.clone();
        assert!(!pass_time(&mut d, due - Duration::seconds(1)));
        assert_eq!(d, before);
        assert!(pass_time(&mut d, due + Duration::days(3)));
        assert_eq!(d.status, Status::Resolved);
        let outcome = d.outcome.as_ref().expect("an outcome");
        assert_eq!(
            outcome.outcome_code,
            Some(enums::OutcomeCode::ResolvedBuyerFavour)
        );
        assert_eq!(
            outcome.outcome_reason,
            Some(enums::AdjudicationReason::NoSellerResponse)
        );
        assert_eq!(d.refunded, d.amount);
        assert_eq!(d.update_time, due);
        assert_eq!(d.history.last().map(|e| e.date), Some(due));
        assert_eq!(d.seller_response_due, None);
        assert!(!rules::is_allowed(&d, Party::Seller, Action::Appeal));
    }

    #[test]
    fn deadline_buyer_response_due_lapses_the_offer_and_closes_in_the_merchants_favour() {
        let mut d = not_as_described_inquiry();
        let t0 = d.update_time;
        apply(
            &mut d,
            Party::Seller,
            offer(OfferType::Refund, Some("4.00")),
            t0,
        )
        .expect("a partial offer");
        let due = t0 + Duration::days(20);
        assert_eq!(d.buyer_response_due, Some(due));
        assert!(rules::is_allowed(&d, Party::Buyer, Action::AcceptOffer));
        assert!(!pass_time(&mut d, due - Duration::seconds(1)));
        assert!(pass_time(&mut d, due));
        assert_eq!(d.status, Status::Resolved);
        assert!(d.offer.as_ref().is_some_and(|o| !o.pending));
        let outcome = d.outcome.as_ref().expect("an outcome");
        assert_eq!(
            outcome.outcome_code,
            Some(enums::OutcomeCode::ResolvedSellerFavour)
        );
        assert_eq!(
            outcome.outcome_reason,
            Some(enums::AdjudicationReason::NoResponseFromBuyer)
        );
        assert_eq!(d.refunded.minor, 0);
        assert!(d.money_movements.is_empty());
        let refused = apply(
            &mut d,
            Party::Buyer,
            Command::AcceptOffer { settle_after: None },
            due,
        );
        assert_eq!(refused.map_err(|e| e.status.as_u16()), Err(422));
    }

    #[test]
    fn accept_offer_with_a_delay_is_accepted_then_done_when_the_clock_passes_it() {
        let mut d = not_as_described_inquiry();
        let t0 = d.update_time;
        apply(
            &mut d,
            Party::Seller,
            offer(OfferType::Refund, Some("4.00")),
            t0,
        )
        .expect("a partial offer");
        let accept = Command::AcceptOffer {
            settle_after: Some(Duration::hours(1)),
        };
        let settles = t0 + Duration::hours(1);
        assert_eq!(
            apply(&mut d, Party::Buyer, accept, t0),
            Ok(Completion::Later(settles))
        );
        assert_eq!(d.status, Status::UnderReview);
        assert_eq!(d.outcome, None);
        assert_eq!(d.refunded.minor, 0);
        assert!(rules::allowed(&d, Party::Buyer).is_empty());
        assert!(rules::allowed(&d, Party::Seller).is_empty());
        assert_eq!(deadline(&d), Some(settles));
        assert!(!pass_time(&mut d, settles - Duration::minutes(1)));
        assert!(pass_time(&mut d, settles + Duration::days(1)));
        assert_eq!(d.status, Status::Resolved);
        assert_eq!(d.refunded.minor, 400);
        assert_eq!(d.update_time, settles);
        assert_eq!(d.settles_at, None);
        assert_eq!(deadline(&d), None);
    }

    #[test]
    fn passing_time_gives_the_same_dispute_whenever_it_is_worked_out() {
        let (early, t0) = claim_awaiting_seller();
        let mut late = early.clone();
        let mut early = early;
        let due = t0 + Duration::days(10);
        assert!(pass_time(&mut early, due + Duration::seconds(1)));
        assert!(pass_time(&mut late, due + Duration::days(400)));
        assert_eq!(early, late);
    }
}
