//! Per-request overhead of the client against a hand-written reqwest +
//! serde_json call of the same request to the same loopback server, and
//! peak memory while streaming disputes.
//!
//! `cargo bench -p disputes-api --bench client_overhead` runs the latency
//! comparison (`BENCH_ROUNDS` rounds of 500 calls each, default 20;
//! `BENCH_RAW_SAME_HEADERS=1` gives the hand-written call our user agent, so
//! both send the same headers; `BENCH_RAW_TUNED=1` gives it ours' reqwest settings,
//! no retry copy and no proxy matching; `BENCH_RAW_NO_TIMEOUT=1` takes its
//! timeouts away);
//! `... -- ours-only` / `theirs-only` make `BENCH_N` calls of one side (for
//! `valgrind --tool=callgrind`); `... -- sizes` prints future sizes;
//! `... -- stream N` streams N disputes and prints peak RSS (run it for
//! several N: flat means constant memory).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::extract::{Path, Query};
use axum::response::IntoResponse;
use disputes_api::{Client, DisputeFilter, types};
use futures_util::TryStreamExt as _;

const DISPUTE: &str = include_str!("../../tests/fixtures/payloads/show_dispute_details.json");

async fn serve(total: usize) -> String {
    let app = axum::Router::new()
        .route(
            "/v1/oauth2/token",
            axum::routing::post(|| async {
                (
                    [("content-type", "application/json")],
                    r#"{"access_token":"bench-token","token_type":"Bearer","expires_in":32400}"#,
                )
            }),
        )
        .route(
            "/v1/customer/disputes/{id}",
            axum::routing::get(|Path(_id): Path<String>| async {
                ([("content-type", "application/json")], DISPUTE)
            }),
        )
        .route(
            "/v1/customer/disputes",
            axum::routing::get(move |q: Query<ListQuery>| list(q, total)),
        );
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[derive(serde::Deserialize)]
struct ListQuery {
    next_page_token: Option<String>,
    page_size: Option<usize>,
}

async fn list(Query(q): Query<ListQuery>, total: usize) -> impl IntoResponse {
    let size = q.page_size.unwrap_or(10);
    let offset: usize = q
        .next_page_token
        .as_deref()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let end = (offset + size).min(total);
    let items: Vec<serde_json::Value> = (offset..end)
        .map(|i| serde_json::json!({
            "dispute_id": format!("PP-D-{i}"),
            "create_time": "2024-01-02T03:04:05.000Z",
            "reason": "MERCHANDISE_OR_SERVICE_NOT_RECEIVED",
            "status": "WAITING_FOR_SELLER_RESPONSE",
            "dispute_amount": { "currency_code": "USD", "value": "12.34" },
            "links": [{ "href": format!("https://api-m.sandbox.paypal.com/v1/customer/disputes/PP-D-{i}"), "rel": "self", "method": "GET" }]
        }))
        .collect();
    let mut links = Vec::new();
    if end < total {
        links.push(serde_json::json!({
            "href": format!("https://api-m.sandbox.paypal.com/v1/customer/disputes?page_size={size}&next_page_token={end}"),
            "rel": "next", "method": "GET"
        }));
    }
    (
        [("content-type", "application/json")],
        serde_json::json!({ "items": items, "links": links }).to_string(),
    )
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .credentials("bench", "bench-secret")
        .build()
        .expect("client")
}

/// The hand-written side's client, with the timeouts ours has by default.
/// With `BENCH_RAW_SAME_HEADERS=1` it also sends the header ours sends and
/// a minimal hand-written call need not: our `User-Agent` (a default header,
/// as in ours).
fn raw_client() -> reqwest::Client {
    let builder = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10));
    let builder = match std::env::var_os("BENCH_RAW_SAME_HEADERS") {
        Some(_) => builder.user_agent(concat!("disputes-api-rust/", env!("CARGO_PKG_VERSION"))),
        None => builder,
    };
    // With `BENCH_RAW_TUNED=1` it also gets the two per-request savings
    // ours configures: no copy of every request for reqwest's own retries,
    // no proxy matching (no proxy variable is set where this runs).
    let builder = match std::env::var_os("BENCH_RAW_TUNED") {
        Some(_) => builder
            .retry(reqwest::retry::never().max_retries_per_request(0))
            .no_proxy(),
        None => builder,
    };
    builder.build().expect("reqwest client")
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

async fn latency(rounds: usize, per_round: usize) {
    let url = serve(0).await;
    let client = client(&url);
    // The hand-written client gets the settings a production caller gives
    // it, the same as ours: a request timeout and a connect timeout. (A
    // request timeout costs a timer per request; without one the
    // comparison would measure that, not the client.)
    let raw = match std::env::var("BENCH_RAW_NO_TIMEOUT") {
        Ok(_) => reqwest::Client::new(),
        Err(_) => raw_client(),
    };
    // Warm both: connections, the token.
    for _ in 0..200 {
        client
            .show_dispute_details()
            .id("PP-D-1")
            .send()
            .await
            .expect("ours");
        hand_written(&raw, &url).await;
    }
    let mut ours = Vec::with_capacity(rounds * per_round);
    let mut theirs = Vec::with_capacity(rounds * per_round);
    // (ours, hand-written) time of each round.
    let mut pairs = Vec::with_capacity(rounds);
    // Interleaved rounds, so drift in the machine hits both alike; the
    // side that goes first alternates, so neither always follows the other.
    for round in 0..rounds {
        let pair = if round % 2 == 0 {
            let o = ours_round(&client, per_round, &mut ours).await;
            (o, theirs_round(&raw, &url, per_round, &mut theirs).await)
        } else {
            let t = theirs_round(&raw, &url, per_round, &mut theirs).await;
            (ours_round(&client, per_round, &mut ours).await, t)
        };
        pairs.push(pair);
    }
    let n = (rounds * per_round) as f64;
    let (m_ours, m_theirs) = (median(&mut ours), median(&mut theirs));
    let ours_total: Duration = pairs.iter().map(|p| p.0).sum();
    let theirs_total: Duration = pairs.iter().map(|p| p.1).sum();
    let (rps_ours, rps_theirs) = (n / ours_total.as_secs_f64(), n / theirs_total.as_secs_f64());
    // A pause of the machine (this one is a shared 2-core VM) lands in one
    // side's round and moves the totals; the median of the rounds' own
    // ratios is the estimate such a pause does not move.
    let mut round_ratios: Vec<f64> = pairs
        .iter()
        .map(|(o, t)| o.as_secs_f64() / t.as_secs_f64())
        .collect();
    round_ratios.sort_by(f64::total_cmp);
    if std::env::var_os("BENCH_PRINT_ROUNDS").is_some() {
        for (i, (o, t)) in pairs.iter().enumerate() {
            println!("round {i}: ours {o:?}, hand-written {t:?}");
        }
    }
    println!(
        "show_dispute_details, token cached, {n} requests each, interleaved in {rounds} rounds"
    );
    println!("| client | median latency | requests/s |");
    println!("|---|---|---|");
    println!("| disputes-api | {m_ours:?} | {rps_ours:.0} |");
    println!("| reqwest + serde_json by hand | {m_theirs:?} | {rps_theirs:.0} |");
    println!(
        "| ratio (ours / hand-written) | {:.3}x | {:.3}x slower |",
        m_ours.as_secs_f64() / m_theirs.as_secs_f64(),
        rps_theirs / rps_ours
    );
    println!(
        "| ratio, median of the {rounds} paired rounds | | {:.3}x slower |",
        round_ratios[round_ratios.len() / 2]
    );
}

/// `calls` calls of ours, each one's latency pushed to `samples`; returns
/// the round's time.
async fn ours_round(client: &Client, calls: usize, samples: &mut Vec<Duration>) -> Duration {
    let round = Instant::now();
    for _ in 0..calls {
        let t = Instant::now();
        let dispute = client
            .show_dispute_details()
            .id("PP-D-1")
            .send()
            .await
            .expect("ours");
        std::hint::black_box(&dispute);
        samples.push(t.elapsed());
    }
    round.elapsed()
}

/// The same for the hand-written call.
async fn theirs_round(
    raw: &reqwest::Client,
    url: &str,
    calls: usize,
    samples: &mut Vec<Duration>,
) -> Duration {
    let round = Instant::now();
    for _ in 0..calls {
        let t = Instant::now();
        let dispute = hand_written(raw, url).await;
        std::hint::black_box(&dispute);
        // Measured like ours: until the dispute is in hand, before it is
        // dropped (the round times include the drops of both).
        samples.push(t.elapsed());
    }
    round.elapsed()
}

/// The same request as a merchant would write it without this crate.
async fn hand_written(http: &reqwest::Client, base: &str) -> types::Dispute {
    let response = http
        .get(format!("{base}/v1/customer/disputes/PP-D-1"))
        .bearer_auth("bench-token")
        .header("accept", "application/json")
        .send()
        .await
        .expect("send");
    let bytes = response.bytes().await.expect("body");
    serde_json::from_slice(&bytes).expect("decode")
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

async fn stream(count: usize) {
    let url = serve(count).await;
    let client = client(&url);
    let started = Instant::now();
    let before = peak_rss_kib();
    let mut disputes = client
        .disputes(DisputeFilter::new().page_size(50))
        .expect("filter");
    let mut seen = 0usize;
    while let Some(summary) = disputes.try_next().await.expect("page") {
        std::hint::black_box(&summary);
        seen += 1;
    }
    assert_eq!(seen, count, "every dispute streamed");
    println!(
        "| {count} | {:.2} s | {} KiB | {} KiB |",
        started.elapsed().as_secs_f64(),
        before,
        peak_rss_kib()
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("stream") => {
            let count = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(100_000);
            stream(count).await;
        }
        Some("ours-only") => {
            let url = serve(0).await;
            let client = client(&url);
            let n: usize = std::env::var("BENCH_N")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(50_000);
            for _ in 0..n {
                let dispute = client
                    .show_dispute_details()
                    .id("PP-D-1")
                    .send()
                    .await
                    .expect("ours");
                std::hint::black_box(&dispute);
            }
        }
        Some("sizes") => {
            let client = Client::builder()
                .base_url("http://127.0.0.1:9")
                .credentials("bench", "bench-secret")
                .build()
                .expect("client");
            let ours = client.show_dispute_details().id("PP-D-1").send();
            let raw = reqwest::Client::new();
            let theirs = hand_written(&raw, "http://127.0.0.1:9");
            println!(
                "future sizes: ours {} bytes, hand-written {} bytes; types::Dispute {} bytes",
                std::mem::size_of_val(&ours),
                std::mem::size_of_val(&theirs),
                std::mem::size_of::<types::Dispute>()
            );
        }
        Some("theirs-only") => {
            let url = serve(0).await;
            let raw = raw_client();
            let n: usize = std::env::var("BENCH_N")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(50_000);
            for _ in 0..n {
                std::hint::black_box(hand_written(&raw, &url).await);
            }
        }
        _ => {
            // More rounds (`BENCH_ROUNDS`) steady the medians on a busy machine.
            let rounds = std::env::var("BENCH_ROUNDS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(20);
            latency(rounds, 500).await
        }
    }
}
