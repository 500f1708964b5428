use std::str::FromStr as _;
use std::sync::OnceLock;
use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use disputes_api::webhooks::{DisputeEventType, WebhookError, WebhookVerifier, cert_url, header};
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
use rsa::signature::{SignatureEncoding as _, Signer as _};
use sha2::Sha256;
use x509_cert::builder::{Builder as _, CertificateBuilder, Profile};
use x509_cert::der::EncodePem as _;

const WEBHOOK_ID: &str = "1JE4291016473214C";

struct Keys {
    signing: SigningKey<Sha256>,
    certificate_pem: String,
}

/// One RSA key pair and a self-signed certificate for it, made here.
fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let private = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, 2048).expect("key pair");
        let signing = SigningKey::<Sha256>::new(private.clone());
        let public_der = private.to_public_key().to_public_key_der().expect("spki");
        let spki = x509_cert::spki::SubjectPublicKeyInfoOwned::try_from(public_der.as_bytes())
            .expect("spki");
        let builder = CertificateBuilder::new(
            Profile::Root,
            x509_cert::serial_number::SerialNumber::from(7u32),
            x509_cert::time::Validity::from_now(Duration::from_secs(24 * 3600)).expect("validity"),
            x509_cert::name::Name::from_str("CN=messageverificationcerts.paypal.com")
                .expect("name"),
            spki,
            &signing,
        )
        .expect("builder");
        let certificate = builder
            .build::<rsa::pkcs1v15::Signature>()
            .expect("certificate");
        Keys {
            signing,
            certificate_pem: certificate.to_pem(LineEnding::LF).expect("pem"),
        }
    })
}

fn event(event_type: &str) -> Vec<u8> {
    let mut dispute: serde_json::Value = serde_json::from_str(include_str!(
        "../fixtures/payloads/show_dispute_details.json"
    ))
    .expect("fixture");
    dispute["dispute_id"] = "PP-D-4242".into();
    serde_json::json!({
        "id": "WH-4M0448861G563140B-9EX36365822141321",
        "create_time": "2024-03-01T10:00:00.000Z",
        "resource_type": "dispute",
        "event_type": event_type,
        "summary": "A dispute was updated",
        "resource": dispute,
        "event_version": "1.0",
    })
    .to_string()
    .into_bytes()
}

/// Headers as PayPal sends them, signed over `body` for `webhook_id`.
fn signed(body: &[u8], webhook_id: &str, sent: DateTime<Utc>) -> http::HeaderMap {
    let time = sent.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let id = "b2384410-f8d2-11ee-8a0e-a1b2c3d4e5f6";
    let message = format!("{id}|{time}|{webhook_id}|{}", crc32(body));
    let signature = keys().signing.sign(message.as_bytes());
    let mut headers = http::HeaderMap::new();
    let mut set = |name: &'static str, value: String| {
        headers.insert(name, value.parse().expect("header value"));
    };
    set(header::TRANSMISSION_ID, id.to_owned());
    set(header::TRANSMISSION_TIME, time);
    set(
        header::TRANSMISSION_SIG,
        base64::engine::general_purpose::STANDARD.encode(signature.to_bytes()),
    );
    set(
        header::CERT_URL,
        "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270".to_owned(),
    );
    set(header::AUTH_ALGO, "SHA256withRSA".to_owned());
    headers
}

/// CRC-32 (IEEE), written out here so the test does not trust the crate's choice.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new(WEBHOOK_ID, &keys().certificate_pem).expect("verifier")
}

#[test]
fn a_signed_dispute_event_verifies_and_decodes() {
    let body = event("CUSTOMER.DISPUTE.UPDATED");
    let decoded = verifier()
        .verify(&signed(&body, WEBHOOK_ID, Utc::now()), &body)
        .expect("valid");
    assert_eq!(decoded.event_type, DisputeEventType::Updated);
    assert_eq!(decoded.id, "WH-4M0448861G563140B-9EX36365822141321");
    assert_eq!(
        decoded.resource.dispute_id.as_ref().map(|id| id.as_str()),
        Some("PP-D-4242")
    );
    for (name, kind) in [
        ("CUSTOMER.DISPUTE.CREATED", DisputeEventType::Created),
        ("CUSTOMER.DISPUTE.RESOLVED", DisputeEventType::Resolved),
    ] {
        let body = event(name);
        let decoded = verifier()
            .verify(&signed(&body, WEBHOOK_ID, Utc::now()), &body)
            .expect("valid");
        assert_eq!(decoded.event_type, kind);
        assert_eq!(decoded.event_type.as_str(), name);
    }
}

#[test]
fn a_changed_body_or_another_webhook_id_fails_the_signature() {
    let body = event("CUSTOMER.DISPUTE.UPDATED");
    let headers = signed(&body, WEBHOOK_ID, Utc::now());
    let mut tampered = body.clone();
    let at = tampered.len() - 3;
    tampered[at] = b' ';
    assert!(matches!(
        verifier().verify(&headers, &tampered),
        Err(WebhookError::BadSignature)
    ));
    let other = signed(&body, "ANOTHER-WEBHOOK", Utc::now());
    assert!(matches!(
        verifier().verify(&other, &body),
        Err(WebhookError::BadSignature)
    ));
    let mut garbage = headers.clone();
    garbage.insert(
        header::TRANSMISSION_SIG,
        "bm90IGEgc2lnbmF0dXJl".parse().expect("value"),
    );
    assert!(matches!(
        verifier().verify(&garbage, &body),
        Err(WebhookError::BadSignature)
    ));
}

#[test]
fn stale_transmissions_are_rejected_within_a_configurable_tolerance() {
    let body = event("CUSTOMER.DISPUTE.UPDATED");
    let old = Utc::now() - chrono::Duration::minutes(10);
    let headers = signed(&body, WEBHOOK_ID, old);
    let error = verifier()
        .verify(&headers, &body)
        .expect_err("10 minutes old");
    assert!(matches!(error, WebhookError::Stale { .. }), "{error:?}");
    assert!(error.to_string().contains("tolerance"), "{error}");
    verifier()
        .tolerance(Duration::from_secs(15 * 60))
        .verify(&headers, &body)
        .expect("inside a 15-minute tolerance");
}

#[test]
fn wrong_algorithm_missing_headers_and_other_events_are_named() {
    let body = event("CUSTOMER.DISPUTE.UPDATED");
    let mut headers = signed(&body, WEBHOOK_ID, Utc::now());
    headers.insert(header::AUTH_ALGO, "SHA1withRSA".parse().expect("value"));
    assert!(
        matches!(verifier().verify(&headers, &body), Err(WebhookError::UnsupportedAlgorithm(a)) if a == "SHA1withRSA")
    );
    let mut headers = signed(&body, WEBHOOK_ID, Utc::now());
    headers.remove(header::TRANSMISSION_ID);
    assert!(matches!(
        verifier().verify(&headers, &body),
        Err(WebhookError::MissingHeader("paypal-transmission-id"))
    ));
    let payment = event("PAYMENT.CAPTURE.COMPLETED");
    let headers = signed(&payment, WEBHOOK_ID, Utc::now());
    assert!(
        matches!(verifier().verify(&headers, &payment), Err(WebhookError::NotADisputeEvent(e)) if e == "PAYMENT.CAPTURE.COMPLETED")
    );
}

#[test]
fn an_expired_certificate_or_a_foreign_certificate_url_is_refused() {
    let body = event("CUSTOMER.DISPUTE.UPDATED");
    let later = Utc::now() + chrono::Duration::days(3);
    let headers = signed(&body, WEBHOOK_ID, later);
    let error = verifier()
        .verify_at(&headers, &body, later)
        .expect_err("certificate expired");
    assert!(
        matches!(error, WebhookError::CertificateExpired { .. }),
        "{error:?}"
    );

    let ok = signed(&body, WEBHOOK_ID, Utc::now());
    assert_eq!(
        cert_url(&ok).expect("paypal").host_str(),
        Some("api.paypal.com")
    );
    for bad in [
        "http://api.paypal.com/cert",
        "https://paypal.com.evil.example/cert",
        "https://evil.example/paypal.com",
    ] {
        let mut headers = ok.clone();
        headers.insert(header::CERT_URL, bad.parse().expect("value"));
        assert!(
            matches!(cert_url(&headers), Err(WebhookError::UntrustedCertUrl(_))),
            "{bad}"
        );
    }
    assert!(matches!(
        WebhookVerifier::new(WEBHOOK_ID, "not a pem"),
        Err(WebhookError::Certificate(_))
    ));
}
