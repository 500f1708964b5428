//! `spec check`: a lap file and an OpenAPI document that agree give no
//! disagreement; each crafted change gives exactly the disagreements it
//! should, at the right endpoint and JSON pointer; what lap cannot express
//! is not a disagreement.

use codegen::diff::agreement::{Disagreement, compare};
use codegen::openapi::import::import_value;
use serde_json::{Value, json};
use tests::root;

const LAP: &str = "@lap v0.3
@api Shop
@version 1
@endpoints 2

@endpoint GET /orders/{id}
@desc Show order
@required {id: str # The order.}
@optional {fields: str(summary/full)=summary # Which fields., since: str(date-time)}
@returns(200) {id: str, total: map{value: str}, status: str, items: [map]} # The order.
@errors {404: Not found.}

@endpoint POST /orders
@desc Create order
@required {item: str}
@optional {quantity: int, note: str?}
@returns(201) {id: str}

@end
";

/// The OpenAPI document that agrees with [`LAP`], with more detail than lap
/// can hold (nested members, response enums, error ranges).
fn agreeing() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Shop", "version": "1"},
        "paths": {
            "/orders/{id}": {
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}
                ],
                "get": {
                    "summary": "Show order",
                    "parameters": [
                        {"name": "fields", "in": "query", "schema": {"type": "string", "enum": ["summary", "full"], "default": "summary"}},
                        {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"}}
                    ],
                    "responses": {
                        "200": {"description": "The order.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}},
                        "404": {"description": "Not found."},
                        "5XX": {"description": "Server error."}
                    }
                }
            },
            "/orders": {
                "post": {
                    "summary": "Create order",
                    "parameters": [
                        {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}}
                    ],
                    "requestBody": {"content": {"application/json": {"schema": {
                        "type": "object",
                        "required": ["item"],
                        "properties": {
                            "item": {"type": "string"},
                            "quantity": {"type": "integer"},
                            "note": {"type": "string", "nullable": true}
                        }
                    }}}},
                    "responses": {
                        "201": {"description": "Created.", "content": {"application/json": {"schema": {
                            "type": "object", "properties": {"id": {"type": "string"}}
                        }}}}
                    }
                }
            }
        },
        "components": {"schemas": {
            "Order": {"type": "object", "properties": {
                "id": {"type": "string"},
                "total": {"type": "object", "properties": {"value": {"type": "string"}}},
                "status": {"type": "string", "enum": ["OPEN", "PAID"]},
                "items": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}}}}
            }}
        }}
    })
}

/// The lap with the header parameter the document has (lap reads it as a
/// body field of the POST: a location lap cannot state).
fn lap() -> String {
    LAP.replace(
        "@optional {quantity: int, note: str?}",
        "@optional {X-Request-Id: str, quantity: int, note: str?}",
    )
}

fn check(lap: &str, document: &Value) -> Vec<Disagreement> {
    let parsed =
        codegen::lap::parse(lap).unwrap_or_else(|e| panic!("{}", e.render("test.lap", lap)));
    let imported = import_value(document).expect("imports");
    compare(&parsed.api, &imported.api, document)
}

fn at<'a>(document: &'a mut Value, pointer: &str) -> &'a mut Value {
    document
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer}"))
}

/// Sets the value at `pointer`, creating the last key when its parent is
/// an object.
fn set(document: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = openapi_ref::split_last(pointer).expect("pointer");
    match at(document, parent) {
        Value::Object(map) => {
            map.insert(key, value);
        }
        Value::Array(list) => {
            let i: usize = key.parse().expect("index");
            if i == list.len() {
                list.push(value);
            } else {
                list[i] = value;
            }
        }
        other => panic!("cannot set in {other}"),
    }
}

const SHOW: &str = "/paths/~1orders~1{id}/get";
const CREATE: &str = "/paths/~1orders/post";
const CREATE_BODY: &str =
    "/paths/~1orders/post/requestBody/content/application~1json/schema/properties";

#[test]
fn agreeing_documents_have_no_disagreement_despite_what_lap_cannot_say() {
    assert_eq!(check(&lap(), &agreeing()), []);
}

type Edit = fn(&mut Value);

/// The disagreements a change gives, in order: endpoint, pointer, a piece
/// of the message.
type Expected = &'static [(&'static str, &'static str, &'static str)];

#[test]
fn each_kind_of_disagreement_is_found_with_endpoint_and_pointer() {
    // (what changed, the change, each disagreement: endpoint, pointer, a piece of the message)
    let cases: &[(&str, Edit, Expected)] = &[
        (
            "endpoint missing from the document",
            |d| {
                at(d, "/paths").as_object_mut().map(|p| p.remove("/orders"));
            },
            &[("POST /orders", "/paths/~1orders", "the path was removed")],
        ),
        (
            "endpoint missing from the lap",
            |d| {
                set(
                    d,
                    "/paths/~1orders/get",
                    json!({"responses": {"200": {"description": "ok"}}}),
                )
            },
            &[(
                "GET /orders",
                "/paths/~1orders/get",
                "the endpoint was added",
            )],
        ),
        (
            "parameter missing from the document",
            |d| {
                at(d, &format!("{SHOW}/parameters"))
                    .as_array_mut()
                    .map(|p| p.remove(1));
            },
            &[(
                "GET /orders/{id}",
                "/paths/~1orders~1{id}/get",
                "query parameter `since` was removed",
            )],
        ),
        (
            "parameter missing from the lap",
            |d| {
                set(
                    d,
                    &format!("{SHOW}/parameters/2"),
                    json!({"name": "expand", "in": "query", "schema": {"type": "string"}}),
                )
            },
            &[(
                "GET /orders/{id}",
                "/paths/~1orders~1{id}/get/parameters/2",
                "new optional query parameter `expand`",
            )],
        ),
        (
            "location",
            |d| set(d, "/paths/~1orders~1{id}/parameters/0/in", json!("query")),
            &[
                (
                    "GET /orders/{id}",
                    "/paths/~1orders~1{id}/parameters/0",
                    "new required query parameter `id` (it moved from the path)",
                ),
                (
                    "GET /orders/{id}",
                    "/paths/~1orders~1{id}/get",
                    "path parameter `id` was removed (it moved to the query)",
                ),
            ],
        ),
        (
            "required",
            |d| set(d, &format!("{SHOW}/parameters/0/required"), json!(true)),
            &[(
                "GET /orders/{id}",
                "/paths/~1orders~1{id}/get/parameters/0",
                "query parameter `fields` became required",
            )],
        ),
        (
            "body field became optional",
            |d| {
                set(
                    d,
                    &format!("{CREATE}/requestBody/content/application~1json/schema/required"),
                    json!([]),
                )
            },
            &[(
                "POST /orders",
                "/paths/~1orders/post/requestBody/content/application~1json/schema/properties/item",
                "request body member `item` became optional",
            )],
        ),
        (
            "type",
            |d| {
                set(
                    d,
                    &format!("{SHOW}/parameters/1/schema"),
                    json!({"type": "integer"}),
                )
            },
            &[(
                "GET /orders/{id}",
                "/paths/~1orders~1{id}/get/parameters/1",
                "the type of query parameter `since` changed from `str(date-time)` to `int`",
            )],
        ),
        (
            "format",
            |d| {
                set(
                    d,
                    &format!("{SHOW}/parameters/1/schema/format"),
                    json!("date"),
                )
            },
            &[(
                "GET /orders/{id}",
                "/paths/~1orders~1{id}/get/parameters/1",
                "the format of query parameter `since` changed from `date-time` to `date`",
            )],
        ),
        (
            "enum values",
            |d| {
                set(
                    d,
                    &format!("{SHOW}/parameters/0/schema/enum"),
                    json!(["summary", "full", "brief"]),
                )
            },
            &[(
                "GET /orders/{id}",
                "/paths/~1orders~1{id}/get/parameters/0",
                "query parameter `fields` accepts the new value `brief`",
            )],
        ),
        (
            "default",
            |d| {
                set(
                    d,
                    &format!("{SHOW}/parameters/0/schema/default"),
                    json!("full"),
                )
            },
            &[(
                "GET /orders/{id}",
                "/paths/~1orders~1{id}/get/parameters/0",
                "the default of query parameter `fields` changed from `summary` to `full`",
            )],
        ),
        (
            "nullable",
            |d| set(d, &format!("{CREATE_BODY}/note/nullable"), json!(false)),
            &[(
                "POST /orders",
                "/paths/~1orders/post/requestBody/content/application~1json/schema/properties/note",
                "request body member `note` may no longer be null",
            )],
        ),
        (
            "success status",
            |d| {
                let r = at(d, &format!("{CREATE}/responses"))
                    .as_object_mut()
                    .expect("responses");
                let created = r.remove("201").expect("201");
                r.insert("200".to_owned(), created);
            },
            &[
                (
                    "POST /orders",
                    "/paths/~1orders/post",
                    "the success status 201 was removed",
                ),
                (
                    "POST /orders",
                    "/paths/~1orders/post/responses/200",
                    "the success status 200 was added",
                ),
            ],
        ),
        (
            "error status",
            |d| {
                let r = at(d, &format!("{SHOW}/responses"))
                    .as_object_mut()
                    .expect("responses");
                let gone = r.remove("404").expect("404");
                r.insert("410".to_owned(), gone);
            },
            &[
                (
                    "GET /orders/{id}",
                    "/paths/~1orders~1{id}/get",
                    "the error status 404 was removed",
                ),
                (
                    "GET /orders/{id}",
                    "/paths/~1orders~1{id}/get/responses/410",
                    "the error status 410 was added",
                ),
            ],
        ),
        (
            "response field missing",
            |d| {
                at(d, "/components/schemas/Order/properties")
                    .as_object_mut()
                    .map(|p| p.remove("status"));
            },
            &[(
                "GET /orders/{id}",
                "/paths/~1orders~1{id}/get",
                "200 response member `status` was removed",
            )],
        ),
        (
            "response member type",
            |d| {
                set(
                    d,
                    "/components/schemas/Order/properties/total/properties/value",
                    json!({"type": "number"}),
                )
            },
            &[(
                "GET /orders/{id}",
                "/paths/~1orders~1{id}/get/responses/200/content/application~1json/schema/properties/total/properties/value",
                "the type of 200 response member `total.value` changed from `str` to `num`",
            )],
        ),
    ];
    for (what, edit, expected) in cases {
        let mut document = agreeing();
        edit(&mut document);
        let found = check(&lap(), &document);
        assert_eq!(found.len(), expected.len(), "{what}: {found:#?}");
        for (d, (endpoint, pointer, message)) in found.iter().zip(*expected) {
            assert_eq!(d.endpoint, *endpoint, "{what}");
            assert_eq!(d.pointer, *pointer, "{what}");
            assert!(d.message.contains(message), "{what}: {}", d.message);
        }
    }
}

#[test]
fn a_changed_method_is_reported_from_both_sides() {
    let mut document = agreeing();
    let op = at(&mut document, CREATE).take();
    let item = at(&mut document, "/paths/~1orders")
        .as_object_mut()
        .expect("item");
    item.remove("post");
    item.insert("put".to_owned(), op);
    let found: Vec<(String, String)> = check(&lap(), &document)
        .into_iter()
        .map(|d| (d.endpoint, d.pointer))
        .collect();
    assert_eq!(
        found,
        [
            ("POST /orders".to_owned(), "/paths/~1orders".to_owned()),
            ("PUT /orders".to_owned(), "/paths/~1orders/put".to_owned())
        ]
    );
}

#[test]
fn disagreements_point_at_the_lap_line() {
    let mut document = agreeing();
    set(
        &mut document,
        &format!("{SHOW}/parameters/1/schema/format"),
        json!("date"),
    );
    let found = check(&lap(), &document);
    assert_eq!((found[0].origin.line, found[0].origin.column), (9, 63));
}

fn temp(name: &str, text: &str) -> tests::TempFile {
    tests::temp_file(name, text)
}

/// `cargo xtask spec check --lap LAP --openapi OPENAPI` and `more`.
fn spec_check(lap: &tests::TempFile, openapi: &tests::TempFile, more: &[&str]) -> tests::Run {
    let mut args = vec![
        "spec",
        "check",
        "--lap",
        lap.arg(),
        "--openapi",
        openapi.arg(),
    ];
    args.extend_from_slice(more);
    tests::xtask(&args)
}

#[test]
fn spec_check_passes_on_the_committed_spec() {
    let root = root().display().to_string();
    let tests::Run { status, out, err } = tests::xtask(&["--root", &root, "spec", "check"]);
    assert_eq!(status, 0, "{out}{err}");
    assert!(out.contains("spec check: 15 endpoints in the lap, 15 in spec/disputes.openapi.json; 0 disagreement(s)"), "{out}");
}

#[test]
fn spec_check_prints_one_line_per_disagreement_and_exits_one() {
    let lap = temp("shop.lap", &lap());
    let mut document = agreeing();
    set(
        &mut document,
        &format!("{SHOW}/parameters/0/required"),
        json!(true),
    );
    set(
        &mut document,
        &format!("{SHOW}/parameters/1/schema/format"),
        json!("date"),
    );
    let openapi = temp(
        "shop.json",
        &serde_json::to_string_pretty(&document).expect("json"),
    );
    let tests::Run { status, out, .. } = spec_check(&lap, &openapi, &[]);
    assert_eq!(status, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with(&format!(
            "{lap}:9:12: GET /orders/{{id}}: query parameter `fields` became required"
        )),
        "{out}"
    );
    assert!(
        lines[0].ends_with(&format!(
            "({openapi}#/paths/~1orders~1{{id}}/get/parameters/0)"
        )),
        "{out}"
    );
    assert!(
        lines[1]
            .contains("the format of query parameter `since` changed from `date-time` to `date`"),
        "{out}"
    );
    assert!(lines[2].ends_with("2 disagreement(s)"), "{out}");
}

#[test]
fn spec_check_reads_yaml_and_reports_unreadable_documents() {
    let lap = temp("shop2.lap", &lap());
    let yaml = temp("shop.yaml", &serde_yaml_ng_free(&agreeing()));
    let tests::Run { status, out, err } = spec_check(&lap, &yaml, &[]);
    assert_eq!(status, 0, "{out}{err}");
    let broken = temp("broken.json", "{\"openapi\": \"3.0.0\",\n \"paths\": [}");
    let tests::Run { status, err, .. } = spec_check(&lap, &broken, &[]);
    assert_eq!(status, 1);
    assert!(
        err.contains(&format!("{broken}:2:")) && err.contains("not valid JSON"),
        "{err}"
    );
}

/// JSON is YAML: a flow-style YAML document that does not start with `{`.
fn serde_yaml_ng_free(v: &Value) -> String {
    format!("# YAML\n{}", serde_json::to_string(v).expect("json"))
}

#[test]
fn spec_check_counts_a_difference_the_deviations_file_lists_as_an_addition_not_a_disagreement() {
    let lap = temp("shop3.lap", &lap());
    let mut document = agreeing();
    set(
        &mut document,
        "/components/schemas/Order/properties/history",
        json!({"type": "array", "items": {"type": "object"}}),
    );
    let openapi = temp(
        "shop3.json",
        &serde_json::to_string_pretty(&document).expect("json"),
    );
    let pointer =
        format!("{SHOW}/responses/200/content/application~1json/schema/properties/history");
    let listed = temp(
        "deviations.yaml",
        &format!(
            "deviations:\n  - rule: response-optional-property-added\n    at: {pointer}\n    reason: the server sends it\n    source: an example\n"
        ),
    );
    let tests::Run { status, out, .. } =
        spec_check(&lap, &openapi, &["--deviations", listed.arg()]);
    assert_eq!(status, 0, "{out}");
    assert!(
        out.ends_with(&format!(
            "0 disagreement(s) (1 more listed in {listed} as our additions)\n"
        )),
        "{out}"
    );
    // Without the list, the member the lap lacks is a disagreement.
    let tests::Run { status, out, .. } = spec_check(&lap, &openapi, &[]);
    assert_eq!(status, 1, "{out}");
    assert!(
        out.contains("new optional 200 response member `history`"),
        "{out}"
    );
}
