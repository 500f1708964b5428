//! The scanner: a crate's modules read from its sources, and the graph of
//! their `crate::` imports.
//!
//! Read from the sources, not the compiler: every `crate::path` (and, in
//! generated files, `super::path`) outside comments is an edge to the module
//! that path lands in, the crate root's `pub use` re-exports followed (so
//! `crate::Client` is the generated client). Intra-doc links are comments
//! and do not count: they shape no build.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module's name (`auth`, `domain::rules`, `generated::client::types`)
/// and its source.
pub type Source = (String, String);

/// Module -> the modules it imports.
pub type Graph = BTreeMap<String, BTreeSet<String>>;

/// A source file's text.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `.rs` file below `dir`, named by its path from `src` (`mod.rs`
/// by its folder).
pub fn collect(src: &Path, dir: &Path, sources: &mut Vec<Source>) {
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

/// The crate root's re-exports: `Client` -> `generated::client::Client`.
pub fn aliases(lib: &str) -> BTreeMap<String, String> {
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
pub fn graph(sources: &[Source], aliases: &BTreeMap<String, String>) -> Graph {
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
pub fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
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
