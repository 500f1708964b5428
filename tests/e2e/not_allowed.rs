//! Every action a dispute's links do not offer is refused with PayPal's
//! typed error, for both parties, across the seeded statuses and stages:
//! 403 NOT_AUTHORIZED when the action is never the party's
//! (`docs/sandbox-rules.md`, "who"), else 422
//! `ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE`.

use std::collections::BTreeSet;

use disputes_api::enums::DisputeStatus;
use sandbox::{Action, Config};

use crate::{act, client, fast_retries, rels, show, start};

#[tokio::test]
async fn every_action_the_links_leave_out_is_a_typed_403_or_422() {
    let sandbox = start(Config::default().seed(7).disputes(60)).await;
    let seller_never = [Action::AcceptOffer, Action::DenyOffer];
    let buyer_never = [
        Action::MakeOffer,
        Action::AcknowledgeReturnItem,
        Action::AcceptClaim,
        Action::Appeal,
        Action::Update,
    ];
    let parties = [
        (
            client(&sandbox, sandbox.seller(), fast_retries(1)),
            &seller_never[..],
        ),
        (
            client(&sandbox, sandbox.buyer(), fast_retries(1)),
            &buyer_never[..],
        ),
    ];
    let mut refused = 0;
    let mut statuses = BTreeSet::new();
    for id in sandbox.dispute_ids() {
        for (party, never) in &parties {
            let dispute = show(party, &id).await;
            statuses.insert(dispute.status.clone().map(|s| s.as_str().to_owned()));
            let offered = rels(&dispute);
            // The client's reading of the links is exactly what they offer:
            // every action rel known, nothing left over.
            let allowed = dispute.allowed_actions();
            assert!(allowed.other_rels().is_empty(), "{id}: {allowed}");
            let from_rels: BTreeSet<Action> =
                offered.iter().filter_map(|r| Action::parse(r)).collect();
            assert_eq!(allowed.iter().collect::<BTreeSet<_>>(), from_rels, "{id}");
            let left_out = Action::ALL
                .iter()
                .filter(|action| !allowed.contains(**action));
            for &action in Action::ALL {
                let checked = dispute.ensure_allowed(action);
                assert_eq!(checked.is_ok(), allowed.contains(action), "{id} {action}");
                if let Err(not_allowed) = checked {
                    assert_eq!(not_allowed.allowed, allowed);
                    let error = disputes_api::Error::from(not_allowed);
                    assert!(error.is_not_allowed_in_state(), "{error}");
                    assert!(error.to_string().contains(action.as_str()), "{error}");
                }
            }
            for &rel in left_out {
                let error = act(party, &id, rel, &dispute)
                    .await
                    .expect_err("a refused action");
                let api = error
                    .api()
                    .unwrap_or_else(|| panic!("{id} {rel}: not PayPal's error: {error}"));
                let (status, name, issue) = if never.contains(&rel) {
                    (403, "NOT_AUTHORIZED", "PERMISSION_DENIED")
                } else {
                    (
                        422,
                        "UNPROCESSABLE_ENTITY",
                        "ACTION_NOT_ALLOWED_IN_CURRENT_DISPUTE_STATE",
                    )
                };
                assert_eq!(api.status.as_u16(), status, "{id} {rel}");
                assert_eq!(api.name(), name);
                assert_eq!(error.issue(), Some(issue), "{id} {rel}");
                let typed = error.refusal().expect("a typed refusal");
                assert_ne!(typed.kind(), disputes_api::RefusalKind::Other, "{id} {rel}");
                assert_eq!(error.is_not_allowed_in_state(), status == 422);
                assert_eq!(error.is_permission_denied(), status == 403);
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

/// The other half: every action `allowed_actions()` reports is one the
/// sandbox accepts, for both parties, across the seeded statuses and
/// stages. Each is taken on a fresh sandbox of the same seed, so one
/// action's effect cannot hide another's.
#[tokio::test]
async fn every_action_allowed_actions_reports_is_accepted() {
    let config = Config::default().seed(7).disputes(40);
    let probe = start(config.clone()).await;
    let ids = probe.dispute_ids();
    let mut taken = 0;
    for id in &ids {
        for buyer in [false, true] {
            let who = |s: &sandbox::Sandbox| {
                if buyer {
                    s.buyer().clone()
                } else {
                    s.seller().clone()
                }
            };
            let dispute = show(&client(&probe, &who(&probe), fast_retries(1)), id).await;
            for action in dispute.allowed_actions().iter() {
                let fresh = start(config.clone()).await;
                let party = client(&fresh, &who(&fresh), fast_retries(1));
                act(&party, id, action, &dispute)
                    .await
                    .unwrap_or_else(|e| panic!("{id} {action} (buyer: {buyer}): {e}"));
                taken += 1;
            }
        }
    }
    assert!(taken > 40, "{taken}");
}
