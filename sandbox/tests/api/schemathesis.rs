//! `.ci/schemathesis.toml` pins one seeded dispute per operation, chosen
//! for its state; this checks each pin still has the state its `# state:`
//! line says, in the sandbox `.ci/run` starts.

use std::path::Path;

use sandbox::{Action, Config};

use crate::Api;

/// One `[[operations]]` entry.
#[derive(Debug)]
struct Pin {
    /// `include-name`, such as `POST /v1/customer/disputes/{id}/escalate`.
    operation: String,
    /// The pinned dispute ID.
    id: String,
    /// The `key=value` pairs of the `# state:` line above it.
    state: Vec<(String, String)>,
}

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The quoted value of `key = "..."`, also inside `{ key = "..." }`.
fn quoted<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.split_once(key)?.1.trim_start().strip_prefix('=')?;
    let rest = rest.trim_start().strip_prefix('"')?;
    rest.split_once('"').map(|(value, _)| value)
}

/// The pins, from the few line shapes the file uses.
fn pins(toml: &str) -> Vec<Pin> {
    let mut pins: Vec<Pin> = Vec::new();
    let mut state = None;
    for line in toml.lines().map(str::trim) {
        if let Some(pairs) = line.strip_prefix("# state:") {
            state = Some(
                pairs
                    .split_whitespace()
                    .map(|pair| {
                        let (key, value) = pair
                            .split_once('=')
                            .unwrap_or_else(|| panic!("`{pair}` is not key=value"));
                        (key.to_owned(), value.to_owned())
                    })
                    .collect(),
            );
        } else if line == "[[operations]]" {
            pins.push(Pin {
                operation: String::new(),
                id: String::new(),
                state: state.take().unwrap_or_default(),
            });
        } else if let Some(pin) = pins.last_mut() {
            if let Some(name) = quoted(line, "include-name") {
                pin.operation = name.to_owned();
            } else if let Some(id) = quoted(line, "id") {
                pin.id = id.to_owned();
            }
        }
    }
    pins
}

/// `--seed` and `--disputes` of the sandbox `.ci/run` starts.
fn ci_sandbox(run: &str) -> (u64, usize) {
    let line = run
        .lines()
        .find(|l| l.trim_start().starts_with("target/debug/sandbox "))
        .expect(".ci/run starts target/debug/sandbox");
    let words: Vec<&str> = line.split_whitespace().collect();
    let flag = |name: &str| {
        let at = words.iter().position(|w| *w == name);
        at.and_then(|i| words.get(i + 1))
            .unwrap_or_else(|| panic!(".ci/run passes no {name}"))
            .to_string()
    };
    (
        flag("--seed").parse().expect("a seed"),
        flag("--disputes").parse().expect("a count"),
    )
}

/// The action an operation performs, by method and path template.
fn action_of(operation: &str) -> Option<Action> {
    let (method, path) = operation.split_once(' ')?;
    Action::ALL
        .iter()
        .copied()
        .find(|a| a.method() == method && a.path("{id}") == path)
}

#[tokio::test]
async fn every_dispute_schemathesis_pins_is_in_the_state_its_comment_says() {
    let pins = pins(&read(".ci/schemathesis.toml"));
    let (seed, disputes) = ci_sandbox(&read(".ci/run"));
    assert!(pins.len() >= 14, "{pins:?}");
    let api = Api::start(Config::default().seed(seed).disputes(disputes)).await;
    for pin in &pins {
        assert!(
            !pin.state.is_empty(),
            "{}: no `# state:` line",
            pin.operation
        );
        let shown = api.show(&pin.id, &api.seller).await;
        assert!(
            shown.status.is_success(),
            "{}: {} not found",
            pin.operation,
            pin.id
        );
        let dispute = &shown.body;
        for (key, want) in &pin.state {
            let field = |name: &str| dispute[name].as_str().unwrap_or_default().to_owned();
            let got = match key.as_str() {
                "reason" => field("reason"),
                "stage" => field("dispute_life_cycle_stage"),
                "status" => field("status"),
                "action" => {
                    let action = action_of(&pin.operation).unwrap_or_else(|| {
                        panic!(
                            "{}: `action=` on an operation that is no action",
                            pin.operation
                        )
                    });
                    let offered = dispute["links"]
                        .as_array()
                        .is_some_and(|l| l.iter().any(|l| l["rel"] == action.as_str()));
                    if offered { "allowed" } else { "refused" }.to_owned()
                }
                other => panic!("{}: unknown state key `{other}`", pin.operation),
            };
            assert_eq!(
                &got, want,
                "{} pins {}, whose {key} is no longer {want}",
                pin.operation, pin.id
            );
        }
    }
    // Every endpoint on one dispute is pinned.
    let pinned: Vec<&str> = pins.iter().map(|p| p.operation.as_str()).collect();
    for action in Action::ALL {
        let operation = format!("{} {}", action.method(), action.path("{id}"));
        assert!(
            pinned.contains(&operation.as_str()),
            "{operation} is not pinned"
        );
    }
}
