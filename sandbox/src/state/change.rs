//! One action's effect on the world, apart from the world so that the
//! counters and the state file can name it without importing the store.

use crate::domain::action::Action;
use crate::domain::model::DisputeRecord;
use crate::state::idempotency::Record;

/// What one action does to the world. The pipeline builds it on a copy of
/// the dispute, writes the state file as it will be, and only then
/// commits it, so a failed write leaves memory as the file has it.
#[derive(Debug, Default)]
pub struct Change {
    /// The dispute as the action left it (none when refused).
    pub dispute: Option<DisputeRecord>,
    /// The action, when it was applied.
    pub applied: Option<Action>,
    /// Whether it was refused with 422.
    pub refused: bool,
    /// The answer to keep for the request's `PayPal-Request-Id`.
    pub record: Option<Record>,
}

impl Change {
    /// Whether the state file must hold it before it counts: a changed
    /// dispute or a stored answer. A bare refusal only moves a counter,
    /// which, like the replay count, is written with the next change.
    pub fn is_durable(&self) -> bool {
        self.dispute.is_some() || self.record.is_some()
    }
}
