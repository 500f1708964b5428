//! `cargo bench -p codegen --bench lap_parse`: throughput of
//! `codegen::lap::parse` on the real spec and on synthetic files of about
//! 1, 4 and 10 MB (for linearity). The synthetic files are written to
//! `$CARGO_TARGET_DIR/lap-bench/` (default `target/lap-bench/`) so that
//! `codegen/benches/lapsh_parse.py` can time lapsh on the identical bytes;
//! `codegen/benches/compare-lapsh.sh` runs both and prints the comparison.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/disputes.lap");

/// Synthetic sizes, in MB (10^6 bytes): the file is at least this big.
const SIZES_MB: [usize; 3] = [1, 4, 10];

/// Number of `@group` blocks the endpoints are split into.
const GROUPS: usize = 8;

/// Number of `@type` definitions (`@body → Payload_N`).
const TYPES: usize = 24;

/// A 64-bit LCG (Knuth's MMIX constants): deterministic, no dependencies.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        // n is small; the modulo bias is irrelevant here.
        usize::try_from(self.next()).unwrap_or(0) % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const RESOURCES: [&str; 8] = [
    "disputes",
    "claims",
    "offers",
    "evidence",
    "messages",
    "refunds",
    "adjudications",
    "appeals",
];
const ENUMS: [&str; 6] = [
    "str(OPEN/WAITING_FOR_BUYER_RESPONSE/WAITING_FOR_SELLER_RESPONSE/UNDER_REVIEW/RESOLVED)",
    "str(BUYER_FAVOR/SELLER_FAVOR)",
    "str(REFUND/REFUND_WITH_RETURN/REFUND_WITH_REPLACEMENT/REPLACEMENT_WITHOUT_REFUND)",
    "str(in progress/done/not started)",
    "int(1/2/3/5/8)",
    "str(A/B/C)",
];
const FORMATS: [&str; 5] = [
    "str(date-time)",
    "str(ppaas_date_time_v3)",
    "str(uri)",
    "str(ppaas_common_currency_code_v2)",
    "str(email)",
];
/// Defaults, several with spaces (a default ends at ` #`).
const DEFAULTS: [&str; 6] = [
    "str=Current date and time",
    "str=The first page of data",
    "int=10",
    "bool=false",
    "str=summary set of details",
    "num=0.5",
];
/// Comment sentences: commas, colons, balanced braces and parentheses,
/// markdown links and code spans. No `, word: type` (that would start a new
/// field in both parsers) and no `, Word: ` (lapsh reads a capitalised word
/// after a colon as a type name).
const SENTENCES: [&str; 10] = [
    "Filters the {resource} in the response by a creation date and time, within the last 180 days.",
    "Value is in [Internet date and time format](https://tools.ietf.org/html/rfc3339#section-5.6), for example `yyyy-MM-ddTHH:mm:ss.SSSZ`.",
    "Separate multiple values with a comma (`,`): the response lists {items} that match any of them.",
    "See the [HATEOAS links](/docs/api/reference/api-responses/#hateoas-links) of the response, in order.",
    "The default is the current time; the maximum, (180 days), is supported: see {docs} for details.",
    "Use `page_size` and `next_page_token` together, as in {page: {size: 10}}, to page through results.",
    "Note: this value is case sensitive, and is compared byte by byte.",
    "The merchant-provided ID of the invoice for the refund, mapped to an invoice ID in the merchant's system.",
    "Maps to [AddressValidationMetadata](https://github.com/googlei18n/libaddressinput/wiki/AddressValidationMetadata) and HTML 5.1.",
    "Returns `422 Unprocessable Entity` when the action, for example `escalate`, is not allowed: retry later.",
];
const ERRORS: [&str; 6] = [
    "400: The request failed due to a validation error, for example a missing field. The request returns the HTTP `400 Bad Request` status code.",
    "401: Authentication failed: the access token is missing, expired, or invalid.",
    "404: The resource {id} does not exist, or you have no access to it. The request returns `404 Not Found`.",
    "409: Conflict, the resource was changed by another request; fetch it again and retry.",
    "422: The requested action could not be completed, see `details` (an array of {issue, description} objects).",
    "500: An internal server error occurred. The request returns the HTTP `500 Internal Server Error` status code.",
];

fn comment(rng: &mut Lcg, out: &mut String) {
    let n = 1 + rng.below(3);
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(rng.pick(&SENTENCES));
    }
}

/// A response type nested `depth` maps deep, alternating `map{...}` and
/// `[map{...}]`, as in `map{a: str, b: [map{c: map{d: [map{e: int}]}}]}`.
fn nested(rng: &mut Lcg, depth: usize, out: &mut String) {
    if depth == 0 {
        out.push_str(rng.pick(&["int", "str", "bool", "num", "str(date-time)"]));
        return;
    }
    let _ = write!(out, "map{{a{depth}: str, n{depth}: int, b{depth}: ");
    if depth % 2 == 0 {
        out.push('[');
        nested(rng, depth - 1, out);
        out.push(']');
    } else {
        nested(rng, depth - 1, out);
    }
    if rng.below(2) == 0 {
        let _ = write!(out, ", c{depth}: [str], d{depth}: map");
    }
    out.push('}');
}

/// One parameter `name: type[=default] [# comment]`.
fn param(rng: &mut Lcg, name: &str, out: &mut String) {
    let _ = write!(out, "{name}: ");
    match rng.below(6) {
        0 => out.push_str(rng.pick(&ENUMS)),
        1 => out.push_str(rng.pick(&FORMATS)),
        2 => out.push_str(rng.pick(&DEFAULTS)),
        3 => out.push_str("[str]"),
        4 => out.push_str("map{currency_code!: str(ppaas_common_currency_code_v2), value!: str}"),
        _ => out.push_str(rng.pick(&["str", "int", "bool", "num"])),
    }
    if rng.below(5) != 0 {
        out.push_str(" # ");
        comment(rng, out);
    }
}

fn endpoint(rng: &mut Lcg, index: usize, group: &str, out: &mut String) {
    let method = rng.pick(&METHODS);
    let resource = rng.pick(&RESOURCES);
    let with_id = rng.below(4) != 0;
    let _ = write!(out, "@endpoint {method} /v1/{group}/{resource}-{index}");
    if with_id {
        out.push_str("/{id}");
    }
    let action = rng.pick(&[
        "",
        "/accept",
        "/escalate",
        "/provide-evidence",
        "/send-message",
    ]);
    let _ = writeln!(out, "{action}");
    let _ = writeln!(
        out,
        "@desc {} {resource} {index}, with options: see {{docs}} and [the guide](https://developer.paypal.com/docs/{group}/)",
        rng.pick(&["List", "Show", "Update", "Create", "Escalate", "Settle"]),
    );
    let has_body = matches!(method, "POST" | "PUT" | "PATCH");
    if has_body && rng.below(2) == 0 {
        let _ = writeln!(out, "@body → Payload_{}", rng.below(TYPES));
    }
    if with_id {
        out.push_str("@required {id: str # The ID of the ");
        out.push_str(resource);
        out.push_str(" for which to show details, as returned by `create`: see {id}.");
        if rng.below(2) == 0 {
            out.push_str(", action: ");
            out.push_str(rng.pick(&ENUMS));
            out.push_str(" # The action. ");
            comment(rng, out);
        }
        out.push_str("}\n");
    }
    let optional = rng.below(7);
    if optional > 0 {
        out.push_str("@optional {");
        for i in 0..optional {
            if i > 0 {
                out.push_str(", ");
            }
            let name = format!("opt_{i}_{}", rng.pick(&RESOURCES));
            param(rng, &name, out);
        }
        out.push_str("}\n");
    }
    out.push_str("@returns(200) {id: str, create_time: str(ppaas_date_time_v3), status: str, ");
    out.push_str("items: [");
    let depth = 6 + rng.below(3);
    nested(rng, depth, out);
    out.push_str("], links: [map], amount: map{currency_code: str, value: str}} # ");
    comment(rng, out);
    out.push('\n');
    if rng.below(3) == 0 {
        out.push_str("@returns(204) A successful request returns the HTTP `204 No Content` status code, with no body.\n");
    }
    out.push_str("@errors {");
    let first = rng.below(ERRORS.len());
    let count = 1 + rng.below(ERRORS.len() - first);
    for (i, e) in ERRORS[first..first + count].iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(e);
    }
    out.push_str("}\n");
    if has_body && rng.below(3) == 0 {
        let _ = writeln!(
            out,
            "@example_request {{\"note\":\"Escalating, with details: see {{docs}}.\",\"index\":{index}}}"
        );
    }
    out.push('\n');
}

/// A lap document of at least `min_bytes` bytes; the same bytes for the same
/// arguments on every run.
fn synthetic(min_bytes: usize) -> String {
    let mut rng = Lcg(0x1a9_2024);
    let mut types = String::new();
    for t in 0..TYPES {
        let _ = write!(
            types,
            "@type Payload_{t} {{note: str # The note, with details: see {{docs}}., amount: map{{currency_code: str, value: str}}, kind: "
        );
        types.push_str(rng.pick(&ENUMS));
        types.push_str(", items: [");
        nested(&mut rng, 4, &mut types);
        types.push_str("]}\n");
    }
    types.push('\n');

    // Endpoints first, so the header can state their number.
    let mut endpoints: Vec<String> = Vec::new();
    let mut total = types.len();
    while total < min_bytes {
        let mut e = String::new();
        endpoint(&mut rng, endpoints.len(), "groupX", &mut e);
        total += e.len();
        endpoints.push(e);
    }
    let per_group = endpoints.len().div_ceil(GROUPS);
    let mut body = String::new();
    let mut toc: Vec<String> = Vec::new();
    for (g, chunk) in endpoints.chunks(per_group).enumerate() {
        let name = format!("group{g}");
        toc.push(format!("{name}({})", chunk.len()));
        let _ = writeln!(body, "@group {name}");
        for e in chunk {
            // `groupX` and `group0`..`group7` have the same length.
            body.push_str(&e.replace("groupX", &name));
        }
        body.push_str("@endgroup\n\n");
    }
    let mut out = String::with_capacity(total + 4096);
    out.push_str(
        "@lap v0.3\n# Synthetic benchmark input, generated by codegen/benches/lap_parse.rs.\n",
    );
    out.push_str("@api Synthetic Disputes\n@base https://api-m.sandbox.paypal.com\n@version 1.11\n@auth OAuth2\n");
    let _ = writeln!(out, "@endpoints {}", endpoints.len());
    let _ = writeln!(out, "@toc {}\n", toc.join(", "));
    out.push_str(&types);
    out.push_str(&body);
    out.push_str("@end\n");
    out
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target")),
        PathBuf::from,
    )
}

fn bench(c: &mut Criterion) {
    let spec = std::fs::read_to_string(SPEC).expect("read spec/disputes.lap");
    let dir = target_dir().join("lap-bench");
    std::fs::create_dir_all(&dir).expect("create target/lap-bench");

    let mut inputs: Vec<(String, String)> = vec![("disputes".to_owned(), spec)];
    for mb in SIZES_MB {
        let text = synthetic(mb * 1_000_000);
        let parsed = match codegen::lap::parse(&text) {
            Ok(p) => p,
            Err(e) => panic!(
                "synthetic-{mb}mb.lap is rejected:\n{}",
                e.render("synthetic.lap", &text)
            ),
        };
        assert!(
            parsed.warnings.is_empty(),
            "synthetic-{mb}mb.lap has warnings: {:?}",
            &parsed.warnings[..parsed.warnings.len().min(5)]
        );
        let name = format!("synthetic-{mb}mb");
        let path = dir.join(format!("{name}.lap"));
        std::fs::write(&path, &text).expect("write synthetic lap file");
        eprintln!(
            "{}: {} bytes, {} endpoints",
            path.display(),
            text.len(),
            parsed.api.endpoints.len()
        );
        inputs.push((name, text));
    }

    // Real files too: `LAP_BENCH_FILES` lists lap files (separated by `:`),
    // such as the three largest lapsh-written files of `cargo xtask corpus`,
    // which `compare-lapsh.sh` passes.
    for path in std::env::var("LAP_BENCH_FILES")
        .unwrap_or_default()
        .split(':')
        .filter(|p| !p.is_empty())
    {
        let text = std::fs::read_to_string(path).expect("read a LAP_BENCH_FILES file");
        if let Err(e) = codegen::lap::parse(&text) {
            panic!("{path} is rejected:\n{}", e.render(path, &text));
        }
        let name = std::path::Path::new(path)
            .file_stem()
            .map_or_else(|| path.to_owned(), |s| s.to_string_lossy().into_owned());
        inputs.push((format!("corpus-{name}"), text));
    }

    let mut group = c.benchmark_group("lap_parse");
    for (name, text) in &inputs {
        if text.len() > 500_000 {
            group.sample_size(10);
            group.warm_up_time(Duration::from_secs(1));
            group.measurement_time(Duration::from_secs(4));
        } else {
            group.sample_size(50);
            group.warm_up_time(Duration::from_secs(1));
            group.measurement_time(Duration::from_secs(3));
        }
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse", name), text.as_str(), |b, t| {
            // Each model is freed outside the timing before the next parse,
            // as the lapsh script frees each result (`del result`) and as
            // `interleaved-lapsh.py` does; freeing a 10 MB model is about a
            // third of parse+free (BENCHMARKS.md). `iter_with_large_drop`,
            // used before, kept a whole batch of models alive until the
            // batch ended, so every parse but the first wrote to fresh
            // pages, which lapsh's timed parses do not.
            b.iter_custom(|iters| {
                let mut timed = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    let parsed = codegen::lap::parse(black_box(t));
                    timed += start.elapsed();
                    drop(parsed);
                }
                timed
            });
        });
        if name.ends_with("10mb") || name == "disputes" {
            group.bench_with_input(
                BenchmarkId::new("parse_and_free", name),
                text.as_str(),
                |b, t| b.iter(|| codegen::lap::parse(black_box(t)).is_ok()),
            );
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
