//! Fuzzes `codegen::openapi::import` and `compile`: any text, JSON or YAML,
//! must import (possibly with warnings) or be rejected with an error, never
//! panic or recurse without bound; whatever compiles must parse back as lap.
#![no_main]

use codegen::openapi::to_lap::compile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(compiled) = compile(text) else {
        return;
    };
    for w in &compiled.warnings {
        let _ = w.to_string();
    }
    if let Err(e) = codegen::lap::parse(&compiled.lap) {
        panic!(
            "compiled lap does not parse:\n{}\n--- input ---\n{text:?}\n--- lap ---\n{}",
            e.render("compiled.lap", &compiled.lap),
            compiled.lap
        );
    }
});
