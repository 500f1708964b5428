//! What a decode-and-encode round trip lost.

use serde_json::Value;

/// What a re-encoded value lost or changed from the `original`, as JSON
/// pointers with what happened; empty when nothing was lost.
///
/// Compared as JSON, with what means the same taken as the same: members
/// that are absent, `null`, `[]` or `{}` on either side; strings that are
/// the same instant as RFC 3339 date-times (`2023-03-27T09:06:12.409+00:00`
/// and `…09:06:12.409Z`); numbers of the same value.
pub fn lost(original: &Value, back: &Value) -> Vec<String> {
    let mut out = Vec::new();
    compare(original, back, "", &mut out);
    out
}

fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn compare(o: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
    let child = |k: &str| openapi_ref::child(at, k);
    match (o, b) {
        (Value::Object(a), Value::Object(c)) => {
            for (k, v) in a {
                match c.get(k) {
                    Some(w) => compare(v, w, &child(k), out),
                    None if empty(v) => {}
                    None => out.push(format!("{}: dropped ({v})", child(k))),
                }
            }
            for (k, w) in c {
                if !a.contains_key(k) && !empty(w) {
                    out.push(format!("{}: added ({w})", child(k)));
                }
            }
        }
        (Value::Array(a), Value::Array(c)) if a.len() == c.len() => {
            for (i, (v, w)) in a.iter().zip(c).enumerate() {
                compare(v, w, &format!("{at}/{i}"), out);
            }
        }
        (Value::String(s), Value::String(t)) if s != t => {
            let instant = |x: &str| chrono::DateTime::parse_from_rfc3339(x).ok();
            match (instant(s), instant(t)) {
                (Some(x), Some(y)) if x == y => {}
                _ => out.push(format!("{at}: {o} became {b}")),
            }
        }
        (Value::Number(x), Value::Number(y)) if x != y => {
            if x.as_f64() != y.as_f64() {
                out.push(format!("{at}: {o} became {b}"));
            }
        }
        (a, c) if a == c || (empty(a) && empty(c)) => {}
        (a, c) => out.push(format!("{at}: {a} became {c}")),
    }
}
