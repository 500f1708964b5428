//! Stage (a): lapsh compiles each document (`xtask/corpus/lapsh_dump.py`,
//! with the venv's python), writing `NAME.lap`, `NAME.json` (its compiler's
//! model) and, from the driver's status line, `NAME.status.json`.
//!
//! lapsh's output depends only on the pinned document and the pinned
//! lapsh, so a status already on disk is reused: a warm run compiles
//! nothing. A change of either version or of the driver (the stamp) clears
//! the cache.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;

use serde_json::Value;

use super::Layout;
use super::documents::Document;

/// Address space one lapsh process may take, in KB (the driver runs many
/// documents in one process; a runaway is one document's failure).
const LAPSH_MEMORY_KB: u64 = 6 * 1024 * 1024;

/// The driver's status line for one document.
#[derive(Clone, Debug, Default)]
pub(crate) struct Row {
    /// lapsh compiled it and wrote the lap and the model.
    pub ok: bool,
    /// Why not.
    pub error: Option<String>,
    /// lapsh's compile, seconds.
    pub seconds: Option<f64>,
    /// lapsh's own `parse_lap` of the text it wrote, seconds.
    pub parse_seconds: Option<f64>,
    /// Taken from an earlier run.
    pub cached: bool,
}

impl Row {
    fn from_json(line: &Value) -> Row {
        Row {
            ok: line.get("ok").and_then(Value::as_bool) == Some(true),
            error: line.get("error").and_then(Value::as_str).map(str::to_owned),
            seconds: line.get("seconds").and_then(Value::as_f64),
            parse_seconds: line.get("parse_seconds").and_then(Value::as_f64),
            cached: false,
        }
    }
}

fn status_path(layout: &Layout, name: &str) -> PathBuf {
    layout.lapsh.join(format!("{name}.status.json"))
}

/// Runs lapsh on every document without a cached status, in `jobs`
/// processes, and returns one row per document, in order.
pub(crate) fn run(
    docs: &[Document],
    layout: &Layout,
    driver: &Path,
    stamp: Option<&str>,
    jobs: usize,
    err: &mut dyn Write,
) -> Result<Vec<Row>, String> {
    std::fs::create_dir_all(&layout.lapsh)
        .map_err(|e| format!("cannot create {}: {e}", layout.lapsh.display()))?;
    if let Some(stamp) = stamp {
        renew_cache(&layout.lapsh, stamp)?;
    }
    let mut rows: Vec<Option<Row>> = docs
        .iter()
        .map(|d| {
            let text = std::fs::read_to_string(status_path(layout, &d.name)).ok()?;
            let json: Value = serde_json::from_str(&text).ok()?;
            let mut row = Row::from_json(&json);
            row.cached = true;
            Some(row)
        })
        .collect();
    let todo: Vec<usize> = (0..docs.len()).filter(|&i| rows[i].is_none()).collect();
    let _ = writeln!(
        err,
        "lapsh: {} documents cached, {} to compile",
        docs.len() - todo.len(),
        todo.len()
    );
    if !todo.is_empty() {
        if !layout.python.exists() {
            return Err(format!(
                "{} documents have no lapsh output in {} and lapsh is not installed at {} (run without --no-setup)",
                todo.len(),
                layout.lapsh.display(),
                layout.python.display()
            ));
        }
        // Interleaved chunks: the large documents, which sort together by
        // vendor, are spread over the processes.
        let chunks: Vec<Vec<usize>> = (0..jobs.min(todo.len()))
            .map(|k| todo.iter().copied().skip(k).step_by(jobs).collect())
            .collect();
        let (send, receive) = mpsc::channel::<(usize, Row)>();
        std::thread::scope(|scope| {
            for (k, chunk) in chunks.into_iter().enumerate() {
                let send = send.clone();
                scope.spawn(move || run_chunk(k, &chunk, docs, layout, driver, &send));
            }
            drop(send);
            let mut done = 0;
            for (i, row) in receive {
                done += 1;
                if done % 100 == 0 || done == todo.len() {
                    let _ = writeln!(err, "lapsh: {done}/{}", todo.len());
                }
                rows[i] = Some(row);
            }
        });
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| Row {
                error: Some("no status from the lapsh driver".to_owned()),
                ..Row::default()
            })
        })
        .collect())
}

/// Clears cached output made under another stamp.
fn renew_cache(dir: &Path, stamp: &str) -> Result<(), String> {
    let stamp_file = dir.join(".stamp");
    if std::fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp) {
        return Ok(());
    }
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_file() {
            let _ = std::fs::remove_file(&path);
        }
    }
    std::fs::write(&stamp_file, stamp)
        .map_err(|e| format!("cannot write {}: {e}", stamp_file.display()))
}

/// Runs the driver over one chunk. When the process dies (python's own
/// stack overflow, the memory cap), the document it was on is recorded as
/// failed and the driver starts again on the rest.
fn run_chunk(
    k: usize,
    chunk: &[usize],
    docs: &[Document],
    layout: &Layout,
    driver: &Path,
    send: &mpsc::Sender<(usize, Row)>,
) {
    let mut rest = chunk;
    while !rest.is_empty() {
        let list = layout.lapsh.join(format!(".chunk-{k}.tsv"));
        let text: String = rest
            .iter()
            .map(|&i| format!("{}\t{}\n", docs[i].name, absolute(&docs[i].path).display()))
            .collect();
        let done = match std::fs::write(&list, text) {
            Ok(()) => run_driver(k, &list, rest, docs, layout, driver, send),
            Err(e) => Err(format!("cannot write {}: {e}", list.display())),
        };
        let (done, why) = match done {
            Ok((done, status)) => (
                done,
                format!("the lapsh driver stopped on this document ({status})"),
            ),
            Err(why) => (0, why),
        };
        let Some((&stuck, after)) = rest[done..].split_first() else {
            break;
        };
        let row = Row {
            error: Some(why),
            ..Row::default()
        };
        write_status(layout, &docs[stuck].name, &row);
        let _ = send.send((stuck, row));
        rest = after;
    }
}

/// One driver process; returns how many documents of `rest` it reported,
/// and how it ended.
fn run_driver(
    k: usize,
    list: &Path,
    rest: &[usize],
    docs: &[Document],
    layout: &Layout,
    driver: &Path,
    send: &mpsc::Sender<(usize, Row)>,
) -> Result<(usize, std::process::ExitStatus), String> {
    let stderr = std::fs::File::create(layout.lapsh.join(format!(".chunk-{k}.stderr")))
        .map_err(|e| format!("cannot write lapsh's stderr: {e}"))?;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -v "$1" 2>/dev/null; shift; exec "$@""#)
        .arg("sh")
        .arg(LAPSH_MEMORY_KB.to_string())
        .arg(&layout.python)
        .arg(driver)
        .arg(list)
        .arg(&layout.lapsh)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", layout.python.display()))?;
    let mut done = 0;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let Ok(json) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            let Some(&i) = rest.get(done) else { break };
            if json.get("name").and_then(Value::as_str) != Some(docs[i].name.as_str()) {
                continue;
            }
            let row = Row::from_json(&json);
            write_status(layout, &docs[i].name, &row);
            let _ = send.send((i, row));
            done += 1;
        }
    }
    let status = child.wait().map_err(|e| format!("lapsh driver: {e}"))?;
    Ok((done, status))
}

fn write_status(layout: &Layout, name: &str, row: &Row) {
    let json = serde_json::json!({
        "name": name,
        "ok": row.ok,
        "error": row.error,
        "seconds": row.seconds,
        "parse_seconds": row.parse_seconds,
    });
    let _ = std::fs::write(status_path(layout, name), json.to_string());
}

fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}
