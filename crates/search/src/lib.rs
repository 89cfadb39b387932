//! One search over everything public on the site: a Spanish-aware full-text index on
//! disk that follows the event log, its result page, and the rebuild behind
//! `soporte search reindex`. Calls only the platform; areas hand their documents in
//! through [`Source`] and never see the index.
//!
//! The index belongs with the platform, below every area (the design's table of
//! areas lists it there); it is a crate of its own only so that the platform, which
//! every area and test builds on, does not depend on tantivy.

mod admin;
pub mod analysis;
mod area;
mod bm25f;
mod follow;
mod index;
mod pages;
mod plan;
pub mod policy;
pub mod query;
mod ranking;
pub mod report;
mod schema;
mod scorers;
mod snippets;
pub mod spelling;
pub mod synonyms;
mod vocabulary;

use std::path::Path;
use std::sync::{Arc, RwLock};

use axum::{Extension, Router};
use soporte_platform::i18n::Locale;
use soporte_platform::server::Task;
use soporte_platform::storage::{Db, Migrations};
use soporte_platform::web::AppState;

pub use area::{SearchArea, open, search_dir};
pub use index::{Change, SearchError, SearchIndex};
pub use query::{Found, Hit, Piece, Query};
pub use soporte_platform::searchable::{Document, Source, SourceFuture};
use soporte_platform::searchable::{FindFuture, Finder, Suggestion};

use follow::Sources;
use synonyms::Synonyms;

/// The area's tables: synonyms, and the query log behind the staff's report.
pub const MIGRATIONS: Migrations = soporte_platform::migrations!(
    "search": "0001_search", "0002_one_click_per_result",
);

/// The area's texts.
pub const FLUENT: [(Locale, &str); 2] = [
    (Locale::EsMx, include_str!("../locales/es-MX/search.ftl")),
    (Locale::En, include_str!("../locales/en/search.ftl")),
];

/// The search of a running server: its index and the areas that feed it.
pub struct Search {
    index: Arc<SearchIndex>,
    sources: Arc<Sources>,
    /// The staff's synonym groups, as last read from the database.
    synonyms: RwLock<Arc<Synonyms>>,
}

impl Search {
    /// Opens (or creates) the index in `dir`, fed by `sources`.
    pub fn open(dir: &Path, sources: Vec<Arc<dyn Source>>) -> Result<Arc<Search>, SearchError> {
        Ok(Arc::new(Search {
            index: Arc::new(SearchIndex::open(dir)?),
            sources: Arc::new(Sources(sources)),
            synonyms: RwLock::new(Arc::new(Synonyms::default())),
        }))
    }

    /// Runs `query` off the async threads.
    pub async fn search(&self, query: Query, prefer: Locale) -> Result<Found, SearchError> {
        let index = self.index.clone();
        let synonyms = self.synonyms();
        tokio::task::spawn_blocking(move || index.search(&query, prefer, &synonyms)).await?
    }

    /// A better-spelled query, when one exists in the articles' words.
    pub async fn suggest(&self, query: Query) -> Result<Option<String>, SearchError> {
        let index = self.index.clone();
        let synonyms = self.synonyms();
        tokio::task::spawn_blocking(move || index.suggest(&query, &synonyms)).await?
    }

    fn synonyms(&self) -> Arc<Synonyms> {
        match self.synonyms.read() {
            Ok(synonyms) => synonyms.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Reads the synonym groups again (after staff changed them, here or on another
    /// node).
    pub async fn reload_synonyms(&self, db: &Db) -> Result<(), SearchError> {
        admin::seed_curated(db).await?;
        let loaded = Arc::new(admin::load_synonyms(db).await?);
        match self.synonyms.write() {
            Ok(mut synonyms) => *synonyms = loaded,
            Err(poisoned) => *poisoned.into_inner() = loaded,
        }
        Ok(())
    }

    /// Rebuilds the whole index from the database; `progress` hears (done, total).
    pub async fn rebuild(
        &self,
        db: &Db,
        progress: &mut (dyn FnMut(u64, u64) + Send),
    ) -> Result<u64, SearchError> {
        follow::rebuild(&self.index, &self.sources, db, progress).await
    }

    /// How many documents are searchable.
    pub fn len(&self) -> u64 {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Every collection a search can be narrowed to: (slug, Fluent id of its name).
    pub fn collections(&self) -> Vec<(&'static str, &'static str)> {
        self.sources
            .0
            .iter()
            .flat_map(|source| source.collections().iter().copied())
            .collect()
    }

    /// The background task that keeps the index following the event log.
    pub fn follower(self: &Arc<Self>) -> Task {
        let search = self.clone();
        Box::new(move |db, stop| Box::pin(follow::follow(search, db, stop)))
    }

    /// The Fluent id of the name of `collection` (a slug a source offers).
    fn collection_name(&self, collection: &str) -> &'static str {
        self.sources
            .0
            .iter()
            .flat_map(|source| source.collections().iter())
            .find(|(slug, _)| *slug == collection)
            .map_or("search-all-collections", |(_, name)| *name)
    }

    /// The search page, `/buscar`, and the staff's pages.
    pub fn routes(self: &Arc<Self>) -> Router<AppState> {
        pages::routes()
            .merge(admin::routes())
            .layer(Extension(self.clone()))
    }
}

impl Finder for Search {
    fn find<'a>(&'a self, text: &'a str, language: Locale, limit: usize) -> FindFuture<'a> {
        self.find_among(Query::new(text), language, limit)
    }

    fn find_in<'a>(
        &'a self,
        text: &'a str,
        language: Locale,
        collection: &'a str,
        limit: usize,
    ) -> FindFuture<'a> {
        let query = Query::new(text).in_collection(collection).at_most(limit);
        self.find_among(query, language, limit)
    }
}

impl Search {
    /// What `query` finds, as suggestions for another area.
    fn find_among(&self, query: Query, language: Locale, limit: usize) -> FindFuture<'_> {
        Box::pin(async move {
            let query = query.without_snippets();
            if query.is_empty() {
                return Vec::new();
            }
            match self.search(query, language).await {
                Ok(found) => found
                    .hits
                    .into_iter()
                    .take(limit)
                    .map(|hit| Suggestion {
                        collection: self.collection_name(&hit.collection),
                        key: hit.key,
                        title: hit.title,
                        path: hit.path,
                        settled: hit.settled,
                    })
                    .collect(),
                Err(error) => {
                    tracing::warn!(%error, "no suggestions: the search failed");
                    Vec::new()
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use soporte_platform::i18n::I18n;

    #[test]
    fn both_locales_define_the_same_messages() {
        let es = I18n::message_ids(super::FLUENT[0].1);
        assert!(es.len() > 10);
        assert_eq!(es, I18n::message_ids(super::FLUENT[1].1));
        for (_, source) in super::FLUENT {
            assert_eq!(I18n::run_together(source), Vec::<String>::new());
        }
    }
}
