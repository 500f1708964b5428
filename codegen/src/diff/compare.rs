//! The comparison itself: both models walked side by side, each difference
//! turned into a [`Change`] of the rule that names it.
//!
//! Endpoints are matched by method and path with parameter names blanked
//! (`/disputes/{id}` is `/disputes/{dispute_id}`); path parameters by their
//! position in the path, other parameters and members by name. Named types
//! are compared by shape. A prose default (`str=Current date and time`,
//! text with a space) is documentation and is not compared.

use std::collections::BTreeSet;

use crate::model::{
    Endpoint, ErrorResponse, Field, Origin, Param, ParamLocation, Schema, SecurityRequirement,
    StatusCode, Type, path_key,
};
use crate::openapi::pointer::{escape, operation_pointer, param_pointer};

use super::spec::{Format, Spec};
use super::{Change, EndpointRef, Location, Rule};

pub(super) fn compare(old: &Spec, new: &Spec) -> Vec<Change> {
    let mut c = Comparer {
        old,
        new,
        out: Vec::new(),
    };
    c.api();
    c.endpoints();
    c.out
}

struct Comparer<'a> {
    old: &'a Spec,
    new: &'a Spec,
    out: Vec<Change>,
}

/// Which side an element is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
}

/// Where a member sits: what the rules and messages need to know about it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A path, query or header parameter.
    Parameter,
    /// A member of the JSON request body (top level or nested).
    RequestBody,
    /// A member of a success response's JSON body.
    Response(StatusCode),
}

impl Place {
    fn is_request(self) -> bool {
        !matches!(self, Place::Response(_))
    }
}

/// A parameter or member being compared, and how to point at it on each side.
#[derive(Clone)]
struct Member<'e> {
    place: Place,
    /// What it is: `query parameter`, `request body member`, `200 response member`.
    kind: String,
    /// Its name, with `.` into objects and `[]` into lists: `offer.history[].offer_type`.
    path: String,
    /// The endpoints on each side.
    old_ep: &'e Endpoint,
    new_ep: &'e Endpoint,
    /// JSON pointers on each side (used when the side is OpenAPI).
    old_pointer: String,
    new_pointer: String,
    /// Lap origins on each side.
    old_origin: Origin,
    new_origin: Origin,
}

impl Member<'_> {
    /// `query parameter `page_size``, `200 response member `offer.offer_type``.
    fn label(&self) -> String {
        format!("{} `{}`", self.kind, self.path)
    }

    /// The member `name` of this object member.
    fn child(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        }
    }
}

fn is_prose(default: &str) -> bool {
    default.contains(' ')
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
            let directive = match pointer {
                "/servers/0/url" => "base",
                "/info/version" => "version",
                _ => "auth",
            };
            let line = c.spec(side).header_line(directive).unwrap_or(0);
            let origin = Origin { line, column: 1 };
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
                    quoted(&o.base_url),
                    quoted(&n.base_url)
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
                    quoted(&o.version),
                    quoted(&n.version)
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
        if o.operation_id != n.operation_id {
            let (old, new) = locations(self, &|e| format!("{}/operationId", operation_pointer(e)));
            let (rule, message) = match (&o.operation_id, &n.operation_id) {
                (None, Some(b)) => (
                    Rule::OperationIdAdded,
                    format!("the endpoint got the operation id `{b}`"),
                ),
                (Some(a), b) => (
                    Rule::OperationIdRemoved,
                    format!(
                        "the operation id `{a}` was removed and replaced with {}",
                        quoted(b)
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

    // ---- parameters and request body members ---------------------------

    fn params(&mut self, here: &EndpointRef, o: &'a Endpoint, n: &'a Endpoint) {
        let old_path = o.path_param_names();
        let new_path = n.path_param_names();
        let counterpart = |p: &Param, own: &[&str], other_names: &[&str], other: &'a Endpoint| {
            // A path parameter is known by its place in the template; one
            // the template does not name (a document may declare it anyway)
            // by its name, like the others.
            let place = own.iter().position(|x| *x == p.field.name);
            if let (ParamLocation::Path, Some(i)) = (p.location, place) {
                let name = other_names.get(i)?;
                other
                    .params
                    .iter()
                    .find(|q| q.location == ParamLocation::Path && q.field.name == *name)
            } else {
                // Keyed by location and name, as oasdiff does: a parameter
                // that moved is removed at one place and added at another.
                other
                    .params
                    .iter()
                    .find(|q| q.location == p.location && q.field.name == p.field.name)
            }
        };
        let moved = |p: &Param, other: &Endpoint| {
            other
                .params
                .iter()
                .find(|q| q.location != p.location && q.field.name == p.field.name)
                .map(|q| q.location)
        };
        for p in &o.params {
            let member = |c: &Self, q: Option<&Param>| c.param_member(o, n, p, q);
            match counterpart(p, &old_path, &new_path, n) {
                Some(q) => {
                    let m = member(self, Some(q));
                    self.field(here, &m, &p.field, &q.field);
                }
                None => {
                    let m = member(self, None);
                    let rule = if p.location == ParamLocation::Body {
                        Rule::PropertyRemoved
                    } else {
                        Rule::ParameterRemoved
                    };
                    self.push(
                        rule,
                        Some(here.clone()),
                        Some(self.old_at(&m)),
                        None,
                        format!(
                            "{} was removed{}",
                            m.label(),
                            moved(p, n).map_or_else(String::new, |l| format!(
                                " (it moved to {})",
                                location_phrase(l)
                            ))
                        ),
                    );
                }
            }
        }
        for q in &n.params {
            if counterpart(q, &new_path, &old_path, o).is_some() {
                continue;
            }
            let m = self.param_member(o, n, q, Some(q));
            let body = q.location == ParamLocation::Body;
            let rule = match (body, q.field.required) {
                (true, true) => Rule::NewRequiredProperty,
                (true, false) => Rule::NewOptionalProperty,
                (false, true) => Rule::NewRequiredParameter,
                (false, false) => Rule::NewOptionalParameter,
            };
            let required = if q.field.required {
                "required"
            } else {
                "optional"
            };
            self.push(
                rule,
                Some(here.clone()),
                None,
                Some(self.new_at(&m)),
                format!(
                    "new {required} {}{}",
                    m.label(),
                    moved(q, o).map_or_else(String::new, |l| format!(
                        " (it moved from {})",
                        location_phrase(l)
                    ))
                ),
            );
        }
    }

    fn param_member(
        &self,
        o: &'a Endpoint,
        n: &'a Endpoint,
        p: &Param,
        q: Option<&Param>,
    ) -> Member<'a> {
        // `p` is the old parameter, or the new one when it was added.
        let (old_param, new_param) = match q {
            Some(q) if !std::ptr::eq(p, q) => (Some(p), q),
            Some(q) => (None, q),
            None => (Some(p), p),
        };
        let pointer = |side: Side, ep: &Endpoint, param: &Param| {
            self.spec(side)
                .document
                .as_ref()
                .map_or_else(String::new, |d| param_pointer(d, ep, param))
        };
        let shown = new_param;
        let kind = if shown.location == ParamLocation::Body {
            "request body member".to_owned()
        } else {
            format!("{} parameter", shown.location.as_str())
        };
        Member {
            place: if shown.location == ParamLocation::Body {
                Place::RequestBody
            } else {
                Place::Parameter
            },
            kind,
            path: shown.field.name.clone(),
            old_ep: o,
            new_ep: n,
            old_pointer: old_param.map_or_else(String::new, |p| pointer(Side::Old, o, p)),
            new_pointer: if q.is_some() {
                pointer(Side::New, n, new_param)
            } else {
                String::new()
            },
            old_origin: old_param.map_or(Origin::NONE, |p| p.field.origin),
            new_origin: if q.is_some() {
                new_param.field.origin
            } else {
                Origin::NONE
            },
        }
    }

    fn old_at(&self, m: &Member<'_>) -> Location {
        self.at(Side::Old, m.old_origin, m.old_ep.origin, &m.old_pointer)
    }

    fn new_at(&self, m: &Member<'_>) -> Location {
        self.at(Side::New, m.new_origin, m.new_ep.origin, &m.new_pointer)
    }

    /// Compares one parameter or member present on both sides.
    fn field(&mut self, here: &EndpointRef, m: &Member<'a>, o: &Field, n: &Field) {
        if o.required != n.required {
            let rule = match (m.place, n.required) {
                (Place::Parameter, true) => Rule::ParameterBecameRequired,
                (Place::Parameter, false) => Rule::ParameterBecameOptional,
                (Place::RequestBody, true) => Rule::PropertyBecameRequired,
                (Place::RequestBody, false) => Rule::PropertyBecameOptional,
                (Place::Response(_), true) => Rule::ResponsePropertyBecameRequired,
                (Place::Response(_), false) => Rule::ResponsePropertyBecameOptional,
            };
            let became = if n.required { "required" } else { "optional" };
            self.change(here, m, rule, format!("{} became {became}", m.label()));
        }
        if m.place.is_request() {
            self.default(here, m, o, n);
        }
        self.schema(here, m, &o.schema, &n.schema);
    }

    fn change(&mut self, here: &EndpointRef, m: &Member<'_>, rule: Rule, message: String) {
        let (old, new) = (self.old_at(m), self.new_at(m));
        self.push(rule, Some(here.clone()), Some(old), Some(new), message);
    }

    /// Defaults of parameters count only when the parameter is optional on
    /// both sides (a required one is always sent), as in oasdiff.
    fn default(&mut self, here: &EndpointRef, m: &Member<'a>, o: &Field, n: &Field) {
        let value = |f: &Field| f.default.clone().filter(|d| !is_prose(d));
        let (a, b) = (value(o), value(n));
        if a == b || (m.place == Place::Parameter && (o.required || n.required)) {
            return;
        }
        let parameter = m.place == Place::Parameter;
        let (rule, message) = match (&a, &b) {
            (None, Some(b)) => (
                if parameter {
                    Rule::ParameterDefaultAdded
                } else {
                    Rule::PropertyDefaultAdded
                },
                format!("{} has a new default `{b}`", m.label()),
            ),
            (Some(a), None) => (
                if parameter {
                    Rule::ParameterDefaultRemoved
                } else {
                    Rule::PropertyDefaultRemoved
                },
                format!("{} lost its default `{a}`", m.label()),
            ),
            _ => (
                if parameter {
                    Rule::ParameterDefaultChanged
                } else {
                    Rule::PropertyDefaultChanged
                },
                format!(
                    "the default of {} changed from {} to {}",
                    m.label(),
                    quoted(&a),
                    quoted(&b)
                ),
            ),
        };
        self.change(here, m, rule, message);
    }

    fn schema(&mut self, here: &EndpointRef, m: &Member<'a>, o: &Schema, n: &Schema) {
        let (ot, nt) = (self.old.api.resolve(&o.ty), self.new.api.resolve(&n.ty));
        match (&ot, &nt) {
            (Type::Object(Some(a)), Type::Object(Some(b))) => {
                self.members(here, m, a, b);
            }
            (Type::Object(_), Type::Object(_)) => {}
            (Type::Array(a), Type::Array(b)) => {
                let items = Member {
                    path: format!("{}[]", m.path),
                    old_pointer: format!("{}/items", m.old_pointer),
                    new_pointer: format!("{}/items", m.new_pointer),
                    ..m.clone()
                };
                self.schema(here, &items, a, b);
            }
            (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) => {
                let shift = type_shift(m.place, a, b);
                self.change(
                    here,
                    m,
                    shift.rule(m.place),
                    format!(
                        "the type of {} {} from `{}` to `{}`",
                        m.label(),
                        shift.verb(),
                        type_text(a, o),
                        type_text(b, n)
                    ),
                );
                return;
            }
            _ => {}
        }
        self.format(here, m, o, n);
        self.enums(here, m, o, n);
        if o.nullable != n.nullable {
            let rule = match (m.place, n.nullable) {
                (Place::Parameter, true) => Rule::ParameterBecameNullable,
                (Place::Parameter, false) => Rule::ParameterBecameNotNullable,
                (Place::RequestBody, true) => Rule::PropertyBecameNullable,
                (Place::RequestBody, false) => Rule::PropertyBecameNotNullable,
                (Place::Response(_), true) => Rule::ResponsePropertyBecameNullable,
                (Place::Response(_), false) => Rule::ResponsePropertyBecameNotNullable,
            };
            let message = if n.nullable {
                format!("{} may now be null", m.label())
            } else {
                format!("{} may no longer be null", m.label())
            };
            self.change(here, m, rule, message);
        }
    }

    /// Formats, judged as oasdiff judges them: in a request, a format
    /// removed or widened (`int32` to `int64`) accepts every old value and a
    /// format added or changed may not; in a response, a format added or
    /// narrowed only describes values better, anything else changes what
    /// callers parse.
    fn format(&mut self, here: &EndpointRef, m: &Member<'a>, o: &Schema, n: &Schema) {
        if o.format == n.format {
            return;
        }
        let (a, b) = (o.format.as_deref(), n.format.as_deref());
        let shift = if m.place.is_request() {
            match (a, b) {
                (Some(_), None) => Shift::Widened,
                (Some(a), Some(b)) if format_widens(a, b) => Shift::Widened,
                _ => Shift::Changed,
            }
        } else {
            match (a, b) {
                (None, Some(_)) => Shift::Narrowed,
                (Some(a), Some(b)) if format_widens(b, a) => Shift::Narrowed,
                _ => Shift::Changed,
            }
        };
        let message = match (a, shift) {
            (Some(f), Shift::Widened) if b.is_none() => {
                format!("{} no longer requires the format `{f}`", m.label())
            }
            _ => format!(
                "the format of {} {} from {} to {}",
                m.label(),
                shift.verb(),
                quoted(&o.format),
                quoted(&n.format)
            ),
        };
        self.change(here, m, shift.rule(m.place), message);
    }

    /// Enum values, one change per value. A request member that becomes an
    /// enum narrows; one that stops being an enum widens (not reported), and
    /// so does a response member that becomes one; a response member that
    /// stops being an enum may now carry anything, reported as a warning.
    fn enums(&mut self, here: &EndpointRef, m: &Member<'a>, o: &Schema, n: &Schema) {
        let (a, b) = (&o.enum_values, &n.enum_values);
        if a == b {
            return;
        }
        let request = m.place.is_request();
        if a.is_empty() {
            if request {
                let rule = match m.place {
                    Place::Parameter => Rule::ParameterBecameEnum,
                    _ => Rule::PropertyBecameEnum,
                };
                self.change(
                    here,
                    m,
                    rule,
                    format!("{} now accepts only {}", m.label(), values(b)),
                );
            }
            return;
        }
        if b.is_empty() {
            if !request {
                self.change(
                    here,
                    m,
                    Rule::ResponsePropertyEnumValueAdded,
                    format!(
                        "{} is no longer limited to {}: it may carry any value",
                        m.label(),
                        values(a)
                    ),
                );
            }
            return;
        }
        for v in b.iter().filter(|v| !a.contains(v)) {
            let (rule, message) = match m.place {
                Place::Parameter => (
                    Rule::ParameterEnumValueAdded,
                    format!("{} accepts the new value `{v}`", m.label()),
                ),
                Place::RequestBody => (
                    Rule::PropertyEnumValueAdded,
                    format!("{} accepts the new value `{v}`", m.label()),
                ),
                Place::Response(_) => (
                    Rule::ResponsePropertyEnumValueAdded,
                    format!("{} may now be `{v}`", m.label()),
                ),
            };
            self.change(here, m, rule, message);
        }
        for v in a.iter().filter(|v| !b.contains(v)) {
            let (rule, message) = match m.place {
                Place::Parameter => (
                    Rule::ParameterEnumValueRemoved,
                    format!("{} no longer accepts `{v}`", m.label()),
                ),
                Place::RequestBody => (
                    Rule::PropertyEnumValueRemoved,
                    format!("{} no longer accepts `{v}`", m.label()),
                ),
                Place::Response(_) => (
                    Rule::ResponsePropertyEnumValueRemoved,
                    format!("{} is no longer `{v}`", m.label()),
                ),
            };
            self.change(here, m, rule, message);
        }
    }

    /// Members of an object on both sides (request body members or response members).
    fn members(&mut self, here: &EndpointRef, parent: &Member<'a>, a: &[Field], b: &[Field]) {
        let child = |f: &Field| -> Member<'a> {
            let name = escape(&f.name);
            Member {
                path: parent.child(&f.name),
                old_pointer: format!("{}/properties/{name}", parent.old_pointer),
                new_pointer: format!("{}/properties/{name}", parent.new_pointer),
                ..parent.clone()
            }
        };
        for f in a {
            let mut m = child(f);
            m.old_origin = f.origin;
            match b.iter().find(|g| g.name == f.name) {
                Some(g) => {
                    m.new_origin = g.origin;
                    self.field(here, &m, f, g);
                }
                None => {
                    let (rule, message) = match parent.place {
                        Place::Response(_) if f.required => (
                            Rule::ResponseRequiredPropertyRemoved,
                            format!("{} was removed", m.label()),
                        ),
                        Place::Response(_) => (
                            Rule::ResponseOptionalPropertyRemoved,
                            format!("{} was removed", m.label()),
                        ),
                        _ => (Rule::PropertyRemoved, format!("{} was removed", m.label())),
                    };
                    let old = self.old_at(&m);
                    self.push(rule, Some(here.clone()), Some(old), None, message);
                }
            }
        }
        for g in b.iter().filter(|g| !a.iter().any(|f| f.name == g.name)) {
            let mut m = child(g);
            m.new_origin = g.origin;
            let rule = match (parent.place, g.required) {
                (Place::Response(_), true) => Rule::ResponseRequiredPropertyAdded,
                (Place::Response(_), false) => Rule::ResponseOptionalPropertyAdded,
                (_, true) => Rule::NewRequiredProperty,
                (_, false) => Rule::NewOptionalProperty,
            };
            let required = if g.required { "required" } else { "optional" };
            let message = format!("new {required} {}", m.label());
            let new = self.new_at(&m);
            self.push(rule, Some(here.clone()), None, Some(new), message);
        }
    }

    // ---- responses -------------------------------------------------------

    fn responses(&mut self, here: &EndpointRef, o: &'a Endpoint, n: &'a Endpoint) {
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
                Some(s) => {
                    let body = |ep: &Endpoint| {
                        format!(
                            "{}/responses/{}/content/application~1json/schema",
                            operation_pointer(ep),
                            r.status
                        )
                    };
                    let m = Member {
                        place: Place::Response(r.status),
                        kind: format!("{} response member", r.status),
                        path: String::new(),
                        old_ep: o,
                        new_ep: n,
                        old_pointer: body(o),
                        new_pointer: body(n),
                        old_origin: r.origin,
                        new_origin: s.origin,
                    };
                    match (&r.fields, &s.fields) {
                        (Some(a), Some(b)) => self.members(here, &m, a, b),
                        (Some(_), None) => self.change(
                            here,
                            &m,
                            Rule::ResponseMediaTypeRemoved,
                            format!("the {} response no longer has a JSON body", r.status),
                        ),
                        (None, Some(_)) => self.change(
                            here,
                            &m,
                            Rule::ResponseMediaTypeAdded,
                            format!("the {} response now has a JSON body", r.status),
                        ),
                        (None, None) => {}
                    }
                }
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

    // ---- security --------------------------------------------------------

    /// Alternatives are matched by their set of schemes; scopes are
    /// compared within a matched alternative. An empty alternative (`{}`,
    /// optional authentication) is skipped, as in oasdiff.
    fn security(&mut self, here: &EndpointRef, o: &'a Endpoint, n: &'a Endpoint) {
        // A lap side states no security: nothing to compare.
        if self.old.format == Format::Lap || self.new.format == Format::Lap {
            return;
        }
        let stated = |s: &'a [SecurityRequirement]| -> Vec<&'a SecurityRequirement> {
            s.iter().filter(|r| !r.schemes.is_empty()).collect()
        };
        let (a, b) = (stated(&o.security), stated(&n.security));
        let schemes = |r: &SecurityRequirement| -> Vec<String> {
            let mut v: Vec<String> = r.schemes.iter().map(|s| scheme_name(&s.scheme)).collect();
            v.sort();
            v
        };
        let at = |c: &Self, side: Side, ep: &Endpoint| {
            let own = format!("{}/security", operation_pointer(ep));
            let has_own = c
                .spec(side)
                .document
                .as_ref()
                .is_some_and(|d| d.pointer(&own).is_some());
            c.at(
                side,
                ep.origin,
                ep.origin,
                if has_own { &own } else { "/security" },
            )
        };
        // Identical alternatives are unchanged; of the rest, an old and a new
        // one with the same schemes are the same alternative with other scopes.
        let gone: Vec<&SecurityRequirement> =
            a.iter().copied().filter(|r| !b.contains(r)).collect();
        let mut arrived: Vec<Option<&SecurityRequirement>> = b
            .iter()
            .copied()
            .filter(|s| !a.contains(s))
            .map(Some)
            .collect();
        for r in gone {
            let pair = arrived
                .iter_mut()
                .find(|s| s.is_some_and(|s| schemes(s) == schemes(r)))
                .and_then(Option::take);
            let Some(s) = pair else {
                let old = at(self, Side::Old, o);
                self.push(
                    Rule::SecurityRemoved,
                    Some(here.clone()),
                    Some(old),
                    None,
                    format!("the endpoint no longer accepts {}", requirement_text(r)),
                );
                continue;
            };
            for rs in &r.schemes {
                let Some(ss) = s.schemes.iter().find(|q| q.scheme == rs.scheme) else {
                    continue;
                };
                let added = ss.scopes.iter().filter(|x| !rs.scopes.contains(x));
                let removed = rs.scopes.iter().filter(|x| !ss.scopes.contains(x));
                for (rule, scope) in added
                    .map(|x| (Rule::SecurityScopeAdded, x))
                    .chain(removed.map(|x| (Rule::SecurityScopeRemoved, x)))
                {
                    let (old, new) = (at(self, Side::Old, o), at(self, Side::New, n));
                    let verb = if rule == Rule::SecurityScopeAdded {
                        "now also needs"
                    } else {
                        "no longer needs"
                    };
                    self.push(
                        rule,
                        Some(here.clone()),
                        Some(old),
                        Some(new),
                        format!("{} {verb} the scope `{scope}`", requirement_text(r)),
                    );
                }
            }
        }
        for s in arrived.into_iter().flatten() {
            let new = at(self, Side::New, n);
            self.push(
                Rule::SecurityAdded,
                Some(here.clone()),
                None,
                Some(new),
                format!("the endpoint accepts {}", requirement_text(s)),
            );
        }
    }
}

fn endpoint_ref(ep: &Endpoint, other: Option<&Endpoint>) -> EndpointRef {
    EndpointRef {
        path: ep.path.clone(),
        method: ep.method,
        operation_id: ep
            .operation_id
            .clone()
            .or_else(|| other.and_then(|o| o.operation_id.clone())),
    }
}

fn quoted(v: &Option<String>) -> String {
    v.as_deref()
        .map_or_else(|| "none".to_owned(), |s| format!("`{s}`"))
}

fn values(v: &[String]) -> String {
    v.iter()
        .map(|x| format!("`{x}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn type_text(t: &Type, s: &Schema) -> String {
    match (t, &s.format) {
        (Type::Array(inner), _) => format!("[{}]", inner.ty.word()),
        (t, Some(f)) => format!("{}({f})", t.word()),
        (t, None) => t.word().to_owned(),
    }
}

/// How a type or format moved, which decides the rule.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shift {
    /// Accepts or may carry more values than before.
    Widened,
    /// Accepts or may carry fewer values than before.
    Narrowed,
    /// Neither contains the other.
    Changed,
}

impl Shift {
    fn verb(self) -> &'static str {
        match self {
            Shift::Widened => "was widened",
            Shift::Narrowed => "was narrowed",
            Shift::Changed => "changed",
        }
    }

    /// The rule: a widened request or a narrowed response is safe; a
    /// narrowed request is a change; a widened response is its own
    /// (breaking) rule.
    fn rule(self, place: Place) -> Rule {
        match (place, self) {
            (Place::Parameter, Shift::Widened) => Rule::ParameterTypeGeneralized,
            (Place::Parameter, _) => Rule::ParameterTypeChanged,
            (Place::RequestBody, Shift::Widened) => Rule::PropertyTypeGeneralized,
            (Place::RequestBody, _) => Rule::PropertyTypeChanged,
            (Place::Response(_), Shift::Widened) => Rule::ResponsePropertyTypeGeneralized,
            (Place::Response(_), Shift::Narrowed) => Rule::ResponsePropertyTypeSpecialized,
            (Place::Response(_), Shift::Changed) => Rule::ResponsePropertyTypeChanged,
        }
    }
}

/// Types as oasdiff compares them: integer is contained in number, and
/// everything in `any`. A parameter travels as text, so any type widens to
/// a string there.
fn type_shift(place: Place, a: &Type, b: &Type) -> Shift {
    let contains = |outer: &Type, inner: &Type| {
        *outer == Type::Any || matches!((inner, outer), (Type::Integer, Type::Number))
    };
    if contains(b, a) || (place == Place::Parameter && *b == Type::String) {
        Shift::Widened
    } else if contains(a, b) {
        Shift::Narrowed
    } else {
        Shift::Changed
    }
}

/// Whether format `to` accepts every value of format `from` (oasdiff's
/// list: `int32` to `int64`, `float` to `double`, `date` or `time` to
/// `date-time`).
fn format_widens(from: &str, to: &str) -> bool {
    matches!(
        (from, to),
        ("int32", "int64") | ("float", "double") | ("date" | "time", "date-time")
    )
}

fn location_phrase(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "the path",
        ParamLocation::Query => "the query",
        ParamLocation::Header => "a header",
        ParamLocation::Body => "the JSON body",
    }
}

fn scheme_name(s: &crate::model::AuthScheme) -> String {
    use crate::model::AuthScheme;
    match s {
        AuthScheme::Basic => "HTTP Basic".to_owned(),
        AuthScheme::Bearer => "bearer tokens".to_owned(),
        AuthScheme::OAuth2 => "OAuth2".to_owned(),
        AuthScheme::ApiKey { name, location } => {
            format!("an API key in {} `{name}`", location.as_str())
        }
        AuthScheme::Other(o) => format!("`{o}`"),
    }
}

fn requirement_text(r: &SecurityRequirement) -> String {
    r.schemes
        .iter()
        .map(|s| {
            if s.scopes.is_empty() {
                scheme_name(&s.scheme)
            } else {
                format!(
                    "{} with scopes {}",
                    scheme_name(&s.scheme),
                    values(&s.scopes)
                )
            }
        })
        .collect::<Vec<_>>()
        .join(" and ")
}
