//! Whether a value is valid against a schema, checked on its own terms.

use std::collections::HashMap;

use serde_json::{Number, Value};

use super::{bounds, is_date_time, resolve};

/// Every way `value` breaks `schema` (a schema of `doc`), each with its
/// JSON pointer; empty when it is valid. Checks what the generator
/// promises: types, enums, required members, patterns, lengths, item
/// counts, numeric bounds, date-times, and no member the schema does not
/// name (which JSON Schema allows, but no typed reader could keep).
pub fn validate(doc: &Value, schema: &Value, value: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut regexes = HashMap::new();
    check(doc, schema, value, "", &mut regexes, &mut problems);
    problems
}

fn check(
    doc: &Value,
    schema: &Value,
    value: &Value,
    at: &str,
    regexes: &mut HashMap<String, Result<regex::Regex, String>>,
    problems: &mut Vec<String>,
) {
    let schema = resolve(doc, schema);
    let here = if at.is_empty() { "/" } else { at };
    macro_rules! fail {
        ($($what:tt)*) => { problems.push(format!("{here}: {}", format!($($what)*))) };
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        if !values.contains(value) {
            fail!("{value} is not one of the enum values");
        }
        return;
    }
    if let Some(alternatives) = schema.get("oneOf").and_then(Value::as_array) {
        let fits = alternatives.iter().filter(|a| {
            let mut inner = Vec::new();
            check(doc, a, value, at, regexes, &mut inner);
            inner.is_empty()
        });
        if fits.count() != 1 {
            fail!("does not fit exactly one `oneOf` alternative");
        }
        return;
    }
    let ty = schema.get("type").and_then(Value::as_str);
    let ty = ty.or_else(|| schema.get("properties").map(|_| "object"));
    match (ty, value) {
        (None, _) => {}
        (Some("object"), Value::Object(members)) => {
            for name in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !members.contains_key(name) {
                    fail!("the required member `{name}` is missing");
                }
            }
            let props = schema.get("properties").and_then(Value::as_object);
            for (name, member) in members {
                let escaped = openapi_ref::escape(name);
                match props.and_then(|p| p.get(name)) {
                    Some(s) => check(
                        doc,
                        s,
                        member,
                        &format!("{at}/{escaped}"),
                        regexes,
                        problems,
                    ),
                    None => fail!("the member `{name}` is not in the schema"),
                }
            }
        }
        (Some("array"), Value::Array(items)) => {
            let (min, max) = bounds(schema, "minItems", "maxItems", 0, u64::MAX);
            if !(min..=max).contains(&(items.len() as u64)) {
                fail!("{} items, not {min} to {max}", items.len());
            }
            let item = schema.get("items").unwrap_or(&Value::Null);
            for (i, v) in items.iter().enumerate() {
                check(doc, item, v, &format!("{at}/{i}"), regexes, problems);
            }
        }
        (Some("string"), Value::String(s)) => {
            let (min, max) = bounds(schema, "minLength", "maxLength", 0, u64::MAX);
            let len = s.chars().count() as u64;
            if !(min..=max).contains(&len) {
                fail!("{len} characters, not {min} to {max}");
            }
            if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
                let regex = regexes
                    .entry(pattern.to_owned())
                    .or_insert_with(|| regex::Regex::new(pattern).map_err(|e| e.to_string()));
                match regex {
                    Ok(r) if r.is_match(s) => {}
                    Ok(_) => fail!("{s:?} does not match `{pattern}`"),
                    Err(e) => fail!("pattern `{pattern}` does not compile: {e}"),
                }
            }
            if is_date_time(schema) && chrono::DateTime::parse_from_rfc3339(s).is_err() {
                fail!("{s:?} is not an RFC 3339 date-time");
            }
        }
        (Some("integer"), Value::Number(n)) if n.is_i64() || n.is_u64() => {
            if let Some(out) = outside(schema, n) {
                fail!("{out}");
            }
        }
        (Some("number"), Value::Number(n)) => {
            if let Some(out) = outside(schema, n) {
                fail!("{out}");
            }
        }
        (Some("boolean"), Value::Bool(_)) => {}
        (Some(ty), v) => fail!("{v} is not of type {ty}"),
    }
}

fn outside(schema: &Value, n: &Number) -> Option<String> {
    let n = n.as_f64()?;
    let min = schema.get("minimum").and_then(Value::as_f64);
    let max = schema.get("maximum").and_then(Value::as_f64);
    (min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m))
        .then(|| format!("{n} is outside {min:?} to {max:?}"))
}
