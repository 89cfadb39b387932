//! Background jobs: a table of work to do later (mail, chat messages, escalations,
//! webhooks) with retries and back-off. A job is claimed by exactly one worker at a
//! time (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite serializes writers); a claim is
//! a lease, so a job whose worker died is picked up again when the lease runs out.

pub mod retry;
mod worker;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use sqlx::AnyConnection;
use tokio::sync::Notify;

use crate::storage::{Backend, Db, now_ms};

pub use worker::{Handlers, Workers};

/// A future returned by a [`JobHandler`].
pub type JobFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A claimed job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    /// This run's number, starting at 1.
    pub attempt: u32,
    pub max_attempts: u32,
}

/// Why a run failed; the text is kept on the job for operators.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct JobError(pub String);

impl JobError {
    pub fn new(error: impl std::fmt::Display) -> JobError {
        JobError(error.to_string())
    }
}

/// Runs the jobs of one kind.
pub trait JobHandler: Send + Sync + 'static {
    /// The kind this handler runs, such as `mail.send`.
    fn kind(&self) -> &'static str;

    /// Does the work. An error schedules a retry, until the attempts run out.
    fn run<'a>(&'a self, job: &'a Job) -> JobFuture<'a, Result<(), JobError>>;

    /// Called once when the job will not be tried again.
    fn gave_up<'a>(&'a self, _job: &'a Job, _error: &'a str) -> JobFuture<'a, ()> {
        Box::pin(async {})
    }
}

/// Purges finished jobs (see [`Queue::purge_done`]) now and then until `stop`: as
/// often as half the time they are kept, at most hourly.
pub async fn purge_done(
    queue: Queue,
    kept: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let every = (kept / 2).clamp(Duration::from_millis(100), Duration::from_secs(60 * 60));
    loop {
        match queue.purge_done(kept).await {
            Ok(0) => {}
            Ok(purged) => tracing::debug!(purged, "finished jobs purged"),
            Err(error) => tracing::warn!(%error, "cannot purge finished jobs"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.wait_for(|stop| *stop) => return,
        }
    }
}

/// States a job row goes through.
pub mod state {
    pub const QUEUED: &str = "queued";
    pub const RUNNING: &str = "running";
    pub const DONE: &str = "done";
    pub const DEAD: &str = "dead";
}

/// The queue: adds jobs and hands them to workers.
#[derive(Clone, Debug)]
pub struct Queue {
    db: Db,
    max_attempts: u32,
    wake: Arc<Notify>,
}

impl Queue {
    pub fn new(db: Db, max_attempts: u32) -> Queue {
        Queue {
            db,
            max_attempts,
            wake: Arc::new(Notify::new()),
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Adds a job on `connection`, inside the caller's transaction so the job exists
    /// exactly when the write that asked for it does. Call [`Queue::wake`] after commit.
    pub async fn enqueue<P: Serialize>(
        &self,
        connection: &mut AnyConnection,
        kind: &str,
        payload: &P,
    ) -> Result<i64, sqlx::Error> {
        let payload =
            serde_json::to_string(payload).map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
        let now = now_ms();
        crate::storage::changes::announce_job(connection).await?;
        sqlx::query_scalar(
            "INSERT INTO jobs (kind, payload, state, attempts, max_attempts, run_at, created_at) \
             VALUES ($1, $2, $3, 0, $4, $5, $5) RETURNING id",
        )
        .bind(kind)
        .bind(payload)
        .bind(state::QUEUED)
        .bind(i64::from(self.max_attempts))
        .bind(now)
        .fetch_one(connection)
        .await
    }

    /// Tells idle workers of this process that a job is waiting.
    pub fn wake(&self) {
        self.wake.notify_waiters();
    }

    /// Waits for a job queued by this process, or announced by the database, or at
    /// most `idle` (longer while the database's notifications are heard).
    pub(crate) async fn wait_for_work(&self, idle: Duration) {
        tokio::select! {
            _ = self.wake.notified() => {}
            _ = self.db.changes().wait_for_jobs(idle) => {}
        }
    }

    /// Claims the next due job for `worker`, or a job whose lease ran out, for `lease`.
    pub async fn claim(&self, worker: &str, lease: Duration) -> Result<Option<Job>, sqlx::Error> {
        let skip_locked = match self.db.backend() {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let now = now_ms();
        let lease_ms = i64::try_from(lease.as_millis()).unwrap_or(i64::MAX);
        let sql = format!(
            "UPDATE jobs SET state = $1, attempts = attempts + 1, locked_by = $2, locked_until = $3 \
             WHERE id = (SELECT id FROM jobs \
                         WHERE (state = $4 AND run_at <= $5) OR (state = $1 AND locked_until < $5) \
                         ORDER BY run_at, id LIMIT 1{skip_locked}) \
             RETURNING id, kind, payload, attempts, max_attempts"
        );
        let row: Option<(i64, String, String, i64, i64)> = sqlx::query_as(&sql)
            .bind(state::RUNNING)
            .bind(worker)
            .bind(now.saturating_add(lease_ms))
            .bind(state::QUEUED)
            .bind(now)
            .fetch_optional(self.db.writes())
            .await?;
        Ok(row.map(|(id, kind, payload, attempts, max_attempts)| Job {
            id,
            kind,
            payload,
            attempt: u32::try_from(attempts).unwrap_or(u32::MAX),
            max_attempts: u32::try_from(max_attempts).unwrap_or(u32::MAX),
        }))
    }

    /// Marks a job done. Returns false when `worker` no longer held it.
    pub async fn complete(&self, job: &Job, worker: &str) -> Result<bool, sqlx::Error> {
        let result = sqlx::query(
            "UPDATE jobs SET state = $1, finished_at = $2, locked_by = NULL, locked_until = NULL, \
             last_error = NULL WHERE id = $3 AND locked_by = $4",
        )
        .bind(state::DONE)
        .bind(now_ms())
        .bind(job.id)
        .bind(worker)
        .execute(self.db.writes())
        .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Puts a failed job back in the queue to run after `delay`.
    pub async fn retry_later(
        &self,
        job: &Job,
        worker: &str,
        delay: Duration,
        error: &str,
    ) -> Result<bool, sqlx::Error> {
        let delay_ms = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
        let result = sqlx::query(
            "UPDATE jobs SET state = $1, run_at = $2, locked_by = NULL, locked_until = NULL, \
             last_error = $3 WHERE id = $4 AND locked_by = $5",
        )
        .bind(state::QUEUED)
        .bind(now_ms().saturating_add(delay_ms))
        .bind(error)
        .bind(job.id)
        .bind(worker)
        .execute(self.db.writes())
        .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Forgets jobs that finished well more than `kept` ago; returns how many. Given-up
    /// jobs stay, with their errors, for operators to read.
    pub async fn purge_done(&self, kept: Duration) -> Result<u64, sqlx::Error> {
        let kept_ms = i64::try_from(kept.as_millis()).unwrap_or(i64::MAX);
        let result = sqlx::query("DELETE FROM jobs WHERE state = $1 AND finished_at < $2")
            .bind(state::DONE)
            .bind(now_ms().saturating_sub(kept_ms))
            .execute(self.db.writes())
            .await?;
        Ok(result.rows_affected())
    }

    /// Gives a job up for good, keeping its last error.
    pub async fn bury(&self, job: &Job, worker: &str, error: &str) -> Result<bool, sqlx::Error> {
        let result = sqlx::query(
            "UPDATE jobs SET state = $1, finished_at = $2, locked_by = NULL, locked_until = NULL, \
             last_error = $3 WHERE id = $4 AND locked_by = $5",
        )
        .bind(state::DEAD)
        .bind(now_ms())
        .bind(error)
        .bind(job.id)
        .bind(worker)
        .execute(self.db.writes())
        .await?;
        Ok(result.rows_affected() == 1)
    }
}
