//! The report as text: the summary printed on stdout and `report.md`.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;

use super::Report;

impl Report {
    fn get(&self, pointer: &str) -> String {
        match self.json.pointer(pointer) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(a)) => a.len().to_string(),
            Some(v) => v.to_string(),
            None => "?".to_owned(),
        }
    }

    /// `Rule differences/documents, ...` for one stage.
    fn rules_line(&self, stage: &str) -> String {
        let rules = self
            .json
            .pointer(&format!("/{stage}/rules"))
            .and_then(Value::as_object);
        let parts: Vec<String> = rules
            .into_iter()
            .flatten()
            .map(|(id, v)| format!("{id} {}/{}", v["differences"], v["documents"]))
            .collect();
        if parts.is_empty() {
            "none".to_owned()
        } else {
            parts.join(", ")
        }
    }

    pub(super) fn summary(&self, dir: &Path) -> String {
        let g = |p: &str| self.get(p);
        let mut s = String::new();
        let _ = writeln!(
            s,
            "corpus: {} documents run ({}), {} s",
            g("/documents/run"),
            g("/selection"),
            g("/seconds")
        );
        let _ = writeln!(
            s,
            "documents: {} OpenAPI 3.x, {} Swagger 2.0 skipped, {} unreadable",
            g("/documents/openapi3"),
            g("/documents/swagger2_skipped"),
            g("/documents/unreadable")
        );
        let _ = writeln!(
            s,
            "lapsh: {} ok, {} failed ({} cached)",
            g("/lapsh/ok"),
            g("/lapsh/failed"),
            g("/lapsh/cached")
        );
        let _ = writeln!(
            s,
            "read (our parser on lapsh's lap): {} parsed, {} errors, {} warnings in {} files; {} agree, {} differ by rule, {} fail; rules (differences/documents): {}",
            g("/read/parsed"),
            g("/read/errors"),
            g("/read/warnings"),
            g("/read/documents_with_warnings"),
            g("/read/agree"),
            g("/read/differ_by_rule"),
            g("/read/fail"),
            self.rules_line("read")
        );
        let _ = writeln!(
            s,
            "compile (our compile against the document): {} compiled, {} faithful, {} warned, {} failed, {} blow-ups; rules (differences/documents): {}",
            g("/compile/compiled"),
            g("/compile/faithful"),
            g("/compile/warned"),
            g("/compile/failed"),
            g("/compile/blowups"),
            self.rules_line("compile")
        );
        for f in self.failures.iter().take(50) {
            let _ = writeln!(
                s,
                "FAIL {} [{}] {}{}",
                f.document,
                f.stage,
                f.endpoint
                    .as_deref()
                    .map(|e| format!("{e}: "))
                    .unwrap_or_default(),
                f.what
            );
        }
        if self.failures.len() > 50 {
            let _ = writeln!(s, "... and {} more failures", self.failures.len() - 50);
        }
        if let Some(file) = self.json["known_failures"]["file"].as_str() {
            let _ = writeln!(
                s,
                "known failures: {} tolerated, as {file} lists them",
                self.known.len()
            );
        }
        let _ = writeln!(
            s,
            "{} failure(s); report: {}",
            self.failures.len(),
            dir.join("report.md").display()
        );
        s
    }

    pub(super) fn markdown(&self) -> String {
        let g = |p: &str| self.get(p);
        let mut s = String::new();
        let _ = writeln!(s, "# Corpus report\n");
        let _ = writeln!(
            s,
            "{} documents run ({}), {} s.\n",
            g("/documents/run"),
            g("/selection"),
            g("/seconds")
        );
        let _ = writeln!(s, "| stage | totals |\n|---|---|");
        let _ = writeln!(
            s,
            "| documents | {} OpenAPI 3.x, {} Swagger 2.0 skipped, {} unreadable |",
            g("/documents/openapi3"),
            g("/documents/swagger2_skipped"),
            g("/documents/unreadable")
        );
        let _ = writeln!(
            s,
            "| (a) lapsh | {} ok, {} failed |",
            g("/lapsh/ok"),
            g("/lapsh/failed")
        );
        let _ = writeln!(
            s,
            "| (b) our parse | {} parsed, {} errors, {} warnings in {} files |",
            g("/read/parsed"),
            g("/read/errors"),
            g("/read/warnings"),
            g("/read/documents_with_warnings")
        );
        let _ = writeln!(
            s,
            "| (b) against lapsh's model | {} agree, {} differ by rule, {} fail |",
            g("/read/agree"),
            g("/read/differ_by_rule"),
            g("/read/fail")
        );
        let _ = writeln!(
            s,
            "| (c) our compile | {} compiled, {} faithful, {} warned, {} failed, {} blow-ups, {} warnings |",
            g("/compile/compiled"),
            g("/compile/faithful"),
            g("/compile/warned"),
            g("/compile/failed"),
            g("/compile/blowups"),
            g("/compile/warnings")
        );
        let _ = writeln!(
            s,
            "| (c) against the document | {} agree, {} differ by rule, {} fail |\n",
            g("/compile/agree"),
            g("/compile/differ_by_rule"),
            g("/compile/fail")
        );
        let _ = writeln!(
            s,
            "## Rules\n\n| stage | rule | differences | documents |\n|---|---|---:|---:|"
        );
        for stage in ["read", "compile"] {
            if let Some(rules) = self
                .json
                .pointer(&format!("/{stage}/rules"))
                .and_then(Value::as_object)
            {
                for (id, v) in rules {
                    let _ = writeln!(
                        s,
                        "| {stage} | `{id}` | {} | {} |",
                        v["differences"], v["documents"]
                    );
                }
            }
        }
        if let Some(blowups) = self
            .json
            .pointer("/compile/blowups")
            .and_then(Value::as_array)
            .filter(|b| !b.is_empty())
        {
            let _ = writeln!(
                s,
                "\n## Blow-ups of our compile\n\n| document | bytes | what | failure |\n|---|---:|---|---|"
            );
            for b in blowups {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} |",
                    text(&b["document"]),
                    b["bytes"],
                    text(&b["what"]),
                    b["failure"]
                );
            }
        }
        let _ = writeln!(
            s,
            "\n## Largest lapsh files: our parse\n\n| document | lap bytes | ours (s) | ours MB/s | lapsh `parse_lap` (s) | ratio |\n|---|---:|---:|---:|---:|---:|"
        );
        for l in self.json["largest_lapsh_files"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {}x |",
                text(&l["document"]),
                l["lap_bytes"],
                l["our_parse_seconds"],
                l["our_mb_per_s"],
                l["lapsh_parse_seconds"],
                l["ratio"]
            );
        }
        for (key, title) in [
            ("lapsh_compile", "lapsh compile"),
            ("lapsh_parse", "lapsh `parse_lap`"),
            ("our_parse", "our parse"),
            ("our_compile", "our compile"),
        ] {
            let _ = writeln!(
                s,
                "\n## Slowest: {title}\n\n| document | bytes | seconds |\n|---|---:|---:|"
            );
            for r in self.json["slowest"][key].as_array().into_iter().flatten() {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} |",
                    text(&r["document"]),
                    r["bytes"],
                    r["seconds"]
                );
            }
        }
        let _ = writeln!(s, "\n## Failures ({})\n", self.failures.len());
        for f in &self.failures {
            let _ = writeln!(
                s,
                "- `{}` ({}) {}{}",
                f.document,
                f.stage,
                f.endpoint
                    .as_deref()
                    .map(|e| format!("`{e}`: "))
                    .unwrap_or_default(),
                f.what
            );
        }
        if let Some(file) = self.json["known_failures"]["file"].as_str() {
            let _ = writeln!(
                s,
                "\n## Known failures ({}, tolerated: {file} lists them)\n",
                self.known.len()
            );
            for f in &self.known {
                let _ = writeln!(
                    s,
                    "- `{}` ({}) {}{}",
                    f.document,
                    f.stage,
                    f.endpoint
                        .as_deref()
                        .map(|e| format!("`{e}`: "))
                        .unwrap_or_default(),
                    f.what
                );
            }
        }
        if let Some(failed) = self
            .json
            .pointer("/lapsh/failures")
            .and_then(Value::as_array)
            .filter(|f| !f.is_empty())
        {
            let _ = writeln!(s, "\n## lapsh failures ({}; not ours)\n", failed.len());
            for f in failed {
                let _ = writeln!(s, "- `{}`: {}", text(&f["document"]), text(&f["error"]));
            }
        }
        s
    }
}

fn text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
}
