//! Schemas of a member present on both sides: type, format, enum values
//! and nullability, judged by the direction the member travels.

use crate::model::{MAX_DEPTH, Schema, Type};

use super::members::{Member, Place};
use super::{Comparer, quoted, values};
use crate::diff::{EndpointRef, Rule};

impl<'a> Comparer<'a> {
    pub(super) fn schema(&mut self, here: &EndpointRef, m: &Member<'a>, o: &Schema, n: &Schema) {
        let (ot, nt) = (self.old.api.resolve(&o.ty), self.new.api.resolve(&n.ty));
        match (&ot, &nt) {
            (Type::Object(Some(a)), Type::Object(Some(b))) => {
                let name = |t: &Type| match t {
                    Type::Named(n) => n.clone(),
                    _ => String::new(),
                };
                let pair = (name(&o.ty), name(&n.ty));
                let named = !pair.0.is_empty() || !pair.1.is_empty();
                let open = self.named.contains(&pair) || self.named.len() >= MAX_DEPTH;
                if !(named && open) {
                    self.named.push(pair);
                    self.members(here, m, a, b);
                    self.named.pop();
                }
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
    pub(super) fn format(&mut self, here: &EndpointRef, m: &Member<'a>, o: &Schema, n: &Schema) {
        let (a, b) = (o.format(), n.format());
        if a == b {
            return;
        }
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
                quoted(a),
                quoted(b)
            ),
        };
        self.change(here, m, shift.rule(m.place), message);
    }

    /// Enum values, one change per value. A request member that becomes an
    /// enum narrows; one that stops being an enum widens (not reported), and
    /// so does a response member that becomes one; a response member that
    /// stops being an enum may now carry anything, reported as a warning.
    pub(super) fn enums(&mut self, here: &EndpointRef, m: &Member<'a>, o: &Schema, n: &Schema) {
        self.deprecated_values(here, m, o, n);
        let (a, b) = (o.enum_values(), n.enum_values());
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
}

impl<'a> Comparer<'a> {
    /// Deprecation of enum values both sides list, one change per value (a
    /// value added or removed is reported as such, deprecated or not).
    fn deprecated_values(&mut self, here: &EndpointRef, m: &Member<'a>, o: &Schema, n: &Schema) {
        if o.deprecated_values() == n.deprecated_values() {
            return;
        }
        let both = n
            .enum_values()
            .iter()
            .filter(|v| o.enum_values().contains(v));
        for v in both {
            let (was, is) = (
                o.deprecated_values().contains(v),
                n.deprecated_values().contains(v),
            );
            if was == is {
                continue;
            }
            let rule = match (m.place, is) {
                (Place::Parameter, true) => Rule::ParameterEnumValueDeprecated,
                (Place::Parameter, false) => Rule::ParameterEnumValueReactivated,
                (Place::RequestBody, true) => Rule::PropertyEnumValueDeprecated,
                (Place::RequestBody, false) => Rule::PropertyEnumValueReactivated,
                (Place::Response(_), true) => Rule::ResponsePropertyEnumValueDeprecated,
                (Place::Response(_), false) => Rule::ResponsePropertyEnumValueReactivated,
            };
            let message = if is {
                format!("the value `{v}` of {} became deprecated", m.label())
            } else {
                format!("the value `{v}` of {} is no longer deprecated", m.label())
            };
            self.change(here, m, rule, message);
        }
    }
}

fn type_text(t: &Type, s: &Schema) -> String {
    match (t, s.format()) {
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
