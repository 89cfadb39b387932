//! The engines compared, each indexing the same corpus and answering with the ids of
//! its first ten results: Soporte's search (with its curated synonyms), PostgreSQL
//! full-text search (GIN, `ts_rank`; all words with `websearch_to_tsquery`, or any word
//! OR-ed) and SQLite FTS5 (`bm25`); each also with a snippet of every result
//! (`ts_headline`, `snippet()`).
//!
//! Each peer is set up as its own documentation recommends for Spanish typed without
//! accents: PostgreSQL with a `spanish` configuration that runs `unaccent` before the
//! stemmer (`es_unaccent`); FTS5 with `remove_diacritics`, once without a stemmer and
//! once with `porter`, the only stemmer it ships (an English one).

use std::time::{Duration, Instant};

use soporte_platform::i18n::Locale;
use soporte_search::synonyms::{self, Synonyms};
use soporte_search::{Change, Document, Query, SearchIndex};
use sqlx::Connection;
use sqlx::postgres::PgConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

use crate::Article;

pub enum Engine {
    Soporte {
        index: SearchIndex,
        /// Boxed: the lists are much larger than the other engines' handles.
        synonyms: Box<Synonyms>,
        dir: std::path::PathBuf,
        built: Duration,
    },
    Postgres {
        connection: PgConnection,
        any_word: bool,
        built: Duration,
        /// The database to drop at the end, and where to drop it from.
        drop: Option<(String, String)>,
    },
    Fts5 {
        connection: SqliteConnection,
        /// With FTS5's `porter` stemmer.
        porter: bool,
        built: Duration,
    },
}

/// Every engine, each with the corpus indexed.
pub async fn all(articles: &[Article], postgres: &str) -> anyhow::Result<Vec<Engine>> {
    let mut engines = vec![soporte(articles)?];
    let name = format!("soporte_bench_relevance_{}", std::process::id());
    let mut admin = PgConnection::connect(postgres).await?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    let url = match postgres.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => anyhow::bail!("--postgres must end with /DATABASE"),
    };
    let started = Instant::now();
    let mut connection = PgConnection::connect(&url).await?;
    load_postgres(&mut connection, articles).await?;
    let built = started.elapsed();
    engines.push(Engine::Postgres {
        connection,
        any_word: false,
        built,
        drop: Some((postgres.to_owned(), name)),
    });
    engines.push(Engine::Postgres {
        connection: PgConnection::connect(&url).await?,
        any_word: true,
        built,
        drop: None,
    });
    engines.push(fts5(articles, false).await?);
    engines.push(fts5(articles, true).await?);
    Ok(engines)
}

fn soporte(articles: &[Article]) -> anyhow::Result<Engine> {
    let dir = std::env::temp_dir().join(format!("soporte-bench-relevance-{}", std::process::id()));
    let started = Instant::now();
    let index = SearchIndex::open(&dir)?;
    let mut writer = index.writer(128_000_000)?;
    for article in articles {
        let document = Document {
            key: article.id.clone(),
            language: Locale::EsMx,
            collection: "manuales-tecnicos".to_owned(),
            title: article.title.clone(),
            headings: String::new(),
            body: article.body.clone(),
            keywords: String::new(),
            settled: true,
            path: format!("/{}", article.id),
        };
        index.stage(&writer, &Change::Upsert(document))?;
    }
    index.commit(&mut writer, 1)?;
    drop(writer);
    Ok(Engine::Soporte {
        index,
        synonyms: Box::new(synonyms::curated()),
        dir,
        built: started.elapsed(),
    })
}

async fn load_postgres(pg: &mut PgConnection, articles: &[Article]) -> anyhow::Result<()> {
    // Spanish as people type it: accents dropped before stemming, on both sides.
    for statement in [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        "CREATE TEXT SEARCH CONFIGURATION es_unaccent (COPY = pg_catalog.spanish)",
        "ALTER TEXT SEARCH CONFIGURATION es_unaccent \
         ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem",
    ] {
        sqlx::query(statement).execute(&mut *pg).await?;
    }
    sqlx::query(
        "CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, \
         tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('es_unaccent', title), 'A') || \
         setweight(to_tsvector('es_unaccent', body), 'B')) STORED)",
    )
    .execute(&mut *pg)
    .await?;
    for chunk in articles.chunks(500) {
        let ids: Vec<&str> = chunk.iter().map(|a| a.id.as_str()).collect();
        let titles: Vec<&str> = chunk.iter().map(|a| a.title.as_str()).collect();
        let bodies: Vec<&str> = chunk.iter().map(|a| a.body.as_str()).collect();
        sqlx::query(
            "INSERT INTO articles (id, title, body) \
             SELECT * FROM UNNEST($1::TEXT[], $2::TEXT[], $3::TEXT[])",
        )
        .bind(&ids)
        .bind(&titles)
        .bind(&bodies)
        .execute(&mut *pg)
        .await?;
    }
    sqlx::query("CREATE INDEX articles_tsv ON articles USING GIN (tsv)")
        .execute(&mut *pg)
        .await?;
    sqlx::query("ANALYZE articles").execute(&mut *pg).await?;
    Ok(())
}

async fn fts5(articles: &[Article], porter: bool) -> anyhow::Result<Engine> {
    let started = Instant::now();
    let mut connection =
        SqliteConnection::connect_with(&SqliteConnectOptions::new().in_memory(true)).await?;
    let tokenizer = if porter {
        "porter unicode61 remove_diacritics 2"
    } else {
        "unicode61 remove_diacritics 2"
    };
    sqlx::query(&format!(
        "CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, title, body, \
         tokenize = '{tokenizer}')"
    ))
    .execute(&mut connection)
    .await?;
    let mut tx = connection.begin().await?;
    for article in articles {
        sqlx::query("INSERT INTO articles (id, title, body) VALUES ($1, $2, $3)")
            .bind(&article.id)
            .bind(&article.title)
            .bind(&article.body)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Engine::Fts5 {
        connection,
        porter,
        built: started.elapsed(),
    })
}

/// The query's words for FTS5: each one quoted (so nothing is syntax), OR-ed.
fn fts5_query(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{word}\""))
        .collect::<Vec<_>>()
        .join(" OR ")
}

impl Engine {
    pub fn name(&self) -> &'static str {
        match self {
            Engine::Soporte { .. } => "soporte",
            Engine::Postgres {
                any_word: false, ..
            } => "postgres websearch_to_tsquery",
            Engine::Postgres { any_word: true, .. } => "postgres OR of words",
            Engine::Fts5 { porter: false, .. } => "sqlite fts5 bm25",
            Engine::Fts5 { porter: true, .. } => "sqlite fts5 bm25 porter",
        }
    }

    pub fn build_time(&self) -> Duration {
        match self {
            Engine::Soporte { built, .. }
            | Engine::Postgres { built, .. }
            | Engine::Fts5 { built, .. } => *built,
        }
    }

    /// The ids of the first ten results; with `snippets`, each result also comes with
    /// a passage of its text, its matches marked, as a results page shows it (the ids
    /// are the same either way).
    /// The better spelling Soporte's result page would offer for `text`
    /// ("¿Quisiste decir …?"); `None` from the other engines, which offer none.
    pub fn suggest(&self, text: &str) -> anyhow::Result<Option<String>> {
        Ok(match self {
            Engine::Soporte {
                index, synonyms, ..
            } => index.suggest(&Query::new(text), synonyms)?,
            _ => None,
        })
    }

    pub async fn search(&mut self, text: &str, snippets: bool) -> anyhow::Result<Vec<String>> {
        Ok(match self {
            Engine::Soporte {
                index, synonyms, ..
            } => {
                let query = if snippets {
                    Query::new(text)
                } else {
                    Query::new(text).without_snippets()
                };
                index
                    .search(&query, Locale::EsMx, synonyms)?
                    .hits
                    .into_iter()
                    .map(|hit| hit.key)
                    .collect()
            }
            Engine::Postgres {
                connection,
                any_word,
                ..
            } => {
                let matching = if *any_word {
                    "SELECT id, body, q FROM articles, to_tsquery('es_unaccent', \
                     array_to_string(tsvector_to_array(to_tsvector('es_unaccent', $1)), ' | ')) q \
                     WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, id LIMIT 10"
                } else {
                    "SELECT id, body, q FROM articles, websearch_to_tsquery('es_unaccent', $1) q \
                     WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, id LIMIT 10"
                };
                // The headline of the first 64 Ki characters, as Soporte keeps the
                // first 64 KiB of a text for its snippets.
                let sql = if snippets {
                    format!(
                        "SELECT id, ts_headline('es_unaccent', left(body, 65536), q) \
                         FROM ({matching}) top"
                    )
                } else {
                    format!("SELECT id, '' FROM ({matching}) top")
                };
                let rows: Vec<(String, String)> = sqlx::query_as(&sql)
                    .bind(text)
                    .fetch_all(connection)
                    .await?;
                rows.into_iter().map(|(id, _)| id).collect()
            }
            Engine::Fts5 { connection, .. } => {
                let query = fts5_query(text);
                if query.is_empty() {
                    Vec::new()
                } else {
                    let snippet = if snippets {
                        "snippet(articles, 2, '[', ']', '…', 32)"
                    } else {
                        "''"
                    };
                    let sql = format!(
                        "SELECT id, {snippet} FROM articles WHERE articles MATCH $1 \
                         ORDER BY bm25(articles, 0.0, 3.0, 1.0) LIMIT 10"
                    );
                    let rows: Vec<(String, String)> = sqlx::query_as(&sql)
                        .bind(query)
                        .fetch_all(connection)
                        .await?;
                    rows.into_iter().map(|(id, _)| id).collect()
                }
            }
        })
    }

    pub async fn close(self) {
        match self {
            Engine::Soporte { dir, .. } => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Engine::Postgres {
                connection, drop, ..
            } => {
                let _ = connection.close().await;
                if let Some((server, name)) = drop
                    && let Ok(mut admin) = PgConnection::connect(&server).await
                {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin)
                        .await;
                }
            }
            Engine::Fts5 { connection, .. } => {
                let _ = connection.close().await;
            }
        }
    }
}
