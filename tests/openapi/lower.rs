//! Lowering the lap spec to OpenAPI: operation ids, named components,
//! defaults, the overlay engine, and the committed document being fresh.

use codegen::openapi::{export::export, names::Names, overlay::Overlay};
use serde_json::{Value, json};
use tests::{lap_doc, parse_ok, root};

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn names() -> Names {
    Names::from_yaml(
        "spec/disputes.names.yaml",
        &read("spec/disputes.names.yaml"),
    )
    .expect("names file parses")
}

/// The seed lowered without the overlay, as JSON.
fn exported_seed() -> Value {
    let api = parse_ok(&read("spec/disputes.lap")).api;
    let exported = export(&api, &names()).expect("seed lowers");
    serde_json::to_value(&exported.document).expect("serializes")
}

fn lowered(lap: &str, names_yaml: &str) -> Result<Value, String> {
    let api = parse_ok(lap).api;
    let names = Names::from_yaml("names.yaml", names_yaml).map_err(|e| e.to_string())?;
    let exported = export(&api, &names).map_err(|e| e.to_string())?;
    serde_json::to_value(&exported.document).map_err(|e| e.to_string())
}

#[test]
fn seed_lowers_to_fifteen_operations_with_stable_snake_case_ids() {
    let doc = exported_seed();
    let mut ids = Vec::new();
    for (_, item) in doc["paths"].as_object().expect("paths") {
        for (_, op) in item.as_object().expect("path item") {
            ids.push(op["operationId"].as_str().expect("operationId").to_owned());
        }
    }
    assert_eq!(
        ids,
        [
            "list_disputes",
            "show_dispute_details",
            "update_dispute",
            "provide_evidence",
            "appeal_dispute",
            "accept_claim",
            "settle_dispute",
            "update_dispute_status",
            "escalate_dispute",
            "send_message",
            "make_offer",
            "accept_offer",
            "deny_offer",
            "acknowledge_returned_item",
            "provide_supporting_info"
        ]
    );
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(doc["servers"][0]["url"], "https://api-m.sandbox.paypal.com");
    assert_eq!(doc["tags"], json!([{"name": "disputes"}]));
    assert_eq!(doc["security"], json!([{"Oauth2": []}]));
}

#[test]
fn inline_objects_become_named_components_and_repeated_shapes_share_one() {
    let doc = exported_seed();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for name in [
        "Dispute",
        "DisputeSearch",
        "Money",
        "Cryptocurrency",
        "AddressPortable",
        "SubsequentAction",
        "Offer",
        "MakeOfferRequest",
    ] {
        assert!(
            schemas.contains_key(name),
            "missing component {name}: {:?}",
            schemas.keys().collect::<Vec<_>>()
        );
    }
    let dispute = &schemas["Dispute"]["properties"];
    assert_eq!(
        dispute["dispute_amount"],
        json!({"$ref": "#/components/schemas/Money"})
    );
    assert_eq!(
        schemas["Offer"]["properties"]["buyer_requested_amount"]["$ref"],
        "#/components/schemas/Money"
    );
    // The request's offer_amount says both members are required; Money keeps that.
    assert_eq!(
        schemas["Money"]["required"],
        json!(["currency_code", "value"])
    );
    // A described reference is wrapped so the description survives.
    let offer_amount = &schemas["MakeOfferRequest"]["properties"]["offer_amount"];
    assert_eq!(
        offer_amount["allOf"],
        json!([{"$ref": "#/components/schemas/Money"}])
    );
    assert!(
        offer_amount["description"]
            .as_str()
            .unwrap_or_default()
            .starts_with("The currency and amount")
    );
    let every_action = doc["paths"]["/v1/customer/disputes/{id}/accept-claim"]["post"]["responses"]
        ["200"]["content"]["application/json"]["schema"]
        .clone();
    assert_eq!(
        every_action,
        json!({"$ref": "#/components/schemas/SubsequentAction"})
    );
}

#[test]
fn request_body_fields_keep_required_enums_and_order() {
    let doc = exported_seed();
    let body = &doc["components"]["schemas"]["MakeOfferRequest"];
    assert_eq!(body["required"], json!(["note", "offer_type"]));
    let keys: Vec<&String> = body["properties"]
        .as_object()
        .expect("props")
        .keys()
        .collect();
    assert_eq!(
        keys,
        [
            "note",
            "offer_type",
            "offer_amount",
            "return_shipping_address",
            "invoice_id"
        ]
    );
    assert_eq!(
        body["properties"]["offer_type"]["enum"],
        json!([
            "REFUND",
            "REFUND_WITH_RETURN",
            "REFUND_WITH_REPLACEMENT",
            "REPLACEMENT_WITHOUT_REFUND"
        ])
    );
    let op = &doc["paths"]["/v1/customer/disputes/{id}/make-offer"]["post"];
    assert_eq!(op["requestBody"]["required"], true);
    let content = op["requestBody"]["content"].as_object().expect("content");
    assert_eq!(
        content.keys().collect::<Vec<_>>(),
        ["application/json"],
        "exactly one JSON media type"
    );
    assert_eq!(op["parameters"][0]["in"], "path");
    assert_eq!(op["parameters"][0]["name"], "id");
}

#[test]
fn typed_defaults_are_values_and_prose_defaults_stay_text() {
    let doc = exported_seed();
    let params = doc["paths"]["/v1/customer/disputes"]["get"]["parameters"]
        .as_array()
        .expect("params")
        .clone();
    let by_name = |n: &str| {
        params
            .iter()
            .find(|p| p["name"] == n)
            .expect("param")
            .clone()
    };
    assert_eq!(by_name("page_size")["schema"]["default"], 10);
    let start = by_name("start_time");
    assert!(
        start["schema"].get("default").is_none(),
        "prose is never a default: {start}"
    );
    assert_eq!(start["schema"]["x-default-text"], "Current date and time");
    assert_eq!(start["in"], "query");
    assert_ne!(
        start["required"], true,
        "optional parameters are not required"
    );
}

#[test]
fn examples_are_attached_only_when_they_fit_the_body() {
    let doc = exported_seed();
    let adjudicate = &doc["paths"]["/v1/customer/disputes/{id}/adjudicate"]["post"]["requestBody"]
        ["content"]["application/json"];
    assert_eq!(
        adjudicate["example"],
        json!({"adjudication_outcome": "BUYER_FAVOR"})
    );
    let require = &doc["paths"]["/v1/customer/disputes/{id}/require-evidence"]["post"]["requestBody"]
        ["content"]["application/json"];
    assert!(
        require.get("example").is_none(),
        "PayPal's swapped example is not emitted"
    );
}

#[test]
fn no_default_responses_and_errors_carry_their_descriptions() {
    let doc = exported_seed();
    let text = doc.to_string();
    assert!(
        !text.contains("\"default\":{\"description"),
        "no default responses"
    );
    let errors =
        &doc["paths"]["/v1/customer/disputes/{id}/provide-supporting-info"]["post"]["responses"];
    assert!(
        errors["404"]["description"]
            .as_str()
            .unwrap_or_default()
            .contains("dispute is not available")
    );
}

#[test]
fn two_different_objects_under_one_name_is_an_error_asking_for_a_names_entry() {
    let lap = lap_doc(
        "@endpoint GET /a\n@returns(200) {x: map{p: str}}\n\n@endpoint GET /b\n@returns(200) {x: map{q: int}}",
    );
    let err = lowered(&lap, "{}").expect_err("conflict");
    assert!(
        err.contains("two different objects would both be the component `X`"),
        "{err}"
    );
    assert!(err.contains("get_a 200 x"), "{err}");
    assert!(err.contains("name one of them under `schemas:`"), "{err}");
    let fixed = lowered(&lap, "schemas:\n  get_b 200 x: Other\n").expect("named apart");
    assert!(fixed["components"]["schemas"].get("Other").is_some());
}

#[test]
fn a_shared_shape_cut_to_a_bare_map_in_one_place_takes_the_members_stated_in_another() {
    // lapsh cuts nesting at a depth: PayPal's address is `details: map` in
    // a deep response and has its members in a shallow request body.
    let lap = lap_doc(
        "@endpoint GET /a\n@returns(200) {deep: map{address: map{line: str, details: map}}}\n\n@endpoint POST /b\n@required {address: map{line: str, details: map{street: str}}}\n@returns(200) ok",
    );
    let shapes = "shapes:\n  Address: [line, details]\n";
    let doc = lowered(&lap, shapes).expect("the cut is not a conflict");
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Address"]["properties"]["details"],
        json!({"$ref": "#/components/schemas/Details"})
    );
    assert_eq!(
        schemas["Details"]["properties"]["street"],
        json!({"type": "string"})
    );
    // A member that differs otherwise is still two objects.
    let other = lap_doc(
        "@endpoint GET /a\n@returns(200) {deep: map{address: map{line: str, details: str}}}\n\n@endpoint POST /b\n@required {address: map{line: str, details: map{street: str}}}\n@returns(200) ok",
    );
    let err = lowered(&other, shapes).expect_err("a string is not a cut object");
    assert!(
        err.contains("two different objects would both be the component `Address`"),
        "{err}"
    );
}

#[test]
fn colliding_operation_ids_are_an_error_naming_both_lines() {
    let lap = lap_doc("@endpoint GET /a\n@desc Get thing\n\n@endpoint GET /b\n@desc Get thing");
    let err = lowered(&lap, "{}").expect_err("collision");
    assert!(err.contains("operation id `get_thing`"), "{err}");
    assert!(lowered(&lap, "operations:\n  GET /b: get_other_thing\n").is_ok());
}

#[test]
fn names_file_errors_carry_line_and_column() {
    let err = Names::from_yaml("n.yaml", "operations:\n  - not a map\n").expect_err("bad names");
    assert!(err.to_string().starts_with("n.yaml: 2:"), "{err}");
    let err =
        Names::from_yaml("n.yaml", "shapes:\n  Money: [a, a]\n").expect_err("duplicate members");
    assert!(err.to_string().contains("distinct member names"), "{err}");
}

fn overlay(yaml: &str) -> Overlay {
    Overlay::from_yaml("o.yaml", yaml).expect("overlay parses")
}

#[test]
fn overlay_update_merges_objects_appends_arrays_and_replaces_scalars() {
    let mut doc =
        json!({"info": {"title": "T", "x": {"a": 1}}, "servers": [{"url": "s"}], "tags": ["a"]});
    overlay(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info\n    update: {title: New, x: {b: 2}}\n  - target: $.servers\n    update: {url: live}\n  - target: $.tags\n    update: [b, c]\n",
    )
    .apply("o.yaml", &mut doc)
    .expect("applies");
    assert_eq!(
        doc,
        json!({"info": {"title": "New", "x": {"a": 1, "b": 2}}, "servers": [{"url": "s"}, {"url": "live"}], "tags": ["a", "b", "c"]})
    );
}

#[test]
fn overlay_remove_deletes_every_selected_node_including_array_elements() {
    let mut doc = json!({"a": {"items": {"type": "object"}}, "b": {"items": {"type": "object"}}, "list": [1, 2, 3, 4]});
    overlay(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.*.items\n    remove: true\n  - target: $.list[?@ > 2]\n    remove: true\n",
    )
    .apply("o.yaml", &mut doc)
    .expect("applies");
    assert_eq!(doc, json!({"a": {}, "b": {}, "list": [1, 2]}));
}

#[test]
fn overlay_target_that_matches_nothing_is_an_error_naming_the_action() {
    let mut doc = json!({"info": {}});
    let err = overlay("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info\n    update: {a: 1}\n  - target: $.components.schemas.Gone\n    update: {a: 1}\n")
        .apply("o.yaml", &mut doc)
        .expect_err("stale target");
    let msg = err.to_string();
    assert!(
        msg.starts_with("o.yaml: action 2 (target `$.components.schemas.Gone`): selects nothing"),
        "{msg}"
    );
}

#[test]
fn malformed_overlays_are_rejected_with_a_reason() {
    let err = Overlay::from_yaml(
        "o.yaml",
        "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: []\n",
    )
    .expect_err("version");
    assert!(
        err.to_string()
            .contains("unsupported overlay version `2.0.0`"),
        "{err}"
    );
    let err = Overlay::from_yaml("o.yaml", "overlay: 1.0.0\ninfo: {title: t\n").expect_err("yaml");
    assert!(err.to_string().starts_with("o.yaml:"), "{err}");
    let mut doc = json!({});
    let err = overlay("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $[\n    update: {}\n")
        .apply("o.yaml", &mut doc)
        .expect_err("bad path");
    assert!(err.to_string().contains("not a JSONPath"), "{err}");
    let err = overlay("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $\n    update: {}\n    remove: true\n")
        .apply("o.yaml", &mut doc)
        .expect_err("both");
    assert!(
        err.to_string().contains("both `update` and `remove: true`"),
        "{err}"
    );
}

#[test]
fn committed_openapi_document_equals_a_fresh_lowering() {
    let api = parse_ok(&read("spec/disputes.lap")).api;
    let overlay = Overlay::from_yaml(
        "spec/disputes.overlay.yaml",
        &read("spec/disputes.overlay.yaml"),
    )
    .expect("overlay");
    let fresh = codegen::openapi::lower(&api, &names(), &overlay, "spec/disputes.overlay.yaml")
        .expect("lowers");
    let again = codegen::openapi::lower(&api, &names(), &overlay, "spec/disputes.overlay.yaml")
        .expect("lowers");
    assert_eq!(fresh.json, again.json, "lowering is deterministic");
    let committed = read("spec/disputes.openapi.json");
    assert!(
        committed == fresh.json,
        "spec/disputes.openapi.json is stale; run `cargo xtask codegen`"
    );
}

/// An overlay that breaks the document is an error at the member it broke,
/// as a JSON pointer, and the document handed on is the overlaid value.
#[test]
fn an_overlay_that_breaks_the_document_is_an_error_at_the_broken_member() {
    let api = parse_ok(&read("spec/disputes.lap")).api;
    let broken = overlay(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info\n    update: {version: [1]}\n",
    );
    let err = codegen::openapi::lower(&api, &names(), &broken, "o.yaml").expect_err("broken");
    let shown = err.to_string();
    assert!(
        shown.contains("not an OpenAPI 3.0 document: at /info/version:"),
        "{shown}"
    );
    let fine = overlay(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info\n    update: {title: Renamed}\n",
    );
    let lowered = codegen::openapi::lower(&api, &names(), &fine, "o.yaml").expect("lowers");
    assert_eq!(lowered.document["info"]["title"], "Renamed");
    let written: Value = serde_json::from_str(&lowered.json).expect("json");
    assert_eq!(written, lowered.document, "the file is the value handed on");
}
