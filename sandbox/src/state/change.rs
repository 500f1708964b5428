//! One action's effect on the world, apart from the world so that the
//! counters and the state file can name it without importing the store.

use crate::domain::action::Action;
use crate::domain::model::DisputeRecord;
use crate::state::clock::Clock;
use crate::state::idempotency::Record;

/// What one action does to the world. The pipeline builds it on a copy of
/// the dispute, writes the state file as it will be, and only then
/// commits it, so a failed write leaves memory as the file has it.
#[derive(Debug, Default)]
pub struct Change {
    /// The disputes as the change left them: the one an action changed
    /// (none when refused), or every dispute a passing deadline changed.
    pub disputes: Vec<DisputeRecord>,
    /// The action, when it was applied.
    pub applied: Option<Action>,
    /// Whether it was refused with 422.
    pub refused: bool,
    /// The answer to keep for the request's `PayPal-Request-Id`.
    pub record: Option<Record>,
    /// The clock, when the change advances it.
    pub clock: Option<Clock>,
}

impl Change {
    /// Whether the state file must hold it before it counts: a changed
    /// dispute, a stored answer or a clock advance. A bare refusal only
    /// moves a counter, which, like the replay count, is written with the
    /// next change.
    pub fn is_durable(&self) -> bool {
        !self.disputes.is_empty() || self.record.is_some() || self.clock.is_some()
    }
}
