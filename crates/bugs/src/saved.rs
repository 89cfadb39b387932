//! Saved searches: a person keeps a list's filters under a name of their own, and
//! finds them again on every list page (each with its own page, feed and export).

use soporte_platform::storage::{Db, UserId, now_ms};
use soporte_platform::text;

use crate::listing::Params;

/// The longest name, in characters.
pub const NAME_MAX: usize = 80;
/// The most searches a person keeps.
pub const PER_PERSON: i64 = 50;
/// The longest query kept, in bytes.
const QUERY_MAX: usize = 2000;

/// Why a search was not saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SavedProblem {
    Name,
    TooMany,
}

impl SavedProblem {
    pub fn message_id(self) -> &'static str {
        match self {
            SavedProblem::Name => "bugs-saved-name",
            SavedProblem::TooMany => "bugs-saved-too-many",
        }
    }
}

/// A saved search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub id: i64,
    pub name: String,
    /// The list's filters, as its address's query string.
    pub query: String,
}

impl Saved {
    pub fn path(&self) -> String {
        format!("/errores/busquedas/{}", self.id)
    }

    pub fn params(&self) -> Params {
        Params::from_query(&self.query)
    }
}

/// Keeps `params` for `person` under `name` (a search of the same name is replaced);
/// returns its id.
pub async fn save(
    db: &Db,
    person: UserId,
    name: &str,
    params: &Params,
) -> Result<Result<i64, SavedProblem>, sqlx::Error> {
    let name = text::clean(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() || name.chars().count() > NAME_MAX {
        return Ok(Err(SavedProblem::Name));
    }
    let query: String = params.query().chars().take(QUERY_MAX).collect();
    let mut tx = db.write().await?;
    let kept: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bugs_saved_searches WHERE user_id = $1 AND name <> $2",
    )
    .bind(person)
    .bind(&name)
    .fetch_one(&mut *tx)
    .await?;
    if kept >= PER_PERSON {
        return Ok(Err(SavedProblem::TooMany));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO bugs_saved_searches (user_id, name, query, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, name) DO UPDATE SET query = excluded.query RETURNING id",
    )
    .bind(person)
    .bind(&name)
    .bind(&query)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// The searches `person` saved, by name.
pub async fn of(db: &Db, person: UserId) -> Result<Vec<Saved>, sqlx::Error> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, name, query FROM bugs_saved_searches WHERE user_id = $1 ORDER BY name, id",
    )
    .bind(person)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, query)| Saved { id, name, query })
        .collect())
}

/// Search `id` of `person`, if it is theirs.
pub async fn find(db: &Db, person: UserId, id: i64) -> Result<Option<Saved>, sqlx::Error> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, name, query FROM bugs_saved_searches WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(person)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(id, name, query)| Saved { id, name, query }))
}

/// Forgets search `id` of `person`; whether there was one.
pub async fn forget(db: &Db, person: UserId, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM bugs_saved_searches WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(person)
        .execute(db.writes())
        .await?;
    Ok(done.rows_affected() > 0)
}
