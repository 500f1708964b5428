//! The vendor extensions our documents carry, named once for the stage that
//! writes them and the stage that reads them back.

/// A default lap holds as prose (`str=Current date and time`): kept beside
/// the schema so the document says it, and out of `default` so that no
/// client sends it.
pub const DEFAULT_TEXT: &str = "x-default-text";
