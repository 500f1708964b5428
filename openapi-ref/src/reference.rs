//! Local `$ref`s: `#` followed by a JSON pointer, which a document may
//! percent-encode (`#/paths/~1a~1%7Bid%7D`, RFC 3986 fragments).

use serde_json::Value;

use crate::segment::{escape, unescape};

/// Where component schemas live, as a reference prefix.
const SCHEMAS: &str = "#/components/schemas/";

/// Why a reference cannot be followed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    /// Not `#/...`: another file or a URL, which nothing here fetches.
    #[error("only local references (`#/...`) are followed; `{0}` is not one")]
    NotLocal(String),
    /// `$ref` is not a string.
    #[error("`$ref` is not a string")]
    NotAString,
    /// The pointer names nothing in the document.
    #[error("reference `{0}` points at nothing")]
    Missing(String),
    /// The chain comes back to a reference it passed.
    #[error("the reference chain through `{0}` comes back to itself without reaching anything")]
    Cycle(String),
}

/// The JSON pointer a local reference names, percent-decoded.
pub fn target(reference: &str) -> Result<String, RefError> {
    let fragment = reference
        .strip_prefix('#')
        .ok_or_else(|| RefError::NotLocal(reference.to_owned()))?;
    Ok(percent_decode(fragment))
}

/// What one reference names (one step, no chain).
pub fn resolve<'d>(document: &'d Value, reference: &str) -> Result<&'d Value, RefError> {
    let pointer = target(reference)?;
    document
        .pointer(&pointer)
        .ok_or_else(|| RefError::Missing(reference.to_owned()))
}

/// Follows `value`'s `$ref` chain (any length, without recursion) to the
/// first value that is not a reference; `value` itself when it is none.
pub fn follow<'d>(document: &'d Value, value: &'d Value) -> Result<&'d Value, RefError> {
    let mut value = value;
    let mut passed: Vec<&str> = Vec::new();
    while let Some(r) = value.get("$ref") {
        let r = r.as_str().ok_or(RefError::NotAString)?;
        if passed.contains(&r) {
            return Err(RefError::Cycle(r.to_owned()));
        }
        passed.push(r);
        value = resolve(document, r)?;
    }
    Ok(value)
}

/// The reference to component schema `name`.
pub fn schema_ref(name: &str) -> String {
    format!("{SCHEMAS}{}", escape(name))
}

/// The component schema a reference names (`#/components/schemas/Name`),
/// unescaped; `None` for a reference to anything else.
pub fn schema_name(reference: &str) -> Option<String> {
    let name = reference.strip_prefix(SCHEMAS)?;
    let name = percent_decode(name);
    (!name.contains('/')).then(|| unescape(&name))
}

/// `%XX` decoded; a `%` not followed by two hex digits stays as written,
/// and so does the whole text when the bytes are not UTF-8.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc() -> Value {
        json!({
            "paths": {"/a/{id}": {"get": {"x": 1}}},
            "components": {"schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"type": "string"},
                "a/b": {"type": "integer"},
                "Loop": {"$ref": "#/components/schemas/Loop2"},
                "Loop2": {"$ref": "#/components/schemas/Loop"}
            }}
        })
    }

    #[test]
    fn a_chain_is_followed_to_its_end_and_escapes_and_percent_codes_are_read() {
        let d = doc();
        let a = json!({"$ref": "#/components/schemas/A"});
        assert_eq!(follow(&d, &a), Ok(&json!({"type": "string"})));
        assert_eq!(
            resolve(&d, "#/components/schemas/a~1b"),
            Ok(&json!({"type": "integer"}))
        );
        assert_eq!(
            resolve(&d, "#/paths/~1a~1%7Bid%7D/get"),
            Ok(&json!({"x": 1}))
        );
        let plain = json!({"type": "boolean"});
        assert_eq!(follow(&d, &plain), Ok(&plain));
    }

    #[test]
    fn cycles_missing_targets_and_remote_references_are_errors_not_loops() {
        let d = doc();
        let looped = json!({"$ref": "#/components/schemas/Loop"});
        assert!(matches!(follow(&d, &looped), Err(RefError::Cycle(_))));
        assert_eq!(
            resolve(&d, "#/components/schemas/Nope"),
            Err(RefError::Missing("#/components/schemas/Nope".into()))
        );
        assert!(matches!(
            resolve(&d, "other.yaml#/x"),
            Err(RefError::NotLocal(_))
        ));
        assert_eq!(follow(&d, &json!({"$ref": 3})), Err(RefError::NotAString));
    }

    #[test]
    fn schema_names_are_unescaped_and_only_component_schemas_have_one() {
        assert_eq!(
            schema_name("#/components/schemas/Money").as_deref(),
            Some("Money")
        );
        assert_eq!(schema_name(&schema_ref("a/b")).as_deref(), Some("a/b"));
        assert_eq!(schema_name("#/components/responses/X"), None);
        assert_eq!(schema_name("#/components/schemas/A/properties/b"), None);
    }

    #[test]
    fn a_percent_without_two_hex_digits_stays_as_written() {
        assert_eq!(percent_decode("%7B%7d"), "{}");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%ff"), "%ff");
    }
}
