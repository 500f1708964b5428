//! The real upgrade: PayPal's published Disputes definition 1.10 -> 1.11,
//! and our document against PayPal's 1.11 (`spec check --published`).
//!
//! The two files are public reference data that the project must not
//! commit; this test reads them where `tests::paypal_reference` finds
//! them, and fails when they are missing unless `PAYPAL_OPENAPI_SKIP` is set. The committed case
//! `paypal-1.10-to-1.11-in-small` models the same kinds of change.

use codegen::diff::{self, Level, Rule};

use tests::xtask;

#[test]
fn paypal_1_10_to_1_11_reports_the_new_members_and_values_and_no_breakage() {
    let Some(dir) = tests::paypal_reference() else {
        return;
    };
    let read = |name: &str| {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).expect("readable");
        diff::load(name, &text).expect("loads")
    };
    let old = read("customer_disputes_v1.info-1.10.json");
    let new = read("customer_disputes_v1.json");
    let report = diff::diff(&old, &new);
    let has = |rule: Rule, needle: &str| {
        report
            .changes
            .iter()
            .any(|c| c.rule == rule && c.message.contains(needle))
    };
    // New response members.
    assert!(has(Rule::ResponseOptionalPropertyAdded, "`fund_movements`"));
    assert!(has(
        Rule::ResponseOptionalPropertyAdded,
        "`dispute_outcome.outcome_reason`"
    ));
    // Added evidence types and adjudication reasons: values a strict
    // client may not know.
    assert!(has(
        Rule::ResponsePropertyEnumValueAdded,
        "`evidences[].evidence_type` may now be `CANCELLATION_DETAILS`"
    ));
    assert!(has(
        Rule::ResponsePropertyEnumValueAdded,
        "`adjudications[].reason` may now be `SNAD_DELAYED_FILING`"
    ));
    assert!(has(Rule::VersionChanged, "`1.10` to `1.11`"));
    // The escalate response schema was renamed with the same shape: not a
    // change to callers, so nothing about its members is reported.
    let escalate: Vec<&diff::Change> = report
        .changes
        .iter()
        .filter(|c| {
            c.endpoint
                .as_ref()
                .is_some_and(|e| e.path.ends_with("/escalate"))
        })
        .collect();
    assert!(
        escalate.iter().all(|c| !c.message.contains("response")),
        "{escalate:#?}"
    );
    // Nothing breaks callers in this upgrade.
    assert_ne!(
        report.max_level(),
        Some(Level::Breaking),
        "{:#?}",
        report.changes
    );
}

#[test]
fn our_document_differs_from_paypals_published_one_only_where_spec_deviations_yaml_says() {
    let Some(dir) = tests::paypal_reference() else {
        return;
    };
    let published = dir.join("customer_disputes_v1.json").display().to_string();
    let run = xtask(&["spec", "check", "--published", &published]);
    assert_eq!(run.status, 0, "{}{}", run.out, run.err);
    assert!(
        run.out.contains("0 not listed; 0 stale pointer(s)"),
        "{}",
        run.out
    );
}
