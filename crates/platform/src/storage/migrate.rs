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

/// The schema steps of one area, for each backend.
#[derive(Debug)]
pub struct Migrations {
    pub area: &'static str,
    pub sqlite: &'static [Migration],
    pub postgres: &'static [Migration],
}

/// The platform's own tables; always applied first.
pub const PLATFORM: Migrations = Migrations {
    area: "platform",
    sqlite: MIGRATIONS_SQLITE,
    postgres: MIGRATIONS_POSTGRES,
};

const MIGRATIONS_SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sql: include_str!("../../migrations/sqlite/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "accounts",
        sql: include_str!("../../migrations/sqlite/0002_accounts.sql"),
    },
    Migration {
        version: 3,
        name: "audit",
        sql: include_str!("../../migrations/sqlite/0003_audit.sql"),
    },
    Migration {
        version: 4,
        name: "profile",
        sql: include_str!("../../migrations/sqlite/0004_profile.sql"),
    },
    Migration {
        version: 5,
        name: "two_factor",
        sql: include_str!("../../migrations/sqlite/0005_two_factor.sql"),
    },
    Migration {
        version: 6,
        name: "api_tokens",
        sql: include_str!("../../migrations/sqlite/0006_api_tokens.sql"),
    },
];

const MIGRATIONS_POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sql: include_str!("../../migrations/postgres/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "accounts",
        sql: include_str!("../../migrations/postgres/0002_accounts.sql"),
    },
    Migration {
        version: 3,
        name: "audit",
        sql: include_str!("../../migrations/postgres/0003_audit.sql"),
    },
    Migration {
        version: 4,
        name: "profile",
        sql: include_str!("../../migrations/postgres/0004_profile.sql"),
    },
    Migration {
        version: 5,
        name: "two_factor",
        sql: include_str!("../../migrations/postgres/0005_two_factor.sql"),
    },
    Migration {
        version: 6,
        name: "api_tokens",
        sql: include_str!("../../migrations/postgres/0006_api_tokens.sql"),
    },
];

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
