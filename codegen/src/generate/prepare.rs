//! The document progenitor sees: `spec/disputes.openapi.json` adjusted for
//! what progenitor 0.15 and typify can and cannot do, without changing what
//! the API means.
//!
//! - Operations marked `x-codegen-template` (multipart uploads; success with
//!   and without a body) are taken out: progenitor panics on them
//!   (`response_types.len() <= 1` in `method.rs`, and it has no multipart
//!   support); our own templates generate them from the same document.
//! - PayPal's named string formats become the standard ones typify maps to
//!   Rust types (`ppaas_date_time_v3` is RFC 3339, so `date-time`, which
//!   typify types as `chrono::DateTime<Utc>`).
//! - Enums reachable only from responses are hoisted into components and
//!   replaced by forward-compatible enums (see [`super::enums`]): PayPal adds
//!   values (1.11 added five evidence types), and a client must not fail to
//!   decode a dispute because of one. Enums a request can carry stay
//!   typify's strict enums, so callers cannot send a value PayPal rejects.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_json::{Map, Value};

use super::GenerateError;
use super::template_op::{Method, TemplateOp};

/// PayPal's format names and the standard format each one is.
const FORMAT_ALIASES: &[(&str, &str)] = &[
    ("ppaas_date_time_v3", "date-time"),
    ("ppaas_common_email_address_v2", "email"),
];

/// A forward-compatible enum to generate.
#[derive(Clone, Debug)]
pub(crate) struct OpenEnum {
    pub name: String,
    pub values: Vec<String>,
    pub description: Option<String>,
    /// The values PayPal's `x-enumDescriptions` marks deprecated.
    pub deprecated_values: Vec<String>,
    /// `Some` when the whole enum is deprecated: what to use instead, if
    /// the document says (`x-deprecated-instead`), else empty.
    pub deprecated: Option<String>,
}

/// The adjusted document and what was taken out of it.
pub(crate) struct Prepared {
    pub document: Value,
    pub templates: Vec<TemplateOp>,
    pub open_enums: Vec<OpenEnum>,
}

pub(crate) fn prepare(original: &Value) -> Result<Prepared, GenerateError> {
    let mut doc = original.clone();
    let templates = take_template_ops(&mut doc)?;
    fold_error_codes(&mut doc);
    alias_formats(&mut doc);
    // Reachability is computed on the original document, so the
    // template operations' requests count as requests.
    let mut full = original.clone();
    alias_formats(&mut full);
    let open_enums = hoist_response_enums(&mut doc, &full)?;
    Ok(Prepared {
        document: doc,
        templates,
        open_enums,
    })
}

fn take_template_ops(doc: &mut Value) -> Result<Vec<TemplateOp>, GenerateError> {
    let mut out = Vec::new();
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return Err(GenerateError::Input(
            "the document has no `paths`".to_owned(),
        ));
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in Method::ALL {
            let template = item
                .get(method.key())
                .and_then(|op| op.get(super::template_op::MARK))
                .and_then(Value::as_str)
                .map(str::to_owned);
            if let Some(template) = template {
                if let Some(operation) = item.shift_remove(method.key()) {
                    out.push(TemplateOp::read(path, method, &template, operation)?);
                }
            }
        }
    }
    paths.retain(|_, item| {
        item.as_object()
            .is_some_and(|i| Method::ALL.iter().any(|m| i.contains_key(m.key())))
    });
    Ok(out)
}

/// Drops a specific error status (`422`) where a range (`4XX`) of the same
/// operation has the same body: progenitor orders the range's match arm
/// first, which makes the specific arm unreachable (a compile warning), and
/// the client's behaviour is the same either way.
fn fold_error_codes(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        for method in Method::ALL {
            let Some(responses) = item
                .get_mut(method.key())
                .and_then(|op| op.get_mut("responses"))
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            for class in ['4', '5'] {
                let Some(range) = responses
                    .get(&format!("{class}XX"))
                    .map(|r| r.get("content").cloned())
                else {
                    continue;
                };
                responses.retain(|code, r| {
                    !(code.len() == 3
                        && code.starts_with(class)
                        && code.chars().all(|c| c.is_ascii_digit())
                        && r.get("content").cloned() == range)
                });
            }
        }
    }
}

/// Recurses over the whole document, which the generator reads with
/// serde_json's default limit (128 levels, `xtask/src/codegen_cmd.rs`), so
/// it is at most that deep; our export of a deeper model is refused there
/// with serde_json's error, not overflowed here.
fn alias_formats(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(f)) = map.get_mut("format") {
                if let Some((_, to)) = FORMAT_ALIASES.iter().find(|(from, _)| from == f) {
                    *f = (*to).to_owned();
                }
            }
            map.values_mut().for_each(alias_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(alias_formats),
        _ => {}
    }
}

/// Component names referenced (transitively) from `roots`.
fn reachable(doc: &Value, roots: &[&Value]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&Value> = roots.to_vec();
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    if let Some(name) = openapi_ref::schema_name(r) {
                        if seen.insert(name) {
                            if let Ok(s) = openapi_ref::resolve(doc, r) {
                                stack.push(s);
                            }
                        }
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    seen
}

/// The request and response roots of every operation.
fn roots(doc: &Value) -> (Vec<&Value>, Vec<&Value>) {
    let (mut requests, mut responses) = (Vec::new(), Vec::new());
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return (requests, responses);
    };
    for item in paths.values() {
        if let Some(p) = item.get("parameters") {
            requests.push(p);
        }
        for method in Method::ALL {
            let Some(op) = item.get(method.key()) else {
                continue;
            };
            if let Some(p) = op.get("parameters") {
                requests.push(p);
            }
            if let Some(b) = op.get("requestBody") {
                requests.push(b);
            }
            if let Some(r) = op.get("responses") {
                responses.push(r);
            }
        }
    }
    (requests, responses)
}

fn hoist_response_enums(doc: &mut Value, full: &Value) -> Result<Vec<OpenEnum>, GenerateError> {
    let (requests, responses) = roots(full);
    let request_side = reachable(full, &requests);
    let response_side = reachable(full, &responses);
    let only_responses: Vec<String> = response_side.difference(&request_side).cloned().collect();
    let mut found: BTreeMap<String, OpenEnum> = BTreeMap::new();
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return Ok(Vec::new());
    };
    let existing: BTreeSet<String> = schemas.keys().cloned().collect();
    // Response-only enum components, by their values: an inline enum with
    // the same values becomes a reference to it, so one Rust type serves.
    let mut by_values: BTreeMap<Vec<String>, String> = BTreeMap::new();
    for name in &only_responses {
        if let Some(e) = schemas.get(name).and_then(string_enum) {
            by_values
                .entry(e.values.clone())
                .or_insert_with(|| name.clone());
            found.insert(
                name.clone(),
                OpenEnum {
                    name: name.clone(),
                    ..e
                },
            );
        }
    }
    for name in &only_responses {
        let Some(schema) = schemas.get_mut(name) else {
            continue;
        };
        if found.contains_key(name) {
            continue;
        }
        let mut hoisted = Vec::new();
        collect_inline_enums(schema, name, &by_values, &mut hoisted);
        for (enum_name, e) in hoisted {
            if found.get(&enum_name).is_some_and(|f| f.values == e.values) {
                continue;
            }
            if existing.contains(&enum_name) || found.contains_key(&enum_name) {
                return Err(GenerateError::Input(format!(
                    "the response enum hoisted as `{enum_name}` collides with a component of that name; rename the component"
                )));
            }
            found.insert(
                enum_name.clone(),
                OpenEnum {
                    name: enum_name,
                    ..e
                },
            );
        }
    }
    for e in found.values() {
        if !schemas.contains_key(&e.name) {
            let mut schema = Map::new();
            schema.insert("type".to_owned(), Value::String("string".to_owned()));
            schema.insert(
                "enum".to_owned(),
                Value::Array(e.values.iter().cloned().map(Value::String).collect()),
            );
            schemas.insert(e.name.clone(), Value::Object(schema));
        }
    }
    Ok(found.into_values().collect())
}

/// A plain string enum schema, as an [`OpenEnum`] without a name.
fn string_enum(schema: &Value) -> Option<OpenEnum> {
    let map = schema.as_object()?;
    if map.get("type").and_then(Value::as_str) != Some("string") {
        return None;
    }
    let values: Vec<String> = map
        .get("enum")?
        .as_array()?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    if values.is_empty() {
        return None;
    }
    let deprecated_values = map
        .get("x-enumDescriptions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|d| d.get("deprecated").and_then(Value::as_bool) == Some(true))
        .filter_map(|d| d.get("value").and_then(Value::as_str))
        .filter(|v| values.iter().any(|known| known == v))
        .map(str::to_owned)
        .collect();
    let deprecated = (map.get("deprecated").and_then(Value::as_bool) == Some(true)).then(|| {
        map.get("x-deprecated-instead")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    });
    Some(OpenEnum {
        name: String::new(),
        values,
        description: map
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
        deprecated_values,
        deprecated,
    })
}

/// Replaces every inline string enum under `schema` (through properties,
/// items and one-element `allOf`s, never through `$ref`) with a `$ref` to a
/// new component named after its place: `Dispute` + `status` = `DisputeStatus`.
fn collect_inline_enums(
    schema: &mut Value,
    prefix: &str,
    by_values: &BTreeMap<Vec<String>, String>,
    out: &mut Vec<(String, OpenEnum)>,
) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        for (prop, value) in props.iter_mut() {
            let name = format!("{prefix}{}", prop.to_upper_camel_case());
            replace_enum(value, &name, by_values, out);
        }
    }
    if let Some(items) = map.get_mut("items") {
        replace_enum(items, &format!("{prefix}Item"), by_values, out);
    }
    if let Some(Value::Array(all)) = map.get_mut("allOf") {
        for s in all {
            collect_inline_enums(s, prefix, by_values, out);
        }
    }
}

fn replace_enum(
    value: &mut Value,
    name: &str,
    by_values: &BTreeMap<Vec<String>, String>,
    out: &mut Vec<(String, OpenEnum)>,
) {
    if let Some(e) = string_enum(value) {
        let name = by_values.get(&e.values).map_or(name, String::as_str);
        let mut replacement = Map::new();
        if let Some(d) = &e.description {
            replacement.insert("description".to_owned(), Value::String(d.clone()));
        }
        let reference = serde_json::json!({ "$ref": openapi_ref::schema_ref(name) });
        replacement.insert("allOf".to_owned(), Value::Array(vec![reference]));
        *value = Value::Object(replacement);
        out.push((name.to_owned(), e));
        return;
    }
    collect_inline_enums(value, name, by_values, out);
}
