//! How a sandbox runs: credentials, seed data, upload limits, fault
//! injection and the state file. The binary's flags map onto these one to
//! one (see `main.rs` and the README).

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// A client ID and secret the token endpoint accepts. `Debug` never shows
/// the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    client_id: String,
    secret: String,
}

impl Credentials {
    /// Credentials from an ID and a secret.
    pub fn new(client_id: impl Into<String>, secret: impl Into<String>) -> Credentials {
        Credentials {
            client_id: client_id.into(),
            secret: secret.into(),
        }
    }

    /// The client ID.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The secret, for building a client; never log it.
    pub fn secret(&self) -> &str {
        &self.secret
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// Upload limits: PayPal's, as the client checks them
/// (`disputes_api::UploadLimits`, defined once there, so the sandbox and
/// the client cannot disagree), plus the sandbox's own cap of
/// [`FILES_PER_CALL`] files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadLimits {
    /// File sizes, call sizes and note lengths.
    pub paypal: disputes_api::UploadLimits,
    /// At most this many file parts in one call.
    pub files_per_call: usize,
}

/// The most files one multipart call takes by default. PayPal documents
/// sizes (each file under 10 MB, 50 MB per call; 5 MB and 10 MB per case
/// in the older guide), not a count, and its examples send one or two
/// files. Without a cap, one call of many tiny files would add thousands
/// of uploads to a dispute, which keeps them forever.
pub const FILES_PER_CALL: usize = 10;

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            paypal: disputes_api::UploadLimits::default(),
            files_per_call: FILES_PER_CALL,
        }
    }
}

impl UploadLimits {
    /// The integration guide's older limits (seed 003), as the client's
    /// `UploadLimits::legacy` states them.
    pub fn legacy() -> Self {
        UploadLimits {
            paypal: disputes_api::UploadLimits::legacy(),
            ..UploadLimits::default()
        }
    }
}

/// Faults injected into dispute calls (never the token endpoint, whose
/// failures the client does not retry). Off by default.
///
/// Each rate is the chance per request. 429 and 503 answer before the
/// request is handled, as a rate limiter or an unavailable front end
/// would; 500 and dropped connections happen before or after handling
/// with equal chance, so that some of them lose the response of an action
/// that was applied, which is what idempotent retries are for.
#[derive(Clone, Debug, PartialEq)]
pub struct Faults {
    /// Chance of 429 Too Many Requests (with `Retry-After`).
    pub rate_limited: f64,
    /// Chance of 500 Internal Server Error.
    pub internal_error: f64,
    /// Chance of 503 Service Unavailable (with `Retry-After`).
    pub unavailable: f64,
    /// Chance of closing the connection without an answer.
    pub dropped: f64,
    /// Latency added to every call, uniformly between the two bounds.
    pub latency: Option<(Duration, Duration)>,
    /// Seconds sent in `Retry-After`.
    pub retry_after: u64,
    /// Seed of the fault dice, so a run's faults repeat.
    pub seed: u64,
}

impl Default for Faults {
    fn default() -> Self {
        Faults::none()
    }
}

impl Faults {
    /// No faults.
    pub fn none() -> Faults {
        Faults {
            rate_limited: 0.0,
            internal_error: 0.0,
            unavailable: 0.0,
            dropped: 0.0,
            latency: None,
            retry_after: 1,
            seed: 0,
        }
    }

    /// The chance that a request fails in any way.
    pub fn total(&self) -> f64 {
        self.rate_limited + self.internal_error + self.unavailable + self.dropped
    }

    /// Rates between 0 and 1 that add up to at most 1, and a latency range
    /// whose low bound is not above its high bound.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (name, rate) in [
            ("429", self.rate_limited),
            ("500", self.internal_error),
            ("503", self.unavailable),
            ("drop", self.dropped),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(ConfigError::FaultRate {
                    name,
                    rate: rate.to_string(),
                });
            }
        }
        if self.total() > 1.0 {
            return Err(ConfigError::FaultTotal(self.total().to_string()));
        }
        if let Some((low, high)) = self.latency {
            if low > high {
                return Err(ConfigError::Latency);
            }
        }
        Ok(())
    }
}

/// Where the sandbox clock starts: the world's "now", which deadlines and
/// delayed settlements are measured against (see `state::clock`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClockStart {
    /// At real time, running with it; tests may still advance it.
    #[default]
    Real,
    /// Stopped at this instant: only an advance moves it, so a test's
    /// times repeat exactly.
    Frozen(DateTime<Utc>),
}

impl std::str::FromStr for ClockStart {
    type Err = String;

    /// `real`, or `frozen:` and an RFC 3339 instant such as
    /// `frozen:2026-01-01T00:00:00Z` (the `--clock` flag).
    fn from_str(text: &str) -> Result<ClockStart, String> {
        if text == "real" {
            return Ok(ClockStart::Real);
        }
        let Some(at) = text.strip_prefix("frozen:") else {
            return Err(format!(
                "`{text}` is no clock; write `real` or `frozen:2026-01-01T00:00:00Z`"
            ));
        };
        DateTime::parse_from_rfc3339(at)
            .map(|at| ClockStart::Frozen(at.with_timezone(&Utc)))
            .map_err(|e| {
                format!("`{at}` is not an RFC 3339 instant such as 2026-01-01T00:00:00Z ({e})")
            })
    }
}

/// A configuration the sandbox cannot run with.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A fault rate outside 0..=1.
    #[error("the {name} fault rate is {rate}; rates are between 0 and 1")]
    FaultRate {
        /// Which fault.
        name: &'static str,
        /// The rate given.
        rate: String,
    },
    /// Rates that add up to more than 1.
    #[error("the fault rates add up to {0}; at most 1")]
    FaultTotal(String),
    /// A latency range upside down.
    #[error("the latency range's low bound is above its high bound")]
    Latency,
    /// The buyer and the merchant with the same client ID.
    #[error("the buyer and the merchant need different client IDs")]
    SameClientId,
    /// A token lifetime of zero or over [`MAX_TOKEN_TTL`].
    #[error(
        "the token TTL is {0} seconds; it must be more than 0 and at most {max} (a year)",
        max = MAX_TOKEN_TTL.as_secs()
    )]
    TokenTtl(String),
    /// An accept-offer delay of zero or over [`MAX_CLOCK_STEP`].
    #[error(
        "the accept-offer delay is {0} seconds; it must be more than 0 and at most {max} (ten years)",
        max = MAX_CLOCK_STEP.as_secs()
    )]
    AcceptOfferDelay(String),
}

/// The longest step the sandbox clock takes at once (an advance, an
/// accept-offer delay): ten years, far beyond any dispute's life and far
/// below the overflow of chrono's instants.
pub const MAX_CLOCK_STEP: Duration = Duration::from_secs(10 * 366 * 24 * 60 * 60);

/// The longest token lifetime accepted. Expiry times are `Instant`s, whose
/// arithmetic panics on overflow; a year is far beyond any test run and
/// far below any overflow. (PayPal's tokens live 9 hours.)
pub const MAX_TOKEN_TTL: Duration = Duration::from_secs(365 * 24 * 60 * 60);

/// Everything a sandbox needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    /// The merchant's credentials (the party most calls are made as).
    pub seller: Credentials,
    /// The customer's credentials (accept and deny offers, buyer evidence).
    pub buyer: Credentials,
    /// How long a token lives (`expires_in`).
    pub token_ttl: Duration,
    /// Seed of the seed data.
    pub seed: u64,
    /// How many disputes to seed.
    pub disputes: usize,
    /// The time seed data is relative to; the start time when absent.
    pub seed_time: Option<DateTime<Utc>>,
    /// Upload limits.
    pub upload_limits: UploadLimits,
    /// Disputes created in a chosen state, after the seeded ones.
    pub scenarios: Vec<crate::domain::scenario::Scenario>,
    /// Injected faults.
    pub faults: Faults,
    /// Where the sandbox clock starts (with a state file that holds a
    /// clock, the file's clock goes on instead, as its disputes do).
    pub clock: ClockStart,
    /// When set, accept-offer answers 202 Accepted and the dispute settles
    /// this much sandbox time later (PayPal: 202 "in case money movement
    /// for the offer is delayed"); when absent it settles at once (200).
    pub accept_offer_delay: Option<Duration>,
    /// Where to keep state across restarts; memory only when absent.
    pub state_file: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seller: Credentials::new("sandbox-merchant", "sandbox-merchant-secret"),
            buyer: Credentials::new("sandbox-customer", "sandbox-customer-secret"),
            token_ttl: Duration::from_secs(32_400),
            seed: 7,
            disputes: 100,
            seed_time: None,
            upload_limits: UploadLimits::default(),
            scenarios: Vec::new(),
            faults: Faults::none(),
            clock: ClockStart::Real,
            accept_offer_delay: None,
            state_file: None,
        }
    }
}

impl Config {
    /// Seed data from `seed`.
    pub fn seed(mut self, seed: u64) -> Config {
        self.seed = seed;
        self
    }

    /// `count` seeded disputes.
    pub fn disputes(mut self, count: usize) -> Config {
        self.disputes = count;
        self
    }

    /// Faults to inject.
    pub fn faults(mut self, faults: Faults) -> Config {
        self.faults = faults;
        self
    }

    /// Keep state in `path`.
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Config {
        self.state_file = Some(path.into());
        self
    }

    /// Tokens that live this long.
    pub fn token_ttl(mut self, ttl: Duration) -> Config {
        self.token_ttl = ttl;
        self
    }

    /// One more dispute, created in `scenario`'s status, stage and reason.
    pub fn scenario(mut self, scenario: crate::domain::scenario::Scenario) -> Config {
        self.scenarios.push(scenario);
        self
    }

    /// Upload limits.
    pub fn upload_limits(mut self, limits: UploadLimits) -> Config {
        self.upload_limits = limits;
        self
    }

    /// Where the sandbox clock starts.
    pub fn clock(mut self, clock: ClockStart) -> Config {
        self.clock = clock;
        self
    }

    /// Accept-offer answers 202 and the dispute settles `delay` of sandbox
    /// time later.
    pub fn accept_offer_delay(mut self, delay: Duration) -> Config {
        self.accept_offer_delay = Some(delay);
        self
    }

    /// Checks the configuration as a whole.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.faults.validate()?;
        if self.token_ttl.is_zero() || self.token_ttl > MAX_TOKEN_TTL {
            return Err(ConfigError::TokenTtl(format!(
                "{}",
                self.token_ttl.as_secs_f64()
            )));
        }
        if let Some(delay) = self.accept_offer_delay {
            if delay.is_zero() || delay > MAX_CLOCK_STEP {
                return Err(ConfigError::AcceptOfferDelay(format!(
                    "{}",
                    delay.as_secs_f64()
                )));
            }
        }
        if self.seller.client_id == self.buyer.client_id {
            return Err(ConfigError::SameClientId);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_a_secret() {
        let config = Config::default();
        let shown = format!("{config:?}");
        assert!(!shown.contains("sandbox-merchant-secret"), "{shown}");
        assert!(shown.contains("sandbox-merchant"), "{shown}");
    }

    #[test]
    fn fault_rates_outside_zero_to_one_or_above_one_in_total_are_refused() {
        let mut faults = Faults::none();
        faults.dropped = 1.5;
        assert!(matches!(
            faults.validate(),
            Err(ConfigError::FaultRate { .. })
        ));
        let mut faults = Faults::none();
        faults.dropped = 0.6;
        faults.internal_error = 0.6;
        assert!(matches!(faults.validate(), Err(ConfigError::FaultTotal(_))));
        assert_eq!(Faults::none().validate(), Ok(()));
    }

    #[test]
    fn a_clock_is_real_or_frozen_at_an_rfc3339_instant_and_anything_else_says_what_to_write() {
        assert_eq!("real".parse(), Ok(ClockStart::Real));
        let at = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .expect("an instant");
        assert_eq!(
            "frozen:2026-01-01T00:00:00Z".parse(),
            Ok(ClockStart::Frozen(at))
        );
        for bad in ["frozen", "frozen:yesterday", "2026-01-01T00:00:00Z", ""] {
            let err = bad.parse::<ClockStart>().expect_err(bad);
            assert!(err.contains("2026-01-01T00:00:00Z"), "{bad}: {err}");
        }
    }

    #[test]
    fn an_accept_offer_delay_of_zero_or_over_ten_years_is_refused_at_start_up() {
        for delay in [Duration::ZERO, MAX_CLOCK_STEP + Duration::from_secs(1)] {
            assert!(matches!(
                Config::default().accept_offer_delay(delay).validate(),
                Err(ConfigError::AcceptOfferDelay(_))
            ));
        }
        assert_eq!(
            Config::default()
                .accept_offer_delay(Duration::from_secs(3600))
                .validate(),
            Ok(())
        );
    }

    #[test]
    fn a_token_ttl_of_zero_or_over_a_year_is_refused_at_start_up() {
        for ttl in [
            Duration::ZERO,
            MAX_TOKEN_TTL + Duration::from_secs(1),
            Duration::from_secs(u64::MAX),
        ] {
            let config = Config::default().token_ttl(ttl);
            assert!(
                matches!(config.validate(), Err(ConfigError::TokenTtl(_))),
                "{ttl:?}"
            );
        }
        for ttl in [Duration::from_millis(1), MAX_TOKEN_TTL] {
            assert_eq!(Config::default().token_ttl(ttl).validate(), Ok(()));
        }
    }
}
