//! Parameters and members: matching them across the two sides, and the
//! changes to their presence, requiredness and defaults.

use crate::model::{Endpoint, Field, FieldDefault, Origin, Param, ParamLocation, StatusCode};
use crate::openapi::pointer::{escape, param_pointer};

use super::{Comparer, Side, quoted};
use crate::diff::{EndpointRef, Location, Rule};

/// Where a member sits: what the rules and messages need to know about it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// A path, query or header parameter.
    Parameter,
    /// A member of the JSON request body (top level or nested).
    RequestBody,
    /// A member of a success response's JSON body.
    Response(StatusCode),
}

impl Place {
    pub(super) fn is_request(self) -> bool {
        !matches!(self, Place::Response(_))
    }
}

/// A parameter or member being compared, and how to point at it on each side.
#[derive(Clone)]
pub(super) struct Member<'e> {
    pub(super) place: Place,
    /// What it is: `query parameter`, `request body member`, `200 response member`.
    pub(super) kind: String,
    /// Its name, with `.` into objects and `[]` into lists: `offer.history[].offer_type`.
    pub(super) path: String,
    /// The endpoints on each side.
    pub(super) old_ep: &'e Endpoint,
    pub(super) new_ep: &'e Endpoint,
    /// JSON pointers on each side (used when the side is OpenAPI).
    pub(super) old_pointer: String,
    pub(super) new_pointer: String,
    /// Lap origins on each side.
    pub(super) old_origin: Origin,
    pub(super) new_origin: Origin,
}

impl Member<'_> {
    /// `query parameter `page_size``, `200 response member `offer.offer_type``.
    pub(super) fn label(&self) -> String {
        format!("{} `{}`", self.kind, self.path)
    }

    /// The member `name` of this object member.
    pub(super) fn child(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        }
    }
}

impl<'a> Comparer<'a> {
    // ---- parameters and request body members ---------------------------

    pub(super) fn params(&mut self, here: &EndpointRef, o: &'a Endpoint, n: &'a Endpoint) {
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

    pub(super) fn param_member(
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
            path: shown.field.name.to_string(),
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

    pub(super) fn old_at(&self, m: &Member<'_>) -> Location {
        self.at(Side::Old, m.old_origin, m.old_ep.origin, &m.old_pointer)
    }

    pub(super) fn new_at(&self, m: &Member<'_>) -> Location {
        self.at(Side::New, m.new_origin, m.new_ep.origin, &m.new_pointer)
    }

    /// Compares one parameter or member present on both sides.
    pub(super) fn field(&mut self, here: &EndpointRef, m: &Member<'a>, o: &Field, n: &Field) {
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
        if o.deprecated != n.deprecated {
            let rule = match (m.place, n.deprecated) {
                (Place::Parameter, true) => Rule::ParameterDeprecated,
                (Place::Parameter, false) => Rule::ParameterReactivated,
                (Place::RequestBody, true) => Rule::PropertyDeprecated,
                (Place::RequestBody, false) => Rule::PropertyReactivated,
                (Place::Response(_), true) => Rule::ResponsePropertyDeprecated,
                (Place::Response(_), false) => Rule::ResponsePropertyReactivated,
            };
            let message = if n.deprecated {
                format!("{} became deprecated", m.label())
            } else {
                format!("{} is no longer deprecated", m.label())
            };
            self.change(here, m, rule, message);
        }
        if m.place.is_request() {
            self.default(here, m, o, n);
        }
        self.schema(here, m, &o.schema, &n.schema);
    }

    pub(super) fn change(
        &mut self,
        here: &EndpointRef,
        m: &Member<'_>,
        rule: Rule,
        message: String,
    ) {
        let (old, new) = (self.old_at(m), self.new_at(m));
        self.push(rule, Some(here.clone()), Some(old), Some(new), message);
    }

    /// Defaults of parameters count only when the parameter is optional on
    /// both sides (a required one is always sent), as in oasdiff. A default
    /// changed when both its value and its text did: `1.0` is `1` for a
    /// number, and the same text under a changed type is the type's change,
    /// reported by its own rule. Prose is documentation, as if absent.
    pub(super) fn default(&mut self, here: &EndpointRef, m: &Member<'a>, o: &Field, n: &Field) {
        let (a, b) = (value_default(o), value_default(n));
        let same = match (&a, &b) {
            (Some(a), Some(b)) => a.value() == b.value() || a.text() == b.text(),
            (a, b) => a.is_none() && b.is_none(),
        };
        if same || (m.place == Place::Parameter && (o.required || n.required)) {
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
                    quoted(a.map(FieldDefault::text)),
                    quoted(b.map(FieldDefault::text))
                ),
            ),
        };
        self.change(here, m, rule, message);
    }

    /// Members of an object on both sides (request body members or response members).
    pub(super) fn members(
        &mut self,
        here: &EndpointRef,
        parent: &Member<'a>,
        a: &[Field],
        b: &[Field],
    ) {
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
}

fn location_phrase(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "the path",
        ParamLocation::Query => "the query",
        ParamLocation::Header => "a header",
        ParamLocation::Body => "the JSON body",
    }
}

/// A field's default when it is a value (prose counts as none).
fn value_default(f: &Field) -> Option<&FieldDefault> {
    f.default.as_ref().filter(|d| !d.is_prose())
}
