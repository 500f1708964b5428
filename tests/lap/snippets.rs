//! Tricky lap snippets, each proving one rule of the grammar
//! (`docs/lap-grammar.md`).

use codegen::model::{ApiKeyLocation, AuthScheme, Field, ParamLocation, StatusCode, Type};
use tests::{lap_doc, parse_ok};

/// Parses one endpoint block and returns its parameters' fields.
fn params(block: &str) -> Vec<Field> {
    let parsed = parse_ok(&lap_doc(block));
    parsed.api.endpoints[0]
        .params
        .iter()
        .map(|p| p.field.clone())
        .collect()
}

fn desc(f: &Field) -> &str {
    f.description.as_deref().unwrap_or("<none>")
}

#[test]
fn comma_in_comment_before_text_that_is_not_a_field_stays_in_the_comment() {
    let f = params("@endpoint GET /x\n@optional {a: str # pass it like, b: str here}");
    assert_eq!(f.len(), 1);
    assert_eq!(desc(&f[0]), "pass it like, b: str here");
}

#[test]
fn comma_in_comment_before_a_real_field_separates_fields() {
    let f = params("@endpoint GET /x\n@optional {a: str # first, b: int # second, with comma}");
    assert_eq!(f.len(), 2);
    assert_eq!(desc(&f[0]), "first");
    assert_eq!(f[1].name, "b");
    assert_eq!(desc(&f[1]), "second, with comma");
}

#[test]
fn default_may_contain_spaces_and_ends_at_the_comment() {
    let f = params(
        "@endpoint GET /x\n@optional {start_time: str=Current date and time # When, roughly., n: int=10}",
    );
    assert_eq!(
        f[0].default.as_ref().map(|d| d.text()),
        Some("Current date and time")
    );
    assert_eq!(desc(&f[0]), "When, roughly.");
    assert_eq!(f[1].default.as_ref().map(|d| d.text()), Some("10"));
}

#[test]
fn default_may_contain_a_comma_and_a_hash_without_space() {
    let f = params("@endpoint GET /x\n@optional {sep: str=a,b, color: str=#fff}");
    assert_eq!(f[0].default.as_ref().map(|d| d.text()), Some("a,b"));
    assert_eq!(f[1].default.as_ref().map(|d| d.text()), Some("#fff"));
}

#[test]
fn comments_may_hold_markdown_links_code_spans_braces_brackets_and_colons() {
    let f = params(
        "@endpoint GET /x\n@optional {a: str # See [the docs](https://x.example/{id}#frag): use `{a: 1}` or [x], b: bool}",
    );
    assert_eq!(f.len(), 2);
    assert_eq!(
        desc(&f[0]),
        "See [the docs](https://x.example/{id}#frag): use `{a: 1}` or [x]"
    );
    assert_eq!(f[1].schema.ty, Type::Boolean);
}

#[test]
fn unbalanced_brace_in_a_comment_does_not_swallow_the_next_endpoint() {
    let parsed = parse_ok(&lap_doc(
        "@endpoint GET /a\n@optional {q: str # opens { but never closes}\n@returns(200) ok\n\n@endpoint GET /b\n@returns(200) fine",
    ));
    let eps = &parsed.api.endpoints;
    assert_eq!(eps.len(), 2);
    assert_eq!(
        eps[0].params[0].field.description.as_deref(),
        Some("opens { but never closes")
    );
    assert_eq!(eps[1].path, "/b");
    assert_eq!(eps[0].responses[0].description.as_deref(), Some("ok"));
}

#[test]
fn closing_brace_inside_a_comment_does_not_end_the_list() {
    let f = params("@endpoint GET /x\n@optional {a: str # a } inside, b: int}");
    assert_eq!(f.len(), 2);
    assert_eq!(desc(&f[0]), "a } inside");
}

#[test]
fn enum_versus_format_rule() {
    let f = params(
        "@endpoint GET /x\n@optional {a: str(A/B/C), b: str(date-time), c: str(ipv6/128), d: int(1/2/3), e: str(uri)(X/Y), f: str(id:asc/id:desc), g: enum(on/off), h: str()(ONLY), i: str(in progress/done)}",
    );
    let e = |i: usize| f[i].schema.enum_values().to_vec();
    let fmt = |i: usize| f[i].schema.format().map(str::to_owned);
    assert_eq!(
        (e(0), fmt(0)),
        (vec!["A".into(), "B".into(), "C".into()], None)
    );
    assert_eq!((e(1), fmt(1)), (vec![], Some("date-time".into())));
    assert_eq!(
        (e(2), fmt(2)),
        (vec![], Some("ipv6/128".into())),
        "mixed digits stay a format"
    );
    assert_eq!(e(3), ["1", "2", "3"], "all-digit parts are an enum");
    assert_eq!(
        (e(4), fmt(4)),
        (vec!["X".into(), "Y".into()], Some("uri".into()))
    );
    assert_eq!(
        (e(5), fmt(5)),
        (vec![], Some("id:asc/id:desc".into())),
        "colons make a format"
    );
    assert_eq!(
        (e(6), f[6].schema.ty.clone()),
        (vec!["on".into(), "off".into()], Type::String)
    );
    assert_eq!(
        (e(7), fmt(7)),
        (vec!["ONLY".into()], None),
        "an empty first group forces an enum"
    );
    assert_eq!(e(8), ["in progress", "done"]);
}

#[test]
fn nested_objects_to_any_depth_with_required_members() {
    let f = params("@endpoint POST /x\n@required {a: map{b!: str, c: [map{d: map{e!: [int]}}]}}");
    let Type::Object(Some(a)) = &f[0].schema.ty else {
        panic!("a is an object")
    };
    assert!(a[0].required && !a[1].required);
    let Type::Array(item) = &a[1].schema.ty else {
        panic!("c is a list")
    };
    let Type::Object(Some(c)) = &item.ty else {
        panic!("c's items are objects")
    };
    let Type::Object(Some(d)) = &c[0].schema.ty else {
        panic!("d is an object")
    };
    assert_eq!(d[0].name, "e");
    assert!(d[0].required);
    assert_eq!(
        d[0].schema.ty,
        Type::Array(std::sync::Arc::new(codegen::model::Schema::of(
            Type::Integer
        )))
    );
}

#[test]
fn nullable_marks_on_scalars_lists_and_objects() {
    let f = params(
        "@endpoint GET /x\n@optional {a: str?, b: [str]?, c: [str?], d: map?{x: int}, e: map{x: int}?, f: int?=5}",
    );
    assert!(f[0].schema.nullable);
    assert!(f[1].schema.nullable);
    let Type::Array(item) = &f[2].schema.ty else {
        panic!("list")
    };
    assert!(item.nullable && !f[2].schema.nullable);
    assert!(f[3].schema.nullable && f[4].schema.nullable);
    assert!(f[5].schema.nullable);
    assert_eq!(f[5].default.as_ref().map(|d| d.text()), Some("5"));
}

#[test]
fn lists_may_span_several_lines() {
    let f =
        params("@endpoint POST /x\n@required {\n  a: str # first,\n  b: map{\n    c: int\n  }\n}");
    assert_eq!(f.len(), 2);
    assert_eq!(desc(&f[0]), "first");
}

#[test]
fn field_names_may_hold_dots_colons_dashes_and_dollars() {
    let f = params(
        "@endpoint GET /x\n@optional {header:X-Request-Id: str, a.b: int, $top: int, page-size: int}",
    );
    let names: Vec<&str> = f.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["header:X-Request-Id", "a.b", "$top", "page-size"]);
}

#[test]
fn parameter_locations_are_recovered_from_path_and_method() {
    let parsed = parse_ok(&lap_doc(
        "@endpoint GET /a/{id}\n@required {id: str}\n@optional {q: str}\n\n@endpoint DELETE /a/{id}\n@required {id: str, force: bool}\n\n@endpoint PATCH /a/{id}\n@required {id: str, op: str}\n\n@endpoint POST /a\n@optional {note: str}",
    ));
    let locs: Vec<Vec<ParamLocation>> = parsed
        .api
        .endpoints
        .iter()
        .map(|e| e.params.iter().map(|p| p.location).collect())
        .collect();
    use ParamLocation::*;
    assert_eq!(
        locs,
        vec![
            vec![Path, Query],
            vec![Path, Query],
            vec![Path, Body],
            vec![Body]
        ]
    );
}

#[test]
fn required_parameters_come_first_whatever_the_block_order() {
    let f = params("@endpoint GET /x\n@optional {o: str}\n@required {r: str}");
    assert_eq!(
        f.iter()
            .map(|f| (f.name.as_str(), f.required))
            .collect::<Vec<_>>(),
        [("r", true), ("o", false)]
    );
}

#[test]
fn errors_texts_may_contain_commas_and_colons_and_name_a_type() {
    let parsed = parse_ok(&lap_doc(
        "@endpoint GET /x\n@errors {400: Bad, really bad, 404: Not found: gone, 409:Conflict: Already there., 500, 5XX: Server, default: Other}",
    ));
    let errs = &parsed.api.endpoints[0].errors;
    let got: Vec<(String, Option<&str>, Option<&str>)> = errs
        .iter()
        .map(|e| {
            (
                e.status.to_string(),
                e.error_type.as_deref(),
                e.description.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("400".to_owned(), None, Some("Bad, really bad")),
            ("404".to_owned(), None, Some("Not found: gone")),
            ("409".to_owned(), Some("Conflict"), Some("Already there.")),
            ("500".to_owned(), None, None),
            ("5XX".to_owned(), None, Some("Server")),
            ("default".to_owned(), None, Some("Other")),
        ]
    );
}

#[test]
fn returns_with_fields_plain_text_or_nothing() {
    let parsed = parse_ok(&lap_doc(
        "@endpoint GET /x\n@returns(200) {a: str # c, with } brace} # The list.\n@returns(201) Created it.\n@returns(204)\n@returns(4XX) {}",
    ));
    let r = &parsed.api.endpoints[0].responses;
    assert_eq!(r[0].status, StatusCode::Code(200));
    let fields = r[0].fields.as_ref().expect("fields");
    assert_eq!(fields[0].description.as_deref(), Some("c, with } brace"));
    assert_eq!(r[0].description.as_deref(), Some("The list."));
    assert_eq!(
        (r[1].fields.as_ref(), r[1].description.as_deref()),
        (None, Some("Created it."))
    );
    assert_eq!(
        (r[2].fields.as_ref(), r[2].description.as_deref()),
        (None, None)
    );
    assert_eq!(
        (r[3].status, r[3].fields.as_ref().map(Vec::len)),
        (StatusCode::Range(4), Some(0))
    );
}

#[test]
fn types_groups_common_fields_and_body_references() {
    let source = "@lap v0.2\n@api Shop\n@auth ApiKey api_key in header | OAuth2\n@common_fields {trace: str # Correlation id.}\n@endpoints 2\n@hint download_for_search\n@toc orders(2)\n\n@type Order {id!: str, lines: [Line]}\n@type Line {sku: str, qty: int}\n\n@group orders\n@endpoint POST /orders\n@auth Bearer\n@body → Order\n@returns(201) {id: str}\n\n@endpoint GET /orders/{id}\n@required {id: str}\n@returns(200) {order: Order}\n@endgroup\n\n@end\n";
    let parsed = parse_ok(source);
    let api = &parsed.api;
    assert_eq!(parsed.lap_version, codegen::lap::LapVersion::V0_2);
    assert_eq!(
        api.auth,
        vec![
            AuthScheme::ApiKey {
                name: "api_key".into(),
                location: ApiKeyLocation::Header
            },
            AuthScheme::OAuth2
        ]
    );
    assert_eq!(api.common_fields[0].name, "trace");
    assert_eq!(api.hints, ["download_for_search"]);
    assert_eq!(
        api.types
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        ["Order", "Line"]
    );
    let Type::Array(item) = &api.types[0].fields[1].schema.ty else {
        panic!("lines is a list")
    };
    assert_eq!(item.ty, Type::Named("Line".into()));
    assert_eq!(api.endpoints[0].details.body_type.as_deref(), Some("Order"));
    assert_eq!(
        api.endpoints[0].details.auth,
        Some(vec![AuthScheme::Bearer])
    );
    assert!(
        api.endpoints
            .iter()
            .all(|e| e.group.as_deref() == Some("orders"))
    );
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn unknown_directives_are_kept_and_warned_about() {
    let parsed = parse_ok(&lap_doc(
        "@deprecated_since 2.0\n@endpoint GET /x\n@rate_limit 10/s\n@returns(200) ok",
    ));
    assert_eq!(parsed.api.extensions[0].name, "deprecated_since");
    assert_eq!(parsed.api.endpoints[0].details.extensions[0].value, "10/s");
    assert_eq!(parsed.warnings.len(), 2);
    assert!(
        parsed.warnings[1]
            .message
            .contains("unknown directive `@rate_limit`")
    );
    let printed = codegen::lap::print(&parsed.api);
    assert!(printed.contains("@rate_limit 10/s\n"), "{printed}");
}

#[test]
fn stale_toc_is_a_warning_naming_both_tables() {
    let parsed =
        parse_ok("@lap v0.3\n@api T\n@endpoints 1\n@toc users(3)\n@endpoint GET /v1/items\n@end\n");
    assert_eq!(parsed.warnings.len(), 1);
    assert!(parsed.warnings[0].message.contains("`@toc users(3)`"));
    assert!(parsed.warnings[0].message.contains("`items(1)`"));
}

#[test]
fn crlf_line_endings_and_comment_lines_are_accepted() {
    let source = lap_doc(
        "# a comment line\n@endpoint GET /x/{id}\n@required {id: str # The id.}\n@returns(200) ok",
    )
    .replace('\n', "\r\n");
    let parsed = parse_ok(&source);
    assert_eq!(
        parsed.api.endpoints[0].params[0]
            .field
            .description
            .as_deref(),
        Some("The id.")
    );
    assert_eq!(
        parsed.api.endpoints[0].responses[0].description.as_deref(),
        Some("ok")
    );
}

#[test]
fn other_auth_texts_are_kept_verbatim() {
    let parsed = parse_ok(
        "@lap v0.3\n@api T\n@auth Bearer (inferred from docs) | ApiKey header:X-Api-Key\n@endpoints 0\n@end\n",
    );
    assert_eq!(
        parsed.api.auth,
        vec![
            AuthScheme::Other("Bearer (inferred from docs)".into()),
            AuthScheme::ApiKey {
                name: "X-Api-Key".into(),
                location: ApiKeyLocation::Header
            },
        ]
    );
}

#[test]
fn plain_returns_text_starting_with_hash_or_brace_survives_printing() {
    let parsed = parse_ok(&lap_doc(
        "@endpoint GET /x\n@returns(200) # #tag\n@returns(201) # {not fields}\n@returns(202) #tag",
    ));
    let descs: Vec<Option<&str>> = parsed.api.endpoints[0]
        .responses
        .iter()
        .map(|r| r.description.as_deref())
        .collect();
    assert_eq!(descs, [Some("#tag"), Some("{not fields}"), Some("#tag")]);
    let printed = codegen::lap::print(&parsed.api);
    assert_eq!(
        parse_ok(&printed).api.without_origins(),
        parsed.api.without_origins(),
        "{printed}"
    );
}

#[test]
fn toc_names_may_hold_commas_and_a_malformed_toc_is_only_a_warning() {
    let parsed =
        parse_ok("@lap v0.3\n@api T\n@endpoints 1\n@toc ,v1(1)\n@endpoint GET /,v1\n@end\n");
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let parsed = parse_ok("@lap v0.3\n@api T\n@endpoints 0\n@toc nonsense\n@end\n");
    assert!(
        parsed.warnings[0]
            .message
            .contains("malformed `@toc nonsense`")
    );
}

#[test]
fn nested_comment_with_its_own_braces_keeps_them() {
    let f = params("@endpoint GET /x\n@optional {a: map{b: str # use {id}}}");
    let Type::Object(Some(members)) = &f[0].schema.ty else {
        panic!("object")
    };
    assert_eq!(members[0].description.as_deref(), Some("use {id}"));
}

#[test]
fn mistyped_type_after_a_comment_is_kept_as_text_with_a_warning() {
    let parsed = parse_ok(&lap_doc(
        "@endpoint GET /x\n@optional {a: str # first, page_size: integr=10 # second}",
    ));
    let f = &parsed.api.endpoints[0].params;
    assert_eq!(f.len(), 1, "the reading stays the grammar's");
    assert_eq!(
        f[0].field.description.as_deref(),
        Some("first, page_size: integr=10 # second")
    );
    assert_eq!(parsed.warnings.len(), 1);
    let w = &parsed.warnings[0];
    assert_eq!((w.line, w.column), (6, 39));
    assert!(
        w.message
            .contains("`page_size: integr` is read as comment text because `integr` is not a type"),
        "{}",
        w.message
    );
}

#[test]
fn list_keyword_with_a_group_constrains_the_items() {
    // Fuzz finding F2: the group used to sit on the array and was lost by
    // the printer.
    let f = params("@endpoint GET /x\n@optional {a: array(A/B), b: list(date-time)}");
    let Type::Array(a) = &f[0].schema.ty else {
        panic!("a is not a list: {:?}", f[0].schema)
    };
    assert_eq!(a.ty, Type::String);
    assert_eq!(a.enum_values(), ["A", "B"]);
    let Type::Array(b) = &f[1].schema.ty else {
        panic!("b is not a list: {:?}", f[1].schema)
    };
    assert_eq!(b.format(), Some("date-time"));
    let printed =
        codegen::lap::print(&parse_ok(&lap_doc("@endpoint GET /x\n@optional {a: array(A/B)}")).api);
    assert!(printed.contains("a: [str(A/B)]"), "{printed}");
}

#[test]
fn required_common_fields_keep_their_bang_through_the_printer() {
    // Fuzz finding F3.
    let source = "@lap v0.3\n@api T\n@common_fields {a!: str, b: int}\n@endpoints 0\n@end\n";
    let api = parse_ok(source).api;
    assert!(api.common_fields[0].required);
    let printed = codegen::lap::print(&api);
    assert!(
        printed.contains("@common_fields {a!: str, b: int}"),
        "{printed}"
    );
    assert_eq!(
        parse_ok(&printed).api.without_origins(),
        api.without_origins()
    );
}

#[test]
fn api_key_without_a_name_is_kept_as_written() {
    // Fuzz finding F4: `query:` with no name used to give a nameless ApiKey.
    let source = "@lap v0.3\n@api T\n@auth ApiKey query:\n@endpoints 0\n@end\n";
    let api = parse_ok(source).api;
    assert_eq!(api.auth, [AuthScheme::Other("ApiKey query:".to_owned())]);
    assert_eq!(
        parse_ok(&codegen::lap::print(&api)).api.without_origins(),
        api.without_origins()
    );
}

#[test]
fn a_field_name_ends_at_any_unicode_blank_and_a_bang_colon_marks_it_required() {
    // The name scan works on bytes for speed; it must still stop where
    // `char::is_whitespace` does (a name with U+00A0 in it is a spaced
    // name), and find the `!:` of a name that holds a `!` elsewhere.
    let text = lap_doc(
        "@endpoint POST /x\n@required {c!d!: str # note!: not a name}\n@optional {a\u{a0}b: int, e: bool}",
    );
    let parsed = match codegen::lap::parse(&text) {
        Ok(p) => p,
        Err(e) => panic!("{}", e.render("test.lap", &text)),
    };
    let f: Vec<&Field> = parsed.api.endpoints[0]
        .params
        .iter()
        .map(|p| &p.field)
        .collect();
    let names: Vec<&str> = f.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["c!d", "a\u{a0}b", "e"]);
    assert!(f[0].required);
    assert_eq!(desc(f[0]), "note!: not a name");
    assert_eq!(f[1].schema.ty, Type::Integer);
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
    assert!(parsed.warnings[0].message.contains("has blanks in it"));
}

/// Issue 16 item 2: a default is read once, against its own field's type,
/// and keeps its text for printing back.
#[test]
fn a_default_is_a_value_of_its_fields_type_or_prose() {
    let f = params(
        "@endpoint GET /x\n@optional {n: int=10, r: num=1.50, w: num=2.0, b: bool=true, s: str=abc, e: enum(A/B)=B, odd: enum(A/B)=C, words: str=Current date and time, bad: int=ten, empty: str=}",
    );
    let read = |i: usize| {
        let d = f[i].default.as_ref().expect("has a default");
        (d.text().to_owned(), d.value().cloned())
    };
    use serde_json::json;
    assert_eq!(read(0), ("10".into(), Some(json!(10))));
    assert_eq!(read(1), ("1.50".into(), Some(json!(1.5))));
    // A whole number is the integer, whichever way it is written.
    assert_eq!(read(2), ("2.0".into(), Some(json!(2))));
    assert_eq!(read(3), ("true".into(), Some(json!(true))));
    assert_eq!(read(4), ("abc".into(), Some(json!("abc"))));
    assert_eq!(read(5), ("B".into(), Some(json!("B"))));
    // Not one of the enum's values, text with spaces, not an integer: prose.
    assert_eq!(read(6), ("C".into(), None));
    assert_eq!(read(7), ("Current date and time".into(), None));
    assert_eq!(read(8), ("ten".into(), None));
    assert_eq!(read(9), (String::new(), Some(json!(""))));
}
