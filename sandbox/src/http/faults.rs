//! Fault injection: the dice, and the middleware that rolls them for each
//! dispute call. Decisions come from a seeded generator, so a run with the
//! same seed and the same sequence of requests sees the same faults.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::{ConfigError, Faults};
use crate::domain::error::ApiError;
use crate::state::counters::FaultCounts;

/// A fault to inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429 with `Retry-After`.
    RateLimited,
    /// 500.
    InternalError,
    /// 503 with `Retry-After`.
    Unavailable,
    /// The connection closes without an answer.
    Dropped,
}

/// When a fault strikes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Before the request is handled: nothing is applied.
    Before,
    /// After: the action is applied and its answer lost.
    After,
}

/// Marks a response whose connection must be closed instead of answered;
/// the server's accept loop acts on it (see `server.rs`).
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

/// The rates and the generator that rolls against them, under one lock:
/// a roll always uses one set of rates, and a new set always starts from
/// its own seed.
#[derive(Debug)]
struct Dice {
    faults: Faults,
    rng: fastrand::Rng,
}

/// The dice and their counts.
#[derive(Debug)]
pub struct FaultInjector {
    dice: Mutex<Dice>,
    /// Whether any fault or latency is set: without, a call takes no lock.
    active: AtomicBool,
    counts: [AtomicU64; 5],
}

impl FaultInjector {
    /// Runs `next` inside this call's latency and fault, if any.
    pub async fn around(&self, request: Request, next: Next) -> Response {
        let (latency, fault) = self.roll();
        if let Some(latency) = latency {
            tokio::time::sleep(latency).await;
        }
        if let Some((fault, Phase::Before)) = fault {
            return self.response(fault, Phase::Before);
        }
        let response = next.run(request).await;
        match fault {
            Some((fault, Phase::After)) => self.response(fault, Phase::After),
            _ => response,
        }
    }

    /// Dice for `faults`.
    pub fn new(faults: Faults) -> FaultInjector {
        let injector = FaultInjector {
            dice: Mutex::new(Dice {
                rng: fastrand::Rng::with_seed(faults.seed),
                faults: Faults::none(),
            }),
            active: AtomicBool::new(false),
            counts: Default::default(),
        };
        injector.replace(faults);
        injector
    }

    /// Replaces the faults (and reseeds the dice).
    pub fn set(&self, faults: Faults) -> Result<(), ConfigError> {
        faults.validate()?;
        self.replace(faults);
        Ok(())
    }

    fn replace(&self, faults: Faults) {
        let active = faults.total() > 0.0 || faults.latency.is_some();
        let mut dice = self.dice.lock().unwrap_or_else(|p| p.into_inner());
        *dice = Dice {
            rng: fastrand::Rng::with_seed(faults.seed),
            faults,
        };
        self.active.store(active, Ordering::Relaxed);
    }

    /// The counts so far.
    pub fn counts(&self) -> FaultCounts {
        let get = |i: usize| self.counts[i].load(Ordering::Relaxed);
        FaultCounts {
            rate_limited: get(0),
            internal_error: get(1),
            unavailable: get(2),
            dropped: get(3),
            after_handling: get(4),
        }
    }

    /// Rolls the dice for one request: the latency to add and the fault,
    /// if any.
    pub fn roll(&self) -> (Option<Duration>, Option<(Fault, Phase)>) {
        if !self.active.load(Ordering::Relaxed) {
            return (None, None);
        }
        let mut dice = self.dice.lock().unwrap_or_else(|p| p.into_inner());
        let Dice { faults, rng } = &mut *dice;
        let latency = faults.latency.map(|(low, high)| {
            let span = high.saturating_sub(low);
            low + span.mul_f64(rng.f64())
        });
        let roll = rng.f64();
        // (fault, its rate, whether it may strike after handling)
        let table = [
            (Fault::RateLimited, faults.rate_limited, false),
            (Fault::InternalError, faults.internal_error, true),
            (Fault::Unavailable, faults.unavailable, false),
            (Fault::Dropped, faults.dropped, true),
        ];
        let mut bound = 0.0;
        let mut fault = None;
        for (kind, rate, may_follow) in table {
            bound += rate;
            if roll < bound {
                let phase = if may_follow && rng.bool() {
                    Phase::After
                } else {
                    Phase::Before
                };
                fault = Some((kind, phase));
                break;
            }
        }
        (latency, fault)
    }

    fn response(&self, fault: Fault, phase: Phase) -> Response {
        let index = match fault {
            Fault::RateLimited => 0,
            Fault::InternalError => 1,
            Fault::Unavailable => 2,
            Fault::Dropped => 3,
        };
        self.counts[index].fetch_add(1, Ordering::Relaxed);
        if phase == Phase::After {
            self.counts[4].fetch_add(1, Ordering::Relaxed);
        }
        let retry_after = self
            .dice
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .faults
            .retry_after;
        match fault {
            Fault::RateLimited => ApiError::rate_limited(retry_after).into_response(),
            Fault::InternalError => ApiError::internal().into_response(),
            Fault::Unavailable => ApiError::unavailable(retry_after).into_response(),
            Fault::Dropped => {
                let mut response = ApiError::internal().into_response();
                response.extensions_mut().insert(DropConnection);
                response
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faults(rate: f64, seed: u64) -> Faults {
        Faults {
            rate_limited: rate,
            internal_error: rate,
            unavailable: rate,
            dropped: rate,
            seed,
            ..Faults::none()
        }
    }

    #[test]
    fn no_faults_means_no_dice() {
        let dice = FaultInjector::new(Faults::none());
        for _ in 0..1000 {
            assert_eq!(dice.roll(), (None, None));
        }
    }

    #[test]
    fn the_fault_rate_is_about_what_was_asked_and_repeats_with_the_seed() {
        let rolls = |seed| {
            let dice = FaultInjector::new(faults(0.05, seed));
            (0..10_000).map(|_| dice.roll().1).collect::<Vec<_>>()
        };
        let first = rolls(3);
        assert_eq!(first, rolls(3));
        let failed = first.iter().filter(|f| f.is_some()).count();
        assert!((1_700..2_300).contains(&failed), "{failed} of 10000");
        let after = first
            .iter()
            .filter(|f| matches!(f, Some((_, Phase::After))))
            .count();
        assert!(after > 300, "{after} faults after handling");
        assert!(first.iter().all(|f| !matches!(
            f,
            Some((Fault::RateLimited | Fault::Unavailable, Phase::After))
        )));
    }

    #[test]
    fn latency_stays_within_its_bounds() {
        let dice = FaultInjector::new(Faults {
            latency: Some((Duration::from_millis(5), Duration::from_millis(9))),
            ..Faults::none()
        });
        for _ in 0..200 {
            let (latency, fault) = dice.roll();
            let latency = latency.unwrap_or_default();
            assert!(latency >= Duration::from_millis(5) && latency <= Duration::from_millis(9));
            assert_eq!(fault, None);
        }
    }
}
