//! The OpenAPI document the client is generated from, embedded at build
//! time: the sandbox validates bodies against its schemas and reads each
//! action's body and answer from its operations, so what the sandbox
//! accepts is what the client sends.

use std::sync::LazyLock;

use serde_json::Value;

use crate::domain::action::Action;

/// `spec/disputes.openapi.json`. A test proves it parses; were it not to,
/// every lookup fails and says so, rather than the sandbox guessing.
static SPEC: LazyLock<Value> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../../spec/disputes.openapi.json")).unwrap_or(Value::Null)
});

/// The document.
pub fn spec() -> &'static Value {
    &SPEC
}

/// The schema named `name` in the document's components.
pub fn component(name: &str) -> Option<&'static Value> {
    openapi_ref::resolve(&SPEC, &openapi_ref::schema_ref(name)).ok()
}

/// The operation of `action`'s endpoint, with its JSON pointer for messages.
pub fn operation(action: Action) -> Result<&'static Value, String> {
    let path = action.path("{id}");
    let pointer = openapi_ref::child(
        &openapi_ref::child("/paths", &path),
        &action.method().to_ascii_lowercase(),
    );
    SPEC.pointer(&pointer)
        .ok_or_else(|| format!("the embedded document has no operation at {pointer}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_document_parses_and_has_every_actions_operation() {
        assert!(
            SPEC.get("openapi").is_some(),
            "the embedded document did not parse"
        );
        for action in Action::ALL {
            assert!(operation(*action).is_ok(), "{action}");
        }
    }
}
