//! The audit log: who did what to whom, for moderation and administration. Written in
//! the same transaction as the action; read by staff with filters.

use crate::storage::UserId;
use serde::Serialize;
use sqlx::AnyConnection;

use crate::storage::{Db, now_ms};

/// The Fluent id of an action's name: `audit-` and the action with `-` for `.` and
/// `_` (`docs.revision_approved` is `audit-docs-revision-approved`).
pub fn message_id(action: &str) -> String {
    format!("audit-{}", action.replace(['.', '_'], "-"))
}

/// The actions the log holds, for the staff's filter.
pub async fn actions(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT action FROM audit_log ORDER BY action")
        .fetch_all(db.pool())
        .await
}

/// An audited action, such as `role.granted`: each is declared once as a constant
/// made with [`Action::new`] (a test reads those calls to check that every action has
/// its name, [`message_id`], in both languages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Action(&'static str);

impl Action {
    pub const fn new(name: &'static str) -> Action {
        Action(name)
    }

    pub const fn name(self) -> &'static str {
        self.0
    }
}

/// An action to record.
pub struct Entry<'a, D: Serialize> {
    pub actor_id: Option<UserId>,
    pub action: Action,
    pub target_user_id: Option<UserId>,
    pub detail: &'a D,
}

pub async fn record<D: Serialize>(
    connection: &mut AnyConnection,
    entry: Entry<'_, D>,
) -> Result<i64, sqlx::Error> {
    let detail = serde_json::to_string(entry.detail)
        .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
    sqlx::query_scalar(
        "INSERT INTO audit_log (at, actor_id, action, target_user_id, detail) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(now_ms())
    .bind(entry.actor_id)
    .bind(entry.action.name())
    .bind(entry.target_user_id)
    .bind(detail)
    .fetch_one(connection)
    .await
}

/// A recorded action with the names of the people involved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub id: i64,
    pub at: i64,
    pub actor: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub detail: String,
}

/// What to show.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only this action (`role.granted`…).
    pub action: Option<String>,
    /// Only entries whose actor or target email contains this text.
    pub person: Option<String>,
    pub limit: i64,
    /// Entries (newest first) to skip.
    pub offset: i64,
}

/// id, at, actor email, action, target email, detail.
type AuditRow = (i64, i64, Option<String>, String, Option<String>, String);

/// Entries matching `filter`, newest first.
pub async fn list(db: &Db, filter: &Filter) -> Result<Vec<Recorded>, sqlx::Error> {
    let person = filter
        .person
        .as_ref()
        .map(|text| format!("%{}%", text.to_lowercase()));
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT a.id, a.at, actor.email, a.action, target.email, a.detail FROM audit_log a \
         LEFT JOIN users actor ON actor.id = a.actor_id \
         LEFT JOIN users target ON target.id = a.target_user_id \
         WHERE ($1 IS NULL OR a.action = $1) \
           AND ($2 IS NULL OR actor.email LIKE $2 OR target.email LIKE $2) \
         ORDER BY a.id DESC LIMIT $3 OFFSET $4",
    )
    .bind(filter.action.as_deref())
    .bind(person.as_deref())
    .bind(filter.limit.clamp(1, 500))
    .bind(filter.offset.max(0))
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at, actor, action, target, detail)| Recorded {
            id,
            at,
            actor,
            action,
            target,
            detail,
        })
        .collect())
}
