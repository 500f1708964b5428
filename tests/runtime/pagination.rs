use chrono::{TimeZone as _, Utc};
use disputes_api::enums::DisputeState;
use disputes_api::{DisputeFilter, Error};
use futures_util::TryStreamExt as _;

use crate::stub::{Scripted, Stub};

fn list_queries(stub: &Stub) -> Vec<String> {
    stub.calls()
        .iter()
        .filter(|r| r.path == "/v1/customer/disputes")
        .map(|r| r.query.clone().unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn pages_are_fetched_only_as_the_stream_is_read() {
    let stub = Stub::start().await;
    stub.state.lock().disputes = 100;
    let client = stub.client().build().expect("client");
    let mut stream = client
        .disputes(DisputeFilter::new().page_size(10))
        .expect("filter");
    for _ in 0..12 {
        stream.try_next().await.expect("page").expect("item");
    }
    assert_eq!(
        list_queries(&stub).len(),
        2,
        "12 items need 2 pages of 10, not 10 pages"
    );
}

#[tokio::test]
async fn filters_are_sent_as_the_operation_s_query_parameters() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    let after = Utc
        .with_ymd_and_hms(2024, 1, 2, 3, 4, 5)
        .single()
        .expect("date");
    let _: Vec<_> = client
        .disputes(
            DisputeFilter::new()
                .dispute_state(DisputeState::RequiredAction)
                .dispute_state(DisputeState::UnderPaypalReview)
                .update_time_after(after)
                .page_size(50),
        )
        .expect("filter")
        .try_collect()
        .await
        .expect("list");
    let query = &list_queries(&stub)[0];
    assert!(
        query.contains("dispute_state=REQUIRED_ACTION%2CUNDER_PAYPAL_REVIEW"),
        "{query}"
    );
    assert!(
        query.contains("update_time_after=2024-01-02T03%3A04%3A05.000Z"),
        "{query}"
    );
    assert!(query.contains("page_size=50"), "{query}");
}

#[tokio::test]
// `start_time` is deprecated by PayPal, and still checked.
#[allow(deprecated)]
async fn filters_that_break_paypal_s_rules_fail_before_any_request() {
    let stub = Stub::start().await;
    let client = stub.client().build().expect("client");
    let start = Utc
        .with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .expect("date");
    let bad = [
        (
            DisputeFilter::new()
                .start_time(start)
                .disputed_transaction_id("5TW1234"),
            "cannot be combined",
        ),
        (DisputeFilter::new().page_size(0), "1 to 50"),
        (DisputeFilter::new().page_size(51), "1 to 50"),
        (
            DisputeFilter::new()
                .update_time_before(start)
                .update_time_after(start),
            "not after",
        ),
        (
            DisputeFilter::new().dispute_state("SOMETHING_NEW"),
            "not a state",
        ),
    ];
    for (filter, says) in bad {
        let error = client.disputes(filter).err().expect("rejected");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert!(error.to_string().contains(says), "`{error}` lacks `{says}`");
    }
    assert!(
        stub.requests().is_empty(),
        "nothing sent, not even a token request"
    );
}

/// A server that hands page tokens out in a cycle (A, B, A) would make the
/// stream endless; the stream stops at the first token it has had before.
#[tokio::test]
async fn page_tokens_that_cycle_end_the_stream_with_an_error_not_a_loop() {
    let stub = Stub::start().await;
    let page = |id: &str, next: &str| {
        Scripted::status(
            200,
            serde_json::json!({
                "items": [{ "dispute_id": id }],
                "links": [{
                    "href": format!("https://api-m.sandbox.paypal.com/v1/customer/disputes?next_page_token={next}"),
                    "rel": "next",
                    "method": "GET"
                }]
            })
            .to_string(),
        )
    };
    stub.push(page("PP-D-1", "A"));
    stub.push(page("PP-D-2", "B"));
    stub.push(page("PP-D-3", "A"));
    stub.push(page("PP-D-4", "B"));
    let client = stub.client().build().expect("client");
    let mut stream = client.disputes(DisputeFilter::new()).expect("filter");
    let mut ids = Vec::new();
    let error = loop {
        match stream.try_next().await {
            Ok(Some(d)) => ids.push(d.dispute_id.map(|id| id.to_string()).unwrap_or_default()),
            Ok(None) => panic!("the stream ended without noticing the cycle: {ids:?}"),
            Err(e) => break e,
        }
    };
    assert_eq!(ids, ["PP-D-1", "PP-D-2", "PP-D-3"]);
    assert!(matches!(error, Error::Protocol(_)), "{error:?}");
    assert!(error.to_string().contains("`A` a second time"), "{error}");
    assert_eq!(list_queries(&stub).len(), 3, "no fourth page asked for");
}
