//! The deviation policy: where our OpenAPI document knowingly differs from
//! PayPal's published one, and why.
//!
//! The comparison is the diff's ([`super::diff`], both sides OpenAPI, so at
//! full resolution); this module only decides which of its changes are
//! accounted for. A committed file (`spec/deviations.yaml`) lists each
//! known difference by what the diff reports, never by its wording: the
//! rule id and the JSON pointer of the place (`*` for one segment of the
//! pointer, `**` for any number), with the reason and a source a reader can
//! check. A difference no entry lists fails the check, and so does an entry
//! that no longer matches anything, so the file stays exactly as long as the
//! list of real differences.
//!
//! ```yaml
//! deviations:
//!   - rule: api-operation-id-removed
//!     at: /paths/*/*/operationId
//!     reason: Operation ids are ours (spec/disputes.names.yaml).
//!     source: PayPal's ids are dotted (`disputes.list`) and read poorly as methods.
//! ```

use serde::Deserialize;

use super::{Change, Report, Rule};

/// The known differences, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deviations {
    /// The entries.
    pub entries: Vec<Deviation>,
}

/// One known difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deviation {
    /// The kind of change the diff reports.
    pub rule: Rule,
    /// Where: JSON pointer patterns, each of which must match at least one
    /// change of `rule` (the location the diff shows first: the published
    /// side's for a removal, ours otherwise).
    pub at: Vec<Pattern>,
    /// Why we differ.
    pub reason: String,
    /// Where the fact comes from: a seed file, a PayPal page, observed behaviour.
    pub source: String,
}

/// A JSON pointer pattern: `/paths/*/get/operationId`. Segments are
/// compared as written (escaped, `~1` for `/`); `*` matches one segment and
/// `**` any number, none included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    text: String,
}

impl Pattern {
    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether `pointer` is one of the places this pattern names.
    pub fn matches(&self, pointer: &str) -> bool {
        let want: Vec<&str> = segments(&self.text);
        let have: Vec<&str> = segments(pointer);
        glob(&want, &have)
    }
}

fn segments(pointer: &str) -> Vec<&str> {
    pointer.split('/').skip(1).collect()
}

/// Segment-wise matching, `**` by backtracking over the (short) pointers.
fn glob(want: &[&str], have: &[&str]) -> bool {
    match want.split_first() {
        None => have.is_empty(),
        Some((&"**", rest)) => (0..=have.len()).any(|skip| glob(rest, &have[skip..])),
        Some((w, rest)) => match have.split_first() {
            Some((h, more)) => (*w == "*" || w == h) && glob(rest, more),
            None => false,
        },
    }
}

/// Why the deviations file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DeviationsError {
    /// Not YAML of the expected shape.
    #[error("{0}")]
    Yaml(String),
    /// An entry is incomplete or names no rule of the diff.
    #[error("deviation {number} (rule `{rule}`): {problem}")]
    Entry {
        /// 1-based position in the file.
        number: usize,
        /// The rule as written.
        rule: String,
        /// What is wrong, and what to write instead.
        problem: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    deviations: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    at: OneOrMany,
    reason: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl Deviations {
    /// Reads the file's text: every entry needs a known rule id, at least
    /// one pointer pattern starting with `/`, a reason and a source.
    pub fn parse(text: &str) -> Result<Deviations, DeviationsError> {
        let file: File =
            serde_yaml_ng::from_str(text).map_err(|e| DeviationsError::Yaml(e.to_string()))?;
        let mut entries = Vec::with_capacity(file.deviations.len());
        for (i, e) in file.deviations.into_iter().enumerate() {
            let fail = |problem: String| DeviationsError::Entry {
                number: i + 1,
                rule: e.rule.clone(),
                problem,
            };
            let rule = Rule::parse(&e.rule).ok_or_else(|| {
                fail(format!(
                    "no such rule; the ids are those `cargo xtask diff` prints (docs/diff-rules.md){}",
                    nearest(&e.rule).map_or_else(String::new, |r| format!(
                        ", such as `{}`",
                        r.id()
                    ))
                ))
            })?;
            let at = match &e.at {
                OneOrMany::One(p) => vec![p.clone()],
                OneOrMany::Many(ps) => ps.clone(),
            };
            if at.is_empty() {
                return Err(fail("`at` lists no pointer".to_owned()));
            }
            if let Some(bad) = at.iter().find(|p| !p.starts_with('/')) {
                return Err(fail(format!(
                    "`{bad}` is not a JSON pointer (it starts with `/`, such as `/paths/*/get/operationId`)"
                )));
            }
            for (field, value) in [("reason", &e.reason), ("source", &e.source)] {
                if value.trim().is_empty() {
                    return Err(fail(format!(
                        "`{field}` is empty: say {}",
                        match field {
                            "reason" => "why we differ from PayPal's document",
                            _ =>
                                "where the fact comes from (a seed file, a PayPal page, observed behaviour)",
                        }
                    )));
                }
            }
            entries.push(Deviation {
                rule,
                at: at.into_iter().map(|text| Pattern { text }).collect(),
                reason: e.reason,
                source: e.source,
            });
        }
        Ok(Deviations { entries })
    }

    /// The first entry that lists a change of `rule` at `pointer`. `spec
    /// check` asks it of each difference from the lap (PayPal's, compiled)
    /// to our document: what we add on purpose is listed here, so it is
    /// not a disagreement.
    pub fn lists(&self, rule: Rule, pointer: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|d| d.rule == rule && d.at.iter().any(|p| p.matches(pointer)))
    }

    /// Sorts the changes of `report` (published document old, ours new)
    /// into those an entry lists and those none does, and finds the
    /// patterns that match nothing.
    pub fn check<'r>(&self, report: &'r Report) -> Verdict<'r> {
        let mut used: Vec<Vec<bool>> = self
            .entries
            .iter()
            .map(|d| vec![false; d.at.len()])
            .collect();
        let mut listed = Vec::new();
        let mut unlisted = Vec::new();
        for change in &report.changes {
            let pointer = pointer_of(change);
            let mut found = None;
            for (i, d) in self.entries.iter().enumerate() {
                if d.rule != change.rule {
                    continue;
                }
                for (j, p) in d.at.iter().enumerate() {
                    if p.matches(pointer) {
                        used[i][j] = true;
                        found.get_or_insert(i);
                    }
                }
            }
            match found {
                Some(i) => listed.push((change, i)),
                None => unlisted.push(change),
            }
        }
        let stale = used
            .iter()
            .enumerate()
            .flat_map(|(i, patterns)| {
                patterns
                    .iter()
                    .enumerate()
                    .filter(|(_, u)| !**u)
                    .map(move |(j, _)| (i, j))
            })
            .collect();
        Verdict {
            listed,
            unlisted,
            stale,
        }
    }
}

/// The pointer a change is listed by: where the diff shows it first.
pub fn pointer_of(change: &Change) -> &str {
    change
        .location()
        .and_then(|l| l.pointer.as_deref())
        .unwrap_or("")
}

/// The rule whose id shares the longest prefix with `id`, for a hint.
fn nearest(id: &str) -> Option<Rule> {
    let common = |r: &Rule| {
        r.id()
            .bytes()
            .zip(id.bytes())
            .take_while(|(a, b)| a == b)
            .count()
    };
    Rule::ALL
        .iter()
        .copied()
        .max_by_key(common)
        .filter(|r| common(r) >= 8)
}

/// What [`Deviations::check`] found.
#[derive(Debug)]
pub struct Verdict<'r> {
    /// Changes an entry lists, with the index of the first such entry.
    pub listed: Vec<(&'r Change, usize)>,
    /// Changes no entry lists: the check fails.
    pub unlisted: Vec<&'r Change>,
    /// `(entry, pattern)` indices of patterns that match no change: the
    /// check fails, since the difference they describe is gone.
    pub stale: Vec<(usize, usize)>,
}

impl Verdict<'_> {
    /// Whether every difference is listed and every entry still describes one.
    pub fn passed(&self) -> bool {
        self.unlisted.is_empty() && self.stale.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> Pattern {
        Pattern {
            text: text.to_owned(),
        }
    }

    #[test]
    fn a_star_matches_one_segment_and_two_stars_any_number() {
        let p = pattern("/paths/*/get/operationId");
        assert!(p.matches("/paths/~1v1~1disputes/get/operationId"));
        assert!(!p.matches("/paths/~1v1~1disputes/post/operationId"));
        assert!(!p.matches("/paths/a/b/get/operationId"));
        let deep = pattern("/paths/**/properties/asset_symbol");
        assert!(deep.matches("/paths/x/get/responses/200/properties/asset_symbol"));
        assert!(deep.matches("/paths/properties/asset_symbol"));
        assert!(!deep.matches("/paths/x/properties/asset_symbol/items"));
        assert!(pattern("/info/version").matches("/info/version"));
        assert!(!pattern("/info/version").matches("/info"));
    }

    #[test]
    fn entries_need_a_known_rule_a_pointer_a_reason_and_a_source() {
        let entry = |rule: &str, at: &str, reason: &str, source: &str| {
            format!(
                "deviations:\n  - rule: {rule}\n    at: {at}\n    reason: '{reason}'\n    source: '{source}'\n"
            )
        };
        let ok = entry(
            "api-operation-id-removed",
            "/paths/*/*/operationId",
            "r",
            "s",
        );
        let parsed = Deviations::parse(&ok).expect("valid");
        assert_eq!(parsed.entries[0].rule, Rule::OperationIdRemoved);

        let err = Deviations::parse(&entry("api-operation-id-gone", "/x", "r", "s"))
            .expect_err("unknown rule");
        let text = err.to_string();
        assert!(
            text.contains("deviation 1 (rule `api-operation-id-gone`): no such rule"),
            "{text}"
        );
        assert!(text.contains("such as `api-operation-id-"), "{text}");

        let err = Deviations::parse(&entry("api-operation-id-removed", "paths", "r", "s"))
            .expect_err("not a pointer");
        assert!(
            err.to_string().contains("`paths` is not a JSON pointer"),
            "{err}"
        );

        let err = Deviations::parse(&entry("api-operation-id-removed", "/x", " ", "s"))
            .expect_err("no reason");
        assert!(err.to_string().contains("`reason` is empty"), "{err}");

        let err = Deviations::parse(&entry("api-operation-id-removed", "/x", "r", ""))
            .expect_err("no source");
        assert!(err.to_string().contains("`source` is empty"), "{err}");

        let err = Deviations::parse("deviations:\n  - rule: x\n    at: /x\n    why: r\n")
            .expect_err("unknown key");
        assert!(err.to_string().contains("unknown field `why`"), "{err}");
    }
}
