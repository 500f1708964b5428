//! Fuzzes `codegen::lap::parse` and the round trip through the printer.
//!
//! For every input that is valid UTF-8:
//! - `parse` must not panic (nor hang);
//! - an error, and every warning, must render without panicking;
//! - on success, `print` then `parse` must give back an equal model
//!   (compared without source positions), and printing that model again must
//!   give byte-identical text (the printer is idempotent / canonical).
#![no_main]

use codegen::lap::{parse, print};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = match parse(text) {
        Ok(parsed) => parsed,
        Err(e) => {
            let _ = e.render("fuzz.lap", text);
            let _ = e.to_string();
            return;
        }
    };
    for w in &parsed.warnings {
        let _ = w.render("fuzz.lap", text);
    }
    let printed = print(&parsed.api);
    let reparsed = match parse(&printed) {
        Ok(reparsed) => reparsed,
        Err(e) => panic!(
            "printed model does not parse again:\n{}\n--- input ---\n{text:?}\n--- printed ---\n{printed}",
            e.render("printed.lap", &printed)
        ),
    };
    assert_eq!(
        parsed.api.without_origins(),
        reparsed.api.without_origins(),
        "parse(print(m)) != m\n--- input ---\n{text:?}\n--- printed ---\n{printed}"
    );
    let reprinted = print(&reparsed.api);
    assert_eq!(
        printed, reprinted,
        "print is not idempotent\n--- input ---\n{text:?}"
    );
});
