//! The sandbox's whole state: the disputes, the order list disputes walks
//! them in, the idempotency store and the counters. One lock guards it
//! (see `handlers`), so an action and its idempotency record are one step.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::counters::Tally;
use crate::idempotency;
use crate::model::DisputeRecord;
use crate::persist::Snapshot;

/// The position of a dispute in list order: newest first, then by ID.
pub type ListKey = (std::cmp::Reverse<DateTime<Utc>>, std::cmp::Reverse<String>);

/// Everything that changes.
#[derive(Debug, Default)]
pub struct World {
    disputes: HashMap<String, DisputeRecord>,
    /// Dispute IDs in list order; creation times and IDs never change, so
    /// the order holds for the sandbox's life.
    order: Vec<(ListKey, String)>,
    /// Stored answers to `PayPal-Request-Id`s.
    pub idempotency: idempotency::Store,
    /// What was applied, replayed and refused.
    pub counters: Tally,
    /// Bumped on every change, so the state file is written in order.
    pub generation: u64,
}

/// The list position of `dispute`.
pub fn list_key(dispute: &DisputeRecord) -> ListKey {
    (
        std::cmp::Reverse(dispute.create_time),
        std::cmp::Reverse(dispute.id.clone()),
    )
}

impl World {
    /// A world of `disputes`.
    pub fn new(disputes: Vec<DisputeRecord>) -> World {
        let mut order: Vec<(ListKey, String)> = disputes
            .iter()
            .map(|d| (list_key(d), d.id.clone()))
            .collect();
        order.sort();
        World {
            disputes: disputes.into_iter().map(|d| (d.id.clone(), d)).collect(),
            order,
            ..World::default()
        }
    }

    /// The world a state file holds.
    pub fn from_snapshot(snapshot: Snapshot) -> World {
        let mut world = World::new(snapshot.disputes);
        world.idempotency = idempotency::Store::from_records(snapshot.idempotency);
        world.counters = snapshot.counters;
        world
    }

    /// A dispute.
    pub fn get(&self, id: &str) -> Option<&DisputeRecord> {
        self.disputes.get(id)
    }

    /// A dispute, to change.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut DisputeRecord> {
        self.disputes.get_mut(id)
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

    /// Every dispute in list order.
    pub fn disputes(&self) -> impl Iterator<Item = &DisputeRecord> {
        self.listed_after(None)
    }
}
