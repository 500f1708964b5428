//! OpenAPI Overlay 1.0: the standard way to enrich a definition one does not
//! own. Each action selects nodes with an RFC 9535 JSONPath `target` and
//! either merges `update` into them or removes them.
//!
//! Merge rules (Overlay 1.0.0, "Action Object"): objects merge key by key,
//! recursively; an update to an array appends (an array update appends each
//! element); any other value replaces. An action whose target selects nothing
//! is an error, because a stale target means the overlay no longer says what
//! its author meant.

use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

/// An overlay document.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// The Overlay specification version, `1.0.0`.
    pub overlay: String,
    /// Title and version of this overlay.
    pub info: OverlayInfo,
    /// The document it is meant for (informative).
    #[serde(default)]
    pub extends: Option<String>,
    /// The actions, applied in order.
    pub actions: Vec<Action>,
}

/// `info` of an overlay.
#[derive(Clone, Debug, Deserialize)]
pub struct OverlayInfo {
    /// Title.
    pub title: String,
    /// Version of the overlay document.
    pub version: String,
}

/// One action.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// JSONPath selecting the nodes to change.
    pub target: String,
    /// Why the action exists.
    #[serde(default)]
    pub description: Option<String>,
    /// What to merge into each selected node.
    #[serde(default)]
    pub update: Option<Value>,
    /// Remove the selected nodes instead.
    #[serde(default)]
    pub remove: bool,
}

/// An overlay that cannot be read or applied.
#[derive(Debug, thiserror::Error)]
pub enum OverlayError {
    /// Not valid YAML, or not an overlay document.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The file name given by the caller.
        file: String,
        /// 1-based line, 0 when unknown.
        line: usize,
        /// 1-based column, 0 when unknown.
        column: usize,
        /// What the YAML reader said.
        message: String,
    },
    /// The document says `overlay: 2.0.0` or similar.
    #[error("{file}: unsupported overlay version `{version}`; this tool applies Overlay 1.0.x")]
    Version {
        /// The file name.
        file: String,
        /// The version it declares.
        version: String,
    },
    /// An action is malformed or does not apply.
    #[error("{file}: action {index} (target `{target}`): {message}")]
    Action {
        /// The file name.
        file: String,
        /// 1-based index of the action.
        index: usize,
        /// Its target.
        target: String,
        /// What is wrong and what to do.
        message: String,
    },
}

impl Overlay {
    /// Parses an overlay from YAML (or JSON, which is YAML).
    pub fn from_yaml(file: &str, text: &str) -> Result<Overlay, OverlayError> {
        let overlay: Overlay = serde_yaml_ng::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            OverlayError::Syntax {
                file: file.to_owned(),
                line,
                column,
                message: e.to_string(),
            }
        })?;
        if !overlay.overlay.starts_with("1.0") {
            return Err(OverlayError::Version {
                file: file.to_owned(),
                version: overlay.overlay,
            });
        }
        Ok(overlay)
    }

    /// Applies every action to `doc`, in order. `file` names the overlay in errors.
    pub fn apply(&self, file: &str, doc: &mut Value) -> Result<(), OverlayError> {
        for (i, action) in self.actions.iter().enumerate() {
            let fail = |message: String| OverlayError::Action {
                file: file.to_owned(),
                index: i + 1,
                target: action.target.clone(),
                message,
            };
            let path = JsonPath::parse(&action.target)
                .map_err(|e| fail(format!("not a JSONPath: {e}")))?;
            match (&action.update, action.remove) {
                (Some(_), true) => {
                    return Err(fail(
                        "has both `update` and `remove: true`; split it in two".to_owned(),
                    ));
                }
                (None, false) => {
                    return Err(fail("has neither `update` nor `remove: true`".to_owned()));
                }
                _ => {}
            }
            let pointers: Vec<String> = path
                .query_located(doc)
                .locations()
                .map(|l| l.to_json_pointer())
                .collect();
            if pointers.is_empty() {
                return Err(fail(
                    "selects nothing in the document; the definition changed under it: fix the target or drop the action".to_owned(),
                ));
            }
            if action.remove {
                // Remove deepest and last first, so earlier pointers stay valid.
                let mut pointers = pointers;
                pointers.sort_by(|a, b| compare_pointers(b, a));
                for p in pointers {
                    remove(doc, &p);
                }
            } else if let Some(update) = &action.update {
                for p in pointers {
                    if let Some(node) = doc.pointer_mut(&p) {
                        merge(node, update);
                    }
                }
            }
        }
        Ok(())
    }
}

/// Orders JSON pointers so that array indices compare numerically.
fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let seg = |s: &str| -> Vec<(u8, usize, String)> {
        s.split('/')
            .map(|t| match t.parse::<usize>() {
                Ok(n) => (0, n, String::new()),
                Err(_) => (1, 0, t.to_owned()),
            })
            .collect()
    };
    seg(a).cmp(&seg(b))
}

fn remove(doc: &mut Value, pointer: &str) {
    let Some((parent, key)) = openapi_ref::split_last(pointer) else {
        return;
    };
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

/// Overlay 1.0 merge: objects recursively, arrays append, the rest replaces.
///
/// The recursion follows `update`, which [`Overlay::from_yaml`] read with
/// serde_yaml_ng's fixed limit of 128 levels, so it is at most that deep.
pub fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(t), Value::Object(u)) => {
            for (k, v) in u {
                match t.get_mut(k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(u)) => t.extend(u.iter().cloned()),
        (Value::Array(t), u) => t.push(u.clone()),
        (t, u) => *t = u.clone(),
    }
}
