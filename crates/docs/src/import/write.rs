//! Writing a planned import: images first (the articles point at them), then each
//! article created, revised (a new revision when its text changed) or left alone, and
//! the collection's order made the tree's.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use soporte_platform::events::{self, NewEvent};
use soporte_platform::i18n::Locale;
use soporte_platform::storage::Db;

use super::plan::{self, Existing, Planned};
use super::{Tree, images};
use crate::ArticleId;
use crate::collections::Collection;
use crate::store::{self, Draft, New, Publish, StoreError};

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub images: usize,
    /// What was not converted, with how many times (an image the tree lacks counts as
    /// `image:PATH`).
    pub unknown: BTreeMap<String, usize>,
}

/// The words an import writes, in the collection's language.
pub struct Texts<'a> {
    /// The revision summary, given the source document's name.
    pub summary: &'a dyn Fn(&str) -> String,
    /// An admonition's heading, given its kind (`note`, `warning`…).
    pub admonition: &'a dyn Fn(&str) -> String,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("no reStructuredText documents (.rst) in the tree")]
    Empty,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Revise(#[from] store::ReviseError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Imports `tree` into `collection` in `locale`; `progress` hears (done, total) after
/// each article.
pub async fn import(
    db: &Db,
    tree: &Tree,
    collection: Collection,
    locale: Locale,
    texts: &Texts<'_>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Summary, ImportError> {
    if !tree.texts.keys().any(|path| path.ends_with(".rst")) {
        return Err(ImportError::Empty);
    }
    let existing = existing(db, collection, locale).await?;
    let planned = plan::plan(&tree.texts, &collection.path(), &existing, texts.admonition);
    let mut summary = Summary::default();
    let mut served: HashMap<&str, String> = HashMap::new();
    for (_, path) in planned.iter().flat_map(|article| &article.images) {
        if served.contains_key(path.as_str()) {
            continue;
        }
        if let Some((content_type, bytes)) = tree.images.get(path) {
            let id = images::save(db, collection, path, content_type, bytes).await?;
            served.insert(path, images::url(id));
            summary.images += 1;
        }
    }
    let total = planned.len() as u64;
    progress(0, total);
    let mut order = Vec::with_capacity(planned.len());
    for (n, article) in planned.iter().enumerate() {
        for name in &article.unknown {
            *summary.unknown.entry(name.clone()).or_default() += 1;
        }
        let mut body = article.markdown.clone();
        for (written, path) in &article.images {
            match served.get(path.as_str()) {
                Some(url) => body = body.replace(&format!("]({written})"), &format!("]({url})")),
                None => *summary.unknown.entry(format!("image:{path}")).or_default() += 1,
            }
        }
        let draft = Draft {
            title: article.title.clone(),
            body,
            summary: (texts.summary)(&article.source),
            category: String::new(),
            keywords: String::new(),
        };
        order.push(write_one(db, collection, locale, article, &draft, &mut summary).await?);
        progress(n as u64 + 1, total);
    }
    record(db, collection, locale, &order, &summary).await?;
    Ok(summary)
}

#[derive(Serialize)]
struct ImportEvent<'a> {
    collection: &'a str,
    lang: &'a str,
    created: usize,
    updated: usize,
    unchanged: usize,
    articles: &'a [ArticleId],
}

/// Puts the imported articles in the tree's order, after the collection's own, and
/// records the import in the event log.
async fn record(
    db: &Db,
    collection: Collection,
    locale: Locale,
    order: &[ArticleId],
    summary: &Summary,
) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    let last: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(position) FROM doc_articles \
         WHERE collection = $1 AND lang = $2 AND import_source IS NULL",
    )
    .bind(collection.slug())
    .bind(locale.tag())
    .fetch_one(&mut *tx)
    .await?;
    let first = last.unwrap_or(0) + 1;
    for (position, id) in (first..).zip(order) {
        sqlx::query("UPDATE doc_articles SET position = $1 WHERE id = $2")
            .bind(position)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let payload = ImportEvent {
        collection: collection.slug(),
        lang: locale.tag(),
        created: summary.created,
        updated: summary.updated,
        unchanged: summary.unchanged,
        articles: order,
    };
    let event = NewEvent {
        kind: "docs.imported",
        subject: format!("docs_import:{}", collection.slug()),
        actor_id: None,
        payload: &payload,
    };
    events::append(&mut tx, event).await?;
    tx.commit().await
}

/// Creates, revises or leaves alone one article; returns its id.
async fn write_one(
    db: &Db,
    collection: Collection,
    locale: Locale,
    article: &Planned,
    draft: &Draft,
    summary: &mut Summary,
) -> Result<ArticleId, ImportError> {
    let found: Option<(String,)> = sqlx::query_as(
        "SELECT slug FROM doc_articles WHERE collection = $1 AND lang = $2 AND import_source = $3",
    )
    .bind(collection.slug())
    .bind(locale.tag())
    .bind(&article.source)
    .fetch_optional(db.pool())
    .await?;
    let current = match found {
        Some((slug,)) => store::find(db, collection, locale, &slug).await?,
        None => None,
    };
    match current {
        Some(current) if current.title == draft.title && current.body == draft.body => {
            summary.unchanged += 1;
            Ok(current.id)
        }
        Some(current) => {
            store::revise(db, &current, draft, None, Publish::Now, None).await?;
            summary.updated += 1;
            Ok(current.id)
        }
        None => {
            let new = New {
                origin: None,
                collection,
                locale,
                address: &article.slug,
                import_source: Some(&article.source),
            };
            let id = store::insert(db, new, draft, None, Publish::Now).await?;
            summary.created += 1;
            Ok(id)
        }
    }
}

/// The addresses already used in the collection, and those of earlier imports.
async fn existing(
    db: &Db,
    collection: Collection,
    locale: Locale,
) -> Result<Existing, sqlx::Error> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT slug, import_source FROM doc_articles WHERE collection = $1 AND lang = $2",
    )
    .bind(collection.slug())
    .bind(locale.tag())
    .fetch_all(db.pool())
    .await?;
    let mut existing = Existing::default();
    for (slug, source) in rows {
        match source {
            Some(source) => {
                existing.imported.insert(source, slug);
            }
            None => {
                existing.taken.insert(slug);
            }
        }
    }
    Ok(existing)
}
