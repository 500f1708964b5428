//! Importing OpenAPI documents into the model: the public petstore example,
//! a fixture with every construct the importer handles, bad input, and the
//! compile -> parse -> compare round trip.

use codegen::model::{
    Api, ApiKeyLocation, AuthScheme, Endpoint, Field, Method, ParamLocation, StatusCode, Type,
};
use codegen::openapi::import::{ImportError, Imported, import_str};
use codegen::openapi::to_lap::compile;
use tests::root;

fn fixture(name: &str) -> String {
    let path = root().join("tests/fixtures/openapi").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(name: &str) -> Imported {
    import_str(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn endpoint<'a>(api: &'a Api, method: Method, path: &str) -> &'a Endpoint {
    api.endpoints
        .iter()
        .find(|e| e.method == method && e.path == path)
        .unwrap_or_else(|| panic!("no {method} {path}"))
}

fn param<'a>(ep: &'a Endpoint, name: &str) -> (&'a Field, ParamLocation) {
    let p = ep
        .params
        .iter()
        .find(|p| p.field.name == name)
        .unwrap_or_else(|| panic!("{} {} has no parameter `{name}`", ep.method, ep.path));
    (&p.field, p.location)
}

fn members(ty: &Type) -> &[Field] {
    match ty {
        Type::Object(Some(m)) => m,
        other => panic!("not an object with members: {other:?}"),
    }
}

fn member<'a>(fields: &'a [Field], name: &str) -> &'a Field {
    fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no member `{name}`"))
}

fn warned(imported: &Imported, pointer: &str, words: &str) {
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.pointer == pointer && w.message.contains(words)),
        "no warning at {pointer} saying {words:?}; got {:#?}",
        imported.warnings
    );
}

#[test]
fn petstore_imports_its_three_operations_without_warnings() {
    let imported = import("petstore.yaml");
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let api = &imported.api;
    assert_eq!(api.name, "Swagger Petstore");
    assert_eq!(api.version.as_deref(), Some("1.0.0"));
    assert_eq!(
        api.base_url.as_deref(),
        Some("http://petstore.swagger.io/v1")
    );
    assert_eq!(api.endpoints.len(), 3);

    let list = endpoint(api, Method::Get, "/pets");
    assert_eq!(list.details.operation_id.as_deref(), Some("listPets"));
    assert_eq!(list.description.as_deref(), Some("List all pets"));
    let (limit, at) = param(list, "limit");
    assert_eq!(at, ParamLocation::Query);
    assert!(!limit.required);
    assert_eq!(limit.schema.ty, Type::Integer);
    assert_eq!(limit.schema.format(), Some("int32"));
    // The 200 body is an array: no top-level fields.
    assert_eq!(list.responses[0].status, StatusCode::Code(200));
    assert_eq!(list.responses[0].fields, None);
    assert_eq!(list.errors[0].status, StatusCode::Default);

    let create = endpoint(api, Method::Post, "/pets");
    let (id, at) = param(create, "id");
    assert_eq!(at, ParamLocation::Body);
    assert!(id.required);
    assert!(!param(create, "tag").0.required);
    assert_eq!(create.details.request_media_types, ["application/json"]);

    let show = endpoint(api, Method::Get, "/pets/{petId}");
    let (pet_id, at) = param(show, "petId");
    assert_eq!(at, ParamLocation::Path);
    assert!(pet_id.required);
    let fields = show.responses[0].fields.as_deref().expect("Pet fields");
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["id", "name", "tag"]);
    assert!(member(fields, "id").required);
}

#[test]
fn server_variables_take_their_defaults_and_every_security_scheme_is_kept() {
    let api = import("constructs.yaml").api;
    assert_eq!(
        api.base_url.as_deref(),
        Some("https://eu.api.example.com/v2")
    );
    assert_eq!(
        api.auth,
        [
            AuthScheme::OAuth2,
            AuthScheme::ApiKey {
                name: "X-Api-Key".to_owned(),
                location: ApiKeyLocation::Header
            },
            AuthScheme::Basic
        ]
    );
    let create = endpoint(&api, Method::Post, "/orders");
    assert_eq!(
        create.details.auth.as_deref(),
        Some(&[AuthScheme::Basic][..])
    );
    assert_eq!(endpoint(&api, Method::Get, "/orders").details.auth, None);
}

#[test]
fn path_level_parameters_apply_and_operation_parameters_override_them() {
    let imported = import("constructs.yaml");
    let list = endpoint(&imported.api, Method::Get, "/orders");
    let (trace, at) = param(list, "X-Trace-Id");
    assert_eq!(at, ParamLocation::Header);
    assert!(trace.required);
    assert!(trace.deprecated);
    assert_eq!(trace.schema.format(), Some("uuid"));
    let (region, _) = param(list, "region");
    assert!(region.required, "the operation's `region` wins");
    assert_eq!(region.schema.enum_values(), ["eu", "us"]);
    assert_eq!(
        region.description.as_deref(),
        Some("Overrides the path-level parameter.")
    );
    assert_eq!(
        list.params
            .iter()
            .filter(|p| p.field.name == "region")
            .count(),
        1
    );
    // The POST has no own `region`: the path-level one applies.
    let create = endpoint(&imported.api, Method::Post, "/orders");
    assert!(!param(create, "region").0.required);
}

#[test]
fn reference_chains_are_followed_to_the_schema() {
    let api = import("constructs.yaml").api;
    let list = endpoint(&api, Method::Get, "/orders");
    let (page_size, at) = param(list, "page_size");
    assert_eq!(at, ParamLocation::Query);
    assert_eq!(page_size.schema.ty, Type::Integer);
    assert_eq!(page_size.default.as_ref().map(|d| d.text()), Some("10"));
    // A response by reference.
    let create = endpoint(&api, Method::Post, "/orders");
    let not_found = create
        .errors
        .iter()
        .find(|e| e.status == StatusCode::Code(404))
        .expect("404");
    assert_eq!(not_found.description.as_deref(), Some("No such order."));
}

#[test]
fn request_bodies_by_reference_read_the_json_media_type_and_list_them_all() {
    let imported = import("constructs.yaml");
    let create = endpoint(&imported.api, Method::Post, "/orders");
    assert_eq!(
        create.details.request_media_types,
        ["application/json", "application/xml"]
    );
    let (item, at) = param(create, "item");
    assert_eq!(at, ParamLocation::Body);
    assert!(item.required);
    assert_eq!(item.description.as_deref(), Some("What to order."));
    assert_eq!(
        param(create, "quantity")
            .0
            .default
            .as_ref()
            .map(|d| d.text()),
        Some("1")
    );
    assert_eq!(
        create.details.example_request.as_deref(),
        Some(r#"{"item":"book","quantity":2}"#)
    );
    // A nullable enum whose list includes null: the values without null.
    let status = param(create, "status").0;
    assert!(status.schema.nullable);
    assert_eq!(status.schema.enum_values(), ["NEW", "PAID"]);
    assert!(param(create, "legacy_code").0.deprecated);
    assert!(create.deprecated);
    assert_eq!(create.details.operation_id.as_deref(), Some("createOrder"));
    assert_eq!(create.description.as_deref(), Some("Create an order."));
}

#[test]
fn all_of_merges_properties_and_required_and_read_write_only_follow_direction() {
    let api = import("constructs.yaml").api;
    let create = endpoint(&api, Method::Post, "/orders");
    // Request: the writeOnly `secret` is sent, readOnly `id` is not (it is
    // not in NewOrder anyway).
    assert!(create.params.iter().any(|p| p.field.name == "secret"));
    let created = create.responses[0].fields.as_deref().expect("Order fields");
    let names: Vec<&str> = created.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "id",
            "created",
            "item",
            "quantity",
            "legacy_code",
            "status",
            "total"
        ],
        "allOf parts in order; the writeOnly `secret` is not received"
    );
    assert!(member(created, "id").required, "from Base");
    assert!(member(created, "item").required, "from NewOrder");
    assert!(member(created, "status").required, "from the inline part");
    assert!(!member(created, "quantity").required);
    let total = member(created, "total");
    assert!(member(members(&total.schema.ty), "currency_code").required);
}

#[test]
fn recursion_one_of_cookies_and_external_refs_are_warnings_with_pointers() {
    let imported = import("constructs.yaml");
    let list = endpoint(&imported.api, Method::Get, "/orders");
    let fields = list.responses[0].fields.as_deref().expect("fields");
    let tree = members(&member(fields, "tree").schema.ty);
    let Type::Array(child) = &member(tree, "children").schema.ty else {
        panic!("children is a list")
    };
    assert_eq!(child.ty, Type::Object(None), "recursion cut to `map`");
    warned(
        &imported,
        "/components/schemas/Node/properties/children/items",
        "recursive reference",
    );
    assert_eq!(member(fields, "paid").schema.ty, Type::Any);
    warned(
        &imported,
        "/components/schemas/Payment/oneOf",
        "`oneOf` with 2",
    );
    // anyOf [string, null] is a nullable string.
    let note = member(fields, "note");
    assert_eq!(note.schema.ty, Type::String);
    assert!(note.schema.nullable);
    assert!(!list.params.iter().any(|p| p.field.name == "session"));
    warned(&imported, "/paths/~1orders/get/parameters/2", "cookie");
    warned(
        &imported,
        "/paths/~1orders~1{id}/patch/parameters/1/schema/$ref",
        "only local references",
    );
}

#[test]
fn default_range_and_multipart_responses_and_bodies_are_kept() {
    let imported = import("constructs.yaml");
    let api = &imported.api;
    let list = endpoint(api, Method::Get, "/orders");
    let errors: Vec<StatusCode> = list.errors.iter().map(|e| e.status).collect();
    assert_eq!(errors, [StatusCode::Range(4), StatusCode::Default]);
    let patch = endpoint(api, Method::Patch, "/orders/{id}");
    let statuses: Vec<StatusCode> = patch.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [StatusCode::Code(204), StatusCode::Range(2)]);
    assert_eq!(
        patch.details.request_media_types,
        ["application/json-patch+json"]
    );
    warned(
        &imported,
        "/paths/~1orders~1{id}/patch/requestBody/content/application~1json-patch+json/schema",
        "is array",
    );
    let upload = endpoint(api, Method::Post, "/orders/{id}/receipt");
    assert_eq!(upload.details.request_media_types, ["multipart/form-data"]);
    let (receipt, at) = param(upload, "receipt");
    assert_eq!(at, ParamLocation::Body);
    assert_eq!(receipt.schema.ty, Type::File);
    assert!(matches!(
        param(upload, "input").0.schema.ty,
        Type::Object(Some(_))
    ));
}

#[test]
fn bad_documents_are_errors_that_say_where_and_what() {
    let cases: &[(&str, &str)] = &[
        (
            "{\"openapi\": \"3.0.0\",\n  \"info\": }",
            "2:11: not valid JSON",
        ),
        ("openapi: 3.0.0\ninfo: [\n", "not valid YAML"),
        (
            "swagger: \"2.0\"\ninfo: {}\n",
            "Swagger 2.0 is not supported",
        ),
        ("info: {title: x}\n", "no `openapi` field"),
        ("openapi: 4.0.0\n", "unsupported OpenAPI version `4.0.0`"),
        ("- a list\n", "not an object"),
        (
            "openapi: 3.0.0\npaths: 7\n",
            "#/paths: `paths` is not an object",
        ),
    ];
    for (text, expected) in cases {
        match import_str(text) {
            Ok(i) => panic!("{text:?} imported: {:?}", i.api),
            Err(e) => {
                let shown = e.to_string();
                assert!(shown.contains(expected), "{text:?}: {shown}");
                if matches!(e, ImportError::Syntax { .. }) {
                    assert!(
                        shown
                            .split(':')
                            .next()
                            .is_some_and(|l| l.parse::<u32>().is_ok())
                    );
                }
            }
        }
    }
}

#[test]
fn hostile_documents_are_warnings_not_crashes() {
    // A reference loop, a dangling reference and a non-object schema.
    let text = r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
      "paths": {"/a": {"get": {"parameters": [{"$ref": "#/components/parameters/Loop"},
        {"name": "b", "in": "query", "schema": {"$ref": "#/components/schemas/Missing"}},
        {"name": "c", "in": "query", "schema": 5}],
        "responses": {"200": {"description": "ok"}, "abc": {"description": "?"}}}}},
      "components": {"parameters": {"Loop": {"$ref": "#/components/parameters/Loop"}}}}"##;
    let imported = import_str(text).expect("imports with warnings");
    let ep = &imported.api.endpoints[0];
    assert_eq!(param(ep, "b").0.schema.ty, Type::Any);
    warned(
        &imported,
        "/paths/~1a/get/parameters/1/schema/$ref",
        "points at nothing",
    );
    warned(&imported, "/components/parameters/Loop", "reference chain");
    warned(
        &imported,
        "/paths/~1a/get/responses/abc",
        "not a status code",
    );
}

/// Compiles `text`, asserts a warning (at `pointer`, if given) containing
/// every one of `words`, and returns the compiled lap and its parse.
fn compiled_with_warning(
    text: &str,
    pointer: Option<&str>,
    words: &[&str],
) -> (String, codegen::lap::Parsed) {
    let compiled = compile(text).expect("compiles");
    assert!(
        compiled
            .warnings
            .iter()
            .any(|w| pointer.is_none_or(|p| w.pointer == p)
                && words.iter().all(|word| w.message.contains(word))),
        "no warning saying {words:?}; got {:#?}",
        compiled.warnings
    );
    let parsed = codegen::lap::parse(&compiled.lap)
        .unwrap_or_else(|e| panic!("{}", e.render("compiled.lap", &compiled.lap)));
    (compiled.lap, parsed)
}

/// compile -> parse -> compare: the lap written from a document agrees with
/// that document under `spec check`'s rules.
fn round_trip(text: &str) {
    let compiled = compile(text).expect("compiles");
    let parsed = codegen::lap::parse(&compiled.lap).unwrap_or_else(|e| {
        panic!(
            "compiled lap does not parse:\n{}\n{}",
            e.render("compiled.lap", &compiled.lap),
            compiled.lap
        )
    });
    assert_eq!(parsed.api.endpoints.len(), compiled.api.endpoints.len());
    let document = codegen::openapi::import::parse_document(text).expect("document");
    let imported = codegen::openapi::import::import_value(&document).expect("imports");
    let found = codegen::diff::agreement::compare(&parsed.api, &imported.api, &document);
    assert!(found.is_empty(), "{found:#?}\n{}", compiled.lap);
    // Compiling is deterministic and printing is canonical.
    assert_eq!(compile(text).expect("again").lap, compiled.lap);
    assert_eq!(codegen::lap::print(&parsed.api), compiled.lap);
}

#[test]
fn compiled_petstore_parses_back_and_agrees_with_its_document() {
    round_trip(&fixture("petstore.yaml"));
}

#[test]
fn compiled_constructs_parse_back_and_agree_with_their_document() {
    round_trip(&fixture("constructs.yaml"));
}

#[test]
fn compiled_lap_follows_lapsh_notation() {
    let lap = compile(&fixture("constructs.yaml")).expect("compiles").lap;
    for line in [
        "@auth OAuth2 | ApiKey X-Api-Key in header | Basic",
        "@toc orders(4)",
        "@required {X-Trace-Id: str(uuid), region: str(eu/us) # Overrides the path-level parameter.}",
        "@returns(200) {items: [map], tree: map{name: str, children: [map]}, paid: any, note: str?} # The orders.",
        "@errors {4XX: A client error.}",
        "@example_request {\"item\":\"book\",\"quantity\":2}",
    ] {
        assert!(lap.lines().any(|l| l == line), "missing {line:?} in\n{lap}");
    }
}

/// One of PayPal's published definitions (`tests::paypal_reference`).
fn paypal(file: &str) -> Option<String> {
    let path = tests::paypal_reference()?.join(file);
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

#[test]
fn paypal_published_definitions_import_and_round_trip() {
    for file in [
        "customer_disputes_v1.json",
        "customer_disputes_v1.info-1.10.json",
    ] {
        let Some(text) = paypal(file) else { continue };
        let imported = import_str(&text).expect("PayPal's file imports");
        assert_eq!(imported.api.endpoints.len(), 15, "{file}");
        round_trip(&text);
    }
}

#[test]
fn spec_lap_agrees_with_paypal_1_11_with_no_disagreement() {
    let Some(text) = paypal("customer_disputes_v1.json") else {
        return;
    };
    let lap = std::fs::read_to_string(root().join("spec/disputes.lap")).expect("spec");
    let parsed = codegen::lap::parse(&lap).expect("spec parses");
    let document = codegen::openapi::import::parse_document(&text).expect("json");
    let imported = codegen::openapi::import::import_value(&document).expect("imports");
    let found = codegen::diff::agreement::compare(&parsed.api, &imported.api, &document);
    // The lap is `lap compile` of this document; what PayPal sends beyond
    // it (`dispute_state`, `history`, seed 001) is the overlay's.
    assert_eq!(found, Vec::new());
}

/// Fuzz finding F6: a path `{name}` with no declared parameter (the
/// petstore with `parameters` misspelled) compiled to lap that did not
/// parse. The parameter is now kept as a required string, with a warning.
#[test]
fn an_undeclared_path_parameter_is_kept_as_a_required_string_with_a_warning() {
    let text = fixture("petstore.yaml").replacen(
        "      parameters:\n        - name: petId",
        "      0brameters:\n        - name: petId",
        1,
    );
    assert!(text.contains("0brameters"), "the fixture changed shape");
    let imported = import_str(&text).expect("imports");
    warned(
        &imported,
        "/paths/~1pets~1{petId}/get/parameters",
        "path parameter `petId` is in the path but not declared",
    );
    let ep = endpoint(&imported.api, Method::Get, "/pets/{petId}");
    let (field, location) = param(ep, "petId");
    assert_eq!(location, ParamLocation::Path);
    assert!(field.required);
    let compiled = compile(&text).expect("compiles");
    codegen::lap::parse(&compiled.lap)
        .unwrap_or_else(|e| panic!("{}", e.render("compiled.lap", &compiled.lap)));
}

/// Fuzz finding F7: a parameter named with a character lap names cannot
/// hold (then a backtick, now a comma) was printed as is, and the lap did
/// not parse. Such fields are left out of the lap, each with a warning.
#[test]
fn names_lap_cannot_write_are_left_out_with_a_warning() {
    let text = fixture("constructs.yaml").replacen("name: page_size", "name: \"page, size\"", 1);
    assert!(text.contains("page, size"), "the fixture changed shape");
    let (lap, _) = compiled_with_warning(&text, Some("/paths/~1orders/get"), &["`page, size`"]);
    assert!(!lap.contains("page, size"));
}

/// A name with blanks (`page size`) is what lapsh copies and lenient mode
/// reads (grammar section 6), also after a commented field: it is written,
/// and reads back as itself, with the reader's warning.
#[test]
fn names_with_blanks_are_written_and_read_back_leniently() {
    let text = fixture("constructs.yaml").replacen("name: page_size", "name: page size", 1);
    let compiled = compile(&text).expect("compiles");
    let parsed = codegen::lap::parse(&compiled.lap).expect("parses back");
    let get = parsed
        .api
        .endpoints
        .iter()
        .find(|e| e.method == Method::Get && e.path == "/orders")
        .expect("GET /orders");
    assert!(
        get.params.iter().any(|p| p.field.name == "page size"),
        "{}",
        compiled.lap
    );
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.message.contains("has blanks in it")),
        "{:?}",
        parsed.warnings
    );
}

/// Since issue 14 a name is every non-blank character, so the names of
/// fuzz finding F7 (a backtick) and real APIs (`page[limit]`, `x5t#S256`)
/// are written and read back as they are.
#[test]
fn names_with_brackets_backticks_and_hashes_are_written() {
    for name in ["p`ge_size", "page[limit]", "x5t#S256"] {
        let text =
            fixture("constructs.yaml").replacen("name: page_size", &format!("name: \"{name}\""), 1);
        let compiled = codegen::openapi::to_lap::compile(&text).expect("compiles");
        let parsed = codegen::lap::parse(&compiled.lap).expect("parses back");
        let get = parsed
            .api
            .endpoints
            .iter()
            .find(|e| e.method == Method::Get && e.path == "/orders")
            .expect("GET /orders");
        assert!(
            get.params.iter().any(|p| p.field.name == name),
            "{name} kept:\n{}",
            compiled.lap
        );
    }
}

/// Fuzz finding F8: a path without its leading `/` (`o/rders/...`) was
/// printed as is, and lap did not see the endpoint: the `@endpoints` count
/// no longer matched. `lap compile` now writes such paths with a `/`.
#[test]
fn a_path_without_a_leading_slash_is_written_with_one_and_a_warning() {
    let text = fixture("petstore.yaml").replacen("  /pets/{petId}:", "  pets/{petId}:", 1);
    assert!(
        text.contains("\n  pets/{petId}:"),
        "the fixture changed shape"
    );
    let (_, parsed) = compiled_with_warning(&text, None, &["written as `/pets/{petId}`"]);
    assert_eq!(parsed.api.endpoints.len(), 3);
}

/// Fuzz finding F9: a path with a brace that does not close (`/pets/{petId|`)
/// was printed as is, and lap did not read that endpoint. Such an endpoint
/// cannot be repaired without guessing: it is left out, with a warning.
#[test]
fn an_endpoint_whose_path_lap_cannot_write_is_left_out_with_a_warning() {
    let text = fixture("petstore.yaml").replacen("  /pets/{petId}:", "  /pets/{petId|:", 1);
    assert!(text.contains("/pets/{petId|:"), "the fixture changed shape");
    let (_, parsed) = compiled_with_warning(&text, None, &["unclosed `{`", "left out"]);
    assert_eq!(parsed.api.endpoints.len(), 2);
}

/// Fuzz finding F10: a `{name}` in a path that lap cannot write as a field
/// name (`{pet]}`): the endpoint is left out, with a warning, instead of
/// printing lap that does not parse.
#[test]
fn a_path_parameter_lap_cannot_name_leaves_its_endpoint_out() {
    let text = fixture("petstore.yaml")
        .replacen("  /pets/{petId}:", "  /pets/{pet!}:", 1)
        .replacen("        - name: petId", "        - name: pet!", 1);
    assert!(text.contains("/pets/{pet!}:"), "the fixture changed shape");
    let (_, parsed) = compiled_with_warning(&text, None, &["`pet!`", "left out"]);
    assert_eq!(parsed.api.endpoints.len(), 2);
    // `{pet]}`, F10's own name, is a field name since issue 14: kept.
    let text = fixture("petstore.yaml")
        .replacen("  /pets/{petId}:", "  /pets/{pet]}:", 1)
        .replacen("        - name: petId", "        - name: pet]", 1);
    let compiled = codegen::openapi::to_lap::compile(&text).expect("compiles");
    let parsed = codegen::lap::parse_with(&compiled.lap, codegen::lap::Mode::Strict)
        .expect("parses back strictly");
    assert_eq!(parsed.api.endpoints.len(), 3);
}

/// Fuzz finding F11: an enum value with `(` or `)` (`NE)W`) was printed
/// inside lap's `str(A/B)`, which then did not parse. Such an enum is left
/// out of the lap (the field stays a string), with a warning.
#[test]
fn enum_values_lap_cannot_write_drop_the_enum_with_a_warning() {
    let text = fixture("constructs.yaml").replacen(
        "enum: [NEW, PAID, null]",
        "enum: [\"NE)W\", PAID, null]",
        1,
    );
    assert!(text.contains("NE)W"), "the fixture changed shape");
    let (_, parsed) = compiled_with_warning(&text, None, &["enum value `NE)W`"]);
    let post = parsed
        .api
        .endpoints
        .iter()
        .find(|e| e.method == Method::Post && e.path == "/orders")
        .expect("POST /orders");
    let (status, _) = param(post, "status");
    assert!(status.schema.enum_values().is_empty());
    assert!(status.schema.nullable, "the rest of the type stays");
}

/// Fuzz finding F12: `{id}` in the path, `id` declared as an optional query
/// parameter. lap reads a field named like a `{name}` as that path
/// parameter, which must be required, so the compiled `@optional {id}` did
/// not parse. It is now written as required, with a warning.
#[test]
fn an_optional_parameter_named_like_a_path_segment_is_written_as_required() {
    let text = fixture("constructs.yaml").replacen(
        "        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n        - name: other",
        "        - name: id\n          in: query\n          schema:\n            type: string\n        - name: other",
        1,
    );
    assert!(
        text.contains(
            "in: query\n          schema:\n            type: string\n        - name: other"
        ),
        "the fixture changed shape"
    );
    let (lap, parsed) = compiled_with_warning(
        &text,
        Some("/paths/~1orders~1{id}/patch"),
        &[
            "optional query parameter `id`",
            "`{id}`",
            "written as required",
        ],
    );
    assert!(lap.contains("@endpoint PATCH /orders/{id}"), "{lap}");
    let patch = parsed
        .api
        .endpoints
        .iter()
        .find(|e| e.method == Method::Patch && e.path == "/orders/{id}")
        .expect("PATCH /orders/{id}");
    let (id, location) = param(patch, "id");
    assert!(id.required);
    assert_eq!(
        location,
        ParamLocation::Path,
        "lap reads it as the path parameter"
    );
}

/// Fuzz finding F13: paths `/pets` and `pets`. The second is written as
/// `/pets` for lap (F8), and the lap then had `GET /pets` twice. The
/// document's own `/pets` stays; the rewritten one is left out, with a
/// warning at its pointer.
#[test]
fn a_rewritten_path_that_meets_an_existing_one_is_left_out() {
    let text = fixture("petstore.yaml").replacen("  /pets/{petId}:", "  pets:", 1);
    assert!(text.contains("\n  pets:\n"), "the fixture changed shape");
    let (_, parsed) = compiled_with_warning(
        &text,
        Some("/paths/pets"),
        &["path `pets`", "`/pets`", "already has", "left out"],
    );
    let gets = parsed
        .api
        .endpoints
        .iter()
        .filter(|e| e.method == Method::Get && e.path == "/pets")
        .count();
    assert_eq!(gets, 1);
}

/// Fuzz finding F14: an HTTP security scheme whose `scheme` is blank (a
/// YAML tag with no value) was printed as `@auth ` with nothing after it,
/// which lap rejects. A scheme lap would not read back as itself is left
/// out, with a warning; an endpoint left with none uses the API's.
#[test]
fn a_security_scheme_lap_cannot_write_is_left_out_with_a_warning() {
    let text =
        fixture("constructs.yaml").replacen("      scheme: basic", "      scheme: \"  \"", 1);
    assert!(text.contains("scheme: \"  \""), "the fixture changed shape");
    let (lap, parsed) = compiled_with_warning(
        &text,
        None,
        &[
            "security scheme",
            "cannot be written as a lap `@auth` value",
        ],
    );
    assert!(!lap.contains("@auth \n"), "{lap}");
    assert!(
        parsed
            .api
            .endpoints
            .iter()
            .all(|e| e.details.auth.as_ref().is_none_or(|a| !a.is_empty())),
        "no empty @auth"
    );
}

/// Fuzz finding F15: a version (or title, or server URL) spanning lines
/// broke `@version` into a second line lap could not read. Each is now
/// written on one line, with a warning.
#[test]
fn header_values_spanning_lines_are_written_on_one_line() {
    let text = fixture("constructs.yaml")
        .replacen("  version: \"2.1\"", "  version: \"2.1\\n\\nbeta\"", 1)
        .replacen("  title: Constructs", "  title: \"Con\\nstructs\"", 1)
        .replacen(
            "  - url: https://{region}.api.example.com/v2",
            "  - url: \"https://{region}.api.example.com/v2\\n/x\"",
            1,
        );
    assert!(text.contains("2.1\\n\\nbeta"), "the fixture changed shape");
    let (lap, parsed) = compiled_with_warning(
        &text,
        Some("/info/version"),
        &["line breaks or control characters", "`2.1 beta`"],
    );
    assert_eq!(parsed.api.version.as_deref(), Some("2.1 beta"), "{lap}");
    assert_eq!(parsed.api.name, "Con structs");
    assert_eq!(
        parsed.api.base_url.as_deref(),
        Some("https://eu.api.example.com/v2%0A/x")
    );
}

#[test]
fn security_requirements_keep_their_alternatives_and_scopes_and_default_to_the_documents() {
    let doc = r#"
openapi: 3.0.3
info: {title: T, version: "1"}
security: [{Oauth2: [read]}]
components:
  securitySchemes:
    Oauth2: {type: oauth2, flows: {clientCredentials: {tokenUrl: "https://x/token", scopes: {read: r, buyer: b, seller: s}}}}
    Key: {type: apiKey, in: header, name: X-Key}
paths:
  /a:
    get:
      responses: {"200": {description: ok}}
    post:
      security: [{Oauth2: [seller]}, {Oauth2: [buyer], Key: []}]
      responses: {"200": {description: ok}}
"#;
    let api = import_str(doc).expect("imports").api;
    let inherited = endpoint(&api, Method::Get, "/a");
    assert_eq!(inherited.details.security.len(), 1);
    assert_eq!(
        inherited.details.security[0].schemes[0].scheme,
        AuthScheme::OAuth2
    );
    assert_eq!(inherited.details.security[0].schemes[0].scopes, ["read"]);
    let own = endpoint(&api, Method::Post, "/a");
    assert_eq!(own.details.security.len(), 2, "two alternatives");
    assert_eq!(own.details.security[0].schemes[0].scopes, ["seller"]);
    let both = &own.details.security[1].schemes;
    assert_eq!(both.len(), 2, "the second alternative needs both schemes");
    assert_eq!(both[0].scopes, ["buyer"]);
    assert_eq!(
        both[1].scheme,
        AuthScheme::ApiKey {
            name: "X-Key".to_owned(),
            location: ApiKeyLocation::Header
        }
    );
}

#[path = "import/depth.rs"]
mod depth;

/// A small OpenAPI 3.0 document with one `POST /things/{id}` operation whose
/// body is `media` and whose `kind` member has `schema` as its type.
fn one_operation(media: &str, kind: &str, header: &str) -> String {
    format!(
        r#"openapi: 3.0.3
info:
  title: One
{header}
paths:
  /things/{{id}}:
    post:
      parameters:
        - name: id
          in: path
          required: true
          schema: {{type: string}}
      requestBody:
        content:
          "{media}":
            schema:
              type: object
              required: [name]
              properties:
                name: {{type: string}}
                kind: {kind}
      responses:
        "204": {{description: Done.}}
"#
    )
}

fn post_things(parsed: &codegen::lap::Parsed) -> &codegen::model::Endpoint {
    parsed
        .api
        .endpoints
        .iter()
        .find(|e| e.method == Method::Post && e.path == "/things/{id}")
        .expect("POST /things/{id}")
}

/// Found by the corpus run: Azure's bodies are `application/json;
/// odata=minimalmetadata`, and their members were dropped because only a
/// bare `application/json` counted as JSON. Media type parameters and case
/// do not change what the body is.
#[test]
fn a_json_body_with_media_type_parameters_keeps_its_members() {
    for media in [
        "application/json; odata=minimalmetadata",
        "application/json;version=2",
        "Application/JSON",
        "application/vnd.thing+json; charset=utf-8",
    ] {
        let text = one_operation(media, "{type: string}", "  version: \"1\"");
        let compiled = compile(&text).expect("compiles");
        let parsed = codegen::lap::parse(&compiled.lap).expect("parses back");
        let names: Vec<&str> = post_things(&parsed)
            .params
            .iter()
            .map(|p| p.field.name.as_str())
            .collect();
        assert_eq!(names, ["id", "name", "kind"], "{media}:\n{}", compiled.lap);
    }
}

/// Enum values with balanced parentheses are what the grammar reads since
/// issue 14 (`0 (Private)`), so `lap compile` writes them instead of
/// dropping the enum; a `/` or an unbalanced parenthesis still cannot be
/// written, and drops the enum with a warning that names the value.
#[test]
fn enum_values_with_balanced_parentheses_are_written_and_read_back() {
    let text = one_operation(
        "application/json",
        "{type: string, enum: [\"0 (Private)\", \"1 (Public (old))\", OTHER]}",
        "  version: \"1\"",
    );
    let compiled = compile(&text).expect("compiles");
    assert!(
        compiled
            .warnings
            .iter()
            .all(|w| !w.message.contains("enum")),
        "{:#?}",
        compiled.warnings
    );
    let parsed = codegen::lap::parse_with(&compiled.lap, codegen::lap::Mode::Strict)
        .expect("parses back strictly");
    let (kind, _) = param(post_things(&parsed), "kind");
    assert_eq!(
        kind.schema.enum_values(),
        ["0 (Private)", "1 (Public (old))", "OTHER"]
    );
    for bad in ["a/b", "open (", "close )", " padded"] {
        let text = one_operation(
            "application/json",
            &format!("{{type: string, enum: [\"{bad}\", OTHER]}}"),
            "  version: \"1\"",
        );
        let (_, parsed) = compiled_with_warning(&text, None, &[&format!("enum value `{bad}`")]);
        let (kind, _) = param(post_things(&parsed), "kind");
        assert!(kind.schema.enum_values().is_empty(), "{bad}");
    }
}

/// A format that looks like an enum (`a/b`) is written with an empty enum
/// group, `str(a/b)()`, so it reads back as the format it is.
#[test]
fn a_format_with_a_slash_reads_back_as_a_format() {
    let text = one_operation(
        "application/json",
        "{type: string, format: \"date/time\"}",
        "  version: \"1\"",
    );
    let compiled = compile(&text).expect("compiles");
    let parsed = codegen::lap::parse_with(&compiled.lap, codegen::lap::Mode::Strict)
        .expect("parses back strictly");
    let (kind, _) = param(post_things(&parsed), "kind");
    assert_eq!(kind.schema.format(), Some("date/time"), "{}", compiled.lap);
    assert!(kind.schema.enum_values().is_empty());
}

/// Found by the corpus run: a blank server URL and a version of only
/// control characters were written as `@base ` and `@version `, which our
/// own parser refuses ("needs a value"). A blank URL states no server; a
/// version that collapses to nothing is no version.
#[test]
fn a_blank_server_url_or_version_writes_no_header_line() {
    let text = one_operation(
        "application/json",
        "{type: string}",
        "  version: \"\\n\\t\"\nservers:\n  - url: \"  \"",
    );
    let compiled = compile(&text).expect("compiles");
    let parsed = codegen::lap::parse_with(&compiled.lap, codegen::lap::Mode::Strict)
        .unwrap_or_else(|e| panic!("{}", e.render("compiled.lap", &compiled.lap)));
    assert_eq!(parsed.api.base_url, None);
    assert_eq!(parsed.api.version, None);
    assert!(!compiled.lap.contains("@base"), "{}", compiled.lap);
}

#[path = "import/expansion.rs"]
mod expansion;

/// `POST /things/{id}` with the parameters `params` (YAML flow maps) and a
/// body of `members` (`name: required`).
fn repeated_names(params: &[&str], members: &[(&str, bool)]) -> String {
    let params: String = params.iter().map(|p| format!("        - {p}\n")).collect();
    let required: Vec<&str> = members.iter().filter(|m| m.1).map(|m| m.0).collect();
    let props: String = members
        .iter()
        .map(|(n, _)| format!("                {n}: {{type: string}}\n"))
        .collect();
    format!(
        r#"openapi: 3.0.3
info: {{title: Repeats, version: "1"}}
paths:
  /things/{{id}}:
    post:
      summary: "&nbsp; <i class=\"fa fa-lg\"></i>"
      parameters:
{params}      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: {required:?}
              properties:
{props}      responses:
        "204": {{description: Done.}}
"#
    )
}

fn locations(parsed: &codegen::lap::Parsed) -> Vec<(String, ParamLocation, bool)> {
    post_things(parsed)
        .params
        .iter()
        .map(|p| (p.field.name.to_string(), p.location, p.field.required))
        .collect()
}

/// Found by the corpus run (codat.io, AWS query APIs): a body member with
/// the name of a path or query parameter was skipped by the import, and an
/// optional one beside a path parameter of its name was made required. lap
/// reads a name twice (section 5, rule 4), so both are kept and read back.
#[test]
fn a_body_member_named_like_a_parameter_is_kept_and_reads_back() {
    let text = repeated_names(
        &[
            "{name: id, in: path, required: true, schema: {type: string}}",
            "{name: name, in: query, schema: {type: string}}",
        ],
        &[("id", false), ("name", false), ("other", true)],
    );
    let compiled = compile(&text).expect("compiles");
    let parsed = codegen::lap::parse(&compiled.lap).expect("parses back");
    let mut got = locations(&parsed);
    got.sort();
    let mut want = vec![
        ("id".to_owned(), ParamLocation::Path, true),
        ("id".to_owned(), ParamLocation::Body, false),
        ("name".to_owned(), ParamLocation::Query, false),
        ("name".to_owned(), ParamLocation::Body, false),
        ("other".to_owned(), ParamLocation::Body, true),
    ];
    want.sort();
    assert_eq!(got, want, "{}", compiled.lap);
    // The query parameter of a POST reads back as a body member: said, and
    // nothing else is.
    let about: Vec<&str> = compiled
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .filter(|m| m.contains("parameter `"))
        .collect();
    assert!(about.is_empty(), "{about:#?}");
}

/// lap reads the first of two entries of a name as the query parameter;
/// the printer writes `@required` first, so a required body member beside
/// an optional query parameter of its name reads back swapped. The read
/// back finds it and says so; a third entry of one name, which lap cannot
/// read at all, is left out with a warning.
#[test]
fn what_reads_back_differently_is_found_by_reading_it_back() {
    let text = repeated_names(
        &[
            "{name: id, in: path, required: true, schema: {type: string}}",
            "{name: name, in: query, schema: {type: string}}",
            "{name: name, in: header, schema: {type: string}}",
        ],
        &[("name", true)],
    );
    let compiled = compile(&text).expect("compiles");
    let parsed = codegen::lap::parse(&compiled.lap).expect("parses back");
    assert_eq!(locations(&parsed).len(), 3, "{}", compiled.lap);
    let messages: Vec<&str> = compiled
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("a third parameter named `name`")),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("reads it back as a")),
        "{messages:#?}"
    );
    // A summary that is only markup is no `@desc` (an empty one does not parse).
    assert_eq!(post_things(&parsed).description, None);
}

/// Issue 16 item 2: a document's defaults are read against their member's
/// type as lap reads them, and the prose our export keeps out of `default`
/// (`x-default-text`) comes back as the same prose, so lap -> document ->
/// model loses no default.
#[test]
fn defaults_are_typed_like_lap_and_prose_comes_back_from_x_default_text() {
    let text = std::fs::read_to_string(root().join("spec/disputes.openapi.json"))
        .expect("generated document");
    let api = import_str(&text).expect("imports").api;
    let list = endpoint(&api, Method::Get, "/v1/customer/disputes");
    let page_size = param(list, "page_size")
        .0
        .default
        .as_ref()
        .expect("default");
    assert_eq!(page_size.value(), Some(&serde_json::json!(10)));
    let start = param(list, "start_time")
        .0
        .default
        .as_ref()
        .expect("default");
    assert_eq!(start.text(), "Current date and time");
    assert!(start.is_prose());
    let doc = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/x": {"get": {
        "parameters": [
          {"name": "n", "in": "query", "schema": {"type": "integer", "default": 3}},
          {"name": "q", "in": "query", "schema": {"type": "string", "default": "two words"}}],
        "responses": {"200": {"description": "ok"}}}}}}"#;
    let api = import_str(doc).expect("imports").api;
    let x = endpoint(&api, Method::Get, "/x");
    let n = param(x, "n").0.default.as_ref().expect("default");
    assert_eq!((n.text(), n.value()), ("3", Some(&serde_json::json!(3))));
    let q = param(x, "q").0.default.as_ref().expect("default");
    assert!(q.is_prose(), "a string with blanks is prose, as in lap");
}
