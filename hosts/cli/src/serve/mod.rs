//! `hall serve`: the policies' components behind an HTTP API that a portal in any language
//! calls — evaluate, batches streamed both ways, descriptions, an OpenAPI document, health,
//! Prometheus metrics, a decision log, bearer tokens, reload without loss and graceful
//! shutdown. Evaluation itself is the component's, so the service answers the same bytes as
//! `hall eval --format json`.

pub mod access;
pub mod api_error;
mod batch_route;
pub mod clock;
pub mod decision_log;
pub mod docs_page;
pub mod halls;
pub mod metrics;
pub mod openapi;
mod routes;
mod warm;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use tokio::sync::{Notify, Semaphore};

use crate::component_host::Limits;
use access::Tokens;
use clock::Clock;
use decision_log::DecisionLog;
use hallpolicy_runtime::message::say;
use hallpolicy_runtime::Lang;
use halls::{Halls, LoadError};
use metrics::Metrics;

/// How a service runs.
pub struct Config {
    /// Rule files and folders of them.
    pub sources: Vec<PathBuf>,
    pub addr: SocketAddr,
    pub limits: Limits,
    /// Evaluations that run at once (at most 64, the instance pool's size).
    pub workers: usize,
    /// Requests that may wait for a worker before the service answers 503.
    pub queue: usize,
    pub tokens: Tokens,
    pub admin_tokens: Tokens,
    pub decision_log: Option<DecisionLog>,
    pub clock: Arc<dyn Clock>,
}

/// What every request shares.
pub struct Service {
    halls: RwLock<Arc<Halls>>,
    files: Vec<PathBuf>,
    sources: Vec<PathBuf>,
    limits: Limits,
    waiting: Arc<Semaphore>,
    running: Arc<Semaphore>,
    tokens: Tokens,
    admin_tokens: Tokens,
    decision_log: Option<DecisionLog>,
    clock: Arc<dyn Clock>,
    metrics: Metrics,
}

impl Service {
    /// The halls served now.
    pub fn halls(&self) -> Arc<Halls> {
        match self.halls.read() {
            Ok(halls) => halls.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

/// Why a service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
}

/// A service started in this process: where it listens, and how to stop it.
pub struct Running {
    pub addr: SocketAddr,
    pub service: Arc<Service>,
    stop: Arc<Notify>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops taking connections, lets requests in flight finish, and waits for them.
    pub async fn shutdown(self) -> std::io::Result<()> {
        self.stop.notify_one();
        self.task.await.unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }

    /// Waits until the service stops (a signal, or [`Running::shutdown`] elsewhere).
    pub async fn wait(self) -> std::io::Result<()> {
        self.task.await.unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }
}

/// Loads the policies, binds, and serves in the background of the current runtime.
pub async fn start(config: Config) -> Result<Running, StartError> {
    let files = halls::rule_files(&config.sources)?;
    let limits = config.limits;
    let loading = files.clone();
    let loaded = tokio::task::spawn_blocking(move || halls::load_all(&loading, limits))
        .await
        .map_err(|e| LoadError {
            path: String::new(),
            reason: e.to_string(),
        })??;
    let workers = config.workers.clamp(1, 64);
    let service = Arc::new(Service {
        halls: RwLock::new(Arc::new(loaded)),
        files,
        sources: config.sources,
        limits,
        waiting: Arc::new(Semaphore::new(workers + config.queue)),
        running: Arc::new(Semaphore::new(workers)),
        tokens: config.tokens,
        admin_tokens: config.admin_tokens,
        decision_log: config.decision_log,
        clock: config.clock,
        metrics: Metrics::default(),
    });
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind {
        addr: config.addr,
        source,
    })?;
    let stop = Arc::new(Notify::new());
    let app = routes::router(service.clone());
    let stopped = stop.clone();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move { stopped.notified().await })
            .await
    });
    Ok(Running {
        addr,
        service,
        stop,
        task,
    })
}

/// Stops the service on SIGTERM or Ctrl-C and reloads it on SIGHUP, until it stops.
pub async fn handle_signals(running: &Running, lang: Lang) {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut terminate), Ok(mut hangup)) = (signal(SignalKind::terminate()), signal(SignalKind::hangup())) else {
        return;
    };
    loop {
        tokio::select! {
            _ = terminate.recv() => break,
            _ = tokio::signal::ctrl_c() => break,
            _ = hangup.recv() => {
                let report = routes::reload(running.service.clone()).await;
                let report = serde_json::to_string(&report).unwrap_or_default();
                eprintln!("{}", say(lang, "service-reloaded", &[("report", &report)]));
            }
        }
    }
    eprintln!("{}", say(lang, "service-stopping", &[]));
    running.stop.notify_one();
}

/// One line a hall: its id, name, version and hash.
pub fn hall_lines(halls: &Halls, lang: Lang) -> Vec<String> {
    halls
        .by_id
        .values()
        .map(|h| {
            let d = &h.description;
            let hash = &d.policy_hash[..12];
            let args = [
                ("hall", h.id.as_str()),
                ("name", &d.hall),
                ("version", &d.policy_version),
                ("hash", hash),
            ];
            say(lang, "service-hall-line", &args)
        })
        .collect()
}

/// Runs `hall serve` until a signal stops it; its lines on stderr, the decision log's among
/// them, are in `lang`.
pub fn run(mut config: Config, lang: Lang) -> Result<(), crate::command_error::CommandError> {
    if let Some(log) = &mut config.decision_log {
        log.lang = lang;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::command_error::CommandError::Serve(e.to_string()))?;
    runtime.block_on(async move {
        let open = !config.tokens.required() && !config.addr.ip().is_loopback();
        let running = start(config)
            .await
            .map_err(|e| crate::command_error::CommandError::Serve(e.to_string()))?;
        let url = format!("http://{}", running.addr);
        eprintln!("{}", say(lang, "service-listening", &[("url", &url)]));
        for line in hall_lines(&running.service.halls(), lang) {
            eprintln!("{line}");
        }
        if open {
            eprintln!("{}", say(lang, "service-open-warning", &[]));
        }
        handle_signals(&running, lang).await;
        running
            .wait()
            .await
            .map_err(|e| crate::command_error::CommandError::Serve(e.to_string()))
    })
}
