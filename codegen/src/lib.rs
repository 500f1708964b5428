//! The PayPal Disputes spec toolchain: everything `cargo xtask` runs.
//!
//! Data moves one way: lap text ([`lap`]) becomes the [`model`], which every
//! later stage reads. Nothing downstream of the parser looks at lap text.

#![deny(missing_docs)]

pub mod diff;
pub mod generate;
pub mod lap;
pub mod model;
pub mod openapi;
