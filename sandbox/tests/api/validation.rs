use reqwest::StatusCode;
use sandbox::{Config, UploadLimits};
use serde_json::{Value, json};

use crate::{Api, PDF, RawPart, answer, is, multipart_body};

async fn open_inquiry(api: &Api) -> String {
    api.find(|d| {
        is(d, "dispute_life_cycle_stage", "INQUIRY")
            && is(d, "status", "WAITING_FOR_SELLER_RESPONSE")
    })
    .await
    .0
}

async fn awaiting_seller_evidence(api: &Api) -> String {
    api.find(|d| is(d, "status", "WAITING_FOR_SELLER_RESPONSE"))
        .await
        .0
}

#[tokio::test]
async fn missing_and_malformed_fields_are_400_with_one_detail_each() {
    let api = Api::seeded(30).await;
    let id = open_inquiry(&api).await;
    let path = format!("/v1/customer/disputes/{id}/make-offer");
    let refused = api
        .post_json(
            &path,
            &api.seller,
            &json!({"offer_type": "CASH", "offer_amount": {"value": 3}}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.body["name"], "INVALID_REQUEST");
    assert_eq!(
        refused.fields(),
        [
            ("/note".to_owned(), "MISSING_REQUIRED_PARAMETER".to_owned()),
            (
                "/offer_type".to_owned(),
                "INVALID_PARAMETER_VALUE".to_owned()
            ),
            (
                "/offer_amount/currency_code".to_owned(),
                "MISSING_REQUIRED_PARAMETER".to_owned()
            ),
            (
                "/offer_amount/value".to_owned(),
                "INVALID_PARAMETER_SYNTAX".to_owned()
            ),
        ]
    );
    assert!(
        refused.body["details"]
            .as_array()
            .is_some_and(|d| d.iter().all(|d| d["location"] == "body"))
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_400_and_another_media_type_is_415() {
    let api = Api::seeded(30).await;
    let id = open_inquiry(&api).await;
    let url = api.url(&format!("/v1/customer/disputes/{id}/escalate"));
    let broken = api
        .http
        .post(&url)
        .bearer_auth(&api.seller)
        .header("content-type", "application/json")
        .body("{\"note\": ")
        .send()
        .await
        .expect("sent");
    let broken = answer(broken).await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert_eq!(broken.issues(), ["MALFORMED_REQUEST_JSON"]);
    let xml = api
        .http
        .post(&url)
        .bearer_auth(&api.seller)
        .header("content-type", "application/xml")
        .body("<note/>")
        .send()
        .await
        .expect("sent");
    assert_eq!(xml.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn empty_notes_and_messages_are_400_invalid_string_min_length_with_the_field() {
    let api = Api::seeded(40).await;
    let id = open_inquiry(&api).await;
    let message = api
        .post_multipart(
            &format!("/v1/customer/disputes/{id}/send-message"),
            &api.seller,
            Some(&json!({"message": ""})),
            &[],
        )
        .await;
    assert_eq!(message.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        message.fields(),
        [(
            "/message".to_owned(),
            "INVALID_STRING_MIN_LENGTH".to_owned()
        )]
    );
    let escalate = api
        .post_json(
            &format!("/v1/customer/disputes/{id}/escalate"),
            &api.seller,
            &json!({"note": ""}),
        )
        .await;
    assert_eq!(escalate.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        escalate.fields(),
        [("/note".to_owned(), "INVALID_STRING_MIN_LENGTH".to_owned())]
    );
    let patch = patch(
        &api,
        &id,
        &json!([{"op": "replace", "path": "/communication_details/note", "value": ""}]),
    )
    .await;
    assert_eq!(patch.status, StatusCode::BAD_REQUEST, "{:?}", patch.body);
    assert_eq!(
        patch.fields(),
        [(
            "/communication_details/note".to_owned(),
            "INVALID_STRING_MIN_LENGTH".to_owned()
        )]
    );
    // One character is enough.
    let one = api
        .post_multipart(
            &format!("/v1/customer/disputes/{id}/send-message"),
            &api.seller,
            Some(&json!({"message": "m"})),
            &[],
        )
        .await;
    assert_eq!(one.status, StatusCode::OK, "{:?}", one.body);
}

#[tokio::test]
async fn notes_over_2000_characters_are_400_with_the_field() {
    let api = Api::seeded(40).await;
    let id = awaiting_seller_evidence(&api).await;
    let long = "n".repeat(2001);
    let input = json!({"evidences": [{"evidence_type": "OTHER", "notes": long}]});
    let refused = api
        .post_multipart(
            &format!("/v1/customer/disputes/{id}/provide-evidence"),
            &api.seller,
            Some(&input),
            &[("evidence-file", "proof.pdf", PDF)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.fields(),
        [(
            "/evidences/0/notes".to_owned(),
            "INVALID_STRING_MAX_LENGTH".to_owned()
        )]
    );
    let id = open_inquiry(&api).await;
    let message = api
        .post_multipart(
            &format!("/v1/customer/disputes/{id}/send-message"),
            &api.seller,
            Some(&json!({"message": "m".repeat(2001)})),
            &[],
        )
        .await;
    assert_eq!(
        message.fields(),
        [(
            "/message".to_owned(),
            "INVALID_STRING_MAX_LENGTH".to_owned()
        )]
    );
    let exactly = api
        .post_multipart(
            &format!("/v1/customer/disputes/{id}/send-message"),
            &api.seller,
            Some(&json!({"message": "m".repeat(2000)})),
            &[],
        )
        .await;
    assert_eq!(exactly.status, StatusCode::OK);
}

#[tokio::test]
async fn uploads_must_be_jpg_gif_png_or_pdf_by_content() {
    let api = Api::seeded(40).await;
    let id = awaiting_seller_evidence(&api).await;
    let input = json!({"evidences": [{"evidence_type": "OTHER", "notes": "n"}]});
    let refused = api
        .post_multipart(
            &format!("/v1/customer/disputes/{id}/provide-evidence"),
            &api.seller,
            Some(&input),
            &[(
                "evidence-file",
                "looks-like.pdf",
                b"MZ\x90\x00 an executable",
            )],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.issues(), ["UNSUPPORTED_FILE_TYPE"]);
    assert_eq!(refused.body["details"][0]["value"], "looks-like.pdf");
    assert_eq!(refused.body["details"][0]["field"], "evidence-file");
}

#[tokio::test]
async fn files_over_the_file_and_call_limits_are_400() {
    let limits = UploadLimits {
        paypal: disputes_api::UploadLimits {
            file_bytes: 1_000,
            call_bytes: 1_500,
            ..Default::default()
        },
        ..UploadLimits::default()
    };
    let api = Api::start(Config::default().disputes(40).upload_limits(limits)).await;
    let id = awaiting_seller_evidence(&api).await;
    let path = format!("/v1/customer/disputes/{id}/provide-evidence");
    let input = json!({"evidences": [{"evidence_type": "OTHER", "notes": "n"}]});
    let mut big = PDF.to_vec();
    big.resize(1_000, b' ');
    let one = api
        .post_multipart(
            &path,
            &api.seller,
            Some(&input),
            &[("evidence-file", "big.pdf", &big)],
        )
        .await;
    assert_eq!(one.issues(), ["FILE_SIZE_EXCEEDED"]);
    let mut part = PDF.to_vec();
    part.resize(800, b' ');
    let two = api
        .post_multipart(
            &path,
            &api.seller,
            Some(&input),
            &[
                ("evidence-file", "a.pdf", &part),
                ("evidence-file", "b.pdf", &part),
            ],
        )
        .await;
    assert_eq!(two.issues(), ["TOTAL_FILE_SIZE_EXCEEDED"]);
    let fits = api
        .post_multipart(
            &path,
            &api.seller,
            Some(&input),
            &[("evidence-file", "a.pdf", &part)],
        )
        .await;
    assert_eq!(fits.status, StatusCode::OK, "{:?}", fits.body);
    let shown = api.show(&id, &api.seller).await.body;
    let names: Vec<&str> = shown["evidences"]
        .as_array()
        .and_then(|e| e.last())
        .and_then(|e| e["documents"].as_array())
        .map(|d| d.iter().filter_map(|d| d["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["a.pdf"]);
}

#[tokio::test]
async fn a_missing_input_part_or_a_file_under_an_unknown_name_is_400() {
    let api = Api::seeded(40).await;
    let id = awaiting_seller_evidence(&api).await;
    let path = format!("/v1/customer/disputes/{id}/provide-evidence");
    let no_input = api
        .post_multipart(&path, &api.seller, None, &[("evidence-file", "a.pdf", PDF)])
        .await;
    assert_eq!(
        no_input.fields(),
        [("input".to_owned(), "MISSING_REQUIRED_PARAMETER".to_owned())]
    );
    let input = json!({"evidences": [{"evidence_type": "OTHER"}]});
    let misnamed = api
        .post_multipart(&path, &api.seller, Some(&input), &[("file", "a.pdf", PDF)])
        .await;
    assert_eq!(
        misnamed.fields(),
        [("file".to_owned(), "INVALID_PARAMETER_VALUE".to_owned())]
    );
    // A field that is not a file is ignored, like an unknown JSON member.
    let form = reqwest::multipart::Form::new()
        .part(
            "input",
            reqwest::multipart::Part::text(input.to_string())
                .mime_str("application/json")
                .expect("mime"),
        )
        .text("comment", "ignored");
    let extra_field = answer(
        api.http
            .post(api.url(&path))
            .bearer_auth(&api.seller)
            .multipart(form)
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(extra_field.status, StatusCode::OK, "{:?}", extra_field.body);
    let json_body = api.post_json(&path, &api.seller, &input).await;
    assert_eq!(json_body.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Even where the input part is optional, the body is not.
    let (claim, _) = api
        .find(|d| {
            d["links"]
                .as_array()
                .is_some_and(|l| l.iter().any(|l| l["rel"] == "accept_claim"))
        })
        .await;
    let no_body = answer(
        api.http
            .post(api.url(&format!("/v1/customer/disputes/{claim}/accept-claim")))
            .bearer_auth(&api.seller)
            .send()
            .await
            .expect("sent"),
    )
    .await;
    assert_eq!(no_body.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_body.issues(), ["MISSING_REQUIRED_PARAMETER"]);
}

#[tokio::test]
async fn proof_of_fulfillment_without_tracking_is_400() {
    let api = Api::seeded(40).await;
    let id = awaiting_seller_evidence(&api).await;
    let input =
        json!({"evidences": [{"evidence_type": "PROOF_OF_FULFILLMENT", "notes": "Shipped."}]});
    let refused = api
        .post_multipart(
            &format!("/v1/customer/disputes/{id}/provide-evidence"),
            &api.seller,
            Some(&input),
            &[],
        )
        .await;
    assert_eq!(
        refused.fields(),
        [(
            "/evidences/0/evidence_info/tracking_info".to_owned(),
            "MISSING_REQUIRED_PARAMETER".to_owned()
        )]
    );
}

async fn patch(api: &Api, id: &str, body: &Value) -> crate::Answer {
    answer(
        api.http
            .patch(api.url(&format!("/v1/customer/disputes/{id}")))
            .bearer_auth(&api.seller)
            .json(body)
            .send()
            .await
            .expect("sent"),
    )
    .await
}

#[tokio::test]
async fn partially_update_dispute_sets_communication_details_and_refuses_other_paths() {
    let api = Api::seeded(30).await;
    let id = open_inquiry(&api).await;
    let done = patch(
        &api,
        &id,
        &json!([{"op": "add", "path": "/communication_details", "value": {"email": "help@shop.example", "note": "Mail us photos."}}]),
    )
    .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT);
    let shown = api.show(&id, &api.seller).await.body;
    assert_eq!(shown["communication_details"]["email"], "help@shop.example");
    assert!(shown["communication_details"]["time_posted"].is_string());
    let other = patch(
        &api,
        &id,
        &json!([{"op": "replace", "path": "/status", "value": "RESOLVED"}]),
    )
    .await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        other.fields(),
        [("/0/path".to_owned(), "INVALID_PARAMETER_VALUE".to_owned())]
    );
    let remove = patch(
        &api,
        &id,
        &json!([{"op": "remove", "path": "/communication_details"}]),
    )
    .await;
    assert_eq!(remove.issues(), ["INVALID_PATCH_OPERATION"]);
    let not_array = patch(&api, &id, &json!({"op": "add"})).await;
    assert_eq!(not_array.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn uploads_above_axums_default_2_mb_body_limit_are_read_up_to_the_sandboxs_own() {
    let api = Api::seeded(40).await;
    let id = awaiting_seller_evidence(&api).await;
    let input = json!({"evidences": [{"evidence_type": "OTHER", "notes": "n"}]});
    let mut scan = PDF.to_vec();
    scan.resize(3 * 1024 * 1024, b' ');
    let done = api
        .post_multipart(
            &format!("/v1/customer/disputes/{id}/provide-evidence"),
            &api.seller,
            Some(&input),
            &[("evidence-file", "scan.pdf", &scan)],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
}

#[tokio::test]
async fn more_than_10_files_in_one_call_are_400_and_add_nothing() {
    let api = Api::seeded(40).await;
    let id = awaiting_seller_evidence(&api).await;
    let path = format!("/v1/customer/disputes/{id}/provide-evidence");
    let input = json!({"evidences": [{"evidence_type": "OTHER", "notes": "n"}]}).to_string();
    let names: Vec<String> = (0..100_000).map(|i| format!("{i}.pdf")).collect();
    let call = |part: &'static str, count: usize| {
        let mut parts: Vec<RawPart<'_>> = vec![("input", None, input.as_bytes())];
        parts.extend(
            names[..count]
                .iter()
                .map(|name| (part, Some(name.as_str()), PDF)),
        );
        multipart_body("b0undary", &parts)
    };
    let before = api.sandbox.dispute(&id).expect("dispute").uploads.len();
    let refused = api
        .post_raw_multipart(
            &path,
            &api.seller,
            "b0undary",
            call("evidence-file", 100_000),
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.fields(),
        [(
            "evidence-file".to_owned(),
            "INVALID_PARAMETER_VALUE".to_owned()
        )]
    );
    // Files under an unknown part name count too, and each is refused.
    let misnamed = api
        .post_raw_multipart(
            &path,
            &api.seller,
            "b0undary",
            call("attachment", 100_000),
            None,
        )
        .await;
    assert_eq!(misnamed.status, StatusCode::BAD_REQUEST);
    assert_eq!(misnamed.fields().len(), 11, "{:?}", misnamed.fields());
    assert_eq!(
        api.sandbox.dispute(&id).expect("dispute").uploads.len(),
        before
    );
    let ten = api
        .post_raw_multipart(
            &path,
            &api.seller,
            "b0undary",
            call("evidence-file", 10),
            None,
        )
        .await;
    assert_eq!(ten.status, StatusCode::OK, "{:?}", ten.body);
    assert_eq!(
        api.sandbox.dispute(&id).expect("dispute").uploads.len(),
        before + 10
    );
}

#[tokio::test]
async fn an_answer_lists_at_most_20_problems_and_a_note_that_there_are_more() {
    let api = Api::seeded(40).await;
    let id = open_inquiry(&api).await;
    let input = json!({"message": "Hello."}).to_string();
    let parts: Vec<RawPart<'_>> = (0..100_000)
        .map(|_| ("input", None, input.as_bytes()))
        .collect();
    let refused = api
        .post_raw_multipart(
            &format!("/v1/customer/disputes/{id}/send-message"),
            &api.seller,
            "b0undary",
            multipart_body("b0undary", &parts),
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let details = refused.body["details"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(details.len(), 21, "{details:?}");
    assert!(
        details[20]["description"]
            .as_str()
            .is_some_and(|d| d.contains("not listed")),
        "{:?}",
        details[20]
    );
}

#[tokio::test]
async fn an_unknown_acknowledgement_type_is_400_not_item_received() {
    let api = Api::seeded(40).await;
    let (id, before) = api
        .find(|d| {
            d["links"]
                .as_array()
                .is_some_and(|l| l.iter().any(|l| l["rel"] == "acknowledge_return_item"))
        })
        .await;
    let refused = api
        .post_multipart(
            &format!("/v1/customer/disputes/{id}/acknowledge-return-item"),
            &api.seller,
            Some(&json!({"acknowledgement_type": "ITEM_EATEN"})),
            &[],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.fields(),
        [(
            "/acknowledgement_type".to_owned(),
            "INVALID_PARAMETER_VALUE".to_owned()
        )]
    );
    let after = api.show(&id, &api.seller).await.body;
    assert_eq!(after["update_time"], before["update_time"]);
}

#[tokio::test]
async fn a_patched_note_is_held_to_the_configured_note_limit() {
    let limits = UploadLimits {
        paypal: disputes_api::UploadLimits {
            note_chars: 10,
            ..Default::default()
        },
        ..UploadLimits::default()
    };
    let api = Api::start(Config::default().disputes(30).upload_limits(limits)).await;
    let id = open_inquiry(&api).await;
    let note = |text: &str| json!([{"op": "replace", "path": "/communication_details/note", "value": text}]);
    let over = patch(&api, &id, &note("eleven char")).await;
    assert_eq!(over.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        over.fields(),
        [(
            "/communication_details/note".to_owned(),
            "INVALID_STRING_MAX_LENGTH".to_owned()
        )]
    );
    let fits = patch(&api, &id, &note("ten chars.")).await;
    assert_eq!(fits.status, StatusCode::NO_CONTENT, "{:?}", fits.body);
}

#[tokio::test]
async fn a_body_over_the_call_limit_and_framing_is_refused_with_paypals_error_unread() {
    let limits = UploadLimits {
        paypal: disputes_api::UploadLimits {
            call_bytes: 1_000,
            ..Default::default()
        },
        ..UploadLimits::default()
    };
    let api = Api::start(Config::default().disputes(30).upload_limits(limits)).await;
    let id = open_inquiry(&api).await;
    // The limit is the call's files plus 1 MiB for the input and framing.
    let note = "n".repeat(1_000 + 1024 * 1024);
    let refused = api
        .post_json(
            &format!("/v1/customer/disputes/{id}/escalate"),
            &api.seller,
            &json!({ "note": note }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.body["name"], "INVALID_REQUEST");
    assert_eq!(refused.issues(), ["TOTAL_FILE_SIZE_EXCEEDED"]);
}

#[tokio::test]
async fn a_paypal_request_id_of_more_than_108_characters_is_400() {
    let api = Api::seeded(30).await;
    let id = open_inquiry(&api).await;
    let path = format!("/v1/customer/disputes/{id}/escalate");
    let body = json!({"note": "n"});
    let long = "r".repeat(109);
    let refused = api
        .post_json_with_id(&path, &api.seller, &body, Some(&long))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.fields(),
        [(
            "PayPal-Request-Id".to_owned(),
            "INVALID_PARAMETER_VALUE".to_owned()
        )]
    );
    assert_eq!(api.sandbox.counters().total_applied(), 0);
    let longest = "r".repeat(108);
    let accepted = api
        .post_json_with_id(&path, &api.seller, &body, Some(&longest))
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
}
