//! `cargo xtask spec check --published PATH`: the diff from a published
//! document to ours, where every change must be listed in the deviations
//! file by rule and pointer, and every entry must still match a change.
//!
//! The crafted pair is the `response-property-deprecated` case: the newer
//! side marks the dispute's `create_time` deprecated, one change.

use tests::{root, xtask};

const POINTER: &str = "/paths/~1v1~1disputes~1{id}/get/responses/200/content/application~1json/schema/properties/create_time";

fn case(side: &str) -> String {
    root()
        .join("tests/fixtures/diff/response-property-deprecated")
        .join(side)
        .display()
        .to_string()
}

fn deviations(name: &str, text: &str) -> tests::TempFile {
    tests::temp_file(&format!("deviations-{name}.yaml"), text)
}

fn check(deviations: &std::path::Path) -> tests::Run {
    xtask(&[
        "spec",
        "check",
        "--published",
        &case("old.yaml"),
        "--openapi",
        &case("new.yaml"),
        "--deviations",
        &deviations.display().to_string(),
    ])
}

fn entry(rule: &str, at: &str) -> String {
    format!(
        "deviations:\n  - rule: {rule}\n    at: '{at}'\n    reason: We mark it deprecated first.\n    source: observed behaviour\n"
    )
}

#[test]
fn passes_when_every_difference_is_listed_by_rule_and_pointer() {
    let file = deviations("listed", &entry("response-property-deprecated", POINTER));
    let run = check(&file);
    assert_eq!(run.status, 0, "{}{}", run.out, run.err);
    assert!(
        run.out.contains("1 difference(s) from ")
            && run.out.contains(": 1 listed in ")
            && run.out.contains("0 not listed; 0 stale pointer(s)"),
        "{}",
        run.out
    );
}

#[test]
fn a_pattern_with_wildcards_lists_the_difference_too() {
    let file = deviations(
        "wildcard",
        &entry(
            "response-property-deprecated",
            "/paths/*/get/**/create_time",
        ),
    );
    let run = check(&file);
    assert_eq!(run.status, 0, "{}{}", run.out, run.err);
}

#[test]
fn an_unlisted_difference_fails_with_its_location_rule_and_message() {
    let file = deviations("empty", "deviations: []\n");
    let run = check(&file);
    assert_eq!(run.status, 1, "{}{}", run.out, run.err);
    let expected = format!(
        "new.yaml#{POINTER}: response-property-deprecated: 200 response member `create_time` became deprecated (not in {})",
        file.display()
    );
    assert!(run.out.contains(&expected), "{}", run.out);
    assert!(run.out.contains("1 not listed"), "{}", run.out);
}

#[test]
fn the_same_pointer_under_another_rule_does_not_list_it() {
    let file = deviations(
        "other-rule",
        &entry("response-property-reactivated", POINTER),
    );
    let run = check(&file);
    assert_eq!(run.status, 1, "{}{}", run.out, run.err);
    assert!(run.out.contains("1 not listed"), "{}", run.out);
    assert!(run.out.contains("1 stale pointer(s)"), "{}", run.out);
}

#[test]
fn an_entry_that_matches_no_difference_is_stale_and_fails() {
    let text = format!(
        "{}  - rule: api-operation-id-removed\n    at: [/paths/*/*/operationId]\n    reason: ours\n    source: spec/disputes.names.yaml\n",
        entry("response-property-deprecated", POINTER)
    );
    let file = deviations("stale", &text);
    let run = check(&file);
    assert_eq!(run.status, 1, "{}{}", run.out, run.err);
    let expected = format!(
        "{}: deviation 2 (api-operation-id-removed at /paths/*/*/operationId) matches no difference any more",
        file.display()
    );
    assert!(run.out.contains(&expected), "{}", run.out);
}

#[test]
fn a_deviations_file_with_an_unknown_rule_fails_naming_the_entry() {
    let file = deviations("bad-rule", &entry("response-property-gone", POINTER));
    let run = check(&file);
    assert_eq!(run.status, 1, "{}{}", run.out, run.err);
    assert!(
        run.err
            .contains("deviation 1 (rule `response-property-gone`): no such rule"),
        "{}",
        run.err
    );
}

#[test]
fn a_lap_file_is_refused_as_either_side() {
    let lap = root().join("spec/disputes.lap").display().to_string();
    let file = deviations("lap", "deviations: []\n");
    let run = xtask(&[
        "spec",
        "check",
        "--published",
        &lap,
        "--openapi",
        &case("new.yaml"),
        "--deviations",
        &file.display().to_string(),
    ]);
    assert_eq!(run.status, 1);
    assert!(
        run.err
            .contains("a @lap file; --published compares two OpenAPI documents"),
        "{}",
        run.err
    );
}

#[test]
fn a_missing_published_file_exits_2_naming_it() {
    let run = xtask(&["spec", "check", "--published", "no-such-file.json"]);
    assert_eq!(run.status, 2, "{}{}", run.out, run.err);
    assert!(
        run.err.contains("cannot read no-such-file.json"),
        "{}",
        run.err
    );
}
