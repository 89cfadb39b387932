//! Wiring: which areas make up Soporte — their migrations, texts, pages, background
//! jobs and searchable things. The binary and the integration tests both start Soporte
//! from here.

use std::path::PathBuf;
use std::sync::Arc;

use soporte_platform::config::Config;
use soporte_platform::i18n::{I18n, I18nError, Locale};
use soporte_platform::server::Areas;
use soporte_platform::storage::Migrations;
use soporte_search::{Search, SearchError};

/// Every area's migrations, in the order they depend on each other.
pub fn migrations() -> [&'static Migrations; 2] {
    [&soporte_search::MIGRATIONS, &soporte_docs::MIGRATIONS]
}

/// Every area's texts.
pub fn fluent() -> Vec<(Locale, &'static str)> {
    let mut texts = soporte_search::FLUENT.to_vec();
    texts.extend(soporte_docs::FLUENT);
    texts
}

/// The platform's texts with every area's.
pub fn i18n() -> Result<I18n, I18nError> {
    I18n::load_with(&fluent())
}

/// Where the search index lives.
pub fn search_dir(config: &Config) -> PathBuf {
    config.data_dir.join("search")
}

/// The one search, fed by every area that has searchable things.
pub fn search(config: &Config) -> Result<Arc<Search>, SearchError> {
    Search::open(
        &search_dir(config),
        vec![Box::new(soporte_docs::search::Articles)],
    )
}

/// Every area's pages, job handlers and background tasks.
pub fn areas(config: &Config) -> Result<Areas, SearchError> {
    let search = search(config)?;
    Ok(Areas {
        routes: soporte_docs::routes().merge(search.routes()),
        tasks: vec![search.follower()],
        ..Areas::default()
    })
}
