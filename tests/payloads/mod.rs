//! Schema-valid JSON payloads from an OpenAPI document's schemas, seeded
//! ([`Generator`], `generate.rs`), the check that they are valid
//! ([`validate`], `validate.rs`: independent of how they were generated, so
//! a generator bug cannot pass for a client bug), and the comparison that
//! says what a decode-and-encode round trip lost ([`lost`], `lost.rs`).

mod generate;
mod lost;
mod validate;

use serde_json::Value;

pub use generate::Generator;
pub use lost::lost;
pub use validate::validate;

/// Follows `$ref`s (`#/...` pointers into `doc`) to the schema with the shape.
/// A reference that leads nowhere is `null`, which no payload matches.
pub fn resolve<'d>(doc: &'d Value, schema: &'d Value) -> &'d Value {
    openapi_ref::follow(doc, schema).unwrap_or(&Value::Null)
}

/// Whether the schema's format is a date-time (RFC 3339; PayPal's
/// `ppaas_date_time_v3` is one).
pub(crate) fn is_date_time(schema: &Value) -> bool {
    matches!(
        schema.get("format").and_then(Value::as_str),
        Some("date-time" | "ppaas_date_time_v3")
    )
}

/// A schema's `low`/`high` limit pair (`minItems`/`maxItems`, ...),
/// defaulting to `min` and `max`, never crossed.
pub(crate) fn bounds(schema: &Value, low: &str, high: &str, min: u64, max: u64) -> (u64, u64) {
    let lo = schema.get(low).and_then(Value::as_u64).unwrap_or(min);
    let hi = schema
        .get(high)
        .and_then(Value::as_u64)
        .unwrap_or(max)
        .max(lo);
    (lo, hi)
}
