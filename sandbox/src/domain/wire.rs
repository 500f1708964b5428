//! Building the generated `disputes-api` types the sandbox answers with.
//!
//! They are `#[non_exhaustive]` (README, "What callers can rely on"), so
//! the sandbox builds them as any caller does: through typify's builders.

/// The value `builder` describes. The sandbox sets every required member of
/// what it sends itself, so a missing one is a bug in the sandbox, never
/// bad input: it panics with the member's name.
pub fn build<T, B>(builder: B) -> T
where
    B: TryInto<T>,
    B::Error: std::fmt::Display,
{
    match builder.try_into() {
        Ok(value) => value,
        Err(e) => panic!("sandbox bug, a generated type left incomplete: {e}"),
    }
}
