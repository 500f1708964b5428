//! PayPal's rules as data: for every action, who may call it and in which
//! stage and status ([`gate`], which [`rules::is_allowed`](crate::domain::rules::is_allowed)
//! evaluates, so the links, the answers and this table cannot disagree),
//! and what it checks, changes and answers ([`RULES`]). Every entry names
//! its source: a sentence of one of PayPal's documents, or the sandbox's
//! own choice where they are silent; where the documents contradict each
//! other, or the sandbox knowingly differs, the entry says which side it
//! takes and why. `docs/sandbox-rules.md` is generated from this table
//! (`cargo test -p sandbox --test rules_doc`).

use crate::domain::action::Action;
use crate::domain::model::{DisputeRecord, Party, Reason, Stage, Status};

/// One of PayPal's documents the rules are read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    /// PayPal's published OpenAPI file, `customer_disputes_v1.json`
    /// (operation descriptions and schemas).
    ApiReference,
    /// The Customer Disputes Integration Guide (seed 003).
    IntegrationGuide,
}

impl Document {
    /// How the generated page names it.
    pub fn title(self) -> &'static str {
        match self {
            Document::ApiReference => "API reference (`customer_disputes_v1.json`)",
            Document::IntegrationGuide => "Integration guide (seed 003)",
        }
    }
}

/// Where a rule comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A sentence of a document, quoted.
    Quote {
        /// The document.
        document: Document,
        /// Where in it (an operation, a schema, a section).
        at: &'static str,
        /// The sentence.
        quote: &'static str,
    },
    /// The documents are silent: the sandbox's own choice, and why.
    Ours {
        /// Why this choice.
        why: &'static str,
    },
}

/// How the sandbox stands to its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// It does what the source says.
    Follows,
    /// The documents disagree; the sandbox takes the quoted side.
    Contradiction {
        /// What the other document says.
        other: &'static str,
        /// Which side is taken, and why.
        taken: &'static str,
    },
    /// The sandbox does not (yet) do what the source says.
    Differs {
        /// Why, and what it does instead.
        why: &'static str,
    },
}

/// Which part of an action a rule is about (who may call it, and when,
/// is its [`Gate`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Aspect {
    /// What the request must satisfy.
    Checks,
    /// What it does to the dispute.
    Changes,
    /// What it answers.
    Answers,
}

impl Aspect {
    /// The generated page's column heading.
    pub fn title(self) -> &'static str {
        match self {
            Aspect::Checks => "checks",
            Aspect::Changes => "changes",
            Aspect::Answers => "answers",
        }
    }
}

/// Which parties may take an action. A call by a party the action is
/// never open to is PayPal's 403 NOT_AUTHORIZED; a call by the right
/// party at the wrong time is 422.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// The merchant only.
    Seller,
    /// The customer only.
    Buyer,
    /// Either party.
    Either,
}

impl Who {
    /// Whether `party` is one of them.
    pub fn admits(self, party: Party) -> bool {
        match self {
            Who::Seller => party == Party::Seller,
            Who::Buyer => party == Party::Buyer,
            Who::Either => true,
        }
    }
}

/// The life-cycle stages an action is open in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stages {
    /// INQUIRY only.
    Inquiry,
    /// CHARGEBACK, PRE_ARBITRATION or ARBITRATION.
    Claim,
    /// Any stage.
    Any,
}

impl Stages {
    /// Whether `stage` is one of them.
    pub fn admit(self, stage: Stage) -> bool {
        match self {
            Stages::Inquiry => stage == Stage::Inquiry,
            Stages::Claim => stage != Stage::Inquiry,
            Stages::Any => true,
        }
    }
}

/// Statuses in which a dispute is still being worked on.
pub const ACTIVE: &[Status] = &[
    Status::Open,
    Status::WaitingForBuyerResponse,
    Status::WaitingForSellerResponse,
    Status::UnderReview,
];

/// Statuses in which the parties, not PayPal, have the next move.
pub const PARTIES_TURN: &[Status] = &[
    Status::Open,
    Status::WaitingForBuyerResponse,
    Status::WaitingForSellerResponse,
];

/// A condition on the dispute beyond its stage and status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// The dispute waits for the caller's response (evidence).
    AwaitsCaller,
    /// An offer waits for the customer's answer.
    OfferPending,
    /// No offer waits for an answer.
    NoOfferPending,
    /// The reason is MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED.
    NotAsDescribed,
    /// The return has not been acknowledged yet.
    ReturnNotAcknowledged,
    /// PayPal decided against the merchant.
    LostBySeller,
    /// An appeal stage follows the current one.
    FurtherAppealStage,
}

impl Requirement {
    /// Whether `dispute` meets it, for `party`.
    pub fn met(self, dispute: &DisputeRecord, party: Party) -> bool {
        let offer_pending = dispute.offer.as_ref().is_some_and(|o| o.pending);
        match self {
            Requirement::AwaitsCaller => dispute.status == party.awaited_in(),
            Requirement::OfferPending => offer_pending,
            Requirement::NoOfferPending => !offer_pending,
            Requirement::NotAsDescribed => {
                dispute.reason == Reason::MerchandiseOrServiceNotAsDescribed
            }
            Requirement::ReturnNotAcknowledged => !dispute.return_acknowledged,
            Requirement::LostBySeller => dispute.lost_by == Some(Party::Seller),
            Requirement::FurtherAppealStage => dispute.stage.after_appeal().is_some(),
        }
    }

    /// The generated page's wording.
    pub fn describe(self) -> &'static str {
        match self {
            Requirement::AwaitsCaller => "the dispute waits for the caller's response",
            Requirement::OfferPending => "an offer waits for the customer",
            Requirement::NoOfferPending => "no offer is waiting",
            Requirement::NotAsDescribed => "reason MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED",
            Requirement::ReturnNotAcknowledged => "the return is not yet acknowledged",
            Requirement::LostBySeller => "PayPal decided against the merchant",
            Requirement::FurtherAppealStage => "a further appeal stage exists",
        }
    }
}

/// Who may take an action, and when: the part of the rules that decides
/// whether a link appears and whether a call is refused.
#[derive(Clone, Copy, Debug)]
pub struct Gate {
    /// The parties it is open to.
    pub who: Who,
    /// The stages.
    pub stages: Stages,
    /// The statuses.
    pub statuses: &'static [Status],
    /// Further conditions.
    pub requires: &'static [Requirement],
    /// Where this comes from.
    pub source: Source,
    /// How the sandbox stands to it.
    pub standing: Standing,
    /// What the source leaves open and the sandbox chose (none when the
    /// source settles every part of the gate).
    pub ours: Option<&'static str>,
}

/// Why an action was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The caller's side may never take it (403).
    WrongParty,
    /// Not in this stage, status or condition (422).
    WrongState,
}

impl Gate {
    /// Whether `party` may take the action on `dispute` now, and if not, why.
    pub fn check(&self, dispute: &DisputeRecord, party: Party) -> Result<(), Refusal> {
        if !self.who.admits(party) {
            return Err(Refusal::WrongParty);
        }
        // Rule accept-offer.accepted-then-done: nothing is open while an
        // accepted offer's money moves.
        if dispute.settles_at.is_some() {
            return Err(Refusal::WrongState);
        }
        let open = self.stages.admit(dispute.stage)
            && self.statuses.contains(&dispute.status)
            && self.requires.iter().all(|r| r.met(dispute, party));
        if open {
            Ok(())
        } else {
            Err(Refusal::WrongState)
        }
    }
}

const API: Document = Document::ApiReference;
const GUIDE: Document = Document::IntegrationGuide;

/// Who may take `action`, and when.
pub fn gate(action: Action) -> &'static Gate {
    match action {
        Action::SendMessage => &Gate {
            who: Who::Either,
            stages: Stages::Inquiry,
            statuses: PARTIES_TURN,
            requires: &[],
            source: Source::Quote {
                document: API,
                at: "send-message",
                quote: "Merchants and customers can only send messages if the dispute_life_cycle_stage value is INQUIRY.",
            },
            standing: Standing::Follows,
            ours: Some(
                "Only while the parties have the turn (OPEN, WAITING_FOR_*): not while PayPal reviews or after the case is resolved.",
            ),
        },
        Action::MakeOffer => &Gate {
            who: Who::Seller,
            stages: Stages::Inquiry,
            statuses: &[Status::Open, Status::WaitingForSellerResponse],
            requires: &[Requirement::NoOfferPending],
            source: Source::Quote {
                document: API,
                at: "make-offer",
                quote: "To make this call, the stage in the dispute lifecycle must be INQUIRY.",
            },
            standing: Standing::Contradiction {
                other: "The integration guide says \"In the inquiry stage, the dispute status must be INQUIRY\"; INQUIRY is no status.",
                taken: "The API reference: the stage is INQUIRY.",
            },
            ours: Some("Only OPEN or WAITING_FOR_SELLER_RESPONSE, and one offer at a time."),
        },
        Action::AcceptOffer | Action::DenyOffer => &Gate {
            who: Who::Buyer,
            stages: Stages::Inquiry,
            statuses: &[Status::WaitingForBuyerResponse],
            requires: &[Requirement::OfferPending],
            source: Source::Quote {
                document: API,
                at: "accept-offer, deny-offer",
                quote: "The customer accepts the offer from merchant to resolve a dispute, by ID.",
            },
            standing: Standing::Follows,
            ours: Some(
                "Only while the offer waits and the status is WAITING_FOR_BUYER_RESPONSE; an offer lapses when the case moves on.",
            ),
        },
        Action::Escalate => &Gate {
            who: Who::Either,
            stages: Stages::Inquiry,
            statuses: PARTIES_TURN,
            requires: &[],
            source: Source::Quote {
                document: API,
                at: "escalate",
                quote: "To make this call, the stage in the dispute lifecycle must be INQUIRY.",
            },
            standing: Standing::Follows,
            ours: Some("Either party, while the parties have the turn."),
        },
        Action::ProvideEvidence => &Gate {
            who: Who::Either,
            stages: Stages::Any,
            statuses: &[
                Status::WaitingForBuyerResponse,
                Status::WaitingForSellerResponse,
            ],
            requires: &[Requirement::AwaitsCaller],
            source: Source::Quote {
                document: API,
                at: "provide-evidence",
                quote: "A merchant can provide evidence for disputes with the WAITING_FOR_SELLER_RESPONSE status while customers can provide evidence for disputes with the WAITING_FOR_BUYER_RESPONSE status.",
            },
            standing: Standing::Contradiction {
                other: "The integration guide names the merchant's status WAITING_FOR_MERCHANT_RESPONSE, which no schema has.",
                taken: "The API reference: WAITING_FOR_SELLER_RESPONSE is the status the schemas define.",
            },
            ours: None,
        },
        Action::ProvideSupportingInfo => &Gate {
            who: Who::Either,
            stages: Stages::Claim,
            statuses: ACTIVE,
            requires: &[],
            source: Source::Quote {
                document: API,
                at: "provide-supporting-info",
                quote: "The party can provide the supporting information to PayPal to defend themselves only when the dispute_life_cycle_stage is CHARGEBACK, PRE_ARBITRATION, or ARBITRATION.",
            },
            standing: Standing::Follows,
            ours: Some("Only while the case is open (not RESOLVED or OTHER)."),
        },
        Action::AcknowledgeReturnItem => &Gate {
            who: Who::Seller,
            stages: Stages::Any,
            statuses: ACTIVE,
            requires: &[
                Requirement::NotAsDescribed,
                Requirement::ReturnNotAcknowledged,
            ],
            source: Source::Quote {
                document: GUIDE,
                at: "Acknowledge returned item",
                quote: "At any stage in the dispute lifecycle, merchants can request that the customer return a MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED item or service for a full refund.",
            },
            standing: Standing::Follows,
            ours: Some("Only while the case is open, and once per dispute."),
        },
        Action::AcceptClaim => &Gate {
            who: Who::Seller,
            stages: Stages::Any,
            statuses: ACTIVE,
            requires: &[],
            source: Source::Quote {
                document: API,
                at: "accept-claim",
                quote: "When you accept liability for a claim, the dispute closes in the customer's favor and PayPal automatically refunds money to the customer from the merchant's account.",
            },
            standing: Standing::Follows,
            ours: Some(
                "The merchant only (the one who pays), while the case is open, in any stage.",
            ),
        },
        Action::Appeal => &Gate {
            who: Who::Seller,
            stages: Stages::Claim,
            statuses: &[Status::Resolved],
            requires: &[Requirement::LostBySeller, Requirement::FurtherAppealStage],
            source: Source::Quote {
                document: GUIDE,
                at: "Appeal dispute",
                quote: "You can appeal a lost dispute, by ID. [...] If this link does not appear, you cannot appeal the dispute.",
            },
            standing: Standing::Follows,
            ours: Some(
                "Only after a decision against the merchant, and only while a further appeal stage (PRE_ARBITRATION, then ARBITRATION) exists.",
            ),
        },
        Action::RequireEvidence | Action::Adjudicate => &Gate {
            who: Who::Either,
            stages: Stages::Any,
            statuses: &[Status::UnderReview],
            requires: &[],
            source: Source::Quote {
                document: API,
                at: "require-evidence, adjudicate",
                quote: "To make this call, the dispute status must be UNDER_REVIEW.",
            },
            standing: Standing::Follows,
            ours: Some("Either party may stand in for PayPal's agent; any stage."),
        },
        Action::Update => &Gate {
            who: Who::Seller,
            stages: Stages::Any,
            statuses: ACTIVE,
            requires: &[],
            source: Source::Quote {
                document: API,
                at: "PATCH /v1/customer/disputes/{id}",
                quote: "Seller can update the communication_detail value.",
            },
            standing: Standing::Follows,
            ours: Some("While the case is open."),
        },
    }
}

/// What an action checks, changes and answers, beyond its [`gate`].
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// A stable name (`make-offer.full-refund-closes`), used by the tests
    /// that prove the rule and by the generated page's anchors.
    pub id: &'static str,
    /// The action, or none for a rule of every call.
    pub action: Option<Action>,
    /// Which part of the action.
    pub aspect: Aspect,
    /// What the sandbox does, in one sentence.
    pub says: &'static str,
    /// Where it comes from.
    pub source: Source,
    /// How the sandbox stands to it.
    pub standing: Standing,
}

/// The rules beyond who and when, by action.
pub const RULES: &[Rule] = &[
    Rule {
        id: "any.wrong-party-is-forbidden",
        action: None,
        aspect: Aspect::Answers,
        says: "A call by a party the action is never open to (the customer's make-offer, the merchant's accept-offer) is refused with 403 NOT_AUTHORIZED; the right party at the wrong time gets 422 ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE.",
        source: Source::Quote {
            document: API,
            at: "error_403",
            quote: "The client is not authorized to access this resource, although it may have valid credentials. [...] Authorization failed due to insufficient permissions.",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "make-offer.full-refund-closes",
        action: Some(Action::MakeOffer),
        aspect: Aspect::Changes,
        says: "A REFUND offer of the whole disputed amount closes the dispute in the customer's favour at once; a smaller one waits for the customer.",
        source: Source::Quote {
            document: API,
            at: "offer_type REFUND",
            quote: "Buyer acceptance is needed for partial refund offers and dispute is auto closed for full refunds.",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "make-offer.return-needs-address",
        action: Some(Action::MakeOffer),
        aspect: Aspect::Checks,
        says: "A REFUND_WITH_RETURN offer without return_shipping_address is refused (400 MISSING_REQUIRED_PARAMETER).",
        source: Source::Quote {
            document: API,
            at: "make_offer.return_shipping_address",
            quote: "The return address for the item. Required when the customer must return an item to the merchant for the MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED dispute reason, especially if the refund amount is less than the dispute amount.",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "make-offer.invoice-id-length",
        action: Some(Action::MakeOffer),
        aspect: Aspect::Checks,
        says: "invoice_id takes 1 to 127 characters; 128 is refused (400).",
        source: Source::Quote {
            document: API,
            at: "make_offer.invoice_id",
            quote: "\"minLength\": 1, \"maxLength\": 127",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "make-offer.amount-within-dispute",
        action: Some(Action::MakeOffer),
        aspect: Aspect::Checks,
        says: "offer_amount is in the dispute's currency, above zero and at most the disputed amount (422 otherwise).",
        source: Source::Ours {
            why: "PayPal cannot refund more than was paid, or in another currency; the documents state neither limit.",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "accept-claim.partial-is-partial",
        action: Some(Action::AcceptClaim),
        aspect: Aspect::Checks,
        says: "A PARTIAL_REFUND needs refund_amount below the disputed amount; the full amount is refused (422): that is a REFUND.",
        source: Source::Quote {
            document: API,
            at: "accept_claim_type PARTIAL_REFUND",
            quote: "The merchant proposes a partial refund for the dispute.",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "accept-claim.return-needs-address",
        action: Some(Action::AcceptClaim),
        aspect: Aspect::Checks,
        says: "REFUND_WITH_RETURN and REFUND_WITH_RETURN_SHIPMENT_LABEL need return_shipping_address (400 MISSING_REQUIRED_PARAMETER otherwise).",
        source: Source::Quote {
            document: API,
            at: "accept_claim_type",
            quote: "Include the return_shipment_info and return_shipping_address parameter in but omit the refund_amount parameter from the accept claim call.",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "accept-claim.label-needs-shipment-info",
        action: Some(Action::AcceptClaim),
        aspect: Aspect::Checks,
        says: "REFUND_WITH_RETURN_SHIPMENT_LABEL is accepted without return_shipment_info.",
        source: Source::Quote {
            document: API,
            at: "accept_claim_type REFUND_WITH_RETURN_SHIPMENT_LABEL",
            quote: "Include the return_shipment_info and return_shipping_address parameter in but omit the refund_amount parameter from the accept claim call.",
        },
        standing: Standing::Differs {
            why: "spec/disputes.openapi.json (from seed 004's lap file) has no return_shipment_info member in AcceptClaimInput, so a client generated from it cannot send one; requiring it would refuse every such call.",
        },
    },
    Rule {
        id: "provide-evidence.proof-of-return-needs-info",
        action: Some(Action::ProvideEvidence),
        aspect: Aspect::Checks,
        says: "PROOF_OF_FULFILLMENT and PROOF_OF_RETURN evidence needs evidence_info.tracking_info, PROOF_OF_REFUND evidence_info.refund_ids (400 MISSING_REQUIRED_PARAMETER otherwise).",
        source: Source::Quote {
            document: API,
            at: "evidence",
            quote: "evidence_info is expected for PROOF_OF_FULFILLMENT,PROOF_OF_REFUND and PROOF_OF_RETURN evidence types.",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "notes.at-least-one-character",
        action: None,
        aspect: Aspect::Checks,
        says: "Notes and messages take 1 to 2000 characters: an empty one is 400 INVALID_STRING_MIN_LENGTH, a longer one 400 INVALID_STRING_MAX_LENGTH, with the field's pointer (JSON bodies, multipart input parts and the PATCH of communication_details/note alike).",
        source: Source::Quote {
            document: API,
            at: "accept_offer.note and the other notes",
            quote: "\"minLength\": 1, \"maxLength\": 2000",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "evidence.upload-limits",
        action: Some(Action::ProvideEvidence),
        aspect: Aspect::Checks,
        says: "Files are JPG, GIF, PNG or PDF; the per-file and per-call limits are the client crate's disputes_api::UploadLimits, the one definition both use (10 MB a file, 50 MB a call by default; --legacy-upload-limits: 5 MB and 10 MB a call).",
        source: Source::Quote {
            document: GUIDE,
            at: "Documents",
            quote: "The merchant can upload up to 10 MB of files for a case: Individual files must be smaller than 5 MB.",
        },
        standing: Standing::Differs {
            why: "One definition now serves the sandbox and the client, so they cannot disagree; its defaults are still PayPal's current documentation (10 MB, 50 MB a call), not the guide's 5 MB a file and 10 MB a case, and no limit is counted per case across calls.",
        },
    },
    Rule {
        id: "appeal.document-or-notes",
        action: Some(Action::Appeal),
        aspect: Aspect::Checks,
        says: "An appeal takes new evidence as a JSON input part, evidence-file parts, or both; documents alone are kept as one OTHER evidence entry, and a call with neither is refused (400 MISSING_REQUIRED_PARAMETER at input).",
        source: Source::Quote {
            document: GUIDE,
            at: "Appeal dispute",
            quote: "submit new evidence as a document or notes in the JSON request body.",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "acknowledge-return-item.waits-for-proof-of-return",
        action: Some(Action::AcknowledgeReturnItem),
        aspect: Aspect::Changes,
        says: "ITEM_RECEIVED resolves the dispute in the customer's favour at once; any other acknowledgement sends it to PayPal's review.",
        source: Source::Quote {
            document: GUIDE,
            at: "Acknowledge returned item",
            quote: "Until the merchant calls provide evidence to provide PROOF_OF_RETURN, the dispute has the WAITING_FOR_SELLER_RESPONSE status.",
        },
        standing: Standing::Differs {
            why: "The sentence does not say what PROOF_OF_RETURN proves once the merchant has the item, nor what follows it, and the API reference states no such wait; the sandbox resolves at once on ITEM_RECEIVED, so a return can be tested in one call. PROOF_OF_RETURN evidence is accepted (with its tracking, rule provide-evidence.proof-of-return-needs-info) but gates nothing.",
        },
    },
    Rule {
        id: "list.supporting-info-link",
        action: Some(Action::ProvideSupportingInfo),
        aspect: Aspect::Answers,
        says: "List results carry the same links as show dispute details: the dispute's self link and one per action the caller may take now, provide-supporting-info among them.",
        source: Source::Quote {
            document: API,
            at: "provide-supporting-info",
            quote: "A merchant or buyer can make this request for disputes if they find the provide-supporting-info link in the HATEOAS links in the list disputes response.",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "accept-offer.accepted-then-done",
        action: Some(Action::AcceptOffer),
        aspect: Aspect::Answers,
        says: "Accepting an offer answers 200 and resolves the dispute at once. With an accept-offer delay (--accept-offer-delay, Config::accept_offer_delay) it answers 202 Accepted: the offer is accepted, the dispute is UNDER_REVIEW with no outcome and no action open, and once the sandbox clock passes the delay it resolves in the customer's favour, dated at that instant.",
        source: Source::Quote {
            document: API,
            at: "accept-offer responses",
            quote: "The request returns `202 Accepted` status in case money movement for the offer is delayed due to some internal reasons.",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "deadline.seller-response-due",
        action: None,
        aspect: Aspect::Changes,
        says: "When the sandbox clock passes seller_response_due_date while the dispute is WAITING_FOR_SELLER_RESPONSE, it resolves in the customer's favour (RESOLVED_BUYER_FAVOUR, NO_SELLER_RESPONSE) with the whole amount refunded, dated at the due date; it is not appealable. Due dates are 20 days after the status change in an inquiry, 10 in a claim (ours: PayPal's resolution-center terms).",
        source: Source::Quote {
            document: API,
            at: "seller_response_due_date",
            quote: "If the merchant does not respond by this date and time, the dispute is closed in the customer's favor.",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "deadline.buyer-response-due",
        action: None,
        aspect: Aspect::Changes,
        says: "When the sandbox clock passes buyer_response_due_date while the dispute is WAITING_FOR_BUYER_RESPONSE, it resolves in the merchant's favour (RESOLVED_SELLER_FAVOUR, NO_RESPONSE_FROM_BUYER) with no money moved, dated at the due date; a pending offer lapses with it, so accept-offer and deny-offer are refused (422).",
        source: Source::Quote {
            document: API,
            at: "buyer_response_due_date",
            quote: "If the customer does not respond by this date and time, the dispute is closed in the merchant's favor.",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "sandbox.clock",
        action: None,
        aspect: Aspect::Changes,
        says: "The sandbox clock is the world's now: real time by default (--clock real), or stopped at an instant (--clock frozen:2026-01-01T00:00:00Z); POST /sandbox/clock {\"advance_seconds\": N} or Sandbox::advance_clock moves it on. What fell due happens at the advance for every dispute, and on the next call that reads or acts on disputes when real time passed it; either way it is dated at the due instant, so it is the same whenever it is observed. The state file keeps the clock.",
        source: Source::Ours {
            why: "A sandbox must let a test reach a deadline without waiting for it; the documents say what happens at a deadline, not how a sandbox gets there.",
        },
        standing: Standing::Follows,
    },
    Rule {
        id: "sandbox.create-in-any-state",
        action: None,
        aspect: Aspect::Changes,
        says: "POST /sandbox/disputes and --scenario create a dispute in any status, stage and reason; require-evidence and adjudicate update its status and settle it.",
        source: Source::Quote {
            document: GUIDE,
            at: "Integration steps, 7",
            quote: "In the sandbox, you can create a dispute, update the dispute status, and settle the dispute.",
        },
        standing: Standing::Follows,
    },
];

/// `docs/sandbox-rules.md`: every action's gate, then every rule, each
/// with its source and standing.
pub fn markdown() -> String {
    let mut doc = String::from(
        "# The sandbox's rules\n\n\
         Generated from `sandbox/src/domain/rule_table.rs` by\n\
         `cargo test -p sandbox --test rules_doc` (`EXPECTORATE=overwrite` to\n\
         refresh); do not edit by hand.\n\n\
         Each rule names its source: a sentence of PayPal's API reference\n\
         (`customer_disputes_v1.json`) or integration guide (seed 003), or\n\
         **ours** where they are silent. **follows** means the sandbox does\n\
         what the source says; **contradiction** says which document it takes;\n\
         **differs** says where the sandbox does not (yet) do what PayPal\n\
         documents, and why.\n\n\
         A call by a party an action is never open to gets 403 NOT_AUTHORIZED;\n\
         the right party in the wrong stage, status or condition gets 422\n\
         ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE.\n\n\
         ## Who may act, and when\n\n\
         | action | who | stage | status | also |\n|---|---|---|---|---|\n",
    );
    for &action in Action::ALL {
        let g = gate(action);
        let statuses: Vec<&str> = g.statuses.iter().map(|s| s.as_str()).collect();
        let also: Vec<&str> = g.requires.iter().map(|r| r.describe()).collect();
        doc.push_str(&format!(
            "| `{action}` | {} | {} | {} | {} |\n",
            match g.who {
                Who::Seller => "merchant",
                Who::Buyer => "customer",
                Who::Either => "either",
            },
            match g.stages {
                Stages::Inquiry => "INQUIRY",
                Stages::Claim => "CHARGEBACK, PRE_ARBITRATION, ARBITRATION",
                Stages::Any => "any",
            },
            statuses.join(", "),
            if also.is_empty() {
                "-".to_owned()
            } else {
                also.join("; ")
            },
        ));
    }
    doc.push_str("\nSources:\n\n");
    for &action in Action::ALL {
        let g = gate(action);
        doc.push_str(&format!("- `{action}`: {}\n", cite(&g.source, &g.standing)));
        if let Some(ours) = g.ours {
            doc.push_str(&format!("  Ours: {ours}\n"));
        }
    }
    doc.push_str("\n## What each action checks, changes and answers\n");
    for rule in RULES {
        doc.push_str(&format!(
            "\n### `{}`\n\n**{}**{}. {}\n\n{}\n",
            rule.id,
            rule.aspect.title(),
            rule.action
                .map_or_else(|| " (every action)".to_owned(), |a| format!(" of `{a}`")),
            rule.says,
            cite(&rule.source, &rule.standing),
        ));
    }
    doc
}

/// A rule's source and standing, as one paragraph.
fn cite(source: &Source, standing: &Standing) -> String {
    let source = match source {
        Source::Quote {
            document,
            at,
            quote,
        } => {
            format!("{}, {at}: \"{quote}\"", document.title())
        }
        Source::Ours { why } => format!("Ours: {why}"),
    };
    let standing = match standing {
        Standing::Follows => "**follows**.".to_owned(),
        Standing::Contradiction { other, taken } => {
            format!("**contradiction**: {other} Taken: {taken}")
        }
        Standing::Differs { why } => format!("**differs**: {why}"),
    };
    format!("{source} ({standing})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_id_is_unique_and_names_its_action() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "{} twice", rule.id);
            let prefix = rule.id.split('.').next().unwrap_or_default();
            if let Some(action) = rule.action {
                let endpoint = action.path("{id}");
                assert!(
                    endpoint.ends_with(prefix) || prefix == "list" || prefix == "evidence",
                    "{}: the id starts with the action ({endpoint})",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn a_gate_refuses_the_wrong_party_before_the_wrong_state() {
        let d = crate::domain::fixtures::dispute(
            Stage::Chargeback,
            Status::Resolved,
            Reason::MerchandiseOrServiceNotReceived,
        );
        assert_eq!(
            gate(Action::MakeOffer).check(&d, Party::Buyer),
            Err(Refusal::WrongParty)
        );
        assert_eq!(
            gate(Action::MakeOffer).check(&d, Party::Seller),
            Err(Refusal::WrongState)
        );
        assert_eq!(
            gate(Action::AcceptOffer).check(&d, Party::Seller),
            Err(Refusal::WrongParty)
        );
    }
}
