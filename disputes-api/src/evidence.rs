//! Evidence as a merchant thinks of it: "here is the tracking number",
//! "here are the refund IDs", "here is a note".
//!
//! Each dispute reason wants certain evidence (PayPal's integration guide,
//! "Dispute reasons"): proof of fulfillment with a carrier and a tracking
//! number for an item not received or an unauthorised payment, proof of
//! refund with refund IDs, or other evidence as notes and documents. These
//! constructors build the generated [`EvidenceInput`] with exactly what
//! each kind needs; files go in the call's `evidence_file` parts.

use crate::types::{
    EvidenceInfoInput, EvidenceInput, EvidenceInputEvidenceType, ProvideEvidenceInput,
    TrackingInfoInput, TrackingInfoInputCarrierName,
};

impl EvidenceInput {
    /// Proof that the item was shipped: the carrier and its tracking
    /// number.
    ///
    /// ```
    /// use disputes_api::types::{EvidenceInput, TrackingInfoInputCarrierName};
    ///
    /// let shipped = EvidenceInput::proof_of_fulfillment(TrackingInfoInputCarrierName::Ups, "1Z999AA10123456784")
    ///     .with_notes("Delivered to the address on the order.");
    /// assert_eq!(shipped.evidence_info.map(|i| i.tracking_info.len()), Some(1));
    /// ```
    pub fn proof_of_fulfillment(
        carrier: TrackingInfoInputCarrierName,
        tracking_number: impl Into<String>,
    ) -> EvidenceInput {
        EvidenceInput::of(
            EvidenceInputEvidenceType::ProofOfFulfillment,
            Some(EvidenceInfoInput {
                tracking_info: vec![TrackingInfoInput {
                    carrier_name: carrier,
                    carrier_name_other: None,
                    tracking_number: tracking_number.into(),
                    tracking_url: None,
                }],
                refund_ids: Vec::new(),
            }),
        )
    }

    /// Proof that the customer was refunded: the refund transactions' IDs.
    pub fn proof_of_refund<I, S>(refund_ids: I) -> EvidenceInput
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        EvidenceInput::of(
            EvidenceInputEvidenceType::ProofOfRefund,
            Some(EvidenceInfoInput {
                tracking_info: Vec::new(),
                refund_ids: refund_ids.into_iter().map(Into::into).collect(),
            }),
        )
    }

    /// Evidence of `evidence_type` that is notes (and the call's files)
    /// only: `OTHER`, a return policy, a copy of the contract, ...
    pub fn notes(
        evidence_type: EvidenceInputEvidenceType,
        notes: impl Into<String>,
    ) -> EvidenceInput {
        EvidenceInput::of(evidence_type, None).with_notes(notes)
    }

    /// This evidence with `notes` (at most 2000 characters; the client
    /// checks before sending).
    pub fn with_notes(mut self, notes: impl Into<String>) -> EvidenceInput {
        self.notes = Some(notes.into());
        self
    }

    /// This evidence about the item `item_id`, when the transaction has
    /// several.
    pub fn for_item(mut self, item_id: impl Into<String>) -> EvidenceInput {
        self.item_id = Some(item_id.into());
        self
    }

    fn of(
        evidence_type: EvidenceInputEvidenceType,
        info: Option<EvidenceInfoInput>,
    ) -> EvidenceInput {
        EvidenceInput {
            evidence_type,
            evidence_info: info,
            documents: Vec::new(),
            item_id: None,
            notes: None,
        }
    }
}

impl From<EvidenceInput> for ProvideEvidenceInput {
    /// One piece of evidence, as the input part of provide evidence or
    /// appeal.
    fn from(evidence: EvidenceInput) -> ProvideEvidenceInput {
        ProvideEvidenceInput {
            evidences: vec![evidence],
        }
    }
}

impl FromIterator<EvidenceInput> for ProvideEvidenceInput {
    fn from_iter<I: IntoIterator<Item = EvidenceInput>>(evidences: I) -> ProvideEvidenceInput {
        ProvideEvidenceInput {
            evidences: evidences.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_serializes_to_what_paypal_s_guide_asks_for_it() {
        let shipped =
            EvidenceInput::proof_of_fulfillment(TrackingInfoInputCarrierName::Fedex, "7946");
        assert_eq!(
            serde_json::to_value(ProvideEvidenceInput::from(shipped)).expect("json"),
            serde_json::json!({ "evidences": [{
                "evidence_type": "PROOF_OF_FULFILLMENT",
                "evidence_info": { "tracking_info": [{ "carrier_name": "FEDEX", "tracking_number": "7946" }] }
            }] })
        );
        let refunded = EvidenceInput::proof_of_refund(["5TY05013RG002845M"]);
        let other =
            EvidenceInput::notes(EvidenceInputEvidenceType::Other, "Logs attached.").for_item("A1");
        let both: ProvideEvidenceInput = [refunded, other].into_iter().collect();
        assert_eq!(
            serde_json::to_value(both).expect("json"),
            serde_json::json!({ "evidences": [
                { "evidence_type": "PROOF_OF_REFUND", "evidence_info": { "refund_ids": ["5TY05013RG002845M"] } },
                { "evidence_type": "OTHER", "notes": "Logs attached.", "item_id": "A1" }
            ] })
        );
    }
}
