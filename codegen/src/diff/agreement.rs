//! The agreement policy of `cargo xtask spec check`: does a lap file say
//! what an OpenAPI document says?
//!
//! The comparison is the diff's ([`super::diff`], the lap file old and the
//! document new, so at lap's resolution); this policy only decides that
//! every change is a disagreement, and says where each one is on both
//! sides: the lap position (the element's line, else its endpoint's) and
//! the JSON pointer into the document (the element's, else, for what the
//! document lacks, its endpoint's, else its path's).
//!
//! What lap cannot express is therefore not a disagreement, for the reasons
//! lap resolution gives ([`Spec`]'s `at_lap_resolution`): truncated nesting,
//! response enums, parameter locations lap infers, deprecation, security
//! scopes, operation ids and media types; `4XX`/`5XX`/`default` statuses
//! and prose defaults are not compared by the diff at all.

use serde_json::Value;

use crate::model::{Api, Endpoint, Origin, path_key};
use crate::openapi::pointer::{operation_pointer, path_pointer};

use super::spec::{Format, Spec};
use super::{Change, EndpointRef, Rule};

/// One disagreement between the lap file and the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// The diff's rule for it (`request-parameter-became-required`).
    pub rule: Rule,
    /// `METHOD /path`, or empty for findings about the API as a whole.
    pub endpoint: String,
    /// Where in the lap file ([`Origin::NONE`] when the lap has no line for it).
    pub origin: Origin,
    /// JSON pointer into the OpenAPI document (references followed as if inlined).
    pub pointer: String,
    /// What differs, one sentence (the diff's message, from the lap to the document).
    pub message: String,
}

/// Every difference from the lap model `lap` to the model `openapi`
/// imported from `document` (which makes the pointers exact).
pub fn compare(lap: &Api, openapi: &Api, document: &Value) -> Vec<Disagreement> {
    let lap = Spec {
        file: String::new(),
        format: Format::Lap,
        api: lap.clone(),
        document: None,
        warnings: Vec::new(),
    };
    let openapi = Spec {
        file: String::new(),
        format: Format::OpenApi,
        api: openapi.clone(),
        document: Some(document.clone()),
        warnings: Vec::new(),
    };
    disagreements(&lap, &openapi)
}

/// Every change from `lap` (a lap side) to `openapi` (an OpenAPI side), as
/// disagreements in the diff's order.
pub fn disagreements(lap: &Spec, openapi: &Spec) -> Vec<Disagreement> {
    super::diff(lap, openapi)
        .changes
        .into_iter()
        .map(|change| disagreement(lap, openapi, change))
        .collect()
}

fn disagreement(lap: &Spec, openapi: &Spec, change: Change) -> Disagreement {
    let lap_ep = change
        .endpoint
        .as_ref()
        .and_then(|e| counterpart(&lap.api, e));
    let origin = change
        .old
        .as_ref()
        .and_then(|l| Some((l.line?, l.column?)))
        .map(|(line, column)| Origin { line, column })
        .or_else(|| lap_ep.map(|e| e.origin))
        .unwrap_or(Origin::NONE);
    let pointer = change
        .new
        .as_ref()
        .and_then(|l| l.pointer.clone())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| match &change.endpoint {
            Some(e) => counterpart(&openapi.api, e)
                .map_or_else(|| path_pointer(&e.path), operation_pointer),
            None => String::new(),
        });
    Disagreement {
        rule: change.rule,
        endpoint: change
            .endpoint
            .as_ref()
            .map_or_else(String::new, ToString::to_string),
        origin,
        pointer,
        message: change.message,
    }
}

/// The endpoint of `api` the diff paired with (or reported as) `e`: same
/// method, same path with parameter names blanked.
fn counterpart<'a>(api: &'a Api, e: &EndpointRef) -> Option<&'a Endpoint> {
    let key = path_key(&e.path);
    api.endpoints
        .iter()
        .find(|x| x.method == e.method && path_key(&x.path) == key)
}
