//! What people search for, for the documentation team: every first page of results is
//! logged with its text and time only (no person, no address), and each result opened
//! from it; staff read, per week, the most frequent queries, those with no results and
//! those whose results nobody opened (`/admin/busquedas`).

use jiff::civil::Date;
use jiff::tz::TimeZone;
use soporte_platform::storage::{Db, now_ms};
use soporte_platform::text::fold;

/// A week, Monday 00:00 UTC to the next Monday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Week {
    pub monday: Date,
}

impl Week {
    /// The week that holds `ms` (milliseconds since the epoch).
    pub fn holding(ms: i64) -> Week {
        let date = jiff::Timestamp::from_millisecond(ms)
            .map(|at| at.to_zoned(TimeZone::UTC).date())
            .unwrap_or(Date::constant(1970, 1, 1));
        Week::of(date)
    }

    /// The week that holds `date`.
    pub fn of(date: Date) -> Week {
        let back = i64::from(date.weekday().to_monday_zero_offset());
        Week {
            monday: date
                .checked_sub(jiff::Span::new().days(back))
                .unwrap_or(date),
        }
    }

    /// The week named by `2026-11-23` (any day of it); `None` for anything else.
    pub fn parse(text: &str) -> Option<Week> {
        text.trim().parse::<Date>().ok().map(Week::of)
    }

    pub fn previous(self) -> Week {
        Week::of(
            self.monday
                .checked_sub(jiff::Span::new().days(7))
                .unwrap_or(self.monday),
        )
    }

    pub fn next(self) -> Week {
        Week::of(
            self.monday
                .checked_add(jiff::Span::new().days(7))
                .unwrap_or(self.monday),
        )
    }

    /// Its first millisecond, and the first of the next week.
    pub fn range_ms(self) -> (i64, i64) {
        let start = |date: Date| {
            date.to_zoned(TimeZone::UTC)
                .map(|at| at.timestamp().as_millisecond())
                .unwrap_or(0)
        };
        (start(self.monday), start(self.next().monday))
    }

    /// `2026-11-23`.
    pub fn label(self) -> String {
        self.monday.to_string()
    }
}

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
    .fetch_one(db.pool())
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
    .execute(db.pool())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_in_utc() {
        let week = Week::parse("2026-11-26").unwrap();
        assert_eq!(week.label(), "2026-11-23");
        assert_eq!(Week::parse("2026-11-23"), Some(week));
        assert_eq!(Week::parse("2026-11-29"), Some(week));
        assert_eq!(week.next().label(), "2026-11-30");
        assert_eq!(week.previous().label(), "2026-11-16");
        let (from, to) = week.range_ms();
        assert_eq!(to - from, 7 * 24 * 3600 * 1000);
        assert_eq!(Week::holding(from), week);
        assert_eq!(Week::holding(to - 1), week);
        assert_eq!(Week::holding(to), week.next());
        assert_eq!(Week::parse("ayer"), None);
        assert_eq!(Week::parse("2026-13-01"), None);
    }
}
