//! What each action's endpoint reads and how it answers, read from the
//! operation the embedded document has for it: the body's media type,
//! whether it is required, its schema (or its multipart `input` part's
//! schema and the name of its file parts), and its success status. The
//! sandbox names no schema itself, so it cannot accept a body the client
//! is not generated to send.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde_json::Value;

use crate::domain::action::Action;
use crate::domain::error::ApiError;
use crate::http::document;
use crate::http::handlers::body::BodySpec;

/// One action's endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// What its body is.
    pub body: BodySpec,
    /// How it answers when the action succeeds.
    pub success: Success,
}

/// How an action answers when it succeeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Success {
    /// 200 with a link to the dispute.
    Links,
    /// 204 without a body (partially update dispute).
    NoContent,
}

/// Every action's endpoint, read once; an action the document does not
/// describe keeps the reason.
static ENDPOINTS: LazyLock<BTreeMap<Action, Result<Endpoint, String>>> = LazyLock::new(|| {
    Action::ALL
        .iter()
        .map(|action| (*action, read(*action)))
        .collect()
});

impl Endpoint {
    /// `action`'s endpoint. A test proves every action has one; should the
    /// embedded document lack it, the call is a logged 500, not a guess.
    pub fn of(action: Action) -> Result<&'static Endpoint, ApiError> {
        match ENDPOINTS.get(&action) {
            Some(Ok(endpoint)) => Ok(endpoint),
            Some(Err(why)) => {
                tracing::error!(%action, %why, "the embedded document does not describe the action's endpoint");
                Err(ApiError::internal())
            }
            None => Err(ApiError::internal()),
        }
    }
}

/// The component name of `schema`, which must be a `$ref` to one.
fn schema_name(schema: Option<&Value>, at: &str) -> Result<String, String> {
    schema
        .and_then(|s| s.get("$ref"))
        .and_then(Value::as_str)
        .and_then(openapi_ref::schema_name)
        .ok_or_else(|| format!("{at} is not a $ref to a component schema"))
}

fn read(action: Action) -> Result<Endpoint, String> {
    let operation = document::operation(action)?;
    let body = operation
        .get("requestBody")
        .ok_or_else(|| format!("{action} has no requestBody"))?;
    // OpenAPI's default: a body is optional unless stated.
    let required = body.get("required").and_then(Value::as_bool) == Some(true);
    let content = body.get("content").and_then(Value::as_object);
    let json = content.and_then(|c| c.get("application/json"));
    let form = content.and_then(|c| c.get("multipart/form-data"));
    let body = match (json, form) {
        (Some(json), None) => BodySpec::Json {
            schema: schema_name(json.get("schema"), &format!("{action}'s JSON body"))?,
            required,
        },
        (None, Some(form)) => multipart(action, form.get("schema"))?,
        _ => {
            return Err(format!(
                "{action}'s body is neither only application/json nor only multipart/form-data"
            ));
        }
    };
    let responses = operation.get("responses");
    let success = if responses.and_then(|r| r.get("200")).is_some() {
        Success::Links
    } else if responses.and_then(|r| r.get("204")).is_some() {
        Success::NoContent
    } else {
        return Err(format!("{action} answers neither 200 nor 204"));
    };
    Ok(Endpoint { body, success })
}

/// A multipart body: an `input` part of a component schema and one array
/// of binary parts, the files.
fn multipart(action: Action, schema: Option<&Value>) -> Result<BodySpec, String> {
    let properties = schema
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{action}'s multipart body has no properties"))?;
    let input = schema_name(properties.get("input"), &format!("{action}'s `input` part"))?;
    let input_required = schema
        .and_then(|s| s.get("required"))
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|n| n == "input"));
    let mut files = properties.iter().filter(|(_, part)| {
        part.pointer("/items/format").and_then(Value::as_str) == Some("binary")
    });
    let (Some((files, _)), None) = (files.next(), files.next()) else {
        return Err(format!(
            "{action}'s multipart body does not have exactly one array of binary parts"
        ));
    };
    Ok(BodySpec::Multipart {
        input,
        input_required,
        files: files.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_an_endpoint_in_the_embedded_document() {
        for action in Action::ALL {
            if let Some(Err(why)) = ENDPOINTS.get(action) {
                panic!("{action}: {why}");
            }
            assert!(Endpoint::of(*action).is_ok(), "{action}");
        }
    }

    #[test]
    fn bodies_and_answers_are_the_documents() {
        let of = |action| Endpoint::of(action).cloned().ok();
        assert_eq!(
            of(Action::MakeOffer),
            Some(Endpoint {
                body: BodySpec::Json {
                    schema: "MakeOfferRequest".to_owned(),
                    required: true
                },
                success: Success::Links,
            })
        );
        // Escalating needs no body; the document does not require one.
        assert!(matches!(
            of(Action::Escalate).map(|e| e.body),
            Some(BodySpec::Json {
                required: false,
                ..
            })
        ));
        assert_eq!(
            of(Action::ProvideSupportingInfo).map(|e| e.body),
            Some(BodySpec::Multipart {
                input: "ProvideSupportingInfoInput".to_owned(),
                input_required: false,
                files: "supporting document".to_owned(),
            })
        );
        assert_eq!(
            of(Action::SendMessage).map(|e| e.body),
            Some(BodySpec::Multipart {
                input: "SendMessageInput".to_owned(),
                input_required: true,
                files: "message_document".to_owned(),
            })
        );
        // PATCH answers 204 (and 202), never 200 with links.
        assert_eq!(
            of(Action::Update).map(|e| e.success),
            Some(Success::NoContent)
        );
    }
}
