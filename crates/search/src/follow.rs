//! Keeping the index true to the database: a full rebuild from every source, and a
//! follower that reads the event log and re-indexes each thing an event names.
//!
//! On PostgreSQL, transactions can commit out of id order: an event with a lower id
//! may appear after a higher one was read. So the position saved with the index only
//! moves past events older than [`SETTLE_MS`]; newer ones are applied as they are
//! seen and remembered, and read again until they settle. Applying is idempotent: it
//! indexes the thing as it is now.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use soporte_platform::events;
use soporte_platform::storage::{Db, now_ms};
use tokio::sync::watch;

use crate::Search;
use crate::index::{Change, SearchError, SearchIndex};
use soporte_platform::searchable::Source;

/// How long a transaction may take to commit after writing its event.
pub const SETTLE_MS: i64 = 5_000;
/// Events read per step.
const BATCH: i64 = 500;
/// Things read per page during a rebuild.
const PAGE: i64 = 500;
/// Memory for a rebuild's writer.
const REBUILD_BUDGET: usize = 64_000_000;
/// How often an idle follower looks for new events.
const IDLE: Duration = Duration::from_millis(200);
/// How long the follower waits after a failure (the database or the disk).
const AFTER_FAILURE: Duration = Duration::from_secs(2);

/// The sources of searchable things, by the prefix of their subjects.
pub(crate) struct Sources(pub(crate) Vec<Arc<dyn Source>>);

impl Sources {
    fn by_prefix(&self, prefix: &str) -> Option<&dyn Source> {
        self.0
            .iter()
            .find(|source| source.prefix() == prefix)
            .map(|source| source.as_ref())
    }
}

/// The last event old enough to have settled: where a rebuild starting now stands.
async fn settled_position(db: &Db) -> Result<i64, sqlx::Error> {
    let position: Option<i64> =
        sqlx::query_scalar("SELECT CAST(MAX(id) AS BIGINT) FROM events WHERE at <= $1")
            .bind(now_ms() - SETTLE_MS)
            .fetch_one(db.pool())
            .await?;
    Ok(position.unwrap_or(0))
}

/// Rebuilds the index from every source; `progress` hears (done, total) after each
/// page. Returns how many documents were indexed.
pub(crate) async fn rebuild(
    index: &Arc<SearchIndex>,
    sources: &Sources,
    db: &Db,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<u64, SearchError> {
    let position = settled_position(db).await?;
    let mut total = 0;
    for source in &sources.0 {
        total += source.count(db).await?;
    }
    let mut writer = index.writer(REBUILD_BUDGET)?;
    index.clear(&writer)?;
    let (mut done, mut indexed) = (0, 0);
    progress(done, total);
    for source in &sources.0 {
        let mut after = 0;
        loop {
            let page = source.page(db, after, PAGE).await?;
            let Some((last, _)) = page.last() else { break };
            after = *last;
            for (_, document) in page {
                done += 1;
                if let Some(document) = document {
                    index.stage(&writer, &Change::Upsert(document))?;
                    indexed += 1;
                }
            }
            progress(done.min(total), total);
        }
    }
    let index = index.clone();
    tokio::task::spawn_blocking(move || index.commit(&mut writer, position)).await??;
    progress(total, total);
    Ok(indexed)
}

/// Follows the event log until `stop`; builds the index first when it is new, and
/// reads the synonyms again whenever staff change them.
pub(crate) async fn follow(search: Arc<Search>, db: Db, mut stop: watch::Receiver<bool>) {
    let mut seen = BTreeSet::new();
    let mut news = db.changes().event_news();
    let mut synonyms_read = false;
    loop {
        if *stop.borrow() {
            return;
        }
        if !synonyms_read {
            match search.reload_synonyms(&db).await {
                Ok(()) => synonyms_read = true,
                Err(error) => tracing::warn!(%error, "cannot read the search synonyms"),
            }
        }
        let pause = match step(&search, &db, &mut seen).await {
            Ok(step) => {
                synonyms_read &= !step.synonyms_changed;
                if step.more || step.synonyms_changed {
                    continue;
                }
                IDLE
            }
            Err(error) => {
                tracing::warn!(%error, "the search index could not follow the event log");
                AFTER_FAILURE
            }
        };
        tokio::select! {
            _ = db.changes().wait_for_events(&mut news, pause) => {}
            _ = stop.changed() => {}
        }
    }
}

/// What a step found.
#[derive(Default)]
struct Step {
    /// There may be more events to read at once.
    more: bool,
    /// Staff changed the synonyms.
    synonyms_changed: bool,
}

/// The event staff's synonym changes leave.
pub(crate) const SYNONYMS_CHANGED: &str = "search.synonyms_changed";

/// One step: applies the events not yet seen.
async fn step(search: &Search, db: &Db, seen: &mut BTreeSet<i64>) -> Result<Step, SearchError> {
    let (index, sources) = (&search.index, &*search.sources);
    let Some(position) = index.position()? else {
        let indexed = rebuild(index, sources, db, &mut |_, _| {}).await?;
        tracing::info!(indexed, "search index built");
        return Ok(Step {
            more: true,
            synonyms_changed: false,
        });
    };
    let batch = {
        let mut connection = db.pool().acquire().await?;
        events::since(&mut connection, position, BATCH).await?
    };
    let horizon = now_ms() - SETTLE_MS;
    let settled = batch
        .iter()
        .take_while(|event| event.at <= horizon)
        .last()
        .map_or(position, |event| event.id);
    let fresh: Vec<&events::Event> = batch
        .iter()
        .filter(|event| !seen.contains(&event.id))
        .collect();
    if fresh.is_empty() && settled == position {
        return Ok(Step::default());
    }
    let synonyms_changed = fresh.iter().any(|event| event.kind == SYNONYMS_CHANGED);
    let mut subjects = BTreeMap::new();
    for event in &fresh {
        if let Some((prefix, id)) = event.subject.split_once(':')
            && let Ok(id) = id.parse::<i64>()
            && sources.by_prefix(prefix).is_some()
        {
            subjects.insert((prefix.to_owned(), id), event.subject.clone());
        }
    }
    let mut changes = Vec::with_capacity(subjects.len());
    for ((prefix, id), subject) in subjects {
        let Some(source) = sources.by_prefix(&prefix) else {
            continue;
        };
        changes.push(match source.document(db, id).await? {
            Some(document) => Change::Upsert(document),
            None => Change::Remove(subject),
        });
    }
    let applied = index.clone();
    tokio::task::spawn_blocking(move || applied.apply(&changes, settled)).await??;
    seen.extend(fresh.iter().map(|event| event.id));
    seen.retain(|id| *id > settled);
    Ok(Step {
        more: batch.len() as i64 == BATCH && settled > position,
        synonyms_changed,
    })
}
