//! The event log: an append-only record of every write, added in the same transaction
//! as the write itself. Derived state (search index, caches, notifications) follows
//! this log and can be rebuilt from it.

use crate::storage::UserId;
use serde::Serialize;
use sqlx::AnyConnection;

use crate::storage::now_ms;

/// One fact to record: what happened (`kind`, such as `user.created`), to what
/// (`subject`, such as `user:12`), by whom, with details as JSON.
#[derive(Debug)]
pub struct NewEvent<'a, P: Serialize> {
    pub kind: &'static str,
    pub subject: String,
    pub actor_id: Option<UserId>,
    pub payload: &'a P,
}

/// Appends `event` on `connection`, which should be inside the transaction of the write
/// it describes. Returns the event's id, which orders the log.
pub async fn append<P: Serialize>(
    connection: &mut AnyConnection,
    event: NewEvent<'_, P>,
) -> Result<i64, sqlx::Error> {
    let payload = serde_json::to_string(event.payload)
        .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
    crate::storage::changes::announce_event(connection).await?;
    sqlx::query_scalar(
        "INSERT INTO events (at, kind, subject, actor_id, payload) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(now_ms())
    .bind(event.kind)
    .bind(event.subject)
    .bind(event.actor_id)
    .bind(payload)
    .fetch_one(connection)
    .await
}

/// Appends `events` on `connection` in one statement, as [`append`] does one: for a
/// transaction that writes many things at once.
pub async fn append_all<P: Serialize>(
    connection: &mut AnyConnection,
    events: &[NewEvent<'_, P>],
) -> Result<(), sqlx::Error> {
    if events.is_empty() {
        return Ok(());
    }
    crate::storage::changes::announce_event(connection).await?;
    let rows: Vec<String> = (0..events.len())
        .map(|row| {
            let first = row * 4 + 2;
            format!(
                "($1, ${first}, ${}, ${}, ${})",
                first + 1,
                first + 2,
                first + 3
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO events (at, kind, subject, actor_id, payload) VALUES {}",
        rows.join(", ")
    );
    let mut query = sqlx::query(&sql).bind(now_ms());
    for event in events {
        let payload = serde_json::to_string(event.payload)
            .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
        query = query
            .bind(event.kind)
            .bind(event.subject.as_str())
            .bind(event.actor_id)
            .bind(payload);
    }
    query.execute(connection).await?;
    Ok(())
}

/// A recorded event, as read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub at: i64,
    pub kind: String,
    pub subject: String,
    pub actor_id: Option<UserId>,
    pub payload: String,
}

/// Events after `after_id`, oldest first, at most `limit`: how followers catch up.
pub async fn since(
    connection: &mut AnyConnection,
    after_id: i64,
    limit: i64,
) -> Result<Vec<Event>, sqlx::Error> {
    let rows: Vec<(i64, i64, String, String, Option<UserId>, String)> = sqlx::query_as(
        "SELECT id, at, kind, subject, actor_id, payload FROM events \
         WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after_id)
    .bind(limit)
    .fetch_all(connection)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at, kind, subject, actor_id, payload)| Event {
            id,
            at,
            kind,
            subject,
            actor_id,
            payload,
        })
        .collect())
}
