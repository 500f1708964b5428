//! Malformed lap: every error names the line and column it points at and
//! says what was expected. Nothing panics, and every error in a file is
//! reported, not just the first. The cases are read in strict mode, where
//! what lapsh writes but the grammar refuses is an error too
//! (`tests/lap/lapsh.rs` reads those leniently).

use codegen::lap::Mode;
use tests::lap_doc;

/// (what is wrong, the text, expected `line:column`, a piece of the message)
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "unsupported version",
        "@lap v0.4\n@api T\n@endpoints 0\n@end\n",
        "1:6",
        "unsupported lap version `v0.4`",
    ),
    (
        "missing @lap",
        "@api T\n@endpoints 0\n@end\n",
        "1:1",
        "expected `@lap v0.3` before `@api`",
    ),
    ("empty file", "", "1:1", "empty file: expected `@lap v0.3`"),
    (
        "missing @api",
        "@lap v0.3\n@endpoints 0\n@end\n",
        "1:1",
        "missing `@api NAME`",
    ),
    (
        "count mismatch",
        "@lap v0.3\n@api T\n@endpoints 3\n@endpoint GET /a\n@endpoint GET /b\n@end\n",
        "3:1",
        "`@endpoints 3` declares 3 endpoints, but the file has 2",
    ),
    (
        "missing @end",
        "@lap v0.3\n@api T\n@endpoints 2\n@endpoint GET /a\n@returns(200) ok\n",
        "5:16",
        "missing `@end` after 1 endpoints (`@endpoints` declares 2)",
    ),
    (
        "unknown type",
        "@endpoint GET /x\n@optional {a: strng}",
        "6:15",
        "unknown type `strng`",
    ),
    (
        "unknown named type",
        "@endpoint GET /x\n@optional {a: Order}",
        "6:15",
        "unknown type `Order`",
    ),
    (
        "unclosed list",
        "@endpoint GET /x\n@optional {a: str, b: int",
        "6:11",
        "this `{` is never closed",
    ),
    (
        "field without colon",
        "@endpoint GET /x\n@optional {a str}",
        "6:12",
        "expected a field `name: type`, found `a`",
    ),
    (
        "unclosed list type",
        "@endpoint GET /x\n@optional {a: [str}",
        "6:19",
        "expected `]` to close the list type",
    ),
    (
        "fields on a scalar",
        "@endpoint GET /x\n@optional {a: str{b: int}}",
        "6:18",
        "`str` cannot have fields",
    ),
    (
        "text after a type",
        "@endpoint GET /x\n@optional {a: str extra}",
        "6:19",
        "expected `,` or `}` after field `a`, found `e`",
    ),
    (
        "empty default",
        "@endpoint GET /x\n@optional {a: int= # c}",
        "6:18",
        "empty default for `a`, whose type is not `str`",
    ),
    (
        "bang in optional",
        "@endpoint GET /x\n@optional {a!: str}",
        "6:12",
        "`a!` marks a required field inside `@optional`",
    ),
    (
        "returns without code",
        "@endpoint GET /x\n@returns 200",
        "6:1",
        "expected `@returns(CODE)`",
    ),
    (
        "returns trailing text",
        "@endpoint GET /x\n@returns(200) {a: str} trailing",
        "6:24",
        "unexpected `trailing` after the closing `}`",
    ),
    (
        "bad error code",
        "@endpoint GET /x\n@errors {abc: oops}",
        "6:10",
        "expected a status code, found `abc:`",
    ),
    (
        "status code below 100 (fuzz finding F1)",
        "@endpoint GET /x\n@returns(035) ok",
        "6:1",
        "expected `@returns(CODE)`",
    ),
    (
        "error status below 100 (fuzz finding F1)",
        "@endpoint GET /x\n@errors {099: oops}",
        "6:10",
        "expected a status code, found `099:`",
    ),
    (
        "same error status on two @errors lines (fuzz finding F5)",
        "@endpoint GET /x\n@errors {400: a}\n@errors {400: b}",
        "7:10",
        "duplicate error status 400 (first at line 6)",
    ),
    (
        "errors without braces",
        "@endpoint GET /x\n@errors 400: bad",
        "6:1",
        "`@errors` expects `{CODE: text, ...}`",
    ),
    (
        "directive outside endpoint",
        "@desc Lost\n@endpoint GET /x",
        "5:1",
        "`@desc` outside an endpoint block",
    ),
    (
        "unknown method",
        "@endpoint FETCH /x",
        "5:11",
        "unknown HTTP method `FETCH`",
    ),
    (
        "relative path",
        "@endpoint GET x/y",
        "5:15",
        "path `x/y` must start with `/`",
    ),
    (
        "unclosed path parameter",
        "@endpoint GET /x/{id",
        "5:15",
        "unclosed `{` in path `/x/{id`",
    ),
    (
        "undeclared path parameter",
        "@endpoint GET /x/{id}\n@returns(200) ok",
        "5:1",
        "path parameter `id` of `GET /x/{id}` is not declared",
    ),
    (
        "optional path parameter",
        "@endpoint GET /x/{id}\n@optional {id: str}",
        "6:12",
        "path parameter `id` is in `@optional`",
    ),
    (
        "duplicate endpoint",
        "@endpoint GET /x\n\n@endpoint GET /x",
        "7:1",
        "duplicate endpoint `GET /x` (first at line 5)",
    ),
    (
        "duplicate parameter",
        "@endpoint GET /x\n@optional {a: str, a: int}",
        "6:20",
        "duplicate parameter `a` (first at line 6)",
    ),
    (
        "duplicate desc",
        "@endpoint GET /x\n@desc One\n@desc Two",
        "7:1",
        "duplicate `@desc` in this endpoint (first at line 6)",
    ),
    (
        "nested group",
        "@group a\n@group b\n@endgroup",
        "6:1",
        "`@group` inside the open group `a` (line 5)",
    ),
    (
        "stray endgroup",
        "@endgroup",
        "5:1",
        "`@endgroup` without an open `@group`",
    ),
    (
        "unclosed group",
        "@group a\n@endpoint GET /x",
        "5:1",
        "group `a` is never closed",
    ),
    (
        "stray text line",
        "@endpoint GET /x\nthis is not a directive",
        "6:1",
        "expected a directive, found `this`",
    ),
    (
        "bad endpoint count",
        "@lap v0.3\n@api T\n@endpoints many\n@end\n",
        "3:12",
        "`@endpoints` expects a count, found `many`",
    ),
    (
        "lowercase type name",
        "@type order {id: str}",
        "5:1",
        "`@type` expects a name starting with an uppercase letter",
    ),
    (
        "body names unknown type",
        "@endpoint POST /x\n@body → Nope",
        "6:1",
        "`@body` names the unknown type `Nope`",
    ),
    (
        "duplicate header",
        "@lap v0.3\n@api A\n@api B\n@endpoints 0\n@end\n",
        "3:1",
        "duplicate `@api` (first at line 2)",
    ),
    (
        "after end",
        "@lap v0.3\n@api A\n@endpoints 0\n@end\n@endpoint GET /x\n",
        "5:1",
        "`@endpoint` after `@end` (line 4)",
    ),
    (
        "duplicate status",
        "@endpoint GET /x\n@returns(200) a\n@returns(200) b",
        "7:1",
        "duplicate `@returns(200)` (first at line 6)",
    ),
    (
        "three groups",
        "@endpoint GET /x\n@optional {a: str(a)(b)(c)}",
        "6:24",
        "a type takes at most two groups",
    ),
];

/// Wraps endpoint-level cases in a document; whole documents start with `@lap`
/// or are deliberately broken headers.
fn document(text: &str) -> String {
    if text.starts_with("@lap") || text.starts_with("@api") || text.is_empty() {
        text.to_owned()
    } else {
        lap_doc(text)
    }
}

#[test]
fn each_malformed_input_is_reported_at_its_line_and_column() {
    let mut failures = Vec::new();
    for (what, text, at, message) in CASES {
        let source = document(text);
        match codegen::lap::parse_with(&source, Mode::Strict) {
            Ok(_) => failures.push(format!("{what}: parsed without error")),
            Err(e) => {
                let found = e.errors.iter().any(|d| {
                    format!("{}:{}", d.line, d.column) == *at && d.message.contains(message)
                });
                if !found {
                    let got: Vec<String> = e.errors.iter().map(ToString::to_string).collect();
                    failures.push(format!("{what}: wanted {at} `{message}`, got {got:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn rendered_error_shows_file_line_column_caret_and_help() {
    let source = lap_doc("@endpoint GET /x\n@optional {a: strng}");
    let err = codegen::lap::parse_with(&source, Mode::Strict).expect_err("unknown type");
    let rendered = err.render("spec/x.lap", &source);
    assert!(
        rendered.starts_with("spec/x.lap:6:15: error: unknown type `strng`\n"),
        "{rendered}"
    );
    assert!(
        rendered.contains("@optional {a: strng}"),
        "shows the line: {rendered}"
    );
    let underline = rendered
        .lines()
        .find(|l| l.contains('┬'))
        .expect("an underline row");
    let source_row = rendered
        .lines()
        .find(|l| l.contains("@optional {a: strng}"))
        .expect("source row");
    let col = |row: &str, pat: &str| row.find(pat).map(|b| row[..b].chars().count());
    assert_eq!(
        col(underline, "─"),
        col(source_row, "strng"),
        "the underline sits under the offending word: {rendered}"
    );
    assert!(
        rendered.contains("help: a type is one of"),
        "says how to fix it: {rendered}"
    );
}

#[test]
fn every_error_in_a_file_is_reported_in_source_order() {
    let source = lap_doc(
        "@endpoint GET /x\n@optional {a: strng}\n\n@endpoint FETCH /y\n\n@endpoint GET /z\n@errors {abc}",
    );
    let err = codegen::lap::parse_with(&source, Mode::Strict).expect_err("three errors");
    let lines: Vec<u32> = err.errors.iter().map(|d| d.line).collect();
    assert_eq!(lines, [3, 6, 8, 11], "{:#?}", err.errors);
}

#[test]
fn error_inside_a_multi_line_list_points_at_the_physical_line() {
    let source = lap_doc("@endpoint POST /x\n@required {\n  a: str,\n  b: nope\n}");
    let err = codegen::lap::parse_with(&source, Mode::Strict).expect_err("unknown type");
    assert_eq!((err.errors[0].line, err.errors[0].column), (8, 6));
}

/// Fuzz finding D2 (from the `diff` target): a directive whose argument is
/// missing at the very end of the file, with no newline, put the error
/// span past the end, and rendering it panicked.
#[test]
fn a_missing_argument_at_the_end_of_the_file_renders_at_the_end() {
    for source in ["@lap v0.3\n@api Disputes\n@endpoints", "@lap v0.3\n@api"] {
        let err = codegen::lap::parse(source).expect_err("incomplete file");
        let rendered = err.render("end.lap", source);
        assert!(rendered.contains("end.lap:"), "{rendered}");
    }
    let source = "@lap v0.3\n@api Disputes\n@endpoints";
    let rendered = codegen::lap::parse(source)
        .expect_err("no count")
        .render("end.lap", source);
    assert!(
        rendered.contains("end.lap:3:11: error: `@endpoints` expects a count"),
        "{rendered}"
    );
}
