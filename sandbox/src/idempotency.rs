//! `PayPal-Request-Id` idempotency: the first answer to a request ID is
//! kept with a fingerprint of the request, and the same ID with the same
//! request gets that answer again without anything being applied twice.
//! The same ID with a different request is a conflict.
//!
//! IDs are scoped to the OAuth2 client, as PayPal scopes them to the
//! caller. The store keeps the latest [`CAPACITY`] answers and is part of
//! the state file, so a retry after a restart is still a replay.

use std::collections::{HashMap, VecDeque};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Answers kept; the oldest is forgotten first.
pub const CAPACITY: usize = 100_000;

/// A stored answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body (empty for 204).
    pub body: String,
}

/// One request ID and what it was answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The OAuth2 client that sent it.
    pub client_id: String,
    /// The `PayPal-Request-Id`.
    pub request_id: String,
    /// [`fingerprint`] of the request.
    pub fingerprint: String,
    /// The answer.
    pub response: StoredResponse,
}

/// What to do with a request that carries an ID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Not seen: handle it.
    New,
    /// Seen with the same request: answer this again.
    Replay(StoredResponse),
    /// Seen with a different request.
    Conflict,
}

/// The stored answers.
#[derive(Clone, Debug, Default)]
pub struct Store {
    records: HashMap<(String, String), Record>,
    order: VecDeque<(String, String)>,
}

/// A digest of what makes two requests the same: method, path and body.
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update([0]);
    hasher.update(path.as_bytes());
    hasher.update([0]);
    hasher.update(body);
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Store {
    /// A store holding `records`, oldest first.
    pub fn from_records(records: Vec<Record>) -> Store {
        let mut store = Store::default();
        for record in records {
            store.insert(record);
        }
        store
    }

    /// Every record, oldest first.
    pub fn records(&self) -> impl Iterator<Item = &Record> {
        self.order.iter().filter_map(|key| self.records.get(key))
    }

    /// What to do with `request_id` from `client_id`.
    pub fn lookup(&self, client_id: &str, request_id: &str, fingerprint: &str) -> Lookup {
        match self
            .records
            .get(&(client_id.to_owned(), request_id.to_owned()))
        {
            None => Lookup::New,
            Some(record) if record.fingerprint == fingerprint => {
                Lookup::Replay(record.response.clone())
            }
            Some(_) => Lookup::Conflict,
        }
    }

    /// Keeps an answer.
    pub fn insert(&mut self, record: Record) {
        let key = (record.client_id.clone(), record.request_id.clone());
        if self.records.insert(key.clone(), record).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > CAPACITY {
            if let Some(oldest) = self.order.pop_front() {
                self.records.remove(&oldest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, fingerprint: &str) -> Record {
        Record {
            client_id: "merchant".to_owned(),
            request_id: id.to_owned(),
            fingerprint: fingerprint.to_owned(),
            response: StoredResponse {
                status: 200,
                body: "{}".to_owned(),
            },
        }
    }

    #[test]
    fn the_same_id_and_request_replays_and_a_different_request_conflicts() {
        let mut store = Store::default();
        assert_eq!(store.lookup("merchant", "r1", "f"), Lookup::New);
        store.insert(record("r1", "f"));
        assert!(matches!(
            store.lookup("merchant", "r1", "f"),
            Lookup::Replay(_)
        ));
        assert_eq!(store.lookup("merchant", "r1", "g"), Lookup::Conflict);
        assert_eq!(
            store.lookup("customer", "r1", "f"),
            Lookup::New,
            "per client"
        );
    }

    #[test]
    fn fingerprints_tell_method_path_and_body_apart() {
        let base = fingerprint("POST", "/a", b"{}");
        assert_eq!(base, fingerprint("POST", "/a", b"{}"));
        assert_ne!(base, fingerprint("PATCH", "/a", b"{}"));
        assert_ne!(base, fingerprint("POST", "/b", b"{}"));
        assert_ne!(base, fingerprint("POST", "/a", b"{ }"));
    }

    #[test]
    fn records_survive_a_round_trip_in_order() {
        let mut store = Store::default();
        store.insert(record("a", "1"));
        store.insert(record("b", "2"));
        let again = Store::from_records(store.records().cloned().collect());
        let ids: Vec<_> = again.records().map(|r| r.request_id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
    }
}
