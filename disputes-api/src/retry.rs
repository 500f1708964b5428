//! When a failed call is tried again, and how long to wait first.
//!
//! Retried: connection failures, timeouts, and the statuses that mean "not
//! now" (429, 500, 502, 503, 504), up to the answer's headers (a body cut
//! off midway is not retried). Never retried: any other 4xx, because the
//! same request will fail the same way. Waits grow exponentially with full
//! jitter (a random wait between zero and the cap, so that many clients do
//! not retry in step), are at least what `Retry-After` asks, and stop at the
//! attempt limit or the total time limit, whichever comes first.
//!
//! A POST is safe to repeat because it carries the same `PayPal-Request-Id`
//! each time: PayPal's idempotency guide has a repeat answered with the
//! first call's result, and retrying on timeouts and 5xx is what it
//! describes. PayPal documents no such ID for PATCH, so a PATCH is sent
//! again only when it surely was not applied: a refused connection or 429.

//!
//! A leaf: a value type and pure functions (should this outcome be tried
//! again? after how long?), so the policy reads, and is tested, alone. The
//! loops that apply it are in `auth` (token requests) and `runtime` (calls).

use std::time::Duration;

use crate::headers;

/// How failed calls are retried. [`RetryPolicy::default`]: 4 attempts,
/// waits from 200 ms doubling up to 10 s, 60 s in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// The cap of the first wait; each later cap doubles.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest cap of one wait.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// No retry starts later than this after the call began.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// The number of attempts this policy allows.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Why this policy cannot be used, if it cannot: the builder turns the
    /// sentence into `Error::Config`, so this module needs no error type.
    pub(crate) fn validate(&self) -> Result<(), String> {
        if self.max_attempts == 0 {
            return Err(
                "retry policy: max_attempts must be at least 1 (1 means no retries)".to_owned(),
            );
        }
        if self.initial_backoff > self.max_backoff {
            return Err(format!(
                "retry policy: initial_backoff {:?} is larger than max_backoff {:?}",
                self.initial_backoff, self.max_backoff
            ));
        }
        Ok(())
    }

    /// The wait before attempt `attempt + 1`, or `None` when the policy
    /// allows no more. `attempt` counts from 1; `elapsed` is the time since
    /// the call began.
    pub(crate) fn next_delay(
        &self,
        attempt: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let exponent = attempt.saturating_sub(1).min(30);
        let cap = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        let jitter = cap.mul_f64(fastrand::f64());
        let delay = retry_after.map_or(jitter, |asked| asked.max(jitter));
        (elapsed.saturating_add(delay) <= self.max_elapsed).then_some(delay)
    }
}

/// Whether sending `method` again cannot apply it twice: the idempotent
/// methods, and a POST carrying a `PayPal-Request-Id` (PayPal answers a
/// repeat with the first answer). PayPal documents no request ID for PATCH
/// (update dispute), so a PATCH is sent again only when it surely was not
/// processed: a refused connection or a 429.
pub(crate) fn repeatable(method: &reqwest::Method, headers: &reqwest::header::HeaderMap) -> bool {
    use reqwest::Method;
    match *method {
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS => true,
        Method::POST => headers.contains_key(headers::REQUEST_ID_NAME),
        _ => false,
    }
}

/// What one attempt came to, as far as retrying cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// PayPal (or something in front of it) answered with this status.
    Answered(reqwest::StatusCode),
    /// No connection was made: the request surely did not reach PayPal.
    Refused,
    /// Sent, but timed out or dropped before the answer's headers: PayPal
    /// may have applied it (a body cut off later is read after the retry
    /// loop, and not retried).
    Lost,
    /// Any other failure (a body that could not be sent, a redirect
    /// loop): the same request fails the same way.
    Failed,
}

impl Outcome {
    /// The outcome of a send that got no answer.
    pub(crate) fn of_transport(error: &reqwest::Error) -> Outcome {
        if error.is_connect() {
            Outcome::Refused
        } else if error.is_timeout() || error.is_request() {
            Outcome::Lost
        } else {
            Outcome::Failed
        }
    }
}

/// Whether an attempt that came to `outcome` is tried again (attempts and
/// time allowing, see [`RetryPolicy::next_delay`]). `repeatable` is
/// [`repeatable`]'s answer for the request: one that may have been applied
/// is sent again only if applying it twice is impossible, while a refused
/// connection or a 429 (PayPal did not process it) is always retried.
pub(crate) fn should_retry(outcome: Outcome, repeatable: bool) -> bool {
    match outcome {
        Outcome::Answered(status) => {
            retryable_status(status)
                && (repeatable || status == reqwest::StatusCode::TOO_MANY_REQUESTS)
        }
        Outcome::Refused => true,
        Outcome::Lost => repeatable,
        Outcome::Failed => false,
    }
}

/// Statuses that mean "try again later".
fn retryable_status(status: reqwest::StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// `Retry-After` as seconds or as an HTTP date, in any of the three forms
/// RFC 9110 has a client accept (IMF-fixdate, RFC 850, asctime).
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_now_statuses_are_retried_and_other_failures_are_not() {
        for code in [429, 500, 502, 503, 504] {
            let status = reqwest::StatusCode::from_u16(code).expect("status");
            assert!(should_retry(Outcome::Answered(status), true), "{code}");
        }
        for code in [200, 201, 204, 400, 401, 403, 404, 409, 422, 501, 505] {
            let status = reqwest::StatusCode::from_u16(code).expect("status");
            assert!(!should_retry(Outcome::Answered(status), true), "{code}");
        }
        assert!(!should_retry(Outcome::Failed, true));
    }

    #[test]
    fn a_request_that_may_have_been_applied_is_repeated_only_if_repeatable() {
        // A PATCH, or a POST without a request ID.
        assert!(!should_retry(Outcome::Lost, false), "a timeout");
        assert!(
            !should_retry(
                Outcome::Answered(reqwest::StatusCode::SERVICE_UNAVAILABLE),
                false
            ),
            "a 503 may come after the change was made"
        );
        // Surely not applied: sent again whatever the method.
        assert!(should_retry(Outcome::Refused, false));
        assert!(should_retry(
            Outcome::Answered(reqwest::StatusCode::TOO_MANY_REQUESTS),
            false
        ));
        assert!(should_retry(Outcome::Lost, true));
    }

    #[test]
    fn a_post_is_repeatable_only_with_a_request_id() {
        use reqwest::Method;
        let none = reqwest::header::HeaderMap::new();
        let mut with_id = reqwest::header::HeaderMap::new();
        with_id.insert(
            headers::REQUEST_ID_NAME,
            "order-42".parse().expect("header"),
        );
        for method in [Method::GET, Method::PUT, Method::DELETE, Method::HEAD] {
            assert!(repeatable(&method, &none), "{method}");
        }
        assert!(!repeatable(&Method::POST, &none));
        assert!(repeatable(&Method::POST, &with_id));
        assert!(
            !repeatable(&Method::PATCH, &with_id),
            "PayPal documents no request ID for PATCH"
        );
    }

    #[test]
    fn waits_stay_under_the_doubling_cap() {
        let policy = RetryPolicy::default()
            .max_attempts(10)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350))
            .max_elapsed(Duration::from_secs(3600));
        for _ in 0..200 {
            let caps = [100, 200, 350, 350];
            for (i, cap) in caps.iter().enumerate() {
                let delay = policy
                    .next_delay(i as u32 + 1, Duration::ZERO, None)
                    .expect("attempts remain");
                assert!(delay <= Duration::from_millis(*cap), "{delay:?} > {cap} ms");
            }
        }
    }

    #[test]
    fn waits_are_full_jitter_under_a_cap_that_doubles() {
        let policy = RetryPolicy::default()
            .max_attempts(10)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_secs(60))
            .max_elapsed(Duration::from_secs(3600));
        for (attempt, cap_ms) in [(1u32, 100u64), (2, 200), (3, 400), (4, 800)] {
            let delays: Vec<Duration> = (0..2000)
                .map(|_| {
                    policy
                        .next_delay(attempt, Duration::ZERO, None)
                        .expect("attempts remain")
                })
                .collect();
            let cap = Duration::from_millis(cap_ms);
            let (lowest, highest) = (
                delays.iter().min().copied().unwrap_or_default(),
                delays.iter().max().copied().unwrap_or_default(),
            );
            // Uniform over [0, cap): 2000 draws all but surely reach both
            // ends' tenths, and the mean sits near the middle.
            assert!(highest <= cap, "attempt {attempt}: {highest:?} > {cap:?}");
            assert!(
                highest > cap.mul_f64(0.9),
                "attempt {attempt}: top {highest:?}"
            );
            assert!(
                lowest < cap.mul_f64(0.1),
                "attempt {attempt}: bottom {lowest:?}"
            );
            let mean = delays.iter().sum::<Duration>() / 2000;
            assert!(
                mean > cap.mul_f64(0.4) && mean < cap.mul_f64(0.6),
                "attempt {attempt}: mean {mean:?} of cap {cap:?}"
            );
        }
    }

    #[test]
    fn retry_after_is_a_floor_and_the_budget_a_ceiling() {
        let policy = RetryPolicy::default().max_elapsed(Duration::from_secs(10));
        let delay = policy.next_delay(1, Duration::ZERO, Some(Duration::from_secs(3)));
        assert_eq!(delay, Some(Duration::from_secs(3)));
        let late = policy.next_delay(1, Duration::from_secs(8), Some(Duration::from_secs(3)));
        assert_eq!(late, None, "a wait past the time budget is not taken");
        assert_eq!(
            policy.next_delay(4, Duration::ZERO, None),
            None,
            "4 attempts"
        );
        assert_eq!(
            RetryPolicy::disabled().next_delay(1, Duration::ZERO, None),
            None
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, "7".parse().expect("header"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            reqwest::header::RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().expect("header"),
        );
        assert_eq!(
            retry_after(&headers),
            Some(Duration::ZERO),
            "a past date: now"
        );
        let in_a_minute = std::time::SystemTime::now() + Duration::from_secs(60);
        let forms = [
            httpdate::fmt_http_date(in_a_minute),
            // RFC 850 and asctime, the obsolete forms a client must read.
            chrono::DateTime::<chrono::Utc>::from(in_a_minute)
                .format("%A, %d-%b-%y %H:%M:%S GMT")
                .to_string(),
            chrono::DateTime::<chrono::Utc>::from(in_a_minute)
                .format("%a %b %e %H:%M:%S %Y")
                .to_string(),
        ];
        for form in forms {
            headers.insert(reqwest::header::RETRY_AFTER, form.parse().expect("header"));
            let wait = retry_after(&headers).unwrap_or_else(|| panic!("`{form}` not read"));
            assert!(
                wait > Duration::from_secs(55) && wait <= Duration::from_secs(60),
                "`{form}`: {wait:?}"
            );
        }
        headers.insert(
            reqwest::header::RETRY_AFTER,
            "soon".parse().expect("header"),
        );
        assert_eq!(retry_after(&headers), None);
    }
}
