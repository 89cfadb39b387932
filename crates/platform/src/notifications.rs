//! Notifications: what a person should know (a reply to their question, a mention),
//! shown on their page of notices, with the unread ones counted in the header. Areas add
//! them, usually from a job that follows the write that caused them; mail about them is
//! each area's own (it knows what its people asked for).

use sqlx::AnyConnection;

use crate::events::{self, NewEvent};

use crate::storage::{Db, UserId, now_ms};

/// A notification to add.
#[derive(Clone, Copy, Debug)]
pub struct Notice<'a> {
    pub user: UserId,
    /// What it is about (a topic's title), as the list shows it.
    pub title: &'a str,
    /// What happened, in the person's language.
    pub text: &'a str,
    /// Where to see it: a path on this site.
    pub path: &'a str,
}

/// Adds `notice` on `connection`, with its event (so every node's kept copy of the
/// person's unread count is dropped).
pub async fn add(connection: &mut AnyConnection, notice: Notice<'_>) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO notifications (user_id, at, title, text, path) VALUES ($1, $2, $3, $4, $5) \
         RETURNING id",
    )
    .bind(notice.user)
    .bind(now_ms())
    .bind(notice.title)
    .bind(notice.text)
    .bind(notice.path)
    .fetch_one(&mut *connection)
    .await?;
    let event = NewEvent {
        kind: "notification.added",
        subject: format!("user:{}", notice.user),
        actor_id: None,
        payload: &id,
    };
    events::append(connection, event).await?;
    Ok(id)
}

/// A notification as its list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub id: i64,
    pub at: i64,
    pub title: String,
    pub text: String,
    pub path: String,
    pub read: bool,
}

/// The newest `limit` notifications of `user`, skipping `offset`.
pub async fn list(
    db: &Db,
    user: UserId,
    offset: i64,
    limit: i64,
) -> Result<Vec<Shown>, sqlx::Error> {
    let rows: Vec<(i64, i64, String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, at, title, text, path, read_at FROM notifications WHERE user_id = $1 \
         ORDER BY id DESC LIMIT $2 OFFSET $3",
    )
    .bind(user)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at, title, text, path, read_at)| Shown {
            id,
            at,
            title,
            text,
            path,
            read: read_at.is_some(),
        })
        .collect())
}

/// Marks notification `id` of `user` read; returns where it points.
pub async fn open(db: &Db, user: UserId, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2 \
         RETURNING path",
    )
    .bind(id)
    .bind(user)
    .bind(now_ms())
    .fetch_optional(db.writes())
    .await
}

/// Marks every notification of `user` read.
pub async fn mark_all_read(db: &Db, user: UserId) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
            .bind(user)
            .bind(now_ms())
            .execute(db.writes())
            .await?;
    Ok(done.rows_affected())
}
