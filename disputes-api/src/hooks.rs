//! The hand-written side of the generated [`Client`]: its `ClientHooks`
//! (every request goes to [`Runtime::exec`]) and the methods progenitor
//! cannot write.
//!
//! Kept out of `runtime` so the layers run one way: the generated client
//! holds a `Runtime`, and this module, above both, joins them.

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::HeaderValue;

use crate::error::Error;
use crate::generated::client::Client;
use crate::runtime::Runtime;

impl ClientHooks<Runtime> for Client {
    fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> {
        Runtime::exec(self, request, info.operation_id)
    }
}

impl Client {
    /// This client, sending `request_id` as the `PayPal-Request-Id` of its
    /// POSTs instead of a fresh UUID per call: repeat a call after a crash
    /// with the ID you stored, and PayPal answers it without applying the
    /// action twice. Shares the token cache with `self`.
    ///
    /// Use the returned client for one action (and its repeats) only: every
    /// POST through it carries the same ID, so PayPal would answer a
    /// different action sent through it with the first one's result.
    ///
    /// ```no_run
    /// # async fn run(client: &disputes_api::Client, offer: disputes_api::types::MakeOfferRequest) -> Result<(), disputes_api::Error> {
    /// // Stored with the order before the first try, reused after a crash.
    /// let stored_id = "offer-PP-D-27803-1";
    /// client
    ///     .with_request_id(stored_id)?
    ///     .make_offer()
    ///     .id("PP-D-27803")
    ///     .body(offer)
    ///     .send()
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_request_id(&self, request_id: &str) -> Result<Client, Error> {
        let value = HeaderValue::from_str(request_id).map_err(|_| {
            Error::InvalidRequest(format!(
                "request ID `{request_id}` contains characters a header cannot carry"
            ))
        })?;
        if request_id.is_empty() || request_id.len() > 108 {
            return Err(Error::InvalidRequest(
                "a PayPal-Request-Id has 1 to 108 characters".to_owned(),
            ));
        }
        Ok(Client::new_with_client(
            self.baseurl(),
            self.client().clone(),
            self.inner().with_request_id(value),
        ))
    }
}
