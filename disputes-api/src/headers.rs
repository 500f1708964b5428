//! The names of the PayPal headers the runtime sends and reads.
//!
//! A leaf: the retry policy (a POST with a request ID is safe to repeat),
//! the runtime (which sets them) and errors (which read the debug ID) all
//! need the same names, and none of them should have to import another to
//! get one. Built at compile time: a lookup by `&str` parses the name first.

use reqwest::header::HeaderName;

/// The idempotency header PayPal honours on POSTs, as text.
pub(crate) const REQUEST_ID: &str = "paypal-request-id";

/// `PayPal-Request-Id`: a repeat with the same value is answered with the
/// first call's result instead of being applied again.
pub(crate) const REQUEST_ID_NAME: HeaderName = HeaderName::from_static(REQUEST_ID);

/// `PayPal-Auth-Assertion`: the merchant a partner acts for.
pub(crate) const AUTH_ASSERTION: HeaderName = HeaderName::from_static("paypal-auth-assertion");

/// `PayPal-Partner-Attribution-Id`: the partner's BN code.
pub(crate) const PARTNER_ATTRIBUTION_ID: HeaderName =
    HeaderName::from_static("paypal-partner-attribution-id");

/// `Paypal-Debug-Id`: PayPal's ID for one answer, which its support asks for.
pub(crate) const DEBUG_ID: HeaderName = HeaderName::from_static("paypal-debug-id");
