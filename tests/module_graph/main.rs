//! The module graphs of the two hand-written crates, read from their
//! sources by one scanner (`scan.rs`): no module imports one that imports
//! it back, and each crate's layering rules hold.

mod disputes_api;
mod sandbox;
mod scan;
