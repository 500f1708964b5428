//! Helpers shared by the workspace's tests.

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
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
