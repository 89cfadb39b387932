//! Reports as the database keeps them: filing one (with its staged attachments, its
//! reporter affected and subscribed, the component's people told), reading one with its
//! comments, attachments and activity, commenting, "me afecta", subscribing, triage
//! changes (every field change a row of the activity log), duplicates, and the
//! counters and heat every such write keeps. Each write is one transaction with its
//! event (`bug:ID`) and, where people are to be told, its job.

use serde::Serialize;
use soporte_platform::events::{self, NewEvent};
use soporte_platform::jobs::Queue;
use soporte_platform::links::{self, LinkKind, Subject};
use soporte_platform::markup;
use soporte_platform::storage::{Db, UserId, now_ms};
use sqlx::AnyConnection;

use crate::catalog::Duty;
use crate::heat::{self, Felt};
use crate::notify::{self, News};
use crate::report::{Architecture, CommentText, Tags, Title};
use crate::status::{self, Importance, MoveRefused, Mover, Status};
use crate::{AttachmentId, BugId, ComponentId, ProductId, SeriesId};
use soporte_platform::attachments::{File, Kind};

/// A report to file.
#[derive(Clone, Debug)]
pub struct NewBug {
    pub product: ProductId,
    pub component: Option<ComponentId>,
    pub series: Option<SeriesId>,
    pub architecture: Architecture,
    pub title: Title,
    /// The description as one Markdown text ([`Description::markdown`]).
    pub description: String,
    pub language: &'static str,
    pub tags: Tags,
    /// Files kept while the report was written, now its own.
    pub staged: Vec<AttachmentId>,
    /// The subject it came from (a forum question), linked as `became`.
    pub origin: Option<Subject>,
}

/// A report as its page shows it.
#[derive(Clone, Debug)]
pub struct Bug {
    pub id: BugId,
    pub product: ProductId,
    pub product_slug: String,
    pub product_name: String,
    pub component: Option<ComponentId>,
    pub component_name: Option<String>,
    pub series: Option<SeriesId>,
    pub series_name: Option<String>,
    pub fixed_series: Option<SeriesId>,
    pub fixed_series_name: Option<String>,
    pub architecture: String,
    pub title: String,
    pub description: String,
    pub description_html: String,
    pub status: Status,
    pub importance: Importance,
    pub assignee: Option<(UserId, String)>,
    pub reporter: Option<(UserId, String)>,
    pub duplicate_of: Option<BugId>,
    pub affected: i64,
    pub subscribers: i64,
    pub duplicates: i64,
    pub comments: i64,
    pub heat: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub tags: Vec<String>,
}

impl Bug {
    pub fn path(&self) -> String {
        path(self.id)
    }
}

/// Where report `id` is read.
pub fn path(id: BugId) -> String {
    format!("/errores/{id}")
}

/// The one query of a report with the names of what it points to.
const SELECT_BUG: &str = "SELECT b.id, b.product_id, p.slug, p.name, b.component_id, c.name, \
     b.series_id, s.name, b.fixed_series_id, f.name, b.architecture, b.title, \
     b.description, b.description_html, b.status, b.importance, b.assignee_id, a.display_name, \
     b.reporter_id, r.display_name, b.duplicate_of, b.affected, b.subscribers, b.duplicates, \
     b.comments, b.heat, b.created_at, b.updated_at \
     FROM bugs b JOIN bugs_products p ON p.id = b.product_id \
     LEFT JOIN bugs_components c ON c.id = b.component_id \
     LEFT JOIN bugs_series s ON s.id = b.series_id \
     LEFT JOIN bugs_series f ON f.id = b.fixed_series_id \
     LEFT JOIN users a ON a.id = b.assignee_id \
     LEFT JOIN users r ON r.id = b.reporter_id";

/// The report `id`, if there is one.
pub async fn bug(db: &Db, id: BugId) -> Result<Option<Bug>, sqlx::Error> {
    let found = sqlx::query(&format!("{SELECT_BUG} WHERE b.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    let Some(row) = found else {
        return Ok(None);
    };
    let tags: Vec<String> =
        sqlx::query_scalar("SELECT tag FROM bugs_tags WHERE bug_id = $1 ORDER BY tag")
            .bind(id)
            .fetch_all(db.pool())
            .await?;
    Ok(Some(read_bug(&row, tags)?))
}

fn read_bug(row: &sqlx::any::AnyRow, tags: Vec<String>) -> Result<Bug, sqlx::Error> {
    use sqlx::Row;
    let status: String = row.try_get(14)?;
    let importance: String = row.try_get(15)?;
    let person = |id: Option<UserId>, name: Option<String>| id.zip(name);
    Ok(Bug {
        id: row.try_get(0)?,
        product: row.try_get(1)?,
        product_slug: row.try_get(2)?,
        product_name: row.try_get(3)?,
        component: row.try_get(4)?,
        component_name: row.try_get(5)?,
        series: row.try_get(6)?,
        series_name: row.try_get(7)?,
        fixed_series: row.try_get(8)?,
        fixed_series_name: row.try_get(9)?,
        architecture: row.try_get(10)?,
        title: row.try_get(11)?,
        description: row.try_get(12)?,
        description_html: row.try_get(13)?,
        status: Status::parse(&status).unwrap_or(Status::New),
        importance: Importance::parse(&importance).unwrap_or(Importance::Undecided),
        assignee: person(row.try_get(16)?, row.try_get(17)?),
        reporter: person(row.try_get(18)?, row.try_get(19)?),
        duplicate_of: row.try_get(20)?,
        affected: row.try_get(21)?,
        subscribers: row.try_get(22)?,
        duplicates: row.try_get(23)?,
        comments: row.try_get(24)?,
        heat: row.try_get(25)?,
        created_at: row.try_get(26)?,
        updated_at: row.try_get(27)?,
        tags,
    })
}

#[derive(Serialize)]
struct Filed<'a> {
    title: &'a str,
    product: ProductId,
}

#[derive(Serialize)]
struct Changed<'a> {
    fields: &'a [&'a str],
}

fn event<'a, P: Serialize>(
    kind: &'static str,
    bug: BugId,
    actor: Option<UserId>,
    payload: &'a P,
) -> NewEvent<'a, P> {
    NewEvent {
        kind,
        subject: format!("{}:{bug}", crate::SUBJECT),
        actor_id: actor,
        payload,
    }
}

/// Why a write to a report was refused.
#[derive(Debug, thiserror::Error)]
pub enum BugError {
    #[error("no such report")]
    NotFound,
    #[error(transparent)]
    Move(#[from] MoveRefused),
    #[error("a report cannot be a duplicate of itself, nor of one of its own duplicates")]
    DuplicateCycle,
    #[error("the master report does not exist")]
    NoMaster,
    #[error("unknown assignee, component or series")]
    UnknownChoice,
    #[error("too many tags, or a tag too long")]
    BadTags,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl BugError {
    /// The Fluent id of what the person is told (none for a database failure).
    pub fn message_id(&self) -> Option<&'static str> {
        match self {
            BugError::NotFound => Some("bugs-not-found"),
            BugError::Move(refused) => Some(refused.message_id()),
            BugError::DuplicateCycle => Some("bugs-duplicate-cycle"),
            BugError::NoMaster => Some("bugs-duplicate-no-master"),
            BugError::UnknownChoice => Some("bugs-unknown-choice"),
            BugError::BadTags => Some("bugs-problem-tags"),
            BugError::Database(_) => None,
        }
    }
}

/// Files `bug` for `reporter`; returns its id. The reporter is affected and subscribed,
/// the component's first default assignee gets it, its watchers are subscribed, and
/// the files they staged become the report's.
pub async fn create(
    db: &Db,
    queue: &Queue,
    bug: &NewBug,
    reporter: UserId,
) -> Result<BugId, sqlx::Error> {
    create_at(db, queue, bug, reporter, now_ms()).await
}

/// [`create`], as if at `at` (the demo's history, the benchmark's data).
pub async fn create_at(
    db: &Db,
    queue: &Queue,
    bug: &NewBug,
    reporter: UserId,
    at: i64,
) -> Result<BugId, sqlx::Error> {
    let mut tx = db.write().await?;
    let assignee: Option<UserId> =
        match bug.component {
            Some(component) => sqlx::query_scalar(
                "SELECT user_id FROM bugs_component_people WHERE component_id = $1 AND duty = $2 \
             ORDER BY user_id LIMIT 1",
            )
            .bind(component)
            .bind(Duty::Assignee.as_str())
            .fetch_optional(&mut *tx)
            .await?,
            None => None,
        };
    let html = markup::markdown(&bug.description).html;
    let id: BugId = sqlx::query_scalar(
        "INSERT INTO bugs (product_id, component_id, series_id, fixed_series_id, architecture, \
         title, description, description_html, lang, status, importance, assignee_id, \
         reporter_id, duplicate_of, before_duplicate, affected, subscribers, duplicates, \
         comments, heat, created_at, updated_at, status_at) \
         VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, NULL, 0, 0, 0, \
         0, 0, $13, $13, $13) RETURNING id",
    )
    .bind(bug.product)
    .bind(bug.component)
    .bind(bug.series)
    .bind(bug.architecture.as_str())
    .bind(bug.title.as_str())
    .bind(&bug.description)
    .bind(&html)
    .bind(bug.language)
    .bind(Status::New.as_str())
    .bind(Importance::Undecided.as_str())
    .bind(assignee)
    .bind(reporter)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    for tag in bug.tags.as_slice() {
        sqlx::query("INSERT INTO bugs_tags (bug_id, tag) VALUES ($1, $2)")
            .bind(id)
            .bind(tag)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO bugs_affected (bug_id, user_id, at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(reporter)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO bugs_subscriptions (bug_id, user_id, at) \
         SELECT $1, $2, $3 UNION SELECT $1, user_id, $3 FROM bugs_component_people \
         WHERE component_id = $4 AND duty = $5 UNION SELECT $1, user_id, $3 \
         FROM bugs_component_people WHERE component_id = $4 AND user_id = $6 AND duty = $7",
    )
    .bind(id)
    .bind(reporter)
    .bind(at)
    .bind(bug.component)
    .bind(Duty::Watcher.as_str())
    .bind(assignee)
    .bind(Duty::Assignee.as_str())
    .execute(&mut *tx)
    .await?;
    if !bug.staged.is_empty() {
        let mut sql = String::from(
            "UPDATE bugs_attachments SET bug_id = $1 WHERE owner_id = $2 AND bug_id IS NULL \
             AND id IN (",
        );
        for n in 0..bug.staged.len() {
            if n > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", n + 3));
        }
        sql.push(')');
        let mut query = sqlx::query(&sql).bind(id).bind(reporter);
        for staged in &bug.staged {
            query = query.bind(*staged);
        }
        query.execute(&mut *tx).await?;
    }
    if let Some(origin) = &bug.origin
        && let Ok(to) = Subject::new(crate::SUBJECT, id.get())
    {
        links::add(&mut tx, origin, LinkKind::Became, &to, Some(reporter))
            .await
            .map_err(|error| match error {
                links::LinkError::Database(error) => error,
                links::LinkError::Bad(bad) => sqlx::Error::Protocol(bad.to_string()),
            })?;
    }
    recount(&mut tx, id, at).await?;
    let filed = Filed {
        title: bug.title.as_str(),
        product: bug.product,
    };
    events::append(&mut tx, event("bugs.bug_filed", id, Some(reporter), &filed)).await?;
    notify::enqueue(queue, &mut tx, id, Some(reporter), News::Filed).await?;
    tx.commit().await?;
    queue.wake();
    Ok(id)
}

/// Counts again who a report (`bug`, or its master) affects and who follows it, with
/// its duplicates' people, and its heat.
pub(crate) async fn recount(
    tx: &mut AnyConnection,
    bug: BugId,
    now: i64,
) -> Result<(), sqlx::Error> {
    count_again(tx, bug, now).await?;
    // A duplicate's people count on its master too.
    let master: Option<Option<BugId>> =
        sqlx::query_scalar("SELECT duplicate_of FROM bugs WHERE id = $1")
            .bind(bug)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(Some(master)) = master {
        count_again(tx, master, now).await?;
    }
    Ok(())
}

/// [`recount`] of one report.
async fn count_again(tx: &mut AnyConnection, bug: BugId, now: i64) -> Result<(), sqlx::Error> {
    let family = "(SELECT $1 UNION SELECT id FROM bugs WHERE duplicate_of = $1)";
    let (affected, subscribers, duplicates, status, updated_at): (i64, i64, i64, String, i64) =
        sqlx::query_as(&format!(
            "SELECT \
             (SELECT COUNT(DISTINCT user_id) FROM bugs_affected WHERE bug_id IN {family}), \
             (SELECT COUNT(DISTINCT user_id) FROM bugs_subscriptions WHERE bug_id IN {family}), \
             (SELECT COUNT(*) FROM bugs WHERE duplicate_of = $1), status, updated_at \
             FROM bugs WHERE id = $1"
        ))
        .bind(bug)
        .fetch_one(&mut *tx)
        .await?;
    let heat = heat::heat(Felt {
        duplicates,
        affected,
        subscribers,
        status: Status::parse(&status).unwrap_or(Status::New),
        updated_at,
        now,
    });
    sqlx::query(
        "UPDATE bugs SET affected = $2, subscribers = $3, duplicates = $4, heat = $5 \
         WHERE id = $1",
    )
    .bind(bug)
    .bind(affected)
    .bind(subscribers)
    .bind(duplicates)
    .bind(heat)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Locks reports `ids` until the transaction ends, in id order so that two writers
/// never wait on each other crosswise (PostgreSQL's row locks; on SQLite the
/// transaction already holds the one write lock). Returns how many exist.
async fn lock(tx: &mut AnyConnection, ids: &[BugId]) -> Result<u64, sqlx::Error> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    let mut found = 0;
    for id in ids {
        found += sqlx::query("UPDATE bugs SET heat = heat WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    }
    Ok(found)
}

/// Locks `bug` and its master, if it has one (a write to a duplicate changes its
/// master's counts); `None` when there is no such report.
async fn lock_with_master(
    tx: &mut AnyConnection,
    bug: BugId,
) -> Result<Option<Option<BugId>>, sqlx::Error> {
    let master: Option<Option<BugId>> =
        sqlx::query_scalar("SELECT duplicate_of FROM bugs WHERE id = $1")
            .bind(bug)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(master) = master else {
        return Ok(None);
    };
    let family: Vec<BugId> = std::iter::once(bug).chain(master).collect();
    if lock(tx, &family).await? == 0 {
        return Ok(None);
    }
    // Marking it moved the master meanwhile: take that one too.
    let now_master: Option<BugId> =
        sqlx::query_scalar("SELECT duplicate_of FROM bugs WHERE id = $1")
            .bind(bug)
            .fetch_one(&mut *tx)
            .await?;
    if let Some(moved) = now_master.filter(|moved| Some(*moved) != master) {
        lock(tx, &[moved]).await?;
    }
    Ok(Some(now_master))
}

/// One row of the activity log: `field` went from `old` to `new`.
async fn log(
    tx: &mut AnyConnection,
    bug: BugId,
    actor: Option<UserId>,
    at: i64,
    (field, old, new): (&str, &str, &str),
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO bugs_activity (bug_id, at, actor_id, field, old_value, new_value) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(bug)
    .bind(at)
    .bind(actor)
    .bind(field)
    .bind(old)
    .bind(new)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A comment as the page shows it.
#[derive(Clone, Debug)]
pub struct Comment {
    pub id: crate::CommentId,
    pub number: i64,
    pub author: Option<String>,
    pub html: String,
    pub at: i64,
}

/// The comments of `bug`, oldest first.
pub async fn comments(db: &Db, bug: BugId) -> Result<Vec<Comment>, sqlx::Error> {
    let rows: Vec<(crate::CommentId, i64, Option<String>, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.number, u.display_name, c.body_html, c.created_at FROM bugs_comments c \
         LEFT JOIN users u ON u.id = c.author_id WHERE c.bug_id = $1 ORDER BY c.number",
    )
    .bind(bug)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, number, author, html, at)| Comment {
            id,
            number,
            author,
            html,
            at,
        })
        .collect())
}

/// Adds a comment by `author` with the files staged for it; when the reporter answers
/// an Incompleto report, it goes back to Nuevo. Returns the comment's number.
pub async fn comment(
    db: &Db,
    queue: &Queue,
    bug: BugId,
    author: UserId,
    (text, staged): (&CommentText, &[AttachmentId]),
) -> Result<i64, BugError> {
    let mut tx = db.write().await?;
    let now = now_ms();
    // Numbers follow each other: one comment at a time per report.
    if lock_with_master(&mut tx, bug).await?.is_none() {
        return Err(BugError::NotFound);
    }
    let found: Option<(String, Option<UserId>)> =
        sqlx::query_as("SELECT status, reporter_id FROM bugs WHERE id = $1")
            .bind(bug)
            .fetch_optional(&mut *tx)
            .await?;
    let (status, reporter) = found.ok_or(BugError::NotFound)?;
    let html = markup::markdown(text.as_str()).html;
    let number: i64 = sqlx::query_scalar(
        "INSERT INTO bugs_comments (bug_id, number, author_id, body, body_html, created_at) \
         SELECT $1, CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT), $2, $3, $4, $5 \
         FROM bugs_comments WHERE bug_id = $1 RETURNING number",
    )
    .bind(bug)
    .bind(author)
    .bind(text.as_str())
    .bind(&html)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    attach_staged(&mut tx, bug, Some(number), author, staged).await?;
    let answered = status == Status::Incomplete.as_str() && reporter == Some(author);
    let mut news = News::Commented { number };
    if answered {
        log(
            &mut tx,
            bug,
            Some(author),
            now,
            ("status", status.as_str(), Status::New.as_str()),
        )
        .await?;
        sqlx::query("UPDATE bugs SET status = $2, status_at = $3 WHERE id = $1")
            .bind(bug)
            .bind(Status::New.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        news = News::Answered { number };
    }
    sqlx::query("UPDATE bugs SET comments = comments + 1, updated_at = $2 WHERE id = $1")
        .bind(bug)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    // Who comments follows the report from then on.
    subscribe_in(&mut tx, bug, author, now).await?;
    recount(&mut tx, bug, now).await?;
    events::append(&mut tx, event("bugs.commented", bug, Some(author), &number)).await?;
    notify::enqueue(queue, &mut tx, bug, Some(author), news).await?;
    tx.commit().await?;
    queue.wake();
    Ok(number)
}

async fn attach_staged(
    tx: &mut AnyConnection,
    bug: BugId,
    comment: Option<i64>,
    owner: UserId,
    staged: &[AttachmentId],
) -> Result<(), sqlx::Error> {
    for id in staged {
        let name: Option<String> = sqlx::query_scalar(
            "UPDATE bugs_attachments SET bug_id = $1, comment_id = \
             (SELECT id FROM bugs_comments WHERE bug_id = $1 AND number = $2) \
             WHERE id = $3 AND owner_id = $4 AND bug_id IS NULL RETURNING filename",
        )
        .bind(bug)
        .bind(comment)
        .bind(*id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?;
        if let (Some(name), Some(_)) = (name, comment) {
            log(
                &mut *tx,
                bug,
                Some(owner),
                now_ms(),
                ("attachment", "", &name),
            )
            .await?;
        }
    }
    Ok(())
}

/// Keeps `file` for `owner` until the report or comment it goes with is written.
pub async fn stage(db: &Db, owner: UserId, file: &File) -> Result<AttachmentId, sqlx::Error> {
    let size = i64::try_from(file.bytes.len()).unwrap_or(i64::MAX);
    sqlx::query_scalar(
        "INSERT INTO bugs_attachments (bug_id, comment_id, owner_id, filename, kind, size, bytes, \
         created_at) VALUES (NULL, NULL, $1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(owner)
    .bind(&file.name)
    .bind(file.kind.as_str())
    .bind(size)
    .bind(&file.bytes)
    .bind(now_ms())
    .fetch_one(db.writes())
    .await
}

/// A file staged by `owner` and not yet used: its name.
pub async fn staged(
    db: &Db,
    owner: UserId,
    ids: &[AttachmentId],
) -> Result<Vec<(AttachmentId, String)>, sqlx::Error> {
    let mut kept = Vec::new();
    for id in ids.iter().take(soporte_platform::attachments::COUNT_MAX) {
        let name: Option<String> = sqlx::query_scalar(
            "SELECT filename FROM bugs_attachments WHERE id = $1 AND owner_id = $2 \
             AND bug_id IS NULL",
        )
        .bind(*id)
        .bind(owner)
        .fetch_optional(db.pool())
        .await?;
        if let Some(name) = name {
            kept.push((*id, name));
        }
    }
    Ok(kept)
}

/// How many files `owner` has staged and not yet used.
pub async fn staged_count(db: &Db, owner: UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM bugs_attachments WHERE owner_id = $1 AND bug_id IS NULL",
    )
    .bind(owner)
    .fetch_one(db.pool())
    .await
}

/// Drops the files staged before `before` that no report took.
pub async fn drop_stale_staged(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM bugs_attachments WHERE bug_id IS NULL AND created_at < $1")
        .bind(before)
        .execute(db.writes())
        .await?;
    Ok(done.rows_affected())
}

/// An attachment as the report's page lists it.
#[derive(Clone, Debug)]
pub struct Attachment {
    pub id: AttachmentId,
    pub name: String,
    pub kind: Kind,
    pub size: i64,
    /// The comment it came with (none: with the report).
    pub comment: Option<i64>,
}

pub async fn attachments(db: &Db, bug: BugId) -> Result<Vec<Attachment>, sqlx::Error> {
    let rows: Vec<(AttachmentId, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT a.id, a.filename, a.kind, a.size, c.number FROM bugs_attachments a \
         LEFT JOIN bugs_comments c ON c.id = a.comment_id WHERE a.bug_id = $1 ORDER BY a.id",
    )
    .bind(bug)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, kind, size, comment)| {
            Some(Attachment {
                id,
                name,
                kind: Kind::parse(&kind)?,
                size,
                comment,
            })
        })
        .collect())
}

/// The bytes of attachment `id` of a report (not a staged one), with its name and kind.
pub async fn download(
    db: &Db,
    id: AttachmentId,
) -> Result<Option<(String, Kind, Vec<u8>)>, sqlx::Error> {
    let row: Option<(String, String, Vec<u8>)> = sqlx::query_as(
        "SELECT filename, kind, bytes FROM bugs_attachments WHERE id = $1 AND bug_id IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.and_then(|(name, kind, bytes)| Some((name, Kind::parse(&kind)?, bytes))))
}

/// One change of the activity log, as stored.
#[derive(Clone, Debug)]
pub struct Activity {
    pub at: i64,
    pub actor: Option<String>,
    pub field: String,
    pub old: String,
    pub new: String,
}

pub async fn activity(db: &Db, bug: BugId) -> Result<Vec<Activity>, sqlx::Error> {
    let rows: Vec<(i64, Option<String>, String, String, String)> = sqlx::query_as(
        "SELECT a.at, u.display_name, a.field, a.old_value, a.new_value FROM bugs_activity a \
         LEFT JOIN users u ON u.id = a.actor_id WHERE a.bug_id = $1 ORDER BY a.id",
    )
    .bind(bug)
    .fetch_all(db.pool())
    .await?;
    // An assignee is kept as a person's id and shown by their name, to everyone.
    let mut people: Vec<i64> = rows
        .iter()
        .filter(|(_, _, field, _, _)| field == "assignee")
        .flat_map(|(_, _, _, old, new)| [old.parse().ok(), new.parse().ok()])
        .flatten()
        .collect();
    people.sort_unstable();
    people.dedup();
    let mut names: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for person in people {
        let name: Option<String> =
            sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
                .bind(person)
                .fetch_optional(db.pool())
                .await?;
        if let Some(name) = name {
            names.insert(person.to_string(), name);
        }
    }
    let named = |field: &str, value: String| match names.get(&value) {
        Some(name) if field == "assignee" => name.clone(),
        _ => value,
    };
    Ok(rows
        .into_iter()
        .map(|(at, actor, field, old, new)| Activity {
            at,
            actor,
            old: named(&field, old),
            new: named(&field, new),
            field,
        })
        .collect())
}

async fn subscribe_in(
    tx: &mut AnyConnection,
    bug: BugId,
    person: UserId,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO bugs_subscriptions (bug_id, user_id, at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(bug)
    .bind(person)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// What a person is to a report: affected, subscribed (on a master, through one of its
/// duplicates too).
pub async fn standing(db: &Db, bug: BugId, person: UserId) -> Result<(bool, bool), sqlx::Error> {
    // On a master, being affected by (or following) one of its duplicates counts.
    let (affected, subscribed): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM bugs_affected WHERE user_id = $2 AND bug_id IN \
         (SELECT $1 UNION SELECT id FROM bugs WHERE duplicate_of = $1)), \
         (SELECT COUNT(*) FROM bugs_subscriptions WHERE user_id = $2 AND bug_id IN \
         (SELECT $1 UNION SELECT id FROM bugs WHERE duplicate_of = $1))",
    )
    .bind(bug)
    .bind(person)
    .fetch_one(db.pool())
    .await?;
    Ok((affected > 0, subscribed > 0))
}

/// Whether `person` is affected by `bug` (`on`) or not any more; being affected
/// subscribes too. Returns how many people it affects now (its master's count for a
/// duplicate, whose people count there).
pub async fn set_affected(db: &Db, bug: BugId, person: UserId, on: bool) -> Result<i64, BugError> {
    set_flag(db, bug, person, on, "bugs_affected").await
}

/// Whether `person` follows `bug`.
pub async fn set_subscribed(
    db: &Db,
    bug: BugId,
    person: UserId,
    on: bool,
) -> Result<i64, BugError> {
    set_flag(db, bug, person, on, "bugs_subscriptions").await
}

async fn set_flag(
    db: &Db,
    bug: BugId,
    person: UserId,
    on: bool,
    table: &'static str,
) -> Result<i64, BugError> {
    let mut tx = db.write().await?;
    let now = now_ms();
    let master = lock_with_master(&mut tx, bug)
        .await?
        .ok_or(BugError::NotFound)?;
    if on {
        sqlx::query(&format!(
            "INSERT INTO {table} (bug_id, user_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"
        ))
        .bind(bug)
        .bind(person)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if table == "bugs_affected" {
            subscribe_in(&mut tx, bug, person, now).await?;
        }
    } else {
        // From the report and, on a master, its duplicates: the person said no.
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE user_id = $2 AND bug_id IN \
             (SELECT $1 UNION SELECT id FROM bugs WHERE duplicate_of = $1)"
        ))
        .bind(bug)
        .bind(person)
        .execute(&mut *tx)
        .await?;
    }
    let counted = master.unwrap_or(bug);
    recount(&mut tx, bug, now).await?;
    let count: i64 = sqlx::query_scalar(if table == "bugs_affected" {
        "SELECT affected FROM bugs WHERE id = $1"
    } else {
        "SELECT subscribers FROM bugs WHERE id = $1"
    })
    .bind(counted)
    .fetch_one(&mut *tx)
    .await?;
    let kind = if table == "bugs_affected" {
        "bugs.affected"
    } else {
        "bugs.subscribed"
    };
    events::append(&mut tx, event(kind, counted, Some(person), &on)).await?;
    tx.commit().await?;
    Ok(count)
}

/// What triage changes on a report: each `Some` field is set (the status through
/// [`status::check`]); nothing else moves.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    pub status: Option<Status>,
    pub importance: Option<Importance>,
    /// `Some(None)` leaves it unassigned.
    pub assignee: Option<Option<UserId>>,
    pub component: Option<Option<ComponentId>>,
    pub fixed_series: Option<Option<SeriesId>>,
    pub tags: Option<Tags>,
}

/// Applies `changes` to `bug` for `actor` (moving as `mover`, who must be a triager for
/// anything but the status): one row of the activity log per field that changed.
/// Returns the fields changed.
pub async fn change(
    db: &Db,
    queue: &Queue,
    bug: BugId,
    (actor, mover): (UserId, Mover),
    changes: &Changes,
) -> Result<Vec<&'static str>, BugError> {
    let mut tx = db.write().await?;
    let now = now_ms();
    if lock_with_master(&mut tx, bug).await?.is_none() {
        return Err(BugError::NotFound);
    }
    type Current = (
        String,
        String,
        Option<UserId>,
        Option<ComponentId>,
        Option<SeriesId>,
        ProductId,
    );
    let current: Option<Current> = sqlx::query_as(
        "SELECT status, importance, assignee_id, component_id, fixed_series_id, product_id \
         FROM bugs WHERE id = $1",
    )
    .bind(bug)
    .fetch_optional(&mut *tx)
    .await?;
    let (status, importance, assignee, component, fixed, product) =
        current.ok_or(BugError::NotFound)?;
    let status = Status::parse(&status).unwrap_or(Status::New);
    let importance = Importance::parse(&importance).unwrap_or(Importance::Undecided);
    let triager = mover == Mover::Triager;
    let only_status = changes.importance.is_none()
        && changes.assignee.is_none()
        && changes.component.is_none()
        && changes.fixed_series.is_none()
        && changes.tags.is_none();
    if !triager && !only_status {
        return Err(MoveRefused::NotYours.into());
    }
    let fixed_after = changes.fixed_series.unwrap_or(fixed);
    // A fix stays in a series: a ready or published one keeps it.
    let status_after = changes.status.unwrap_or(status);
    if status_after.needs_series() && fixed_after.is_none() {
        return Err(MoveRefused::SeriesNeeded.into());
    }
    let mut changed: Vec<&'static str> = Vec::new();
    if let Some(to) = changes.status.filter(|to| *to != status) {
        status::check(mover, status, to, fixed_after.is_some())?;
        log(
            &mut tx,
            bug,
            Some(actor),
            now,
            ("status", status.as_str(), to.as_str()),
        )
        .await?;
        sqlx::query("UPDATE bugs SET status = $2, status_at = $3 WHERE id = $1")
            .bind(bug)
            .bind(to.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        changed.push("status");
    } else if changes.status.is_some() && !triager {
        // The reporter asked for the status it already has.
        return Err(MoveRefused::Same.into());
    }
    if let Some(to) = changes.importance.filter(|to| *to != importance) {
        log(
            &mut tx,
            bug,
            Some(actor),
            now,
            ("importance", importance.as_str(), to.as_str()),
        )
        .await?;
        sqlx::query("UPDATE bugs SET importance = $2 WHERE id = $1")
            .bind(bug)
            .bind(to.as_str())
            .execute(&mut *tx)
            .await?;
        changed.push("importance");
    }
    let references = [
        (
            ASSIGNEE,
            assignee.map(UserId::get),
            changes.assignee.map(|to| to.map(UserId::get)),
        ),
        (
            COMPONENT,
            component.map(ComponentId::get),
            changes.component.map(|to| to.map(ComponentId::get)),
        ),
        (
            FIXED_SERIES,
            fixed.map(SeriesId::get),
            changes.fixed_series.map(|to| to.map(SeriesId::get)),
        ),
    ];
    for (reference, old, new) in references {
        let Some(new) = new.filter(|new| *new != old) else {
            continue;
        };
        let at = Moment { bug, actor, now };
        set_reference(&mut tx, at, (reference, product), (old, new)).await?;
        if let (ASSIGNEE, Some(person)) = (reference, new) {
            subscribe_in(&mut tx, bug, UserId::new(person), now).await?;
        }
        changed.push(reference.field);
    }
    if let Some(tags) = &changes.tags {
        let old: Vec<String> =
            sqlx::query_scalar("SELECT tag FROM bugs_tags WHERE bug_id = $1 ORDER BY tag")
                .bind(bug)
                .fetch_all(&mut *tx)
                .await?;
        let mut new: Vec<String> = tags.as_slice().to_vec();
        new.sort();
        if old != new {
            sqlx::query("DELETE FROM bugs_tags WHERE bug_id = $1")
                .bind(bug)
                .execute(&mut *tx)
                .await?;
            for tag in &new {
                sqlx::query("INSERT INTO bugs_tags (bug_id, tag) VALUES ($1, $2)")
                    .bind(bug)
                    .bind(tag)
                    .execute(&mut *tx)
                    .await?;
            }
            log(
                &mut tx,
                bug,
                Some(actor),
                now,
                ("tags", &old.join(", "), &new.join(", ")),
            )
            .await?;
            changed.push("tags");
        }
    }
    if changed.is_empty() {
        return Ok(changed);
    }
    sqlx::query("UPDATE bugs SET updated_at = $2 WHERE id = $1")
        .bind(bug)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    recount(&mut tx, bug, now).await?;
    events::append(
        &mut tx,
        event(
            "bugs.changed",
            bug,
            Some(actor),
            &Changed { fields: &changed },
        ),
    )
    .await?;
    if changed.contains(&"status") {
        notify::enqueue(queue, &mut tx, bug, Some(actor), News::Status).await?;
    } else {
        notify::enqueue(queue, &mut tx, bug, Some(actor), News::Triaged).await?;
    }
    tx.commit().await?;
    queue.wake();
    Ok(changed)
}

/// One of a report's references to something else: what the activity log calls it,
/// its column, and the query that says whether an id is one the report may point to
/// (`$1` the id, `$2` the report's product).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Reference {
    field: &'static str,
    column: &'static str,
    exists: &'static str,
}

const ASSIGNEE: Reference = Reference {
    field: "assignee",
    column: "assignee_id",
    exists: "SELECT id FROM users WHERE id = $1 AND deleted_at IS NULL AND $2 > 0",
};
const COMPONENT: Reference = Reference {
    field: "component",
    column: "component_id",
    exists: "SELECT id FROM bugs_components WHERE id = $1 AND product_id = $2",
};
const FIXED_SERIES: Reference = Reference {
    field: "fixed-series",
    column: "fixed_series_id",
    exists: "SELECT id FROM bugs_series WHERE id = $1 AND product_id = $2",
};

/// Who changes a report, and when.
#[derive(Clone, Copy, Debug)]
struct Moment {
    bug: BugId,
    actor: UserId,
    now: i64,
}

/// Points `reference` of a report of `product` from `old` to `new` (none: nothing),
/// with its line in the activity log; an id it may not point to is refused.
async fn set_reference(
    tx: &mut AnyConnection,
    at: Moment,
    (reference, product): (Reference, ProductId),
    (old, new): (Option<i64>, Option<i64>),
) -> Result<(), BugError> {
    if let Some(id) = new {
        let known: Option<i64> = sqlx::query_scalar(reference.exists)
            .bind(id)
            .bind(product)
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(BugError::UnknownChoice);
        }
    }
    let text = |id: Option<i64>| id.map(|id| id.to_string()).unwrap_or_default();
    let line = (reference.field, text(old), text(new));
    log(
        &mut *tx,
        at.bug,
        Some(at.actor),
        at.now,
        (line.0, &line.1, &line.2),
    )
    .await?;
    // The column is one of the constants above, never anything sent.
    sqlx::query(&format!(
        "UPDATE bugs SET {} = $2 WHERE id = $1",
        reference.column
    ))
    .bind(at.bug)
    .bind(new)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Marks `bug` as a duplicate of `master` (its affected people and subscribers count
/// there from then on, and its own duplicates move to `master`), or unmarks it
/// (`None`: it goes back to the status it had, and its people count on it again).
pub async fn mark_duplicate(
    db: &Db,
    queue: &Queue,
    bug: BugId,
    master: Option<BugId>,
    actor: UserId,
) -> Result<(), BugError> {
    let mut tx = db.write().await?;
    let now = now_ms();
    // The report, the master it goes to and the one it leaves, locked before they are
    // read: two reports marked as each other's duplicates at once cannot both pass.
    let leaving: Option<BugId> =
        sqlx::query_scalar::<_, Option<BugId>>("SELECT duplicate_of FROM bugs WHERE id = $1")
            .bind(bug)
            .fetch_optional(&mut *tx)
            .await?
            .flatten();
    let family: Vec<BugId> = [Some(bug), master, leaving].into_iter().flatten().collect();
    lock(&mut tx, &family).await?;
    let current: Option<(String, Option<BugId>, Option<String>)> =
        sqlx::query_as("SELECT status, duplicate_of, before_duplicate FROM bugs WHERE id = $1")
            .bind(bug)
            .fetch_optional(&mut *tx)
            .await?;
    let (status, was_master, before) = current.ok_or(BugError::NotFound)?;
    if let Some(moved) = was_master.filter(|moved| Some(*moved) != leaving) {
        lock(&mut tx, &[moved]).await?;
    }
    let text = |id: Option<BugId>| id.map(|id| id.to_string()).unwrap_or_default();
    match master {
        Some(master) => {
            if master == bug {
                return Err(BugError::DuplicateCycle);
            }
            let target: Option<Option<BugId>> =
                sqlx::query_scalar("SELECT duplicate_of FROM bugs WHERE id = $1")
                    .bind(master)
                    .fetch_optional(&mut *tx)
                    .await?;
            match target {
                None => return Err(BugError::NoMaster),
                // The master is itself a duplicate: of this report (a cycle), or of
                // another (mark it a duplicate of that one instead).
                Some(Some(_)) => return Err(BugError::DuplicateCycle),
                Some(None) => {}
            }
            if was_master == Some(master) {
                return Ok(());
            }
            // This report's own duplicates now repeat the new master.
            let moved: Vec<BugId> =
                sqlx::query_scalar("SELECT id FROM bugs WHERE duplicate_of = $1 ORDER BY id")
                    .bind(bug)
                    .fetch_all(&mut *tx)
                    .await?;
            for duplicate in &moved {
                log(
                    &mut tx,
                    *duplicate,
                    Some(actor),
                    now,
                    ("duplicate-of", &bug.to_string(), &master.to_string()),
                )
                .await?;
                relink(&mut tx, *duplicate, (Some(bug), Some(master)), actor).await?;
            }
            sqlx::query("UPDATE bugs SET duplicate_of = $2 WHERE duplicate_of = $1")
                .bind(bug)
                .bind(master)
                .execute(&mut *tx)
                .await?;
            let before = if status == Status::Duplicate.as_str() {
                before.unwrap_or_else(|| Status::New.as_str().to_owned())
            } else {
                status.clone()
            };
            sqlx::query(
                "UPDATE bugs SET duplicate_of = $2, before_duplicate = $3, status = $4, \
                 status_at = $5, updated_at = $5 WHERE id = $1",
            )
            .bind(bug)
            .bind(master)
            .bind(&before)
            .bind(Status::Duplicate.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            log(
                &mut tx,
                bug,
                Some(actor),
                now,
                ("duplicate-of", &text(was_master), &master.to_string()),
            )
            .await?;
            if status != Status::Duplicate.as_str() {
                log(
                    &mut tx,
                    bug,
                    Some(actor),
                    now,
                    ("status", &status, Status::Duplicate.as_str()),
                )
                .await?;
            }
            relink(&mut tx, bug, (was_master, Some(master)), actor).await?;
            recount(&mut tx, master, now).await?;
        }
        None => {
            let Some(old_master) = was_master else {
                return Ok(());
            };
            let back = before
                .as_deref()
                .and_then(Status::parse)
                .filter(|status| *status != Status::Duplicate)
                .unwrap_or(Status::New);
            sqlx::query(
                "UPDATE bugs SET duplicate_of = NULL, before_duplicate = NULL, status = $2, \
                 status_at = $3, updated_at = $3 WHERE id = $1",
            )
            .bind(bug)
            .bind(back.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            log(
                &mut tx,
                bug,
                Some(actor),
                now,
                ("duplicate-of", &old_master.to_string(), ""),
            )
            .await?;
            log(
                &mut tx,
                bug,
                Some(actor),
                now,
                ("status", Status::Duplicate.as_str(), back.as_str()),
            )
            .await?;
            relink(&mut tx, bug, (Some(old_master), None), actor).await?;
            recount(&mut tx, old_master, now).await?;
            events::append(
                &mut tx,
                event(
                    "bugs.changed",
                    old_master,
                    Some(actor),
                    &Changed {
                        fields: &["duplicates"],
                    },
                ),
            )
            .await?;
        }
    }
    if let Some(old_master) = was_master.filter(|old| Some(*old) != master) {
        recount(&mut tx, old_master, now).await?;
    }
    recount(&mut tx, bug, now).await?;
    events::append(
        &mut tx,
        event(
            "bugs.changed",
            bug,
            Some(actor),
            &Changed {
                fields: &["duplicate-of"],
            },
        ),
    )
    .await?;
    if let Some(master) = master {
        events::append(
            &mut tx,
            event(
                "bugs.changed",
                master,
                Some(actor),
                &Changed {
                    fields: &["duplicates"],
                },
            ),
        )
        .await?;
    }
    notify::enqueue(queue, &mut tx, bug, Some(actor), News::Status).await?;
    tx.commit().await?;
    queue.wake();
    Ok(())
}

/// Moves the `duplicate-of` link of `bug` from one master to another (either may be
/// none), so the links between rungs say what the reports say.
async fn relink(
    tx: &mut AnyConnection,
    bug: BugId,
    (old, new): (Option<BugId>, Option<BugId>),
    actor: UserId,
) -> Result<(), BugError> {
    if let Some(old) = old {
        sqlx::query(
            "DELETE FROM links WHERE from_kind = $1 AND from_id = $2 AND kind = $3 \
             AND to_kind = $1 AND to_id = $4",
        )
        .bind(crate::SUBJECT)
        .bind(bug)
        .bind(LinkKind::DuplicateOf.as_str())
        .bind(old)
        .execute(&mut *tx)
        .await?;
    }
    if let Some(new) = new
        && let (Ok(from), Ok(to)) = (
            Subject::new(crate::SUBJECT, bug.get()),
            Subject::new(crate::SUBJECT, new.get()),
        )
    {
        links::add(tx, &from, LinkKind::DuplicateOf, &to, Some(actor))
            .await
            .map_err(|error| match error {
                links::LinkError::Database(error) => BugError::Database(error),
                links::LinkError::Bad(_) => BugError::DuplicateCycle,
            })?;
    }
    Ok(())
}

/// The duplicates of `bug`: id and title.
pub async fn duplicates(db: &Db, bug: BugId) -> Result<Vec<(BugId, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, title FROM bugs WHERE duplicate_of = $1 ORDER BY id")
        .bind(bug)
        .fetch_all(db.pool())
        .await
}

/// The Incompleto reports whose status has not moved since `before` expire (as
/// Inválido, with a line in their log by nobody); returns how many.
pub async fn expire(db: &Db, queue: &Queue, before: i64) -> Result<u64, sqlx::Error> {
    let due: Vec<BugId> = sqlx::query_scalar(
        "SELECT id FROM bugs WHERE status = $1 AND status_at < $2 ORDER BY id LIMIT 500",
    )
    .bind(Status::Incomplete.as_str())
    .bind(before)
    .fetch_all(db.pool())
    .await?;
    let mut expired = 0;
    for bug in due {
        let mut tx = db.write().await?;
        let now = now_ms();
        let moved = sqlx::query(
            "UPDATE bugs SET status = $2, status_at = $3, updated_at = $3 WHERE id = $1 \
             AND status = $4 AND status_at < $5",
        )
        .bind(bug)
        .bind(Status::Invalid.as_str())
        .bind(now)
        .bind(Status::Incomplete.as_str())
        .bind(before)
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() == 0 {
            continue;
        }
        log(
            &mut tx,
            bug,
            None,
            now,
            (
                "expired",
                Status::Incomplete.as_str(),
                Status::Invalid.as_str(),
            ),
        )
        .await?;
        recount(&mut tx, bug, now).await?;
        events::append(
            &mut tx,
            event(
                "bugs.changed",
                bug,
                None,
                &Changed {
                    fields: &["status"],
                },
            ),
        )
        .await?;
        notify::enqueue(queue, &mut tx, bug, None, News::Status).await?;
        tx.commit().await?;
        expired += 1;
    }
    if expired > 0 {
        queue.wake();
    }
    Ok(expired)
}

/// Refreshes the heat of the open reports not touched for a day (heat cools with age).
pub async fn cool(db: &Db) -> Result<u64, sqlx::Error> {
    let now = now_ms();
    let rows: Vec<(BugId, i64, i64, i64, String, i64, i64)> = sqlx::query_as(
        "SELECT id, duplicates, affected, subscribers, status, updated_at, heat FROM bugs \
         WHERE heat > 0 AND updated_at < $1",
    )
    .bind(now - heat::DAY_MS)
    .fetch_all(db.pool())
    .await?;
    let mut changed: u64 = 0;
    for (id, duplicates, affected, subscribers, status, updated_at, old) in rows {
        let new = heat::heat(Felt {
            duplicates,
            affected,
            subscribers,
            status: Status::parse(&status).unwrap_or(Status::New),
            updated_at,
            now,
        });
        if new != old {
            sqlx::query("UPDATE bugs SET heat = $2 WHERE id = $1")
                .bind(id)
                .bind(new)
                .execute(db.writes())
                .await?;
            changed += 1;
        }
    }
    if changed > 0 {
        // Lists sorted by heat, kept on every node, are read again.
        let mut tx = db.write().await?;
        let event = NewEvent {
            kind: "bugs.cooled",
            subject: "bugs".to_owned(),
            actor_id: None,
            payload: &changed,
        };
        events::append(&mut tx, event).await?;
        tx.commit().await?;
    }
    Ok(changed)
}

/// What a link elsewhere shows of report `id`: its number, title and status (its
/// master's, for a duplicate), with the series of the fix.
pub async fn described(
    db: &Db,
    id: i64,
) -> Result<Option<(BugId, String, Status, Option<String>)>, sqlx::Error> {
    // A duplicate lives on in its master: what a link shows is the master's status.
    let row: Option<(BugId, String, String, Option<String>)> = sqlx::query_as(
        "SELECT b.id, b.title, COALESCE(m.status, b.status), \
         CASE WHEN m.id IS NULL THEN f.name ELSE mf.name END FROM bugs b \
         LEFT JOIN bugs_series f ON f.id = b.fixed_series_id \
         LEFT JOIN bugs m ON m.id = b.duplicate_of \
         LEFT JOIN bugs_series mf ON mf.id = m.fixed_series_id WHERE b.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|(id, title, status, series)| {
        (
            id,
            title,
            Status::parse(&status).unwrap_or(Status::New),
            series,
        )
    }))
}
