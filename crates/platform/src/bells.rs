//! Bells: how a request wakes an area's background task without waiting for it. A
//! page writes, commits, rings the area's bell and answers; the task, waiting on the
//! bell, does the slow part (telling people, say) in batches. Rings while the task is
//! busy count as one, so a burst of writes is one pass, not one per write. A bell wakes
//! only this server's task: each server's state has its own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::Notify;

/// The bells of one server, by name (`"desk.tell"`).
#[derive(Default)]
pub struct Bells(Mutex<HashMap<&'static str, Arc<Notify>>>);

impl Bells {
    /// The bell called `name`, made the first time it is asked for.
    pub fn bell(&self, name: &'static str) -> Arc<Notify> {
        let mut bells = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(bells.entry(name).or_default())
    }

    /// Rings `name`: its task wakes now, or as soon as it next waits.
    pub fn ring(&self, name: &'static str) {
        self.bell(name).notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_ring_before_the_wait_is_kept_and_many_rings_wake_once() {
        let bells = Bells::default();
        bells.ring("a");
        bells.ring("a");
        let bell = bells.bell("a");
        tokio::time::timeout(std::time::Duration::from_secs(1), bell.notified())
            .await
            .expect("the kept ring wakes the task");
        let again =
            tokio::time::timeout(std::time::Duration::from_millis(50), bell.notified()).await;
        assert!(again.is_err(), "two rings before one wait are one wake");
        bells.ring("b");
        let other =
            tokio::time::timeout(std::time::Duration::from_millis(50), bell.notified()).await;
        assert!(other.is_err(), "another bell wakes another task");
    }
}
