//! Every walk over the model (lap printer, OpenAPI export, `spec check`,
//! diff) is bounded by the readers' limit, `MAX_DEPTH`: a model exactly
//! that deep, read through the public import, goes through all of them on
//! a bounded stack, and our own export of it imports back.

use codegen::diff;
use codegen::model::MAX_DEPTH;
use codegen::openapi::export::export;
use codegen::openapi::import::{ImportError, import_str};
use codegen::openapi::names::Names;
use tests::deep::{Nesting, nested, on_main_thread_stack};

#[test]
fn a_model_max_depth_deep_goes_through_print_export_spec_check_and_diff() {
    on_main_thread_stack(|| {
        let text = nested(MAX_DEPTH, Nesting::Both);
        let api = import_str(&text).expect("imports").api;

        let lap = codegen::lap::print(&api);
        let reparsed = codegen::lap::parse(&lap).expect("printed lap parses").api;
        assert_eq!(
            reparsed.without_origins(),
            api.without_origins(),
            "print then parse"
        );

        let exported = export(&api, &Names::default()).expect("exports");
        let json = serde_json::to_string_pretty(&exported.document).expect("serialises");
        let document = codegen::openapi::import::parse_document(&json).expect("reads back");
        let back = codegen::openapi::import::import_document(&json, &document)
            .expect("our export imports back")
            .api;
        assert_eq!(
            back.endpoints[0].responses, api.endpoints[0].responses,
            "export then import"
        );

        let found = codegen::diff::agreement::compare(&api, &back, &document);
        assert!(found.is_empty(), "{found:?}");

        let old = diff::load("deep.json", &text).expect("loads");
        let new = diff::load("deep.lap", &lap).expect("loads");
        for (a, b) in [(&old, &old), (&old, &new), (&new, &new)] {
            let report = diff::diff(a, b);
            let _ = diff::render::text(&report, false);
            let _ = diff::render::json(&report);
        }
        let mut changed = text.replacen(r#""type": "string""#, r#""type": "integer""#, 1);
        changed.push('\n');
        let changed = diff::load("changed.json", &changed).expect("loads");
        let report = diff::diff(&old, &changed);
        assert_eq!(
            report.changes.len(),
            1,
            "{}",
            diff::render::text(&report, false)
        );
    });
}

#[test]
fn diff_of_a_document_one_level_past_max_depth_is_a_load_error_at_its_position() {
    let text = nested(MAX_DEPTH + 1, Nesting::Both);
    let err = on_main_thread_stack(move || diff::load("deep.json", &text).expect_err("too deep"));
    let diff::LoadError::OpenApi { error, .. } = &err else {
        panic!("{err}");
    };
    assert!(
        matches!(
            error,
            ImportError::TooDeep {
                position: Some(_),
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().starts_with("deep.json:4:"), "{err}");
}

#[test]
fn diff_of_a_recursive_lap_type_with_itself_ends() {
    let lap = tests::lap_doc(
        "@type Node {next: Node, name: str}\n\n@endpoint GET /a\n@returns(200) {node: Node}",
    );
    let report = on_main_thread_stack(move || {
        let spec = diff::load("rec.lap", &lap).expect("loads");
        diff::diff(&spec, &spec).changes.len()
    });
    assert_eq!(report, 0);
}
