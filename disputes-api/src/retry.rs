//! When a failed call is tried again, and how long to wait first.
//!
//! Retried: connection failures, timeouts, and the statuses that mean "not
//! now" (429, 500, 502, 503, 504). Never retried: any other 4xx, because the
//! same request will fail the same way. Waits grow exponentially with full
//! jitter (a random wait between zero and the cap, so that many clients do
//! not retry in step), are at least what `Retry-After` asks, and stop at the
//! attempt limit or the total time limit, whichever comes first. A POST is
//! safe to repeat because it carries the same `PayPal-Request-Id` each time.

use std::time::Duration;

use crate::error::Error;

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

    pub(crate) fn validate(&self) -> Result<(), Error> {
        if self.max_attempts == 0 {
            return Err(Error::Config(
                "retry policy: max_attempts must be at least 1 (1 means no retries)".to_owned(),
            ));
        }
        if self.initial_backoff > self.max_backoff {
            return Err(Error::Config(format!(
                "retry policy: initial_backoff {:?} is larger than max_backoff {:?}",
                self.initial_backoff, self.max_backoff
            )));
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

/// Statuses that mean "try again later".
pub(crate) fn retryable_status(status: reqwest::StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// Failures where the request may not have reached PayPal, or its answer
/// was lost: connecting, timing out, the connection dropping.
pub(crate) fn retryable_transport(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_timeout() || error.is_request()
}

/// `Retry-After` as seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        headers.insert(
            reqwest::header::RETRY_AFTER,
            "soon".parse().expect("header"),
        );
        assert_eq!(retry_after(&headers), None);
    }
}
