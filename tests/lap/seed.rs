//! The published PayPal Disputes lap spec (seed 004, kept as
//! `spec/disputes.lap` with the two show-dispute-details members PayPal's
//! example in seed 001 adds) parses completely and prints back unchanged.

use codegen::model::{AuthScheme, Method, ParamLocation, StatusCode, Type};
use tests::{parse_ok, root};

fn spec() -> String {
    std::fs::read_to_string(root().join("spec/disputes.lap"))
        .expect("spec/disputes.lap is readable")
}

#[test]
fn seed_parses_into_its_fifteen_endpoints_in_file_order() {
    let parsed = parse_ok(&spec());
    let api = &parsed.api;
    assert_eq!(api.name, "Disputes");
    assert_eq!(api.version.as_deref(), Some("1.11"));
    assert_eq!(
        api.base_url.as_deref(),
        Some("https://api-m.sandbox.paypal.com")
    );
    assert_eq!(api.auth, vec![AuthScheme::OAuth2]);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let endpoints: Vec<(Method, &str)> = api
        .endpoints
        .iter()
        .map(|e| (e.method, e.path.as_str()))
        .collect();
    let expected = [
        (Method::Get, "/v1/customer/disputes"),
        (Method::Get, "/v1/customer/disputes/{id}"),
        (Method::Patch, "/v1/customer/disputes/{id}"),
        (Method::Post, "/v1/customer/disputes/{id}/provide-evidence"),
        (Method::Post, "/v1/customer/disputes/{id}/appeal"),
        (Method::Post, "/v1/customer/disputes/{id}/accept-claim"),
        (Method::Post, "/v1/customer/disputes/{id}/adjudicate"),
        (Method::Post, "/v1/customer/disputes/{id}/require-evidence"),
        (Method::Post, "/v1/customer/disputes/{id}/escalate"),
        (Method::Post, "/v1/customer/disputes/{id}/send-message"),
        (Method::Post, "/v1/customer/disputes/{id}/make-offer"),
        (Method::Post, "/v1/customer/disputes/{id}/accept-offer"),
        (Method::Post, "/v1/customer/disputes/{id}/deny-offer"),
        (
            Method::Post,
            "/v1/customer/disputes/{id}/acknowledge-return-item",
        ),
        (
            Method::Post,
            "/v1/customer/disputes/{id}/provide-supporting-info",
        ),
    ];
    assert_eq!(endpoints, expected);
}

#[test]
fn list_disputes_keeps_every_query_parameter_default_and_comment() {
    let parsed = parse_ok(&spec());
    let list = &parsed.api.endpoints[0];
    let names: Vec<&str> = list.params.iter().map(|p| p.field.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "start_time",
            "disputed_transaction_id",
            "page_size",
            "next_page_token",
            "dispute_state",
            "update_time_before",
            "update_time_after"
        ]
    );
    assert!(
        list.params
            .iter()
            .all(|p| p.location == ParamLocation::Query && !p.field.required)
    );
    let start = &list.params[0].field;
    assert_eq!(
        start.default.as_ref().map(|d| d.text()),
        Some("Current date and time")
    );
    let desc = start.description.as_deref().unwrap_or_default();
    assert!(desc.starts_with("Filters the disputes in the response by a creation date and time."));
    assert!(desc.ends_with("the `start_time` and `disputed_transaction_id` query parameters."));
    assert_eq!(list.params[2].field.schema.ty, Type::Integer);
    assert_eq!(
        list.params[2].field.default.as_ref().map(|d| d.text()),
        Some("10")
    );
    assert_eq!(
        list.params[3].field.default.as_ref().map(|d| d.text()),
        Some("The first page of data")
    );
    assert!(
        list.params[6]
            .field
            .description
            .as_deref()
            .unwrap_or_default()
            .ends_with("the default is the maximum time (180 days) supported.")
    );
    assert_eq!(list.responses.len(), 1);
    assert_eq!(
        list.errors.iter().map(|e| e.status).collect::<Vec<_>>(),
        [StatusCode::Code(400)]
    );
}

#[test]
fn request_enums_and_nested_objects_are_typed() {
    let parsed = parse_ok(&spec());
    let api = &parsed.api;
    let find = |path: &str| {
        api.endpoints
            .iter()
            .find(|e| e.path.ends_with(path))
            .expect("endpoint exists")
    };
    let adjudicate = find("/adjudicate");
    let outcome = &adjudicate.params[1];
    assert_eq!(outcome.location, ParamLocation::Body);
    assert!(outcome.field.required);
    assert_eq!(
        outcome.field.schema.enum_values(),
        ["BUYER_FAVOR", "SELLER_FAVOR"]
    );
    assert_eq!(adjudicate.params[0].location, ParamLocation::Path);
    assert_eq!(
        adjudicate.details.example_request.as_deref(),
        Some(r#"{"adjudication_outcome":"BUYER_FAVOR"}"#)
    );

    let offer = find("/make-offer");
    let offer_type = offer
        .params
        .iter()
        .find(|p| p.field.name == "offer_type")
        .expect("offer_type");
    assert_eq!(
        offer_type.field.schema.enum_values(),
        [
            "REFUND",
            "REFUND_WITH_RETURN",
            "REFUND_WITH_REPLACEMENT",
            "REPLACEMENT_WITHOUT_REFUND"
        ]
    );
    let amount = offer
        .params
        .iter()
        .find(|p| p.field.name == "offer_amount")
        .expect("offer_amount");
    let Type::Object(Some(members)) = &amount.field.schema.ty else {
        panic!(
            "offer_amount is an object with members: {:?}",
            amount.field.schema
        )
    };
    assert_eq!(members.len(), 2);
    assert!(members.iter().all(|m| m.required));
    assert_eq!(
        members[0].schema.format(),
        Some("ppaas_common_currency_code_v2")
    );
    assert!(
        amount
            .field
            .description
            .as_deref()
            .unwrap_or_default()
            .starts_with("The currency and amount")
    );
    let address = offer
        .params
        .iter()
        .find(|p| p.field.name == "return_shipping_address")
        .expect("address");
    let Type::Object(Some(lines)) = &address.field.schema.ty else {
        panic!("address is an object")
    };
    assert_eq!(lines.len(), 10);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.required)
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>(),
        ["country_code"]
    );
    assert!(
        address
            .field
            .description
            .as_deref()
            .unwrap_or_default()
            .contains("[Autofilling form controls: the autocomplete attribute](https://www.w3.org/TR/html51/sec-forms.html#autofilling-form-controls-the-autocomplete-attribute).")
    );
}

#[test]
fn responses_keep_nesting_and_every_status() {
    let parsed = parse_ok(&spec());
    let api = &parsed.api;
    let show = &api.endpoints[1];
    let fields = show.responses[0]
        .fields
        .as_ref()
        .expect("show dispute has fields");
    // Seed 004's 27 fields, as PayPal's document states them: the two
    // PayPal's example (seed 001) shows and the document lacks
    // (`dispute_state`, `history`) are the overlay's, so that `spec update`
    // can refresh the lap without losing them.
    assert_eq!(fields.len(), 27);
    assert_eq!(fields[26].name, "links");
    assert!(
        fields
            .iter()
            .all(|f| f.name != "dispute_state" && f.name != "history")
    );
    let extensions = fields
        .iter()
        .find(|f| f.name == "extensions")
        .expect("extensions");
    let Type::Object(Some(ext)) = &extensions.schema.ty else {
        panic!("extensions is an object")
    };
    let billing = ext
        .iter()
        .find(|f| f.name == "billing_dispute_properties")
        .expect("billing");
    let Type::Object(Some(billing)) = &billing.schema.ty else {
        panic!("billing is an object")
    };
    assert_eq!(billing.len(), 5);
    let patch = &api.endpoints[2];
    let statuses: Vec<StatusCode> = patch.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [StatusCode::Code(202), StatusCode::Code(204)]);
    assert_eq!(patch.responses[1].fields, None);
    assert!(
        patch.responses[1]
            .description
            .as_deref()
            .unwrap_or_default()
            .contains("204 No Content")
    );
    let accept_offer = &api.endpoints[11];
    assert_eq!(accept_offer.responses.len(), 2);
    let supporting = &api.endpoints[14];
    let codes: Vec<String> = supporting
        .errors
        .iter()
        .map(|e| e.status.to_string())
        .collect();
    assert_eq!(codes, ["400", "404", "422", "500"]);
    assert!(
        supporting.errors[1]
            .description
            .as_deref()
            .unwrap_or_default()
            .starts_with("The request failed due to the dispute is not available.")
    );
    let total_params: usize = api.endpoints.iter().map(|e| e.params.len()).sum();
    assert_eq!(total_params, 32);
}

#[test]
fn seed_is_already_canonical_and_printing_is_stable() {
    let source = spec();
    let first = codegen::lap::print(&parse_ok(&source).api);
    assert_eq!(first, source, "spec/disputes.lap is not in canonical form");
    let second = codegen::lap::print(&parse_ok(&first).api);
    assert_eq!(first, second);
}

#[test]
fn check_json_of_the_seed_matches_the_golden_file() {
    let parsed = parse_ok(&spec());
    let json = serde_json::to_string_pretty(&codegen::lap::to_json(&parsed)).expect("serializes");
    expectorate::assert_contents(
        root().join("tests/golden/disputes.lap.json"),
        &format!("{json}\n"),
    );
}
