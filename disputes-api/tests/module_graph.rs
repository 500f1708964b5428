//! The crate's modules form layers: no module imports one that imports it
//! back, however long the way round.
//!
//! Read from the sources, not the compiler: every `crate::path` (and, in
//! generated files, `super::path`) outside comments is an edge to the module
//! that path lands in, the crate root's `pub use` re-exports followed (so
//! `crate::Client` is the generated client). The generated `types` module
//! is a node of its own: it is the vocabulary every layer speaks, and it
//! imports nothing hand-written, so naming a type is not a way back up.
//! Intra-doc links are comments and do not count: they shape no build.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module's name (`auth`, `generated::client::types`) and its source.
type Source = (String, String);

/// Module -> the modules it imports.
type Graph = BTreeMap<String, BTreeSet<String>>;

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
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let read = |path: &Path| {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
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

/// The crate root's re-exports: `Client` -> `generated::client::Client`.
fn aliases(lib: &str) -> BTreeMap<String, String> {
    let mut aliases = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let rest = rest.trim_end_matches(';');
        let (path, names) = match rest.split_once("::{") {
            Some((path, names)) => (path, names.trim_end_matches('}')),
            None => match rest.rsplit_once("::") {
                Some((path, name)) => (path, name),
                None => continue,
            },
        };
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            aliases.insert(name.to_owned(), format!("{path}::{name}"));
        }
    }
    aliases
}

/// Every module's imports, self-imports left out.
fn graph(sources: &[Source], aliases: &BTreeMap<String, String>) -> Graph {
    let modules: Vec<&str> = sources.iter().map(|(name, _)| name.as_str()).collect();
    let mut graph = Graph::new();
    for (name, text) in sources {
        let text = without_comments(text);
        let edges = graph.entry(name.clone()).or_default();
        for path in paths(&text, "crate::") {
            let path = match path.split_once("::") {
                Some((first, rest)) => match aliases.get(first) {
                    Some(full) => format!("{full}::{rest}"),
                    None => path,
                },
                None => aliases.get(&path).cloned().unwrap_or(path),
            };
            let target = module_of(&path, &modules)
                .unwrap_or_else(|| panic!("{name}: `crate::{path}` is in no known module"));
            if target != name {
                edges.insert(target.to_owned());
            }
        }
        // `super::` in a generated file is `generated::`; inside `types`
        // it points within `types`.
        if name.starts_with("generated::") && name != "generated::client::types" {
            for path in paths(&text, "super::") {
                if let Some(target) = module_of(&format!("generated::{path}"), &modules)
                    && target != name
                {
                    edges.insert(target.to_owned());
                }
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
