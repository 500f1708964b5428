//! The sandbox's modules form three layers, each a folder: `domain` (the
//! dispute model and PayPal's rules), `state` (the world, changes,
//! idempotency records, counters, persistence) and `http` (the app,
//! middleware, routes). A layer imports only the layers below it, and no
//! module imports one that imports it back, however long the way round.
//!
//! `lib.rs` is the root that wires the layers together and is left out; a
//! folder's `mod.rs` only declares its children.

use std::collections::{BTreeMap, BTreeSet};

use super::scan::{Graph, Source, aliases, collect, find_cycle, graph, read};

/// The layers, lowest first; `config` is a leaf every layer may read.
const LAYERS: [&str; 3] = ["domain", "state", "http"];

#[test]
fn no_module_in_sandbox_imports_one_that_imports_it_back() {
    let graph = crate_graph();
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "module cycle in sandbox: {}\n(whole graph: {graph:#?})",
            cycle.join(" -> ")
        );
    }
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let graph = crate_graph();
    let rank = |module: &str| {
        let top = module.split("::").next().unwrap_or(module);
        LAYERS.iter().position(|&layer| layer == top)
    };
    let mut upward = Vec::new();
    for (module, imports) in &graph {
        for import in imports {
            if let (Some(from), Some(to)) = (rank(module), rank(import))
                && to > from
            {
                upward.push(format!("{module} -> {import}"));
            }
        }
    }
    assert!(upward.is_empty(), "imports up a layer: {upward:#?}");
    for module in graph.keys() {
        assert!(
            rank(module).is_some() || module == "config",
            "`{module}` is in no layer: move it under domain/, state/ or http/"
        );
    }
}

#[test]
fn a_circle_across_folders_is_named_and_an_upward_import_is_seen() {
    let sources = [
        ("domain::rules", "use crate::domain::model::Status;"),
        (
            "domain::model",
            "fn f() -> crate::state::store::World { todo() }",
        ),
        (
            "state::store",
            "// crate::http::app is only mentioned\nuse crate::domain::rules::Action;",
        ),
    ]
    .map(|(name, text)| (name.to_owned(), text.to_owned()));
    let graph = graph(&sources, &BTreeMap::new());
    assert_eq!(
        graph["state::store"],
        BTreeSet::from(["domain::rules".to_owned()]),
        "comments are not imports"
    );
    assert_eq!(
        find_cycle(&graph),
        Some(
            [
                "domain::model",
                "state::store",
                "domain::rules",
                "domain::model"
            ]
            .map(str::to_owned)
            .to_vec()
        )
    );
}

/// The graph of the sandbox's own sources, every file below `src/` but
/// the crate root and the binary.
fn crate_graph() -> Graph {
    let src = tests::root().join("sandbox/src");
    let mut sources: Vec<Source> = Vec::new();
    collect(&src, &src, &mut sources);
    graph(&sources, &aliases(&read(&src.join("lib.rs"))))
}
