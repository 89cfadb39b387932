//! Soporte's search against PostgreSQL full-text search, in the same run, on the same
//! generated Spanish corpus and the same queries. Prints index build times and p50/p99
//! query latency of each, and the ratios. See README.md.

mod corpus;

use std::time::{Duration, Instant};

use anyhow::Context;
use soporte_platform::i18n::Locale;
use soporte_search::{Change, Document, Query, SearchIndex};
use sqlx::Connection;
use sqlx::postgres::PgConnection;

/// What `--help` prints.
const USAGE: &str = "\
usage: soporte-bench-search [--docs N] [--queries N] [--seed N] [--postgres URL]
  --docs N         articles in the generated corpus (default 100000)
  --queries N      queries timed per engine (default 300)
  --seed N         the generator's seed (default 2026)
  --postgres URL   a server where the user may create a database
                   (default postgres://postgres@127.0.0.1:5432/postgres)";

struct Options {
    docs: usize,
    queries: usize,
    seed: u64,
    postgres: String,
}

fn options() -> anyhow::Result<Options> {
    let mut options = Options {
        docs: 100_000,
        queries: 300,
        seed: 2026,
        postgres: "postgres://postgres@127.0.0.1:5432/postgres".to_owned(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let mut value = || {
            args.next()
                .with_context(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--docs" => options.docs = number(&flag, &value()?)?,
            "--queries" => options.queries = number(&flag, &value()?)?,
            "--seed" => options.seed = number(&flag, &value()?)?,
            "--postgres" => options.postgres = value()?,
            other => anyhow::bail!("unknown option {other}\n{USAGE}"),
        }
    }
    Ok(options)
}

/// `value`, the whole number `flag` needs.
fn number<T: std::str::FromStr>(flag: &str, value: &str) -> anyhow::Result<T> {
    value
        .parse()
        .map_err(|_| anyhow::anyhow!("{flag} needs a whole number, not {value:?}"))
}

/// Latencies, sorted.
struct Timings(Vec<Duration>);

impl Timings {
    fn percentile(&self, p: f64) -> Duration {
        let at = ((self.0.len() as f64 - 1.0) * p).round() as usize;
        self.0[at]
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let options = options()?;
    let mut rng = corpus::Rng::new(options.seed);
    let articles: Vec<corpus::Article> = (0..options.docs)
        .map(|_| corpus::article(&mut rng))
        .collect();
    let queries: Vec<String> = (0..options.queries)
        .map(|_| corpus::query(&mut rng))
        .collect();
    let bytes: usize = articles.iter().map(|a| a.title.len() + a.body.len()).sum();
    println!(
        "corpus: {} articles ({:.1} MB of text), {} queries, seed {}",
        articles.len(),
        bytes as f64 / 1e6,
        queries.len(),
        options.seed
    );

    // Soporte: the index on disk, as the server keeps it.
    let dir = std::env::temp_dir().join(format!("soporte-bench-search-{}", std::process::id()));
    let index = SearchIndex::open(&dir)?;
    let started = Instant::now();
    let mut writer = index.writer(256_000_000)?;
    for (n, article) in articles.iter().enumerate() {
        let document = Document {
            key: format!("doc:{n}"),
            language: Locale::EsMx,
            collection: "base-de-conocimiento".to_owned(),
            title: article.title.clone(),
            headings: String::new(),
            body: article.body.clone(),
            keywords: String::new(),
            settled: true,
            path: format!("/documentacion/base-de-conocimiento/{n}"),
        };
        index.stage(&writer, &Change::Upsert(document))?;
    }
    index.commit(&mut writer, 1)?;
    drop(writer);
    let soporte_build = started.elapsed();
    println!("soporte: indexed in {:.1} s", soporte_build.as_secs_f64());

    // PostgreSQL: a table with a generated tsvector (title weighted above body) and a
    // GIN index, in a database of its own.
    let mut admin = PgConnection::connect(&options.postgres).await?;
    let name = format!("soporte_bench_search_{}", std::process::id());
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await?;
    let url = match options.postgres.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{name}"),
        None => anyhow::bail!("--postgres must end with /DATABASE"),
    };
    let result = postgres(&url, &articles, &queries, &index).await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await?;
    let _ = std::fs::remove_dir_all(&dir);
    let (pg_build, pg_and, pg_or, soporte, found) = result?;
    println!(
        "postgres: loaded and indexed in {:.1} s",
        pg_build.as_secs_f64()
    );
    println!();
    println!(
        "{:<34} {:>10} {:>10}",
        "queries (same run)", "p50 ms", "p99 ms"
    );
    for (label, timings) in [
        ("soporte (ranked, with snippets)", &soporte),
        ("postgres websearch_to_tsquery", &pg_and),
        ("postgres OR of terms", &pg_or),
    ] {
        println!(
            "{:<34} {:>10.3} {:>10.3}",
            label,
            ms(timings.percentile(0.5)),
            ms(timings.percentile(0.99))
        );
    }
    println!();
    for (label, peer) in [("websearch_to_tsquery", &pg_and), ("OR of terms", &pg_or)] {
        let p50 = ms(peer.percentile(0.5)) / ms(soporte.percentile(0.5));
        let p99 = ms(peer.percentile(0.99)) / ms(soporte.percentile(0.99));
        println!(
            "soporte is {p50:.1}x faster at p50 and {p99:.1}x at p99 than postgres {label} (target 5x: {})",
            if p50 >= 5.0 && p99 >= 5.0 {
                "met"
            } else {
                "NOT met"
            }
        );
    }
    println!(
        "queries with results in soporte: {found} of {}",
        queries.len()
    );
    Ok(())
}

type PgResult = (Duration, Timings, Timings, Timings, usize);

async fn postgres(
    url: &str,
    articles: &[corpus::Article],
    queries: &[String],
    index: &SearchIndex,
) -> anyhow::Result<PgResult> {
    let mut pg = PgConnection::connect(url).await?;
    // PostgreSQL as a tuned install would run these short queries: no JIT compilation
    // (it costs more than it saves here) and room to sort in memory. What it is given
    // is printed, so the run says what was measured.
    sqlx::query("SET jit = off").execute(&mut pg).await?;
    sqlx::query("SET work_mem = '64MB'")
        .execute(&mut pg)
        .await?;
    let settings: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, current_setting(name) FROM pg_settings WHERE name IN \
         ('server_version', 'jit', 'work_mem', 'shared_buffers', 'effective_cache_size', \
          'random_page_cost', 'max_parallel_workers_per_gather') ORDER BY name",
    )
    .fetch_all(&mut pg)
    .await?;
    let settings: Vec<String> = settings
        .into_iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    println!("postgres: {}", settings.join(", "));
    let started = Instant::now();
    // Spanish as people type it (half the queries have no accents): accents dropped
    // before stemming, as PostgreSQL's documentation does it with `unaccent`.
    for statement in [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        "CREATE TEXT SEARCH CONFIGURATION es_unaccent (COPY = pg_catalog.spanish)",
        "ALTER TEXT SEARCH CONFIGURATION es_unaccent \
         ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem",
    ] {
        sqlx::query(statement).execute(&mut pg).await?;
    }
    sqlx::query(
        "CREATE TABLE articles (id BIGINT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, \
         tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('es_unaccent', title), 'A') || \
         setweight(to_tsvector('es_unaccent', body), 'B')) STORED)",
    )
    .execute(&mut pg)
    .await?;
    for (chunk_number, chunk) in articles.chunks(1_000).enumerate() {
        let ids: Vec<i64> = (0..chunk.len())
            .map(|n| (chunk_number * 1_000 + n) as i64)
            .collect();
        let titles: Vec<&str> = chunk.iter().map(|a| a.title.as_str()).collect();
        let bodies: Vec<&str> = chunk.iter().map(|a| a.body.as_str()).collect();
        sqlx::query(
            "INSERT INTO articles (id, title, body) \
             SELECT * FROM UNNEST($1::BIGINT[], $2::TEXT[], $3::TEXT[])",
        )
        .bind(&ids)
        .bind(&titles)
        .bind(&bodies)
        .execute(&mut pg)
        .await?;
    }
    sqlx::query("CREATE INDEX articles_tsv ON articles USING GIN (tsv)")
        .execute(&mut pg)
        .await?;
    sqlx::query("ANALYZE articles").execute(&mut pg).await?;
    let build = started.elapsed();

    let websearch = "SELECT id, title FROM articles, websearch_to_tsquery('es_unaccent', $1) q \
                     WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 10";
    // The same words OR-ed: what a search that never comes back empty needs.
    let any_term = "SELECT id, title FROM articles, \
                    to_tsquery('es_unaccent', array_to_string(tsvector_to_array(to_tsvector('es_unaccent', $1)), ' | ')) q \
                    WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 10";
    // The result page's work: the curated synonym groups staff start from, the ranked
    // search, and the spelling suggestion the page always asks for. (The page also
    // writes the query to the search log: one INSERT, not measured here.)
    let synonyms = soporte_search::synonyms::curated();
    let page = |query: &str| -> anyhow::Result<usize> {
        let query = Query::new(query);
        let hits = index.search(&query, Locale::EsMx, &synonyms)?;
        index.suggest(&query, &synonyms)?;
        Ok(hits.total)
    };
    // Warm both sides once over every query, then measure.
    let mut found = 0;
    for query in queries {
        page(query)?;
        for sql in [websearch, any_term] {
            let _: Vec<(i64, String)> = sqlx::query_as(sql).bind(query).fetch_all(&mut pg).await?;
        }
    }
    let mut soporte = Vec::with_capacity(queries.len());
    let mut and = Vec::with_capacity(queries.len());
    let mut or = Vec::with_capacity(queries.len());
    for query in queries {
        let started = Instant::now();
        let total = page(query)?;
        soporte.push(started.elapsed());
        found += usize::from(total > 0);
        for (sql, timings) in [(websearch, &mut and), (any_term, &mut or)] {
            let started = Instant::now();
            let _: Vec<(i64, String)> = sqlx::query_as(sql).bind(query).fetch_all(&mut pg).await?;
            timings.push(started.elapsed());
        }
    }
    for timings in [&mut soporte, &mut and, &mut or] {
        timings.sort_unstable();
    }
    Ok((build, Timings(and), Timings(or), Timings(soporte), found))
}
