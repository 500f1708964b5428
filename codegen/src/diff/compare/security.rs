//! Security: the alternatives an operation accepts and their scopes.

use crate::model::{AuthScheme, Endpoint, SecurityRequirement};
use crate::openapi::pointer::operation_pointer;

use super::{Comparer, Side, values};
use crate::diff::spec::Format;
use crate::diff::{EndpointRef, Rule};

impl<'a> Comparer<'a> {
    /// Alternatives are matched by their set of schemes; scopes are
    /// compared within a matched alternative. An empty alternative (`{}`,
    /// optional authentication) is skipped, as in oasdiff.
    pub(super) fn security(&mut self, here: &EndpointRef, o: &'a Endpoint, n: &'a Endpoint) {
        // A lap side states no security: nothing to compare.
        if self.old.format == Format::Lap || self.new.format == Format::Lap {
            return;
        }
        let stated = |s: &'a [SecurityRequirement]| -> Vec<&'a SecurityRequirement> {
            s.iter().filter(|r| !r.schemes.is_empty()).collect()
        };
        let (a, b) = (stated(&o.details.security), stated(&n.details.security));
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

pub(super) fn scheme_name(s: &AuthScheme) -> String {
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
