//! By when a dispute needs an answer.
//!
//! PayPal gives each side its own due date: `seller_response_due_date`
//! for the merchant, `buyer_response_due_date` for the customer. After it,
//! PayPal decides without that side's answer, so a merchant works the
//! disputes in the order of these dates.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use crate::types;

/// The side of a dispute a client acts for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Side {
    /// The merchant (PayPal says seller): this crate's usual caller.
    #[default]
    Merchant,
    /// The customer (PayPal says buyer).
    Customer,
}

/// A dispute, in full or as a list entry, with its due dates.
pub trait RespondBy {
    /// When `side` must answer by, if PayPal waits for it.
    fn respond_by_for(&self, side: Side) -> Option<DateTime<Utc>>;

    /// When the merchant must answer by (`seller_response_due_date`).
    fn respond_by(&self) -> Option<DateTime<Utc>> {
        self.respond_by_for(Side::Merchant)
    }
}

impl RespondBy for types::Dispute {
    fn respond_by_for(&self, side: Side) -> Option<DateTime<Utc>> {
        match side {
            Side::Merchant => self.seller_response_due_date,
            Side::Customer => self.buyer_response_due_date,
        }
    }
}

impl RespondBy for types::DisputeSummary {
    fn respond_by_for(&self, side: Side) -> Option<DateTime<Utc>> {
        match side {
            Side::Merchant => self.seller_response_due_date,
            Side::Customer => self.buyer_response_due_date,
        }
    }
}

/// Orders `disputes` by `side`'s due date, soonest first; those without
/// one (PayPal waits for the other side, or nothing is due) come last, in
/// their original order.
///
/// ```no_run
/// use disputes_api::deadlines::{RespondBy as _, Side, sort_by_deadline};
/// use futures_util::TryStreamExt as _;
///
/// # async fn run(client: disputes_api::Client) -> Result<(), disputes_api::Error> {
/// let mut open: Vec<_> = client
///     .disputes(disputes_api::DisputeFilter::new().dispute_state("REQUIRED_ACTION"))?
///     .try_collect()
///     .await?;
/// sort_by_deadline(&mut open, Side::Merchant);
/// for dispute in &open {
///     println!("{:?} by {:?}", dispute.dispute_id, dispute.respond_by());
/// }
/// # Ok(())
/// # }
/// ```
pub fn sort_by_deadline<T: RespondBy>(disputes: &mut [T], side: Side) {
    disputes.sort_by(
        |a, b| match (a.respond_by_for(side), b.respond_by_for(side)) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: &str, seller: Option<&str>, buyer: Option<&str>) -> types::DisputeSummary {
        serde_json::from_value(serde_json::json!({
            "dispute_id": id,
            "seller_response_due_date": seller,
            "buyer_response_due_date": buyer,
        }))
        .expect("a summary")
    }

    fn ids(list: &[types::DisputeSummary]) -> Vec<String> {
        list.iter()
            .map(|d| {
                d.dispute_id
                    .as_ref()
                    .map(|i| i.to_string())
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn disputes_are_ordered_soonest_deadline_first_and_undated_ones_last_in_order() {
        let mut list = vec![
            summary("PP-D-1", None, Some("2026-12-01T00:00:00Z")),
            summary("PP-D-2", Some("2026-12-09T10:00:00Z"), None),
            summary("PP-D-3", None, None),
            summary("PP-D-4", Some("2026-12-05T10:00:00Z"), None),
        ];
        sort_by_deadline(&mut list, Side::Merchant);
        assert_eq!(ids(&list), ["PP-D-4", "PP-D-2", "PP-D-1", "PP-D-3"]);
        assert_eq!(
            list[0].respond_by().map(|d| d.to_rfc3339()),
            Some("2026-12-05T10:00:00+00:00".to_owned())
        );
        sort_by_deadline(&mut list, Side::Customer);
        assert_eq!(ids(&list)[0], "PP-D-1", "the customer's own date");
    }
}
