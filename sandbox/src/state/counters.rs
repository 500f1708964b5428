//! Counters tests read to prove that every action was applied exactly
//! once, however many times it was sent.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::domain::action::Action;
use crate::state::change::Change;

/// What the sandbox did, since it started (or since the state file began):
/// the view `Sandbox::counters` and `GET /sandbox/counters` give.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    /// Actions that changed a dispute, by action.
    pub applied: BTreeMap<Action, u64>,
    /// For every `PayPal-Request-Id` whose action was applied: how many
    /// times it was applied (idempotency keeps this at 1). Built from the
    /// idempotency store, so an ID leaves this view when the store forgets
    /// it (after `state::idempotency::CAPACITY` newer ones).
    pub applied_by_request_id: BTreeMap<String, u64>,
    /// Requests answered from the idempotency store.
    pub replayed: u64,
    /// Actions refused with 422.
    pub refused: u64,
    /// Faults injected.
    #[serde(default)]
    pub faults: FaultCounts,
    /// Requests to the token endpoint, granted or refused, since start.
    #[serde(default)]
    pub token_requests: u64,
}

impl Counters {
    /// Every action applied, of any kind.
    pub fn total_applied(&self) -> u64 {
        self.applied.values().sum()
    }
}

/// The counts the state file keeps: a few numbers whatever the traffic.
/// Per-request counts live on the idempotency records instead, so they are
/// forgotten with them.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Tally {
    /// Actions that changed a dispute, by action.
    pub applied: BTreeMap<Action, u64>,
    /// Requests answered from the idempotency store. Atomic so that a
    /// replay, which changes nothing else, needs only the read lock.
    pub replayed: AtomicU64,
    /// Actions refused with 422.
    pub refused: u64,
}

impl Clone for Tally {
    fn clone(&self) -> Tally {
        Tally {
            applied: self.applied.clone(),
            replayed: AtomicU64::new(self.replays()),
            refused: self.refused,
        }
    }
}

impl Tally {
    /// Counts what `change` did.
    pub fn count(&mut self, change: &Change) {
        if let Some(action) = change.applied {
            *self.applied.entry(action).or_default() += 1;
        }
        if change.refused {
            self.refused += 1;
        }
    }

    /// Counts a replay.
    pub fn replayed(&self) {
        self.replayed.fetch_add(1, Ordering::Relaxed);
    }

    /// The replays so far.
    pub fn replays(&self) -> u64 {
        self.replayed.load(Ordering::Relaxed)
    }
}

/// How many faults were injected, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultCounts {
    /// 429s.
    pub rate_limited: u64,
    /// 500s.
    pub internal_error: u64,
    /// 503s.
    pub unavailable: u64,
    /// Dropped connections.
    pub dropped: u64,
    /// Of all of the above, how many struck after the request was handled.
    pub after_handling: u64,
}
