//! The world the sandbox keeps: disputes, the changes that move them,
//! stored answers for idempotent replays, counters and the state file.
//! Built on [`crate::domain`]; knows nothing about HTTP.

pub mod change;
pub mod clock;
pub mod counters;
pub mod idempotency;
pub mod persist;
pub mod store;
