//! Every dispute a filter matches, as a stream that fetches one page at a
//! time and follows the `rel: "next"` link's `next_page_token`.
//!
//! Memory stays flat whatever the count: one page is held, its items are
//! yielded, then the next page is fetched (plus 8 bytes a page to notice a
//! server that cycles its page tokens). Filters are checked before
//! the first request: PayPal takes `start_time` or
//! `disputed_transaction_id`, not both, and a page size of 1 to 50.
//! PayPal deprecates `start_time`; the update window
//! ([`DisputeFilter::update_time_after`], [`DisputeFilter::update_time_before`])
//! is what it offers instead.

use std::collections::HashSet;
use std::hash::{BuildHasher as _, RandomState};

use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::stream::{self, Stream, TryStreamExt as _};

use crate::Client;
use crate::enums::DisputeState;
use crate::error::Error;
use crate::types::{DisputeSummary, LinkDescription, TransactionId};

/// PayPal's page size bounds.
pub const PAGE_SIZE: std::ops::RangeInclusive<u8> = 1..=50;

/// What [`Client::disputes`] lists: the filters of list disputes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DisputeFilter {
    start_time: Option<DateTime<Utc>>,
    disputed_transaction_id: Option<TransactionId>,
    page_size: Option<u8>,
    dispute_states: Vec<DisputeState>,
    update_time_before: Option<DateTime<Utc>>,
    update_time_after: Option<DateTime<Utc>>,
}

impl DisputeFilter {
    /// Every dispute (PayPal's default window).
    pub fn new() -> Self {
        DisputeFilter::default()
    }

    /// Disputes created at or after this time (at most 180 days ago).
    ///
    /// PayPal deprecates `start_time` (its 1.11 document) and documents no
    /// filter by creation time to replace it; filter by the last update
    /// with [`update_time_after`](Self::update_time_after) and
    /// [`update_time_before`](Self::update_time_before) instead.
    #[deprecated(
        note = "PayPal deprecates start_time: filter by update_time_after and update_time_before"
    )]
    pub fn start_time(mut self, time: DateTime<Utc>) -> Self {
        self.start_time = Some(time);
        self
    }

    /// Disputes about this transaction.
    pub fn disputed_transaction_id(mut self, id: impl Into<TransactionId>) -> Self {
        self.disputed_transaction_id = Some(id.into());
        self
    }

    /// Items per page, 1 to 50 (PayPal's default is 10).
    pub fn page_size(mut self, size: u8) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Adds a dispute state; several states are combined with OR.
    pub fn dispute_state(mut self, state: impl Into<DisputeState>) -> Self {
        self.dispute_states.push(state.into());
        self
    }

    /// Disputes last updated before this time.
    pub fn update_time_before(mut self, time: DateTime<Utc>) -> Self {
        self.update_time_before = Some(time);
        self
    }

    /// Disputes last updated after this time.
    pub fn update_time_after(mut self, time: DateTime<Utc>) -> Self {
        self.update_time_after = Some(time);
        self
    }

    /// PayPal's rules for combining filters, checked before any request.
    pub fn validate(&self) -> Result<(), Error> {
        if self.start_time.is_some() && self.disputed_transaction_id.is_some() {
            return Err(Error::InvalidRequest(
                "`start_time` and `disputed_transaction_id` cannot be combined: PayPal filters by one or the other; drop one".to_owned(),
            ));
        }
        if let Some(size) = self.page_size {
            if !PAGE_SIZE.contains(&size) {
                return Err(Error::InvalidRequest(format!(
                    "`page_size` is {size}; PayPal takes 1 to 50"
                )));
            }
        }
        if let (Some(before), Some(after)) = (self.update_time_before, self.update_time_after) {
            if before <= after {
                return Err(Error::InvalidRequest(format!(
                    "`update_time_before` ({before}) is not after `update_time_after` ({after}); no dispute can match"
                )));
            }
        }
        if let Some(DisputeState::Unknown(value)) = self
            .dispute_states
            .iter()
            .find(|s| matches!(s, DisputeState::Unknown(_)))
        {
            return Err(Error::InvalidRequest(format!(
                "`dispute_state` `{value}` is not a state PayPal documents"
            )));
        }
        Ok(())
    }
}

fn timestamp(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

enum Cursor {
    First,
    Next(String),
    /// The last page pointed at a token already followed.
    Cycled(String),
    Done,
}

/// Where a walk through the pages is, and which page tokens it has had.
///
/// A server that hands out tokens in a cycle (A, B, A, ...) would make the
/// stream endless; every token seen is remembered as a 64-bit fingerprint
/// (8 bytes a page: 16 KiB for 100,000 disputes in pages of 50), keyed
/// per stream so a server cannot make two tokens collide on purpose.
struct Walk {
    cursor: Cursor,
    seen: HashSet<u64>,
    keys: RandomState,
}

impl Client {
    /// Every dispute `filter` matches, one page at a time.
    ///
    /// Fails before any request if the filter breaks PayPal's rules (see
    /// [`DisputeFilter::validate`]); each item is a `Result` because any
    /// page can fail.
    pub fn disputes(
        &self,
        filter: DisputeFilter,
    ) -> Result<impl Stream<Item = Result<DisputeSummary, Error>> + Unpin + '_, Error> {
        filter.validate()?;
        let walk = Walk {
            cursor: Cursor::First,
            seen: HashSet::new(),
            keys: RandomState::new(),
        };
        let pages = stream::try_unfold(walk, move |mut walk| {
            let filter = filter.clone();
            async move {
                let token = match walk.cursor {
                    Cursor::Done => return Ok(None),
                    Cursor::Cycled(token) => {
                        return Err(Error::Protocol(format!(
                            "PayPal returned the next_page_token `{token}` a second time; stopping instead of looping"
                        )));
                    }
                    Cursor::First => None,
                    Cursor::Next(token) => Some(token),
                };
                let page = self.page(&filter, token.as_deref()).await?;
                walk.cursor = match next_page_token(&page.links)? {
                    // This page's items are still yielded; the error comes
                    // after them.
                    Some(next) if !walk.seen.insert(walk.keys.hash_one(&next)) => {
                        Cursor::Cycled(next)
                    }
                    Some(next) => Cursor::Next(next),
                    None => Cursor::Done,
                };
                Ok(Some((page.items, walk)))
            }
        });
        Ok(Box::pin(
            pages
                .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
                .try_flatten(),
        ))
    }

    // `start_time` and `next_page_token` are deprecated by PayPal: the first
    // is sent only when a caller chose the (deprecated) filter, and the
    // token is the one PayPal's own `next` link carries, which is what
    // PayPal says to follow.
    #[allow(deprecated)]
    async fn page(
        &self,
        filter: &DisputeFilter,
        token: Option<&str>,
    ) -> Result<crate::types::DisputeSearch, Error> {
        let mut request = self.list_disputes();
        if let Some(time) = &filter.start_time {
            request = request.start_time(timestamp(time));
        }
        if let Some(id) = &filter.disputed_transaction_id {
            request = request.disputed_transaction_id(id.clone());
        }
        if let Some(size) = filter.page_size {
            request = request.page_size(i64::from(size));
        }
        if !filter.dispute_states.is_empty() {
            let states: Vec<&str> = filter
                .dispute_states
                .iter()
                .map(DisputeState::as_str)
                .collect();
            request = request.dispute_state(states.join(","));
        }
        if let Some(time) = &filter.update_time_before {
            request = request.update_time_before(timestamp(time));
        }
        if let Some(time) = &filter.update_time_after {
            request = request.update_time_after(timestamp(time));
        }
        if let Some(token) = token {
            request = request.next_page_token(token.to_owned());
        }
        Ok(request.send().await?.into_inner())
    }
}

/// The `next_page_token` of the `rel: "next"` link, if there is one.
fn next_page_token(links: &[LinkDescription]) -> Result<Option<String>, Error> {
    let Some(next) = links.iter().find(|l| l.rel == "next") else {
        return Ok(None);
    };
    // PayPal's hrefs are absolute; a relative one still has a query.
    let url = reqwest::Url::parse(&next.href)
        .or_else(|_| reqwest::Url::parse("https://relative.invalid/")?.join(&next.href))
        .map_err(|e| {
            Error::Protocol(format!(
                "the next-page link `{}` is not a URL: {e}",
                next.href
            ))
        })?;
    let token = url
        .query_pairs()
        .find(|(k, _)| k == "next_page_token")
        .map(|(_, v)| v.into_owned());
    match token {
        Some(token) if !token.is_empty() => Ok(Some(token)),
        _ => Err(Error::Protocol(format!(
            "the next-page link `{}` has no next_page_token",
            next.href
        ))),
    }
}
