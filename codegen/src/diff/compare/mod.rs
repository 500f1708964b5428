//! The comparison itself: both models walked side by side, each difference
//! turned into a [`Change`] of the rule that names it.
//!
//! Endpoints are matched by method and path with parameter names blanked
//! (`/disputes/{id}` is `/disputes/{dispute_id}`); path parameters by their
//! position in the path, other parameters by location and name, members by
//! name. Named types are compared by shape. Defaults are compared by
//! value; a prose default (`str=Current date and time`, see
//! [`FieldDefault`](crate::model::FieldDefault)) is documentation and is not
//! compared.
//!
//! This module walks the API and its endpoints; [`members`] matches
//! parameters and members, [`schema`] judges their types, formats, enums
//! and nullability, [`responses`] and [`security`] the rest of an endpoint.

use crate::model::{Endpoint, Origin, path_key};
use crate::openapi::pointer::operation_pointer;

use super::spec::{Format, Spec};
use super::{Change, EndpointRef, Location, Rule};

mod members;
mod responses;
mod schema;
mod security;

use security::scheme_name;

pub(super) fn compare(old: &Spec, new: &Spec) -> Vec<Change> {
    let mut c = Comparer {
        old,
        new,
        out: Vec::new(),
        named: Vec::new(),
    };
    c.api();
    c.endpoints();
    c.out
}

struct Comparer<'a> {
    old: &'a Spec,
    new: &'a Spec,
    out: Vec<Change>,
    /// The `@type`s being compared, old and new name, outermost first.
    /// lap's named types may refer to themselves or form chains of any
    /// length, which the parser's `MAX_DEPTH` (inline nesting) does not
    /// bound: a pair already open is not compared again (its differences
    /// are reported where it was first opened), and no more than
    /// `MAX_DEPTH` are open at once.
    named: Vec<(String, String)>,
}

/// Which side an element is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
}

impl<'a> Comparer<'a> {
    fn spec(&self, side: Side) -> &'a Spec {
        match side {
            Side::Old => self.old,
            Side::New => self.new,
        }
    }

    /// A location on one side: the lap line (or the endpoint's line when the
    /// element has none), or the JSON pointer.
    fn at(&self, side: Side, origin: Origin, fallback: Origin, pointer: &str) -> Location {
        let spec = self.spec(side);
        match spec.format {
            Format::Lap => {
                let o = if origin.line > 0 { origin } else { fallback };
                Location {
                    file: spec.file.clone(),
                    line: (o.line > 0).then_some(o.line),
                    column: (o.line > 0).then_some(o.column),
                    pointer: None,
                }
            }
            Format::OpenApi => Location {
                file: spec.file.clone(),
                line: None,
                column: None,
                pointer: Some(pointer.to_owned()),
            },
        }
    }

    fn push(
        &mut self,
        rule: Rule,
        endpoint: Option<EndpointRef>,
        old: Option<Location>,
        new: Option<Location>,
        message: String,
    ) {
        self.out.push(Change {
            rule,
            endpoint,
            old,
            new,
            message,
        });
    }

    // ---- the API as a whole ----------------------------------------------

    fn api(&mut self) {
        let (o, n) = (&self.old.api, &self.new.api);
        // In lap, the header directive's line; in OpenAPI, the pointer.
        let at = |c: &Self, side, pointer: &str| {
            let header = &c.spec(side).api.header;
            let origin = match pointer {
                "/servers/0/url" => header.base,
                "/info/version" => header.version,
                _ => header.auth,
            };
            c.at(side, origin, origin, pointer)
        };
        if o.base_url != n.base_url {
            let (old, new) = (
                at(self, Side::Old, "/servers/0/url"),
                at(self, Side::New, "/servers/0/url"),
            );
            self.push(
                Rule::BaseUrlChanged,
                None,
                Some(old),
                Some(new),
                format!(
                    "the base URL changed from {} to {}",
                    quoted(o.base_url.as_deref()),
                    quoted(n.base_url.as_deref())
                ),
            );
        }
        if o.version != n.version {
            let (old, new) = (
                at(self, Side::Old, "/info/version"),
                at(self, Side::New, "/info/version"),
            );
            self.push(
                Rule::VersionChanged,
                None,
                Some(old),
                Some(new),
                format!(
                    "the API version changed from {} to {}",
                    quoted(o.version.as_deref()),
                    quoted(n.version.as_deref())
                ),
            );
        }
        for scheme in &o.auth {
            if !n.auth.contains(scheme) {
                let old = at(self, Side::Old, "/components/securitySchemes");
                self.push(
                    Rule::SecurityComponentRemoved,
                    None,
                    Some(old),
                    None,
                    format!("the API no longer accepts {}", scheme_name(scheme)),
                );
            }
        }
        for scheme in &n.auth {
            if !o.auth.contains(scheme) {
                let new = at(self, Side::New, "/components/securitySchemes");
                self.push(
                    Rule::SecurityComponentAdded,
                    None,
                    None,
                    Some(new),
                    format!("the API accepts {}", scheme_name(scheme)),
                );
            }
        }
    }

    // ---- endpoints -------------------------------------------------------

    fn endpoints(&mut self) {
        let key = |e: &Endpoint| (e.method, path_key(&e.path));
        let (old, new): (&'a Spec, &'a Spec) = (self.old, self.new);
        let (olds, news) = (&old.api.endpoints, &new.api.endpoints);
        // One to one: two templates of the same shape (`/a/{x}`, `/a/{y}`),
        // which OpenAPI forbids but a document may still hold, pair in order.
        let mut paired = vec![false; news.len()];
        for o in olds {
            let found = news
                .iter()
                .enumerate()
                .find(|(i, n)| !paired[*i] && key(n) == key(o));
            match found {
                Some((i, n)) => {
                    paired[i] = true;
                    self.endpoint(o, n);
                }
                None => {
                    // oasdiff tells a whole path gone from one method gone.
                    let path_kept = news.iter().any(|n| path_key(&n.path) == path_key(&o.path));
                    let (rule, message) = match (path_kept, o.deprecated) {
                        (false, false) => (
                            Rule::PathRemovedWithoutDeprecation,
                            "the path was removed without its endpoint being deprecated first",
                        ),
                        (false, true) => (
                            Rule::PathRemovedWithDeprecation,
                            "the path of the deprecated endpoint was removed",
                        ),
                        (true, false) => (
                            Rule::EndpointRemovedWithoutDeprecation,
                            "the endpoint was removed without being deprecated first",
                        ),
                        (true, true) => (
                            Rule::EndpointRemovedWithDeprecation,
                            "the deprecated endpoint was removed",
                        ),
                    };
                    let message = message.to_owned();
                    let old = self.at(Side::Old, o.origin, o.origin, &operation_pointer(o));
                    self.push(rule, Some(endpoint_ref(o, None)), Some(old), None, message);
                }
            }
        }
        for (n, _) in news.iter().zip(paired).filter(|(_, p)| !p) {
            {
                let new = self.at(Side::New, n.origin, n.origin, &operation_pointer(n));
                self.push(
                    Rule::EndpointAdded,
                    Some(endpoint_ref(n, None)),
                    None,
                    Some(new),
                    "the endpoint was added".to_owned(),
                );
            }
        }
    }

    fn endpoint(&mut self, o: &'a Endpoint, n: &'a Endpoint) {
        let here = endpoint_ref(n, Some(o));
        let locations = |c: &Self, pointer: &dyn Fn(&Endpoint) -> String| {
            (
                c.at(Side::Old, o.origin, o.origin, &pointer(o)),
                c.at(Side::New, n.origin, n.origin, &pointer(n)),
            )
        };
        if o.deprecated != n.deprecated {
            let (old, new) = locations(self, &|e| format!("{}/deprecated", operation_pointer(e)));
            let (rule, message) = if n.deprecated {
                (Rule::EndpointDeprecated, "the endpoint became deprecated")
            } else {
                (
                    Rule::EndpointReactivated,
                    "the endpoint is no longer deprecated",
                )
            };
            self.push(
                rule,
                Some(here.clone()),
                Some(old),
                Some(new),
                message.to_owned(),
            );
        }
        if o.details.operation_id != n.details.operation_id {
            let (old, new) = locations(self, &|e| format!("{}/operationId", operation_pointer(e)));
            let (rule, message) = match (&o.details.operation_id, &n.details.operation_id) {
                (None, Some(b)) => (
                    Rule::OperationIdAdded,
                    format!("the endpoint got the operation id `{b}`"),
                ),
                (Some(a), b) => (
                    Rule::OperationIdRemoved,
                    format!(
                        "the operation id `{a}` was removed and replaced with {}",
                        quoted(b.as_deref())
                    ),
                ),
                (None, None) => unreachable!("the ids differ"),
            };
            self.push(rule, Some(here.clone()), Some(old), Some(new), message);
        }
        self.params(&here, o, n);
        self.responses(&here, o, n);
        self.security(&here, o, n);
    }
}

fn endpoint_ref(ep: &Endpoint, other: Option<&Endpoint>) -> EndpointRef {
    EndpointRef {
        path: ep.path.clone(),
        method: ep.method,
        operation_id: ep
            .details
            .operation_id
            .clone()
            .or_else(|| other.and_then(|o| o.details.operation_id.clone())),
    }
}

fn quoted(v: Option<&str>) -> String {
    v.map_or_else(|| "none".to_owned(), |s| format!("`{s}`"))
}

fn values(v: &[String]) -> String {
    v.iter()
        .map(|x| format!("`{x}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
