//! Waking what follows the database when it changes: the search index and the page
//! cache follow the event log, job workers wait for jobs. On PostgreSQL every write of
//! an event or a job sends a notification on commit (`pg_notify`), and [`listen`]
//! hears them for this node, so a change made on any node is seen at once; polling
//! stays as the fallback (for the event log, slower while the listener is connected),
//! and is all there is on SQLite, where one process writes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::AnyConnection;
use sqlx::postgres::PgListener;
use tokio::sync::{Notify, watch};

use super::Db;

/// The channel events are announced on.
const EVENTS: &str = "soporte_events";
/// The channel jobs are announced on.
const JOBS: &str = "soporte_jobs";
/// How long a follower waits between looks while notifications wake it.
const LISTENING_POLL: Duration = Duration::from_secs(5);
/// How long before connecting again after the listener lost its connection.
const RECONNECT: Duration = Duration::from_secs(1);

/// What followers of this node wait on.
#[derive(Debug)]
pub struct Changes {
    /// Counts the notifications of new events; each follower keeps its own receiver,
    /// so news that comes while it works is not lost.
    log: watch::Sender<u64>,
    jobs: Notify,
    listening: AtomicBool,
}

impl Default for Changes {
    fn default() -> Changes {
        Changes {
            log: watch::Sender::new(0),
            jobs: Notify::new(),
            listening: AtomicBool::new(false),
        }
    }
}

/// A follower's ear for news of events.
pub struct EventNews(watch::Receiver<u64>);

impl Changes {
    /// An ear for news of events, for one follower.
    pub fn event_news(&self) -> EventNews {
        EventNews(self.log.subscribe())
    }

    /// Waits for news of an event not heard yet, at most `poll` (longer while
    /// notifications arrive).
    pub async fn wait_for_events(&self, news: &mut EventNews, poll: Duration) {
        let _ = tokio::time::timeout(self.pause(poll), news.0.changed()).await;
    }

    /// Waits for news of a job, at most `poll` (jobs also fall due by the clock, after
    /// a retry's back-off, which nothing announces).
    pub async fn wait_for_jobs(&self, poll: Duration) {
        let _ = tokio::time::timeout(poll, self.jobs.notified()).await;
    }

    /// Wakes this node's job workers (a job was queued here).
    pub fn jobs_queued(&self) {
        self.jobs.notify_waiters();
    }

    /// Whether notifications from the database are being heard.
    pub fn listening(&self) -> bool {
        self.listening.load(Ordering::SeqCst)
    }

    fn pause(&self, poll: Duration) -> Duration {
        if self.listening() {
            poll.max(LISTENING_POLL)
        } else {
            poll
        }
    }

    fn events_announced(&self) {
        self.log.send_modify(|count| *count = count.wrapping_add(1));
    }

    fn wake_all(&self) {
        self.events_announced();
        self.jobs.notify_waiters();
    }
}

/// Announces, on commit of the caller's transaction, that an event was written.
pub async fn announce_event(connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
    announce(connection, EVENTS).await
}

/// Announces, on commit of the caller's transaction, that a job was queued.
pub async fn announce_job(connection: &mut AnyConnection) -> Result<(), sqlx::Error> {
    announce(connection, JOBS).await
}

async fn announce(connection: &mut AnyConnection, channel: &str) -> Result<(), sqlx::Error> {
    if connection.backend_name() == "PostgreSQL" {
        // Delivered at commit; identical ones in a transaction are sent once.
        sqlx::query("SELECT pg_notify($1, '')")
            .bind(channel)
            .execute(connection)
            .await?;
    }
    Ok(())
}

/// Hears the database's notifications for this node until `stop` turns true; on
/// SQLite it returns at once.
pub async fn listen(db: Db, mut stop: watch::Receiver<bool>) {
    let Some(url) = db.postgres_url.clone() else {
        return;
    };
    let changes = db.changes.clone();
    loop {
        match PgListener::connect(&url).await {
            Ok(mut listener) => match listener.listen_all([EVENTS, JOBS]).await {
                Ok(()) => {
                    changes.listening.store(true, Ordering::SeqCst);
                    // Whatever happened while no one listened is looked at now.
                    changes.wake_all();
                    loop {
                        tokio::select! {
                            heard = listener.recv() => match heard {
                                Ok(notification) if notification.channel() == JOBS => {
                                    changes.jobs.notify_waiters();
                                }
                                Ok(_) => changes.events_announced(),
                                Err(error) => {
                                    tracing::warn!(%error, "lost the database's notifications");
                                    break;
                                }
                            },
                            _ = stop.wait_for(|stop| *stop) => return,
                        }
                    }
                }
                Err(error) => tracing::warn!(%error, "cannot listen to the database"),
            },
            Err(error) => tracing::warn!(%error, "cannot connect to hear the database"),
        }
        changes.listening.store(false, Ordering::SeqCst);
        tokio::select! {
            _ = tokio::time::sleep(RECONNECT) => {}
            _ = stop.wait_for(|stop| *stop) => return,
        }
    }
}
