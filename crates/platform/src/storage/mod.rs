//! Storage: a connection pool over SQLite or PostgreSQL (chosen at run time from the
//! database URL), plus on SQLite one connection that does every write ([`Db::write`]);
//! group commit for small writes that arrive together ([`group`]); the migrations of
//! each backend, and the small dialect differences the shared queries need. Queries use `$1, $2…` placeholders, integers (`i64`) for
//! ids, flags and UTC milliseconds, and text; they run unchanged on both backends.

pub mod changes;
pub mod group;
mod ids;
mod migrate;

use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use crate::config::DatabaseUrl;

pub use ids::{ApiTokenId, EventId, JobId, LinkId, UserId};
pub use migrate::{Migration, Migrations, PLATFORM, migration_name, migration_version};

/// Which database engine a pool talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        version: i64,
        name: &'static str,
        source: sqlx::Error,
    },
    #[error("the database has migration {0}, newer than this program knows; upgrade Soporte")]
    NewerSchema(i64),
}

/// A pool of connections to the one database, with its backend.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// Where to listen for notifications, on PostgreSQL.
    postgres_url: Option<String>,
    changes: std::sync::Arc<changes::Changes>,
    /// On SQLite, the one connection that writes (see [`Db::write`]).
    writer: Option<AnyPool>,
    /// Writes waiting to share a transaction ([`group`]).
    queues: std::sync::Arc<group::Queues>,
}

impl Db {
    /// Connects (creating a SQLite file and its directory when missing) and applies
    /// the pending migrations of the platform and of `areas`.
    pub async fn open(url: &DatabaseUrl, areas: &[&Migrations]) -> Result<Db, StorageError> {
        let db = Db::connect(url).await?;
        db.migrate(areas).await?;
        Ok(db)
    }

    /// Connects without migrating.
    pub async fn connect(url: &DatabaseUrl) -> Result<Db, StorageError> {
        sqlx::any::install_default_drivers();
        let (text, backend, max_connections) = match url {
            DatabaseUrl::Sqlite(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|source| StorageError::DataDir {
                        path: parent.display().to_string(),
                        source,
                    })?;
                }
                (
                    format!("sqlite://{}?mode=rwc", path.display()),
                    Backend::Sqlite,
                    8,
                )
            }
            DatabaseUrl::Postgres(url) => (url.clone(), Backend::Postgres, 16),
        };
        let options = AnyConnectOptions::from_str(&text)?;
        let pool = connect_pool(&options, backend, max_connections).await?;
        let writer = match backend {
            Backend::Sqlite => Some(connect_pool(&options, backend, 1).await?),
            Backend::Postgres => None,
        };
        let postgres_url = match url {
            DatabaseUrl::Postgres(url) => Some(url.clone()),
            DatabaseUrl::Sqlite(_) => None,
        };
        Ok(Db {
            pool,
            backend,
            postgres_url,
            changes: std::sync::Arc::default(),
            writer,
            queues: std::sync::Arc::default(),
        })
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Where a write outside a transaction goes: on SQLite the writers' connection
    /// (see [`Db::write`]), on PostgreSQL the pool.
    pub fn writes(&self) -> &AnyPool {
        self.writer.as_ref().unwrap_or(&self.pool)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// What waits for changes to this database on this node.
    pub fn changes(&self) -> &changes::Changes {
        &self.changes
    }

    /// Begins a transaction that will write. On SQLite, writes go through one
    /// connection of their own, so writers take their turns in the order they asked,
    /// each as the one before commits (SQLite's busy handler would have them sleep and
    /// poll, a millisecond and then longer at each try, while holding connections the
    /// readers need), and it takes the write lock at once (`BEGIN IMMEDIATE`), so a
    /// transaction that reads before it writes never fails halfway. Do not write
    /// through the readers' pool while it is open: that write would wait for it.
    pub async fn write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match &self.writer {
            Some(writer) => writer.begin_with("BEGIN IMMEDIATE").await,
            None => self.pool.begin().await,
        }
    }

    /// Answers whether the database takes a query now.
    pub async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
        if let Some(writer) = &self.writer {
            writer.close().await;
        }
    }
}

/// A pool of at most `max_connections` to the database of `options`.
async fn connect_pool(
    options: &AnyConnectOptions,
    backend: Backend,
    max_connections: u32,
) -> Result<AnyPool, sqlx::Error> {
    AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        // A SQLite connection is a file in this process: nothing can drop it between
        // two queries, so the round trip of a ping before every query (sqlx's default,
        // a third of a page's database time) buys nothing. A PostgreSQL connection can
        // be cut by a restart of the server: there the ping stays.
        .test_before_acquire(backend == Backend::Postgres)
        .after_connect(move |connection, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers run beside the writer; the busy timeout makes a
                    // write through the readers' pool wait instead of failing at once.
                    connection
                        .execute(
                            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                             PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
                        )
                        .await?;
                }
                Ok(())
            })
        })
        .connect_with(options.clone())
        .await
}

/// Milliseconds since the Unix epoch, UTC: how every time is stored.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)
        })
}
