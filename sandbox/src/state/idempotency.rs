//! `PayPal-Request-Id` idempotency: the first answer to a request ID is
//! kept with a fingerprint of the request, and the same ID with the same
//! request gets that answer again without anything being applied twice.
//! The same ID with a different request is a conflict.
//!
//! IDs are scoped to the OAuth2 client, as PayPal scopes them to the
//! caller. The store keeps the latest [`CAPACITY`] answers and is part of
//! the state file, so a retry after a restart is still a replay.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, VecDeque};

use serde::{Deserialize, Serialize};
use serde_json::Value;
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
    /// The `paypal-debug-id` header it was sent with (for errors, the
    /// body's `debug_id`), so a replay carries it too. Absent in state
    /// files from before it was kept.
    #[serde(default)]
    pub debug_id: Option<String>,
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
    /// How many times the request's action was applied: 1 for an applied
    /// action, 0 for a refusal. Kept here, not in a map of its own, so it
    /// is forgotten with the record and memory stays bounded; tests read
    /// it through `Counters::applied_by_request_id` to prove that no
    /// retry applied an action twice. (State files from before it was
    /// kept read as 0.)
    #[serde(default)]
    pub applied: u64,
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
#[derive(Clone, Debug)]
pub struct Store {
    records: HashMap<(String, String), Record>,
    order: VecDeque<(String, String)>,
    capacity: usize,
}

impl Default for Store {
    fn default() -> Store {
        Store::with_capacity(CAPACITY)
    }
}

/// A digest of what a body means, to tell requests apart: the JSON input
/// with its object members sorted, and each file's part name, file name
/// and SHA-256, in order. So a retry that encodes the same request anew (a
/// new multipart boundary, members in another order, other whitespace) is
/// the same request, while other input or other files are not. Multipart
/// fields the sandbox ignores are left out: they change nothing.
#[derive(Clone, Debug, Default)]
pub struct Content {
    hasher: Sha256,
}

impl Content {
    /// The JSON body or `input` part (`None`: no input part).
    pub fn input(&mut self, value: Option<&Value>) {
        let mut text = Vec::new();
        if let Some(value) = value {
            canonical(value, &mut text);
        }
        self.field(b"input", &text);
    }

    /// One file part.
    pub fn file(&mut self, part: &str, file_name: &str, bytes: &[u8]) {
        self.field(b"file", part.as_bytes());
        self.field(b"name", file_name.as_bytes());
        self.field(b"sha256", &Sha256::digest(bytes));
    }

    /// Tag, length, bytes: no two sequences of fields hash alike.
    fn field(&mut self, tag: &[u8], bytes: &[u8]) {
        self.hasher.update(tag);
        self.hasher.update((bytes.len() as u64).to_le_bytes());
        self.hasher.update(bytes);
    }

    /// The digest.
    pub fn digest(self) -> [u8; 32] {
        self.hasher.finalize().into()
    }
}

/// `value` as JSON with every object's members sorted by name. Nesting is
/// bounded by serde_json's parser (128 levels), and so is the recursion.
fn canonical(value: &Value, out: &mut Vec<u8>) {
    let scalar = |value: &Value, out: &mut Vec<u8>| {
        out.extend(serde_json::to_vec(value).unwrap_or_default());
    };
    match value {
        Value::Object(members) => {
            let mut sorted: Vec<_> = members.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (index, (name, member)) in sorted.into_iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                scalar(&Value::String(name.clone()), out);
                out.push(b':');
                canonical(member, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                canonical(item, out);
            }
            out.push(b']');
        }
        _ => scalar(value, out),
    }
}

/// A digest of what makes two requests the same: method, path and the
/// body's [`Content`] digest.
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
    /// An empty store that keeps the latest `capacity` answers.
    pub fn with_capacity(capacity: usize) -> Store {
        Store {
            records: HashMap::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    /// A store holding `records`, oldest first.
    pub fn from_records(records: Vec<Record>) -> Store {
        let mut store = Store::default();
        for record in records {
            store.insert(record);
        }
        store
    }

    /// For each request ID with an applied action, how many times it was
    /// applied (summed over clients that used the same ID).
    pub fn applied_by_request_id(&self) -> BTreeMap<String, u64> {
        let mut applied = BTreeMap::new();
        for record in self.records.values().filter(|r| r.applied > 0) {
            *applied.entry(record.request_id.clone()).or_default() += record.applied;
        }
        applied
    }

    /// The records, oldest first, as they will be once `pending` is
    /// inserted: what the state file holds before the insert is committed.
    pub fn records_with<'a>(&'a self, pending: &'a Record) -> Vec<Cow<'a, Record>> {
        let key = (pending.client_id.clone(), pending.request_id.clone());
        if let Some(earlier) = self.records.get(&key) {
            let merged = Record {
                applied: pending.applied + earlier.applied,
                ..pending.clone()
            };
            return self
                .order
                .iter()
                .filter_map(|k| match k == &key {
                    true => Some(Cow::Owned(merged.clone())),
                    false => self.records.get(k).map(Cow::Borrowed),
                })
                .collect();
        }
        let evicted = (self.order.len() + 1).saturating_sub(self.capacity);
        self.order
            .iter()
            .skip(evicted)
            .filter_map(|k| self.records.get(k).map(Cow::Borrowed))
            .chain(std::iter::once(Cow::Borrowed(pending)))
            .collect()
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

    /// Keeps an answer. Storing an ID again (which the pipeline never
    /// does: it replays instead) adds up the applied counts, so a second
    /// application would show as 2, not hide behind the first.
    pub fn insert(&mut self, mut record: Record) {
        let key = (record.client_id.clone(), record.request_id.clone());
        if let Some(earlier) = self.records.get(&key) {
            record.applied += earlier.applied;
        }
        if self.records.insert(key.clone(), record).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > self.capacity {
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
                debug_id: None,
            },
            applied: 1,
        }
    }

    #[test]
    fn applied_counts_are_forgotten_with_their_records() {
        let mut store = Store::with_capacity(3);
        for id in ["a", "b", "c", "d"] {
            store.insert(record(id, "f"));
        }
        let applied = store.applied_by_request_id();
        assert_eq!(applied.keys().collect::<Vec<_>>(), ["b", "c", "d"]);
        assert!(applied.values().all(|count| *count == 1));
    }

    #[test]
    fn records_with_a_pending_record_are_the_records_after_its_insert() {
        let full = |ids: &[&str]| {
            let mut store = Store::with_capacity(3);
            for id in ids {
                store.insert(record(id, "f"));
            }
            store
        };
        for (ids, pending) in [
            (&["a", "b"][..], "c"),
            (&["a", "b", "c"][..], "d"),
            (&["a", "b", "c"][..], "b"),
        ] {
            let store = full(ids);
            let pending = record(pending, "f");
            let previewed: Vec<Record> = store
                .records_with(&pending)
                .into_iter()
                .map(Cow::into_owned)
                .collect();
            let mut inserted = store.clone();
            inserted.insert(pending);
            let after: Vec<Record> = inserted.records().cloned().collect();
            assert_eq!(previewed, after, "{ids:?}");
        }
    }

    #[test]
    fn an_id_stored_twice_shows_both_applications() {
        let mut store = Store::default();
        store.insert(record("a", "f"));
        store.insert(record("a", "f"));
        assert_eq!(store.applied_by_request_id().get("a"), Some(&2));
        let refused = Record {
            applied: 0,
            ..record("r", "f")
        };
        store.insert(refused);
        assert_eq!(store.applied_by_request_id().get("r"), None);
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

    fn content(input: &Value, files: &[(&str, &str, &[u8])]) -> [u8; 32] {
        let mut content = Content::default();
        content.input(Some(input));
        for (part, name, bytes) in files {
            content.file(part, name, bytes);
        }
        content.digest()
    }

    #[test]
    fn content_ignores_member_order_and_whitespace_but_not_values_or_files() {
        let input: Value =
            serde_json::from_str(r#"{"a": 1, "b": {"c": [1, 2], "d": null}}"#).expect("json");
        let reordered: Value =
            serde_json::from_str(r#"{"b":{"d":null,"c":[1,2]},"a":1}"#).expect("json");
        let pdf: &[u8] = b"%PDF-1";
        let base = content(&input, &[("f", "a.pdf", pdf)]);
        assert_eq!(base, content(&reordered, &[("f", "a.pdf", pdf)]));
        let other: Value =
            serde_json::from_str(r#"{"a": 2, "b": {"c": [1, 2], "d": null}}"#).expect("json");
        assert_ne!(base, content(&other, &[("f", "a.pdf", pdf)]));
        let swapped: Value =
            serde_json::from_str(r#"{"a": 1, "b": {"c": [2, 1], "d": null}}"#).expect("json");
        assert_ne!(
            base,
            content(&swapped, &[("f", "a.pdf", pdf)]),
            "arrays keep order"
        );
        assert_ne!(base, content(&input, &[("f", "b.pdf", pdf)]));
        assert_ne!(base, content(&input, &[("f", "a.pdf", b"%PDF-2")]));
        assert_ne!(base, content(&input, &[("g", "a.pdf", pdf)]));
        assert_ne!(base, content(&input, &[]));
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
