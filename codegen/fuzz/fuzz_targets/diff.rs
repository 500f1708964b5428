//! Fuzzes `codegen::diff`: the input is two specs separated by a NUL byte,
//! each a lap file or an OpenAPI document. Loading either fails with an
//! error or succeeds; the diff and all three renderings never panic; and a
//! spec compared with itself has no changes.
#![no_main]

use codegen::diff;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\0').unwrap_or((text, text));
    let (Ok(old), Ok(new)) = (diff::load("old", a), diff::load("new", b)) else {
        return;
    };
    let report = diff::diff(&old, &new);
    let _ = diff::render::text(&report, true);
    let _ = diff::render::markdown(&report);
    let _ = diff::render::json(&report);
    for spec in [&old, &new] {
        let same = diff::diff(spec, spec);
        assert!(
            same.changes.is_empty(),
            "a spec differs from itself:\n{}\n--- input ---\n{text:?}",
            diff::render::text(&same, false)
        );
    }
});
