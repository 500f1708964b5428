//! A dispute in a chosen status, stage and reason, as seed 003 says the
//! sandbox should offer ("In the sandbox, you can create a dispute, update
//! the dispute status, and settle the dispute"): a merchant's test of a
//! given state starts from one instead of replaying actions.
//!
//! Written `STATUS/STAGE/REASON` with PayPal's names, for example
//! `WAITING_FOR_SELLER_RESPONSE/INQUIRY/MERCHANDISE_OR_SERVICE_NOT_RECEIVED`
//! (the `--scenario` flag, `POST /sandbox/disputes`, `Config::scenario`).

use std::fmt;
use std::str::FromStr;

use crate::domain::model::{Reason, Stage, Status};

/// Where a created dispute starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Scenario {
    /// Its status.
    pub status: Status,
    /// Its life-cycle stage.
    pub stage: Stage,
    /// Why the customer disputes the payment.
    pub reason: Reason,
}

impl Scenario {
    /// Every status in every stage, the reasons taken in turn so that each
    /// appears: the states a test of "every state" walks.
    pub fn every_state() -> Vec<Scenario> {
        let mut reasons = Reason::ALL.iter().copied().cycle();
        let mut all = Vec::new();
        for &stage in Stage::ALL {
            for &status in Status::ALL {
                let reason = reasons.next().unwrap_or(Reason::Other);
                all.push(Scenario {
                    status,
                    stage,
                    reason,
                });
            }
        }
        all
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.status, self.stage, self.reason)
    }
}

/// A scenario that does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "scenario `{text}`: {problem}; write STATUS/STAGE/REASON with PayPal's names, e.g. WAITING_FOR_SELLER_RESPONSE/INQUIRY/MERCHANDISE_OR_SERVICE_NOT_RECEIVED"
)]
pub struct ScenarioError {
    text: String,
    problem: String,
}

impl FromStr for Scenario {
    type Err = ScenarioError;

    fn from_str(text: &str) -> Result<Scenario, ScenarioError> {
        let error = |problem: String| ScenarioError {
            text: text.to_owned(),
            problem,
        };
        let parts: Vec<&str> = text.split('/').map(str::trim).collect();
        let [status, stage, reason] = parts.as_slice() else {
            return Err(error(format!("{} part(s), not 3", parts.len())));
        };
        let names = |all: &[&str]| all.join(", ");
        Ok(Scenario {
            status: Status::parse(status).ok_or_else(|| {
                error(format!(
                    "no status `{status}` (one of {})",
                    names(&Status::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>())
                ))
            })?,
            stage: Stage::parse(stage).ok_or_else(|| {
                error(format!(
                    "no stage `{stage}` (one of {})",
                    names(&Stage::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>())
                ))
            })?,
            reason: Reason::parse(reason).ok_or_else(|| {
                error(format!(
                    "no reason `{reason}` (one of {})",
                    names(&Reason::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>())
                ))
            })?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_reads_back_what_it_writes_and_a_bad_one_names_the_part() {
        for scenario in Scenario::every_state() {
            assert_eq!(scenario.to_string().parse::<Scenario>(), Ok(scenario));
        }
        let err = "WAITING/INQUIRY/OTHER"
            .parse::<Scenario>()
            .expect_err("bad status");
        assert!(err.to_string().contains("no status `WAITING`"), "{err}");
        assert!(
            err.to_string().contains("WAITING_FOR_SELLER_RESPONSE"),
            "{err}"
        );
        let err = "OPEN/INQUIRY".parse::<Scenario>().expect_err("two parts");
        assert!(err.to_string().contains("2 part(s)"), "{err}");
    }

    #[test]
    fn every_state_covers_each_status_stage_pair_and_every_reason() {
        let all = Scenario::every_state();
        assert_eq!(all.len(), Status::ALL.len() * Stage::ALL.len());
        for &reason in Reason::ALL {
            assert!(all.iter().any(|s| s.reason == reason), "{reason}");
        }
    }
}
