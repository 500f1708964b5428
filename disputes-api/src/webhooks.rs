//! Dispute webhooks: typed events and offline signature verification.
//!
//! PayPal signs `transmission_id|transmission_time|webhook_id|crc32(body)`
//! (the CRC as an unsigned decimal) with SHA256withRSA; the signature, the
//! algorithm, the time and the certificate URL arrive as
//! `PAYPAL-TRANSMISSION-*` headers. Verification here is what PayPal's SDKs
//! do offline: you fetch the certificate from `PAYPAL-CERT-URL` (check it
//! with [`cert_url`] first, then cache it), and [`WebhookVerifier`] checks
//! the signature against its public key, the certificate's validity
//! period, the algorithm and the transmission time. It does not verify the
//! certificate chain: pin the certificates you accept.

use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier as _;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use x509_cert::der::{DecodePem as _, Encode as _};

use crate::types::Dispute;

/// The headers PayPal sends with every webhook.
pub mod header {
    /// Unique ID of this delivery.
    pub const TRANSMISSION_ID: &str = "paypal-transmission-id";
    /// When PayPal sent it (RFC 3339).
    pub const TRANSMISSION_TIME: &str = "paypal-transmission-time";
    /// Base64 signature.
    pub const TRANSMISSION_SIG: &str = "paypal-transmission-sig";
    /// Where the signing certificate is.
    pub const CERT_URL: &str = "paypal-cert-url";
    /// The signature algorithm, `SHA256withRSA`.
    pub const AUTH_ALGO: &str = "paypal-auth-algo";
}

/// Which dispute event a webhook reports.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DisputeEventType {
    /// `CUSTOMER.DISPUTE.CREATED`
    Created,
    /// `CUSTOMER.DISPUTE.UPDATED`
    Updated,
    /// `CUSTOMER.DISPUTE.RESOLVED`
    Resolved,
}

impl DisputeEventType {
    /// PayPal's name of the event.
    pub fn as_str(&self) -> &'static str {
        match self {
            DisputeEventType::Created => "CUSTOMER.DISPUTE.CREATED",
            DisputeEventType::Updated => "CUSTOMER.DISPUTE.UPDATED",
            DisputeEventType::Resolved => "CUSTOMER.DISPUTE.RESOLVED",
        }
    }

    fn parse(name: &str) -> Option<DisputeEventType> {
        match name {
            "CUSTOMER.DISPUTE.CREATED" => Some(DisputeEventType::Created),
            "CUSTOMER.DISPUTE.UPDATED" => Some(DisputeEventType::Updated),
            "CUSTOMER.DISPUTE.RESOLVED" => Some(DisputeEventType::Resolved),
            _ => None,
        }
    }
}

/// A dispute webhook event; `resource` is the dispute as it is now.
#[derive(Clone, Debug, PartialEq)]
pub struct DisputeEvent {
    /// The event ID (`WH-...`); deliveries can repeat, so deduplicate on it.
    pub id: String,
    /// What happened.
    pub event_type: DisputeEventType,
    /// When PayPal created the event.
    pub create_time: Option<DateTime<Utc>>,
    /// PayPal's one-line summary.
    pub summary: Option<String>,
    /// The dispute.
    pub resource: Dispute,
}

#[derive(Deserialize, Serialize)]
struct RawEvent {
    id: String,
    event_type: String,
    #[serde(default)]
    create_time: Option<DateTime<Utc>>,
    #[serde(default)]
    summary: Option<String>,
    resource: serde_json::Value,
}

/// Why a webhook was not accepted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// A `PAYPAL-*` header is missing or not text.
    #[error("webhook header `{0}` is missing or not text")]
    MissingHeader(&'static str),
    /// The algorithm is not SHA256withRSA.
    #[error("webhook signed with `{0}`; only SHA256withRSA is accepted")]
    UnsupportedAlgorithm(String),
    /// The transmission time is not RFC 3339.
    #[error("webhook transmission time `{0}` is not an RFC 3339 time")]
    BadTime(String),
    /// The transmission time is too far from now (a replay, or a wrong clock).
    #[error("webhook sent at {sent}, {skew:?} from now; the tolerance is {tolerance:?}")]
    Stale {
        /// The transmission time.
        sent: DateTime<Utc>,
        /// How far from now it is.
        skew: Duration,
        /// The verifier's tolerance.
        tolerance: Duration,
    },
    /// The certificate PEM does not hold an RSA certificate.
    #[error("webhook certificate: {0}")]
    Certificate(String),
    /// The certificate is outside its validity period.
    #[error("webhook certificate is not valid now (valid {not_before} to {not_after})")]
    CertificateExpired {
        /// Start of validity.
        not_before: String,
        /// End of validity.
        not_after: String,
    },
    /// The certificate URL is not an https URL at paypal.com.
    #[error("webhook certificate URL `{0}` is not an https URL on a paypal.com host")]
    UntrustedCertUrl(String),
    /// The signature does not match: the body, headers or webhook ID differ
    /// from what PayPal signed.
    #[error("webhook signature does not match")]
    BadSignature,
    /// Signed correctly, but not a dispute event.
    #[error("webhook event `{0}` is not a dispute event")]
    NotADisputeEvent(String),
    /// The body is not a PayPal event.
    #[error("webhook body is not a PayPal dispute event: {0}")]
    Body(#[source] serde_json::Error),
}

fn header<'h>(headers: &'h http::HeaderMap, name: &'static str) -> Result<&'h str, WebhookError> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or(WebhookError::MissingHeader(name))
}

/// The certificate URL of a delivery, if it is https on a paypal.com host:
/// fetch the certificate only from there.
pub fn cert_url(headers: &http::HeaderMap) -> Result<reqwest::Url, WebhookError> {
    let raw = header(headers, header::CERT_URL)?;
    let url =
        reqwest::Url::parse(raw).map_err(|_| WebhookError::UntrustedCertUrl(raw.to_owned()))?;
    let trusted = url.scheme() == "https"
        && url
            .host_str()
            .is_some_and(|h| h == "paypal.com" || h.ends_with(".paypal.com"));
    if trusted {
        Ok(url)
    } else {
        Err(WebhookError::UntrustedCertUrl(raw.to_owned()))
    }
}

/// Verifies deliveries to one webhook with one PayPal certificate.
#[derive(Clone, Debug)]
pub struct WebhookVerifier {
    webhook_id: String,
    key: VerifyingKey<Sha256>,
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
    tolerance: Duration,
}

impl WebhookVerifier {
    /// A verifier for the webhook `webhook_id` (from your app's settings)
    /// and the certificate PEM fetched from `PAYPAL-CERT-URL`. Transmission
    /// times more than 5 minutes from now are rejected.
    pub fn new(webhook_id: impl Into<String>, certificate_pem: &str) -> Result<Self, WebhookError> {
        let cert = x509_cert::Certificate::from_pem(certificate_pem.as_bytes())
            .map_err(|e| WebhookError::Certificate(format!("not a PEM certificate ({e})")))?;
        let spki = cert
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(|e| WebhookError::Certificate(e.to_string()))?;
        let public = <rsa::RsaPublicKey as rsa::pkcs8::DecodePublicKey>::from_public_key_der(&spki)
            .map_err(|e| WebhookError::Certificate(format!("not an RSA public key ({e})")))?;
        let validity = &cert.tbs_certificate.validity;
        let time = |t: x509_cert::time::Time| DateTime::<Utc>::from(t.to_system_time());
        Ok(WebhookVerifier {
            webhook_id: webhook_id.into(),
            key: VerifyingKey::new(public),
            not_before: time(validity.not_before),
            not_after: time(validity.not_after),
            tolerance: Duration::from_secs(300),
        })
    }

    /// How far the transmission time may be from now.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Verifies a delivery at the current time and decodes its event.
    pub fn verify(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<DisputeEvent, WebhookError> {
        self.verify_at(headers, body, Utc::now())
    }

    /// [`WebhookVerifier::verify`] as if it were `now`.
    pub fn verify_at(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now: DateTime<Utc>,
    ) -> Result<DisputeEvent, WebhookError> {
        let algorithm = header(headers, header::AUTH_ALGO)?;
        if algorithm != "SHA256withRSA" {
            return Err(WebhookError::UnsupportedAlgorithm(algorithm.to_owned()));
        }
        let id = header(headers, header::TRANSMISSION_ID)?;
        let time_text = header(headers, header::TRANSMISSION_TIME)?;
        let signature = header(headers, header::TRANSMISSION_SIG)?;
        header(headers, header::CERT_URL)?;
        let sent = DateTime::parse_from_rfc3339(time_text)
            .map_err(|_| WebhookError::BadTime(time_text.to_owned()))?
            .with_timezone(&Utc);
        let skew = (now - sent).abs().to_std().unwrap_or(Duration::MAX);
        if skew > self.tolerance {
            return Err(WebhookError::Stale {
                sent,
                skew,
                tolerance: self.tolerance,
            });
        }
        if now < self.not_before || now > self.not_after {
            return Err(WebhookError::CertificateExpired {
                not_before: self.not_before.to_rfc3339(),
                not_after: self.not_after.to_rfc3339(),
            });
        }
        let signed = format!(
            "{id}|{time_text}|{}|{}",
            self.webhook_id,
            crc32fast::hash(body)
        );
        let signature = base64::engine::general_purpose::STANDARD
            .decode(signature)
            .ok()
            .and_then(|bytes| Signature::try_from(bytes.as_slice()).ok())
            .ok_or(WebhookError::BadSignature)?;
        self.key
            .verify(signed.as_bytes(), &signature)
            .map_err(|_| WebhookError::BadSignature)?;
        parse_event(body)
    }
}

/// Decodes a dispute event without verifying it (for bodies verified
/// elsewhere, such as by PayPal's verify-webhook-signature API).
pub fn parse_event(body: &[u8]) -> Result<DisputeEvent, WebhookError> {
    let raw: RawEvent = serde_json::from_slice(body).map_err(WebhookError::Body)?;
    let event_type = DisputeEventType::parse(&raw.event_type)
        .ok_or(WebhookError::NotADisputeEvent(raw.event_type))?;
    let resource = serde_json::from_value(raw.resource).map_err(WebhookError::Body)?;
    Ok(DisputeEvent {
        id: raw.id,
        event_type,
        create_time: raw.create_time,
        summary: raw.summary,
        resource,
    })
}
