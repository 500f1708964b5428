//! Deeply nested inputs, built as text without recursion (a deep
//! `serde_json::Value` would itself recurse to drop), and a bounded stack to
//! run the code under test on, so that a walk that starts to recurse
//! without bound fails here instead of passing on a large stack.

/// The stack the depth tests run on: a main thread's 8 MiB, where the
/// commands and the fuzz targets run, not the 2 MiB of a test thread.
/// Unoptimised, the import costs about 10 KiB of stack per model level and
/// the OpenAPI export more than 32 KiB (it builds `openapiv3::Schema`
/// values, some hundreds of bytes each, by value in every frame), so
/// `MAX_DEPTH` levels need between 4 and 8 MiB in a debug build; a walk
/// that recursed per link of a `$ref` chain, or per level of a
/// 100,000-deep text, would not fit.
pub const MAIN_THREAD_STACK: usize = 8 * 1024 * 1024;

/// Runs `f` on a thread with [`MAIN_THREAD_STACK`] bytes of stack.
pub fn on_main_thread_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(MAIN_THREAD_STACK)
        .spawn(f)
        .expect("spawn")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
}

/// How each level of [`nested`] nests the next.
#[derive(Clone, Copy, Debug)]
pub enum Nesting {
    /// `properties` inside `properties`: members `m1`, `m2`, ...
    Properties,
    /// `items` inside `items`.
    Items,
    /// Alternating: an object member, then a list, then an object member.
    Both,
}

/// A JSON OpenAPI document whose `GET /deep` 200 response has one member
/// `m1` whose type nests `levels` model levels deep (`m1` itself is level
/// 1, its innermost type a string at level `levels`).
pub fn nested(levels: usize, nesting: Nesting) -> String {
    let mut open = String::new();
    let mut close = String::new();
    for level in 1..levels {
        let object = match nesting {
            Nesting::Properties => true,
            Nesting::Items => false,
            Nesting::Both => level % 2 == 1,
        };
        if object {
            open.push_str(&format!(
                r#"{{"type": "object", "properties": {{"m{}": "#,
                level + 1
            ));
            close.push_str("}}");
        } else {
            open.push_str(r#"{"type": "array", "items": "#);
            close.push('}');
        }
    }
    document(&format!(r#"{open}{{"type": "string"}}{close}"#), "")
}

/// A JSON OpenAPI document whose `GET /deep` 200 response has a member
/// `m1` of type `schema`, with `components` holding `schemas` (a JSON
/// object's members, without braces).
pub fn document(schema: &str, schemas: &str) -> String {
    let head = r#"{"openapi": "3.0.3", "info": {"title": "Deep", "version": "1"},
  "paths": {"/deep": {"get": {"responses": {"200": {"description": "ok",
    "content": {"application/json": {"schema": {"type": "object",
      "properties": {"m1": "#;
    let paths_end = "}}}}}}}}},\n";
    format!("{head}{schema}{paths_end}  \"components\": {{\"schemas\": {{{schemas}}}}}}}\n")
}

/// `count` component schemas `A0` ... `A{count-1}`, each `link(i, next)`
/// where `next` is the reference to the following one; the last is a
/// string. No cycle: the depth is in the references, not the text.
pub fn chain(count: usize, link: impl Fn(usize, &str) -> String) -> String {
    let mut schemas: Vec<String> = (0..count)
        .map(|i| {
            let next = format!(r##"{{"$ref": "#/components/schemas/A{}"}}"##, i + 1);
            format!(r#""A{i}": {}"#, link(i, &next))
        })
        .collect();
    schemas.push(format!(r#""A{count}": {{"type": "string"}}"#));
    document(
        r##"{"$ref": "#/components/schemas/A0"}"##,
        &schemas.join(",\n"),
    )
}
