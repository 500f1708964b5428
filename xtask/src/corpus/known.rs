//! `--known-failures FILE`: failures already reported and not yet fixed,
//! which a run tolerates (CI passes `xtask/corpus/known-failures.tsv`), so
//! that only a new failure stops it. The list can only shrink: an entry for
//! a document that was run but matched no failure is stale, and a stale
//! entry is a failure of its own (delete the line once the fix landed).
//!
//! One entry a line, `STAGE<TAB>DOCUMENT<TAB>WHAT`, where WHAT is the
//! failure's text with `*` matching any run of characters; `#` starts a
//! comment line, which says why the entries below it fail and who fixes it.

use std::path::Path;

/// One line of the file.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub stage: String,
    pub document: String,
    pub pattern: String,
    /// 1-based line in the file, for messages.
    pub line: usize,
}

impl Entry {
    pub(crate) fn matches(&self, stage: &str, document: &str, what: &str) -> bool {
        self.stage == stage && self.document == document && glob(&self.pattern, what)
    }
}

/// Reads the file; a malformed line is an error naming it.
pub(crate) fn load(path: &Path) -> Result<Vec<Entry>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(stage @ ("read" | "compile")), Some(document), Some(pattern)) => {
                entries.push(Entry {
                    stage: stage.to_owned(),
                    document: document.to_owned(),
                    pattern: pattern.to_owned(),
                    line: i + 1,
                });
            }
            _ => {
                return Err(format!(
                    "{}:{}: expected `read|compile<TAB>DOCUMENT<TAB>WHAT`",
                    path.display(),
                    i + 1
                ));
            }
        }
    }
    Ok(entries)
}

/// `*` matches any run of characters (none included); everything else
/// matches itself. Linear backtracking over the last `*`, as shells do.
pub(crate) fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn glob_matches_runs_and_nothing_else() {
        assert!(glob(
            "optional: lapsh [*], ours [*]",
            "optional: lapsh [a, b], ours [a]"
        ));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "aXXbYYc"));
        assert!(!glob("a*b", "aXXc"));
        assert!(!glob("abc", "abcd"));
    }
}
