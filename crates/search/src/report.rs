//! What people search for, for the documentation team: every first page of results is
//! logged with its text and time only (no person, no address), and each result opened
//! from it; staff read, per week, the most frequent queries, those with no results and
//! those whose results nobody opened (`/admin/busquedas`).

use soporte_platform::storage::{Db, now_ms};
use soporte_platform::text::fold;
pub use soporte_platform::week::Week;

/// Logs a search; returns its id, for the links of its results.
pub async fn log_query(db: &Db, query: &str, results: usize) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO search_queries (at, query, folded, results) VALUES ($1, $2, $3, $4) \
         RETURNING id",
    )
    .bind(now_ms())
    .bind(query)
    .bind(fold(query))
    .bind(i64::try_from(results).unwrap_or(i64::MAX))
    .fetch_one(db.writes())
    .await
}

/// Logs that a result of search `query_id` was opened; an unknown id is ignored.
pub async fn log_click(db: &Db, query_id: i64, path: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO search_clicks (query_id, at, path) \
         SELECT id, $2, $3 FROM search_queries WHERE id = $1 ON CONFLICT DO NOTHING",
    )
    .bind(query_id)
    .bind(now_ms())
    .bind(path)
    .execute(db.writes())
    .await?;
    Ok(())
}

/// One line of the report: the query (as one person typed it) and how many times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub query: String,
    pub count: i64,
}

/// The week's three lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub searches: i64,
    pub frequent: Vec<Line>,
    pub empty: Vec<Line>,
    pub unopened: Vec<Line>,
}

/// Lines per list.
const LIMIT: i64 = 25;

pub async fn weekly(db: &Db, week: Week) -> Result<Report, sqlx::Error> {
    let (from, to) = week.range_ms();
    let lines = |sql: &'static str| async move {
        let rows: Vec<(String, i64)> = sqlx::query_as(sql)
            .bind(from)
            .bind(to)
            .bind(LIMIT)
            .fetch_all(db.pool())
            .await?;
        Ok::<_, sqlx::Error>(
            rows.into_iter()
                .map(|(query, count)| Line { query, count })
                .collect(),
        )
    };
    let searches: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM search_queries WHERE at >= $1 AND at < $2")
            .bind(from)
            .bind(to)
            .fetch_one(db.pool())
            .await?;
    Ok(Report {
        searches,
        frequent: lines(
            "SELECT MAX(query), COUNT(*) FROM search_queries WHERE at >= $1 AND at < $2 \
             GROUP BY folded ORDER BY COUNT(*) DESC, folded LIMIT $3",
        )
        .await?,
        empty: lines(
            "SELECT MAX(query), COUNT(*) FROM search_queries \
             WHERE at >= $1 AND at < $2 AND results = 0 \
             GROUP BY folded ORDER BY COUNT(*) DESC, folded LIMIT $3",
        )
        .await?,
        unopened: lines(
            "SELECT MAX(q.query), COUNT(*) FROM search_queries q \
             WHERE q.at >= $1 AND q.at < $2 AND q.results > 0 \
             AND NOT EXISTS (SELECT 1 FROM search_clicks c WHERE c.query_id = q.id) \
             GROUP BY q.folded ORDER BY COUNT(*) DESC, q.folded LIMIT $3",
        )
        .await?,
    })
}
