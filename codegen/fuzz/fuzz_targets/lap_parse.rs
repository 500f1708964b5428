//! Fuzzes `codegen::lap::parse` and the round trip through the printer.
//!
//! For every input that is valid UTF-8:
//! - `parse` must not panic (nor hang);
//! - an error, and every warning, must render without panicking;
//! - on success, `print` then `parse` must give back an equal model
//!   (equality ignores source positions), and printing that model again must
//!   give byte-identical text (the printer is idempotent / canonical).
//!
//! Round-trip bugs already reported are skipped by [`known_issue`] so that
//! fuzzing can go on past them; set `LAP_FUZZ_STRICT=1` to check them too.
#![no_main]

use std::sync::OnceLock;

use codegen::lap::{parse, print};
use codegen::model::{Api, AuthScheme, Field, Schema, StatusCode, Type};
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
    if !strict() && known_issue(&parsed.api).is_some() {
        return;
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
        parsed.api, reparsed.api,
        "parse(print(m)) != m\n--- input ---\n{text:?}\n--- printed ---\n{printed}"
    );
    let reprinted = print(&reparsed.api);
    assert_eq!(
        printed, reprinted,
        "print is not idempotent\n--- input ---\n{text:?}"
    );
});

fn strict() -> bool {
    static STRICT: OnceLock<bool> = OnceLock::new();
    *STRICT.get_or_init(|| std::env::var_os("LAP_FUZZ_STRICT").is_some_and(|v| v != "0"))
}

/// Models that hit an already reported round-trip bug (see README.md,
/// "Known findings"). Remove a check once the parser/printer is fixed.
fn known_issue(api: &Api) -> Option<&'static str> {
    // F1: `@returns(035)` / `@errors {099: x}` read as Code(35) / Code(99),
    //     printed as `35` / `99`, which do not parse as status codes.
    let short_code = |s: &StatusCode| matches!(s, StatusCode::Code(c) if *c < 100);
    // F3: `@common_fields {a!: str}`: the printer drops the `!`.
    if api.common_fields.iter().any(|f| f.required) {
        return Some("F3 common_fields required");
    }
    // F4: `@auth ApiKey query:` gives an ApiKey with an empty name, printed
    //     as `ApiKey  in query`, which reads back as Other(..).
    let empty_key = |a: &[AuthScheme]| {
        a.iter()
            .any(|s| matches!(s, AuthScheme::ApiKey { name, .. } if name.is_empty()))
    };
    if empty_key(&api.auth) {
        return Some("F4 ApiKey empty name");
    }
    let mut fields: Vec<&Field> = api.common_fields.iter().collect();
    fields.extend(api.types.iter().flat_map(|t| &t.fields));
    for ep in &api.endpoints {
        if ep.responses.iter().any(|r| short_code(&r.status))
            || ep.errors.iter().any(|e| short_code(&e.status))
        {
            return Some("F1 status code below 100");
        }
        if ep.auth.as_deref().is_some_and(empty_key) {
            return Some("F4 ApiKey empty name");
        }
        // F5: two `@errors` lines with the same status are accepted, but
        //     the printed single `@errors {..}` line is a duplicate error.
        for (i, e) in ep.errors.iter().enumerate() {
            if ep.errors[..i].iter().any(|d| d.status == e.status) {
                return Some("F5 duplicate error status across @errors lines");
            }
        }
        fields.extend(ep.params.iter().map(|p| &p.field));
        fields.extend(ep.responses.iter().flat_map(|r| r.fields.iter().flatten()));
    }
    fields
        .into_iter()
        .any(|f| array_with_groups(&f.schema))
        .then_some("F2 list/array keyword with a group")
}

/// F2: `list(fmt)` / `array(A/B)`: an Array schema carrying a format or enum
/// values, which the printer (`[any]`) drops.
fn array_with_groups(s: &Schema) -> bool {
    match &s.ty {
        Type::Array(item) => {
            s.format.is_some() || !s.enum_values.is_empty() || array_with_groups(item)
        }
        Type::Object(Some(members)) => members.iter().any(|f| array_with_groups(&f.schema)),
        _ => false,
    }
}
