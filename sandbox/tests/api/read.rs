use std::collections::HashSet;

use chrono::{Duration, SecondsFormat, Utc};
use reqwest::StatusCode;
use serde_json::Value;

use crate::{Api, answer};

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i["dispute_id"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn next_link(page: &Value) -> Option<String> {
    page["links"]
        .as_array()?
        .iter()
        .find(|l| l["rel"] == "next")
        .and_then(|l| l["href"].as_str())
        .map(str::to_owned)
}

#[tokio::test]
async fn show_dispute_details_has_the_fields_paypal_documents() {
    let api = Api::seeded(5).await;
    let id = api.sandbox.dispute_ids()[0].clone();
    let shown = api.show(&id, &api.seller).await;
    assert_eq!(shown.status, StatusCode::OK);
    for field in [
        "dispute_id",
        "create_time",
        "update_time",
        "disputed_transactions",
        "reason",
        "status",
        "dispute_amount",
        "dispute_life_cycle_stage",
        "dispute_channel",
        "dispute_state",
        "history",
        "links",
    ] {
        assert!(!shown.body[field].is_null(), "{field} missing");
    }
    assert_eq!(shown.body["links"][0]["rel"], "self");
    assert_eq!(
        shown.body["links"][0]["href"],
        api.url(&format!("/v1/customer/disputes/{id}"))
    );
    assert_eq!(shown.body["history"][0]["event_type"], "CREATED");
}

#[tokio::test]
async fn list_results_carry_each_disputes_action_links_as_its_details_do() {
    let api = Api::seeded(60).await;
    let mut supporting_info = 0;
    for token in [&api.seller, &api.buyer] {
        let page = api
            .get("/v1/customer/disputes?page_size=50", token)
            .await
            .body;
        let items = page["items"].as_array().cloned().unwrap_or_default();
        assert!(!items.is_empty());
        for item in items {
            let id = item["dispute_id"].as_str().unwrap_or_default();
            let shown = api.show(id, token).await.body;
            assert_eq!(item["links"], shown["links"], "{id}");
            supporting_info += item["links"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|l| l["rel"] == "provide_supporting_info")
                .count();
        }
    }
    // PayPal: the link is found "in the HATEOAS links in the list disputes
    // response"; the seed data has disputes that offer it.
    assert!(
        supporting_info > 0,
        "no listed dispute offered provide_supporting_info"
    );
}

#[tokio::test]
async fn an_unknown_dispute_is_404_resource_not_found() {
    let api = Api::seeded(1).await;
    let shown = api.show("PP-D-0", &api.seller).await;
    assert_eq!(shown.status, StatusCode::NOT_FOUND);
    assert_eq!(shown.body["name"], "RESOURCE_NOT_FOUND");
    assert_eq!(
        shown.fields(),
        [("id".to_owned(), "INVALID_RESOURCE_ID".to_owned())]
    );
    let action = api
        .post_json(
            "/v1/customer/disputes/PP-D-0/escalate",
            &api.seller,
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(action.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_unknown_path_is_404_and_a_wrong_method_is_405_with_allow() {
    let api = Api::seeded(1).await;
    let unknown = api.get("/v1/customer/nothing", &api.seller).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.body["name"], "RESOURCE_NOT_FOUND");
    let delete = api
        .http
        .delete(api.url("/v1/customer/disputes/PP-D-100001"))
        .bearer_auth(&api.seller)
        .send()
        .await
        .expect("sent");
    let delete = answer(delete).await;
    assert_eq!(delete.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(delete.body["name"], "METHOD_NOT_SUPPORTED");
    let allow = delete
        .headers
        .get("allow")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(allow.contains("GET") && allow.contains("PATCH"), "{allow}");
}

#[tokio::test]
async fn pages_follow_next_links_newest_first_and_never_repeat() {
    let api = Api::seeded(57).await;
    let mut seen = Vec::new();
    let mut url = api.url("/v1/customer/disputes?page_size=10");
    let mut pages = 0;
    loop {
        let page = answer(
            api.http
                .get(&url)
                .bearer_auth(&api.seller)
                .send()
                .await
                .expect("sent"),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        pages += 1;
        seen.extend(ids(&page.body));
        match next_link(&page.body) {
            Some(next) => url = next,
            None => break,
        }
    }
    assert_eq!(pages, 6);
    assert_eq!(
        seen,
        api.sandbox.dispute_ids(),
        "every dispute once, in list order"
    );
}

#[tokio::test]
async fn the_default_page_is_ten_and_page_size_is_one_to_fifty() {
    let api = Api::seeded(30).await;
    let page = api.get("/v1/customer/disputes", &api.seller).await;
    assert_eq!(ids(&page.body).len(), 10);
    for bad in ["0", "51", "-3"] {
        let page = api
            .get(
                &format!("/v1/customer/disputes?page_size={bad}"),
                &api.seller,
            )
            .await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(page.body["name"], "INVALID_REQUEST");
        assert_eq!(
            page.fields(),
            [("page_size".to_owned(), "INVALID_PARAMETER_VALUE".to_owned())]
        );
        assert_eq!(page.body["details"][0]["location"], "query");
    }
    let page = api
        .get("/v1/customer/disputes?page_size=ten", &api.seller)
        .await;
    assert_eq!(page.issues(), ["INVALID_PARAMETER_SYNTAX"]);
    let all = api
        .get("/v1/customer/disputes?page_size=50", &api.seller)
        .await;
    assert_eq!(ids(&all.body).len(), 30);
    assert_eq!(next_link(&all.body), None);
}

#[tokio::test]
async fn dispute_state_filters_take_a_comma_list() {
    let api = Api::seeded(80).await;
    let page = api
        .get(
            "/v1/customer/disputes?page_size=50&dispute_state=RESOLVED,APPEALABLE",
            &api.seller,
        )
        .await;
    let items = page.body["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|i| { i["dispute_state"] == "RESOLVED" || i["dispute_state"] == "APPEALABLE" })
    );
    let bad = api
        .get(
            "/v1/customer/disputes?dispute_state=RESOLVED,CLOSED",
            &api.seller,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["details"][0]["value"], "CLOSED");
}

#[tokio::test]
async fn a_transaction_id_finds_its_dispute_and_excludes_start_time() {
    let api = Api::seeded(20).await;
    let id = api.sandbox.dispute_ids()[7].clone();
    let shown = api.show(&id, &api.seller).await;
    let transaction = shown.body["disputed_transactions"][0]["seller_transaction_id"]
        .as_str()
        .expect("transaction id")
        .to_owned();
    let found = api
        .get(
            &format!("/v1/customer/disputes?disputed_transaction_id={transaction}"),
            &api.seller,
        )
        .await;
    assert_eq!(ids(&found.body), [id]);
    let start = (Utc::now() - Duration::days(30)).to_rfc3339_opts(SecondsFormat::Millis, true);
    let both = api
        .get(
            &format!(
                "/v1/customer/disputes?disputed_transaction_id={transaction}&start_time={start}"
            ),
            &api.seller,
        )
        .await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST);
    assert_eq!(both.issues(), ["INCOMPATIBLE_PARAMETER_VALUE"]);
}

#[tokio::test]
async fn time_filters_bound_creation_and_update_within_180_days() {
    let api = Api::seeded(60).await;
    let now = Utc::now();
    let stamp = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Millis, true);
    let start = now - Duration::days(40);
    let page = api
        .get(
            &format!(
                "/v1/customer/disputes?page_size=50&start_time={}",
                stamp(start)
            ),
            &api.seller,
        )
        .await;
    let created: Vec<i64> = page.body["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["create_time"].as_str())
                .filter_map(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.timestamp_millis())
                .collect()
        })
        .unwrap_or_default();
    assert!(!created.is_empty());
    assert!(created.iter().all(|t| *t >= start.timestamp_millis()));
    let expected = api
        .sandbox
        .dispute_ids()
        .iter()
        .filter_map(|id| api.sandbox.dispute(id))
        .filter(|d| d.create_time >= start)
        .count();
    assert_eq!(created.len(), expected.min(50));

    let (after, before) = (now - Duration::days(60), now - Duration::days(20));
    let window = api
        .get(
            &format!(
                "/v1/customer/disputes?page_size=50&update_time_after={}&update_time_before={}",
                stamp(after),
                stamp(before)
            ),
            &api.seller,
        )
        .await;
    let inside: HashSet<String> = ids(&window.body).into_iter().collect();
    for id in api.sandbox.dispute_ids() {
        let d = api.sandbox.dispute(&id).expect("dispute");
        assert_eq!(
            inside.contains(&id),
            d.update_time > after && d.update_time < before,
            "{id}"
        );
    }
    let old = api
        .get(
            &format!(
                "/v1/customer/disputes?start_time={}",
                stamp(now - Duration::days(181))
            ),
            &api.seller,
        )
        .await;
    assert_eq!(old.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        old.fields(),
        [(
            "start_time".to_owned(),
            "INVALID_PARAMETER_VALUE".to_owned()
        )]
    );
}

#[tokio::test]
async fn a_made_up_page_token_is_400() {
    let api = Api::seeded(3).await;
    let page = api
        .get(
            "/v1/customer/disputes?next_page_token=bm90LWEtdG9rZW4=",
            &api.seller,
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        page.fields(),
        [(
            "next_page_token".to_owned(),
            "INVALID_PARAMETER_VALUE".to_owned()
        )]
    );
}
