//! Reading inputs and keeping generated files up to date.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A failure to read or write a file, naming the file.
#[derive(Debug)]
pub(crate) struct FileError {
    path: PathBuf,
    action: &'static str,
    source: std::io::Error,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot {} {}: {}",
            self.action,
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for FileError {}

pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, FileError> {
    std::fs::read(path).map_err(|source| FileError {
        path: path.to_owned(),
        action: "read",
        source,
    })
}

pub(crate) fn read(path: &Path) -> Result<String, FileError> {
    std::fs::read_to_string(path).map_err(|source| FileError {
        path: path.to_owned(),
        action: "read",
        source,
    })
}

/// Files to write: each path relative to the workspace root, with its contents.
pub(crate) type Staged = Vec<(String, String)>;

/// Whether a file was rewritten.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Unchanged,
    Written,
    Stale,
}

/// Makes `path` hold `contents` (rust-analyzer's `ensure_file_contents`). In
/// check mode nothing is written: a stale file gets a unified diff on `err`
/// and the command that regenerates it.
pub(crate) fn ensure_contents(
    path: &Path,
    display: &str,
    contents: &str,
    check: bool,
    regenerate: &str,
    err: &mut dyn Write,
) -> Result<Outcome, FileError> {
    let current = std::fs::read_to_string(path).unwrap_or_default();
    if current == contents {
        return Ok(Outcome::Unchanged);
    }
    if check {
        let diff = similar::TextDiff::from_lines(current.as_str(), contents);
        let _ = writeln!(err, "{display} is stale; the expected contents differ:");
        let _ = write!(
            err,
            "{}",
            diff.unified_diff().context_radius(3).header(
                &format!("{display} (on disk)"),
                &format!("{display} (expected)")
            )
        );
        let _ = writeln!(err, "run `{regenerate}` to update it");
        return Ok(Outcome::Stale);
    }
    std::fs::write(path, contents).map_err(|source| FileError {
        path: path.to_owned(),
        action: "write",
        source,
    })?;
    Ok(Outcome::Written)
}

/// Writes every `(path, contents)` under `root`, or none of them: each goes
/// to a temporary file beside its target first, and only when all are
/// written are they renamed over the targets (a rename within a directory
/// does not leave a torn file). On a failure the temporary files are removed.
pub(crate) fn write_all(root: &Path, outputs: &[(String, String)]) -> Result<(), FileError> {
    let temp = |path: &Path| {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".spec-update.tmp");
        path.with_file_name(name)
    };
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(outputs.len());
    let cleanup = |written: &[(PathBuf, PathBuf)]| {
        for (tmp, _) in written {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (path, contents) in outputs {
        let target = root.join(path);
        let tmp = temp(&target);
        let result = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&tmp, contents));
        if let Err(source) = result {
            cleanup(&written);
            let _ = std::fs::remove_file(&tmp);
            return Err(FileError {
                path: target,
                action: "write",
                source,
            });
        }
        written.push((tmp, target));
    }
    for (i, (tmp, target)) in written.iter().enumerate() {
        if let Err(source) = std::fs::rename(tmp, target) {
            cleanup(&written[i..]);
            return Err(FileError {
                path: target.clone(),
                action: "replace",
                source,
            });
        }
    }
    Ok(())
}
