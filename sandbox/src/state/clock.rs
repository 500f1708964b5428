//! The sandbox clock: the world's "now". Deadlines, lapsed offers and
//! delayed settlements are measured against it, never against the wall
//! clock, so a test can make days pass in a call. It lives in the world
//! (and its state file) because what has lapsed depends on it: a restart
//! that forgot an advance would move time backwards past decisions
//! already taken.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::config::{ClockStart, MAX_CLOCK_STEP};

/// The clock's reading rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Clock {
    /// Real time plus everything it was advanced by.
    Running {
        /// Milliseconds added to real time.
        advanced_ms: i64,
    },
    /// Stopped: only an advance moves it.
    Frozen {
        /// The instant it shows.
        at: DateTime<Utc>,
    },
}

/// An advance the clock cannot take.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// More than [`MAX_CLOCK_STEP`] at once, or past what it can count.
    #[error(
        "the clock advances at most {max} seconds (ten years) at a time, and {0} seconds is more",
        max = MAX_CLOCK_STEP.as_secs()
    )]
    TooFar(u64),
}

impl Clock {
    /// A clock as `start` says.
    pub fn start(start: ClockStart) -> Clock {
        match start {
            ClockStart::Real => Clock::Running { advanced_ms: 0 },
            ClockStart::Frozen(at) => Clock::Frozen { at },
        }
    }

    /// What time it is in the sandbox.
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::Running { advanced_ms } => Utc::now() + Duration::milliseconds(advanced_ms),
            Clock::Frozen { at } => at,
        }
    }

    /// The clock `by` later. Time only moves forward, so `by` cannot be
    /// negative; it is at most [`MAX_CLOCK_STEP`].
    pub fn advanced(self, by: std::time::Duration) -> Result<Clock, ClockError> {
        let too_far = || ClockError::TooFar(by.as_secs());
        if by > MAX_CLOCK_STEP {
            return Err(too_far());
        }
        let ms = i64::try_from(by.as_millis()).map_err(|_| too_far())?;
        match self {
            Clock::Running { advanced_ms } => Ok(Clock::Running {
                advanced_ms: advanced_ms.checked_add(ms).ok_or_else(too_far)?,
            }),
            Clock::Frozen { at } => Ok(Clock::Frozen {
                at: at
                    .checked_add_signed(Duration::milliseconds(ms))
                    .ok_or_else(too_far)?,
            }),
        }
    }

    /// Whether only advances move it.
    pub fn is_frozen(self) -> bool {
        matches!(self, Clock::Frozen { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .expect("an instant")
    }

    #[test]
    fn a_frozen_clock_moves_only_by_advances() {
        let clock = Clock::start(ClockStart::Frozen(at("2026-01-01T00:00:00Z")));
        assert_eq!(clock.now(), at("2026-01-01T00:00:00Z"));
        let later = clock
            .advanced(std::time::Duration::from_secs(3 * 86_400))
            .expect("three days");
        assert_eq!(later.now(), at("2026-01-04T00:00:00Z"));
        assert!(later.is_frozen());
    }

    #[test]
    fn a_running_clock_keeps_real_time_plus_its_advances() {
        let clock = Clock::start(ClockStart::Real)
            .advanced(std::time::Duration::from_secs(86_400))
            .expect("a day");
        let ahead = clock.now() - Utc::now();
        assert!(
            ahead > Duration::hours(23) && ahead <= Duration::days(1),
            "{ahead}"
        );
    }

    #[test]
    fn an_advance_over_ten_years_is_refused_and_says_the_limit() {
        let clock = Clock::start(ClockStart::Real);
        let err = clock
            .advanced(MAX_CLOCK_STEP + std::time::Duration::from_secs(1))
            .expect_err("too far");
        assert!(err.to_string().contains("ten years"), "{err}");
        assert!(clock.advanced(MAX_CLOCK_STEP).is_ok());
    }
}
