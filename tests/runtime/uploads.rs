use disputes_api::types::{AcceptClaimInput, ProvideEvidenceInput, SendMessageInput};
use disputes_api::{Error, FilePart, UploadError, UploadLimits};

use crate::stub::{Scripted, Stub, paypal_error};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

fn evidence_input() -> ProvideEvidenceInput {
    serde_json::from_value(serde_json::json!({
        "evidences": [{
            "evidence_type": "PROOF_OF_FULFILLMENT",
            "evidence_info": { "tracking_info": [{ "carrier_name": "FEDEX", "tracking_number": "122533485" }] },
            "notes": "Delivered on the 3rd."
        }]
    }))
    .expect("evidence input")
}

#[tokio::test]
async fn evidence_is_sent_as_a_json_input_part_plus_file_parts() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    client
        .provide_evidence()
        .id("PP-D-1")
        .input(evidence_input())
        .evidence_file(FilePart::new("receipt.pdf", PDF))
        .evidence_file(FilePart::new("photo.png", PNG))
        .send()
        .await
        .expect("upload");
    let call = &stub.calls()[0];
    assert_eq!(call.path, "/v1/customer/disputes/PP-D-1/provide-evidence");
    let content_type = call.header("content-type");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&call.body);
    assert!(body.contains("name=\"input\""), "{body}");
    assert!(
        body.contains("\"evidence_type\":\"PROOF_OF_FULFILLMENT\""),
        "{body}"
    );
    assert!(
        body.contains("filename=\"receipt.pdf\"") && body.contains("Content-Type: application/pdf"),
        "{body}"
    );
    assert!(
        body.contains("filename=\"photo.png\"") && body.contains("Content-Type: image/png"),
        "{body}"
    );
    assert!(call.headers.contains_key("paypal-request-id"));
}

/// PayPal's document names the part `supporting document`, blank included
/// (and its reference page's curl example sends it so); the notes are
/// optional, since PayPal takes notes or documents.
#[tokio::test]
async fn supporting_documents_go_in_parts_named_as_paypal_names_them() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    client
        .provide_supporting_info()
        .id("PP-D-1")
        .supporting_document(FilePart::new("contract.pdf", PDF))
        .supporting_document(FilePart::new("photo.png", PNG))
        .send()
        .await
        .expect("upload without notes");
    let body = String::from_utf8_lossy(&stub.calls()[0].body).into_owned();
    assert_eq!(
        body.matches("Content-Disposition: form-data; name=\"supporting document\"; filename=")
            .count(),
        2,
        "{body}"
    );
    assert!(!body.contains("name=\"input\""), "{body}");
}

#[tokio::test]
async fn an_upload_is_retried_with_the_same_body_and_request_id() {
    let stub = Stub::start().await;
    stub.push(Scripted::status(
        503,
        paypal_error("SERVICE_UNAVAILABLE", "SERVICE_UNAVAILABLE", "d"),
    ));
    let client = stub.client().build().expect("client");
    let input: SendMessageInput =
        serde_json::from_value(serde_json::json!({ "message": "Tracking attached." }))
            .expect("input");
    client
        .send_message()
        .id("PP-D-1")
        .input(input)
        .message_document(FilePart::new("tracking.pdf", PDF))
        .send()
        .await
        .expect("second attempt");
    let calls = stub.calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].body, calls[1].body, "the same multipart body");
    assert_eq!(
        calls[0].headers.get("paypal-request-id"),
        calls[1].headers.get("paypal-request-id")
    );
}

async fn rejected(limits: UploadLimits, files: Vec<FilePart>, note: &str) -> (Error, Stub) {
    let stub = Stub::start().await;
    let client = stub.client().upload_limits(limits).build().expect("client");
    let input: AcceptClaimInput =
        serde_json::from_value(serde_json::json!({ "note": note })).expect("input");
    let mut call = client.accept_claim().id("PP-D-1").input(input);
    for file in files {
        call = call.accept_claim_document(file);
    }
    let error = call.send().await.expect_err("rejected before sending");
    (error, stub)
}

#[tokio::test]
async fn upload_limits_are_typed_errors_naming_the_file_and_nothing_is_sent() {
    let small = UploadLimits {
        file_bytes: 100,
        call_bytes: 150,
        note_chars: 10,
    };
    let big_pdf = [PDF, &[b' '; 100][..]].concat();

    let (error, stub) = rejected(
        UploadLimits::default(),
        vec![FilePart::new("notes.txt", "plain text")],
        "ok",
    )
    .await;
    assert!(
        matches!(&error, Error::Upload(UploadError::UnsupportedFileType { file, .. }) if file == "notes.txt"),
        "{error:?}"
    );
    assert!(error.to_string().contains("notes.txt"));
    assert!(stub.requests().is_empty());

    let (error, stub) =
        rejected(small.clone(), vec![FilePart::new("big.pdf", big_pdf)], "ok").await;
    assert!(
        matches!(&error, Error::Upload(UploadError::FileTooLarge { file, limit: 100, .. }) if file == "big.pdf"),
        "{error:?}"
    );
    assert!(stub.requests().is_empty());

    let files = vec![
        FilePart::new("a.pdf", PDF),
        FilePart::new("b.pdf", PDF),
        FilePart::new("c.pdf", PDF),
        FilePart::new("d.pdf", PDF),
    ];
    let (error, stub) = rejected(small.clone(), files, "ok").await;
    // Each file is PDF.len() bytes; the one that crosses 150 is named.
    let crossing = ["a.pdf", "b.pdf", "c.pdf", "d.pdf"][150 / PDF.len()];
    assert!(
        matches!(
            &error,
            Error::Upload(UploadError::CallTooLarge { file, limit: 150, .. }) if file == crossing
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains(crossing), "{error}");
    assert!(stub.requests().is_empty());

    let (error, stub) = rejected(small, vec![], "eleven char").await;
    assert!(
        matches!(&error, Error::Upload(UploadError::NoteTooLong { field, chars: 11, limit: 10, .. }) if field == "input.note"),
        "{error:?}"
    );
    assert!(stub.requests().is_empty());

    let (error, _) = rejected(
        UploadLimits::default(),
        vec![FilePart::new("empty.pdf", Vec::new())],
        "ok",
    )
    .await;
    assert!(
        matches!(&error, Error::Upload(UploadError::EmptyFile { .. })),
        "{error:?}"
    );
}

#[tokio::test]
async fn default_limits_follow_paypal_s_current_documentation() {
    let limits = UploadLimits::default();
    assert_eq!(
        (limits.file_bytes, limits.call_bytes, limits.note_chars),
        (10 << 20, 50 << 20, 2000)
    );
    let legacy = UploadLimits::legacy();
    assert_eq!((legacy.file_bytes, legacy.call_bytes), (5 << 20, 10 << 20));
    // A 2000-character note is allowed, 2001 is not.
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    let ok: AcceptClaimInput =
        serde_json::from_value(serde_json::json!({ "note": "é".repeat(2000) })).expect("input");
    client
        .accept_claim()
        .id("PP-D-1")
        .input(ok)
        .send()
        .await
        .expect("2000 characters pass");
    let (error, _) = rejected(UploadLimits::default(), vec![], &"é".repeat(2001)).await;
    assert!(
        matches!(
            &error,
            Error::Upload(UploadError::NoteTooLong { chars: 2001, .. })
        ),
        "{error:?}"
    );
}

#[test]
fn file_kinds_are_judged_by_content_not_name() {
    use disputes_api::upload::FileKind;
    assert_eq!(FilePart::new("x.txt", PDF).kind(), Some(FileKind::Pdf));
    assert_eq!(FilePart::new("x.pdf", PNG).kind(), Some(FileKind::Png));
    assert_eq!(
        FilePart::new("x.jpg", [0xFF, 0xD8, 0xFF, 0xE0]).kind(),
        Some(FileKind::Jpeg)
    );
    assert_eq!(
        FilePart::new("x.gif", *b"GIF89a....").kind(),
        Some(FileKind::Gif)
    );
    assert_eq!(FilePart::new("x.pdf", *b"<html>").kind(), None);
}
