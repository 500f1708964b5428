//! Against disputes created in every status and stage (`Scenario`, the
//! sandbox's `--scenario`): for both parties, the actions
//! `Dispute::allowed_actions()` reports are exactly the ones the sandbox
//! accepts, every other one is refused with a typed refusal, and
//! `ensure_allowed` stops it before sending.

use disputes_api::RefusalKind;
use sandbox::{Action, Config, Scenario};

use crate::{act, client, fast_retries, show, start};

#[tokio::test]
async fn in_every_state_allowed_actions_are_exactly_the_accepted_ones() {
    let states = Scenario::every_state();
    let config = states
        .iter()
        .fold(Config::default().disputes(0), |c, s| c.scenario(*s));
    let sandbox = start(config).await;
    let ids = sandbox.scenario_ids();
    assert_eq!(ids.len(), states.len());
    let mut accepted = 0;
    let mut refused = 0;
    for (state, id) in states.iter().zip(&ids) {
        for buyer in [false, true] {
            let who = |s: &sandbox::Sandbox| {
                if buyer {
                    s.buyer().clone()
                } else {
                    s.seller().clone()
                }
            };
            let party = client(&sandbox, &who(&sandbox), fast_retries(1));
            let dispute = show(&party, id).await;
            assert_eq!(
                dispute.status.as_ref().map(|s| s.as_str()),
                Some(state.status.as_str()),
                "{state}"
            );
            let allowed = dispute.allowed_actions();
            for &action in Action::ALL {
                if allowed.contains(action) {
                    // Taken on a sandbox of its own, so it changes nothing here.
                    let fresh = start(Config::default().disputes(0).scenario(*state)).await;
                    let fresh_id = &fresh.scenario_ids()[0];
                    let fresh_party = client(&fresh, &who(&fresh), fast_retries(1));
                    let fresh_dispute = show(&fresh_party, fresh_id).await;
                    act(&fresh_party, fresh_id, action, &fresh_dispute)
                        .await
                        .unwrap_or_else(|e| panic!("{state} {action} (buyer: {buyer}): {e}"));
                    accepted += 1;
                } else {
                    assert!(dispute.ensure_allowed(action).is_err(), "{state} {action}");
                    let error = act(&party, id, action, &dispute)
                        .await
                        .expect_err("not in the links");
                    let kind = error
                        .refusal()
                        .map(|issue| issue.kind())
                        .unwrap_or_else(|| {
                            panic!("{state} {action}: not a typed refusal: {error}")
                        });
                    assert!(
                        matches!(kind, RefusalKind::State | RefusalKind::Permission),
                        "{state} {action}: {error}"
                    );
                    refused += 1;
                }
            }
        }
    }
    assert!(
        accepted > 20 && refused > 200,
        "{accepted} accepted, {refused} refused"
    );
}
