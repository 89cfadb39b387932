//! Starting and stopping the whole server: database, job workers and HTTP listener,
//! with a graceful stop that lets in-flight requests and jobs finish.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

use crate::area::{Parts, Site};
use crate::config::Config;
use crate::i18n::I18n;
use crate::jobs::{Queue, Workers};
use crate::mail::SendMail;
use crate::metrics::Metrics;
use crate::sealing::SealingKeys;
use crate::secrets::{KeyError, ServerKey};
use crate::storage::Db;
use crate::web::{self, AppState};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server key: {0}")]
    Key(#[from] KeyError),
    #[error("SMTP settings: {0}")]
    Mail(#[from] lettre::transport::smtp::Error),
    #[error("secrets: {0}")]
    Sealing(#[from] crate::sealing::SealingError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// A long-running task an area starts with the server (such as the search index
/// following the event log). It gets the database and the stop signal, and should
/// return soon after the signal turns `true`.
pub type Task =
    Box<dyn FnOnce(Db, watch::Receiver<bool>) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// A running server.
pub struct Server {
    local_addr: SocketAddr,
    state: AppState,
    stop: watch::Sender<bool>,
    http: JoinHandle<std::io::Result<()>>,
    workers: JoinSet<()>,
}

impl Server {
    /// Starts the job workers and listens, over a database that is already open and
    /// migrated ([`Db::open`]), with the areas of `site` and their `parts` (what
    /// [`Site::parts`] gave, perhaps with more).
    pub async fn start(
        config: Config,
        db: Db,
        i18n: Arc<I18n>,
        site: Site,
        parts: Parts,
    ) -> Result<Server, StartError> {
        let listener = TcpListener::bind(config.bind)
            .await
            .map_err(|source| StartError::Bind {
                addr: config.bind,
                source,
            })?;
        let local_addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: config.bind,
            source,
        })?;
        let mut config = config;
        if config.base_url.port() == Some(0) {
            // Bound to "any free port": links must name the port actually chosen.
            let _ = config.base_url.set_port(Some(local_addr.port()));
        }
        let config = Arc::new(config);
        let metrics = Arc::new(Metrics::default());
        let queue = Queue::new(db.clone(), config.jobs.max_attempts);
        let mail = SendMail::new(db.clone(), config.mail_from.clone(), config.smtp.as_ref())?;
        if config.smtp.is_none() {
            tracing::warn!(
                "no SMTP server configured: outgoing mail is kept in the database and the log"
            );
        }
        let key = ServerKey::load(&db).await?;
        let sealing = Arc::new(SealingKeys::load(&config.secrets_file)?);
        let sealed = crate::accounts::seal_secrets(&db, &sealing).await?;
        if sealed > 0 {
            tracing::info!(sealed, "secrets kept in the clear are now sealed");
        }
        let task_db = db.clone();
        let state = AppState::new(
            config.clone(),
            db,
            queue.clone(),
            i18n,
            metrics.clone(),
            (key, sealing),
            (site, parts.finder),
        );
        let mut handlers = parts
            .handlers
            .with(mail)
            .with(crate::accounts::MailResetLinks {
                state: state.clone(),
            });
        let mut tasks = parts.tasks;
        for area in state.site.areas() {
            let running = area.running(&state);
            handlers = handlers.merge(running.handlers);
            tasks.extend(running.tasks);
        }
        let workers = Workers::new(queue, handlers, metrics, config.jobs.retry_base);
        let app = web::router(state.clone(), parts.routes);

        let (stop, stopped) = watch::channel(false);
        let mut workers = workers.spawn(config.jobs.workers.get(), stopped.clone());
        workers.spawn(crate::jobs::purge_done(
            state.queue.clone(),
            config.jobs.keep_done,
            stopped.clone(),
        ));
        workers.spawn(crate::storage::changes::listen(
            task_db.clone(),
            stopped.clone(),
        ));
        workers.spawn(crate::web::cache::follow(
            state.pages.clone(),
            task_db.clone(),
            stopped.clone(),
        ));
        for task in tasks {
            workers.spawn(task(task_db.clone(), stopped.clone()));
        }
        let http_stopped = stopped;
        let limits = config.http.clone();
        let http = tokio::spawn(crate::http::serve(listener, app, limits, http_stopped));
        tracing::info!(addr = %local_addr, "listening");
        Ok(Server {
            local_addr,
            state,
            stop,
            http,
            workers,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Asks the server to stop: no new connections or jobs; work in hand finishes.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// Waits until every request and job in flight has finished, or the grace period
    /// ([`HttpLimits::shutdown_grace`](crate::config::HttpLimits)) has passed, then
    /// closes the pool. A job cut short is run again later: its claim runs out.
    pub async fn wait(mut self) -> std::io::Result<()> {
        let deadline = tokio::time::Instant::now() + self.state.config.http.shutdown_grace;
        let served = match self.http.await {
            Ok(result) => result,
            Err(error) => Err(std::io::Error::other(error)),
        };
        let finished = tokio::time::timeout_at(deadline, async {
            while self.workers.join_next().await.is_some() {}
        })
        .await;
        if finished.is_err() {
            tracing::warn!(
                left = self.workers.len(),
                "stopping the jobs and tasks still running after the grace period"
            );
            self.workers.shutdown().await;
        }
        self.state.db.close().await;
        tracing::info!("stopped");
        served
    }
}
