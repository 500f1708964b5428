//! Every action on a dispute, with its endpoint. The router, the links and
//! the rule table are all keyed by [`Action`], so a new action cannot have
//! one without the others.

crate::domain::model::wire_enum! {
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
