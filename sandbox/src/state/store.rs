//! The sandbox's whole state: the disputes, the order list disputes walks
//! them in, the idempotency store and the counters. One lock guards it
//! (see `http::app`), so an action and its idempotency record are one step.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use crate::domain::model::DisputeRecord;
use crate::domain::transitions;
use crate::state::change::Change;
use crate::state::clock::Clock;
use crate::state::counters::Tally;
use crate::state::idempotency;

/// The position of a dispute in list order: newest first, then by ID.
pub type ListKey = (std::cmp::Reverse<DateTime<Utc>>, std::cmp::Reverse<String>);

/// Everything that changes.
#[derive(Debug)]
pub struct World {
    disputes: HashMap<String, DisputeRecord>,
    /// Dispute IDs in list order; creation times and IDs never change, so
    /// the order holds for the sandbox's life.
    order: Vec<(ListKey, String)>,
    /// Every dispute's next deadline ([`transitions::deadline`]), soonest
    /// first, so a call finds what fell due without reading every dispute.
    deadlines: BTreeSet<(DateTime<Utc>, String)>,
    /// The world's "now".
    pub clock: Clock,
    /// Stored answers to `PayPal-Request-Id`s.
    pub idempotency: idempotency::Store,
    /// What was applied, replayed and refused.
    pub counters: Tally,
}

/// The list position of `dispute`.
pub fn list_key(dispute: &DisputeRecord) -> ListKey {
    (
        std::cmp::Reverse(dispute.create_time),
        std::cmp::Reverse(dispute.id.clone()),
    )
}

impl World {
    /// A world of `disputes`, at the time `clock` shows.
    pub fn new(disputes: Vec<DisputeRecord>, clock: Clock) -> World {
        let mut order: Vec<(ListKey, String)> = disputes
            .iter()
            .map(|d| (list_key(d), d.id.clone()))
            .collect();
        order.sort();
        let deadlines = disputes
            .iter()
            .filter_map(|d| Some((transitions::deadline(d)?, d.id.clone())))
            .collect();
        World {
            disputes: disputes.into_iter().map(|d| (d.id.clone(), d)).collect(),
            order,
            deadlines,
            clock,
            idempotency: idempotency::Store::default(),
            counters: Tally::default(),
        }
    }

    /// What time it is in the sandbox.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The disputes whose deadline is at or before `now`, brought up to
    /// `now` ([`transitions::pass_time`]), as copies: the change time
    /// makes, to be written and committed like any other.
    pub fn due(&self, now: DateTime<Utc>) -> Vec<DisputeRecord> {
        self.deadlines
            .iter()
            .take_while(|(at, _)| *at <= now)
            .filter_map(|(_, id)| {
                let mut dispute = self.disputes.get(id)?.clone();
                transitions::pass_time(&mut dispute, now).then_some(dispute)
            })
            .collect()
    }

    /// Whether some dispute's deadline is at or before `now`.
    pub fn has_due(&self, now: DateTime<Utc>) -> bool {
        self.deadlines.first().is_some_and(|(at, _)| *at <= now)
    }

    /// A dispute.
    pub fn get(&self, id: &str) -> Option<&DisputeRecord> {
        self.disputes.get(id)
    }

    /// Makes `change` visible. A dispute keeps its list position: its
    /// creation time and ID never change.
    pub fn commit(&mut self, change: Change) {
        self.counters.count(&change);
        if let Some(clock) = change.clock {
            self.clock = clock;
        }
        for dispute in change.disputes {
            match self.disputes.get(&dispute.id) {
                Some(old) => {
                    if let Some(at) = transitions::deadline(old) {
                        self.deadlines.remove(&(at, old.id.clone()));
                    }
                }
                None => {
                    // A created dispute takes its place in the list once.
                    let key = (list_key(&dispute), dispute.id.clone());
                    let at = self.order.partition_point(|entry| *entry < key);
                    self.order.insert(at, key);
                }
            }
            if let Some(at) = transitions::deadline(&dispute) {
                self.deadlines.insert((at, dispute.id.clone()));
            }
            self.disputes.insert(dispute.id.clone(), dispute);
        }
        if let Some(record) = change.record {
            self.idempotency.insert(record);
        }
    }

    /// Disputes in list order, from the first one after `after` (from the
    /// start when absent).
    pub fn listed_after<'a>(
        &'a self,
        after: Option<&ListKey>,
    ) -> impl Iterator<Item = &'a DisputeRecord> + 'a {
        let start = match after {
            Some(key) => self.order.partition_point(|(k, _)| k <= key),
            None => 0,
        };
        self.order[start..]
            .iter()
            .filter_map(|(_, id)| self.disputes.get(id))
    }

    /// Every dispute ID in list order.
    pub fn ids(&self) -> Vec<String> {
        self.order.iter().map(|(_, id)| id.clone()).collect()
    }

    /// How many disputes there are.
    pub fn len(&self) -> usize {
        self.disputes.len()
    }

    /// Every dispute in list order.
    pub fn disputes(&self) -> impl Iterator<Item = &DisputeRecord> {
        self.listed_after(None)
    }
}
