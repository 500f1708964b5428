//! Schema-valid JSON payloads from an OpenAPI document's schemas, seeded,
//! and the check that they are valid.
//!
//! [`Generator`] walks a schema (`$ref`s followed) and builds a value that
//! satisfies it: every required member and, by the seed's density, some or
//! all of the optional ones; array lengths within `minItems`/`maxItems`;
//! strings that match `pattern` (generated from the regex's syntax tree)
//! within `minLength`/`maxLength`; enum values; numbers within
//! `minimum`/`maximum`; and for a schema with no type at all (`{}`, which
//! PayPal uses for members it does not describe) any JSON. A given seed
//! always gives the same value.
//!
//! Date-times follow the format (RFC 3339 instants that also match the
//! pattern): PayPal's pattern alone admits non-dates (February 31st, a
//! comma as the separator, since `[T,t]` is a class of three characters),
//! which no server sends and no RFC 3339 reader reads. Fractions have at
//! most nine digits (a nanosecond), what a time type holds.
//!
//! [`validate`] checks a value against a schema independently of how it
//! was generated, so a generator bug cannot pass for a client bug.

use std::collections::HashMap;

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Map, Number, Value};

/// How deep objects nest before only required members are generated.
const DEEP: usize = 12;

/// Follows `$ref`s (`#/...` pointers into `doc`) to the schema with the shape.
pub fn resolve<'d>(doc: &'d Value, mut schema: &'d Value) -> &'d Value {
    for _ in 0..64 {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix('#').and_then(|p| doc.pointer(p)) {
                Some(target) => schema = target,
                None => return &Value::Null,
            },
            None => break,
        }
    }
    schema
}

fn is_date_time(schema: &Value) -> bool {
    matches!(
        schema.get("format").and_then(Value::as_str),
        Some("date-time" | "ppaas_date_time_v3")
    )
}

/// A seeded generator of values for the schemas of `doc`.
pub struct Generator<'d> {
    doc: &'d Value,
    rng: fastrand::Rng,
    /// The chance that an optional member is present.
    density: f64,
    patterns: HashMap<String, Hir>,
}

impl<'d> Generator<'d> {
    /// A generator for `doc` whose choices all follow from `seed`. The
    /// seed also picks how many optional members appear (from a few to
    /// all), so a run covers sparse and full payloads.
    pub fn new(doc: &'d Value, seed: u64) -> Generator<'d> {
        let mut rng = fastrand::Rng::with_seed(seed);
        let density = [0.15, 0.5, 0.85, 1.0][rng.usize(0..4)];
        Generator {
            doc,
            rng,
            density,
            patterns: HashMap::new(),
        }
    }

    /// A value valid against `schema`; an error names what the generator
    /// cannot satisfy (a construct it does not know, a pattern it cannot
    /// fit into the length limits).
    pub fn value(&mut self, schema: &Value) -> Result<Value, String> {
        self.at(schema, 0)
    }

    fn at(&mut self, schema: &Value, depth: usize) -> Result<Value, String> {
        let schema = resolve(self.doc, schema);
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return values
                .get(self.rng.usize(0..values.len().max(1)))
                .cloned()
                .ok_or_else(|| "an empty `enum`".to_owned());
        }
        if let Some(alternatives) = schema.get("oneOf").and_then(Value::as_array) {
            let Some(one) = alternatives.get(self.rng.usize(0..alternatives.len().max(1))) else {
                return Err("an empty `oneOf`".to_owned());
            };
            return self.at(one, depth + 1);
        }
        if schema.get("allOf").is_some() || schema.get("anyOf").is_some() {
            return Err(format!("`allOf`/`anyOf` are not generated: {schema}"));
        }
        let ty = schema.get("type").and_then(Value::as_str);
        let ty = ty.or_else(|| schema.get("properties").map(|_| "object"));
        match ty {
            Some("object") => self.object(schema, depth),
            Some("array") => {
                let (min, max) = bounds(schema, "minItems", "maxItems", 0, u64::MAX);
                let len = min + self.rng.u64(0..=3.min(max - min));
                let items = schema.get("items").unwrap_or(&Value::Null);
                let mut out = Vec::new();
                for _ in 0..len {
                    out.push(self.at(items, depth + 1)?);
                }
                Ok(Value::Array(out))
            }
            Some("string") => self.string(schema).map(Value::String),
            Some("integer") => {
                let min = schema
                    .get("minimum")
                    .and_then(Value::as_i64)
                    .unwrap_or(-1_000_000);
                let max = schema
                    .get("maximum")
                    .and_then(Value::as_i64)
                    .unwrap_or(1_000_000);
                Ok(Value::from(self.rng.i64(min..=max)))
            }
            Some("number") => {
                let cents = self.rng.i64(-10_000_000..=10_000_000);
                Number::from_f64(cents as f64 / 100.0)
                    .map(Value::Number)
                    .ok_or_else(|| "a number that is not finite".to_owned())
            }
            Some("boolean") => Ok(Value::Bool(self.rng.bool())),
            None => Ok(self.any(depth)),
            Some(other) => Err(format!("type `{other}` is not generated")),
        }
    }

    fn object(&mut self, schema: &Value, depth: usize) -> Result<Value, String> {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut out = Map::new();
        let props = schema.get("properties").and_then(Value::as_object);
        for (name, prop) in props.into_iter().flatten() {
            let wanted = required.contains(&name.as_str())
                || (depth < DEEP && self.rng.f64() < self.density);
            if wanted {
                let value = self.at(prop, depth + 1)?;
                out.insert(name.clone(), value);
            }
        }
        Ok(Value::Object(out))
    }

    /// Any JSON, for a schema that states nothing: objects, lists,
    /// strings, integers, fractions, booleans, and nulls inside them.
    fn any(&mut self, depth: usize) -> Value {
        let kinds = if depth > 6 { 4 } else { 6 };
        match self.rng.usize(0..kinds) {
            0 => Value::String(self.text(0, 12)),
            1 => Value::from(self.rng.i64(-1_000_000_000..=1_000_000_000)),
            2 => {
                Number::from_f64(self.rng.i32(..) as f64 / 64.0).map_or(Value::Null, Value::Number)
            }
            3 => Value::Bool(self.rng.bool()),
            4 => {
                let mut map = Map::new();
                for _ in 0..self.rng.usize(0..4) {
                    let key = self.text(1, 8);
                    let value = if self.rng.usize(0..8) == 0 {
                        Value::Null
                    } else {
                        self.any(depth + 1)
                    };
                    map.insert(key, value);
                }
                Value::Object(map)
            }
            _ => Value::Array(
                (0..self.rng.usize(0..4))
                    .map(|_| self.any(depth + 1))
                    .collect(),
            ),
        }
    }

    fn string(&mut self, schema: &Value) -> Result<String, String> {
        let (min, max) = bounds(schema, "minLength", "maxLength", 0, 2_000);
        let (min, max) = (min as usize, max as usize);
        if is_date_time(schema) {
            return Ok(self.date_time());
        }
        if schema.get("format").and_then(Value::as_str) == Some("uri") {
            return Ok(format!("https://example.com/{}", self.rng.u32(..)));
        }
        let Some(pattern) = schema.get("pattern").and_then(Value::as_str) else {
            let top = max.min(min + 30);
            return Ok(self.text(min, top));
        };
        let hir = match self.patterns.get(pattern) {
            Some(h) => h.clone(),
            None => {
                let parsed = regex_syntax::parse(pattern)
                    .map_err(|e| format!("pattern `{pattern}`: {e}"))?;
                self.patterns.insert(pattern.to_owned(), parsed.clone());
                parsed
            }
        };
        // Repetitions get a budget of extra rounds; a value outside the
        // length limits is drawn again with a budget nearer the limits.
        for attempt in 0..200 {
            let budget = if attempt < 100 {
                (min + self.rng.usize(0..=24)).min(max.max(1))
            } else {
                min.max(1)
            };
            let mut out = String::new();
            self.hir(&hir, budget, &mut out);
            let len = out.chars().count();
            if (min..=max).contains(&len) {
                return Ok(out);
            }
        }
        Err(format!(
            "no value of pattern `{pattern}` with {min} to {max} characters in 200 draws"
        ))
    }

    fn hir(&mut self, hir: &Hir, budget: usize, out: &mut String) {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(lit) => out.push_str(&String::from_utf8_lossy(&lit.0)),
            HirKind::Class(Class::Unicode(class)) => {
                let ranges: Vec<(char, char)> = class
                    .ranges()
                    .iter()
                    .map(|r| (r.start(), r.end()))
                    .collect();
                if let Some(c) = self.pick(&ranges) {
                    out.push(c);
                }
            }
            HirKind::Class(Class::Bytes(class)) => {
                let ranges: Vec<(char, char)> = class
                    .ranges()
                    .iter()
                    .filter(|r| r.start() < 0x80)
                    .map(|r| (char::from(r.start()), char::from(r.end().min(0x7f))))
                    .collect();
                if let Some(c) = self.pick(&ranges) {
                    out.push(c);
                }
            }
            HirKind::Repetition(rep) => {
                let min = rep.min as usize;
                let max = rep.max.map_or(min + budget, |m| m as usize);
                let top = max.min(min + budget);
                let n = if top > min {
                    self.rng.usize(min..=top)
                } else {
                    min
                };
                for _ in 0..n {
                    self.hir(&rep.sub, budget, out);
                }
            }
            HirKind::Capture(capture) => self.hir(&capture.sub, budget, out),
            HirKind::Concat(parts) => {
                for part in parts {
                    self.hir(part, budget, out);
                }
            }
            HirKind::Alternation(choices) => {
                if let Some(choice) = choices.get(self.rng.usize(0..choices.len().max(1))) {
                    self.hir(choice, budget, out);
                }
            }
        }
    }

    /// A character from `ranges`: mostly printable ASCII where the class
    /// has some, sometimes anything it allows (accents, CJK, emoji).
    fn pick(&mut self, ranges: &[(char, char)]) -> Option<char> {
        let printable: Vec<(u32, u32)> = ranges
            .iter()
            .filter_map(|&(a, b)| {
                let (a, b) = (u32::from(a).max(0x20), u32::from(b).min(0x7e));
                (a <= b).then_some((a, b))
            })
            .collect();
        let from: Vec<(u32, u32)> = if !printable.is_empty() && self.rng.usize(0..10) < 8 {
            printable
        } else {
            ranges
                .iter()
                .map(|&(a, b)| (u32::from(a), u32::from(b)))
                .collect()
        };
        let &(a, b) = from.get(self.rng.usize(0..from.len().max(1)))?;
        // Surrogates are not in a class; a draw that lands nowhere takes the start.
        char::from_u32(self.rng.u32(a..=b)).or_else(|| char::from_u32(a))
    }

    fn text(&mut self, min: usize, max: usize) -> String {
        const SOME: &[char] = &[
            'a', 'Z', '0', ' ', '-', '_', '"', '\\', '/', 'é', 'ß', '中', '😀', '\n',
        ];
        let len = if max > min {
            self.rng.usize(min..=max)
        } else {
            min
        };
        (0..len)
            .map(|_| {
                if self.rng.bool() {
                    self.rng.alphanumeric()
                } else {
                    SOME[self.rng.usize(0..SOME.len())]
                }
            })
            .collect()
    }

    /// An RFC 3339 instant in PayPal's pattern: `T` or `t`, zero to nine
    /// fraction digits, `Z`, `z` or an offset.
    fn date_time(&mut self) -> String {
        let year = self.rng.i32(2000..=2099);
        let month = self.rng.u32(1..=12);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let day = self.rng.u32(1..=days);
        let (h, m, s) = (
            self.rng.u32(0..24),
            self.rng.u32(0..60),
            self.rng.u32(0..60),
        );
        let t = if self.rng.usize(0..5) == 0 { 't' } else { 'T' };
        let digits = self.rng.usize(0..=9);
        let fraction = if digits == 0 {
            String::new()
        } else {
            let f: String = (0..digits).map(|_| self.rng.digit(10)).collect();
            format!(".{f}")
        };
        let zone = match self.rng.usize(0..4) {
            0 => "Z".to_owned(),
            1 => "z".to_owned(),
            _ => format!(
                "{}{:02}:{:02}",
                if self.rng.bool() { '+' } else { '-' },
                self.rng.u32(0..=14),
                [0, 30, 45][self.rng.usize(0..3)]
            ),
        };
        format!("{year:04}-{month:02}-{day:02}{t}{h:02}:{m:02}:{s:02}{fraction}{zone}")
    }
}

fn bounds(schema: &Value, low: &str, high: &str, min: u64, max: u64) -> (u64, u64) {
    let lo = schema.get(low).and_then(Value::as_u64).unwrap_or(min);
    let hi = schema
        .get(high)
        .and_then(Value::as_u64)
        .unwrap_or(max)
        .max(lo);
    (lo, hi)
}

/// Every way `value` breaks `schema` (a schema of `doc`), each with its
/// JSON pointer; empty when it is valid. Checks what the generator
/// promises: types, enums, required members, patterns, lengths, item
/// counts, numeric bounds, date-times, and no member the schema does not
/// name (which JSON Schema allows, but no typed reader could keep).
pub fn validate(doc: &Value, schema: &Value, value: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut regexes = HashMap::new();
    check(doc, schema, value, "", &mut regexes, &mut problems);
    problems
}

fn check(
    doc: &Value,
    schema: &Value,
    value: &Value,
    at: &str,
    regexes: &mut HashMap<String, Result<regex::Regex, String>>,
    problems: &mut Vec<String>,
) {
    let schema = resolve(doc, schema);
    let here = if at.is_empty() { "/" } else { at };
    macro_rules! fail {
        ($($what:tt)*) => { problems.push(format!("{here}: {}", format!($($what)*))) };
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        if !values.contains(value) {
            fail!("{value} is not one of the enum values");
        }
        return;
    }
    if let Some(alternatives) = schema.get("oneOf").and_then(Value::as_array) {
        let fits = alternatives.iter().filter(|a| {
            let mut inner = Vec::new();
            check(doc, a, value, at, regexes, &mut inner);
            inner.is_empty()
        });
        if fits.count() != 1 {
            fail!("does not fit exactly one `oneOf` alternative");
        }
        return;
    }
    let ty = schema.get("type").and_then(Value::as_str);
    let ty = ty.or_else(|| schema.get("properties").map(|_| "object"));
    match (ty, value) {
        (None, _) => {}
        (Some("object"), Value::Object(members)) => {
            for name in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !members.contains_key(name) {
                    fail!("the required member `{name}` is missing");
                }
            }
            let props = schema.get("properties").and_then(Value::as_object);
            for (name, member) in members {
                let escaped = name.replace('~', "~0").replace('/', "~1");
                match props.and_then(|p| p.get(name)) {
                    Some(s) => check(
                        doc,
                        s,
                        member,
                        &format!("{at}/{escaped}"),
                        regexes,
                        problems,
                    ),
                    None => fail!("the member `{name}` is not in the schema"),
                }
            }
        }
        (Some("array"), Value::Array(items)) => {
            let (min, max) = bounds(schema, "minItems", "maxItems", 0, u64::MAX);
            if !(min..=max).contains(&(items.len() as u64)) {
                fail!("{} items, not {min} to {max}", items.len());
            }
            let item = schema.get("items").unwrap_or(&Value::Null);
            for (i, v) in items.iter().enumerate() {
                check(doc, item, v, &format!("{at}/{i}"), regexes, problems);
            }
        }
        (Some("string"), Value::String(s)) => {
            let (min, max) = bounds(schema, "minLength", "maxLength", 0, u64::MAX);
            let len = s.chars().count() as u64;
            if !(min..=max).contains(&len) {
                fail!("{len} characters, not {min} to {max}");
            }
            if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
                let regex = regexes
                    .entry(pattern.to_owned())
                    .or_insert_with(|| regex::Regex::new(pattern).map_err(|e| e.to_string()));
                match regex {
                    Ok(r) if r.is_match(s) => {}
                    Ok(_) => fail!("{s:?} does not match `{pattern}`"),
                    Err(e) => fail!("pattern `{pattern}` does not compile: {e}"),
                }
            }
            if is_date_time(schema) && chrono::DateTime::parse_from_rfc3339(s).is_err() {
                fail!("{s:?} is not an RFC 3339 date-time");
            }
        }
        (Some("integer"), Value::Number(n)) if n.is_i64() || n.is_u64() => {
            if let Some(out) = outside(schema, n) {
                fail!("{out}");
            }
        }
        (Some("number"), Value::Number(n)) => {
            if let Some(out) = outside(schema, n) {
                fail!("{out}");
            }
        }
        (Some("boolean"), Value::Bool(_)) => {}
        (Some(ty), v) => fail!("{v} is not of type {ty}"),
    }
}

fn outside(schema: &Value, n: &Number) -> Option<String> {
    let n = n.as_f64()?;
    let min = schema.get("minimum").and_then(Value::as_f64);
    let max = schema.get("maximum").and_then(Value::as_f64);
    (min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m))
        .then(|| format!("{n} is outside {min:?} to {max:?}"))
}

/// What a re-encoded value lost or changed from the `original`, as JSON
/// pointers with what happened; empty when nothing was lost.
///
/// Compared as JSON, with what means the same taken as the same: members
/// that are absent, `null`, `[]` or `{}` on either side; strings that are
/// the same instant as RFC 3339 date-times (`2023-03-27T09:06:12.409+00:00`
/// and `…09:06:12.409Z`); numbers of the same value.
pub fn lost(original: &Value, back: &Value) -> Vec<String> {
    let mut out = Vec::new();
    compare(original, back, "", &mut out);
    out
}

fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn compare(o: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
    let child = |k: &str| format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
    match (o, b) {
        (Value::Object(a), Value::Object(c)) => {
            for (k, v) in a {
                match c.get(k) {
                    Some(w) => compare(v, w, &child(k), out),
                    None if empty(v) => {}
                    None => out.push(format!("{}: dropped ({v})", child(k))),
                }
            }
            for (k, w) in c {
                if !a.contains_key(k) && !empty(w) {
                    out.push(format!("{}: added ({w})", child(k)));
                }
            }
        }
        (Value::Array(a), Value::Array(c)) if a.len() == c.len() => {
            for (i, (v, w)) in a.iter().zip(c).enumerate() {
                compare(v, w, &format!("{at}/{i}"), out);
            }
        }
        (Value::String(s), Value::String(t)) if s != t => {
            let instant = |x: &str| chrono::DateTime::parse_from_rfc3339(x).ok();
            match (instant(s), instant(t)) {
                (Some(x), Some(y)) if x == y => {}
                _ => out.push(format!("{at}: {o} became {b}")),
            }
        }
        (Value::Number(x), Value::Number(y)) if x != y => {
            if x.as_f64() != y.as_f64() {
                out.push(format!("{at}: {o} became {b}"));
            }
        }
        (a, c) if a == c || (empty(a) && empty(c)) => {}
        (a, c) => out.push(format!("{at}: {a} became {c}")),
    }
}
