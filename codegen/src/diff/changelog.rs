//! A [`Report`] as a release entry of `CHANGELOG.md`, in the Keep a
//! Changelog 1.1.0 format (<https://keepachangelog.com/en/1.1.0/>): the
//! version and date, then the changes under Added, Changed, Deprecated and
//! Removed, the ones that break callers on the wire first in each section.
//! `cargo xtask spec update --changelog` writes it.

use super::{Change, Level, Report, Rule};

/// A section of a Keep a Changelog entry, in the order the entry lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// New operations, parameters, members, values, statuses.
    Added,
    /// What is still there but different (types, requirements, defaults).
    Changed,
    /// What still works and may go later.
    Deprecated,
    /// What is gone.
    Removed,
}

impl Section {
    /// Every section, in entry order.
    pub const ALL: [Section; 4] = [
        Section::Added,
        Section::Changed,
        Section::Deprecated,
        Section::Removed,
    ];

    /// The heading word.
    pub fn title(self) -> &'static str {
        match self {
            Section::Added => "Added",
            Section::Changed => "Changed",
            Section::Deprecated => "Deprecated",
            Section::Removed => "Removed",
        }
    }

    /// The section a rule's changes go under. Exhaustive, so a new rule
    /// does not compile until it has one.
    pub fn of(rule: Rule) -> Section {
        use Rule::*;
        match rule {
            SecurityComponentAdded
            | EndpointAdded
            | NewRequiredParameter
            | NewOptionalParameter
            | ParameterEnumValueAdded
            | NewRequiredProperty
            | NewOptionalProperty
            | PropertyEnumValueAdded
            | SuccessStatusAdded
            | ErrorStatusAdded
            | ResponseMediaTypeAdded
            | ResponseRequiredPropertyAdded
            | ResponseOptionalPropertyAdded
            | ResponsePropertyEnumValueAdded
            | SecurityAdded => Section::Added,
            BaseUrlChanged
            | VersionChanged
            | EndpointReactivated
            | OperationIdAdded
            | OperationIdRemoved
            | ParameterBecameRequired
            | ParameterBecameOptional
            | ParameterTypeChanged
            | ParameterTypeGeneralized
            | ParameterBecameEnum
            | ParameterDefaultAdded
            | ParameterDefaultRemoved
            | ParameterDefaultChanged
            | ParameterBecameNullable
            | ParameterBecameNotNullable
            | ParameterReactivated
            | ParameterEnumValueReactivated
            | PropertyBecameRequired
            | PropertyBecameOptional
            | PropertyTypeChanged
            | PropertyTypeGeneralized
            | PropertyBecameEnum
            | PropertyDefaultAdded
            | PropertyDefaultRemoved
            | PropertyDefaultChanged
            | PropertyBecameNullable
            | PropertyBecameNotNullable
            | PropertyReactivated
            | PropertyEnumValueReactivated
            | ResponsePropertyBecameOptional
            | ResponsePropertyBecameRequired
            | ResponsePropertyTypeChanged
            | ResponsePropertyTypeGeneralized
            | ResponsePropertyTypeSpecialized
            | ResponsePropertyBecameNullable
            | ResponsePropertyBecameNotNullable
            | ResponsePropertyReactivated
            | ResponsePropertyEnumValueReactivated
            | SecurityScopeAdded
            | SecurityScopeRemoved => Section::Changed,
            EndpointDeprecated
            | ParameterDeprecated
            | ParameterEnumValueDeprecated
            | PropertyDeprecated
            | PropertyEnumValueDeprecated
            | ResponsePropertyDeprecated
            | ResponsePropertyEnumValueDeprecated => Section::Deprecated,
            SecurityComponentRemoved
            | PathRemovedWithoutDeprecation
            | PathRemovedWithDeprecation
            | EndpointRemovedWithoutDeprecation
            | EndpointRemovedWithDeprecation
            | ParameterRemoved
            | ParameterEnumValueRemoved
            | PropertyRemoved
            | PropertyEnumValueRemoved
            | SuccessStatusRemoved
            | ErrorStatusRemoved
            | ResponseMediaTypeRemoved
            | ResponseRequiredPropertyRemoved
            | ResponseOptionalPropertyRemoved
            | ResponsePropertyEnumValueRemoved
            | SecurityRemoved => Section::Removed,
        }
    }
}

/// What the entry's heading and first paragraph say.
#[derive(Clone, Debug)]
pub struct Release<'a> {
    /// The version the crate gets (`0.2.0`).
    pub version: &'a str,
    /// The release date, `YYYY-MM-DD`.
    pub date: &'a str,
    /// One sentence on where the changes come from (PayPal's versions).
    pub source: &'a str,
}

/// The entry: `## [version] - date`, the source and the verdicts, then a
/// section per kind of change that has any.
pub fn entry(report: &Report, release: &Release<'_>) -> String {
    let summary = report.summary();
    let mut out = format!(
        "## [{}] - {}\n\n{}",
        release.version, release.date, release.source
    );
    out.push_str(&format!(
        " On the wire: {}. For Rust callers: a {} release ({} major, {} minor).\n",
        match summary.breaking {
            0 => "nothing breaks callers".to_owned(),
            1 => "1 change breaks callers".to_owned(),
            n => format!("{n} changes break callers"),
        },
        summary.rust_bump.bump(),
        summary.rust_major,
        summary.rust_minor
    ));
    for section in Section::ALL {
        let mut changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| Section::of(c.rule) == section)
            .collect();
        if changes.is_empty() {
            continue;
        }
        // Stable: the report's order (by endpoint) within a level.
        changes.sort_by_key(|c| std::cmp::Reverse(c.level()));
        out.push_str(&format!("\n### {}\n\n", section.title()));
        for c in changes {
            out.push_str(&line(c));
        }
    }
    out
}

fn line(c: &Change) -> String {
    let breaking = if c.level() == Level::Breaking {
        "**Breaking on the wire:** "
    } else {
        ""
    };
    let endpoint = match &c.endpoint {
        Some(e) => match &e.operation_id {
            Some(id) => format!("`{e}` (`{id}`): "),
            None => format!("`{e}`: "),
        },
        None => String::new(),
    };
    let mut message = c.message.clone();
    if endpoint.is_empty() && breaking.is_empty() {
        if let Some(first) = message.get(..1) {
            message.replace_range(..1, &first.to_uppercase());
        }
    }
    format!(
        "- {breaking}{endpoint}{message} (`{}`; wire: {}, Rust: {}).\n",
        c.rule.id(),
        c.level(),
        c.rust_impact()
    )
}

/// The file's opening, for a `CHANGELOG.md` that does not exist yet.
pub const HEADER: &str = "# Changelog\n\nAll notable changes to `disputes-api`, the generated PayPal Customer Disputes\nclient, are documented in this file.\n\nThe format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),\nand this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n";

/// Why an entry cannot go into the file.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChangelogError {
    /// The file already has an entry for this version.
    #[error(
        "already has an entry for {0}: release it (raise the version in disputes-api/Cargo.toml) or remove that entry first"
    )]
    Duplicate(String),
}

/// The file with `entry` added: after the header and any `## [Unreleased]`
/// section, before the latest release (newest first, as Keep a Changelog
/// orders them). `existing` is `None` when the file does not exist.
pub fn insert(
    existing: Option<&str>,
    version: &str,
    entry: &str,
) -> Result<String, ChangelogError> {
    let text = existing.unwrap_or(HEADER);
    let heading = format!("## [{version}]");
    if text
        .lines()
        .any(|l| l == heading || l.starts_with(&format!("{heading} ")))
    {
        return Err(ChangelogError::Duplicate(version.to_owned()));
    }
    let mut at = None;
    let mut offset = 0;
    for l in text.split_inclusive('\n') {
        if l.starts_with("## ") && !l.starts_with("## [Unreleased]") {
            at = Some(offset);
            break;
        }
        offset += l.len();
    }
    let mut out = String::with_capacity(text.len() + entry.len() + 2);
    match at {
        Some(i) => {
            out.push_str(&text[..i]);
            out.push_str(entry);
            out.push('\n');
            out.push_str(&text[i..]);
        }
        None => {
            out.push_str(text);
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push('\n');
            out.push_str(entry);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_section() {
        // The match is exhaustive; this proves each section is used.
        for section in Section::ALL {
            assert!(Rule::ALL.iter().any(|r| Section::of(*r) == section));
        }
    }

    #[test]
    fn a_new_entry_goes_after_unreleased_and_before_the_latest_release() {
        let file = format!("{HEADER}\n## [Unreleased]\n\n- x\n\n## [0.1.0] - 2026-01-01\n\nold\n");
        let out =
            insert(Some(&file), "0.2.0", "## [0.2.0] - 2026-02-02\n\nnew\n").expect("inserts");
        let new = out.find("## [0.2.0]").expect("new entry");
        assert!(out.find("## [Unreleased]").expect("kept") < new);
        assert!(new < out.find("## [0.1.0]").expect("kept"));
    }

    #[test]
    fn a_missing_file_gets_the_header_and_a_repeated_version_is_refused() {
        let out = insert(None, "0.1.1", "## [0.1.1] - 2026-02-02\n\nnew\n").expect("inserts");
        assert!(out.starts_with("# Changelog\n"));
        assert!(
            out.ends_with("\n\n## [0.1.1] - 2026-02-02\n\nnew\n"),
            "{out}"
        );
        assert_eq!(
            insert(Some(&out), "0.1.1", "again"),
            Err(ChangelogError::Duplicate("0.1.1".to_owned()))
        );
    }
}
