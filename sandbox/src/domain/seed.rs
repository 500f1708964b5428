//! Deterministic seed data: disputes across reasons, channels, stages and
//! statuses, with realistic amounts and currencies.
//!
//! Every dispute is created the way PayPal opens one (an inquiry waiting
//! for the merchant, or a card chargeback under review) and then walks a
//! few random steps through the real state machine ([`transitions::apply`]),
//! so its offers, messages, evidence, outcome, money movements and history
//! are consistent by construction. Dispute `i` depends only on the seed and
//! `i`, so `--disputes 10` is the first ten disputes of `--disputes 500`.
//! Times are relative to the `now` given, so they stay inside PayPal's
//! 180-day window whenever the sandbox starts.

use crate::domain::wire::build;
use chrono::{DateTime, Duration, DurationRound, Utc};
use disputes_api::enums;
use disputes_api::types;
use fastrand::Rng;

use crate::domain::action::Action;
use crate::domain::model::{
    AcceptClaimType, AcknowledgementType, Actor, Amount, Channel, Currency, DisputeRecord,
    EventType, OfferType, Party, Reason, Stage, Status, Upload, offer_names_amount,
};
use crate::domain::rules;
use crate::domain::scenario::Scenario;
use crate::domain::transitions::{self, Command};

/// The first dispute's number: IDs are `PP-D-100001`, `PP-D-100002`, ...
pub const FIRST_ID: u64 = 100_001;

/// The ID of the `index`-th seeded dispute.
pub fn dispute_id(index: usize) -> String {
    format!("PP-D-{}", FIRST_ID + index as u64)
}

/// `count` disputes from `seed`, created before `now`.
pub fn generate(seed: u64, count: usize, now: DateTime<Utc>) -> Vec<DisputeRecord> {
    let merchant = merchant(seed);
    (0..count)
        .map(|index| {
            let mut rng = Rng::with_seed(
                seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
                    .wrapping_add((index as u64 + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9)),
            );
            one(&mut rng, index, &merchant, now)
        })
        .collect()
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn weighted<T: Copy>(rng: &mut Rng, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut roll = rng.u32(..total.max(1));
    for (item, weight) in table {
        if roll < *weight {
            return *item;
        }
        roll -= weight;
    }
    table[0].0
}

fn code(rng: &mut Rng, len: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    (0..len)
        .map(|_| char::from(ALPHABET[rng.usize(..ALPHABET.len())]))
        .collect()
}

fn merchant(seed: u64) -> types::Seller {
    let mut rng = Rng::with_seed(seed);
    build(
        types::Seller::builder()
            .email(Some("merchant@sandbox.example".to_owned()))
            .merchant_id(Some(code(&mut rng, 13).into()))
            .name(Some("Sandbox Merchant Store".to_owned())),
    )
}

/// The amount a customer disputes: log-uniform from about 5 to 1500 units
/// (500 to 150000 yen), rounded to whole units now and then, as prices are.
fn amount(rng: &mut Rng, currency: Currency) -> Amount {
    let units = (5.0_f64.ln() + rng.f64() * (1500.0_f64 / 5.0).ln()).exp();
    let scale = 10_f64.powi(currency.decimals() as i32);
    let factor = if currency == Currency::Jpy {
        100.0
    } else {
        1.0
    };
    let mut minor = (units * factor * scale).round() as i64;
    if currency.decimals() > 0 && rng.u8(..4) == 0 {
        minor -= minor % 100;
        minor -= 1; // 19.99
    }
    Amount {
        currency,
        minor: minor.max(100),
    }
}

const BUYERS: &[&str] = &[
    "John Doe",
    "Maria García",
    "Wei Zhang",
    "Aisha Khan",
    "Lukas Müller",
    "Emma Dubois",
    "Kenji Sato",
    "Olivia Smith",
    "Noah Brown",
    "Sofia Rossi",
    "Liam O'Connor",
    "Ana Silva",
];

const ITEMS: &[(&str, &str)] = &[
    ("T-Shirt", "PRODUCT"),
    ("Wireless earbuds", "PRODUCT"),
    ("Leather wallet", "PRODUCT"),
    ("Coffee grinder", "PRODUCT"),
    ("Yoga course (8 weeks)", "SERVICE"),
    ("Concert ticket", "BOOKING"),
    ("Photo editing software", "DIGITAL_DOWNLOAD"),
    ("Running shoes", "PRODUCT"),
    ("Phone case", "PRODUCT"),
    ("Web hosting (1 year)", "SERVICE"),
];

fn opening_message(reason: Reason) -> &'static str {
    match reason {
        Reason::MerchandiseOrServiceNotReceived => "My order never arrived.",
        Reason::MerchandiseOrServiceNotAsDescribed => "The item is not what the listing showed.",
        Reason::Unauthorised => "I did not make this payment.",
        Reason::CreditNotProcessed => "You promised a refund weeks ago and it never came.",
        Reason::DuplicateTransaction => "I was charged twice for the same order.",
        Reason::IncorrectAmount => "I was charged more than the price shown.",
        Reason::PaymentByOtherMeans => "I already paid for this by card at the store.",
        Reason::CanceledRecurringBilling => "I cancelled this subscription and was charged again.",
        Reason::ProblemWithRemittance => "The money I sent did not arrive.",
        Reason::Other => "There is a problem with this payment.",
    }
}

fn one(rng: &mut Rng, index: usize, merchant: &types::Seller, now: DateTime<Utc>) -> DisputeRecord {
    let mut dispute = opened(rng, index, merchant, now);
    walk(rng, &mut dispute, now);
    // A few cases PayPal holds in a status of its own, where nothing is allowed.
    if rng.u8(..50) == 0 && dispute.status != Status::Resolved {
        let at = dispute.update_time;
        transitions::set_status(&mut dispute, Status::Other, at);
    }
    due_ahead(&mut dispute, now);
    dispute
}

/// Seed data is a snapshot of disputes still being worked on: a response
/// due date the walk left at or before `now` moves to a full response
/// window after `now`, so that seeded disputes do not all lapse the
/// moment the sandbox clock is read (rule deadline.seller-response-due).
fn due_ahead(dispute: &mut DisputeRecord, now: DateTime<Utc>) {
    let ahead = now + transitions::response_window(dispute.stage);
    for due in [
        &mut dispute.seller_response_due,
        &mut dispute.buyer_response_due,
    ] {
        if due.is_some_and(|at| at <= now) {
            *due = Some(ahead);
        }
    }
}

/// Dispute number `index` in `scenario`'s status, stage and reason: a
/// freshly opened one (the customer's message, no offer, no evidence)
/// moved there directly, as the sandbox-only update-status call does.
pub fn scenario(seed: u64, index: usize, now: DateTime<Utc>, scenario: Scenario) -> DisputeRecord {
    let mut rng = Rng::with_seed(seed ^ (index as u64 + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93));
    let mut dispute = opened(&mut rng, index, &merchant(seed), now);
    dispute.reason = scenario.reason;
    for item in &mut dispute.transaction.items {
        item.reason = Some(enums::DisputeReason::from(scenario.reason.as_str()));
    }
    dispute.stage = scenario.stage;
    dispute.channel =
        if scenario.stage == Stage::Chargeback && scenario.reason == Reason::Unauthorised {
            Channel::External
        } else {
            Channel::Internal
        };
    let at = dispute.update_time + Duration::minutes(1);
    transitions::set_status(&mut dispute, scenario.status, at);
    dispute.update_time = at;
    due_ahead(&mut dispute, now);
    dispute
}

/// A dispute as the customer opens it, in its first status.
fn opened(
    rng: &mut Rng,
    index: usize,
    merchant: &types::Seller,
    now: DateTime<Utc>,
) -> DisputeRecord {
    let reason = weighted(
        rng,
        &[
            (Reason::MerchandiseOrServiceNotReceived, 30),
            (Reason::MerchandiseOrServiceNotAsDescribed, 25),
            (Reason::Unauthorised, 12),
            (Reason::CreditNotProcessed, 7),
            (Reason::DuplicateTransaction, 6),
            (Reason::IncorrectAmount, 6),
            (Reason::PaymentByOtherMeans, 4),
            (Reason::CanceledRecurringBilling, 5),
            (Reason::ProblemWithRemittance, 1),
            (Reason::Other, 4),
        ],
    );
    let currency = weighted(
        rng,
        &[
            (Currency::Usd, 45),
            (Currency::Eur, 20),
            (Currency::Gbp, 12),
            (Currency::Cad, 6),
            (Currency::Aud, 6),
            (Currency::Jpy, 5),
            (Currency::Mxn, 3),
            (Currency::Pln, 3),
        ],
    );
    let amount = amount(rng, currency);
    let millis = |t: DateTime<Utc>| t.duration_trunc(Duration::milliseconds(1)).unwrap_or(t);
    let create_time = millis(now - Duration::minutes(rng.i64(60..170 * 24 * 60)));
    // Card chargebacks of unauthorised payments come from the card issuer
    // and skip the inquiry.
    let channel = if reason == Reason::Unauthorised && rng.bool() {
        Channel::External
    } else {
        Channel::Internal
    };
    let buyer = *pick(rng, BUYERS);
    let (item, item_type) = *pick(rng, ITEMS);
    let paid = create_time - Duration::hours(rng.i64(2..30 * 24));
    let transaction = build(
        types::TransactionInfo::builder()
            .buyer(Some(build(
                types::Buyer::builder()
                    .email(Some(format!(
                        "{}@example.com",
                        buyer.to_lowercase().replace([' ', '\''], ".")
                    )))
                    .name(Some(buyer.to_owned())),
            )))
            .buyer_transaction_id(Some(code(rng, 17).into()))
            .seller_transaction_id(Some(code(rng, 17).into()))
            .create_time(Some(millis(paid)))
            .transaction_status(Some(enums::TransactionStatus::Completed))
            .gross_amount(Some(amount.to_money()))
            .invoice_number(Some(format!("INV-{}", 20_000 + index)))
            .items(vec![build(
                types::ItemInfo::builder()
                    .item_id(Some(format!("ITEM-{}", rng.u32(1000..10_000))))
                    .item_name(Some(item.to_owned()))
                    .item_description(Some(item.to_owned()))
                    .item_quantity(Some(rng.u8(1..4).to_string()))
                    .item_type(Some(enums::ItemType::from(item_type)))
                    .reason(Some(enums::DisputeReason::from(reason.as_str())))
                    .dispute_amount(Some(amount.to_money())),
            )])
            .seller(Some(merchant.clone()))
            .seller_protection_eligible(Some(rng.bool())),
    );
    let mut dispute = DisputeRecord {
        id: dispute_id(index),
        create_time,
        update_time: create_time,
        reason,
        status: Status::Open,
        stage: Stage::Inquiry,
        channel,
        amount,
        transaction,
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
        refunded: Amount::zero(currency),
        lost_by: None,
        return_acknowledged: false,
        settles_at: None,
        communication_details: None,
        extensions: Some(build(
            types::Extensions::builder()
                .merchant_contacted(Some(rng.bool()))
                .buyer_contacted_channel(Some("RESOLUTION_CENTER".to_owned()))
                .buyer_contacted_time(Some(create_time)),
        )),
        uploads: Vec::new(),
    };
    if channel == Channel::External {
        dispute.stage = Stage::Chargeback;
    }
    transitions::event(&mut dispute, Actor::Buyer, EventType::Created, create_time);
    if channel == Channel::External {
        transitions::set_status(&mut dispute, Status::UnderReview, create_time);
    } else {
        dispute.messages.push(build(
            types::Message::builder()
                .content(Some(opening_message(reason).to_owned()))
                .posted_by(Some(enums::MessagePostedBy::Buyer))
                .time_posted(Some(create_time)),
        ));
        // Most inquiries wait for the merchant; a few are just open.
        let status = if rng.u8(..10) == 0 {
            Status::Open
        } else {
            Status::WaitingForSellerResponse
        };
        transitions::set_status(&mut dispute, status, create_time);
    }
    dispute
}

/// A few random allowed actions, hours to days apart, never past `now`.
fn walk(rng: &mut Rng, dispute: &mut DisputeRecord, now: DateTime<Utc>) {
    let steps = rng.usize(0..=6);
    let mut at = dispute.update_time;
    for _ in 0..steps {
        at += Duration::minutes(rng.i64(30..5 * 24 * 60));
        if at >= now {
            return;
        }
        let mut moves: Vec<(Party, Action)> = Vec::new();
        for party in [Party::Seller, Party::Buyer] {
            for action in rules::allowed(dispute, party) {
                // The customer's own sandbox calls are the merchant's too;
                // list PayPal's moves once.
                let paypal_move = matches!(action, Action::RequireEvidence | Action::Adjudicate);
                if action != Action::Update && !(paypal_move && party == Party::Buyer) {
                    moves.push((party, action));
                }
            }
        }
        if moves.is_empty() {
            return;
        }
        let (party, action) = *pick(rng, &moves);
        let command = command(rng, dispute, party, action);
        // Every move was allowed and built to pass the checks; one that
        // does not simply leaves the dispute as it is.
        if transitions::apply(dispute, party, command, at).is_err() {
            return;
        }
    }
}

fn document(rng: &mut Rng, name: &str) -> Upload {
    Upload {
        name: name.to_owned(),
        bytes: rng.u64(20_000..2_000_000),
        media_type: if name.ends_with(".pdf") {
            "application/pdf".to_owned()
        } else {
            "image/jpeg".to_owned()
        },
    }
}

fn evidence(rng: &mut Rng, dispute: &DisputeRecord) -> types::EvidenceInput {
    let value = match dispute.reason {
        Reason::MerchandiseOrServiceNotReceived | Reason::Unauthorised => serde_json::json!({
            "evidence_type": "PROOF_OF_FULFILLMENT",
            "evidence_info": { "tracking_info": [{
                "carrier_name": *pick(rng, &["UPS", "USPS", "FEDEX", "DHL"]),
                "tracking_number": format!("1Z{}", code(rng, 16)),
            }]},
            "notes": "Shipped with tracking; delivered to the address on the order.",
        }),
        Reason::CreditNotProcessed | Reason::DuplicateTransaction => serde_json::json!({
            "evidence_type": "PROOF_OF_REFUND",
            "evidence_info": { "refund_ids": [code(rng, 17)] },
            "notes": "The refund was issued.",
        }),
        _ => serde_json::json!({
            "evidence_type": "OTHER",
            "notes": "The listing matches what was delivered; photos attached.",
        }),
    };
    // The JSON above is a valid EvidenceInput; the fallback never shows.
    serde_json::from_value(value).unwrap_or(build(
        types::EvidenceInput::builder().evidence_type(types::EvidenceInputEvidenceType::Other),
    ))
}

fn command(rng: &mut Rng, dispute: &DisputeRecord, party: Party, action: Action) -> Command {
    let part = |percent: i64| Amount {
        currency: dispute.amount.currency,
        minor: (dispute.amount.minor * percent / 100).max(1),
    };
    match action {
        Action::SendMessage => Command::SendMessage {
            message: pick(
                rng,
                match party {
                    Party::Seller => &[
                        "Could you send a photo of the item?",
                        "The parcel left our warehouse on time.",
                        "We can send a replacement this week.",
                    ],
                    Party::Buyer => &[
                        "I still have not heard back.",
                        "Here is a photo of what arrived.",
                        "Please refund me.",
                    ],
                },
            )
            .to_string(),
            files: Vec::new(),
        },
        Action::MakeOffer => {
            let offer_type = *pick(rng, rules::offer_types(dispute.reason));
            let percent = rng.i64(30..=90);
            Command::MakeOffer {
                note: "We would like to settle this.".to_owned(),
                offer_type,
                amount: offer_names_amount(offer_type).then(|| part(percent).to_money()),
                return_shipping_address: (offer_type == OfferType::RefundWithReturn)
                    .then(return_address),
                invoice_id: None,
            }
        }
        Action::AcceptOffer => Command::AcceptOffer { settle_after: None },
        Action::DenyOffer => Command::DenyOffer,
        Action::Escalate => Command::Escalate {
            note: rng
                .bool()
                .then(|| "We could not agree; asking PayPal to decide.".to_owned()),
        },
        Action::ProvideEvidence => Command::ProvideEvidence {
            evidences: vec![evidence(rng, dispute)],
            files: vec![document(rng, "proof.pdf")],
        },
        Action::Appeal => Command::Appeal {
            evidences: vec![evidence(rng, dispute)],
            files: vec![document(rng, "appeal.pdf")],
        },
        Action::ProvideSupportingInfo => Command::ProvideSupportingInfo {
            notes: Some("Additional details for the review.".to_owned()),
            files: vec![document(rng, "details.jpg")],
        },
        Action::AcknowledgeReturnItem => Command::AcknowledgeReturnItem {
            note: None,
            acknowledgement_type: Some(*pick(rng, AcknowledgementType::ALL)),
            files: Vec::new(),
        },
        Action::AcceptClaim => {
            let kind = *pick(rng, rules::accept_claim_types(dispute.reason));
            let percent = rng.i64(30..=90);
            Command::AcceptClaim {
                note: Some("Refunding the customer.".to_owned()),
                accept_claim_type: Some(kind),
                refund_amount: (kind == AcceptClaimType::PartialRefund)
                    .then(|| part(percent).to_money()),
                return_shipping_address: matches!(
                    kind,
                    AcceptClaimType::RefundWithReturn
                        | AcceptClaimType::RefundWithReturnShipmentLabel
                )
                .then(return_address),
                files: Vec::new(),
            }
        }
        Action::RequireEvidence => Command::RequireEvidence {
            from: if rng.u8(..3) == 0 {
                Party::Buyer
            } else {
                Party::Seller
            },
        },
        Action::Adjudicate => Command::Adjudicate {
            favour: if rng.bool() {
                Party::Buyer
            } else {
                Party::Seller
            },
        },
        Action::Update => Command::Update {
            email: Some("support@sandbox.example".to_owned()),
            note: None,
        },
    }
}

/// The merchant's returns desk, where seeded returns go back to.
fn return_address() -> types::AddressPortable {
    build(
        types::AddressPortable::builder()
            .address_line_1(Some("1 Returns Way".to_owned()))
            .admin_area_2(Some("San Jose".to_owned()))
            .admin_area_1(Some("CA".to_owned()))
            .postal_code(Some("95131".to_owned()))
            .country_code("US".to_owned()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2025-06-01T12:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|_| Utc::now())
    }

    #[test]
    fn the_same_seed_gives_the_same_disputes() {
        assert_eq!(generate(7, 40, now()), generate(7, 40, now()));
        assert_ne!(generate(7, 40, now()), generate(8, 40, now()));
    }

    #[test]
    fn fewer_disputes_are_a_prefix_of_more() {
        let many = generate(7, 50, now());
        let few = generate(7, 10, now());
        assert_eq!(few[..], many[..10]);
    }

    #[test]
    fn seeds_cover_every_status_stage_and_most_reasons() {
        let disputes = generate(7, 500, now());
        let statuses: BTreeSet<_> = disputes.iter().map(|d| d.status).collect();
        let stages: BTreeSet<_> = disputes.iter().map(|d| d.stage).collect();
        let reasons: BTreeSet<_> = disputes.iter().map(|d| d.reason).collect();
        let currencies: BTreeSet<_> = disputes.iter().map(|d| d.amount.currency).collect();
        assert_eq!(statuses.len(), Status::ALL.len(), "{statuses:?}");
        assert_eq!(stages.len(), Stage::ALL.len(), "{stages:?}");
        assert!(reasons.len() >= 8, "{reasons:?}");
        assert_eq!(currencies.len(), Currency::ALL.len());
        assert!(
            disputes
                .iter()
                .any(|d| rules::appealable_by(d, Party::Seller))
        );
        assert!(
            disputes
                .iter()
                .any(|d| d.offer.as_ref().is_some_and(|o| o.pending))
        );
    }

    #[test]
    fn seeded_times_stay_inside_paypals_window_and_in_order() {
        let now = now();
        for d in generate(3, 200, now) {
            assert!(d.create_time > now - Duration::days(180), "{}", d.id);
            assert!(
                d.create_time <= d.update_time && d.update_time <= now,
                "{}",
                d.id
            );
            assert!(
                d.history.windows(2).all(|w| w[0].date <= w[1].date),
                "{}",
                d.id
            );
        }
    }

    #[test]
    fn money_moved_matches_what_the_customer_got_back() {
        for d in generate(11, 300, now()) {
            let credited: i64 = d
                .money_movements
                .iter()
                .filter(|m| m.affected_party == Some(enums::MovementParty::Buyer))
                .map(|m| {
                    let minor = m
                        .amount
                        .as_ref()
                        .and_then(|a| Amount::from_money(a).ok())
                        .map_or(0, |a| a.minor);
                    if m.type_ == Some(enums::MovementType::Credit) {
                        minor
                    } else {
                        -minor
                    }
                })
                .sum();
            assert_eq!(credited, d.refunded.minor, "{}", d.id);
            assert!(d.refunded.minor <= d.amount.minor, "{}", d.id);
        }
    }

    #[test]
    fn seeded_and_scenario_due_dates_lie_ahead_of_the_seed_time() {
        let now = now();
        let mut disputes = generate(7, 300, now);
        for (n, status) in Status::ALL.iter().enumerate() {
            let chosen = Scenario {
                status: *status,
                stage: Stage::Chargeback,
                reason: Reason::MerchandiseOrServiceNotReceived,
            };
            disputes.push(scenario(7, 300 + n, now, chosen));
        }
        let waiting = disputes
            .iter()
            .filter(|d| transitions::deadline(d).is_some())
            .count();
        assert!(waiting > 50, "{waiting} disputes wait for a response");
        for d in &disputes {
            if let Some(due) = transitions::deadline(d) {
                assert!(due > now, "{} is due {due}, before {now}", d.id);
            }
        }
    }
}
