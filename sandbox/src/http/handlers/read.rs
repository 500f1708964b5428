//! List disputes and show dispute details.
//!
//! List filters follow PayPal's reference: `start_time` and
//! `disputed_transaction_id` exclude each other; `dispute_state` is a comma
//! list combined with OR; `update_time_before`/`after` bound the last
//! update; every time must be within the last 180 days; `page_size` is 1
//! to 50 (default 10). Disputes are listed newest first, and the
//! `next_page_token` in the `rel: "next"` link names the last dispute of
//! the page, not an offset, so a page boundary does not move when disputes
//! change between pages.

use axum::Json;
use axum::extract::{Extension, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use disputes_api::enums;
use disputes_api::types;

use crate::domain::error::{ApiError, Detail, Issue};
use crate::domain::model::{DisputeRecord, DisputeState};
use crate::domain::rules;
use crate::domain::wire::build;
use crate::http::app::{DisputePath, Shared, base_url, catch_up};
use crate::http::auth::Caller;
use crate::http::render;
use crate::state::store::{ListKey, list_key};

/// PayPal's page size bounds and default.
const PAGE_SIZES: std::ops::RangeInclusive<usize> = 1..=50;
const DEFAULT_PAGE_SIZE: usize = 10;
/// How far back times may reach.
const WINDOW_DAYS: i64 = 180;

/// `GET /v1/customer/disputes/{id}`.
pub async fn show(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    DisputePath(id): DisputePath,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = catch_up(&app).await {
        return response;
    }
    let base = base_url(&headers, app.local);
    let world = app.read();
    match world.get(&id) {
        Some(dispute) => Json(render::details(&base, dispute, caller.party)).into_response(),
        None => ApiError::dispute_not_found(&id).into_response(),
    }
}

/// The filters of one list call.
#[derive(Debug, Default)]
struct Filter {
    start_time: Option<DateTime<Utc>>,
    disputed_transaction_id: Option<String>,
    states: Vec<DisputeState>,
    update_time_before: Option<DateTime<Utc>>,
    update_time_after: Option<DateTime<Utc>>,
    page_size: usize,
    after: Option<ListKey>,
    /// The query without the page token, for the links.
    query: Vec<(String, String)>,
}

fn time(
    name: &str,
    value: &str,
    now: DateTime<Utc>,
    details: &mut Vec<Detail>,
) -> Option<DateTime<Utc>> {
    match DateTime::parse_from_rfc3339(value) {
        Ok(time) => {
            let time = time.with_timezone(&Utc);
            if time < now - Duration::days(WINDOW_DAYS) {
                details.push(
                    Detail::query(
                        name,
                        Issue::InvalidParameterValue,
                        format!("Must be within the last {WINDOW_DAYS} days."),
                    )
                    .with_value(value),
                );
                return None;
            }
            Some(time)
        }
        Err(_) => {
            details.push(
                Detail::query(
                    name,
                    Issue::InvalidParameterSyntax,
                    "Expected an Internet date and time such as 2025-01-31T12:00:00.000Z.",
                )
                .with_value(value),
            );
            None
        }
    }
}

/// The page token: the list key of the last dispute shown, as hex (which
/// fits PayPal's token pattern and needs no URL escaping).
fn encode_token(key: &ListKey) -> String {
    let text = format!(
        "{}|{}",
        key.0.0.to_rfc3339_opts(SecondsFormat::Nanos, true),
        key.1.0
    );
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

fn decode_token(token: &str) -> Option<ListKey> {
    if token.len() % 2 != 0 || token.len() > 600 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..token.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(token.get(i..i + 2)?, 16).ok())
        .collect();
    let text = String::from_utf8(bytes?).ok()?;
    let (time, id) = text.split_once('|')?;
    let time = DateTime::parse_from_rfc3339(time).ok()?.with_timezone(&Utc);
    Some((std::cmp::Reverse(time), std::cmp::Reverse(id.to_owned())))
}

fn filter(pairs: Vec<(String, String)>, now: DateTime<Utc>) -> Result<Filter, ApiError> {
    let mut details = Vec::new();
    let mut filter = Filter {
        page_size: DEFAULT_PAGE_SIZE,
        ..Filter::default()
    };
    for (name, value) in pairs {
        match name.as_str() {
            "start_time" => filter.start_time = time(&name, &value, now, &mut details),
            "update_time_before" => {
                filter.update_time_before = time(&name, &value, now, &mut details)
            }
            "update_time_after" => {
                filter.update_time_after = time(&name, &value, now, &mut details)
            }
            "disputed_transaction_id" => {
                if value.is_empty() {
                    details.push(Detail::query(
                        &name,
                        Issue::InvalidParameterValue,
                        "A transaction ID cannot be empty.",
                    ));
                }
                filter.disputed_transaction_id = Some(value.clone());
            }
            "dispute_state" => {
                for state in value.split(',') {
                    match DisputeState::parse(state.trim()) {
                        Some(state) => filter.states.push(state),
                        None => details.push(
                            Detail::query(
                                &name,
                                Issue::InvalidParameterValue,
                                "Not a dispute state; separate several with commas.",
                            )
                            .with_value(state),
                        ),
                    }
                }
            }
            "page_size" => match value.trim().parse::<i64>() {
                Ok(size) if size >= 1 && size as usize <= *PAGE_SIZES.end() => {
                    filter.page_size = size as usize
                }
                Ok(_) => details.push(
                    Detail::query(&name, Issue::InvalidParameterValue, "Takes 1 to 50.")
                        .with_value(&value),
                ),
                Err(_) => details.push(
                    Detail::query(&name, Issue::InvalidParameterSyntax, "Expected an integer.")
                        .with_value(&value),
                ),
            },
            "next_page_token" => match decode_token(&value) {
                Some(key) => filter.after = Some(key),
                None => details.push(
                    Detail::query(
                        &name,
                        Issue::InvalidParameterValue,
                        "Not a token this API returned; take it from the `next` link.",
                    )
                    .with_value(&value),
                ),
            },
            // PayPal ignores parameters it does not know; so does the sandbox.
            _ => continue,
        }
        if name != "next_page_token" {
            filter.query.push((name, value));
        }
    }
    if filter.start_time.is_some() && filter.disputed_transaction_id.is_some() {
        details.push(Detail::query(
            "disputed_transaction_id",
            Issue::IncompatibleParameterValue,
            "Filter by start_time or by disputed_transaction_id, not both.",
        ));
    }
    if let (Some(before), Some(after)) = (filter.update_time_before, filter.update_time_after) {
        if before <= after {
            details.push(Detail::query(
                "update_time_before",
                Issue::InvalidParameterValue,
                "Must be after update_time_after; no dispute can match.",
            ));
        }
    }
    if details.is_empty() {
        Ok(filter)
    } else {
        Err(ApiError::invalid_request(details))
    }
}

impl Filter {
    fn matches(&self, dispute: &DisputeRecord, caller: &Caller) -> bool {
        if self.start_time.is_some_and(|t| dispute.create_time < t) {
            return false;
        }
        if let Some(id) = &self.disputed_transaction_id {
            let t = &dispute.transaction;
            let same =
                |other: &Option<types::TransactionId>| other.as_ref().is_some_and(|o| o.0 == *id);
            if !same(&t.buyer_transaction_id) && !same(&t.seller_transaction_id) {
                return false;
            }
        }
        if !self.states.is_empty()
            && !self
                .states
                .contains(&rules::dispute_state(dispute, caller.party))
        {
            return false;
        }
        if self
            .update_time_before
            .is_some_and(|t| dispute.update_time >= t)
        {
            return false;
        }
        if self
            .update_time_after
            .is_some_and(|t| dispute.update_time <= t)
        {
            return false;
        }
        true
    }
}

/// Query-string escaping of one value.
fn escape(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn href(base: &str, query: &[(String, String)]) -> String {
    if query.is_empty() {
        return base.to_owned();
    }
    let pairs: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

/// `GET /v1/customer/disputes`.
pub async fn list(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(pairs)) = query else {
        return ApiError::invalid_request(vec![Detail::new(
            Issue::InvalidParameterSyntax,
            "The query string cannot be read.",
        )])
        .into_response();
    };
    if let Err(response) = catch_up(&app).await {
        return response;
    }
    let now = app.read().now();
    let filter = match filter(pairs, now) {
        Ok(filter) => filter,
        Err(error) => return error.into_response(),
    };
    let base = base_url(&headers, app.local);
    let world = app.read();
    let mut items = Vec::with_capacity(filter.page_size);
    let mut last = None;
    let mut more = false;
    for dispute in world.listed_after(filter.after.as_ref()) {
        if !filter.matches(dispute, &caller) {
            continue;
        }
        if items.len() == filter.page_size {
            more = true;
            break;
        }
        last = Some(list_key(dispute));
        items.push(render::summary(&base, dispute, caller.party));
    }
    drop(world);
    let list_url = base.disputes();
    let mut links = vec![render::link(
        href(&list_url, &filter.query),
        "self",
        enums::HttpMethod::Get,
    )];
    if let (true, Some(last)) = (more, last) {
        let mut query = filter.query.clone();
        if !query.iter().any(|(k, _)| k == "page_size") {
            query.push(("page_size".to_owned(), filter.page_size.to_string()));
        }
        query.push(("next_page_token".to_owned(), encode_token(&last)));
        links.push(render::link(
            href(&list_url, &query),
            "next",
            enums::HttpMethod::Get,
        ));
    }
    let page: types::DisputeSearch =
        build(types::DisputeSearch::builder().items(items).links(links));
    Json(page).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn issues(error: ApiError) -> Vec<(String, &'static str)> {
        error
            .details
            .iter()
            .map(|d| (d.field.clone().unwrap_or_default(), d.issue.as_str()))
            .collect()
    }

    #[test]
    fn page_tokens_round_trip_and_garbage_is_refused() {
        let key = (
            std::cmp::Reverse(Utc::now()),
            std::cmp::Reverse("PP-D-100001".to_owned()),
        );
        assert_eq!(decode_token(&encode_token(&key)), Some(key));
        for bad in ["", "zz", "abc", "6869"] {
            assert_eq!(decode_token(bad), None, "{bad}");
        }
    }

    #[test]
    fn start_time_and_transaction_id_together_are_incompatible() {
        let now = Utc::now();
        let start = (now - Duration::days(1)).to_rfc3339();
        let query = pairs(&[("start_time", &start), ("disputed_transaction_id", "ABC")]);
        assert_eq!(
            issues(filter(query, now).expect_err("refused")),
            [(
                "disputed_transaction_id".to_owned(),
                "INCOMPATIBLE_PARAMETER_VALUE"
            )]
        );
    }

    #[test]
    fn each_bad_parameter_is_one_detail() {
        let now = Utc::now();
        let old = (now - Duration::days(181)).to_rfc3339();
        let query = pairs(&[
            ("page_size", "0"),
            ("page_size", "x"),
            ("dispute_state", "RESOLVED,NOPE"),
            ("update_time_after", &old),
            ("start_time", "yesterday"),
        ]);
        assert_eq!(
            issues(filter(query, now).expect_err("refused")),
            [
                ("page_size".to_owned(), "INVALID_PARAMETER_VALUE"),
                ("page_size".to_owned(), "INVALID_PARAMETER_SYNTAX"),
                ("dispute_state".to_owned(), "INVALID_PARAMETER_VALUE"),
                ("update_time_after".to_owned(), "INVALID_PARAMETER_VALUE"),
                ("start_time".to_owned(), "INVALID_PARAMETER_SYNTAX"),
            ]
        );
    }

    #[test]
    fn an_empty_update_window_is_refused() {
        let now = Utc::now();
        let t = (now - Duration::days(2)).to_rfc3339();
        let query = pairs(&[("update_time_before", &t), ("update_time_after", &t)]);
        assert_eq!(
            issues(filter(query, now).expect_err("refused")),
            [("update_time_before".to_owned(), "INVALID_PARAMETER_VALUE")]
        );
    }

    #[test]
    fn links_escape_their_values() {
        assert_eq!(
            href(
                "http://h/l",
                &pairs(&[("start_time", "2025-01-01T00:00:00+01:00")])
            ),
            "http://h/l?start_time=2025-01-01T00%3A00%3A00%2B01%3A00"
        );
    }
}
