//! Nesting: every document imports or is refused with an error that says
//! where, never overflows the stack, and never loses members silently.
//! Each import runs on a bounded stack (`tests::deep::MAIN_THREAD_STACK`).

use codegen::model::{MAX_DEPTH, Type};
use codegen::openapi::import::{ImportError, TEXT_DEPTH, import_str};
use tests::deep::{Nesting, chain, nested, on_main_thread_stack};

/// Imports on a bounded stack; `Ok` with the innermost level reached.
fn import_depth(text: String) -> Result<usize, ImportError> {
    on_main_thread_stack(move || {
        let imported = import_str(&text)?;
        let m1 = &imported.api.endpoints[0].responses[0]
            .fields
            .as_ref()
            .expect("fields")[0];
        let mut levels = 1;
        let mut schema = &m1.schema;
        loop {
            schema = match &schema.ty {
                Type::Object(Some(members)) => &members[0].schema,
                Type::Array(item) => item,
                _ => break,
            };
            levels += 1;
        }
        Ok(levels)
    })
}

#[test]
fn nesting_of_exactly_max_depth_levels_imports_in_full() {
    for nesting in [Nesting::Properties, Nesting::Items, Nesting::Both] {
        let levels =
            import_depth(nested(MAX_DEPTH, nesting)).unwrap_or_else(|e| panic!("{nesting:?}: {e}"));
        assert_eq!(levels, MAX_DEPTH, "{nesting:?}");
    }
}

#[test]
fn nesting_one_level_past_max_depth_is_an_error_at_its_pointer_line_and_column() {
    let err = import_depth(nested(MAX_DEPTH + 1, Nesting::Properties)).expect_err("too deep");
    let ImportError::TooDeep { pointer, position } = &err else {
        panic!("not TooDeep: {err}");
    };
    let members: String = (2..=MAX_DEPTH + 1)
        .map(|i| format!("/properties/m{i}"))
        .collect();
    assert_eq!(
        *pointer,
        format!(
            "/paths/~1deep/get/responses/200/content/application~1json/schema/properties/m1{members}"
        )
    );
    let (line, column) = position.expect("JSON text has positions");
    assert_eq!(line, 4, "{err}");
    assert!(column > 1000, "{err}");
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{line}:{column}: #/paths/~1deep/")),
        "{shown}"
    );
    assert!(
        shown.contains("types nest deeper than 128 levels here"),
        "{shown}"
    );

    let err = import_depth(nested(MAX_DEPTH + 1, Nesting::Items)).expect_err("too deep");
    let ImportError::TooDeep { pointer, .. } = &err else {
        panic!("not TooDeep: {err}");
    };
    assert!(pointer.ends_with(&"/items".repeat(MAX_DEPTH)), "{pointer}");
}

#[test]
fn import_of_a_100000_deep_json_document_is_an_error_not_a_crash() {
    for nesting in [Nesting::Properties, Nesting::Items] {
        let err = import_depth(nested(100_000, nesting)).expect_err("too deep");
        let ImportError::TextTooDeep {
            format,
            line,
            limit,
            ..
        } = err
        else {
            panic!("{nesting:?}: not TextTooDeep: {err}");
        };
        assert_eq!((format, line, limit), ("JSON", 4, TEXT_DEPTH), "{err}");
        assert!(err.to_string().contains("nests deeper than"), "{err}");
    }
    // Not an OpenAPI document at all: the text limit comes first.
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = format!("{{\"openapi\": \"3.0.0\", \"x\": {text}}}");
    let err = on_main_thread_stack(move || import_str(&text).expect_err("too deep"));
    assert!(
        err.to_string().starts_with(&format!(
            "1:{}: the JSON text nests deeper",
            26 + TEXT_DEPTH
        )),
        "{err}"
    );
}

#[test]
fn import_of_a_100000_deep_yaml_document_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let flow = format!("openapi: 3.0.0\nx: {deep}\n");
    let mut block = String::from("openapi: 3.0.0\npaths:\n");
    for level in 0..200 {
        block.push_str(&" ".repeat(level + 1));
        block.push_str("a:\n");
    }
    for text in [flow, block] {
        let err = on_main_thread_stack(move || import_str(&text).expect_err("too deep"));
        let shown = err.to_string();
        assert!(
            matches!(err, ImportError::TextTooDeep { format: "YAML", limit: 128, line, .. } if line > 1),
            "{shown}"
        );
        assert!(shown.contains("convert the document to JSON"), "{shown}");
    }
}

#[test]
fn a_chain_of_10000_distinct_refs_is_an_error_where_it_crosses_max_depth() {
    let text = chain(10_000, |_, next| {
        format!(r#"{{"type": "object", "properties": {{"next": {next}}}}}"#)
    });
    let err = import_depth(text).expect_err("too deep");
    let ImportError::TooDeep { pointer, position } = &err else {
        panic!("not TooDeep: {err}");
    };
    // `m1` is A0 at level 1, so A127 is level 128 and its member is 129.
    assert_eq!(pointer, "/components/schemas/A127/properties/next");
    assert_eq!(position.map(|(line, _)| line), Some(5 + 127), "{err}");
}

#[test]
fn chains_of_10000_refs_alloffs_and_oneofs_that_do_not_nest_import_in_full() {
    // `$ref` to `$ref` to ... a string.
    let aliases = chain(10_000, |_, next| next.to_owned());
    assert_eq!(import_depth(aliases).expect("imports"), 1);
    // A lone `oneOf` alternative is the schema itself.
    let alternatives = chain(10_000, |_, next| format!(r#"{{"oneOf": [{next}]}}"#));
    assert_eq!(import_depth(alternatives).expect("imports"), 1);
    // Each `allOf` adds one member to one object: nothing nests, nothing is lost.
    let text = chain(10_000, |i, next| {
        format!(
            r#"{{"type": "object", "allOf": [{next}], "properties": {{"p{i}": {{"type": "integer"}}}}}}"#
        )
    });
    let members = on_main_thread_stack(move || {
        let imported = import_str(&text).expect("imports");
        let m1 = &imported.api.endpoints[0].responses[0]
            .fields
            .as_ref()
            .expect("fields")[0];
        match &m1.schema.ty {
            Type::Object(Some(members)) => members.len(),
            other => panic!("not an object: {other:?}"),
        }
    });
    assert_eq!(members, 10_000);
}

#[test]
fn recursion_through_long_chains_is_still_cut_to_map() {
    // A0 -> A1 -> ... -> A999 -> A0, through members.
    let mut text = chain(1_000, |_, next| {
        format!(r#"{{"type": "object", "properties": {{"next": {next}}}}}"#)
    });
    text = text.replace(
        r#""A1000": {"type": "string"}"#,
        r##""A1000": {"$ref": "#/components/schemas/A0"}"##,
    );
    // 1,000 levels before the cycle closes: the depth error comes first.
    assert!(matches!(
        import_depth(text),
        Err(ImportError::TooDeep { .. })
    ));
    // The same cycle in 100 links closes within the limit and is cut.
    let text = chain(100, |_, next| {
        format!(r#"{{"type": "object", "properties": {{"next": {next}}}}}"#)
    })
    .replace(
        r#""A100": {"type": "string"}"#,
        r##""A100": {"$ref": "#/components/schemas/A0"}"##,
    );
    let levels = import_depth(text).expect("imports");
    assert_eq!(levels, 101, "A0 to A99, then A0 again as `map`");
    // A cycle of aliases and one of `allOf`s end too.
    for link in [
        r##"{"$ref": "#/components/schemas/A0"}"##,
        r##"{"allOf": [{"$ref": "#/components/schemas/A0"}]}"##,
    ] {
        let text = chain(1_000, |_, next| next.to_owned()).replace(
            r#""A1000": {"type": "string"}"#,
            &format!(r#""A1000": {link}"#),
        );
        import_depth(text).expect("imports");
    }
}
