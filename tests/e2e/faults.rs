//! Under 20% injected faults (429, 500, 503 and dropped connections, some
//! of them after the action was applied), a script of 200 actions
//! completes, and the sandbox's counters show every action applied exactly
//! once: the client retries with the same `PayPal-Request-Id`, and the
//! sandbox answers a retry of an applied action from its idempotency store.

use disputes_api::enums::{DisputeLifeCycleStage as Stage, DisputeStatus as Status};
use sandbox::{Action, Config, Faults};

use crate::{act, client, fast_retries, show, start};

/// Ten actions that take an inquiry waiting for the merchant through a
/// denied offer, a claim, a decision and an appeal; (buyer?, rel).
const SCRIPT: &[(bool, Action)] = &[
    (false, Action::SendMessage),
    (false, Action::MakeOffer),
    (true, Action::DenyOffer),
    (true, Action::SendMessage),
    (false, Action::Escalate),
    (false, Action::ProvideSupportingInfo),
    (false, Action::RequireEvidence),
    (false, Action::ProvideEvidence),
    (false, Action::Adjudicate),
    (false, Action::Appeal),
];

#[tokio::test]
async fn two_hundred_actions_complete_under_twenty_percent_faults_each_applied_once() {
    let sandbox = start(Config::default().seed(7).disputes(200)).await;
    // Enough attempts that 20% faults cannot exhaust them (0.2^12); the
    // faults themselves are seeded, so the run repeats.
    let merchant = client(&sandbox, sandbox.seller(), fast_retries(12));
    let customer = client(&sandbox, sandbox.buyer(), fast_retries(12));
    let mut chosen = Vec::new();
    for id in sandbox.dispute_ids() {
        let d = show(&merchant, &id).await;
        if d.dispute_life_cycle_stage == Some(Stage::Inquiry)
            && d.status == Some(Status::WaitingForSellerResponse)
        {
            chosen.push((id, d));
        }
        if chosen.len() == 20 {
            break;
        }
    }
    assert_eq!(chosen.len(), 20, "20 inquiries waiting for the merchant");

    sandbox
        .set_faults(Faults {
            rate_limited: 0.05,
            internal_error: 0.05,
            unavailable: 0.05,
            dropped: 0.05,
            latency: None,
            retry_after: 0,
            seed: 20,
        })
        .expect("faults");
    let mut request_ids = Vec::new();
    for (step, (buyer, rel)) in SCRIPT.iter().enumerate() {
        for (id, before) in &chosen {
            let request_id = format!("script-{id}-{step}");
            let party = if *buyer { &customer } else { &merchant };
            let pinned = party.with_request_id(&request_id).expect("request id");
            act(&pinned, id, *rel, before)
                .await
                .unwrap_or_else(|e| panic!("{id} step {step} {rel}: {e}"));
            request_ids.push(request_id);
        }
    }
    sandbox.set_faults(Faults::none()).expect("faults off");

    let counters = sandbox.counters();
    assert_eq!(request_ids.len(), 200);
    for request_id in &request_ids {
        assert_eq!(
            counters.applied_by_request_id.get(request_id),
            Some(&1),
            "{request_id}"
        );
    }
    assert_eq!(counters.total_applied(), 200);
    let faults = &counters.faults;
    assert!(
        faults.rate_limited > 0
            && faults.internal_error > 0
            && faults.unavailable > 0
            && faults.dropped > 0,
        "{faults:?}"
    );
    assert!(
        faults.after_handling > 0,
        "no answer of an applied action was lost: {faults:?}"
    );
    // Each lost answer is followed by exactly one replay that reached the handler.
    assert_eq!(counters.replayed, faults.after_handling, "{faults:?}");

    // Nothing applied twice shows in the disputes too.
    for (id, before) in &chosen {
        let d = show(&merchant, id).await;
        assert_eq!(
            d.dispute_life_cycle_stage,
            Some(Stage::PreArbitration),
            "{id}"
        );
        assert_eq!(d.status, Some(Status::UnderReview), "{id}");
        assert_eq!(d.messages.len(), before.messages.len() + 2, "{id}");
        let offers = d.offer.as_ref().map_or(0, |o| o.history.len());
        let offers_before = before.offer.as_ref().map_or(0, |o| o.history.len());
        assert_eq!(offers, offers_before + 2, "{id}");
        assert_eq!(
            d.adjudications.len(),
            before.adjudications.len() + 1,
            "{id}"
        );
        assert_eq!(
            d.money_movements.len(),
            before.money_movements.len() + 2,
            "{id}"
        );
    }
}
