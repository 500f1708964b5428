//! `cargo xtask corpus` on the committed fixtures of `tests/fixtures/corpus/`,
//! through `xtask::run`, without network: `--no-setup` with a prepared
//! corpus directory (`api/`: tiny OpenAPI documents; `lapsh/`: what lapsh
//! 0.7.1 wrote for them, two files edited to disagree), and a stand-in
//! compiler (`canned-compiler.sh`: canned lap and warnings per document,
//! or a canned blow-up) so that each case of stage (c) is exactly the one
//! the test names. One test runs our real compile as the child process.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tests::{Run, root, xtask};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/corpus")
}

/// A fresh corpus directory holding a copy of the fixtures' `api/` and
/// `lapsh/` (the command writes its output and report into it).
fn corpus_dir(test: &str) -> tests::TempDir {
    let dir = tests::temp_dir(&format!("xtask-corpus-{test}"));
    for sub in ["api", "lapsh"] {
        std::fs::create_dir_all(dir.join(sub)).expect("temp dir");
        for entry in std::fs::read_dir(fixtures().join(sub)).expect("fixtures") {
            let path = entry.expect("fixture").path();
            let name = path.file_name().expect("a file name");
            std::fs::copy(&path, dir.join(sub).join(name)).expect("copy fixture");
        }
    }
    dir
}

struct Corpus {
    run: Run,
    report: Value,
    dir: tests::TempDir,
}

fn corpus_with(test: &str, compiler: &Path, extra: &[&str]) -> Corpus {
    let dir = corpus_dir(test);
    let dir_text = dir.display().to_string();
    let compiler = compiler.display().to_string();
    let mut args = vec![
        "corpus",
        "--no-setup",
        "--corpus-dir",
        &dir_text,
        "--compiler",
        &compiler,
        "--jobs",
        "2",
    ];
    args.extend_from_slice(extra);
    let run = xtask(&args);
    let report = std::fs::read_to_string(dir.join("report.json"))
        .unwrap_or_else(|e| panic!("no report.json ({e}): {}{}", run.out, run.err));
    let report = serde_json::from_str(&report).expect("report.json is JSON");
    Corpus { run, report, dir }
}

/// The fixtures with the canned compiler.
fn corpus(test: &str, extra: &[&str]) -> Corpus {
    corpus_with(test, &fixtures().join("canned-compiler.sh"), extra)
}

fn rule(c: &Corpus, stage: &str, rule: &str) -> (u64, u64) {
    let r = &c.report[stage]["rules"][rule];
    (
        r["differences"].as_u64().unwrap_or(0),
        r["documents"].as_u64().unwrap_or(0),
    )
}

fn failures(c: &Corpus) -> Vec<String> {
    c.report["failures"]
        .as_array()
        .expect("failures")
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["document"].as_str().unwrap_or(""),
                f["what"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn documents_that_agree_pass_with_exit_zero() {
    let c = corpus("agree", &["--only", "b-agree"]);
    assert_eq!(c.run.status, 0, "{}{}", c.run.out, c.run.err);
    assert_eq!(c.report["read"]["agree"], 1);
    assert_eq!(c.report["compile"]["faithful"], 1);
    assert!(c.run.out.contains("0 failure(s)"), "{}", c.run.out);
    assert!(c.dir.join("report.md").exists());
}

#[test]
fn a_difference_no_rule_explains_is_a_failure_with_exit_one() {
    let c = corpus("disagree", &["--only", "b-disagree"]);
    assert_eq!(c.run.status, 1, "{}", c.run.out);
    assert_eq!(c.report["read"]["fail"], 1);
    assert_eq!(
        failures(&c),
        ["b-disagree optional: lapsh [q, r], ours [q]"]
    );
    assert!(
        c.run
            .out
            .contains("FAIL b-disagree [read] GET /items: optional: lapsh [q, r], ours [q]"),
        "{}",
        c.run.out
    );
}

#[test]
fn path_parameter_added_excuses_a_path_name_lapsh_left_out() {
    let c = corpus("path-added", &["--only", "b-path-added"]);
    assert_eq!(c.run.status, 0, "{}", c.run.out);
    assert_eq!(rule(&c, "read", "PathParameterAdded"), (1, 1));
    assert_eq!(c.report["read"]["differ_by_rule"], 1);
}

#[test]
fn path_parameter_added_does_not_excuse_a_required_name_outside_the_path() {
    let c = corpus("extra-required", &["--only", "b-extra-required"]);
    assert_eq!(c.run.status, 1, "{}", c.run.out);
    assert_eq!(rule(&c, "read", "PathParameterAdded"), (0, 0));
    assert_eq!(
        failures(&c),
        ["b-extra-required required: lapsh [id], ours [id, token]"]
    );
}

#[test]
fn common_path_parameter_excuses_a_path_name_lapsh_moved_to_common_fields() {
    let c = corpus("common-path", &["--only", "b-common-path"]);
    assert_eq!(c.run.status, 0, "{}", c.run.out);
    // Six endpoints, each with `{account}` only in @common_fields.
    assert_eq!(rule(&c, "read", "CommonPathParameter"), (6, 1));
    assert_eq!(rule(&c, "read", "PathParameterAdded"), (0, 0));
}

#[test]
fn trimmed_api_name_excuses_blanks_at_the_ends_of_the_title_only() {
    let c = corpus("api-name", &["--only", "b-api-name"]);
    assert_eq!(c.run.status, 0, "{}", c.run.out);
    assert_eq!(rule(&c, "read", "TrimmedApiName"), (1, 1));
}

#[test]
fn read_only_member_excuses_a_read_only_body_member_and_nothing_else() {
    let c = corpus("read-only", &["--only", "c-read-only"]);
    assert_eq!(c.run.status, 0, "{}", c.run.out);
    assert_eq!(rule(&c, "compile", "ReadOnlyMember"), (1, 1));
    assert_eq!(c.report["compile"]["faithful"], 1);

    // `id` merged from `allOf`, not read-only, left out without a warning.
    let c = corpus("dropped-member", &["--only", "c-dropped-member"]);
    assert_eq!(c.run.status, 1, "{}", c.run.out);
    assert_eq!(rule(&c, "compile", "ReadOnlyMember"), (0, 0));
    assert_eq!(
        failures(&c),
        ["c-dropped-member the document has an optional body member `id`, our lap does not"]
    );
}

#[test]
fn default_response_excuses_the_default_response() {
    let c = corpus("default", &["--only", "c-default"]);
    assert_eq!(c.run.status, 0, "{}", c.run.out);
    assert_eq!(rule(&c, "compile", "DefaultResponse"), (1, 1));
}

#[test]
fn warned_by_compile_excuses_only_what_a_warning_names() {
    let c = corpus("warned", &["--only", "c-warned"]);
    assert_eq!(c.run.status, 0, "{}", c.run.out);
    assert_eq!(rule(&c, "compile", "WarnedByCompile"), (1, 1));
    assert_eq!(c.report["compile"]["warned"], 1);

    // The same lap without the warning.
    let c = corpus("unwarned", &["--only", "c-unwarned"]);
    assert_eq!(c.run.status, 1, "{}", c.run.out);
    assert_eq!(
        failures(&c),
        [
            "c-unwarned the document has an optional header parameter `X-Trace`, our lap an optional query parameter `X-Trace`"
        ]
    );
}

fn names(c: &Corpus) -> Vec<String> {
    c.report["documents"]["names"]
        .as_array()
        .expect("names")
        .iter()
        .filter_map(|n| n.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn the_sample_is_the_same_for_a_seed_on_every_run() {
    let sample = |test, seed| {
        corpus(
            test,
            &["--sample", "5", "--seed", seed, "--compile-timeout", "1"],
        )
    };
    let first = sample("sample-a", "7");
    let again = sample("sample-b", "7");
    assert_eq!(names(&first), names(&again));
    // Pinned: SplitMix64 and the shuffle use integer arithmetic only, so
    // these are the names on every machine.
    assert_eq!(
        names(&first),
        [
            "b-api-name",
            "c-dropped-member",
            "c-unwarned",
            "x-crash",
            "x-slow"
        ]
    );
    let other = sample("sample-c", "1");
    assert_eq!(
        names(&other),
        [
            "b-agree",
            "b-common-path",
            "b-path-added",
            "c-read-only",
            "x-oom"
        ]
    );
    assert_eq!(first.report["documents"]["openapi3"], 14);
    assert_eq!(first.report["documents"]["run"], 5);
}

#[test]
fn a_compile_blow_up_is_reported_not_crashed() {
    let c = corpus("blow-up", &["--only", "x-", "--compile-timeout", "1"]);
    // The run finished and reported every document.
    assert_eq!(c.report["documents"]["run"], 3);
    let blowups = c.report["compile"]["blowups"].as_array().expect("blowups");
    let what: Vec<(&str, &str)> = blowups
        .iter()
        .map(|b| {
            (
                b["document"].as_str().unwrap_or(""),
                b["what"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        what,
        [
            ("x-oom", "blow-up: out of its 4096 MB of memory"),
            ("x-slow", "blow-up: still running after 1 s"),
        ]
    );
    // Both documents are far below the 1 MB under which a blow-up fails.
    assert!(blowups.iter().all(|b| b["failure"] == true));
    assert_eq!(c.report["compile"]["crashed"], 1);
    assert_eq!(c.run.status, 1);
    let failed = failures(&c);
    assert!(
        failed[0].starts_with("x-crash crashed: exit status 101: thread 'main' panicked"),
        "{failed:?}"
    );
}

#[test]
fn the_report_totals_every_stage() {
    let c = corpus("totals", &["--compile-timeout", "1"]);
    assert_eq!(c.run.status, 1);
    let r = &c.report;
    assert_eq!(r["documents"]["openapi3"], 14);
    assert_eq!(r["documents"]["swagger2_skipped"], 0);
    assert_eq!(r["lapsh"]["ok"], 14);
    assert_eq!(r["lapsh"]["cached"], 14);
    assert_eq!(r["read"]["parsed"], 14);
    assert_eq!(r["read"]["errors"], 0);
    // b-disagree and b-extra-required were edited to disagree; b-path-added,
    // b-common-path and b-api-name differ by rule.
    assert_eq!(r["read"]["agree"], 9);
    assert_eq!(r["read"]["differ_by_rule"], 3);
    assert_eq!(r["read"]["fail"], 2);
    assert_eq!(r["compile"]["compiled"], 11);
    assert_eq!(r["compile"]["blowups"].as_array().map(Vec::len), Some(2));
    assert_eq!(r["compile"]["crashed"], 1);
    // The six b- documents, and c-read-only and c-default, which differ by
    // design only; c-warned differs where a warning says so.
    assert_eq!(r["compile"]["faithful"], 8);
    assert_eq!(r["compile"]["warned"], 1);
    // c-dropped-member and c-unwarned differ; x-crash crashed.
    assert_eq!(r["compile"]["failed"], 3);
    // 2 (read) + 2 (compile differences) + 1 crash + 2 small blow-ups.
    assert_eq!(r["failures"].as_array().map(Vec::len), Some(7));
    let md = std::fs::read_to_string(c.dir.join("report.md")).expect("report.md");
    assert!(md.contains("| (a) lapsh | 14 ok, 0 failed |"), "{md}");
    assert!(md.contains("## Failures (7)"), "{md}");
}

#[test]
fn the_real_compile_is_checked_in_a_child_process() {
    let child = PathBuf::from(env!("CARGO_BIN_EXE_xtask-child"));
    let c = corpus_with(
        "real",
        &child,
        &[
            "--only",
            "b-agree",
            "--only",
            "c-read-only",
            "--only",
            "c-default",
            "--only",
            "c-warned",
        ],
    );
    assert_eq!(c.run.status, 0, "{}{}", c.run.out, c.run.err);
    assert_eq!(c.report["compile"]["compiled"], 4);
    assert_eq!(rule(&c, "compile", "ReadOnlyMember"), (1, 1));
    assert_eq!(rule(&c, "compile", "DefaultResponse"), (1, 1));
    assert_eq!(rule(&c, "compile", "WarnedByCompile"), (1, 1));
    assert!(c.dir.join("check/b-agree.lap").exists());
}

#[test]
fn known_failures_are_tolerated_and_a_stale_entry_is_a_failure() {
    let known = tests::temp_file(
        "xtask-corpus-known.tsv",
        "# b-disagree lost `r`\nread\tb-disagree\toptional: lapsh [*r], ours [*]\n",
    );
    let known_text = known.display().to_string();
    let c = corpus(
        "known",
        &["--only", "b-disagree", "--known-failures", &known_text],
    );
    assert_eq!(c.run.status, 0, "{}", c.run.out);
    assert_eq!(c.report["known_failures"]["tolerated"], 1);
    assert!(
        c.run.out.contains("known failures: 1 tolerated"),
        "{}",
        c.run.out
    );

    // The same entry when the document agrees: the failure it lists is gone.
    std::fs::write(&known, "read\tb-agree\toptional: lapsh [*r], ours [*]\n")
        .expect("write known failures");
    let c = corpus(
        "stale",
        &["--only", "b-agree", "--known-failures", &known_text],
    );
    assert_eq!(c.run.status, 1, "{}", c.run.out);
    assert_eq!(
        c.report["known_failures"]["stale_lines"],
        serde_json::json!([1])
    );
    assert!(
        failures(&c)[0].contains("lists a failure that did not happen"),
        "{:?}",
        failures(&c)
    );
}
