//! disputes-api's modules form layers: no module imports one that imports it
//! back, however long the way round.
//!
//! The generated `types` module
//! is a node of its own: it is the vocabulary every layer speaks, and it
//! imports nothing hand-written, so naming a type is not a way back up.

use std::collections::BTreeSet;

use super::scan::{Graph, Source, aliases, find_cycle, graph, read};

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = crate_graph();
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "module cycle in disputes-api: {}\n(whole graph: {graph:#?})",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn retry_policy_and_header_names_are_leaves() {
    let graph = crate_graph();
    let imports = |module: &str| -> Vec<String> {
        graph
            .get(module)
            .unwrap_or_else(|| panic!("no module `{module}`"))
            .iter()
            .cloned()
            .collect()
    };
    assert_eq!(imports("headers"), Vec::<String>::new());
    assert_eq!(imports("retry"), ["headers"], "retry: pure policy");
    assert!(
        !imports("auth").contains(&"runtime".to_owned()),
        "auth is below the runtime"
    );
}

#[test]
fn a_circle_through_three_modules_is_named() {
    let sources = [
        ("auth", "use crate::retry::{self, RetryPolicy};"),
        (
            "retry",
            "// crate::error is only mentioned\nfn f() { crate::runtime::REQUEST_ID_NAME }",
        ),
        (
            "runtime",
            "use crate::auth::TokenCache;\nuse crate::Client;",
        ),
        ("error", "use crate::types;"),
        ("generated::client", "/** crate::runtime */ fn g() {}"),
        ("generated::client::types", ""),
    ]
    .map(|(name, text)| (name.to_owned(), text.to_owned()));
    let aliases = aliases("pub use generated::client::{Client, types};");
    let graph = graph(&sources, &aliases);
    assert_eq!(
        graph["generated::client"],
        BTreeSet::new(),
        "comments are not imports"
    );
    assert_eq!(
        graph["runtime"],
        ["auth", "generated::client"]
            .map(str::to_owned)
            .into_iter()
            .collect()
    );
    assert_eq!(
        find_cycle(&graph),
        Some(
            ["auth", "retry", "runtime", "auth"]
                .map(str::to_owned)
                .to_vec()
        )
    );
}

/// The graph of disputes-api's own sources.
fn crate_graph() -> Graph {
    let src = tests::root().join("disputes-api/src");
    let mut sources: Vec<Source> = Vec::new();
    for entry in std::fs::read_dir(&src).expect("src/") {
        let path = entry.expect("src/ entry").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs") && stem != "lib" {
            sources.push((stem.to_owned(), read(&path)));
        }
    }
    let generated = src.join("generated");
    for file in ["enums", "operations"] {
        sources.push((
            format!("generated::{file}"),
            read(&generated.join(format!("{file}.rs"))),
        ));
    }
    // progenitor writes `pub mod types { .. }` first in client.rs, closed
    // by the first unindented `}`.
    let client = read(&generated.join("client.rs"));
    let open = client
        .find("\npub mod types {")
        .expect("client.rs has `pub mod types`");
    let close = open + client[open..].find("\n}\n").expect("`types` is closed") + 3;
    sources.push((
        "generated::client::types".to_owned(),
        client[open..close].to_owned(),
    ));
    sources.push((
        "generated::client".to_owned(),
        format!("{}{}", &client[..open], &client[close..]),
    ));
    graph(&sources, &aliases(&read(&src.join("lib.rs"))))
}
