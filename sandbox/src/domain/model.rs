//! What the sandbox remembers about a dispute, in types that carry meaning.
//!
//! The core of a dispute (status, stage, reason, party, amounts) uses the
//! sandbox's own strict enums, because the state machine must never meet a
//! value it does not know. What is only shown back (messages, evidence,
//! offers, money movements) is kept in the generated `disputes-api` types,
//! so show dispute details returns exactly the shapes the spec describes.

use crate::domain::wire::build;
use chrono::{DateTime, Utc};
use disputes_api::types;
use serde::{Deserialize, Serialize};

/// An enum whose values are PayPal's upper-case strings, with `as_str`,
/// `parse` and `ALL` generated from one table.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $wire)] $variant, )+
        }

        // Each table gets the whole vocabulary; not every enum needs all of it.
        #[allow(dead_code)]
        impl $name {
            /// Every value, in PayPal's documentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The value as PayPal writes it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }

            /// The value PayPal writes as `text`.
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($wire => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use wire_enum;

wire_enum! {
    /// The two sides of a dispute; every OAuth2 client acts as one of them.
    pub enum Party {
        /// The customer who opened the dispute.
        Buyer = "BUYER",
        /// The merchant (PayPal says seller).
        Seller = "SELLER",
    }
}

impl Party {
    /// The other side.
    pub fn other(self) -> Party {
        match self {
            Party::Buyer => Party::Seller,
            Party::Seller => Party::Buyer,
        }
    }

    /// The status in which PayPal waits for this party: the status in
    /// which it may provide evidence (PayPal's provide evidence reference).
    pub fn awaited_in(self) -> Status {
        match self {
            Party::Buyer => Status::WaitingForBuyerResponse,
            Party::Seller => Status::WaitingForSellerResponse,
        }
    }
}

wire_enum! {
    /// Where a dispute stands, the same for both parties (PayPal's `status`).
    pub enum Status {
        /// Open, nobody's turn in particular.
        Open = "OPEN",
        /// The customer must answer (an offer, a request for evidence).
        WaitingForBuyerResponse = "WAITING_FOR_BUYER_RESPONSE",
        /// The merchant must answer.
        WaitingForSellerResponse = "WAITING_FOR_SELLER_RESPONSE",
        /// PayPal is deciding.
        UnderReview = "UNDER_REVIEW",
        /// Closed, with an outcome.
        Resolved = "RESOLVED",
        /// None of the above; PayPal allows no action.
        Other = "OTHER",
    }
}

wire_enum! {
    /// The life-cycle stage (PayPal's `dispute_life_cycle_stage`).
    pub enum Stage {
        /// The parties talk without PayPal.
        Inquiry = "INQUIRY",
        /// A claim: PayPal investigates.
        Chargeback = "CHARGEBACK",
        /// The merchant's first appeal.
        PreArbitration = "PRE_ARBITRATION",
        /// The merchant's second and last appeal.
        Arbitration = "ARBITRATION",
    }
}

impl Stage {
    /// The stage an appeal moves to: PayPal documents PRE_ARBITRATION as
    /// the first appeal and ARBITRATION as the second; there is no third.
    pub fn after_appeal(self) -> Option<Stage> {
        match self {
            Stage::Chargeback => Some(Stage::PreArbitration),
            Stage::PreArbitration => Some(Stage::Arbitration),
            Stage::Inquiry | Stage::Arbitration => None,
        }
    }
}

wire_enum! {
    /// Why the customer disputes the payment.
    pub enum Reason {
        /// Nothing arrived.
        MerchandiseOrServiceNotReceived = "MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
        /// Something arrived, not what was described.
        MerchandiseOrServiceNotAsDescribed = "MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED",
        /// The customer did not make the payment.
        Unauthorised = "UNAUTHORISED",
        /// A promised refund did not come.
        CreditNotProcessed = "CREDIT_NOT_PROCESSED",
        /// Charged twice.
        DuplicateTransaction = "DUPLICATE_TRANSACTION",
        /// Charged the wrong amount.
        IncorrectAmount = "INCORRECT_AMOUNT",
        /// Already paid some other way.
        PaymentByOtherMeans = "PAYMENT_BY_OTHER_MEANS",
        /// Charged after cancelling a subscription.
        CanceledRecurringBilling = "CANCELED_RECURRING_BILLING",
        /// A remittance went wrong.
        ProblemWithRemittance = "PROBLEM_WITH_REMITTANCE",
        /// Anything else.
        Other = "OTHER",
    }
}

wire_enum! {
    /// Where the dispute was opened.
    pub enum Channel {
        /// With PayPal.
        Internal = "INTERNAL",
        /// With the customer's card issuer.
        External = "EXTERNAL",
    }
}

wire_enum! {
    /// The state one party sees (PayPal's `dispute_state`, which "could
    /// vary between parties"): whose turn it is, from the caller's side.
    pub enum DisputeState {
        /// An inquiry nobody in particular has to answer.
        OpenInquiries = "OPEN_INQUIRIES",
        /// The caller must act.
        RequiredAction = "REQUIRED_ACTION",
        /// The other party must act.
        RequiredOtherPartyAction = "REQUIRED_OTHER_PARTY_ACTION",
        /// PayPal is deciding.
        UnderPaypalReview = "UNDER_PAYPAL_REVIEW",
        /// Lost, and the caller may appeal.
        Appealable = "APPEALABLE",
        /// Closed.
        Resolved = "RESOLVED",
    }
}

/// What a merchant can offer (the seeds' integration guide, "Make offer to
/// resolve dispute"): the client's own request enum, so the sandbox reads
/// exactly the values the client sends, and a value PayPal adds stops the
/// build in the rules' exhaustive `match`es instead of reaching them as
/// some default. Its `ALL` and `as_str` are generated
/// (`codegen/src/generate/request_enums.rs`).
pub use disputes_api::types::MakeOfferRequestOfferType as OfferType;

/// How a merchant accepting a claim refunds: the client's request enum,
/// as for `OfferType`.
pub use disputes_api::types::AcceptClaimInputAcceptClaimType as AcceptClaimType;

/// What the merchant found in a returned package: the client's request
/// enum, as for `OfferType`.
pub use disputes_api::types::AcknowledgeReturnItemInputAcknowledgementType as AcknowledgementType;

/// Whether an offer names an amount. REFUND_WITH_RETURN refunds the full
/// disputed amount and REPLACEMENT_WITHOUT_REFUND none (the integration
/// guide's offer table).
pub fn offer_names_amount(offer: OfferType) -> bool {
    matches!(offer, OfferType::Refund | OfferType::RefundWithReplacement)
}

wire_enum! {
    /// Who did something, in a dispute's history.
    pub enum Actor {
        /// The customer.
        Buyer = "BUYER",
        /// The merchant.
        Seller = "SELLER",
        /// PayPal (status changes, decisions).
        Paypal = "PAYPAL",
    }
}

impl From<Party> for Actor {
    fn from(party: Party) -> Actor {
        match party {
            Party::Buyer => Actor::Buyer,
            Party::Seller => Actor::Seller,
        }
    }
}

wire_enum! {
    /// What happened, in a dispute's history. The status names and
    /// CREATED, ACCEPTED_CLAIM and RESOLVED are the ones PayPal's own
    /// example shows (seed 001); the other party actions follow its
    /// past-tense style.
    pub enum EventType {
        /// The customer opened the dispute.
        Created = "CREATED",
        /// A party sent a message.
        SentMessage = "SENT_MESSAGE",
        /// The merchant made an offer.
        MadeOffer = "MADE_OFFER",
        /// The customer accepted the offer.
        AcceptedOffer = "ACCEPTED_OFFER",
        /// The customer denied the offer.
        DeniedOffer = "DENIED_OFFER",
        /// A party escalated the inquiry to a claim.
        Escalated = "ESCALATED",
        /// A party provided evidence.
        ProvidedEvidence = "PROVIDED_EVIDENCE",
        /// A party provided supporting information.
        ProvidedSupportingInfo = "PROVIDED_SUPPORTING_INFO",
        /// The merchant acknowledged a returned item.
        AcknowledgedReturnItem = "ACKNOWLEDGED_RETURN_ITEM",
        /// The merchant accepted the claim.
        AcceptedClaim = "ACCEPTED_CLAIM",
        /// The losing party appealed.
        Appealed = "APPEALED",
        /// PayPal asked a party for evidence.
        RequestedEvidence = "REQUESTED_EVIDENCE",
        /// PayPal decided.
        Adjudicated = "ADJUDICATED",
        /// The merchant changed the communication details.
        UpdatedCommunicationDetails = "UPDATED_COMMUNICATION_DETAILS",
        /// The status became OPEN.
        Open = "OPEN",
        /// The status became WAITING_FOR_BUYER_RESPONSE.
        WaitingForBuyerResponse = "WAITING_FOR_BUYER_RESPONSE",
        /// The status became WAITING_FOR_SELLER_RESPONSE.
        WaitingForSellerResponse = "WAITING_FOR_SELLER_RESPONSE",
        /// The status became UNDER_REVIEW.
        UnderReview = "UNDER_REVIEW",
        /// The status became RESOLVED.
        Resolved = "RESOLVED",
        /// The status became OTHER.
        Other = "OTHER",
    }
}

impl EventType {
    /// The history event of a change to `status`.
    pub fn of_status(status: Status) -> EventType {
        match status {
            Status::Open => EventType::Open,
            Status::WaitingForBuyerResponse => EventType::WaitingForBuyerResponse,
            Status::WaitingForSellerResponse => EventType::WaitingForSellerResponse,
            Status::UnderReview => EventType::UnderReview,
            Status::Resolved => EventType::Resolved,
            Status::Other => EventType::Other,
        }
    }
}

/// One entry of a dispute's history, in the shape of PayPal's example
/// (seed 001): `{date, actor, event_type, dispute_life_cycle_stage}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEvent {
    /// When.
    pub date: DateTime<Utc>,
    /// Who.
    pub actor: Actor,
    /// What.
    pub event_type: EventType,
    /// The stage it happened in.
    pub dispute_life_cycle_stage: Stage,
}

wire_enum! {
    /// The currencies seeded disputes use, with their minor units.
    pub enum Currency {
        /// US dollar.
        Usd = "USD",
        /// Euro.
        Eur = "EUR",
        /// Pound sterling.
        Gbp = "GBP",
        /// Canadian dollar.
        Cad = "CAD",
        /// Australian dollar.
        Aud = "AUD",
        /// Japanese yen (no minor unit).
        Jpy = "JPY",
        /// Mexican peso.
        Mxn = "MXN",
        /// Polish złoty.
        Pln = "PLN",
    }
}

impl Currency {
    /// Digits after the decimal point (ISO 4217).
    pub fn decimals(self) -> u32 {
        match self {
            Currency::Jpy => 0,
            _ => 2,
        }
    }
}

/// An amount in minor units, so sums and comparisons are exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amount {
    /// The currency.
    pub currency: Currency,
    /// The value in minor units (cents), never negative.
    pub minor: i64,
}

/// Why an amount in a request cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Not a decimal number such as `12.50`.
    #[error("`{0}` is not a decimal amount such as 12.50")]
    Syntax(String),
    /// More decimals than the currency has.
    #[error("{currency} amounts have at most {decimals} decimals")]
    Precision {
        /// The currency.
        currency: Currency,
        /// Its minor-unit digits.
        decimals: u32,
    },
    /// A currency the sandbox does not hold disputes in.
    #[error("`{0}` is not a currency of this dispute")]
    Currency(String),
}

impl Amount {
    /// Nothing, in `currency`.
    pub fn zero(currency: Currency) -> Amount {
        Amount { currency, minor: 0 }
    }

    /// PayPal's `{currency_code, value}` with the exact decimal string.
    pub fn to_money(self) -> types::Money {
        let decimals = self.currency.decimals();
        let value = if decimals == 0 {
            self.minor.to_string()
        } else {
            let scale = 10_i64.pow(decimals);
            format!(
                "{}.{:0width$}",
                self.minor / scale,
                self.minor % scale,
                width = decimals as usize
            )
        };
        build(
            types::Money::builder()
                .currency_code(self.currency.as_str().to_owned())
                .value(value),
        )
    }

    /// Reads PayPal's money object: a known currency and a non-negative
    /// decimal string with at most the currency's decimals.
    pub fn from_money(money: &types::Money) -> Result<Amount, AmountError> {
        let currency = Currency::parse(&money.currency_code)
            .ok_or_else(|| AmountError::Currency(money.currency_code.clone()))?;
        let syntax = || AmountError::Syntax(money.value.clone());
        let (whole, fraction) = match money.value.split_once('.') {
            Some((whole, fraction)) => (whole, fraction),
            None => (money.value.as_str(), ""),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || (money.value.contains('.') && !digits(fraction)) || whole.len() > 12 {
            return Err(syntax());
        }
        let decimals = currency.decimals();
        if fraction.len() > decimals as usize {
            return Err(AmountError::Precision { currency, decimals });
        }
        let scale = 10_i64.pow(decimals);
        let whole: i64 = whole.parse().map_err(|_| syntax())?;
        let padded = format!("{fraction:0<width$}", width = decimals as usize);
        let fraction: i64 = if padded.is_empty() {
            0
        } else {
            padded.parse().map_err(|_| syntax())?
        };
        Ok(Amount {
            currency,
            minor: whole * scale + fraction,
        })
    }
}

/// The offer on the table, if the merchant made one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferState {
    /// What the customer asked for: the disputed amount.
    pub buyer_requested: Amount,
    /// The latest offer's type.
    pub offer_type: OfferType,
    /// The latest offer's amount (none for a replacement only).
    pub amount: Option<Amount>,
    /// Whether the customer still has to accept or deny it.
    pub pending: bool,
}

/// A file a party uploaded: its name and what it was, not its bytes (the
/// sandbox checks uploads, it does not keep them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    /// The file name the client gave.
    pub name: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its media type, judged by its first bytes.
    pub media_type: String,
}

impl Upload {
    /// As PayPal lists documents: by name.
    pub fn to_document(&self) -> types::Document {
        build(types::Document::builder().name(Some(self.name.clone())))
    }
}

/// Everything the sandbox knows about one dispute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisputeRecord {
    /// PayPal's ID, such as `PP-D-100042`.
    pub id: String,
    /// When the customer opened it.
    pub create_time: DateTime<Utc>,
    /// When anything last changed.
    pub update_time: DateTime<Utc>,
    /// Why.
    pub reason: Reason,
    /// Where it stands.
    pub status: Status,
    /// Its life-cycle stage.
    pub stage: Stage,
    /// Where it was opened.
    pub channel: Channel,
    /// The disputed amount.
    pub amount: Amount,
    /// The disputed payment.
    pub transaction: types::TransactionInfo,
    /// When the customer must answer by (while it is their turn).
    pub buyer_response_due: Option<DateTime<Utc>>,
    /// When the merchant must answer by (while it is their turn).
    pub seller_response_due: Option<DateTime<Utc>>,
    /// When an accepted offer's delayed money movement completes and the
    /// dispute resolves (accept-offer's 202); nothing else is open until then.
    #[serde(default)]
    pub settles_at: Option<DateTime<Utc>>,
    /// The latest offer.
    pub offer: Option<OfferState>,
    /// Every offer event, oldest first.
    pub offer_history: Vec<types::OfferHistory>,
    /// Messages between the parties.
    pub messages: Vec<types::Message>,
    /// Evidence submitted and requested.
    pub evidences: Vec<types::Evidence>,
    /// Supporting information for PayPal's review.
    pub supporting_info: Vec<types::SupportingInfo>,
    /// Every event, oldest first.
    pub history: Vec<HistoryEvent>,
    /// The outcome, once resolved.
    pub outcome: Option<types::DisputeOutcome>,
    /// PayPal's decisions.
    pub adjudications: Vec<types::Adjudication>,
    /// Money moved because of the dispute.
    pub money_movements: Vec<types::MoneyMovement>,
    /// What the customer has been paid back so far, net.
    pub refunded: Amount,
    /// The party PayPal's last decision went against, who may appeal it.
    pub lost_by: Option<Party>,
    /// Whether the merchant acknowledged the returned item.
    pub return_acknowledged: bool,
    /// Contact details the merchant gave (partially update dispute).
    pub communication_details: Option<types::CommunicationDetails>,
    /// PayPal's extensions (how the customer contacted the merchant).
    pub extensions: Option<types::Extensions>,
    /// Every file uploaded, in order.
    pub uploads: Vec<Upload>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(currency: &str, value: &str) -> types::Money {
        build(
            types::Money::builder()
                .currency_code(currency.to_owned())
                .value(value.to_owned()),
        )
    }

    #[test]
    fn amounts_keep_paypal_decimal_strings_exact() {
        let parsed = Amount::from_money(&money("USD", "23.5")).expect("amount");
        assert_eq!(parsed.minor, 2350);
        assert_eq!(parsed.to_money().value, "23.50");
        let yen = Amount::from_money(&money("JPY", "1200")).expect("yen");
        assert_eq!(yen.to_money().value, "1200");
        assert_eq!(
            Amount::from_money(&money("USD", "7")).map(|a| a.minor),
            Ok(700)
        );
    }

    #[test]
    fn amounts_with_too_many_decimals_or_no_digits_are_refused() {
        assert!(matches!(
            Amount::from_money(&money("USD", "1.005")),
            Err(AmountError::Precision { .. })
        ));
        assert!(matches!(
            Amount::from_money(&money("JPY", "1.5")),
            Err(AmountError::Precision { .. })
        ));
        for bad in ["", ".5", "5.", "-1", "1e3", "12,00", "9999999999999"] {
            assert!(
                matches!(
                    Amount::from_money(&money("USD", bad)),
                    Err(AmountError::Syntax(_))
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            Amount::from_money(&money("XXX", "1")),
            Err(AmountError::Currency(_))
        ));
    }

    #[test]
    fn every_wire_value_parses_back() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(*status));
        }
        for reason in Reason::ALL {
            assert_eq!(Reason::parse(reason.as_str()), Some(*reason));
        }
        assert_eq!(Stage::parse("PRE_ARBITRATION"), Some(Stage::PreArbitration));
        assert_eq!(Stage::parse("pre_arbitration"), None);
    }

    #[test]
    fn the_request_enums_are_the_clients_and_keep_their_wire_names() {
        // A record in a state file written before the enums were shared
        // still reads: the wire names are the same.
        let offer: OfferType = serde_json::from_value(serde_json::json!("REFUND_WITH_RETURN"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(offer, OfferType::RefundWithReturn);
        assert_eq!(OfferType::ALL.len(), 4);
        for value in AcknowledgementType::ALL {
            let text = serde_json::to_value(value).unwrap_or_default();
            assert_eq!(text, value.as_str());
        }
        assert!(offer_names_amount(OfferType::Refund));
        assert!(!offer_names_amount(OfferType::RefundWithReturn));
    }
}
