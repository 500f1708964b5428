//! The sandbox through HTTP, with a plain HTTP client: what PayPal's
//! reference and integration guide say each endpoint does, including the
//! answers the typed client would refuse to provoke (long notes, bad
//! files, malformed JSON).

mod auth;
mod clock;
mod faults;
mod idempotency;
mod read;
mod rule_table;
mod rules;
mod schemathesis;
mod state_file;
mod validation;

use reqwest::StatusCode;
use sandbox::fixtures::PDF;
use sandbox::{Action, Config, Sandbox};
use serde_json::{Value, json};

/// A running sandbox and a token for each party.
pub struct Api {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
    pub seller: String,
    pub buyer: String,
}

/// One answer: status, headers and JSON body (`Null` when empty).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// The issues of PayPal's error body, in order.
    pub fn issues(&self) -> Vec<String> {
        self.body["details"]
            .as_array()
            .map(|d| {
                d.iter()
                    .map(|d| d["issue"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The `(field, issue)` pairs of the error body.
    pub fn fields(&self) -> Vec<(String, String)> {
        self.body["details"]
            .as_array()
            .map(|d| {
                d.iter()
                    .map(|d| {
                        (
                            d["field"].as_str().unwrap_or_default().to_owned(),
                            d["issue"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The `rel`s of the body's links.
    pub fn rels(&self) -> Vec<String> {
        self.body["links"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|l| l["rel"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON ({status}): {}", String::from_utf8_lossy(&bytes)))
    };
    Answer {
        status,
        headers,
        body,
    }
}

impl Api {
    pub async fn start(config: Config) -> Api {
        let sandbox = Sandbox::start(config).await.expect("sandbox starts");
        let http = reqwest::Client::new();
        let seller = token(&http, &sandbox, sandbox.seller()).await;
        let buyer = token(&http, &sandbox, sandbox.buyer()).await;
        Api {
            sandbox,
            http,
            seller,
            buyer,
        }
    }

    pub async fn seeded(disputes: usize) -> Api {
        Api::start(Config::default().seed(7).disputes(disputes)).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.url())
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        answer(
            self.http
                .get(self.url(path))
                .bearer_auth(token)
                .send()
                .await
                .expect("sent"),
        )
        .await
    }

    pub async fn show(&self, id: &str, token: &str) -> Answer {
        self.get(&format!("/v1/customer/disputes/{id}"), token)
            .await
    }

    pub async fn post_json(&self, path: &str, token: &str, body: &Value) -> Answer {
        self.post_json_with_id(path, token, body, None).await
    }

    pub async fn post_json_with_id(
        &self,
        path: &str,
        token: &str,
        body: &Value,
        request_id: Option<&str>,
    ) -> Answer {
        let mut request = self.http.post(self.url(path)).bearer_auth(token).json(body);
        if let Some(id) = request_id {
            request = request.header("PayPal-Request-Id", id);
        }
        answer(request.send().await.expect("sent")).await
    }

    /// A multipart call: `input` as JSON (if any) and `files` as
    /// `(part name, file name, bytes)`.
    pub async fn post_multipart(
        &self,
        path: &str,
        token: &str,
        input: Option<&Value>,
        files: &[(&str, &str, &[u8])],
    ) -> Answer {
        let mut form = reqwest::multipart::Form::new();
        if let Some(input) = input {
            let part = reqwest::multipart::Part::text(input.to_string())
                .mime_str("application/json")
                .expect("mime");
            form = form.part("input", part);
        }
        for (name, file, bytes) in files {
            let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(file.to_string());
            form = form.part(name.to_string(), part);
        }
        answer(
            self.http
                .post(self.url(path))
                .bearer_auth(token)
                .multipart(form)
                .send()
                .await
                .expect("sent"),
        )
        .await
    }

    /// A multipart call with a JSON input and a `PayPal-Request-Id`. Each
    /// call encodes the form anew, with a new boundary, as a client
    /// retrying a request does.
    pub async fn post_multipart_with_id(
        &self,
        path: &str,
        token: &str,
        input: &Value,
        request_id: &str,
    ) -> Answer {
        let part = reqwest::multipart::Part::text(input.to_string())
            .mime_str("application/json")
            .expect("mime");
        let form = reqwest::multipart::Form::new().part("input", part);
        answer(
            self.http
                .post(self.url(path))
                .bearer_auth(token)
                .header("PayPal-Request-Id", request_id)
                .multipart(form)
                .send()
                .await
                .expect("sent"),
        )
        .await
    }

    /// A multipart call with a body built by [`multipart_body`].
    pub async fn post_raw_multipart(
        &self,
        path: &str,
        token: &str,
        boundary: &str,
        body: Vec<u8>,
        request_id: Option<&str>,
    ) -> Answer {
        let mut request = self
            .http
            .post(self.url(path))
            .bearer_auth(token)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body);
        if let Some(id) = request_id {
            request = request.header("PayPal-Request-Id", id);
        }
        answer(request.send().await.expect("sent")).await
    }

    /// The first dispute (list order) that `pick` accepts, as the seller
    /// sees it.
    pub async fn find(&self, pick: impl Fn(&Value) -> bool) -> (String, Value) {
        for id in self.sandbox.dispute_ids() {
            let shown = self.show(&id, &self.seller).await;
            if pick(&shown.body) {
                return (id, shown.body);
            }
        }
        panic!("no seeded dispute matches");
    }
}

/// One part of a hand-built multipart body: name, file name (none for
/// a field) and content.
pub type RawPart<'a> = (&'a str, Option<&'a str>, &'a [u8]);

/// A `multipart/form-data` body with a chosen boundary, for what reqwest's
/// `Form` cannot send: a given boundary, or thousands of parts (its stream
/// nests one level per part and overflows the stack). A part named
/// `input` is sent as `application/json`.
pub fn multipart_body(boundary: &str, parts: &[RawPart<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, content) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = match file_name {
            Some(file) => format!("form-data; name=\"{name}\"; filename=\"{file}\""),
            None => format!("form-data; name=\"{name}\""),
        };
        body.extend_from_slice(format!("content-disposition: {disposition}\r\n").as_bytes());
        let media = if *name == "input" {
            "application/json"
        } else {
            "application/octet-stream"
        };
        body.extend_from_slice(format!("content-type: {media}\r\n\r\n").as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

pub async fn token(
    http: &reqwest::Client,
    sandbox: &Sandbox,
    who: &sandbox::Credentials,
) -> String {
    let response = http
        .post(format!("{}/v1/oauth2/token", sandbox.url()))
        .basic_auth(who.client_id(), Some(who.secret()))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("token request");
    let body: Value = response.json().await.expect("token body");
    body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned()
}

pub fn is(body: &Value, field: &str, value: &str) -> bool {
    body[field].as_str() == Some(value)
}

pub fn offer(amount: &str, currency: &str) -> Value {
    json!({
        "note": "Half back, keep the item.",
        "offer_type": "REFUND",
        "offer_amount": { "currency_code": currency, "value": amount }
    })
}

/// The smallest offer: one unit of the dispute's currency.
pub fn one_unit(dispute: &Value) -> Value {
    let currency = dispute["dispute_amount"]["currency_code"]
        .as_str()
        .unwrap_or("USD");
    serde_json::to_value(sandbox::fixtures::one_unit(currency)).expect("money")
}

impl Api {
    /// Performs `action` on a dispute with a valid body for it. The match
    /// is exhaustive: a new action needs a body here before it compiles.
    pub async fn perform(&self, id: &str, action: Action, token: &str, dispute: &Value) -> Answer {
        let path = action.path(id);
        let evidence = json!({ "evidences": [{ "evidence_type": "OTHER", "notes": "See the attached file." }] });
        match action {
            Action::SendMessage => {
                self.post_multipart(&path, token, Some(&json!({"message": "Hello."})), &[])
                    .await
            }
            Action::MakeOffer => {
                let offer_type = dispute["allowed_response_options"]["make_offer"]["offer_types"]
                    [0]
                .as_str()
                .unwrap_or("REFUND");
                let body = json!({"note": "An offer.", "offer_type": offer_type, "offer_amount": one_unit(dispute)});
                self.post_json(&path, token, &body).await
            }
            Action::AcceptOffer => self.post_json(&path, token, &json!({})).await,
            Action::DenyOffer => {
                self.post_json(&path, token, &json!({"note": "Too low."}))
                    .await
            }
            Action::Escalate => {
                self.post_json(&path, token, &json!({"note": "Please decide."}))
                    .await
            }
            Action::ProvideEvidence => {
                self.post_multipart(
                    &path,
                    token,
                    Some(&evidence),
                    &[("evidence-file", "proof.pdf", PDF)],
                )
                .await
            }
            Action::Appeal => {
                self.post_multipart(
                    &path,
                    token,
                    Some(&evidence),
                    &[("evidence-file", "appeal.pdf", PDF)],
                )
                .await
            }
            Action::ProvideSupportingInfo => {
                self.post_multipart(&path, token, Some(&json!({"notes": "More."})), &[])
                    .await
            }
            Action::AcknowledgeReturnItem => {
                self.post_multipart(
                    &path,
                    token,
                    Some(&json!({"acknowledgement_type": "ITEM_RECEIVED"})),
                    &[],
                )
                .await
            }
            Action::AcceptClaim => {
                self.post_multipart(
                    &path,
                    token,
                    Some(&json!({"accept_claim_type": "REFUND"})),
                    &[],
                )
                .await
            }
            Action::RequireEvidence => {
                self.post_json(&path, token, &json!({"action": "SELLER_EVIDENCE"}))
                    .await
            }
            Action::Adjudicate => {
                self.post_json(
                    &path,
                    token,
                    &json!({"adjudication_outcome": "BUYER_FAVOR"}),
                )
                .await
            }
            Action::Update => {
                let patch = json!([{"op": "replace", "path": "/communication_details/email", "value": "help@shop.example"}]);
                answer(
                    self.http
                        .patch(self.url(&path))
                        .bearer_auth(token)
                        .json(&patch)
                        .send()
                        .await
                        .expect("sent"),
                )
                .await
            }
        }
    }
}
