//! The job queue: each job runs exactly once across many workers and nodes; failed
//! jobs retry; work in hand finishes on shutdown.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use soporte_platform::area::Parts;
use soporte_platform::jobs::{Handlers, Job, JobError, JobFuture, JobHandler, Queue, Workers};
use soporte_platform::metrics::Metrics;
use tokio::sync::{Notify, watch};

use crate::both;
use crate::support::{Backend, TestDb, TestServer, eventually};

/// Counts how many times each job ran.
#[derive(Clone, Default)]
struct Tally(Arc<Mutex<HashMap<i64, u32>>>);

impl JobHandler for Tally {
    fn kind(&self) -> &'static str {
        "test.tally"
    }

    fn run<'a>(&'a self, job: &'a Job) -> JobFuture<'a, Result<(), JobError>> {
        Box::pin(async move {
            *self.0.lock().unwrap().entry(job.id).or_default() += 1;
            // Hold the job a moment so that claims overlap.
            tokio::time::sleep(Duration::from_millis(2)).await;
            Ok(())
        })
    }
}

async fn each_job_runs_exactly_once_across_nodes(backend: Backend) {
    const JOBS: i64 = 300;
    const NODES: usize = 3;
    const WORKERS_PER_NODE: u16 = 4;
    let test_db = TestDb::new(backend).await;
    let first = test_db.open().await;
    let queue = Queue::new(first.clone(), 3);
    let mut tx = first.pool().begin().await.unwrap();
    for n in 0..JOBS {
        queue.enqueue(&mut tx, "test.tally", &n).await.unwrap();
    }
    tx.commit().await.unwrap();

    // Each "node" has its own pool, as separate processes would.
    let tally = Tally::default();
    let (stop, stopped) = watch::channel(false);
    let mut pools = Vec::new();
    let mut sets = Vec::new();
    for _ in 0..NODES {
        let db = test_db.open().await;
        let workers = Workers::new(
            Queue::new(db.clone(), 3),
            Handlers::default().with(tally.clone()),
            Arc::new(Metrics::default()),
            Duration::from_millis(100),
        );
        sets.push(workers.spawn(WORKERS_PER_NODE, stopped.clone()));
        pools.push(db);
    }
    eventually(Duration::from_secs(60), "every job to finish", || async {
        let done: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE state = 'done'")
            .fetch_one(first.pool())
            .await
            .unwrap();
        (done == JOBS).then_some(())
    })
    .await;
    stop.send(true).unwrap();
    for mut set in sets {
        while set.join_next().await.is_some() {}
    }
    let runs = tally.0.lock().unwrap().clone();
    assert_eq!(runs.len() as i64, JOBS, "every job ran");
    let twice: Vec<_> = runs.iter().filter(|(_, count)| **count != 1).collect();
    assert!(twice.is_empty(), "jobs ran more than once: {twice:?}");
    let attempts: i64 = sqlx::query_scalar("SELECT MAX(attempts) FROM jobs")
        .fetch_one(first.pool())
        .await
        .unwrap();
    assert_eq!(attempts, 1);
    for db in pools {
        db.close().await;
    }
    first.close().await;
}
both!(each_job_runs_exactly_once_across_nodes);

/// Fails the first two runs, then succeeds; notes when each run began.
#[derive(Clone, Default)]
struct Flaky(Arc<Mutex<Vec<std::time::Instant>>>);

impl JobHandler for Flaky {
    fn kind(&self) -> &'static str {
        "test.flaky"
    }

    fn run<'a>(&'a self, _job: &'a Job) -> JobFuture<'a, Result<(), JobError>> {
        Box::pin(async move {
            let mut runs = self.0.lock().unwrap();
            runs.push(std::time::Instant::now());
            let count = runs.len();
            if count <= 2 {
                Err(JobError(format!("failure number {count}")))
            } else {
                Ok(())
            }
        })
    }
}

/// Says when it has started, and finishes only when let go: a shutdown is sure to
/// catch it in flight.
struct Slow {
    started: Arc<Notify>,
    release: Arc<Notify>,
}

impl JobHandler for Slow {
    fn kind(&self) -> &'static str {
        "test.slow"
    }

    fn run<'a>(&'a self, _job: &'a Job) -> JobFuture<'a, Result<(), JobError>> {
        Box::pin(async move {
            self.started.notify_one();
            self.release.notified().await;
            Ok(())
        })
    }
}

async fn job_state(app: &TestServer, id: i64) -> (String, i64, Option<String>) {
    sqlx::query_as("SELECT state, attempts, last_error FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_one(app.state().db.pool())
        .await
        .unwrap()
}

async fn enqueue(app: &TestServer, kind: &str) -> i64 {
    let queue = &app.state().queue;
    let mut tx = app.state().db.pool().begin().await.unwrap();
    let id = queue.enqueue(&mut tx, kind, &()).await.unwrap();
    tx.commit().await.unwrap();
    queue.wake();
    id
}

async fn failed_jobs_retry_with_back_off(backend: Backend) {
    let flaky = Flaky::default();
    let areas = Parts {
        handlers: Handlers::default().with(flaky.clone()),
        ..Parts::default()
    };
    let mut app = TestServer::start_with(backend, |_| {}, areas).await;
    let id = enqueue(&app, "test.flaky").await;
    let (state, attempts, error) =
        eventually(Duration::from_secs(20), "the third attempt", || async {
            let row = job_state(&app, id).await;
            (row.0 == "done").then_some(row)
        })
        .await;
    assert_eq!((state.as_str(), attempts, error), ("done", 3, None));
    // The retries waited: the base (200 ms in tests), then twice that.
    let runs = flaky.0.lock().unwrap().clone();
    let gaps: Vec<Duration> = runs.windows(2).map(|pair| pair[1] - pair[0]).collect();
    assert!(
        gaps.len() == 2
            && gaps[0] >= Duration::from_millis(195)
            && gaps[1] >= Duration::from_millis(395),
        "{gaps:?}"
    );

    let metrics = app.metrics().await;
    assert!(
        metrics.contains(r#"soporte_jobs_total{kind="test.flaky",outcome="retried"} 2"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"soporte_jobs_total{kind="test.flaky",outcome="done"} 1"#),
        "{metrics}"
    );
    app.stop().await;
}
both!(failed_jobs_retry_with_back_off);

async fn a_job_with_no_handler_is_kept_and_given_up_with_its_error(backend: Backend) {
    let mut app = TestServer::start_with(
        backend,
        |s| s.set(&soporte_platform::config::JOB_MAX_ATTEMPTS, "2"),
        Parts::default(),
    )
    .await;
    let id = enqueue(&app, "test.unknown").await;
    let (_, attempts, error) = eventually(
        Duration::from_secs(20),
        "the job to be given up",
        || async {
            let row = job_state(&app, id).await;
            (row.0 == "dead").then_some(row)
        },
    )
    .await;
    assert_eq!(attempts, 2);
    assert!(error.unwrap().contains("no handler"));
    app.stop().await;
}
both!(a_job_with_no_handler_is_kept_and_given_up_with_its_error);

async fn shutdown_finishes_the_job_in_hand(backend: Backend) {
    let (started, release) = (Arc::new(Notify::new()), Arc::new(Notify::new()));
    let slow = Slow {
        started: started.clone(),
        release: release.clone(),
    };
    let areas = Parts {
        handlers: Handlers::default().with(slow),
        ..Parts::default()
    };
    let mut app = TestServer::start_with(backend, |_| {}, areas).await;
    let id = enqueue(&app, "test.slow").await;
    tokio::time::timeout(Duration::from_secs(10), started.notified())
        .await
        .expect("the slow job to start");
    let db = app.db.open().await;
    // The stop is asked for while the job runs; only then is the job let go.
    app.server.as_ref().unwrap().stop();
    assert_eq!(job_state(&app, id).await.0, "running");
    release.notify_one();
    app.stop().await;
    let state: String = sqlx::query_scalar("SELECT state FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(state, "done");
    db.close().await;
}
both!(shutdown_finishes_the_job_in_hand);

/// Panics, like a handler with a bug.
struct Panicky;

impl JobHandler for Panicky {
    fn kind(&self) -> &'static str {
        "test.panicky"
    }

    fn run<'a>(&'a self, _job: &'a Job) -> JobFuture<'a, Result<(), JobError>> {
        Box::pin(async move {
            let empty: Vec<u8> = Vec::new();
            let _ = empty[7];
            Ok(())
        })
    }
}

async fn a_panicking_handler_fails_its_job_and_the_workers_live_on(backend: Backend) {
    let areas = Parts {
        handlers: Handlers::default().with(Panicky).with(Tally::default()),
        ..Parts::default()
    };
    let mut app = TestServer::start_with(
        backend,
        |s| s.set(&soporte_platform::config::JOB_MAX_ATTEMPTS, "2"),
        areas,
    )
    .await;
    let id = enqueue(&app, "test.panicky").await;
    let (_, attempts, error) = eventually(
        Duration::from_secs(20),
        "the panicking job to be given up",
        || async {
            let row = job_state(&app, id).await;
            (row.0 == "dead").then_some(row)
        },
    )
    .await;
    assert_eq!(attempts, 2);
    assert!(error.unwrap().contains("panicked"));
    // The workers still work.
    let next = enqueue(&app, "test.tally").await;
    eventually(Duration::from_secs(20), "another job to run", || async {
        (job_state(&app, next).await.0 == "done").then_some(())
    })
    .await;
    app.stop().await;
}
both!(a_panicking_handler_fails_its_job_and_the_workers_live_on);

/// Does nothing, at once.
struct Quick;

impl JobHandler for Quick {
    fn kind(&self) -> &'static str {
        "test.quick"
    }

    fn run<'a>(&'a self, _job: &'a Job) -> JobFuture<'a, Result<(), JobError>> {
        Box::pin(async { Ok(()) })
    }
}

/// Finished jobs are forgotten after the time they are kept; given-up ones stay.
async fn done_jobs_are_purged_after_they_are_kept(backend: Backend) {
    let areas = Parts {
        handlers: Handlers::default().with(Quick),
        ..Parts::default()
    };
    let tweak = |settings: &mut soporte_platform::config::Settings| {
        settings.set(&soporte_platform::config::JOB_KEEP_DONE_MS, "300");
        settings.set(&soporte_platform::config::JOB_MAX_ATTEMPTS, "1");
    };
    let mut app = TestServer::start_with(backend, tweak, areas).await;
    let done = enqueue(&app, "test.quick").await;
    let dead = enqueue(&app, "test.unknown").await;
    // Only a finished job is purged: once gone, it was done.
    eventually(
        Duration::from_secs(10),
        "the done job to be purged",
        || async {
            let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE id = $1")
                .bind(done)
                .fetch_one(app.state().db.pool())
                .await
                .unwrap();
            (left == 0).then_some(())
        },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(
        job_state(&app, dead).await.0,
        "dead",
        "given-up jobs are kept"
    );
    app.stop().await;
}
both!(done_jobs_are_purged_after_they_are_kept);
