//! Helpers shared by the workspace's tests.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The folder of PayPal's published definitions (`customer_disputes_v1.json`
/// and its 1.10 predecessor), which are public reference data and are not
/// committed: `PAYPAL_OPENAPI_DIR`, or `shared/reference/paypal-openapi`
/// beside the workspace or beside any folder above it (so a worktree under
/// `/work/wt/x` finds `/work/shared`).
///
/// A test that needs them fails when they are missing, because a test that
/// skips where nobody looks proves nothing (a CI run once failed on a
/// deviation that every local run had skipped). Set `PAYPAL_OPENAPI_SKIP=1`
/// to skip them on purpose; `None` is returned only then.
pub fn paypal_reference() -> Option<PathBuf> {
    const FILE: &str = "customer_disputes_v1.json";
    let found = match std::env::var_os("PAYPAL_OPENAPI_DIR") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => root().canonicalize().ok().and_then(|root| {
            root.ancestors()
                .map(|dir| dir.join("shared/reference/paypal-openapi"))
                .find(|dir| dir.join(FILE).is_file())
        }),
    };
    match found {
        Some(dir) if dir.join(FILE).is_file() => Some(dir),
        _ if std::env::var_os("PAYPAL_OPENAPI_SKIP").is_some() => {
            eprintln!("skipped: PAYPAL_OPENAPI_SKIP is set");
            None
        }
        Some(dir) => panic!(
            "{} is missing: set PAYPAL_OPENAPI_DIR to the folder of PayPal's published \
             definitions, or PAYPAL_OPENAPI_SKIP=1 to skip the tests that read them",
            dir.join(FILE).display()
        ),
        None => panic!(
            "PayPal's published definitions are not beside the workspace \
             (shared/reference/paypal-openapi/{FILE} in no folder above it): set \
             PAYPAL_OPENAPI_DIR to their folder, or PAYPAL_OPENAPI_SKIP=1 to skip \
             the tests that read them"
        ),
    }
}

/// What `cargo xtask` did: its exit status and what it printed.
pub struct Run {
    /// 0 success, 1 a check failed, 2 bad input or command line.
    pub status: i32,
    /// Standard output.
    pub out: String,
    /// Standard error.
    pub err: String,
}

/// Runs `cargo xtask` in-process with `args`, exactly as the command line does.
pub fn xtask(args: &[&str]) -> Run {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let status = xtask::run(args.iter().copied(), &mut out, &mut err);
    Run {
        status,
        out: String::from_utf8_lossy(&out).into_owned(),
        err: String::from_utf8_lossy(&err).into_owned(),
    }
}

/// Wraps endpoint blocks into a complete lap document, with a correct
/// `@endpoints` count and a closing `@end`.
pub fn lap_doc(body: &str) -> String {
    let count = body
        .lines()
        .filter(|l| l.trim_start().starts_with("@endpoint "))
        .count();
    format!("@lap v0.3\n@api Test\n@endpoints {count}\n\n{body}\n\n@end\n")
}

/// Parses a document, panicking with the rendered errors when it fails.
pub fn parse_ok(source: &str) -> codegen::lap::Parsed {
    match codegen::lap::parse(source) {
        Ok(parsed) => parsed,
        Err(e) => panic!(
            "expected a successful parse, got:\n{}",
            e.render("test.lap", source)
        ),
    }
}

/// A temporary folder for one test, removed when the test drops it, so
/// runs leave nothing behind in the system's temporary folder. Derefs to
/// its path.
pub struct TempDir(tempfile::TempDir);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

/// A fresh, empty temporary folder whose name starts with `name`.
pub fn temp_dir(name: &str) -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix(&format!("{name}-"))
        .tempdir()
        .expect("a temporary folder");
    TempDir(dir)
}

/// A file named `name` holding `contents`, alone in a temporary folder
/// that is removed when the test drops it. Derefs to the file's path.
pub struct TempFile {
    _dir: TempDir,
    path: PathBuf,
}

impl std::ops::Deref for TempFile {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for TempFile {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl TempFile {
    /// The path as a command-line argument (temporary paths are UTF-8).
    pub fn arg(&self) -> &str {
        self.path.to_str().expect("a UTF-8 temporary path")
    }
}

impl std::fmt::Display for TempFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.path.display().fmt(f)
    }
}

/// Writes `contents` to a file `name` in a fresh temporary folder.
pub fn temp_file(name: &str, contents: &str) -> TempFile {
    let dir = temp_dir(name);
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write a temporary file");
    TempFile { _dir: dir, path }
}

pub mod deep;
pub mod payloads;

/// A retry policy for tests: `attempts` tries, waits of a few milliseconds.
pub fn fast_retries(attempts: u32) -> disputes_api::RetryPolicy {
    disputes_api::RetryPolicy::default()
        .max_attempts(attempts)
        .initial_backoff(std::time::Duration::from_millis(1))
        .max_backoff(std::time::Duration::from_millis(5))
}

/// A client of `sandbox` acting as `who`, with `retry`.
pub fn sandbox_client(
    sandbox: &sandbox::Sandbox,
    who: &sandbox::Credentials,
    retry: disputes_api::RetryPolicy,
) -> disputes_api::Client {
    disputes_api::Client::builder()
        .base_url(sandbox.url())
        .credentials(who.client_id(), who.secret())
        .retry_policy(retry)
        .build()
        .expect("client")
}
