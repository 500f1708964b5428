//! The vendor extensions our documents carry, named once for the stage that
//! writes them and the stage that reads them back.

/// A default lap holds as prose (`str=Current date and time`): kept beside
/// the schema so the document says it, and out of `default` so that no
/// client sends it.
pub const DEFAULT_TEXT: &str = "x-default-text";

/// PayPal's per-value enum notes (`[{"value", "description",
/// "deprecated"}]`): OpenAPI 3.0 cannot deprecate one enum value, so the
/// importer and the generator read deprecation from here.
pub const ENUM_DESCRIPTIONS: &str = "x-enumDescriptions";

/// What to use instead of a deprecated schema, for the rustdoc and
/// `#[deprecated]` notes.
pub const DEPRECATED_INSTEAD: &str = "x-deprecated-instead";
