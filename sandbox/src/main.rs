//! `cargo run -p sandbox -- --port 8080 --seed 7 --disputes 500`: the
//! sandbox as a program. Every flag is in `--help` and the README.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use sandbox::{ClockStart, Config, Credentials, Faults, Sandbox, Scenario, UploadLimits};

/// A local, stateful PayPal Customer Disputes sandbox.
#[derive(Debug, Parser)]
#[command(name = "sandbox", version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Seed of the generated disputes.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// How many disputes to generate.
    #[arg(long, default_value_t = 100)]
    disputes: usize,
    /// Keep state in this JSON file (loaded if it exists, written after
    /// every change by write-then-rename).
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// The merchant's client ID.
    #[arg(long, default_value = "sandbox-merchant")]
    client_id: String,
    /// The merchant's secret [default: $SANDBOX_CLIENT_SECRET, else the
    /// README's sandbox-merchant-secret]. Prefer the variable: flags show
    /// in process lists.
    #[arg(long)]
    client_secret: Option<String>,
    /// The customer's client ID (accept and deny offers as the buyer).
    #[arg(long, default_value = "sandbox-customer")]
    buyer_client_id: String,
    /// The customer's secret [default: $SANDBOX_BUYER_CLIENT_SECRET, else
    /// the README's sandbox-customer-secret].
    #[arg(long)]
    buyer_client_secret: Option<String>,
    /// Seconds a token lives (`expires_in`).
    #[arg(long, default_value_t = 32_400)]
    token_ttl: u64,
    /// Use the integration guide's older upload limits (5 MB per file,
    /// 10 MB per call) instead of 10 MB and 50 MB.
    #[arg(long)]
    legacy_upload_limits: bool,
    /// Fraction of dispute calls answered 429 (with Retry-After).
    #[arg(long, default_value_t = 0.0)]
    fault_429: f64,
    /// Fraction answered 500.
    #[arg(long, default_value_t = 0.0)]
    fault_500: f64,
    /// Fraction answered 503 (with Retry-After).
    #[arg(long, default_value_t = 0.0)]
    fault_503: f64,
    /// Fraction whose connection is dropped without an answer.
    #[arg(long, default_value_t = 0.0)]
    fault_drop: f64,
    /// Added latency in milliseconds: `MS` or `MIN-MAX`.
    #[arg(long, value_name = "MS[-MS]", value_parser = parse_latency)]
    latency_ms: Option<(Duration, Duration)>,
    /// Seconds sent in Retry-After.
    #[arg(long, default_value_t = 1)]
    retry_after: u64,
    /// Seed of the fault dice.
    #[arg(long, default_value_t = 0)]
    fault_seed: u64,
    /// Also create a dispute in this state, after the seeded ones: STATUS/STAGE/REASON
    /// with PayPal's names, e.g.
    /// WAITING_FOR_SELLER_RESPONSE/CHARGEBACK/MERCHANDISE_OR_SERVICE_NOT_RECEIVED.
    /// Repeat for more; their IDs are logged at start.
    #[arg(long, value_name = "STATUS/STAGE/REASON")]
    scenario: Vec<Scenario>,
    /// The sandbox clock: `real` (real time, advanced by POST /sandbox/clock),
    /// or `frozen:2026-01-01T00:00:00Z` (stopped there; only advances move it).
    /// A state file that holds a clock keeps its own.
    #[arg(long, value_name = "real|frozen:INSTANT", default_value = "real")]
    clock: ClockStart,
    /// Accept-offer answers 202 and the dispute settles this many seconds of
    /// sandbox time later (PayPal's delayed money movement); 200 at once when absent.
    #[arg(long, value_name = "SECONDS")]
    accept_offer_delay: Option<u64>,
}

fn parse_latency(text: &str) -> Result<(Duration, Duration), String> {
    let ms = |s: &str| {
        s.trim()
            .parse::<u64>()
            .map(Duration::from_millis)
            .map_err(|_| format!("`{s}` is not a number of milliseconds"))
    };
    match text.split_once('-') {
        Some((low, high)) => Ok((ms(low)?, ms(high)?)),
        None => {
            let fixed = ms(text)?;
            Ok((fixed, fixed))
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let defaults = Config::default();
    // The flag, else the variable, else the README's default.
    let secret = |flag: Option<String>, variable: &str, default: &Credentials| {
        flag.or_else(|| std::env::var(variable).ok())
            .unwrap_or_else(|| default.secret().to_owned())
    };
    let config = Config {
        seller: Credentials::new(
            args.client_id,
            secret(
                args.client_secret,
                "SANDBOX_CLIENT_SECRET",
                &defaults.seller,
            ),
        ),
        buyer: Credentials::new(
            args.buyer_client_id,
            secret(
                args.buyer_client_secret,
                "SANDBOX_BUYER_CLIENT_SECRET",
                &defaults.buyer,
            ),
        ),
        token_ttl: Duration::from_secs(args.token_ttl),
        seed: args.seed,
        disputes: args.disputes,
        seed_time: None,
        upload_limits: if args.legacy_upload_limits {
            UploadLimits::legacy()
        } else {
            UploadLimits::default()
        },
        scenarios: args.scenario,
        faults: Faults {
            rate_limited: args.fault_429,
            internal_error: args.fault_500,
            unavailable: args.fault_503,
            dropped: args.fault_drop,
            latency: args.latency_ms,
            retry_after: args.retry_after,
            seed: args.fault_seed,
        },
        clock: args.clock,
        accept_offer_delay: args.accept_offer_delay.map(Duration::from_secs),
        state_file: args.state,
    };
    let sandbox = match Sandbox::bind(SocketAddr::new(args.host, args.port), config).await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("sandbox: {error}");
            return ExitCode::from(2);
        }
    };
    // The one line scripts wait for; the secret is never printed.
    println!(
        "sandbox listening on {} (merchant client id {}, customer client id {}, {} disputes)",
        sandbox.url(),
        sandbox.seller().client_id(),
        sandbox.buyer().client_id(),
        sandbox.dispute_ids().len()
    );
    for id in sandbox.scenario_ids() {
        if let Some(dispute) = sandbox.dispute(&id) {
            println!(
                "scenario {id}: {}/{}/{}",
                dispute.status, dispute.stage, dispute.reason
            );
        }
    }
    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("sandbox: cannot wait for Ctrl-C; stopping");
    }
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
