//! Counters tests read to prove that every action was applied exactly
//! once, however many times it was sent.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::faults::FaultCounts;
use crate::rules::Action;

/// What the sandbox did, since it started (or since the state file began).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counters {
    /// Actions that changed a dispute, by action.
    pub applied: BTreeMap<Action, u64>,
    /// For every `PayPal-Request-Id` whose action was applied: how many
    /// times it was applied (idempotency keeps this at 1).
    pub applied_by_request_id: BTreeMap<String, u64>,
    /// Requests answered from the idempotency store.
    pub replayed: u64,
    /// Actions refused with 422.
    pub refused: u64,
    /// Faults injected.
    #[serde(default)]
    pub faults: FaultCounts,
}

impl Counters {
    /// Every action applied, of any kind.
    pub fn total_applied(&self) -> u64 {
        self.applied.values().sum()
    }
}
