//! Migrations: each area (the platform first) has one list per backend, applied in
//! version order and recorded in `schema_migrations` under the area's name. Both lists
//! of an area must define the same tables and columns; an integration test compares
//! the two live schemas.

use sqlx::{Acquire, Executor};

use super::{Backend, Db, StorageError, now_ms};

/// One schema step.
#[derive(Clone, Copy, Debug)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// The schema steps of one area, for each backend, and the folder they were read from
/// (`migrations/` of the area's crate, with `sqlite/` and `postgres/` inside).
#[derive(Debug)]
pub struct Migrations {
    pub area: &'static str,
    pub dir: &'static str,
    pub sqlite: &'static [Migration],
    pub postgres: &'static [Migration],
}

/// An area's [`Migrations`], from the file names of its steps, each listed once:
/// `migrations!("docs": "0001_docs", "0002_feedback")` reads
/// `migrations/sqlite/0001_docs.sql` and `migrations/postgres/0001_docs.sql` of the
/// crate that says it; the number before `_` is the version, the rest the name.
#[macro_export]
macro_rules! migrations {
    ($area:literal: $($file:literal),+ $(,)?) => {
        $crate::storage::Migrations {
            area: $area,
            dir: concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"),
            sqlite: &[$($crate::storage::Migration {
                version: $crate::storage::migration_version($file),
                name: $crate::storage::migration_name($file),
                sql: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite/", $file, ".sql")),
            }),+],
            postgres: &[$($crate::storage::Migration {
                version: $crate::storage::migration_version($file),
                name: $crate::storage::migration_name($file),
                sql: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres/", $file, ".sql")),
            }),+],
        }
    };
}

/// The version of a migration file named `0004_faq`: the digits before `_`.
pub const fn migration_version(file: &str) -> i64 {
    let bytes = file.as_bytes();
    let mut version = 0;
    let mut at = 0;
    while at < bytes.len() && bytes[at].is_ascii_digit() {
        version = version * 10 + (bytes[at] - b'0') as i64;
        at += 1;
    }
    version
}

/// The name of a migration file named `0004_faq`: what follows the first `_`.
pub const fn migration_name(file: &str) -> &str {
    let bytes = file.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'_' {
            return file.split_at(at + 1).1;
        }
        at += 1;
    }
    file
}

impl Migrations {
    /// What is wrong with this list: versions that do not rise one by one from 1, or
    /// files in its folder that it does not list (an added file someone forgot).
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (backend, list) in [("sqlite", self.sqlite), ("postgres", self.postgres)] {
            for (index, migration) in list.iter().enumerate() {
                if migration.version != index as i64 + 1 {
                    problems.push(format!(
                        "{}: {backend} migration {} ({}) should be version {}",
                        self.area,
                        migration.version,
                        migration.name,
                        index + 1
                    ));
                }
            }
            let listed: Vec<String> = list
                .iter()
                .map(|m| format!("{:04}_{}.sql", m.version, m.name))
                .collect();
            let dir = std::path::Path::new(self.dir).join(backend);
            match std::fs::read_dir(&dir) {
                Ok(entries) => {
                    for entry in entries.flatten() {
                        let file = entry.file_name().to_string_lossy().into_owned();
                        if file.ends_with(".sql") && !listed.contains(&file) {
                            problems.push(format!("{}: {backend}/{file} is not listed", self.area));
                        }
                    }
                }
                Err(error) => problems.push(format!("{}: {}: {error}", self.area, dir.display())),
            }
        }
        problems
    }
}

/// The platform's own tables; always applied first.
pub const PLATFORM: Migrations = crate::migrations!(
    "platform": "0001_foundation",
    "0002_accounts",
    "0003_audit",
    "0004_profile",
    "0005_two_factor",
    "0006_api_tokens",
    "0007_links",
    "0008_notifications",
    "0009_badges",
    "0010_restrictions",
    "0011_uploads",
);

/// Serializes migrations across nodes on PostgreSQL.
const POSTGRES_LOCK_KEY: i64 = 0x5350_5254_4d49_4752; // "SPRTMIGR"

impl Db {
    /// Applies every migration of the platform and of `areas` that the database does
    /// not have yet; returns how many.
    pub async fn migrate(&self, areas: &[&Migrations]) -> Result<usize, StorageError> {
        let mut connection = self.pool.acquire().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_lock($1)")
                .bind(POSTGRES_LOCK_KEY)
                .execute(&mut *connection)
                .await?;
        }
        let mut applied = Ok(0);
        for set in std::iter::once(&PLATFORM).chain(areas.iter().copied()) {
            applied = match applied {
                Ok(count) => migrate_area(&mut connection, self.backend, set)
                    .await
                    .map(|more| count + more),
                failed => failed,
            };
        }
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(POSTGRES_LOCK_KEY)
                .execute(&mut *connection)
                .await?;
        }
        applied
    }
}

async fn migrate_area(
    connection: &mut sqlx::pool::PoolConnection<sqlx::Any>,
    backend: Backend,
    set: &Migrations,
) -> Result<usize, StorageError> {
    let migrations = match backend {
        Backend::Sqlite => set.sqlite,
        Backend::Postgres => set.postgres,
    };
    connection
        .execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (\
             area TEXT NOT NULL, version BIGINT NOT NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL, \
             PRIMARY KEY (area, version))",
        )
        .await?;
    let current: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM schema_migrations WHERE area = $1")
            .bind(set.area)
            .fetch_one(&mut **connection)
            .await?;
    let current = current.unwrap_or(0);
    if let Some(latest) = migrations.last()
        && current > latest.version
    {
        return Err(StorageError::NewerSchema(current));
    }
    let mut applied = 0;
    for migration in migrations.iter().filter(|m| m.version > current) {
        let failed = |source| StorageError::Migration {
            version: migration.version,
            name: migration.name,
            source,
        };
        let mut tx = connection.begin().await?;
        sqlx::raw_sql(migration.sql)
            .execute(&mut *tx)
            .await
            .map_err(failed)?;
        sqlx::query("INSERT INTO schema_migrations (area, version, name, applied_at) VALUES ($1, $2, $3, $4)")
            .bind(set.area)
            .bind(migration.version)
            .bind(migration.name)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(
            area = set.area,
            version = migration.version,
            name = migration.name,
            "migration applied"
        );
        applied += 1;
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_version_and_name() {
        assert_eq!(migration_version("0004_faq"), 4);
        assert_eq!(migration_name("0004_faq"), "faq");
        assert_eq!(migration_version("0012_two_factor"), 12);
        assert_eq!(migration_name("0012_two_factor"), "two_factor");
    }

    #[test]
    fn the_platform_lists_every_file_once_in_order() {
        assert_eq!(PLATFORM.problems(), Vec::<String>::new());
        assert_eq!(PLATFORM.sqlite[5].name, "api_tokens");
    }
}
