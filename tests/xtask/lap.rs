//! `cargo xtask lap check|fmt` and `cargo xtask codegen`, driven in-process
//! through `xtask::run` exactly as the command line is.

use tests::{TempDir, root, temp_dir, temp_file, xtask};

fn spec() -> String {
    root().join("spec/disputes.lap").display().to_string()
}

#[test]
fn check_prints_a_summary_and_exits_zero() {
    let run = xtask(&["lap", "check", &spec()]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(
        run.out.contains(
            "Disputes 1.11 (@lap v0.3): 15 endpoints, 32 parameters, 0 types, 0 warning(s)"
        ),
        "{}",
        run.out
    );
}

#[test]
fn check_json_lists_endpoints_with_parameters_in_file_order() {
    let run = xtask(&["lap", "check", "--json", &spec()]);
    assert_eq!(run.status, 0, "{}", run.err);
    let json: serde_json::Value = serde_json::from_str(&run.out).expect("valid JSON");
    assert_eq!(json["api"], "Disputes");
    assert_eq!(json["version"], "1.11");
    let endpoints = json["endpoints"].as_array().expect("endpoints");
    assert_eq!(endpoints.len(), 15);
    let offer = &endpoints[10];
    assert_eq!(offer["method"], "POST");
    assert_eq!(offer["path"], "/v1/customer/disputes/{id}/make-offer");
    assert_eq!(
        offer["required"],
        serde_json::json!(["id", "note", "offer_type"])
    );
    assert_eq!(
        offer["optional"],
        serde_json::json!(["offer_amount", "return_shipping_address", "invoice_id"])
    );
    assert_eq!(offer["responses"], serde_json::json!(["200"]));
    assert_eq!(offer["errors"], serde_json::json!(["400", "422", "500"]));
    assert_eq!(offer["params"][2]["enum"][0], "REFUND");
    assert_eq!(offer["params"][0]["in"], "path");
}

#[test]
fn check_reports_every_error_with_location_and_exits_one() {
    let path = temp_file(
        "bad.lap",
        "@lap v0.3\n@api T\n@endpoints 2\n\n@endpoint GET /x\n@optional {a: strng}\n\n@endpoint FETCH /y\n@end\n",
    );
    let run = xtask(&["lap", "check", "--strict", &path.display().to_string()]);
    assert_eq!(run.status, 1);
    let shown = path.display().to_string();
    assert!(
        run.err
            .contains(&format!("{shown}:6:15: error: unknown type `strng`")),
        "{}",
        run.err
    );
    assert!(
        run.err
            .contains(&format!("{shown}:8:11: error: unknown HTTP method `FETCH`")),
        "{}",
        run.err
    );
    assert!(run.err.contains("3 error(s)"), "{}", run.err);
}

#[test]
fn check_of_a_missing_file_names_it_and_exits_two() {
    let run = xtask(&["lap", "check", "/nonexistent/spec.lap"]);
    assert_eq!(run.status, 2);
    assert!(
        run.err.contains("cannot read /nonexistent/spec.lap"),
        "{}",
        run.err
    );
}

#[test]
fn fmt_check_fails_with_a_diff_on_a_non_canonical_file_and_fmt_fixes_it() {
    let messy = "@lap v0.3\n@api T\n@endpoints 1\n@endpoint get /x\n@optional {b: int=1, a: str   # note }\n@required {id: str}\n@returns(200)   ok\n@end\n";
    let path = temp_file("messy.lap", messy);
    let shown = path.display().to_string();
    let check = xtask(&["lap", "fmt", "--check", &shown]);
    assert_eq!(check.status, 1);
    assert!(check.err.contains("-@endpoint get /x"), "{}", check.err);
    assert!(check.err.contains("+@endpoint GET /x"), "{}", check.err);
    assert!(
        check
            .err
            .contains(&format!("run `cargo xtask lap fmt {shown}`")),
        "{}",
        check.err
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        messy,
        "--check writes nothing"
    );

    let fix = xtask(&["lap", "fmt", &shown]);
    assert_eq!(fix.status, 0, "{}", fix.err);
    let fixed = std::fs::read_to_string(&path).expect("read");
    assert!(
        fixed.contains("@required {id: str}\n@optional {b: int=1, a: str # note}\n"),
        "{fixed}"
    );
    assert_eq!(xtask(&["lap", "fmt", "--check", &shown]).status, 0);
}

#[test]
fn codegen_check_passes_on_the_committed_spec_and_summarises_it() {
    let run = xtask(&["codegen", "--check"]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.contains("codegen: 15 operations, "), "{}", run.out);
    assert!(
        run.out.contains("0 file(s) written, 5 unchanged"),
        "{}",
        run.out
    );
}

#[test]
fn codegen_help_says_it_generates_the_client() {
    let run = xtask(&["--help"]);
    assert_eq!(run.status, 0, "{}", run.err);
    let line = run
        .out
        .lines()
        .find(|l| l.trim_start().starts_with("codegen "))
        .unwrap_or_else(|| panic!("no codegen line in {}", run.out));
    assert!(line.contains("disputes-api"), "{line}");
    assert!(!line.contains("later"), "{line}");
}

/// A copy of `spec/` in a temporary workspace root.
fn spec_copy(name: &str) -> TempDir {
    let dir = temp_dir(&format!("xtask-codegen-{name}"));
    std::fs::create_dir_all(dir.join("spec")).expect("temp spec dir");
    for entry in std::fs::read_dir(root().join("spec"))
        .expect("spec dir")
        .flatten()
    {
        std::fs::copy(entry.path(), dir.join("spec").join(entry.file_name())).expect("copy");
    }
    dir
}

#[test]
fn codegen_check_reports_a_stale_document_with_a_diff_and_the_command() {
    let dir = spec_copy("stale");
    let lap = dir.join("spec/disputes.lap");
    let text = std::fs::read_to_string(&lap).expect("read").replace(
        "Limits the number of disputes in the response to this value.",
        "Limits how many disputes one page holds.",
    );
    std::fs::write(&lap, text).expect("write");
    let root_arg = dir.display().to_string();
    let run = xtask(&["codegen", "--check", "--root", &root_arg]);
    assert_eq!(run.status, 1, "{}", run.out);
    assert!(
        run.err.contains("spec/disputes.openapi.json is stale"),
        "{}",
        run.err
    );
    let diff_line = |sign: char, text: &str| {
        run.err
            .lines()
            .any(|l| l.starts_with(sign) && l.contains(text))
    };
    assert!(
        diff_line(
            '-',
            "Limits the number of disputes in the response to this value."
        ),
        "{}",
        run.err
    );
    assert!(
        diff_line('+', "Limits how many disputes one page holds."),
        "{}",
        run.err
    );
    assert!(
        run.err
            .contains("disputes-api/src/generated/client.rs is stale"),
        "generated code is checked too: {}",
        run.err
    );
    assert!(
        run.err.contains("run `cargo xtask codegen` to update it"),
        "{}",
        run.err
    );
    let write = xtask(&["codegen", "--root", &root_arg]);
    assert_eq!(write.status, 0, "{}", write.err);
    assert!(
        write.out.contains("wrote spec/disputes.openapi.json"),
        "{}",
        write.out
    );
    assert!(
        write
            .out
            .contains("wrote disputes-api/src/generated/client.rs"),
        "{}",
        write.out
    );
    assert_eq!(
        xtask(&["codegen", "--check", "--root", &root_arg]).status,
        0
    );
}

#[test]
fn codegen_names_the_failing_stage_and_location() {
    let dir = spec_copy("broken");
    let lap = dir.join("spec/disputes.lap");
    let text = std::fs::read_to_string(&lap).expect("read").replace(
        "@endpoint GET /v1/customer/disputes\n",
        "@endpoint GTE /v1/customer/disputes\n",
    );
    std::fs::write(&lap, text).expect("write");
    let run = xtask(&["codegen", "--root", &dir.display().to_string()]);
    assert_eq!(run.status, 1);
    assert!(
        run.err
            .contains("disputes.lap:10:11: error: unknown HTTP method `GTE`"),
        "{}",
        run.err
    );
    assert!(run.err.contains("stage `lap parse` failed"), "{}", run.err);

    let dir = spec_copy("overlay");
    std::fs::write(
        dir.join("spec/disputes.overlay.yaml"),
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.nothing.here\n    update: {a: 1}\n",
    )
    .expect("write");
    let run = xtask(&["codegen", "--root", &dir.display().to_string()]);
    assert_eq!(run.status, 1);
    assert!(run.err.contains("stage `overlay`: spec/disputes.overlay.yaml: action 1 (target `$.nothing.here`): selects nothing"), "{}", run.err);

    // An export error names the lap file before its line and column.
    let dir = spec_copy("export");
    let lap = dir.join("spec/disputes.lap");
    let text = std::fs::read_to_string(&lap)
        .expect("read")
        .replace("@desc Provide evidence\n", "@desc Show dispute details\n");
    std::fs::write(&lap, text).expect("write");
    let run = xtask(&["codegen", "--root", &dir.display().to_string()]);
    assert_eq!(run.status, 1, "{}", run.err);
    assert!(
        run.err
            .contains("codegen: stage `openapi export`: spec/disputes.lap:29:1:"),
        "{}",
        run.err
    );
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let run = xtask(&["lap", "frobnicate"]);
    assert_eq!(run.status, 2);
    assert!(run.err.contains("frobnicate"), "{}", run.err);
}

#[test]
fn compile_writes_lap_to_stdout_or_a_file_and_warnings_with_pointers_to_stderr() {
    let fixture = root().join("tests/fixtures/openapi/constructs.yaml");
    let fixture = fixture.display().to_string();
    let run = xtask(&["lap", "compile", &fixture]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.starts_with("@lap v0.3\n"), "{}", run.out);
    assert!(run.out.ends_with("@end\n"));
    assert!(
        run.err.contains(&format!(
            "{fixture}#/paths/~1orders/get/parameters/2: warning: cookie parameter `session`"
        )),
        "{}",
        run.err
    );
    let out = temp_file("compiled.lap", "");
    let out_shown = out.display().to_string();
    let run = xtask(&["lap", "compile", &fixture, "-o", &out_shown]);
    assert_eq!(run.status, 0, "{}", run.err);
    assert!(run.out.is_empty());
    assert!(run.err.contains("4 endpoints"), "{}", run.err);
    let written = std::fs::read_to_string(&out).expect("written");
    let check = xtask(&["lap", "check", &out_shown]);
    assert_eq!(
        check.status, 0,
        "the compiled file parses: {}{written}",
        check.err
    );
}

#[test]
fn compile_rejects_a_file_that_is_not_openapi_with_its_location() {
    let bad = temp_file("swagger.yaml", "swagger: \"2.0\"\ninfo: {}\n");
    let shown = bad.display().to_string();
    let run = xtask(&["lap", "compile", &shown]);
    assert_eq!(run.status, 1);
    assert!(
        run.err
            .contains(&format!("{shown}:#/swagger: Swagger 2.0 is not supported")),
        "{}",
        run.err
    );
}

/// Every command that reads OpenAPI refuses a document nested too deep with
/// its exit status for bad input (1; `diff` keeps 2, its status for an
/// unreadable side) and `file:line:column:` what and how to fix, for JSON one level
/// past `MAX_DEPTH` and for 100,000-deep JSON and YAML text; `lap compile`,
/// which reads three levels of members, compiles the first.
#[test]
fn every_command_that_reads_openapi_refuses_too_deep_documents_with_their_position() {
    use codegen::model::MAX_DEPTH;
    use tests::deep::{Nesting, nested, on_main_thread_stack};
    let deep_yaml = format!(
        "openapi: 3.0.0\nx: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let cases = [
        (
            "past.json",
            nested(MAX_DEPTH + 1, Nesting::Properties),
            ":4:",
            "types nest deeper than 128 levels here",
        ),
        (
            "deep.json",
            nested(100_000, Nesting::Items),
            ":4:",
            "the JSON text nests deeper than",
        ),
        (
            "deep.yaml",
            deep_yaml,
            ":2:",
            "convert the document to JSON",
        ),
    ];
    for (name, text, at, what) in cases {
        let file = temp_file(name, &text);
        let path = file.display().to_string();
        let lap = spec();
        let commands: [(i32, Vec<String>); 3] = [
            (1, vec!["lap".into(), "compile".into(), path.clone()]),
            (2, vec!["diff".into(), path.clone(), path.clone()]),
            (
                1,
                vec![
                    "spec".into(),
                    "check".into(),
                    "--openapi".into(),
                    path.clone(),
                    "--lap".into(),
                    lap,
                ],
            ),
        ];
        for (status, args) in commands {
            let compile = args[0] == "lap";
            let run = on_main_thread_stack(move || {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                xtask(&args)
            });
            // `lap compile` reads only the member levels it writes, so a
            // schema too deep for the model is no error there: its text is
            // as lapsh would write it, `map` from the fourth level down.
            if name == "past.json" && compile {
                assert_eq!(run.status, 0, "{name}: {}", run.err);
                continue;
            }
            assert_eq!(run.status, status, "{name}: {}", run.err);
            let expected = format!("{path}{at}");
            assert!(run.err.contains(&expected), "{name}: {}", run.err);
            assert!(run.err.contains(what), "{name}: {}", run.err);
        }
    }
}
