//! Client configuration: which PayPal, whose credentials, how patient.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::SecretString;

use crate::Client;
use crate::auth::Credentials;
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::runtime::Runtime;
use crate::upload::UploadLimits;

/// PayPal's sandbox API host.
pub const SANDBOX_URL: &str = "https://api-m.sandbox.paypal.com";
/// PayPal's live API host.
pub const LIVE_URL: &str = "https://api-m.paypal.com";

/// Which PayPal the client talks to. Sandbox is the default, so that a
/// forgotten setting never moves real money.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Environment {
    /// `https://api-m.sandbox.paypal.com`: test accounts, no real money.
    #[default]
    Sandbox,
    /// `https://api-m.paypal.com`: real disputes.
    Live,
    /// Any other base URL, such as a local sandbox server in tests.
    Custom(String),
}

impl Environment {
    /// The base URL calls are made against, without a trailing slash.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Sandbox => SANDBOX_URL,
            Environment::Live => LIVE_URL,
            Environment::Custom(url) => url.trim_end_matches('/'),
        }
    }
}

/// The merchant a partner acts for, sent as an unsigned
/// `PayPal-Auth-Assertion` JWT (PayPal's documented form: header
/// `{"alg":"none"}`, claims `iss` = your client ID plus the merchant's
/// `payer_id` or `email`, empty signature).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActingFor {
    /// The merchant's PayPal payer ID (preferred: it never changes).
    PayerId(String),
    /// The merchant's PayPal account email.
    Email(String),
}

impl ActingFor {
    /// The assertion header value for calls by `client_id`.
    pub fn assertion(&self, client_id: &str) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#);
        let claims = match self {
            ActingFor::PayerId(id) => serde_json::json!({ "iss": client_id, "payer_id": id }),
            ActingFor::Email(email) => serde_json::json!({ "iss": client_id, "email": email }),
        };
        let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
        format!("{header}.{claims}.")
    }
}

/// Builds a [`Client`]; start with [`Client::builder`].
///
/// Credentials come from [`ClientBuilder::credentials`], or else from the
/// `PAYPAL_CLIENT_ID` and `PAYPAL_CLIENT_SECRET` environment variables.
#[derive(Clone)]
pub struct ClientBuilder {
    environment: Environment,
    client_id: Option<String>,
    client_secret: Option<SecretString>,
    acting_for: Option<ActingFor>,
    partner_attribution_id: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    upload_limits: UploadLimits,
    token_refresh_margin: Duration,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("environment", &self.environment)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "[redacted]"),
            )
            .field("acting_for", &self.acting_for)
            .field("partner_attribution_id", &self.partner_attribution_id)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("upload_limits", &self.upload_limits)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            environment: Environment::Sandbox,
            client_id: None,
            client_secret: None,
            acting_for: None,
            partner_attribution_id: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!("disputes-api-rust/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            upload_limits: UploadLimits::default(),
            token_refresh_margin: Duration::from_secs(60),
        }
    }
}

impl Client {
    /// Starts configuring a client: sandbox, credentials from the
    /// environment, 30 s timeout, the default [`RetryPolicy`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

impl ClientBuilder {
    /// Sandbox, live, or a custom base URL.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// A custom base URL, such as `http://127.0.0.1:8080` for a local sandbox.
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.environment(Environment::Custom(url.into()))
    }

    /// The REST app's client ID and secret.
    pub fn credentials(mut self, client_id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.client_id = Some(client_id.into());
        self.client_secret = Some(SecretString::from(secret.into()));
        self
    }

    /// Credentials from a lookup of `PAYPAL_CLIENT_ID` and
    /// `PAYPAL_CLIENT_SECRET` (a configuration system, a secret store);
    /// [`ClientBuilder::build`] uses the process environment by default.
    pub fn credentials_from(mut self, lookup: impl Fn(&str) -> Option<String>) -> Self {
        if let Some(id) = lookup("PAYPAL_CLIENT_ID") {
            self.client_id = Some(id);
        }
        if let Some(secret) = lookup("PAYPAL_CLIENT_SECRET") {
            self.client_secret = Some(SecretString::from(secret));
        }
        self
    }

    /// Act on behalf of another merchant (`PayPal-Auth-Assertion`).
    pub fn acting_for(mut self, merchant: ActingFor) -> Self {
        self.acting_for = Some(merchant);
        self
    }

    /// Your partner attribution ID (BN code), sent as
    /// `PayPal-Partner-Attribution-Id`.
    pub fn partner_attribution_id(mut self, id: impl Into<String>) -> Self {
        self.partner_attribution_id = Some(id.into());
        self
    }

    /// Time limit of one HTTP attempt (retries get their own).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time limit to open a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// When and how often failed calls are retried.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// File and note limits that uploads are checked against before sending.
    pub fn upload_limits(mut self, limits: UploadLimits) -> Self {
        self.upload_limits = limits;
        self
    }

    /// How long before its expiry a token is replaced (default 60 s), so a
    /// token does not expire in flight. A token whose whole life is shorter
    /// than twice the margin is replaced at half its life instead; a
    /// lifetime PayPal states past a day is read as a day.
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.token_refresh_margin = margin;
        self
    }

    /// The client; fails on missing credentials or an unusable setting.
    pub fn build(self) -> Result<Client, Error> {
        let builder = if self.client_id.is_none() || self.client_secret.is_none() {
            self.credentials_from(|name| std::env::var(name).ok())
        } else {
            self
        };
        let (Some(client_id), Some(secret)) =
            (builder.client_id.clone(), builder.client_secret.clone())
        else {
            return Err(Error::Config(
                "no client credentials: call `ClientBuilder::credentials` or set PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET".to_owned(),
            ));
        };
        if client_id.is_empty() {
            return Err(Error::Config("the client ID is empty".to_owned()));
        }
        let base_url = builder.environment.base_url().to_owned();
        let parsed = reqwest::Url::parse(&base_url).map_err(|e| {
            Error::Config(format!(
                "base URL `{base_url}` is not a URL ({e}); give scheme and host, e.g. `http://127.0.0.1:8080`"
            ))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "base URL `{base_url}` must use http or https"
            )));
        }
        builder.retry.validate().map_err(Error::Config)?;
        let http = reqwest::Client::builder()
            .user_agent(builder.user_agent.clone())
            .timeout(builder.timeout)
            .connect_timeout(builder.connect_timeout)
            // Retries are the runtime's (`crate::retry`). reqwest's own
            // layer retries only HTTP/2 and HTTP/3 refusals, which this
            // HTTP/1.1 build never sees, yet copies every request in case;
            // with no retries allowed it makes no copy.
            .retry(reqwest::retry::never().max_retries_per_request(0));
        // No proxy configured: no proxy matching on every request.
        let http = if system_proxy_possible() {
            http
        } else {
            http.no_proxy()
        };
        let http = http
            .build()
            .map_err(|e| Error::Config(format!("the HTTP client cannot be built: {e}")))?;
        let assertion = builder
            .acting_for
            .as_ref()
            .map(|merchant| merchant.assertion(&client_id));
        let runtime = Runtime::new(
            Credentials::new(client_id, secret),
            builder.retry,
            builder.upload_limits,
            builder.token_refresh_margin,
            assertion,
            builder.partner_attribution_id,
        )?;
        Ok(Client::new_with_client(&base_url, http, runtime))
    }
}

/// Whether reqwest's system proxy, read when the client is built, could
/// send a request through a proxy. Outside macOS and Windows it comes from
/// these variables alone (reqwest also reads the OS settings there, given
/// its `system-proxy` feature); with none of them set it intercepts
/// nothing, yet still checks every request's host against it.
fn system_proxy_possible() -> bool {
    cfg!(any(target_os = "macos", windows))
        || [
            "ALL_PROXY",
            "all_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "HTTPS_PROXY",
            "https_proxy",
        ]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}
