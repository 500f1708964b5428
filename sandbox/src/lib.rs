//! A local, stateful stand-in for PayPal's Customer Disputes API.
//!
//! PayPal's own sandbox is remote and needs accounts; mock servers answer
//! without state. This one keeps disputes in memory (or in a state file),
//! applies PayPal's documented rules to every action, and can inject the
//! failures a real network has, so clients can be tested end to end on
//! 127.0.0.1.
//!
//! ```no_run
//! # async fn run() -> Result<(), sandbox::StartError> {
//! let sandbox = sandbox::Sandbox::start(sandbox::Config::default().seed(7).disputes(500)).await?;
//! let client = disputes_api::Client::builder()
//!     .base_url(sandbox.url())
//!     .credentials(sandbox.seller().client_id(), sandbox.seller().secret())
//!     .build();
//! # drop(client);
//! sandbox.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! The rules live in `domain::rules` (which action in which status and stage)
//! and `transitions` (what each action does, and what passing time does);
//! seed data in `seed`; the HTTP side in `http`; the world, with its
//! clock, in `state`.

#![deny(missing_docs)]

pub mod config;
mod domain;
mod http;
mod state;

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};

pub use config::{ClockStart, Config, ConfigError, Credentials, Faults, UploadLimits};
pub use domain::action::Action;
pub use domain::fixtures;
pub use domain::model::{DisputeRecord, Party, Status};
pub use domain::rule_table::markdown as rules_markdown;
pub use domain::scenario::{Scenario, ScenarioError};
pub use http::app::AdvanceError;
pub use state::clock::ClockError;
pub use state::counters::Counters;
pub use state::persist::PersistError;

use domain::seed;
use http::app::App;
use http::{auth, faults, server};
use state::clock::Clock;
use state::persist;
use state::store::World;

/// The sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The configuration is not usable.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The system's reason (in use, no permission).
        source: std::io::Error,
    },
    /// The state file could not be read or written.
    #[error(transparent)]
    State(#[from] PersistError),
}

/// A running sandbox. It stops when dropped, or with [`Sandbox::shutdown`].
#[derive(Debug)]
pub struct Sandbox {
    app: Arc<App>,
    url: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Sandbox {
    /// Starts on 127.0.0.1 at a port the system picks.
    pub async fn start(config: Config) -> Result<Sandbox, StartError> {
        Sandbox::bind(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    /// Starts on `addr`.
    ///
    /// With a state file, an existing file is loaded (its disputes replace
    /// the seed data) and a missing one is created from the seed data.
    pub async fn bind(addr: SocketAddr, config: Config) -> Result<Sandbox, StartError> {
        config.validate()?;
        let loaded = match &config.state_file {
            Some(path) => persist::load(path)?,
            None => None,
        };
        let fresh = loaded.is_none();
        let clock = Clock::start(config.clock);
        let world = match loaded {
            Some(snapshot) => snapshot.into_world(clock),
            None => {
                let now = config.seed_time.unwrap_or_else(|| clock.now());
                let mut disputes = seed::generate(config.seed, config.disputes, now);
                for (n, scenario) in config.scenarios.iter().enumerate() {
                    disputes.push(seed::scenario(
                        config.seed,
                        config.disputes + n,
                        now,
                        *scenario,
                    ));
                }
                World::new(disputes, clock)
            }
        };
        if let (Some(path), true) = (&config.state_file, fresh) {
            persist::write_atomically(path, &persist::encode(&world))?;
        }
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        let local = listener
            .local_addr()
            .map_err(|source| StartError::Bind { addr, source })?;
        let app = Arc::new(App {
            persister: config.state_file.clone().map(persist::Persister::new),
            changes: tokio::sync::Mutex::new(()),
            faults: faults::FaultInjector::new(config.faults.clone()),
            tokens: auth::Tokens::default(),
            world: RwLock::new(world),
            local,
            config,
        });
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let router = server::router(app.clone());
        let task = tokio::spawn(server::serve(listener, router, async {
            let _ = rx.await;
        }));
        Ok(Sandbox {
            app,
            url: format!("http://{local}"),
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// The base URL, such as `http://127.0.0.1:41234`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.app.local
    }

    /// The merchant's credentials.
    pub fn seller(&self) -> &Credentials {
        &self.app.config.seller
    }

    /// The customer's credentials.
    pub fn buyer(&self) -> &Credentials {
        &self.app.config.buyer
    }

    /// What was applied, replayed, refused and injected so far.
    pub fn counters(&self) -> Counters {
        self.app.counters()
    }

    /// The IDs of the disputes created from [`Config::scenario`], in the
    /// order given.
    pub fn scenario_ids(&self) -> Vec<String> {
        let first = self.app.config.disputes;
        (first..first + self.app.config.scenarios.len())
            .map(seed::dispute_id)
            .collect()
    }

    /// Every dispute ID, in list order (newest first).
    pub fn dispute_ids(&self) -> Vec<String> {
        self.app.read().ids()
    }

    /// A copy of a dispute as it stands at the sandbox's now (what fell
    /// due since the last call is worked out on the copy, as the next call
    /// will).
    pub fn dispute(&self, id: &str) -> Option<DisputeRecord> {
        let world = self.app.read();
        let mut dispute = world.get(id).cloned()?;
        domain::transitions::pass_time(&mut dispute, world.now());
        Some(dispute)
    }

    /// What time it is in the sandbox (see [`Sandbox::advance_clock`]).
    pub fn now(&self) -> DateTime<Utc> {
        self.app.read().now()
    }

    /// Moves the sandbox clock `by` on, as `POST /sandbox/clock` does:
    /// every response deadline and delayed settlement that falls due by the
    /// new time happens now, dated at its due instant, and the state file
    /// holds it before it is visible. Answers the new time.
    pub async fn advance_clock(
        &self,
        by: std::time::Duration,
    ) -> Result<DateTime<Utc>, AdvanceError> {
        self.app.advance_clock(by).await
    }

    /// Replaces the injected faults while running.
    pub fn set_faults(&self, faults: Faults) -> Result<(), ConfigError> {
        self.app.faults.set(faults)
    }

    /// Forgets every issued token, as when PayPal revokes them.
    pub fn revoke_tokens(&self) {
        self.app.tokens.revoke_all();
    }

    /// Stops accepting, closes open connections and waits for the server.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
