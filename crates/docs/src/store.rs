//! Articles and revisions in the database. Each write is one transaction with its
//! revision and its event.

use serde::Serialize;
use soporte_platform::audit::Action;
use soporte_platform::events::{self, NewEvent};
use soporte_platform::i18n::Locale;
use soporte_platform::links::{self, Described, LinkError, LinkKind, Subject};
use soporte_platform::recognition::{self, Badge};
use soporte_platform::storage::UserId;
use soporte_platform::storage::{Db, now_ms};
use soporte_platform::text::slug;

use crate::collections::Collection;
use crate::{ArticleId, RevisionId};

/// An article in a collection's table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub slug: String,
    pub title: String,
}

/// An article to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    pub id: ArticleId,
    pub collection: Collection,
    pub locale: Locale,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub category: String,
    /// Words the article should be found by.
    pub keywords: String,
    pub updated_at: i64,
}

/// One revision, for the history page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    pub number: i64,
    pub author: Option<String>,
    pub at: i64,
    pub summary: String,
}

/// The text of an article as its author submits it.
#[derive(Clone, Debug)]
pub struct Draft {
    pub title: String,
    pub body: String,
    pub summary: String,
    /// The FAQ category; empty elsewhere.
    pub category: String,
    /// Words the article should be found by, comma-separated.
    pub keywords: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the title gives no usable address")]
    EmptySlug,
    #[error("another article of this collection has that address")]
    SlugTaken,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Why a revision was not added.
#[derive(Debug, thiserror::Error)]
pub enum ReviseError {
    #[error("someone else saved the article since the change began")]
    SavedMeanwhile,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Paths under a collection that are pages, not articles.
const RESERVED: [&str; 1] = ["nuevo"];
/// A reviewer published a revision.
const APPROVED: Action = Action::new("docs.revision_approved");
/// A reviewer turned a revision down.
const REJECTED: Action = Action::new("docs.revision_rejected");

/// The articles of `collection` in `locale`, in the author's order.
pub async fn contents(
    db: &Db,
    collection: Collection,
    locale: Locale,
) -> Result<Vec<Entry>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT slug, title FROM doc_articles WHERE collection = $1 AND lang = $2 AND published = 1 \
         ORDER BY position, id",
    )
    .bind(collection.slug())
    .bind(locale.tag())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, title)| Entry { slug, title })
        .collect())
}

/// How many articles each collection has in `locale`.
/// A published article's title and address, for a link shown on another rung.
pub async fn describe(db: &Db, id: i64) -> Result<Option<Described>, sqlx::Error> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT collection, slug, title FROM doc_articles WHERE id = $1 AND published = 1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.and_then(|(collection, slug, title)| {
        let collection = Collection::from_slug(&collection)?;
        Some(Described {
            title,
            path: format!("{}/{slug}", collection.path()),
            state: None,
        })
    }))
}

pub async fn counts(db: &Db, locale: Locale) -> Result<Vec<(Collection, i64)>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT collection, COUNT(*) FROM doc_articles WHERE lang = $1 AND published = 1 GROUP BY collection",
    )
    .bind(locale.tag())
    .fetch_all(db.pool())
    .await?;
    Ok(Collection::ALL
        .into_iter()
        .map(|collection| {
            let count = rows
                .iter()
                .find(|(slug, _)| slug == collection.slug())
                .map_or(0, |(_, n)| *n);
            (collection, count)
        })
        .collect())
}

/// The article at `slug`.
pub async fn find(
    db: &Db,
    collection: Collection,
    locale: Locale,
    slug: &str,
) -> Result<Option<Article>, sqlx::Error> {
    let row: Option<(ArticleId, String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, slug, title, body, category, keywords, updated_at FROM doc_articles \
         WHERE collection = $1 AND lang = $2 AND slug = $3 AND published = 1",
    )
    .bind(collection.slug())
    .bind(locale.tag())
    .bind(slug)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(
        |(id, slug, title, body, category, keywords, updated_at)| Article {
            id,
            collection,
            locale,
            slug,
            title,
            body,
            category,
            keywords,
            updated_at,
        },
    ))
}

#[derive(Serialize)]
struct ArticleEvent<'a> {
    collection: &'a str,
    lang: &'a str,
    slug: &'a str,
    revision: i64,
}

/// Whether a change is published at once or waits for review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Publish {
    Now,
    AfterReview,
}

impl Publish {
    fn state(self) -> &'static str {
        match self {
            Publish::Now => "published",
            Publish::AfterReview => "pending",
        }
    }
}

/// Adds an article at the end of `collection`; returns its address (slug). Waiting for
/// review, it stays hidden from readers until approved.
pub async fn create(
    db: &Db,
    (collection, locale): (Collection, Locale),
    draft: &Draft,
    author_id: Option<UserId>,
    publish: Publish,
    origin: Option<&Subject>,
) -> Result<String, StoreError> {
    let address = slug(&draft.title);
    let new = New {
        collection,
        locale,
        address: &address,
        import_source: None,
        origin,
    };
    insert(db, new, draft, author_id, publish).await?;
    Ok(address)
}

/// Where a new article goes.
pub(crate) struct New<'a> {
    pub collection: Collection,
    pub locale: Locale,
    pub address: &'a str,
    /// The Sphinx document it was imported from.
    pub import_source: Option<&'a str>,
    /// What it was made from on another rung (a solved question), linked to it.
    pub origin: Option<&'a Subject>,
}

/// Adds an article at `new.address`, at the end of its collection; returns its id.
pub(crate) async fn insert(
    db: &Db,
    new: New<'_>,
    draft: &Draft,
    author_id: Option<UserId>,
    publish: Publish,
) -> Result<ArticleId, StoreError> {
    let New {
        collection,
        locale,
        address,
        import_source,
        origin,
    } = new;
    if address.is_empty() || RESERVED.contains(&address) {
        return Err(StoreError::EmptySlug);
    }
    let mut tx = db.write().await?;
    let taken: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM doc_articles WHERE collection = $1 AND lang = $2 AND slug = $3",
    )
    .bind(collection.slug())
    .bind(locale.tag())
    .bind(address)
    .fetch_optional(&mut *tx)
    .await?;
    if taken.is_some() {
        return Err(StoreError::SlugTaken);
    }
    let last: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(position) FROM doc_articles WHERE collection = $1 AND lang = $2",
    )
    .bind(collection.slug())
    .bind(locale.tag())
    .fetch_one(&mut *tx)
    .await?;
    let now = now_ms();
    let id: ArticleId = sqlx::query_scalar(
        "INSERT INTO doc_articles (collection, lang, slug, title, body, position, created_at, updated_at, published, category, import_source, keywords) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(collection.slug())
    .bind(locale.tag())
    .bind(address)
    .bind(&draft.title)
    .bind(&draft.body)
    .bind(last.unwrap_or(0) + 1)
    .bind(now)
    .bind(i64::from(publish == Publish::Now))
    .bind(&draft.category)
    .bind(import_source)
    .bind(&draft.keywords)
    .fetch_one(&mut *tx)
    .await?;
    add_revision(&mut tx, id, 1, draft, author_id, now, publish).await?;
    let payload = ArticleEvent {
        collection: collection.slug(),
        lang: locale.tag(),
        slug: address,
        revision: 1,
    };
    let event = NewEvent {
        kind: "docs.article_created",
        subject: format!("doc:{id}"),
        actor_id: author_id,
        payload: &payload,
    };
    events::append(&mut tx, event).await?;
    if let Some(origin) = origin {
        let made = Subject::new(crate::SUBJECT, id.get())
            .map_err(|error| sqlx::Error::Protocol(error.to_string()))?;
        links::add(&mut tx, origin, LinkKind::PromotedTo, &made, author_id)
            .await
            .map_err(|error| match error {
                LinkError::Database(error) => error,
                LinkError::Bad(bad) => sqlx::Error::Protocol(bad.to_string()),
            })?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Saves a new revision of `article` (its address stays). Waiting for review, it does
/// not change the article until approved.
/// The version of an article's text: its `updated_at`, which every change of the text
/// moves forward (a save, an approved change, a revert), while changes that wait for
/// review do not. What an edit starts from, and what [`revise`] checks it still is.
pub async fn text_version(db: &Db, article: ArticleId) -> Result<i64, sqlx::Error> {
    let version: Option<i64> =
        sqlx::query_scalar("SELECT updated_at FROM doc_articles WHERE id = $1")
            .bind(article)
            .fetch_optional(db.pool())
            .await?;
    Ok(version.unwrap_or(0))
}

/// `updated_at` moved forward to `$3` (now), or by one when now is not later: a
/// version never comes back, even for two changes in one millisecond.
const NEXT_VERSION: &str = "CASE WHEN updated_at >= $3 THEN updated_at + 1 ELSE $3 END";

/// Adds a revision of `article`. `base` is the text's version the change was made
/// from ([`text_version`] when the editor opened): if the text changed since (a save,
/// an approval) or changes at the same moment, nothing is written and the answer is
/// [`ReviseError::SavedMeanwhile`], so no change silently undoes another. `None` for
/// writers who replace the text whatever it is (an import, a revert).
pub async fn revise(
    db: &Db,
    article: &Article,
    draft: &Draft,
    author_id: Option<UserId>,
    publish: Publish,
    base: Option<i64>,
) -> Result<i64, ReviseError> {
    let mut tx = db.write().await?;
    let version: Option<i64> =
        sqlx::query_scalar("SELECT updated_at FROM doc_articles WHERE id = $1")
            .bind(article.id)
            .fetch_optional(&mut *tx)
            .await?;
    let version = version.unwrap_or(0);
    if base.is_some_and(|base| base != version) {
        return Err(ReviseError::SavedMeanwhile);
    }
    let last: Option<i64> =
        sqlx::query_scalar("SELECT MAX(number) FROM doc_revisions WHERE article_id = $1")
            .bind(article.id)
            .fetch_one(&mut *tx)
            .await?;
    let last = last.unwrap_or(0);
    let number = last + 1;
    let now = now_ms();
    if publish == Publish::Now {
        // Only if the text is still the version read above: a change committed since
        // (on PostgreSQL this waits for it) leaves nothing to update.
        let updated = sqlx::query(&format!(
            "UPDATE doc_articles SET title = $1, body = $2, updated_at = {NEXT_VERSION}, \
             category = $5, keywords = $6 WHERE id = $4 AND updated_at = $7"
        ))
        .bind(&draft.title)
        .bind(&draft.body)
        .bind(now)
        .bind(article.id)
        .bind(&draft.category)
        .bind(&draft.keywords)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(ReviseError::SavedMeanwhile);
        }
    }
    // Two saves at once both read the same newest number; the second to insert it
    // finds it taken (PostgreSQL) and writes nothing.
    if let Err(error) =
        add_revision(&mut tx, article.id, number, draft, author_id, now, publish).await
    {
        let taken = error
            .as_database_error()
            .is_some_and(|error| error.is_unique_violation());
        return Err(if taken {
            ReviseError::SavedMeanwhile
        } else {
            error.into()
        });
    }
    let payload = ArticleEvent {
        collection: article.collection.slug(),
        lang: article.locale.tag(),
        slug: &article.slug,
        revision: number,
    };
    let event = NewEvent {
        kind: "docs.article_revised",
        subject: format!("doc:{}", article.id),
        actor_id: author_id,
        payload: &payload,
    };
    events::append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(number)
}

async fn add_revision(
    connection: &mut sqlx::AnyConnection,
    article_id: ArticleId,
    number: i64,
    draft: &Draft,
    author_id: Option<UserId>,
    at: i64,
    publish: Publish,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO doc_revisions (article_id, number, author_id, at, summary, title, body, state, category, keywords) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(article_id)
    .bind(number)
    .bind(author_id)
    .bind(at)
    .bind(&draft.summary)
    .bind(&draft.title)
    .bind(&draft.body)
    .bind(publish.state())
    .bind(&draft.category)
    .bind(&draft.keywords)
    .execute(connection)
    .await?;
    Ok(())
}

/// Every revision of an article, newest first, with its author's name (empty once
/// the author deleted their account).
pub async fn history(db: &Db, article_id: ArticleId) -> Result<Vec<Revision>, sqlx::Error> {
    let rows: Vec<(i64, Option<String>, i64, String)> = sqlx::query_as(
        "SELECT r.number, u.display_name, r.at, r.summary FROM doc_revisions r \
         LEFT JOIN users u ON u.id = r.author_id WHERE r.article_id = $1 AND r.state = 'published' \
         ORDER BY r.number DESC",
    )
    .bind(article_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(number, author, at, summary)| Revision {
            number,
            author,
            at,
            summary,
        })
        .collect())
}

/// An article for feeds and sitemaps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub collection: Collection,
    pub locale: Locale,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Articles, most recently changed first, at most `limit`.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<Listed>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT collection, lang, slug, title, body, created_at, updated_at FROM doc_articles \
         WHERE published = 1 ORDER BY updated_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(collection, lang, slug, title, body, created_at, updated_at)| {
                Some(Listed {
                    collection: Collection::from_slug(&collection)?,
                    locale: Locale::from_tag(&lang)?,
                    slug,
                    title,
                    body,
                    created_at,
                    updated_at,
                })
            },
        )
        .collect())
}

/// The title and text of revision `number` of an article.
pub async fn revision(
    db: &Db,
    article_id: ArticleId,
    number: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT title, body FROM doc_revisions WHERE article_id = $1 AND number = $2 AND state = 'published'",
    )
        .bind(article_id)
        .bind(number)
        .fetch_optional(db.pool())
        .await
}

/// A change waiting for review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub revision_id: RevisionId,
    pub collection: Collection,
    pub slug: String,
    pub title: String,
    pub body: String,
    /// The article's published text, empty for a new article.
    pub current_body: String,
    pub is_new: bool,
    pub author: Option<String>,
    pub at: i64,
    pub summary: String,
}

/// id, collection, slug, revision title and body, article body, published, author, at, summary.
type PendingRow = (
    RevisionId,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    i64,
    String,
);

/// Every change waiting for review, oldest first.
/// Changes waiting for review, oldest first: `limit` of them after the first `offset`.
pub async fn pending(db: &Db, limit: i64, offset: i64) -> Result<Vec<Pending>, sqlx::Error> {
    let rows: Vec<PendingRow> = sqlx::query_as(
        "SELECT r.id, a.collection, a.slug, r.title, r.body, a.body, a.published, u.display_name, r.at, r.summary \
         FROM doc_revisions r JOIN doc_articles a ON a.id = r.article_id LEFT JOIN users u ON u.id = r.author_id \
         WHERE r.state = 'pending' ORDER BY r.id LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(
                revision_id,
                collection,
                slug,
                title,
                body,
                current,
                published,
                author,
                at,
                summary,
            )| {
                Some(Pending {
                    revision_id,
                    collection: Collection::from_slug(&collection)?,
                    slug,
                    title,
                    body,
                    current_body: if published == 1 {
                        current
                    } else {
                        String::new()
                    },
                    is_new: published == 0,
                    author,
                    at,
                    summary,
                })
            },
        )
        .collect())
}

/// What a reviewer decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
}

/// What came of a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Someone else decided first.
    NotPending,
    /// The article was published anew after this change was written; approving it
    /// would silently undo that, so it was not approved.
    Outdated,
}

#[derive(Serialize)]
struct Reviewed {
    revision: RevisionId,
}

/// Applies a reviewer's decision on a pending revision. Exactly one decision wins
/// even when two reviewers act at once: the state changes from `pending` in one
/// statement before anything else.
///
/// The revision and the reviewer are ids of different kinds:
///
/// ```no_run
/// # use soporte_docs::{RevisionId, store::{self, Decision}};
/// # async fn review(db: &soporte_platform::storage::Db, revision: RevisionId,
/// #     reviewer: soporte_platform::storage::UserId) -> Result<(), sqlx::Error> {
/// store::decide(db, revision, Decision::Approve, reviewer).await?;
/// # Ok(()) }
/// ```
///
/// so handing them over swapped does not compile:
///
/// ```compile_fail
/// # use soporte_docs::{RevisionId, store::{self, Decision}};
/// # async fn review(db: &soporte_platform::storage::Db, revision: RevisionId,
/// #     reviewer: soporte_platform::storage::UserId) -> Result<(), sqlx::Error> {
/// store::decide(db, reviewer, Decision::Approve, revision).await?;
/// # Ok(()) }
/// ```
pub async fn decide(
    db: &Db,
    revision_id: RevisionId,
    decision: Decision,
    reviewer_id: UserId,
) -> Result<Outcome, sqlx::Error> {
    let mut tx = db.write().await?;
    if decision == Decision::Approve {
        let newer: Option<i64> = sqlx::query_scalar(
            "SELECT n.id FROM doc_revisions p JOIN doc_revisions n ON n.article_id = p.article_id \
             WHERE p.id = $1 AND p.state = 'pending' AND n.state = 'published' AND n.number > p.number LIMIT 1",
        )
        .bind(revision_id)
        .fetch_optional(&mut *tx)
        .await?;
        if newer.is_some() {
            return Ok(Outcome::Outdated);
        }
    }
    let (state, kind) = match decision {
        Decision::Approve => ("published", APPROVED),
        Decision::Reject => ("rejected", REJECTED),
    };
    let row: Option<(i64, String, String, String, String, Option<UserId>)> = sqlx::query_as(
        "UPDATE doc_revisions SET state = $1 WHERE id = $2 AND state = 'pending' \
         RETURNING article_id, title, body, category, keywords, author_id",
    )
    .bind(state)
    .bind(revision_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((article_id, title, body, category, keywords, author)) = row else {
        return Ok(Outcome::NotPending);
    };
    match decision {
        Decision::Approve => {
            sqlx::query(
                "UPDATE doc_articles SET title = $1, body = $2, updated_at = CASE WHEN updated_at >= $3 THEN updated_at + 1 ELSE $3 END, published = 1, category = $5, \
                 keywords = $6 WHERE id = $4",
            )
            .bind(&title)
            .bind(&body)
            .bind(now_ms())
            .bind(article_id)
            .bind(&category)
            .bind(&keywords)
            .execute(&mut *tx)
            .await?;
            if let Some(author) = author {
                recognition::award(&mut tx, author, &[Badge::FirstArticleEdit]).await?;
            }
        }
        Decision::Reject => {
            // A rejected new article leaves nothing behind, not even its address.
            sqlx::query("DELETE FROM doc_articles WHERE id = $1 AND published = 0")
                .bind(article_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    let payload = Reviewed {
        revision: revision_id,
    };
    soporte_platform::audit::record(
        &mut tx,
        soporte_platform::audit::Entry {
            actor_id: Some(reviewer_id),
            action: kind,
            target_user_id: None,
            detail: &payload,
        },
    )
    .await?;
    let event = NewEvent {
        kind: kind.name(),
        subject: format!("doc:{article_id}"),
        actor_id: Some(reviewer_id),
        payload: &payload,
    };
    events::append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(Outcome::Done)
}

/// A question and its answer, for the FAQ page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaqEntry {
    pub slug: String,
    pub question: String,
    pub answer: String,
    pub category: String,
}

/// The FAQ in `locale`, in the author's order.
pub async fn faq(db: &Db, locale: Locale) -> Result<Vec<FaqEntry>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT slug, title, body, category FROM doc_articles \
         WHERE collection = $1 AND lang = $2 AND published = 1 ORDER BY position, id",
    )
    .bind(Collection::Faq.slug())
    .bind(locale.tag())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, question, answer, category)| FaqEntry {
            slug,
            question,
            answer,
            category,
        })
        .collect())
}

/// Which way an article moves in its collection's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
}

/// Swaps an article with its neighbour in the author's order; false when it is
/// already first (or last).
pub async fn move_article(
    db: &Db,
    article: &Article,
    direction: Move,
    actor_id: UserId,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.write().await?;
    let (comparison, order) = match direction {
        Move::Up => ("<", "DESC"),
        Move::Down => (">", "ASC"),
    };
    let current: i64 = sqlx::query_scalar("SELECT position FROM doc_articles WHERE id = $1")
        .bind(article.id)
        .fetch_one(&mut *tx)
        .await?;
    let neighbour: Option<(ArticleId, i64)> = sqlx::query_as(&format!(
        "SELECT id, position FROM doc_articles WHERE collection = $1 AND lang = $2 AND published = 1 \
         AND position {comparison} $3 ORDER BY position {order}, id {order} LIMIT 1"
    ))
    .bind(article.collection.slug())
    .bind(article.locale.tag())
    .bind(current)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((other, position)) = neighbour else {
        return Ok(false);
    };
    for (id, new_position) in [(article.id, position), (other, current)] {
        sqlx::query("UPDATE doc_articles SET position = $1 WHERE id = $2")
            .bind(new_position)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let payload = ArticleEvent {
        collection: article.collection.slug(),
        lang: article.locale.tag(),
        slug: &article.slug,
        revision: 0,
    };
    let event = NewEvent {
        kind: "docs.article_moved",
        subject: format!("doc:{}", article.id),
        actor_id: Some(actor_id),
        payload: &payload,
    };
    events::append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(true)
}

/// An article's version in the other language, as a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translation {
    pub id: ArticleId,
    pub locale: Locale,
    pub slug: String,
    pub title: String,
}

/// The published translation of `article`, if one is linked.
pub async fn translation(db: &Db, article: &Article) -> Result<Option<Translation>, sqlx::Error> {
    let row: Option<(ArticleId, String, String, String)> = sqlx::query_as(
        "SELECT t.id, t.lang, t.slug, t.title FROM doc_articles a \
         JOIN doc_articles t ON t.id = a.translation_id \
         WHERE a.id = $1 AND t.published = 1",
    )
    .bind(article.id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.and_then(|(id, lang, slug, title)| {
        Some(Translation {
            id,
            locale: Locale::from_tag(&lang)?,
            slug,
            title,
        })
    }))
}

/// The articles of `collection` in `locale` that a translation link may point to.
pub async fn translation_candidates(
    db: &Db,
    collection: Collection,
    locale: Locale,
) -> Result<Vec<(ArticleId, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title FROM doc_articles WHERE collection = $1 AND lang = $2 \
         AND published = 1 ORDER BY position, id",
    )
    .bind(collection.slug())
    .bind(locale.tag())
    .fetch_all(db.pool())
    .await
}

#[derive(Debug, thiserror::Error)]
pub enum TranslationError {
    #[error("the translation must be an article of the same collection in the other language")]
    NotAPair,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

#[derive(Serialize)]
struct TranslationEvent {
    translation_id: Option<ArticleId>,
}

/// Links `article` and the article `other` as versions of each other (undoing any
/// earlier link of either), or unlinks `article` when `other` is `None`.
pub async fn link_translation(
    db: &Db,
    article: &Article,
    other: Option<ArticleId>,
    actor_id: Option<UserId>,
) -> Result<(), TranslationError> {
    let mut tx = db.write().await?;
    if let Some(other) = other {
        let pair: Option<(String, String)> =
            sqlx::query_as("SELECT collection, lang FROM doc_articles WHERE id = $1")
                .bind(other)
                .fetch_optional(&mut *tx)
                .await?;
        let fits = pair.is_some_and(|(collection, lang)| {
            collection == article.collection.slug() && lang != article.locale.tag()
        });
        if !fits {
            return Err(TranslationError::NotAPair);
        }
    }
    let ids = [Some(article.id), other];
    let mut touched: Vec<ArticleId> = ids.iter().flatten().copied().collect();
    let previous: Vec<Option<ArticleId>> = {
        let mut found = Vec::new();
        for id in &touched {
            found.push(
                sqlx::query_scalar("SELECT translation_id FROM doc_articles WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?,
            );
        }
        found
    };
    touched.extend(previous.into_iter().flatten());
    for id in &touched {
        sqlx::query("UPDATE doc_articles SET translation_id = NULL WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(other) = other {
        for (from, to) in [(article.id, other), (other, article.id)] {
            sqlx::query("UPDATE doc_articles SET translation_id = $1 WHERE id = $2")
                .bind(to)
                .bind(from)
                .execute(&mut *tx)
                .await?;
        }
    }
    if let (Some(_), Some(actor)) = (other, actor_id) {
        recognition::award(&mut tx, actor, &[Badge::Translator]).await?;
    }
    let payload = TranslationEvent {
        translation_id: other,
    };
    let event = NewEvent {
        kind: "docs.translation_linked",
        subject: format!("doc:{}", article.id),
        actor_id,
        payload: &payload,
    };
    events::append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(())
}
