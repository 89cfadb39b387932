//! "¿Te fue útil? Sí / No (+ comentario)" on every article, and the staff's list of
//! the least helpful articles, so the documentation team knows what to fix first.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use soporte_platform::rate_limit::{self, Decision, Limit};
use soporte_platform::storage::{Db, now_ms};
use soporte_platform::web::client::ClientIp;
use soporte_platform::web::{Allowed, AppState, Page, Shell, Visit, WebError, see_other};

use crate::collections::Collection;
use crate::policy::FeedbackReaders;

/// Answers from one address: enough for real readers, not for stuffing the box.
const FEEDBACK_PER_IP: Limit = Limit {
    name: "docs-feedback-ip",
    max: 30,
    window: std::time::Duration::from_secs(3600),
};
const COMMENT_MAX: usize = 2000;

#[derive(Deserialize)]
pub struct Answer {
    #[serde(default)]
    helpful: String,
    #[serde(default)]
    comment: String,
}

/// `POST /documentacion/{collection}/{slug}/opinion`.
pub async fn record(
    State(state): State<AppState>,
    visit: Visit,
    ClientIp(client): ClientIp,
    Path((collection, slug)): Path<(String, String)>,
    Form(answer): Form<Answer>,
) -> Result<Response, WebError> {
    let collection = Collection::from_slug(&collection).ok_or_else(WebError::not_found)?;
    let path = format!("{}/{slug}", collection.path());
    let helpful = match answer.helpful.as_str() {
        "si" => 1,
        "no" => 0,
        _ => return Err(WebError::status(StatusCode::BAD_REQUEST)),
    };
    if let Decision::Limited { retry_after } =
        rate_limit::hit(&state.db, FEEDBACK_PER_IP, &rate_limit::client_key(client)).await?
    {
        let seconds = retry_after.as_secs().max(1);
        return Err(WebError::status(StatusCode::TOO_MANY_REQUESTS)
            .with_header(axum::http::header::RETRY_AFTER, seconds.into()));
    }
    let article: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM doc_articles WHERE collection = $1 AND slug = $2 AND published = 1 \
         ORDER BY CASE WHEN lang = $3 THEN 0 ELSE 1 END LIMIT 1",
    )
    .bind(collection.slug())
    .bind(&slug)
    .bind(visit.locale.tag())
    .fetch_optional(state.db.pool())
    .await?;
    let article = article.ok_or(StatusCode::NOT_FOUND)?;
    let comment: String = answer
        .comment
        .trim()
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .take(COMMENT_MAX)
        .collect();
    sqlx::query(
        "INSERT INTO doc_feedback (article_id, helpful, comment, at) VALUES ($1, $2, $3, $4)",
    )
    .bind(article)
    .bind(helpful)
    .bind(comment)
    .bind(now_ms())
    .execute(state.db.writes())
    .await?;
    Ok(see_other(&format!("{path}?gracias=1#opinion")))
}

/// One article's answers.
pub struct Tally {
    pub title: String,
    pub href: String,
    pub yes: i64,
    pub no: i64,
    /// Percent of "yes", rounded.
    pub helpful_percent: i64,
    pub comments: Vec<String>,
}

/// Articles with answers, least helpful first; ties go to the one with more "no".
pub async fn least_helpful(db: &Db, limit: i64) -> Result<Vec<Tally>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT a.id, a.collection, a.slug, a.title, CAST(SUM(f.helpful) AS BIGINT), COUNT(*) FROM doc_feedback f \
         JOIN doc_articles a ON a.id = f.article_id GROUP BY a.id, a.collection, a.slug, a.title",
    )
    .fetch_all(db.pool())
    .await?;
    let mut tallies = Vec::with_capacity(rows.len());
    for (id, collection, slug, title, yes, total) in rows {
        let comments: Vec<String> = sqlx::query_scalar(
            "SELECT comment FROM doc_feedback WHERE article_id = $1 AND comment <> '' ORDER BY id DESC LIMIT 3",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?;
        let href = Collection::from_slug(&collection)
            .map_or_else(String::new, |c| format!("{}/{slug}", c.path()));
        tallies.push(Tally {
            title,
            href,
            yes,
            no: total - yes,
            helpful_percent: ((yes * 100) as f64 / total.max(1) as f64).round() as i64,
            comments,
        });
    }
    tallies.sort_by(|a, b| {
        a.helpful_percent
            .cmp(&b.helpful_percent)
            .then(b.no.cmp(&a.no))
    });
    tallies.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(tallies)
}

#[derive(Template)]
#[template(path = "docs/helpfulness.html")]
struct HelpfulnessTemplate<'a> {
    shell: Shell<'a>,
    tallies: Vec<Tally>,
}

/// `GET /documentacion/utilidad`: for staff.
pub async fn report(
    State(state): State<AppState>,
    _reader: Allowed<FeedbackReaders>,
    visit: Visit,
) -> Result<Response, WebError> {
    let tallies = least_helpful(&state.db, 100).await?;
    let shell = Shell::new(&state, &visit, "/documentacion/utilidad");
    Ok(Page(HelpfulnessTemplate { shell, tallies }.render()).into_response())
}
