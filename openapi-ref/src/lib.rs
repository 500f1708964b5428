//! JSON pointers (RFC 6901) and local `$ref`s in an OpenAPI document.
//!
//! Every stage that reads a document by place needs the same three things:
//! a pointer segment escaped and unescaped, a `$ref` followed to what it
//! names, and a pointer turned into the line and column an editor opens.
//! They live here, in a leaf crate, so that codegen, the sandbox's request
//! validator and the tests share one reading of them, and the sandbox need
//! not depend on codegen to get it.

#![deny(missing_docs)]

mod locate;
mod reference;
mod segment;

pub use locate::{line_column, locate};
pub use reference::{RefError, follow, resolve, schema_name, schema_ref, target};
pub use segment::{child, escape, split_last, unescape};
