//! Diff: what changed between two versions of an API, and whether it breaks
//! callers.
//!
//! Both sides are read into the model ([`spec::load`]: a `@lap` file or an
//! OpenAPI document, in any mix) and compared there, so the text format
//! never decides what counts as a change: a renamed schema with the same
//! shape, reordered members or a new description are not changes to
//! callers. Every change found is an instance of a [`Rule`] from one table
//! ([`rules`]), with oasdiff's levels.
//!
//! When one side is lap and the other OpenAPI, the OpenAPI side is first
//! reduced to what lap can state ([`Spec`]'s lap resolution), so lap's
//! truncated nesting or inferred parameter locations are not reported as
//! changes.
//!
//! This is the one comparison of two models in the crate; the checks are
//! policies over its [`Report`]: [`agreement`] (`spec check`: every change
//! from the lap to the document is a disagreement) and [`deviations`]
//! (`spec check --published`: every change from PayPal's document to ours
//! is listed with its reason).

pub mod agreement;
pub mod changelog;
mod compare;
pub mod deviations;
pub mod render;
pub mod rules;
pub mod spec;

use serde::Serialize;

use crate::model::Method;
pub use rules::{Family, Level, Rule, RustImpact};
pub use spec::{Format, LoadError, Spec, load};

/// Where a change is, in one of the two files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line in a lap file; absent for OpenAPI documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column, with the line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// JSON pointer in an OpenAPI document, references followed as if inlined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        match (self.line, self.column, &self.pointer) {
            (Some(l), Some(c), _) => write!(f, ":{l}:{c}"),
            (Some(l), None, _) => write!(f, ":{l}"),
            (None, _, Some(p)) => write!(f, "#{p}"),
            (None, _, None) => Ok(()),
        }
    }
}

/// The endpoint a change belongs to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EndpointRef {
    /// The path as the newer side writes it (the older one's for a removal).
    pub path: String,
    /// The HTTP method.
    pub method: Method,
    /// The operation id, when a side has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
}

impl std::fmt::Display for EndpointRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What kind of change (its id and level).
    pub rule: Rule,
    /// The endpoint; `None` for changes to the API as a whole.
    pub endpoint: Option<EndpointRef>,
    /// Where in the old file (absent for additions).
    pub old: Option<Location>,
    /// Where in the new file (absent for removals).
    pub new: Option<Location>,
    /// One sentence naming the element and what happened to it.
    pub message: String,
}

impl Change {
    /// The level, from the rule.
    pub fn level(&self) -> Level {
        self.rule.level()
    }

    /// What it does to Rust callers of the generated crate, from the rule.
    pub fn rust_impact(&self) -> RustImpact {
        self.rule.rust_impact()
    }

    /// The location to show first: in the new file, unless the element is gone.
    pub fn location(&self) -> Option<&Location> {
        self.new.as_ref().or(self.old.as_ref())
    }
}

/// Counts by level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// All changes.
    pub changes: usize,
    /// Breaking (ERR).
    pub breaking: usize,
    /// Warnings (WARN).
    pub warning: usize,
    /// Info (INFO).
    pub info: usize,
    /// Changes that need a major release of the generated crate.
    pub rust_major: usize,
    /// Changes that need a minor release.
    pub rust_minor: usize,
    /// The release the generated crate needs: the most severe Rust impact
    /// (`none`, a patch release, when nothing changed).
    pub rust_bump: RustImpact,
}

/// Everything that changed from `old` to `new`.
#[derive(Clone, Debug)]
pub struct Report {
    /// The old side's file name.
    pub old: String,
    /// The new side's file name.
    pub new: String,
    /// Whether the sides were compared at lap's resolution (a lap file
    /// against an OpenAPI document).
    pub lap_resolution: bool,
    /// The changes: API-wide ones first, then by endpoint (path, then
    /// method), breaking before warnings before info within each.
    pub changes: Vec<Change>,
}

impl Report {
    /// Counts by level.
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            changes: self.changes.len(),
            ..Summary::default()
        };
        for c in &self.changes {
            match c.level() {
                Level::Breaking => s.breaking += 1,
                Level::Warning => s.warning += 1,
                Level::Info => s.info += 1,
            }
            match c.rust_impact() {
                RustImpact::Major => s.rust_major += 1,
                RustImpact::Minor => s.rust_minor += 1,
                RustImpact::None => {}
            }
            s.rust_bump = s.rust_bump.max(c.rust_impact());
        }
        s
    }

    /// The most severe level found, if any change was.
    pub fn max_level(&self) -> Option<Level> {
        self.changes.iter().map(Change::level).max()
    }
}

/// Compares two specs.
pub fn diff(old: &Spec, new: &Spec) -> Report {
    let mixed = old.format != new.format;
    let reduce = |s: &Spec| {
        if mixed && s.format == Format::OpenApi {
            s.at_lap_resolution()
        } else {
            s.clone()
        }
    };
    let (old_side, new_side) = (reduce(old), reduce(new));
    let mut changes = compare::compare(&old_side, &new_side);
    changes.sort_by(|a, b| {
        let key = |c: &Change| c.endpoint.as_ref().map(|e| (e.path.clone(), e.method));
        key(a).cmp(&key(b)).then_with(|| b.level().cmp(&a.level()))
    });
    Report {
        old: old.file.clone(),
        new: new.file.clone(),
        lap_resolution: mixed,
        changes,
    }
}
