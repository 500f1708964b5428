//! What a merchant may do with a dispute now, in types.
//!
//! PayPal says which actions a dispute allows through its `links`: each
//! allowed action is a link whose `rel` names it (`make_offer`,
//! `accept_claim`, `provide_evidence`, `appeal`, ...), and an action whose
//! link is absent is refused with 422
//! `ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE`. [`Action`] is that
//! vocabulary, one enum for this client and the project's sandbox, which
//! builds its links, routes and rules from it, so the two cannot drift.
//! [`Dispute::allowed_actions`](crate::types::Dispute::allowed_actions)
//! reads a dispute's links into it; a `rel` PayPal adds later is kept, as
//! text, in [`AllowedActions::other_rels`].

use std::collections::BTreeSet;
use std::fmt;

use crate::enums::{AcceptClaimType, AcknowledgementType, OfferType};
use crate::types;

/// An action on a dispute, named as the `rel` of the link PayPal gives
/// while the action is allowed.
///
/// Exhaustive on purpose: code that handles every action (the sandbox's
/// router, a merchant's dispatcher) stops compiling when one is added, and
/// until then a new `rel` arrives in [`AllowedActions::other_rels`].
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Action {
    /// Send a message to the other party ([`Client::send_message`](crate::Client::send_message)).
    #[serde(rename = "send_message")]
    SendMessage,
    /// Offer to resolve the dispute ([`Client::make_offer`](crate::Client::make_offer)).
    #[serde(rename = "make_offer")]
    MakeOffer,
    /// Accept the merchant's offer, as the customer ([`Client::accept_offer`](crate::Client::accept_offer)).
    #[serde(rename = "accept_offer")]
    AcceptOffer,
    /// Deny the merchant's offer, as the customer ([`Client::deny_offer`](crate::Client::deny_offer)).
    #[serde(rename = "deny_offer")]
    DenyOffer,
    /// Escalate the dispute to a claim ([`Client::escalate_dispute`](crate::Client::escalate_dispute)).
    #[serde(rename = "escalate")]
    Escalate,
    /// Provide evidence ([`Client::provide_evidence`](crate::Client::provide_evidence)).
    #[serde(rename = "provide_evidence")]
    ProvideEvidence,
    /// Provide the supporting information PayPal asked for ([`Client::provide_supporting_info`](crate::Client::provide_supporting_info)).
    #[serde(rename = "provide_supporting_info")]
    ProvideSupportingInfo,
    /// Say whether a returned item arrived ([`Client::acknowledge_returned_item`](crate::Client::acknowledge_returned_item)).
    #[serde(rename = "acknowledge_return_item")]
    AcknowledgeReturnItem,
    /// Accept the claim and refund ([`Client::accept_claim`](crate::Client::accept_claim)).
    #[serde(rename = "accept_claim")]
    AcceptClaim,
    /// Appeal a lost dispute ([`Client::appeal_dispute`](crate::Client::appeal_dispute)).
    #[serde(rename = "appeal")]
    Appeal,
    /// Sandbox only: move the dispute to waiting for evidence ([`Client::update_dispute_status`](crate::Client::update_dispute_status)).
    #[serde(rename = "require_evidence")]
    RequireEvidence,
    /// Sandbox only: decide the dispute ([`Client::settle_dispute`](crate::Client::settle_dispute)).
    #[serde(rename = "adjudicate")]
    Adjudicate,
    /// Change the dispute's communication details ([`Client::update_dispute`](crate::Client::update_dispute)).
    #[serde(rename = "update")]
    Update,
}

impl Action {
    /// Every action, in the order of PayPal's integration guide.
    pub const ALL: &'static [Action] = &[
        Action::SendMessage,
        Action::MakeOffer,
        Action::AcceptOffer,
        Action::DenyOffer,
        Action::Escalate,
        Action::ProvideEvidence,
        Action::ProvideSupportingInfo,
        Action::AcknowledgeReturnItem,
        Action::AcceptClaim,
        Action::Appeal,
        Action::RequireEvidence,
        Action::Adjudicate,
        Action::Update,
    ];

    /// The link `rel` that allows it.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::SendMessage => "send_message",
            Action::MakeOffer => "make_offer",
            Action::AcceptOffer => "accept_offer",
            Action::DenyOffer => "deny_offer",
            Action::Escalate => "escalate",
            Action::ProvideEvidence => "provide_evidence",
            Action::ProvideSupportingInfo => "provide_supporting_info",
            Action::AcknowledgeReturnItem => "acknowledge_return_item",
            Action::AcceptClaim => "accept_claim",
            Action::Appeal => "appeal",
            Action::RequireEvidence => "require_evidence",
            Action::Adjudicate => "adjudicate",
            Action::Update => "update",
        }
    }

    /// The action a link `rel` names; `None` for a rel that is not an
    /// action (`self`, `next`) or one this version does not know.
    pub fn parse(rel: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.as_str() == rel)
    }

    /// The endpoint's path for dispute `id` (`"{id}"` gives the route
    /// template).
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

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An action the dispute's links do not offer now; PayPal would refuse it
/// with 422 `ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{action} is not allowed on dispute {} now; its links allow {allowed}",
    .dispute_id.as_deref().unwrap_or("(no id)")
)]
#[non_exhaustive]
pub struct NotAllowed {
    /// The action tried.
    pub action: Action,
    /// The dispute.
    pub dispute_id: Option<String>,
    /// What the dispute's links allow.
    pub allowed: AllowedActions,
}

/// The rels of links that are not actions: the dispute itself, pages.
const NOT_ACTIONS: &[&str] = &["self", "next", "previous", "first", "last"];

/// The actions a dispute's links allow now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllowedActions {
    known: BTreeSet<Action>,
    other: Vec<String>,
}

impl AllowedActions {
    /// The actions `links` allow.
    pub fn from_links(links: &[types::LinkDescription]) -> AllowedActions {
        let mut allowed = AllowedActions::default();
        for link in links {
            match Action::parse(&link.rel) {
                Some(action) => {
                    allowed.known.insert(action);
                }
                None if NOT_ACTIONS.contains(&link.rel.as_str()) => {}
                None => {
                    if !allowed.other.contains(&link.rel) {
                        allowed.other.push(link.rel.clone());
                    }
                }
            }
        }
        allowed
    }

    /// Whether `action` is allowed now.
    pub fn contains(&self, action: Action) -> bool {
        self.known.contains(&action)
    }

    /// The allowed actions, in [`Action::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = Action> + '_ {
        self.known.iter().copied()
    }

    /// Whether no action is allowed (a closed dispute, or one waiting for
    /// the other party).
    pub fn is_empty(&self) -> bool {
        self.known.is_empty() && self.other.is_empty()
    }

    /// Rels of links that look like actions this version does not know,
    /// in the dispute's order: PayPal added them after this release.
    pub fn other_rels(&self) -> &[String] {
        &self.other
    }
}

impl fmt::Display for AllowedActions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names = self
            .known
            .iter()
            .map(|a| a.as_str())
            .chain(self.other.iter().map(String::as_str));
        match names.next() {
            None => f.write_str("no action"),
            Some(first) => {
                f.write_str(first)?;
                names.try_for_each(|n| write!(f, ", {n}"))
            }
        }
    }
}

impl types::Dispute {
    /// The actions PayPal allows on this dispute now, read from its links.
    /// Call only these: any other is refused with 422
    /// `ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE`.
    ///
    /// ```no_run
    /// use disputes_api::Action;
    ///
    /// # async fn run(client: disputes_api::Client) -> Result<(), disputes_api::Error> {
    /// let dispute = client.show_dispute_details().id("PP-D-27803").send().await?;
    /// let allowed = dispute.allowed_actions();
    /// if allowed.contains(Action::AcceptClaim) {
    ///     println!("the claim can be accepted; also allowed: {allowed}");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn allowed_actions(&self) -> AllowedActions {
        AllowedActions::from_links(&self.links)
    }

    /// Fails with [`NotAllowed`] (which `?` makes
    /// [`Error::NotAllowedNow`](crate::Error::NotAllowedNow)), before
    /// anything is sent, when the dispute's links do not offer `action`;
    /// the error lists what they do offer.
    ///
    /// ```no_run
    /// use disputes_api::Action;
    ///
    /// # async fn run(client: disputes_api::Client, offer: disputes_api::types::MakeOfferRequest) -> Result<(), disputes_api::Error> {
    /// let dispute = client.show_dispute_details().id("PP-D-27803").send().await?;
    /// dispute.ensure_allowed(Action::MakeOffer)?;
    /// client.make_offer().id("PP-D-27803").body(offer).send().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn ensure_allowed(&self, action: Action) -> Result<(), NotAllowed> {
        let allowed = self.allowed_actions();
        if allowed.contains(action) {
            return Ok(());
        }
        Err(NotAllowed {
            action,
            dispute_id: self.dispute_id.as_ref().map(|id| id.to_string()),
            allowed,
        })
    }

    /// The offer types make offer takes now (`allowed_response_options`);
    /// empty when PayPal lists none.
    pub fn allowed_offer_types(&self) -> &[OfferType] {
        self.allowed_response_options
            .as_ref()
            .and_then(|o| o.make_offer.as_ref())
            .map_or(&[], |o| &o.offer_types)
    }

    /// The accept-claim types accept claim takes now.
    pub fn allowed_accept_claim_types(&self) -> &[AcceptClaimType] {
        self.allowed_response_options
            .as_ref()
            .and_then(|o| o.accept_claim.as_ref())
            .map_or(&[], |o| &o.accept_claim_types)
    }

    /// The acknowledgement types acknowledge returned item takes now.
    pub fn allowed_acknowledgement_types(&self) -> &[AcknowledgementType] {
        self.allowed_response_options
            .as_ref()
            .and_then(|o| o.acknowledge_return_item.as_ref())
            .map_or(&[], |o| &o.acknowledgement_types)
    }
}

impl types::DisputeSummary {
    /// The actions PayPal allows on this dispute now, read from the links
    /// of its list entry.
    pub fn allowed_actions(&self) -> AllowedActions {
        AllowedActions::from_links(&self.links)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(rel: &str) -> types::LinkDescription {
        serde_json::from_value(
            serde_json::json!({ "href": "https://api-m.paypal.com/x", "rel": rel }),
        )
        .expect("a link")
    }

    #[test]
    fn every_action_s_rel_parses_back_to_it_and_serializes_as_it() {
        for &action in Action::ALL {
            assert_eq!(Action::parse(action.as_str()), Some(action));
            assert_eq!(
                serde_json::to_value(action).expect("serializes"),
                serde_json::Value::String(action.as_str().to_owned())
            );
        }
        assert_eq!(Action::parse("self"), None);
    }

    #[test]
    fn links_give_the_known_actions_and_keep_new_rels_as_text() {
        let links = [
            link("self"),
            link("accept_claim"),
            link("provide_evidence"),
            link("make_offer_v2"),
            link("accept_claim"),
        ];
        let allowed = AllowedActions::from_links(&links);
        assert!(allowed.contains(Action::AcceptClaim));
        assert!(allowed.contains(Action::ProvideEvidence));
        assert!(!allowed.contains(Action::MakeOffer));
        assert_eq!(
            allowed.iter().collect::<Vec<_>>(),
            [Action::ProvideEvidence, Action::AcceptClaim]
        );
        assert_eq!(allowed.other_rels(), ["make_offer_v2"]);
        assert_eq!(
            allowed.to_string(),
            "provide_evidence, accept_claim, make_offer_v2"
        );
        assert!(AllowedActions::from_links(&[link("self")]).is_empty());
    }

    #[test]
    fn allowed_response_options_give_the_types_each_call_takes_now() {
        let dispute: types::Dispute = serde_json::from_value(serde_json::json!({
            "dispute_id": "PP-D-1",
            "links": [{ "href": "https://api-m.paypal.com/x", "rel": "make_offer" }],
            "allowed_response_options": {
                "make_offer": { "offer_types": ["REFUND", "REFUND_WITH_CRYPTO"] },
                "accept_claim": { "accept_claim_types": ["REFUND"] }
            }
        }))
        .expect("a dispute");
        let offers: Vec<String> = dispute
            .allowed_offer_types()
            .iter()
            .map(|t| t.to_string())
            .collect();
        assert_eq!(
            offers,
            ["REFUND", "REFUND_WITH_CRYPTO"],
            "a new type is kept"
        );
        assert_eq!(dispute.allowed_accept_claim_types().len(), 1);
        assert!(dispute.allowed_acknowledgement_types().is_empty());
        assert!(dispute.ensure_allowed(Action::MakeOffer).is_ok());
        let refused = dispute
            .ensure_allowed(Action::AcceptClaim)
            .expect_err("no link");
        assert_eq!(
            refused.to_string(),
            "accept_claim is not allowed on dispute PP-D-1 now; its links allow make_offer"
        );
    }

    #[test]
    fn paths_are_the_operations_paths() {
        assert_eq!(
            Action::AcknowledgeReturnItem.path("PP-D-1"),
            "/v1/customer/disputes/PP-D-1/acknowledge-return-item"
        );
        assert_eq!(Action::Update.path("{id}"), "/v1/customer/disputes/{id}");
        assert_eq!(Action::Update.method(), "PATCH");
        assert_eq!(Action::Appeal.method(), "POST");
    }
}
