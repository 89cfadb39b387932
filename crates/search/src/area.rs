//! The search as an area of Soporte: its tables and texts, its pages (`/buscar` and the
//! staff's), the follower that keeps the index up to date, and
//! `soporte search reindex`. It indexes what every other area's sources give.

use std::path::PathBuf;
use std::sync::Arc;

use soporte_platform::area::{Area, AreaError, LocalFuture, Parts, Setup};
use soporte_platform::cli::{CommandContext, Failure};
use soporte_platform::config::{Config, Setting, SettingSpec};
use soporte_platform::i18n::Locale;
use soporte_platform::progress;
use soporte_platform::searchable::Source;
use soporte_platform::storage::Migrations;

use crate::{FLUENT, MIGRATIONS, Search, SearchError};

/// The search area, for the binary's list of areas.
pub struct SearchArea;

/// Where the index lives.
pub const INDEX_DIR: SettingSpec = SettingSpec {
    section: Some("search"),
    key: "dir",
    help: "Directory of the search index (default DATA_DIR/search); each node keeps its own.",
    default: "`DATA_DIR/search`; each node keeps its own index",
};

/// Where the search index lives.
pub fn search_dir(config: &Config) -> PathBuf {
    config
        .setting(&INDEX_DIR)
        .map_or_else(|| config.data_dir.join("search"), PathBuf::from)
}

/// The search over `sources`, with its index in the data directory.
pub fn open(config: &Config, sources: &[Arc<dyn Source>]) -> Result<Arc<Search>, SearchError> {
    Search::open(&search_dir(config), sources.to_vec())
}

impl Area for SearchArea {
    fn name(&self) -> &'static str {
        "search"
    }

    fn migrations(&self) -> Option<&'static Migrations> {
        Some(&MIGRATIONS)
    }

    fn texts(&self) -> &'static [(Locale, &'static str)] {
        &FLUENT
    }

    fn settings(&self) -> &'static [Setting] {
        &[&INDEX_DIR]
    }

    fn parts(&self, setup: &Setup<'_>) -> Result<Parts, AreaError> {
        let search = open(setup.config, setup.sources).map_err(|error| AreaError {
            area: "search",
            detail: error.to_string(),
        })?;
        Ok(Parts {
            routes: search.routes(),
            tasks: vec![search.follower()],
            finder: Some(search.clone()),
            ..Parts::default()
        })
    }

    fn commands(&self) -> Vec<clap::Command> {
        vec![
            clap::Command::new("search")
                .about("The search index.")
                .subcommand_required(true)
                .subcommand(clap::Command::new("reindex").about(
                    "Rebuild the search index from the database (a running server keeps \
                     serving the old one until the new one is committed).",
                )),
        ]
    }

    fn run<'a>(
        &'a self,
        _name: &'a str,
        _matches: &'a clap::ArgMatches,
        context: &'a CommandContext,
    ) -> LocalFuture<'a, Result<(), Failure>> {
        Box::pin(reindex(context))
    }
}

/// `soporte search reindex`, with a progress bar.
async fn reindex(ctx: &CommandContext) -> Result<(), Failure> {
    let failed =
        |error: SearchError| ctx.fail(1, "search-cli-failed", &[("detail", &error.to_string())]);
    let search = open(&ctx.config, ctx.sources()).map_err(failed)?;
    let db = ctx.open().await?;
    let mut bar = progress::Bar::new(ctx.text("search-cli-progress", &[]));
    let rebuilt = search
        .rebuild(&db, &mut |done, total| bar.set(done, total))
        .await;
    bar.finish();
    db.close().await;
    let count = rebuilt.map_err(failed)?;
    println!(
        "{}",
        ctx.text("search-cli-done", &[("count", &count.to_string())])
    );
    Ok(())
}
