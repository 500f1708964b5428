//! The documents of the corpus: every OpenAPI 3.x file, sorted by name, and
//! a seeded sample of them that is the same on every machine.

use std::path::{Path, PathBuf};

/// One OpenAPI document.
#[derive(Clone, Debug)]
pub(crate) struct Document {
    /// Its path under the documents folder without the extension, `/` as
    /// `~` (`amazonaws.com~wafv2`): a file name, unique in the corpus.
    pub name: String,
    /// Where it is.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
}

/// What the documents folder holds.
#[derive(Clone, Debug, Default)]
pub(crate) struct Listing {
    /// The OpenAPI 3.x documents, by name.
    pub documents: Vec<Document>,
    /// Swagger 2.0 documents, left out (lapsh and our compile read 3.x).
    pub swagger_skipped: usize,
    /// Files that are neither, or could not be read: name and why.
    pub unreadable: Vec<(String, String)>,
}

/// Every `.json`, `.yaml` and `.yml` file under `dir`, by kind.
pub(crate) fn list(dir: &Path) -> Result<Listing, String> {
    let mut files = Vec::new();
    walk(dir, &mut files).map_err(|e| {
        format!(
            "cannot list the documents in {}: {e} (run without --no-setup to install them)",
            dir.display()
        )
    })?;
    let mut listing = Listing::default();
    for path in files {
        let Some(name) = name_of(dir, &path) else {
            continue;
        };
        match version(&path) {
            Ok(Version::OpenApi3) => {
                let bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
                listing.documents.push(Document { name, path, bytes });
            }
            Ok(Version::Swagger2) => listing.swagger_skipped += 1,
            Ok(Version::Other) => listing
                .unreadable
                .push((name, "neither OpenAPI 3.x nor Swagger 2.0".to_owned())),
            Err(e) => listing.unreadable.push((name, e)),
        }
    }
    listing.documents.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(listing)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

fn name_of(dir: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(dir).ok()?.with_extension("");
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("~"))
}

enum Version {
    OpenApi3,
    Swagger2,
    Other,
}

/// The document's kind, from its `openapi` or `swagger` member. The package
/// writes that member first, so the first kilobytes decide nearly always;
/// otherwise the whole document is read.
fn version(path: &Path) -> Result<Version, String> {
    use std::io::Read;
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| format!("cannot read: {e}"))?;
    let head = String::from_utf8_lossy(&head);
    if let Some(v) = declared(&head) {
        return Ok(v);
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let doc: serde_json::Value = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?
    } else {
        serde_yaml_ng::from_str(&text).map_err(|e| format!("not YAML: {e}"))?
    };
    let text_of = |key: &str| match doc.get(key) {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    Ok(match (text_of("openapi"), text_of("swagger")) {
        (Some(v), _) if v.starts_with("3.") => Version::OpenApi3,
        (_, Some(v)) if v.starts_with("2.") => Version::Swagger2,
        _ => Version::Other,
    })
}

/// `"openapi": "3.…"` / `openapi: 3.…` (or swagger 2) near the start.
fn declared(head: &str) -> Option<Version> {
    if declares(head, "openapi", "3.") {
        Some(Version::OpenApi3)
    } else if declares(head, "swagger", "2.") {
        Some(Version::Swagger2)
    } else {
        None
    }
}

fn declares(head: &str, key: &str, prefix: &str) -> bool {
    [format!("\"{key}\""), key.to_owned()].iter().any(|quoted| {
        head.match_indices(quoted.as_str()).any(|(at, _)| {
            head[at + quoted.len()..]
                .trim_start()
                .strip_prefix(':')
                .is_some_and(|rest| {
                    rest.trim_start()
                        .trim_start_matches(['"', '\''])
                        .starts_with(prefix)
                })
        })
    })
}

/// `n` documents drawn from `all` by a seeded Fisher-Yates shuffle, in name
/// order. SplitMix64 (integer arithmetic only) drives it, so a seed names
/// the same sample on every machine for the same package version.
pub(crate) fn sample(all: &[Document], n: usize, seed: u64) -> Vec<Document> {
    let mut order: Vec<usize> = (0..all.len()).collect();
    let mut rng = SplitMix64(seed);
    for i in (1..order.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        order.swap(i, j);
    }
    let mut picked: Vec<usize> = order.into_iter().take(n).collect();
    picked.sort_unstable();
    picked.into_iter().map(|i| all[i].clone()).collect()
}

/// SplitMix64 (Steele, Lea, Flood 2014; the seeding generator of Java's
/// `SplittableRandom` and of xoshiro).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (Lemire's widening multiply, with rejection).
    fn below(&mut self, bound: u64) -> u64 {
        loop {
            let wide = u128::from(self.next()) * u128::from(bound);
            let low = wide as u64;
            if low >= bound.wrapping_neg() % bound {
                return (wide >> 64) as u64;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // The first outputs for seed 1234567 from the reference C code.
        let mut rng = SplitMix64(1_234_567);
        assert_eq!(rng.next(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn declared_reads_json_and_yaml_heads() {
        assert!(matches!(
            declared("{\n  \"openapi\": \"3.0.0\","),
            Some(Version::OpenApi3)
        ));
        assert!(matches!(
            declared("swagger: '2.0'\n"),
            Some(Version::Swagger2)
        ));
        assert!(declared("{\"info\": {}}").is_none());
    }
}
