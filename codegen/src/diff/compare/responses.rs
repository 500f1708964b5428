//! Responses: success and error statuses, and the JSON bodies of both
//! member by member (error bodies when the document states them: lap does
//! not, so a lap side has none to compare).

use std::collections::BTreeSet;

use crate::model::{Endpoint, ErrorResponse, Field, Origin, StatusCode};
use crate::openapi::pointer::operation_pointer;

use super::members::{Member, Place};
use super::{Comparer, Side};
use crate::diff::{EndpointRef, Rule};

impl<'a> Comparer<'a> {
    pub(super) fn responses(&mut self, here: &EndpointRef, o: &'a Endpoint, n: &'a Endpoint) {
        let status_at =
            |c: &Self, side: Side, ep: &Endpoint, status: StatusCode, origin: Origin| {
                c.at(
                    side,
                    origin,
                    ep.origin,
                    &format!("{}/responses/{status}", operation_pointer(ep)),
                )
            };
        for r in &o.responses {
            match n.responses.iter().find(|s| s.status == r.status) {
                Some(s) => self.bodies(
                    here,
                    (o, n),
                    r.status,
                    (&r.fields, &s.fields),
                    (r.origin, s.origin),
                ),
                None => {
                    let old = status_at(self, Side::Old, o, r.status, r.origin);
                    self.push(
                        Rule::SuccessStatusRemoved,
                        Some(here.clone()),
                        Some(old),
                        None,
                        format!("the success status {} was removed", r.status),
                    );
                }
            }
        }
        for s in &n.responses {
            if !o.responses.iter().any(|r| r.status == s.status) {
                let new = status_at(self, Side::New, n, s.status, s.origin);
                self.push(
                    Rule::SuccessStatusAdded,
                    Some(here.clone()),
                    None,
                    Some(new),
                    format!("the success status {} was added", s.status),
                );
            }
        }
        // Ranges (`4XX`) and `default` are not statuses a caller sees; oasdiff
        // skips them too.
        let coded = |e: &&ErrorResponse| matches!(e.status, StatusCode::Code(_));
        let old_errors: BTreeSet<StatusCode> = o.errors.iter().map(|e| e.status).collect();
        let new_errors: BTreeSet<StatusCode> = n.errors.iter().map(|e| e.status).collect();
        for e in o.errors.iter().filter(coded) {
            if !new_errors.contains(&e.status) {
                let old = status_at(self, Side::Old, o, e.status, e.origin);
                self.push(
                    Rule::ErrorStatusRemoved,
                    Some(here.clone()),
                    Some(old),
                    None,
                    format!("the error status {} was removed", e.status),
                );
            }
        }
        // Error bodies, ranges and `default` included: a caller decodes
        // them whatever the status.
        for e in &o.errors {
            if let Some(f) = n.errors.iter().find(|f| f.status == e.status) {
                self.bodies(
                    here,
                    (o, n),
                    e.status,
                    (&e.fields, &f.fields),
                    (e.origin, f.origin),
                );
            }
        }
        for e in n.errors.iter().filter(coded) {
            if !old_errors.contains(&e.status) {
                let new = status_at(self, Side::New, n, e.status, e.origin);
                self.push(
                    Rule::ErrorStatusAdded,
                    Some(here.clone()),
                    None,
                    Some(new),
                    format!("the error status {} was added", e.status),
                );
            }
        }
    }

    /// The JSON bodies of one status on both sides, member by member.
    fn bodies(
        &mut self,
        here: &EndpointRef,
        (o, n): (&'a Endpoint, &'a Endpoint),
        status: StatusCode,
        fields: (&'a Option<Vec<Field>>, &'a Option<Vec<Field>>),
        (old_origin, new_origin): (Origin, Origin),
    ) {
        let body = |ep: &Endpoint| {
            format!(
                "{}/responses/{status}/content/application~1json/schema",
                operation_pointer(ep)
            )
        };
        let m = Member {
            place: Place::Response(status),
            kind: format!("{status} response member"),
            path: String::new(),
            old_ep: o,
            new_ep: n,
            old_pointer: body(o),
            new_pointer: body(n),
            old_origin,
            new_origin,
        };
        match fields {
            (Some(a), Some(b)) => self.members(here, &m, a, b),
            (Some(_), None) => self.change(
                here,
                &m,
                Rule::ResponseMediaTypeRemoved,
                format!("the {status} response no longer has a JSON body"),
            ),
            (None, Some(_)) => self.change(
                here,
                &m,
                Rule::ResponseMediaTypeAdded,
                format!("the {status} response now has a JSON body"),
            ),
            (None, None) => {}
        }
    }
}
