//! Decoding success bodies, for every operation (progenitor's, through the
//! `send` wrapper codegen writes, and our templates').
//!
//! A body that does not decode is [`Error::Decode`] with what a merchant
//! needs to report it or work around it: the HTTP status, the
//! `Paypal-Debug-Id` header, the start of the body, and the member that
//! failed (`disputed_transactions[0].items[1].item_quantity`). Finding the
//! member costs a second, path-tracking pass over the body, so it is done
//! only after the fast decode failed.

use std::future::Future;

use progenitor_client::{Error as ClientError, ResponseValue};
use serde::de::DeserializeOwned;

use crate::error::{self, Error};

/// What a progenitor operation's status arms make of an answer, undecoded
/// (codegen's `generate/send.rs` writes them).
pub(crate) enum Answer {
    /// A status the spec lists as a success.
    Success(reqwest::Response),
    /// A status the spec lists as a failure.
    Failure(reqwest::Response),
}

/// Waits for `sent` (an operation's `send_progenitor`, which returns the
/// response undecoded) and decodes the body: a success as `T`, a failure
/// as PayPal's error or its raw text.
pub(crate) async fn after<T, E>(
    sent: impl Future<Output = Result<Answer, ClientError<E>>>,
) -> Result<ResponseValue<T>, Error>
where
    T: DeserializeOwned,
    Error: From<ClientError<E>>,
{
    match sent.await? {
        Answer::Success(response) => json(error::answered(response)?).await,
        Answer::Failure(response) => Err(error::failure(response).await),
    }
}

/// Reads the body of a success response and decodes it as `T`.
pub(crate) async fn json<T: DeserializeOwned>(
    response: reqwest::Response,
) -> Result<ResponseValue<T>, Error> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(Error::Transport)?;
    match serde_json::from_slice(&body) {
        Ok(inner) => Ok(ResponseValue::new(inner, status, headers)),
        Err(source) => Err(failure::<T>(status, &headers, &body, source)),
    }
}

#[cold]
fn failure<T: DeserializeOwned>(
    status: reqwest::StatusCode,
    headers: &reqwest::header::HeaderMap,
    body: &[u8],
    source: serde_json::Error,
) -> Error {
    let mut de = serde_json::Deserializer::from_slice(body);
    let member = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        // `.` is the document itself: not JSON, or not an object.
        Err(e) => Some(e.path().to_string()).filter(|p| p != "."),
        Ok(_) => None,
    };
    Error::Decode {
        status,
        debug_id: error::debug_id_header(headers)
            .filter(|id| !id.is_empty())
            .map(str::to_owned),
        member,
        body: error::truncate(&String::from_utf8_lossy(body)),
        source,
    }
}
