//! `docs/sandbox-rules.md` is generated from the rule table
//! (`sandbox/src/domain/rule_table.rs`); `EXPECTORATE=overwrite` rewrites it.

use std::path::Path;

#[test]
fn sandbox_rules_doc_is_generated_from_the_rule_table() {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/sandbox-rules.md");
    expectorate::assert_contents(doc, &sandbox::rules_markdown());
}
