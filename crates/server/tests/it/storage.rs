//! Storage: both backends migrate to the same schema, and writes go to the event log.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use soporte_platform::accounts::{self, AddUserError, Role};
use soporte_platform::events;
use soporte_platform::storage::Db;

use crate::both;
use crate::support::{Backend, TestDb};

/// (table, column, type, nullable) with types folded to what the Rust side sees.
async fn columns(db: &Db) -> BTreeSet<(String, String, String, bool)> {
    let rows: Vec<(String, String, String, bool)> = match db.backend() {
        soporte_platform::storage::Backend::Sqlite => {
            let raw: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
                "SELECT m.name, p.name, p.type, p.\"notnull\", p.pk FROM sqlite_master m \
                 JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
            )
            .fetch_all(db.pool())
            .await
            .unwrap();
            raw.into_iter()
                .map(|(t, c, ty, notnull, pk)| (t, c, ty, notnull == 0 && pk == 0))
                .collect()
        }
        soporte_platform::storage::Backend::Postgres => {
            let raw: Vec<(String, String, String, String)> = sqlx::query_as(
                "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text \
                 FROM information_schema.columns WHERE table_schema = 'public'",
            )
            .fetch_all(db.pool())
            .await
            .unwrap();
            raw.into_iter()
                .map(|(t, c, ty, nullable)| (t, c, ty, nullable == "YES"))
                .collect()
        }
    };
    rows.into_iter()
        .map(|(table, column, ty, nullable)| {
            let folded = match ty.to_ascii_lowercase().as_str() {
                "integer" | "bigint" => "integer",
                "text" => "text",
                "blob" | "bytea" => "blob",
                other => {
                    panic!("{table}.{column} has type {other}, which only one backend understands")
                }
            };
            (table, column, folded.to_owned(), nullable)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_backends_have_the_same_schema() {
    let sqlite = TestDb::new(Backend::Sqlite).await;
    let postgres = TestDb::new(Backend::Postgres).await;
    let (a, b) = (sqlite.open().await, postgres.open().await);
    let (sqlite_columns, postgres_columns) = (columns(&a).await, columns(&b).await);
    assert!(sqlite_columns.len() > 30, "{sqlite_columns:?}");
    let only_sqlite: Vec<_> = sqlite_columns.difference(&postgres_columns).collect();
    let only_postgres: Vec<_> = postgres_columns.difference(&sqlite_columns).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "schemas differ:\n only SQLite: {only_sqlite:?}\n only PostgreSQL: {only_postgres:?}"
    );
    a.close().await;
    b.close().await;
}

async fn migrations_apply_once(backend: Backend) {
    let test_db = TestDb::new(backend).await;
    let db = test_db.open().await;
    assert_eq!(
        db.migrate(&soporte::site().migrations()).await.unwrap(),
        0,
        "a second run applies nothing"
    );
    let versions: Vec<i64> = sqlx::query_scalar(
        "SELECT version FROM schema_migrations WHERE area = 'platform' ORDER BY version",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    assert_eq!(versions, vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    db.close().await;
}
both!(migrations_apply_once);

async fn a_write_and_its_event_commit_together(backend: Backend) {
    let test_db = TestDb::new(backend).await;
    let db = test_db.open().await;
    let email = "ana@ejemplo.mx".parse().unwrap();
    let name = "Ana López".parse().unwrap();
    let id = accounts::add_user(&db, &email, &name, &[Role::Staff, Role::Moderator], None)
        .await
        .unwrap();
    assert_eq!(
        accounts::roles_of(&db, id).await.unwrap(),
        vec![Role::Moderator, Role::Staff]
    );

    let mut connection = db.pool().acquire().await.unwrap();
    let log = events::since(&mut connection, 0, 100).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].kind, "user.created");
    assert_eq!(log[0].subject, format!("user:{id}"));
    assert!(
        log[0].payload.contains("ana@ejemplo.mx"),
        "{}",
        log[0].payload
    );
    drop(connection);

    // A refused write leaves neither a row nor an event behind.
    let again = accounts::add_user(&db, &"ANA@ejemplo.mx".parse().unwrap(), &name, &[], None).await;
    assert!(matches!(again, Err(AddUserError::EmailTaken)));
    // A write that fails after it began leaves nothing of what it wrote: the person
    // and their event were written in the transaction, then it ended uncommitted.
    let mut tx = db.write().await.unwrap();
    let bob = "bob@ejemplo.mx".parse().unwrap();
    let bob_name = "Bob".parse().unwrap();
    let new = accounts::NewUser {
        email: &bob,
        name: &bob_name,
        password_hash: None,
        locale: soporte_platform::i18n::Locale::EsMx,
        confirmed: true,
        roles: &[Role::Member],
    };
    accounts::insert_user(&mut tx, &new, None).await.unwrap();
    let inside: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(inside, 2, "the event was written in the transaction");
    let failing = sqlx::query("INSERT INTO no_such_table VALUES (1)")
        .execute(&mut *tx)
        .await;
    assert!(failing.is_err());
    drop(tx);
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(db.pool())
        .await
        .unwrap();
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!((users, events), (1, 1));
    db.close().await;
}
both!(a_write_and_its_event_commit_together);
