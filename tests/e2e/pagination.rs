//! Pagination over 500 disputes: following `next_page_token` in the
//! `rel: "next"` link returns each dispute exactly once.

use std::collections::HashSet;

use disputes_api::DisputeFilter;
use disputes_api::enums::DisputeState;
use futures_util::TryStreamExt as _;
use sandbox::Config;

use crate::{client, fast_retries, start};

async fn ids(client: &disputes_api::Client, filter: DisputeFilter) -> Vec<String> {
    client
        .disputes(filter)
        .expect("filter")
        .map_ok(|d| d.dispute_id.map(|i| i.to_string()).unwrap_or_default())
        .try_collect()
        .await
        .expect("every page")
}

#[tokio::test]
async fn paging_through_500_disputes_returns_each_exactly_once() {
    let sandbox = start(Config::default().seed(7).disputes(500)).await;
    let merchant = client(&sandbox, sandbox.seller(), fast_retries(2));
    for size in [50, 7] {
        let listed = ids(&merchant, DisputeFilter::new().page_size(size)).await;
        assert_eq!(listed.len(), 500, "page size {size}");
        assert_eq!(
            listed.iter().collect::<HashSet<_>>().len(),
            500,
            "page size {size}: a repeat"
        );
        assert_eq!(
            listed,
            sandbox.dispute_ids(),
            "page size {size}: newest first"
        );
    }
    let default_pages = ids(&merchant, DisputeFilter::new()).await;
    assert_eq!(default_pages.len(), 500);

    // A filtered walk returns exactly the matching disputes.
    let states = [DisputeState::Resolved, DisputeState::Appealable];
    let filtered = ids(
        &merchant,
        DisputeFilter::new()
            .dispute_state(states[0].clone())
            .dispute_state(states[1].clone())
            .page_size(13),
    )
    .await;
    let expected: Vec<String> = sandbox
        .dispute_ids()
        .into_iter()
        .filter(|id| {
            sandbox
                .dispute(id)
                .is_some_and(|d| d.status == sandbox::Status::Resolved)
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(filtered, expected);
}
