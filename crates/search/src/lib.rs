//! One search over everything public on the site: a Spanish-aware full-text index on
//! disk that follows the event log, its result page, and the rebuild behind
//! `soporte search reindex`. Calls only the platform; areas hand their documents in
//! through [`Source`] and never see the index.

pub mod analysis;
mod document;
mod follow;
mod index;
mod pages;
pub mod query;

use std::path::Path;
use std::sync::Arc;

use axum::{Extension, Router};
use soporte_platform::i18n::Locale;
use soporte_platform::server::Task;
use soporte_platform::storage::Db;
use soporte_platform::web::AppState;

pub use document::{Document, Source, SourceFuture};
pub use index::{Change, SearchError, SearchIndex};
pub use query::{Found, Hit, Piece, Query};

use follow::Sources;

/// The area's texts.
pub const FLUENT: [(Locale, &str); 2] = [
    (Locale::EsMx, include_str!("../locales/es-MX/search.ftl")),
    (Locale::En, include_str!("../locales/en/search.ftl")),
];

/// The search of a running server: its index and the areas that feed it.
pub struct Search {
    index: Arc<SearchIndex>,
    sources: Arc<Sources>,
}

impl Search {
    /// Opens (or creates) the index in `dir`, fed by `sources`.
    pub fn open(dir: &Path, sources: Vec<Box<dyn Source>>) -> Result<Arc<Search>, SearchError> {
        Ok(Arc::new(Search {
            index: Arc::new(SearchIndex::open(dir)?),
            sources: Arc::new(Sources(sources)),
        }))
    }

    /// Runs `query` off the async threads.
    pub async fn search(&self, query: Query, prefer: Locale) -> Result<Found, SearchError> {
        let index = self.index.clone();
        tokio::task::spawn_blocking(move || index.search(&query, prefer)).await?
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
        let index = self.index.clone();
        let sources = self.sources.clone();
        Box::new(move |db, stop| Box::pin(follow::follow(index, sources, db, stop)))
    }

    /// The search page, `/buscar`.
    pub fn routes(self: &Arc<Self>) -> Router<AppState> {
        pages::routes().layer(Extension(self.clone()))
    }
}
