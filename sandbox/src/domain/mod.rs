//! What a dispute is and what PayPal's documents say may happen to it:
//! the model, the rules (which action in which status and stage), the
//! transitions (what each action does) and seed data. Nothing here knows
//! about HTTP, locks or files; it depends only on [`crate::config`].

pub mod action;
pub mod error;
pub mod fixtures;
pub mod model;
pub mod rule_table;
pub mod rules;
pub mod scenario;
pub mod seed;
pub mod transitions;
pub mod wire;
