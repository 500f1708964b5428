//! End to end: the generated client against the sandbox, started in
//! process on 127.0.0.1 at an ephemeral port. A dispute's life cycle,
//! every refused action, pagination over 500 disputes, and a script of 200
//! actions under injected faults.

mod clock;
mod faults;
mod lifecycle;
mod not_allowed;
mod pagination;
mod scenarios;
mod triage;

use disputes_api::types::{self, Dispute};
use disputes_api::{Client, Error, FilePart};
use sandbox::fixtures::PDF;
use sandbox::{Action, Config, Sandbox};
use serde_json::json;

pub async fn start(config: Config) -> Sandbox {
    Sandbox::start(config).await.expect("sandbox starts")
}

pub use tests::{fast_retries, sandbox_client as client};

/// A client of `sandbox` acting as `party`, trying each call once.
pub fn as_party(sandbox: &Sandbox, party: sandbox::Party) -> Client {
    let who = match party {
        sandbox::Party::Buyer => sandbox.buyer(),
        sandbox::Party::Seller => sandbox.seller(),
    };
    client(sandbox, who, fast_retries(1))
}

pub async fn show(client: &Client, id: &str) -> Dispute {
    client
        .show_dispute_details()
        .id(id)
        .send()
        .await
        .expect("show dispute details")
        .into_inner()
}

/// The rels of a dispute's links, `self` included.
pub fn rels(dispute: &Dispute) -> Vec<String> {
    dispute.links.iter().map(|l| l.rel.clone()).collect()
}

fn from_json<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("a valid request")
}

pub fn evidence(evidence_type: &str, notes: &str) -> types::ProvideEvidenceInput {
    from_json(json!({ "evidences": [{ "evidence_type": evidence_type, "notes": notes }] }))
}

/// The smallest offer: one unit of the dispute's currency.
pub fn one_unit(dispute: &Dispute) -> types::Money {
    let currency = dispute
        .dispute_amount
        .as_ref()
        .map_or("USD", |m| m.currency_code.as_str());
    sandbox::fixtures::one_unit(currency)
}

/// Takes `action` on a dispute through the typed client, with a valid
/// request for it. The match is exhaustive: a new action needs a request
/// here before it compiles.
pub async fn act(
    client: &Client,
    id: &str,
    action: Action,
    dispute: &Dispute,
) -> Result<(), Error> {
    let done: Result<(), Error> = match action {
        Action::SendMessage => client
            .send_message()
            .id(id)
            .input(from_json::<types::SendMessageInput>(
                json!({"message": "Hello."}),
            ))
            .send()
            .await
            .map(drop),
        Action::MakeOffer => client
            .make_offer()
            .id(id)
            .body(
                types::MakeOfferRequest::builder()
                    .note("An offer.".to_owned())
                    .offer_amount(Some(one_unit(dispute)))
                    .offer_type(types::MakeOfferRequestOfferType::Refund),
            )
            .send()
            .await
            .map(drop),
        Action::AcceptOffer => client
            .accept_offer()
            .id(id)
            .body(types::AcceptOfferRequest::builder())
            .send()
            .await
            .map(drop),
        Action::DenyOffer => client
            .deny_offer()
            .id(id)
            .body(types::DenyOfferRequest::builder().note("Too low.".to_owned()))
            .send()
            .await
            .map(drop),
        Action::Escalate => client
            .escalate_dispute()
            .id(id)
            .body(types::EscalateDisputeRequest::builder().note(Some("Please decide.".to_owned())))
            .send()
            .await
            .map(drop),
        Action::ProvideEvidence => client
            .provide_evidence()
            .id(id)
            .input(evidence("OTHER", "See the receipt."))
            .evidence_file(FilePart::new("receipt.pdf", PDF))
            .send()
            .await
            .map(drop),
        Action::Appeal => client
            .appeal_dispute()
            .id(id)
            .input(evidence("OTHER", "New proof."))
            .evidence_file(FilePart::new("appeal.pdf", PDF))
            .send()
            .await
            .map(drop),
        Action::ProvideSupportingInfo => client
            .provide_supporting_info()
            .id(id)
            .input(from_json::<types::ProvideSupportingInfoInput>(
                json!({"notes": "More detail."}),
            ))
            .send()
            .await
            .map(drop),
        Action::AcknowledgeReturnItem => client
            .acknowledge_returned_item()
            .id(id)
            .input(from_json::<types::AcknowledgeReturnItemInput>(
                json!({"acknowledgement_type": "ITEM_RECEIVED"}),
            ))
            .send()
            .await
            .map(drop),
        Action::AcceptClaim => client
            .accept_claim()
            .id(id)
            .input(from_json::<types::AcceptClaimInput>(
                json!({"accept_claim_type": "REFUND", "note": "Refunding."}),
            ))
            .send()
            .await
            .map(drop),
        Action::RequireEvidence => client
            .update_dispute_status()
            .id(id)
            .body(
                types::UpdateDisputeStatusRequest::builder()
                    .action(types::UpdateDisputeStatusRequestAction::SellerEvidence),
            )
            .send()
            .await
            .map(drop),
        Action::Adjudicate => {
            client
                .settle_dispute()
                .id(id)
                .body(types::SettleDisputeRequest::builder().adjudication_outcome(
                    types::SettleDisputeRequestAdjudicationOutcome::BuyerFavor,
                ))
                .send()
                .await
                .map(drop)
        }
        Action::Update => client
            .update_dispute()
            .id(id)
            .body(from_json::<types::PatchRequest>(json!([{
                "op": "replace",
                "path": "/communication_details/email",
                "value": "help@shop.example"
            }])))
            .send()
            .await
            .map(drop),
    };
    done
}
