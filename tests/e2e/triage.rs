//! The triage example (`disputes-api/examples/triage.rs`, compiled in
//! here as it is) against the sandbox: every dispute waiting for the
//! merchant, soonest deadline first, with the actions its links allow.

#[path = "../../disputes-api/examples/triage.rs"]
#[allow(dead_code)]
mod example;

use disputes_api::enums::DisputeState;
use disputes_api::{DisputeFilter, RespondBy};
use futures_util::TryStreamExt as _;
use sandbox::Config;

use crate::{client, fast_retries, show, start};

#[tokio::test]
async fn triage_lists_every_dispute_waiting_for_the_merchant_soonest_first_with_its_actions() {
    let sandbox = start(Config::default().seed(11).disputes(60)).await;
    let merchant = client(&sandbox, sandbox.seller(), fast_retries(3));
    let lines = example::triage(&merchant).await.expect("triage");

    // Exactly the disputes the list says need the merchant's action.
    let mut expected: Vec<String> = merchant
        .disputes(DisputeFilter::new())
        .expect("filter")
        .try_filter(|d| std::future::ready(d.dispute_state == Some(DisputeState::RequiredAction)))
        .map_ok(|d| d.dispute_id.map(|i| i.to_string()).unwrap_or_default())
        .try_collect()
        .await
        .expect("all disputes");
    let mut got: Vec<String> = lines.iter().map(|l| l.id.clone()).collect();
    assert!(
        !got.is_empty(),
        "the seed has disputes waiting for the merchant"
    );
    expected.sort();
    got.sort();
    assert_eq!(got, expected);

    // Soonest deadline first, undated last.
    let dates: Vec<_> = lines.iter().map(|l| l.respond_by).collect();
    let mut sorted = dates.clone();
    sorted.sort_by_key(|d| (d.is_none(), *d));
    assert_eq!(dates, sorted);

    // Each line's actions and deadline are the dispute's own.
    for line in &lines {
        let dispute = show(&merchant, &line.id).await;
        assert_eq!(line.allowed, dispute.allowed_actions(), "{}", line.id);
        assert_eq!(line.respond_by, dispute.respond_by(), "{}", line.id);
    }
}
