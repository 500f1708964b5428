//! The sandbox's modules form three layers, each a folder: `domain` (the
//! dispute model and PayPal's rules), `state` (the world, changes,
//! idempotency records, counters, persistence) and `http` (the app,
//! middleware, routes). A layer imports only the layers below it, and no
//! module imports one that imports it back, however long the way round.
//!
//! Read from the sources, not the compiler, as `disputes-api`'s
//! `tests/module_graph.rs` does (the scanning helpers below are its, kept
//! in step by hand: two test files in two crates, with no shared test
//! crate to put them in): every `crate::path` outside comments is an edge
//! to the module that path lands in. `lib.rs` is the root that wires the
//! layers together and is left out; a folder's `mod.rs` only declares its
//! children.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module's name (`domain::rules`) and its source.
type Source = (String, String);

/// Module -> the modules it imports.
type Graph = BTreeMap<String, BTreeSet<String>>;

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
    let graph = graph(&sources);
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
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources: Vec<Source> = Vec::new();
    collect(&src, &src, &mut sources);
    graph(&sources)
}

/// Every `.rs` file below `dir`, named by its path from `src` (`mod.rs`
/// by its folder).
fn collect(src: &Path, dir: &Path, sources: &mut Vec<Source>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect(src, &path, sources);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path
            .strip_prefix(src)
            .expect("below src/")
            .with_extension("");
        let mut parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        let name = parts.join("::");
        if name == "lib" || name == "main" {
            continue;
        }
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        sources.push((name, text));
    }
}

/// Every module's imports, self-imports left out.
fn graph(sources: &[Source]) -> Graph {
    let modules: Vec<&str> = sources.iter().map(|(name, _)| name.as_str()).collect();
    let mut graph = Graph::new();
    for (name, text) in sources {
        let text = without_comments(text);
        let edges = graph.entry(name.clone()).or_default();
        for path in paths(&text, "crate::") {
            let target = module_of(&path, &modules)
                .unwrap_or_else(|| panic!("{name}: `crate::{path}` is in no known module"));
            if target != name {
                edges.insert(target.to_owned());
            }
        }
    }
    graph
}

/// The longest module name that `path` starts with, segment by segment.
fn module_of<'m>(path: &str, modules: &[&'m str]) -> Option<&'m str> {
    modules
        .iter()
        .copied()
        .filter(|module| path == *module || path.starts_with(&format!("{module}::")))
        .max_by_key(|module| module.len())
}

/// The paths after each `prefix` (`crate::error::Error`), a brace group
/// (`crate::{auth, retry}`) giving one path per member.
fn paths(text: &str, prefix: &str) -> Vec<String> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut found = Vec::new();
    for (at, _) in text.match_indices(prefix) {
        if text[..at].ends_with(ident) {
            continue; // `mycrate::`, not `crate::`
        }
        let rest = &text[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for member in group.split(',') {
                let member: String = member.trim().chars().take_while(|&c| ident(c)).collect();
                if !member.is_empty() {
                    found.push(member);
                }
            }
            continue;
        }
        let end = rest
            .char_indices()
            .find(|&(i, c)| {
                !(ident(c)
                    || (c == ':' && rest[i..].starts_with("::"))
                    || (c == ':' && rest[..i].ends_with(':')))
            })
            .map_or(rest.len(), |(i, _)| i);
        let path = rest[..end].trim_end_matches(':');
        if !path.is_empty() {
            found.push(path.to_owned());
        }
    }
    found
}

/// `text` without `//` line comments and `/* */` block comments (doc
/// comments included). Strings are not tracked: a `//` inside one cuts
/// the rest of its line, which can only hide an edge, never invent one.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let line = rest.find("//");
        let block = rest.find("/*");
        match (line, block) {
            (Some(l), b) if b.is_none_or(|b| l < b) => {
                out.push_str(&rest[..l]);
                rest = rest[l..].find('\n').map_or("", |n| &rest[l + n..]);
            }
            (_, Some(b)) => {
                out.push_str(&rest[..b]);
                rest = rest[b..].find("*/").map_or("", |e| &rest[b + e + 2..]);
            }
            (None, None) => {
                out.push_str(rest);
                rest = "";
            }
            (Some(_), None) => unreachable!("handled by the first arm"),
        }
    }
    out
}

/// A cycle, as the modules along it with the first repeated at the end.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        OnPath,
        Done,
    }
    fn visit<'g>(
        node: &'g str,
        graph: &'g Graph,
        marks: &mut BTreeMap<&'g str, Mark>,
        path: &mut Vec<&'g str>,
    ) -> Option<Vec<String>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::OnPath) => {
                let from = path.iter().position(|&n| n == node).unwrap_or(0);
                let mut cycle: Vec<String> = path[from..].iter().map(|&n| n.to_owned()).collect();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node, Mark::OnPath);
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, marks, path) {
                return Some(cycle);
            }
        }
        path.pop();
        marks.insert(node, Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut marks, &mut Vec::new()))
}
