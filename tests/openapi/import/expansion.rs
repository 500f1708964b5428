//! Documents whose `$ref`s expand exponentially: every `$ref` is inlined
//! where it is used, so schemas that refer to each other densely (OOXML,
//! AWS WAF's nested statements, Azure's gateways: found by the corpus run,
//! where `lap compile` took minutes and more than 4 GB) have more members
//! below them than memory holds. `lap compile` reads only the levels it
//! writes; a full import stops at `MAX_MEMBERS` with one warning.

use codegen::model::{Field, Type};
use codegen::openapi::import::{MAX_MEMBERS, Options, import_str, import_str_with};
use codegen::openapi::to_lap::compile;
use serde_json::json;

/// `GET /s` returns `S0`; `Si` has members `a` and `b`, both `S(i+1)`, to
/// `S(n-1)`: 2^n members below the response, from n schemas.
fn doubling(n: usize) -> String {
    let mut schemas = serde_json::Map::new();
    for i in 0..n {
        let properties = if i + 1 == n {
            json!({"leaf": {"type": "string"}})
        } else {
            let next = json!({"$ref": format!("#/components/schemas/S{}", i + 1)});
            json!({"a": next, "b": next})
        };
        schemas.insert(
            format!("S{i}"),
            json!({"type": "object", "properties": properties}),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Doubling", "version": "1"},
        "paths": {"/s": {"get": {"responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}
        }}}}},
        "components": {"schemas": schemas}
    })
    .to_string()
}

fn count(fields: &[Field]) -> usize {
    fields
        .iter()
        .map(|f| {
            1 + match &f.schema.ty {
                Type::Object(Some(members)) => count(members),
                _ => 0,
            }
        })
        .sum()
}

fn response_members(api: &codegen::model::Api) -> usize {
    count(
        api.endpoints[0].responses[0]
            .fields
            .as_deref()
            .unwrap_or_default(),
    )
}

#[test]
fn lap_compile_of_exponentially_expanding_refs_reads_only_the_levels_it_writes() {
    let compiled = compile(&doubling(60)).expect("compiles");
    let parsed = codegen::lap::parse(&compiled.lap).expect("parses back");
    // `a` and `b` at the top, then three levels of members below them, as
    // lapsh writes responses: 2 + 4 + 8 + 16.
    assert_eq!(response_members(&parsed.api), 30, "{}", compiled.lap);
    assert!(compiled.warnings.is_empty(), "{:#?}", compiled.warnings);
}

#[test]
fn member_levels_cut_objects_below_them_to_map() {
    let options = Options {
        member_levels: Some(1),
    };
    let imported = import_str_with(&doubling(10), options).expect("imports");
    let top = imported.api.endpoints[0].responses[0]
        .fields
        .as_deref()
        .expect("fields");
    assert_eq!(top.len(), 2);
    for f in top {
        let Type::Object(Some(members)) = &f.schema.ty else {
            panic!("`{}` keeps one level of members", f.name);
        };
        assert!(
            members
                .iter()
                .all(|m| matches!(m.schema.ty, Type::Object(None))),
            "the second level is `map`"
        );
    }
}

#[test]
fn a_full_import_stops_at_max_members_with_one_warning() {
    let imported = import_str(&doubling(40)).expect("imports");
    let members = response_members(&imported.api);
    assert!(
        (MAX_MEMBERS..MAX_MEMBERS + 64).contains(&members),
        "{members} members"
    );
    let cut: Vec<_> = imported
        .warnings
        .iter()
        .filter(|w| w.message.contains("members"))
        .collect();
    assert_eq!(cut.len(), 1, "{cut:#?}");
    assert!(cut[0].message.contains(&MAX_MEMBERS.to_string()));
}

/// A recursive schema reached along many paths was warned about once per
/// path (344,006 warnings for Azure's application gateways): a warning is
/// given once per place in the document.
#[test]
fn a_recursion_reached_along_many_paths_is_warned_about_once() {
    let text = doubling(12).replace(
        r#""leaf":{"type":"string"}"#,
        r##""leaf":{"$ref":"#/components/schemas/S0"}"##,
    );
    let imported = import_str(&text).expect("imports");
    let recursive: Vec<_> = imported
        .warnings
        .iter()
        .filter(|w| w.message.contains("recursive reference"))
        .collect();
    assert_eq!(recursive.len(), 1, "{recursive:#?}");
}
