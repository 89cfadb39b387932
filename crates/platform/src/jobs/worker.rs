//! The worker pool `serve` starts: each worker claims a job, runs its handler, records
//! the outcome, and waits for more; on shutdown it finishes the job in hand and stops.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tokio::task::JoinSet;

use super::retry::{AfterFailure, after_failure};
use super::{Job, JobError, JobHandler, Queue};
use crate::metrics::{JobOutcome, Metrics};

/// How long a claim lasts. A handler is stopped well before (`RUN_LIMIT`), so no
/// other worker can take a job whose handler is still running.
const LEASE: Duration = Duration::from_secs(5 * 60);
/// The longest a handler may run.
const RUN_LIMIT: Duration = Duration::from_secs(4 * 60);
/// How long an idle worker waits before looking again (a local enqueue wakes it).
const IDLE_POLL: Duration = Duration::from_millis(500);
/// How long to wait after the database refused a claim.
const ERROR_PAUSE: Duration = Duration::from_secs(2);

/// The handlers of every job kind, by kind.
#[derive(Clone, Default)]
pub struct Handlers(HashMap<&'static str, Arc<dyn JobHandler>>);

impl Handlers {
    pub fn with(mut self, handler: impl JobHandler) -> Handlers {
        self.0.insert(handler.kind(), Arc::new(handler));
        self
    }

    /// Both sets of handlers (`other` wins on a shared kind).
    pub fn merge(mut self, other: Handlers) -> Handlers {
        self.0.extend(other.0);
        self
    }

    fn get(&self, kind: &str) -> Option<&Arc<dyn JobHandler>> {
        self.0.get(kind)
    }
}

/// A pool of workers over one queue.
#[derive(Clone)]
pub struct Workers {
    queue: Queue,
    handlers: Handlers,
    metrics: Arc<Metrics>,
    retry_base: Duration,
}

static NEXT_WORKER: AtomicU64 = AtomicU64::new(1);

impl Workers {
    pub fn new(
        queue: Queue,
        handlers: Handlers,
        metrics: Arc<Metrics>,
        retry_base: Duration,
    ) -> Workers {
        Workers {
            queue,
            handlers,
            metrics,
            retry_base,
        }
    }

    /// Starts `count` workers that run until `shutdown` turns true.
    pub fn spawn(&self, count: u16, shutdown: watch::Receiver<bool>) -> JoinSet<()> {
        let mut set = JoinSet::new();
        for _ in 0..count {
            let name = format!(
                "{}-{}",
                std::process::id(),
                NEXT_WORKER.fetch_add(1, Ordering::Relaxed)
            );
            let workers = self.clone();
            let shutdown = shutdown.clone();
            set.spawn(async move { workers.work(name, shutdown).await });
        }
        set
    }

    async fn work(self, name: String, mut shutdown: watch::Receiver<bool>) {
        tracing::debug!(worker = %name, "job worker started");
        while !*shutdown.borrow() {
            match self.queue.claim(&name, LEASE).await {
                Ok(Some(job)) => self.run(&name, job).await,
                Ok(None) => {
                    tokio::select! {
                        _ = self.queue.wait_for_work(IDLE_POLL) => {}
                        _ = shutdown.changed() => {}
                    }
                }
                Err(error) => {
                    tracing::warn!(worker = %name, %error, "cannot claim a job");
                    tokio::select! {
                        _ = tokio::time::sleep(ERROR_PAUSE) => {}
                        _ = shutdown.changed() => {}
                    }
                }
            }
        }
        tracing::debug!(worker = %name, "job worker stopped");
    }

    /// Runs one claimed job to its outcome. Never returns early: a job in hand is
    /// finished even while the process is shutting down.
    pub async fn run(&self, worker: &str, job: Job) {
        let started = Instant::now();
        let result = if job.attempt > job.max_attempts {
            // Claimed again after its lease ran out more times than allowed: the process
            // keeps dying on it, so it is given up rather than retried forever.
            Err(JobError(
                "the worker running it stopped; attempts exhausted".to_owned(),
            ))
        } else {
            match self.handlers.get(&job.kind) {
                Some(handler) => run_isolated(handler.clone(), job.clone()).await,
                None => Err(JobError(format!("no handler for job kind {}", job.kind))),
            }
        };
        let outcome = match result {
            Ok(()) => {
                self.record(self.queue.complete(&job, worker).await, &job);
                JobOutcome::Done
            }
            Err(error) => {
                let message = error.to_string();
                match after_failure(
                    job.attempt.min(job.max_attempts),
                    job.max_attempts,
                    self.retry_base,
                ) {
                    AfterFailure::RetryIn(delay) => {
                        tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempt,
                            retry_in_ms = delay.as_millis() as u64, error = %message, "job failed; will retry");
                        self.record(
                            self.queue.retry_later(&job, worker, delay, &message).await,
                            &job,
                        );
                        JobOutcome::Retried
                    }
                    AfterFailure::GiveUp => {
                        tracing::error!(job = job.id, kind = %job.kind, attempt = job.attempt,
                            error = %message, "job failed for the last time");
                        self.record(self.queue.bury(&job, worker, &message).await, &job);
                        if let Some(handler) = self.handlers.get(&job.kind) {
                            handler.gave_up(&job, &message).await;
                        }
                        JobOutcome::GaveUp
                    }
                }
            }
        };
        self.metrics
            .record_job(&job.kind, outcome, started.elapsed());
    }

    fn record(&self, result: Result<bool, sqlx::Error>, job: &Job) {
        match result {
            Ok(true) => {}
            Ok(false) => tracing::warn!(job = job.id, "job lease was lost before it finished"),
            Err(error) => tracing::error!(job = job.id, %error, "cannot record a job's outcome"),
        }
    }
}

/// Runs a handler in its own task, so that a panic or an overlong run becomes a failed
/// attempt instead of a dead worker.
async fn run_isolated(handler: Arc<dyn JobHandler>, job: Job) -> Result<(), JobError> {
    let task =
        tokio::spawn(async move { tokio::time::timeout(RUN_LIMIT, handler.run(&job)).await });
    match task.await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(JobError(format!(
            "timed out after {} s",
            RUN_LIMIT.as_secs()
        ))),
        Err(error) if error.is_panic() => Err(JobError("the handler panicked".to_owned())),
        Err(error) => Err(JobError(error.to_string())),
    }
}
