//! `cargo xtask diff`: the crafted corpus (`tests/fixtures/diff/<case>/`,
//! one case per rule, named after it, plus lap, mixed and PayPal-shaped
//! cases), the outputs, the exit codes, `--git`, and the rule catalogue
//! page, all through the command line in-process.

mod depth;
mod paypal;
mod published;
mod update;

use std::path::{Path, PathBuf};

use codegen::diff::{self, Family, Rule};
use tests::{root, xtask};

/// Every case directory, sorted by name.
fn cases() -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/diff");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/diff exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// The `old.*` or `new.*` file of a case, as a path relative to the tests
/// crate (the working directory of the test), so outputs are stable.
fn side(case: &Path, stem: &str) -> String {
    let name = ["lap", "yaml", "json"]
        .iter()
        .map(|ext| format!("{stem}.{ext}"))
        .find(|f| case.join(f).exists())
        .unwrap_or_else(|| panic!("{} has no {stem}.lap/.yaml/.json", case.display()));
    let case_name = case.file_name().and_then(|n| n.to_str()).unwrap_or("");
    format!("fixtures/diff/{case_name}/{name}")
}

fn load(path: &str) -> diff::Spec {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    diff::load(path, &text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_case_matches_its_golden_text_output() {
    for case in cases() {
        let (old, new) = (side(&case, "old"), side(&case, "new"));
        let run = xtask(&["diff", &old, &new, "--color", "never"]);
        assert_eq!(run.status, 0, "{}: {}", case.display(), run.err);
        let mut golden = run.out;
        if !run.err.is_empty() {
            golden.push_str("--- stderr\n");
            golden.push_str(&run.err);
        }
        expectorate::assert_contents(case.join("expected.txt"), &golden);
    }
}

#[test]
fn every_rule_has_a_case_named_after_it_that_reports_only_that_rule() {
    for rule in Rule::ALL {
        let case = root().join("tests/fixtures/diff").join(rule.id());
        assert!(
            case.is_dir(),
            "rule {} has no case directory {}",
            rule.id(),
            case.display()
        );
        let report = diff::diff(&load(&side(&case, "old")), &load(&side(&case, "new")));
        let ids: Vec<&str> = report.changes.iter().map(|c| c.rule.id()).collect();
        assert!(
            !ids.is_empty() && ids.iter().all(|id| *id == rule.id()),
            "case {} reports {ids:?}, expected only {}",
            rule.id(),
            rule.id()
        );
        assert_eq!(report.max_level(), Some(rule.level()));
        assert_eq!(
            report.summary().rust_bump,
            rule.rust_impact(),
            "case {}: the bump is the rule's Rust impact",
            rule.id()
        );
    }
}

#[test]
fn json_names_each_changes_rust_impact_and_reason_and_the_summary_the_bump() {
    let case = root().join("tests/fixtures/diff/lap-list-disputes-upgrade");
    let run = xtask(&[
        "diff",
        &side(&case, "old"),
        &side(&case, "new"),
        "--format",
        "json",
    ]);
    assert_eq!(run.status, 0, "{}", run.err);
    let parsed: serde_json::Value = serde_json::from_str(&run.out).expect("valid JSON");
    let changes = parsed["changes"].as_array().expect("changes");
    let mut most = diff::RustImpact::None;
    for c in changes {
        let rule = Rule::parse(c["id"].as_str().expect("id")).expect("known rule");
        assert_eq!(c["rust_impact"], rule.rust_impact().as_str());
        assert_eq!(c["rust_reason"], rule.rust_reason());
        most = most.max(rule.rust_impact());
    }
    assert_eq!(parsed["summary"]["rust_bump"], most.as_str());
    assert_eq!(
        most,
        diff::RustImpact::Major,
        "the case adds response members"
    );
}

#[test]
fn a_schema_renamed_with_the_same_shape_reordered_and_redescribed_is_no_change() {
    let case = root().join("tests/fixtures/diff/same-shape-schema-renamed");
    let report = diff::diff(&load(&side(&case, "old")), &load(&side(&case, "new")));
    assert_eq!(report.changes, Vec::new());
}

#[test]
fn json_and_markdown_outputs_match_their_golden_files() {
    let case = root().join("tests/fixtures/diff/lap-list-disputes-upgrade");
    for (format, golden) in [("json", "expected.json"), ("markdown", "expected.md")] {
        let run = xtask(&[
            "diff",
            &side(&case, "old"),
            &side(&case, "new"),
            "--format",
            format,
        ]);
        assert_eq!(run.status, 0, "{format}: {}", run.err);
        if format == "json" {
            let parsed: serde_json::Value = serde_json::from_str(&run.out).expect("valid JSON");
            assert_eq!(parsed["format_version"], 1);
            assert_eq!(parsed["summary"]["breaking"], 2);
        }
        expectorate::assert_contents(case.join(golden), &run.out);
    }
}

fn status_of(case: &str, fail_on: Option<&str>) -> i32 {
    let case = root().join("tests/fixtures/diff").join(case);
    let (old, new) = (side(&case, "old"), side(&case, "new"));
    let mut args = vec!["diff", old.as_str(), new.as_str()];
    if let Some(level) = fail_on {
        args.extend(["--fail-on", level]);
    }
    xtask(&args).status
}

#[test]
fn fail_on_exits_1_only_for_a_change_at_that_level_or_above() {
    // breaking
    assert_eq!(status_of("request-parameter-became-required", None), 0);
    assert_eq!(
        status_of("request-parameter-became-required", Some("breaking")),
        1
    );
    assert_eq!(
        status_of("request-parameter-became-required", Some("warning")),
        1
    );
    // warning
    assert_eq!(
        status_of("response-property-enum-value-added", Some("breaking")),
        0
    );
    assert_eq!(
        status_of("response-property-enum-value-added", Some("warning")),
        1
    );
    // info and nothing
    assert_eq!(status_of("endpoint-added", Some("warning")), 0);
    assert_eq!(status_of("same-shape-schema-renamed", Some("warning")), 0);
}

#[test]
fn fail_on_rejects_an_unknown_level_with_exit_2() {
    let run = xtask(&["diff", "a", "b", "--fail-on", "info"]);
    assert_eq!(run.status, 2);
    assert!(run.err.contains("invalid value 'info'"), "{}", run.err);
}

fn temp_dir(name: &str) -> tests::TempDir {
    tests::temp_dir(&format!("xtask-diff-{name}"))
}

#[test]
fn formats_are_detected_by_content_not_by_file_name() {
    let case = root().join("tests/fixtures/diff/lap-list-disputes-upgrade");
    let dir = temp_dir("detect");
    // A lap file named .yaml and an OpenAPI file named .lap.
    let old = dir.join("old.yaml");
    std::fs::copy(case.join("old.lap"), &old).expect("copy");
    let openapi = dir.join("new.lap");
    let yaml = root().join("tests/fixtures/diff/mixed-lap-to-openapi/new.yaml");
    std::fs::copy(&yaml, &openapi).expect("copy");
    let run = xtask(&[
        "diff",
        &old.display().to_string(),
        &case.join("new.lap").display().to_string(),
    ]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.starts_with("8 changes: 2 breaking"), "{}", run.out);
    let run = xtask(&[
        "diff",
        &yaml.display().to_string(),
        &openapi.display().to_string(),
    ]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.starts_with("0 changes"), "{}", run.out);
}

#[test]
fn bad_input_exits_2_naming_the_file_and_position() {
    let dir = temp_dir("bad");
    let good = root()
        .join("tests/fixtures/diff/endpoint-added/old.yaml")
        .display()
        .to_string();
    let cases: [(&str, &str, &str); 4] = [
        (
            "broken.lap",
            "@lap v0.3\n@api X\n@endpoints 1\n\n@endpoint GET /a\n@returns(200) {a: str\n@end\n",
            "broken.lap:",
        ),
        ("broken.yaml", "openapi: 3.0.3\npaths: [\n", "broken.yaml:"),
        (
            "not-openapi.json",
            "{\"hello\": \"world\"}",
            "nor an OpenAPI document (JSON or YAML with an `openapi` field)",
        ),
        (
            "swagger.json",
            "{\"swagger\": \"2.0\", \"paths\": {}}",
            "convert the document to OpenAPI 3.0 first",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        let run = xtask(&["diff", &good, &path.display().to_string()]);
        assert_eq!(run.status, 2, "{name}: {}", run.out);
        assert!(run.err.contains(expected), "{name}: {}", run.err);
        assert!(run.out.is_empty(), "{name}: nothing on stdout: {}", run.out);
    }
    let run = xtask(&["diff", &good, "/no/such/file.yaml"]);
    assert_eq!(run.status, 2);
    assert!(
        run.err.contains("cannot read /no/such/file.yaml"),
        "{}",
        run.err
    );
}

#[test]
fn broken_lap_error_points_at_line_and_column() {
    let dir = temp_dir("lap-error");
    let path = dir.join("broken.lap");
    std::fs::write(
        &path,
        "@lap v0.3\n@api X\n@endpoints 1\n\n@endpoint GET /a\n@optional {a: str, b: nosuchtype}\n\n@end\n",
    )
    .expect("write");
    let shown = path.display().to_string();
    let run = xtask(&["diff", &shown, &shown]);
    // Either an error (exit 2) or a warning with the position: never silent.
    assert!(
        run.err.contains(&format!("{shown}:6:")),
        "expected a diagnostic at line 6: {}",
        run.err
    );
}

#[test]
fn color_always_paints_levels_and_never_leaves_plain_text() {
    let case = root().join("tests/fixtures/diff/request-parameter-became-required");
    let (old, new) = (side(&case, "old"), side(&case, "new"));
    let painted = xtask(&["diff", &old, &new, "--color", "always"]);
    assert!(
        painted.out.contains("\x1b[1;31mbreaking"),
        "{:?}",
        painted.out
    );
    let plain = xtask(&["diff", &old, &new, "--color", "never"]);
    assert!(!plain.out.contains('\x1b'));
    // Not a terminal here, so `auto` is plain.
    let auto = xtask(&["diff", &old, &new]);
    assert_eq!(auto.out, plain.out);
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn git_compares_the_spec_at_a_revision_with_the_working_tree() {
    let dir = temp_dir("git");
    let case = root().join("tests/fixtures/diff/lap-list-disputes-upgrade");
    std::fs::create_dir_all(dir.join("spec")).expect("spec dir");
    std::fs::copy(case.join("old.lap"), dir.join("spec/disputes.lap")).expect("copy");
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "spec/disputes.lap"]);
    git(&dir, &["commit", "-q", "-m", "old"]);
    std::fs::copy(case.join("new.lap"), dir.join("spec/disputes.lap")).expect("copy");
    let root_arg = dir.display().to_string();
    let run = xtask(&[
        "--root",
        &root_arg,
        "diff",
        "--git",
        "HEAD",
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(run.status, 1, "{}", run.err);
    assert!(run.out.starts_with("8 changes: 2 breaking"), "{}", run.out);
    assert!(
        run.out.contains("at spec/disputes.lap:10:12"),
        "locations name the working-tree file: {}",
        run.out
    );
    let json = xtask(&[
        "--root", &root_arg, "diff", "--git", "HEAD", "--format", "json",
    ]);
    assert!(
        json.out.contains("\"old\": \"HEAD:spec/disputes.lap\""),
        "{}",
        json.out
    );
    let bad = xtask(&["--root", &root_arg, "diff", "--git", "no-such-rev"]);
    assert_eq!(bad.status, 2);
    assert!(
        bad.err
            .contains("git show no-such-rev:spec/disputes.lap failed"),
        "{}",
        bad.err
    );
}

#[test]
fn old_and_new_or_git_are_required() {
    let run = xtask(&["diff"]);
    assert_eq!(run.status, 2);
    let run = xtask(&["diff", "a.lap", "b.lap", "--git", "HEAD"]);
    assert_eq!(run.status, 2, "{}", run.out);
}

/// `docs/diff-rules.md`: the catalogue, generated from the rule table and
/// each rule's case. `EXPECTORATE=overwrite` rewrites it.
#[test]
fn diff_rules_doc_is_generated_from_the_rule_table_and_corpus() {
    let mut doc = String::from(
        "# `cargo xtask diff` rules\n\n\
         Generated from `codegen/src/diff/rules.rs` and the corpus in\n\
         `tests/fixtures/diff/` by `cargo test -p tests --test diff`\n\
         (`EXPECTORATE=overwrite` to refresh); do not edit by hand.\n\n\
         Levels have oasdiff's meaning: **breaking** (ERR) breaks callers written\n\
         against the old version, **warning** (WARN) may break them and cannot be\n\
         decided from the spec, **info** (INFO) cannot break them. Each example is\n\
         the rule's own case: the change between `old.yaml` and `new.yaml`, and\n\
         what `cargo xtask diff` says of it.\n\n\
         The Rust impact is what the change does to Rust code written against\n\
         the generated `disputes-api`, under Cargo's semver rules: **none** (a\n\
         patch release), **minor** (items added or deprecated) or **major** (code\n\
         that compiled may not compile), with the reason. It differs from the\n\
         wire level: a new optional response member is info on the wire and a\n\
         new public field in Rust.\n",
    );
    for family in Family::ALL {
        doc.push_str(&format!(
            "\n## {}\n\n| id | level | rust |\n|---|---|---|\n",
            family.title()
        ));
        let rules: Vec<Rule> = Rule::ALL
            .iter()
            .copied()
            .filter(|r| r.family() == family)
            .collect();
        for r in &rules {
            doc.push_str(&format!(
                "| [`{id}`](#{id}) | {} | {} |\n",
                r.level(),
                r.rust_impact(),
                id = r.id()
            ));
        }
        for r in rules {
            let case = root().join("tests/fixtures/diff").join(r.id());
            let (old, new) = (side(&case, "old"), side(&case, "new"));
            let (old_text, new_text) = (
                std::fs::read_to_string(&old).expect("old"),
                std::fs::read_to_string(&new).expect("new"),
            );
            let report = diff::diff(&load(&old), &load(&new));
            let unified = similar::TextDiff::from_lines(&old_text, &new_text)
                .unified_diff()
                .context_radius(2)
                .header("old.yaml", "new.yaml")
                .to_string();
            doc.push_str(&format!(
                "\n### `{}`\n\n**{}** ({}). {}\n\nRust: **{}**. {}\n\n```diff\n{unified}```\n\n",
                r.id(),
                r.level(),
                r.level().oasdiff(),
                r.summary(),
                r.rust_impact(),
                r.rust_reason()
            ));
            for c in &report.changes {
                let endpoint = c
                    .endpoint
                    .as_ref()
                    .map_or_else(|| "API".to_owned(), ToString::to_string);
                doc.push_str(&format!("> {endpoint}: {}\n", c.message));
            }
        }
    }
    expectorate::assert_contents(root().join("docs/diff-rules.md"), &doc);
}

#[test]
fn every_spec_compared_with_itself_has_no_changes() {
    let mut files = vec![
        root().join("spec/disputes.lap"),
        root().join("spec/disputes.openapi.json"),
    ];
    for case in cases() {
        for stem in ["old", "new"] {
            files.push(root().join("tests").join(side(&case, stem)));
        }
    }
    for file in files {
        let shown = file.display().to_string();
        let spec = load(&shown);
        let report = diff::diff(&spec, &spec);
        assert_eq!(report.changes, Vec::new(), "{shown} against itself");
    }
}

#[test]
fn the_generated_openapi_document_agrees_with_its_lap_source_but_for_the_listed_additions() {
    let lap = load(&root().join("spec/disputes.lap").display().to_string());
    let openapi = load(
        &root()
            .join("spec/disputes.openapi.json")
            .display()
            .to_string(),
    );
    let listed = diff::deviations::Deviations::parse(
        &std::fs::read_to_string(root().join("spec/deviations.yaml")).expect("readable"),
    )
    .expect("parses");
    // The lap is PayPal's document compiled; the overlay adds the members
    // PayPal sends and does not document, each listed in deviations.yaml.
    let added = diff::diff(&lap, &openapi);
    assert!(added.lap_resolution);
    let members: Vec<&str> = added
        .changes
        .iter()
        .map(|c| {
            assert_eq!(c.rule, Rule::ResponseOptionalPropertyAdded, "{c:?}");
            assert!(
                listed
                    .lists(c.rule, diff::deviations::pointer_of(c))
                    .is_some(),
                "not in spec/deviations.yaml: {c:?}"
            );
            c.message.as_str()
        })
        .collect();
    assert_eq!(
        members,
        [
            "new optional 200 response member `dispute_state`",
            "new optional 200 response member `history`"
        ]
    );
    // And nothing else, the other way round.
    let removed = diff::diff(&openapi, &lap);
    let rules: Vec<Rule> = removed.changes.iter().map(|c| c.rule).collect();
    assert_eq!(
        rules,
        [Rule::ResponseOptionalPropertyRemoved; 2],
        "{removed:?}"
    );
}

/// Fuzz finding D1: a path whose template does not name its declared path
/// parameter (`/a/{id=/b`, an unclosed brace) made the parameter look
/// removed and added when a spec was compared with itself.
#[test]
fn a_path_parameter_the_template_does_not_name_is_matched_by_name() {
    let doc = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a/{id=/b:
    post:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
"#;
    let spec = diff::load("d1.yaml", doc).expect("loads");
    assert_eq!(diff::diff(&spec, &spec).changes, Vec::new());
}

fn lap_with_default(default: &str) -> diff::Spec {
    let text = tests::lap_doc(&format!(
        "@endpoint GET /x\n@optional {{ratio: num={default}}}\n@returns(200)"
    ));
    diff::load("x.lap", &text).expect("loads")
}

/// Issue 16 item 2: diff reads the model's typed default, so a number
/// written another way is no change, and prose is not compared.
#[test]
fn defaults_are_compared_by_value_and_prose_is_not_compared() {
    let same = diff::diff(&lap_with_default("1"), &lap_with_default("1.0"));
    assert_eq!(same.changes, Vec::new());
    let changed = diff::diff(&lap_with_default("1"), &lap_with_default("2"));
    let rules: Vec<Rule> = changed.changes.iter().map(|c| c.rule).collect();
    assert_eq!(rules, [Rule::ParameterDefaultChanged], "{changed:?}");
    assert!(
        changed.changes[0].message.contains("from `1` to `2`"),
        "{}",
        changed.changes[0].message
    );
    // `num=about one` is prose: as if there were no default.
    let prose = diff::diff(&lap_with_default("1"), &lap_with_default("about one"));
    let rules: Vec<Rule> = prose.changes.iter().map(|c| c.rule).collect();
    assert_eq!(rules, [Rule::ParameterDefaultRemoved], "{prose:?}");
}
