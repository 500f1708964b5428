//! Every action a dispute's links do not offer is refused with the typed
//! 422 error (`ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE`), for both
//! parties, across the seeded statuses and stages.

use std::collections::BTreeSet;

use disputes_api::enums::DisputeStatus;
use sandbox::{Action, Config};

use crate::{act, client, fast_retries, rels, show, start};

#[tokio::test]
async fn every_action_the_links_leave_out_is_a_typed_422_action_not_allowed() {
    let sandbox = start(Config::default().seed(7).disputes(60)).await;
    let parties = [
        client(&sandbox, sandbox.seller(), fast_retries(1)),
        client(&sandbox, sandbox.buyer(), fast_retries(1)),
    ];
    let mut refused = 0;
    let mut statuses = BTreeSet::new();
    for id in sandbox.dispute_ids() {
        for party in &parties {
            let dispute = show(party, &id).await;
            statuses.insert(dispute.status.clone().map(|s| s.as_str().to_owned()));
            let offered = rels(&dispute);
            let left_out = Action::ALL
                .iter()
                .filter(|action| !offered.iter().any(|o| o == action.as_str()));
            for &rel in left_out {
                let error = act(party, &id, rel, &dispute)
                    .await
                    .expect_err("a refused action");
                let api = error
                    .api()
                    .unwrap_or_else(|| panic!("{id} {rel}: not PayPal's error: {error}"));
                assert_eq!(api.status.as_u16(), 422, "{id} {rel}");
                assert_eq!(api.name(), "UNPROCESSABLE_ENTITY");
                assert_eq!(
                    error.issue(),
                    Some("ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE"),
                    "{id} {rel}"
                );
                refused += 1;
            }
            let again = show(party, &id).await;
            assert_eq!(
                again.update_time, dispute.update_time,
                "{id}: a refusal changed the dispute"
            );
        }
    }
    assert!(refused > 1000, "{refused}");
    assert!(statuses.len() >= 5, "{statuses:?}");
    assert!(statuses.contains(&Some(DisputeStatus::Resolved.as_str().to_owned())));
}
