//! `cargo xtask spec update`: PayPal's real 1.10 -> 1.11 upgrade replayed
//! on a copy of the workspace's spec files, and the failures that must
//! leave every file as it was.
//!
//! The copy is put in its 1.10 state with the commands themselves: the lap
//! is `lap compile` of PayPal's 1.10 document, the names file has the 1.10
//! asset shape (`Cryptocurrency` without 1.11's `quantity_in_subunits` and
//! `decimals`), and `codegen` writes the document and the client. The
//! overlay is today's, which already types 1.11's `fund_movements` and
//! `outcome_reason`: in this replay they are not new. Like `paypal.rs`, it
//! reads PayPal's files where `tests::paypal_reference` finds them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::root;
use tests::xtask;

/// The files a copy holds: the spec, the crate's manifest (for its
/// version) and its generated sources.
const COPIED: &[&str] = &[
    "spec/disputes.lap",
    "spec/disputes.names.yaml",
    "spec/disputes.overlay.yaml",
    "spec/disputes.openapi.json",
    "spec/deviations.yaml",
    "disputes-api/Cargo.toml",
    "disputes-api/src/generated/mod.rs",
    "disputes-api/src/generated/client.rs",
    "disputes-api/src/generated/enums.rs",
    "disputes-api/src/generated/operations.rs",
];

const SHAPE_1_11: &str =
    "  Cryptocurrency: [asset_symbol, quantity, quantity_in_subunits, decimals]\n";
const SHAPE_1_10: &str = "  Cryptocurrency: [asset_symbol, quantity]\n";

/// A fresh copy of the workspace's files in a temporary directory, with
/// the crate at version 0.4.2 (so the test does not follow the real one).
fn copy(name: &str) -> tests::TempDir {
    let dir = tests::temp_dir(&format!("spec-update-{name}"));
    for file in COPIED {
        let to = dir.join(file);
        std::fs::create_dir_all(to.parent().expect("has a parent")).expect("temp dir");
        std::fs::copy(root().join(file), &to).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let manifest = dir.join("disputes-api/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    let at = text
        .find("\nversion = \"")
        .expect("the manifest writes its version");
    let end = at + 1 + text[at + 1..].find('\n').expect("line ends");
    std::fs::write(
        &manifest,
        format!("{}\nversion = \"0.4.2\"{}", &text[..at], &text[end..]),
    )
    .expect("write manifest");
    dir
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("readable file");
                out.insert(path, bytes);
            }
        }
    }
    out
}

/// Puts the copy in its PayPal 1.10 state.
fn at_1_10(dir: &Path, reference: &Path) {
    let root_arg = dir.display().to_string();
    let old = reference.join("customer_disputes_v1.info-1.10.json");
    let lap = dir.join("spec/disputes.lap");
    let run = xtask(&[
        "lap",
        "compile",
        &old.display().to_string(),
        "-o",
        &lap.display().to_string(),
    ]);
    assert_eq!(run.status, 0, "{}", run.err);
    let names = dir.join("spec/disputes.names.yaml");
    let text = std::fs::read_to_string(&names).expect("names");
    assert!(
        text.contains(SHAPE_1_11),
        "the names file changed: update this test"
    );
    std::fs::write(&names, text.replace(SHAPE_1_11, SHAPE_1_10)).expect("write names");
    let run = xtask(&["--root", &root_arg, "codegen"]);
    assert_eq!(run.status, 0, "{}{}", run.out, run.err);
}

fn update(dir: &Path, paypal: &Path) -> tests::Run {
    xtask(&[
        "--root",
        &dir.display().to_string(),
        "spec",
        "update",
        &paypal.display().to_string(),
        "--changelog",
        "--date",
        "2026-12-03",
    ])
}

#[test]
fn spec_update_replays_paypal_1_10_to_1_11_with_report_regenerated_crate_and_changelog() {
    let Some(reference) = tests::paypal_reference() else {
        return;
    };
    let new = reference.join("customer_disputes_v1.json");
    let dir = copy("replay");
    at_1_10(&dir, &reference);
    // The 1.10 names no longer fit 1.11's asset: the overlay action on
    // `Cryptocurrency` selects nothing, and the update stops there.
    let before = snapshot(&dir);
    let run = update(&dir, &new);
    assert_eq!(run.status, 1, "{}{}", run.out, run.err);
    assert!(
        run.err
            .contains("(target `$.components.schemas.Cryptocurrency`): selects nothing"),
        "{}",
        run.err
    );
    assert!(run.err.contains("nothing was written"), "{}", run.err);
    assert_eq!(snapshot(&dir), before, "a failed update changed files");

    // The maintainer fixes the names (as committed today) and runs it again.
    std::fs::copy(
        root().join("spec/disputes.names.yaml"),
        dir.join("spec/disputes.names.yaml"),
    )
    .expect("restore names");
    let run = update(&dir, &new);
    assert_eq!(run.status, 0, "{}{}", run.out, run.err);
    let out = &run.out;
    for line in [
        "Disputes 1.11, 15 endpoints",
        "0 not listed; 0 stale pointer(s)",
        "codegen: 15 operations",
        "0 breaking, 0 warnings",
        // New optional response members are minor under the generated
        // shape; `note` becoming optional and the update-time filters
        // losing their date-time format change types.
        "Rust impact: major (3 major, 16 minor)",
        "the API version changed from `1.10` to `1.11`",
        "new optional 200 response member `dispute_asset.decimals`",
        "new optional 200 response member `fund_movements[].asset.quantity_in_subunits`",
        "request body member `note` became optional",
        "CHANGELOG.md: entry 0.5.0 - 2026-12-03",
    ] {
        assert!(out.contains(line), "no `{line}` in:\n{out}");
    }
    assert!(
        out.contains("disputes-api: 0.4.2 -> 0.5.0 (a major release under Cargo's rules)"),
        "{out}"
    );
    // The regenerated spec and crate are exactly the committed 1.11 ones.
    for file in COPIED.iter().filter(|f| **f != "disputes-api/Cargo.toml") {
        let got = std::fs::read_to_string(dir.join(file)).expect("written");
        let want = std::fs::read_to_string(root().join(file)).expect("committed");
        assert!(got == want, "{file} differs from the committed 1.11 one");
    }
    let changelog = std::fs::read_to_string(dir.join("CHANGELOG.md")).expect("changelog");
    assert!(changelog.starts_with("# Changelog\n"), "{changelog}");
    let entry = changelog
        .split_once("## [0.5.0] - 2026-12-03\n")
        .map(|(_, e)| e)
        .expect("the entry's heading");
    assert!(
        entry.contains("PayPal's Disputes API 1.10 to 1.11. On the wire: nothing breaks callers."),
        "{entry}"
    );
    let added = entry.find("### Added").expect("Added");
    let changed = entry.find("### Changed").expect("Changed");
    assert!(added < changed, "{entry}");
    assert!(
        !entry.contains("### Removed") && !entry.contains("**Breaking"),
        "{entry}"
    );
    assert!(entry[added..changed].contains(
        "- `GET /v1/customer/disputes/{id}` (`show_dispute_details`): new optional 200 response member `dispute_asset.decimals` (`response-optional-property-added`; wire: info, Rust: "
    ), "{entry}");
    assert!(
        entry[changed..].contains("request body member `note` became optional"),
        "{entry}"
    );

    // Run again: nothing changes for callers, nothing is written.
    let again = snapshot(&dir);
    let run = update(&dir, &new);
    assert_eq!(run.status, 0, "{}{}", run.out, run.err);
    assert!(
        run.out.contains("no change for callers; it stays 0.4.2"),
        "{}",
        run.out
    );
    assert!(run.out.contains("0 file(s) written"), "{}", run.out);
    assert_eq!(snapshot(&dir), again);
}

#[test]
fn spec_update_stops_at_an_unlisted_deviation_and_writes_nothing() {
    let Some(reference) = tests::paypal_reference() else {
        return;
    };
    let dir = copy("deviation");
    at_1_10(&dir, &reference);
    std::fs::copy(
        root().join("spec/disputes.names.yaml"),
        dir.join("spec/disputes.names.yaml"),
    )
    .expect("restore names");
    // Drop the entry that lists `dispute_state` and `history`.
    let listed = dir.join("spec/deviations.yaml");
    let text = std::fs::read_to_string(&listed).expect("deviations");
    let start = text
        .find("  - rule: response-optional-property-added\n    at:\n      - /paths/~1v1~1customer~1disputes~1{id}/get/responses/200/content/application~1json/schema/properties/dispute_state")
        .expect("the dispute_state entry");
    let end = start + 1 + text[start + 1..].find("\n  - rule:").expect("a next entry");
    std::fs::write(&listed, format!("{}{}", &text[..start], &text[end..])).expect("write");
    let before = snapshot(&dir);
    let run = update(&dir, &reference.join("customer_disputes_v1.json"));
    assert_eq!(run.status, 1, "{}{}", run.out, run.err);
    assert!(
        run.out.contains("properties/dispute_state: response-optional-property-added: new optional 200 response member `dispute_state` (not in spec/deviations.yaml)"),
        "{}",
        run.out
    );
    assert!(
        run.err.contains("stopped at the deviation check"),
        "{}",
        run.err
    );
    assert_eq!(snapshot(&dir), before, "a failed update changed files");
}

#[test]
fn spec_update_refuses_a_date_that_is_not_yyyy_mm_dd_and_a_missing_document() {
    let run = xtask(&[
        "spec",
        "update",
        "x.json",
        "--changelog",
        "--date",
        "3/12/2026",
    ]);
    assert_eq!(run.status, 2, "{}", run.err);
    assert!(
        run.err.contains("is not a date as YYYY-MM-DD"),
        "{}",
        run.err
    );
    let dir = copy("missing");
    let before = snapshot(&dir);
    let run = xtask(&[
        "--root",
        &dir.display().to_string(),
        "spec",
        "update",
        "no-such-document.json",
    ]);
    assert_eq!(run.status, 2, "{}", run.err);
    assert!(
        run.err.contains("cannot read no-such-document.json"),
        "{}",
        run.err
    );
    assert_eq!(snapshot(&dir), before);
}
