//! Group commit: writes of one kind that arrive together share one transaction.
//!
//! Under load, what a small write costs is mostly its transaction (beginning it,
//! committing it, waiting for the writer's turn on SQLite) and its round trips to the
//! database, not the rows. A kind of write that implements [`Grouped`] is queued by
//! [`Db::together`]; one task per kind drains the queue, writes everything queued in
//! one transaction (with multi-row statements where the kind can use them), and answers
//! each caller. Alone, a write goes through at once; while one batch is written, the
//! next gathers. The writing task is spawned, so a caller that goes away (a client
//! that hangs up) never cuts a batch short for the others.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use sqlx::AnyConnection;
use tokio::sync::oneshot;

use super::Db;

/// The most items written in one transaction; the rest wait for the next.
pub const BATCH_MAX: usize = 64;

/// A kind of write that can share a transaction with others of its kind.
pub trait Grouped: Sized + Send + Sync + 'static {
    type Output: Send + 'static;
    type Error: From<sqlx::Error> + Send + 'static;

    /// Writes `items` on `connection`, inside one transaction, and answers each, in
    /// their order. An item answered with an error must have written nothing. An `Err`
    /// of the whole (the database failed) rolls the transaction back; each item is
    /// then written again alone, so one item's failure never sinks the others.
    fn write_all(
        connection: &mut AnyConnection,
        items: &[Self],
    ) -> impl Future<Output = Result<Vec<Answer<Self>>, sqlx::Error>> + Send;
}

/// What one item of a grouped write is answered.
pub type Answer<G> = Result<<G as Grouped>::Output, <G as Grouped>::Error>;

/// The queue of one kind of write.
struct Queue<G: Grouped> {
    waiting: Mutex<Vec<(G, oneshot::Sender<Answer<G>>)>>,
    /// Whether a task is draining the queue.
    draining: AtomicBool,
}

/// Every kind's queue, by type.
#[derive(Default)]
pub(super) struct Queues(Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl std::fmt::Debug for Queues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Queues")
    }
}

impl Queues {
    fn of<G: Grouped>(&self) -> Arc<Queue<G>> {
        let mut queues = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let queue = queues.entry(TypeId::of::<G>()).or_insert_with(|| {
            Arc::new(Queue::<G> {
                waiting: Mutex::new(Vec::new()),
                draining: AtomicBool::new(false),
            })
        });
        match Arc::clone(queue).downcast::<Queue<G>>() {
            Ok(queue) => queue,
            // Keyed by the type itself: another type cannot be there.
            Err(_) => unreachable!("a queue is kept under its own type"),
        }
    }
}

impl Db {
    /// Writes `item` in a transaction shared with the others of its kind that arrive
    /// meanwhile, and answers when it is committed (see the module's documentation).
    pub async fn together<G: Grouped>(&self, item: G) -> Result<G::Output, G::Error> {
        let queue = self.queues.of::<G>();
        let (answer, answered) = oneshot::channel();
        queue
            .waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((item, answer));
        if !queue.draining.swap(true, Ordering::AcqRel) {
            tokio::spawn(drain(self.clone(), queue));
        }
        match answered.await {
            Ok(answer) => answer,
            // The writing task died (a panic): nothing of this item was committed.
            Err(_) => Err(G::Error::from(sqlx::Error::WorkerCrashed)),
        }
    }
}

impl<G: Grouped> Queue<G> {
    fn take(&self, most: usize) -> Vec<(G, oneshot::Sender<Answer<G>>)> {
        let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        let take = waiting.len().min(most);
        waiting.drain(..take).collect()
    }

    fn is_empty(&self) -> bool {
        self.waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_empty()
    }
}

/// The task draining a queue. If it ends by a panic, its callers are answered with an
/// error (their answers are dropped) and another task takes on what is still queued.
struct Draining<G: Grouped> {
    db: Db,
    queue: Arc<Queue<G>>,
    /// Whether this task still holds the queue's `draining` flag.
    holds: bool,
}

impl<G: Grouped> Drop for Draining<G> {
    fn drop(&mut self) {
        if self.holds {
            self.queue.draining.store(false, Ordering::Release);
            // Not when the runtime itself is going away.
            if let Ok(runtime) = tokio::runtime::Handle::try_current()
                && !self.queue.is_empty()
                && !self.queue.draining.swap(true, Ordering::AcqRel)
            {
                runtime.spawn(drain(self.db.clone(), Arc::clone(&self.queue)));
            }
        }
    }
}

async fn drain<G: Grouped>(db: Db, queue: Arc<Queue<G>>) {
    let mut draining = Draining {
        db,
        queue,
        holds: true,
    };
    loop {
        let batch = draining.queue.take(BATCH_MAX);
        if batch.is_empty() {
            draining.queue.draining.store(false, Ordering::Release);
            // An item queued after the queue was found empty but before the flag fell
            // saw it raised and spawned no one: take it on.
            if !draining.queue.is_empty() && !draining.queue.draining.swap(true, Ordering::AcqRel) {
                continue;
            }
            draining.holds = false;
            return;
        }
        let (items, answers): (Vec<G>, Vec<_>) = batch.into_iter().unzip();
        let db = &draining.db;
        let answered = match write(db, &items).await {
            Ok(answered) => answered,
            Err(_) if items.len() > 1 => {
                let mut answered = Vec::with_capacity(items.len());
                for item in items.chunks(1) {
                    answered.push(match write(db, item).await {
                        Ok(mut one) => one.pop().unwrap_or_else(|| Err(lost())),
                        Err(error) => Err(G::Error::from(error)),
                    });
                }
                answered
            }
            Err(error) => vec![Err(G::Error::from(error))],
        };
        let mut answered = answered.into_iter();
        for answer in answers {
            // A caller that went away no longer listens; what it asked is written.
            let _ = answer.send(answered.next().unwrap_or_else(|| Err(lost())));
        }
    }
}

/// An answer a kind's `write_all` failed to give.
fn lost<E: From<sqlx::Error>>() -> E {
    E::from(sqlx::Error::Protocol(
        "a grouped write answered fewer items than it was given".to_owned(),
    ))
}

/// Writes one batch in its own transaction.
async fn write<G: Grouped>(db: &Db, items: &[G]) -> Result<Vec<Answer<G>>, sqlx::Error> {
    let mut tx = db.write().await?;
    let answered = G::write_all(&mut tx, items).await?;
    if answered.len() != items.len() {
        return Err(sqlx::Error::Protocol(
            "a grouped write answered a different number of items".to_owned(),
        ));
    }
    tx.commit().await?;
    Ok(answered)
}
