//! The names lap cannot carry: operation ids where the one derived from
//! `@desc` reads poorly, and component schema names for the objects lap
//! writes inline (`spec/disputes.names.yaml`).
//!
//! Lowering hoists every inline object into `components/schemas`. Its name
//! comes from, in order: a `shapes` entry whose member names are exactly the
//! object's (so every `{currency_code, value}` is `Money`), a `schemas` entry
//! for its location, or the PascalCase of the field that holds it. Two
//! different objects that end up with one name are an error that asks for an
//! entry here, never a silent `Foo2`.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Deserialize;

/// The parsed names file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// `"METHOD /path"` -> operationId.
    #[serde(default)]
    pub operations: IndexMap<String, String>,
    /// Location -> component name. A location is `OPERATION_ID request` or
    /// `OPERATION_ID STATUS`, followed by the field names leading to a nested
    /// object, separated by spaces: `show_dispute_details 200 offer`.
    #[serde(default)]
    pub schemas: IndexMap<String, String>,
    /// Component name -> the exact set of member names that identifies it.
    #[serde(default)]
    pub shapes: IndexMap<String, Vec<String>>,
}

/// A names file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct NamesError {
    /// The file, as the caller named it.
    pub file: String,
    /// What is wrong, with line and column when YAML says so.
    pub message: String,
}

impl Names {
    /// Parses the YAML names file; `file` is used in error messages.
    pub fn from_yaml(file: &str, text: &str) -> Result<Names, NamesError> {
        let names: Names = serde_yaml_ng::from_str(text).map_err(|e| NamesError {
            file: file.to_owned(),
            message: match e.location() {
                Some(l) => format!("{}:{}: {e}", l.line(), l.column()),
                None => e.to_string(),
            },
        })?;
        for (name, members) in &names.shapes {
            let set: BTreeSet<&String> = members.iter().collect();
            if set.len() != members.len() || members.is_empty() {
                return Err(NamesError {
                    file: file.to_owned(),
                    message: format!("shape `{name}` must list distinct member names"),
                });
            }
        }
        Ok(names)
    }

    /// The component name for an object with these member names, if a shape says.
    pub(crate) fn shape(&self, members: &BTreeSet<&str>) -> Option<&str> {
        self.shapes
            .iter()
            .find(|(_, m)| {
                m.len() == members.len() && m.iter().all(|n| members.contains(n.as_str()))
            })
            .map(|(name, _)| name.as_str())
    }
}
