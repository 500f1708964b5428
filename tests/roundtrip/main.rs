//! No PayPal data lost: payloads built from PayPal's published schemas, and
//! every example in PayPal's published document, decode with the generated
//! types and encode back with nothing lost (compared as JSON, date-times as
//! instants, absent equal to empty; `tests::payloads::lost`).
//!
//! PayPal's document is reference data that is not committed: it is read
//! where `tests::paypal_reference` finds it, and the tests that need it fail
//! when it is absent unless `PAYPAL_OPENAPI_SKIP` is set. The payloads are generated in memory by `tests::payloads`
//! (seeded: `ROUNDTRIP_CASES` sets how many per schema, 200 by default,
//! `ROUNDTRIP_SEED` the first seed); a failing payload is written to
//! `roundtrip/` in the target directory with its seed, never to the source
//! tree. The seeds'
//! examples (`tests/fixtures/payloads/`) are checked the same way by
//! `tests/golden/decode.rs`.

use std::path::PathBuf;

use disputes_api::types;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use tests::payloads::{Generator, lost, resolve, validate};
use tests::root;

fn reference() -> Option<Value> {
    let path = tests::paypal_reference()?.join("customer_disputes_v1.json");
    let text = std::fs::read_to_string(&path).expect("read PayPal's document");
    Some(serde_json::from_str(&text).expect("PayPal's document is JSON"))
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A round trip through one generated type.
type RoundTrip = fn(&Value) -> Result<(), String>;

/// Decodes `payload` as `T` and encodes it back: what was lost, or why it
/// did not decode.
fn round_trip<T: DeserializeOwned + Serialize>(payload: &Value) -> Result<(), String> {
    let typed: T =
        serde_json::from_value(payload.clone()).map_err(|e| format!("does not decode: {e}"))?;
    let back = serde_json::to_value(&typed).map_err(|e| format!("does not encode: {e}"))?;
    let lost = lost(payload, &back);
    if lost.is_empty() {
        Ok(())
    } else {
        Err(format!("lost in the round trip:\n  {}", lost.join("\n  ")))
    }
}

/// The Rust type our client decodes a PayPal response schema into (the
/// operations' success and error bodies), by the schema's name in PayPal's
/// document. A schema this table does not know fails the test: a PayPal
/// release with a new response body needs a look.
fn decoder(schema: &str) -> Option<RoundTrip> {
    Some(match schema {
        "dispute" => round_trip::<types::Dispute>,
        "dispute_search" => round_trip::<types::DisputeSearch>,
        // Escalate's body has the subsequent action's shape under its own
        // name; the client reads both as one type.
        "subsequent_action" | "escalate_response" => round_trip::<types::SubsequentAction>,
        "error" => round_trip::<types::Error>,
        _ => return None,
    })
}

/// Every JSON response body schema of the document, by component name,
/// with the operations and statuses that return it.
fn response_schemas(doc: &Value) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let paths = doc.get("paths").and_then(Value::as_object).expect("paths");
    for (path, item) in paths {
        for (method, op) in item.as_object().into_iter().flatten() {
            let responses = op.get("responses").and_then(Value::as_object);
            for (status, response) in responses.into_iter().flatten() {
                let response = resolve(doc, response);
                let Some(schema) = response.pointer("/content/application~1json/schema") else {
                    continue;
                };
                let name = schema
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(openapi_ref::schema_name)
                    .unwrap_or_else(|| "(inline)".to_owned());
                let used = format!("{} {path} {status}", method.to_uppercase());
                match out.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, uses)) => uses.push(used),
                    None => out.push((name, vec![used])),
                }
            }
        }
    }
    out
}

#[test]
fn every_response_body_paypal_documents_survives_generated_payloads_without_loss() {
    let Some(doc) = reference() else { return };
    let cases = env_u64("ROUNDTRIP_CASES", 200);
    let first = env_u64("ROUNDTRIP_SEED", 0x5eed_0000);
    let schemas = response_schemas(&doc);
    let names: Vec<&str> = schemas.iter().map(|(n, _)| n.as_str()).collect();
    for expected in [
        "dispute",
        "dispute_search",
        "subsequent_action",
        "escalate_response",
        "error",
    ] {
        assert!(
            names.contains(&expected),
            "PayPal's document no longer returns `{expected}`: {names:?}"
        );
    }
    let mut failures = Vec::new();
    for (name, uses) in &schemas {
        let Some(decode) = decoder(name) else {
            panic!(
                "PayPal's response schema `{name}` (returned by {uses:?}) has no decoder in this test: add the generated type it decodes into"
            );
        };
        let schema = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
        let mut failed_here = 0;
        for seed in first..first + cases {
            let payload = Generator::new(&doc, seed)
                .value(&schema)
                .unwrap_or_else(|e| {
                    panic!("the generator cannot build `{name}` (seed {seed}): {e}")
                });
            let invalid = validate(&doc, &schema, &payload);
            assert!(
                invalid.is_empty(),
                "the generator built an invalid `{name}` (seed {seed}): {invalid:?}"
            );
            if let Err(why) = decode(&payload) {
                failed_here += 1;
                if failed_here <= 3 {
                    let file = keep(name, seed, &payload);
                    failures.push(format!("`{name}` seed {seed} ({}): {why}", file.display()));
                }
            }
        }
        if failed_here > 3 {
            failures.push(format!("`{name}`: {} more failing seeds", failed_here - 3));
        }
    }
    assert!(
        failures.is_empty(),
        "{} response payload(s) lost data or did not decode (rerun one with ROUNDTRIP_SEED=<seed> ROUNDTRIP_CASES=1):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Writes a failing payload where a maintainer can read it.
fn keep(name: &str, seed: u64, payload: &Value) -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let dir = target.join("roundtrip");
    let file = dir.join(format!("{name}-{seed}.json"));
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        std::fs::write(
            &file,
            serde_json::to_string_pretty(payload).unwrap_or_default(),
        )
    });
    if let Err(e) = written {
        eprintln!("could not keep {}: {e}", file.display());
    }
    file
}

/// Every `example` and `examples` value in PayPal's document, with where it
/// is: request bodies of six operations, and two error bodies.
fn examples(doc: &Value) -> Vec<(String, Value)> {
    fn walk(v: &Value, at: &str, out: &mut Vec<(String, Value)>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let here = openapi_ref::child(at, k);
                    match (k.as_str(), child) {
                        ("example", example) => out.push((here, example.clone())),
                        ("examples", Value::Object(named)) => {
                            for (name, e) in named {
                                if let Some(value) = e.get("value") {
                                    out.push((format!("{here}/{name}/value"), value.clone()));
                                }
                            }
                        }
                        _ => walk(child, &here, out),
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, "", &mut out);
    out
}

#[test]
fn every_example_in_paypals_document_decodes_and_encodes_back_without_loss() {
    let Some(doc) = reference() else { return };
    let found = examples(&doc);
    assert_eq!(
        found.len(),
        8,
        "{:#?}",
        found.iter().map(|(at, _)| at).collect::<Vec<_>>()
    );
    for (at, example) in &found {
        // By what the example is, not where it sits: PayPal swapped the
        // examples of require-evidence and escalate, and each one's name
        // says which body it is (our lowering reports the swap and does not
        // emit them).
        let name = at.rsplit('/').nth(1).unwrap_or_default();
        let result = if at.starts_with("/components/schemas/error_") {
            round_trip::<types::Error>(example)
        } else {
            match name {
                "adjudicate" => round_trip::<types::SettleDisputeRequest>(example),
                "require_evidence" => round_trip::<types::UpdateDisputeStatusRequest>(example),
                "escalate" => round_trip::<types::EscalateDisputeRequest>(example),
                "make_offer" => round_trip::<types::MakeOfferRequest>(example),
                "accept_offer" => round_trip::<types::AcceptOfferRequest>(example),
                "deny_offer" => round_trip::<types::DenyOfferRequest>(example),
                other => panic!("an example this test does not know: `{other}` at {at}"),
            }
        };
        if let Err(why) = result {
            panic!("PayPal's example at {at} {why}\n{example:#}");
        }
    }
}

#[test]
fn the_swapped_examples_are_the_other_operation_s_bodies() {
    let Some(doc) = reference() else { return };
    let example = |path: &str, name: &str| {
        doc.pointer(&format!(
            "/paths/{}/post/requestBody/content/application~1json/examples/{name}/value",
            path.replace('/', "~1")
        ))
        .cloned()
        .expect("the example is where PayPal put it")
    };
    let under_require_evidence = example("/v1/customer/disputes/{id}/require-evidence", "escalate");
    assert!(
        serde_json::from_value::<types::UpdateDisputeStatusRequest>(under_require_evidence.clone())
            .is_err(),
        "it is not a require-evidence body (no `action`)"
    );
    assert!(
        serde_json::from_value::<types::EscalateDisputeRequest>(under_require_evidence).is_ok()
    );
    let under_escalate = example("/v1/customer/disputes/{id}/escalate", "require_evidence");
    assert!(serde_json::from_value::<types::UpdateDisputeStatusRequest>(under_escalate).is_ok());
}

/// The generator and its check, on PayPal's own schemas: what they build is
/// valid, the same seed builds the same value, and the check refuses a
/// broken one.
#[test]
fn the_generator_is_seeded_and_its_payloads_pass_an_independent_check() {
    let Some(doc) = reference() else { return };
    let dispute = serde_json::json!({"$ref": "#/components/schemas/dispute"});
    let a = Generator::new(&doc, 7).value(&dispute).expect("generates");
    let b = Generator::new(&doc, 7).value(&dispute).expect("generates");
    assert_eq!(a, b, "one seed, one payload");
    assert_ne!(
        a,
        Generator::new(&doc, 8).value(&dispute).expect("generates")
    );
    assert_eq!(validate(&doc, &dispute, &a), Vec::<String>::new());

    let crypto = serde_json::json!({"$ref": "#/components/schemas/cryptocurrency"});
    let mut bad = Generator::new(&doc, 1).value(&crypto).expect("generates");
    bad.as_object_mut()
        .expect("an object")
        .remove("asset_symbol");
    bad["quantity"] = Value::from("1.2.3");
    let problems = validate(&doc, &crypto, &bad);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`asset_symbol` is missing")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("/quantity: \"1.2.3\" does not match")),
        "{problems:?}"
    );

    // Over many seeds, every optional member of a dispute appears somewhere:
    // the generator does not leave parts of the schema untested.
    let members = resolve(&doc, &dispute)["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .cloned()
        .collect::<Vec<_>>();
    let seen: std::collections::BTreeSet<String> = (0..50)
        .flat_map(|seed| {
            let v = Generator::new(&doc, seed)
                .value(&dispute)
                .expect("generates");
            v.as_object()
                .map(|o| o.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
        .collect();
    for m in &members {
        assert!(seen.contains(m), "`{m}` never generated");
    }
}

#[test]
fn losing_a_member_changing_a_value_or_a_time_is_seen_and_equivalent_forms_are_not() {
    let original = serde_json::json!({
        "a": "x", "t": "2023-03-27T09:06:12.409+00:00", "empty": [], "n": 1,
        "deep": {"kept": true, "gone": 1}
    });
    let same = serde_json::json!({"a": "x", "t": "2023-03-27T09:06:12.409Z", "n": 1.0, "deep": {"kept": true, "gone": 1}, "extra": {}});
    assert_eq!(lost(&original, &same), Vec::<String>::new());
    let worse =
        serde_json::json!({"a": "y", "t": "2023-03-27T09:06:12Z", "n": 1, "deep": {"kept": true}});
    assert_eq!(
        lost(&original, &worse),
        [
            "/a: \"x\" became \"y\"",
            "/t: \"2023-03-27T09:06:12.409+00:00\" became \"2023-03-27T09:06:12Z\"",
            "/deep/gone: dropped (1)",
        ]
    );
}
