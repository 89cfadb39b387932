//! The indicators page for staff (`/comunidad/indicadores`), per category or for the
//! whole forum, as a table and two charts drawn on the server as SVG (no script), and
//! the same figures as CSV.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;
use serde::Deserialize;
use soporte_platform::i18n::Locale;
use soporte_platform::storage::{Db, UserId, now_ms};
use soporte_platform::text::xml;
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, require};
use soporte_platform::week::Week;

use super::{Asked, Figures, Helped, figures, hours};
use crate::CategoryId;
use crate::ask::Outcome;
use crate::categories;
use crate::pages::{Answer, actor, with_query};
use crate::policy::{Action, Member, Owner, allows};

const PATH: &str = "/comunidad/indicadores";
const CSV_PATH: &str = "/comunidad/indicadores.csv";
/// What counts as help: a shown reply to a question by someone other than its asker
/// (whose account may be gone).
const HELP: &str = "t.kind = 'question' AND p.number > 1 AND p.visibility = 'shown' \
     AND p.author_id IS NOT NULL AND (t.author_id IS NULL OR p.author_id <> t.author_id)";

/// Weeks shown, the newest last.
const WEEKS: usize = 12;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PATH, get(page))
        .route(CSV_PATH, get(csv))
}

#[derive(Debug, Default, Deserialize)]
struct Params {
    #[serde(default)]
    categoria: String,
}

fn staff(visit: &Visit) -> Result<(), WebError> {
    require(visit, PATH, |_| true)?;
    let member = Member {
        actor: actor(visit),
        level: crate::trust::Level::New,
        silenced: false,
    };
    if !allows(member, Action::ReadIndicators, Owner::Someone) {
        return Err(WebError::forbidden());
    }
    Ok(())
}

/// The last [`WEEKS`] weeks, the current one last.
fn weeks() -> Vec<Week> {
    let mut week = Week::holding(now_ms());
    let mut all = vec![week];
    for _ in 1..WEEKS {
        week = week.previous();
        all.push(week);
    }
    all.reverse();
    all
}

/// The figures of `weeks` for `category` (the whole forum when none).
async fn load(
    db: &Db,
    weeks: &[Week],
    category: Option<CategoryId>,
) -> Result<Vec<Figures>, sqlx::Error> {
    let since = weeks.first().map_or(0, |week| week.range_ms().0);
    let in_category = if category.is_some() {
        " AND t.category_id = $2"
    } else {
        ""
    };
    let questions_sql = format!(
        "SELECT t.created_at, t.first_reply_at, t.solved_at FROM forum_topics t \
         WHERE t.kind = 'question' AND t.merged_into IS NULL AND t.created_at >= $1{in_category}"
    );
    let mut questions =
        sqlx::query_as::<_, (i64, Option<i64>, Option<i64>)>(&questions_sql).bind(since);
    if let Some(category) = category {
        questions = questions.bind(category);
    }
    let asked: Vec<Asked> = questions
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|(created_at, first_reply_at, solved_at)| Asked {
            created_at,
            first_reply_at,
            solved_at,
        })
        .collect();
    let helped_sql = format!(
        "SELECT p.author_id, p.created_at FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id \
         WHERE {HELP} AND p.created_at >= $1{in_category}"
    );
    let mut helped_query = sqlx::query_as::<_, (UserId, i64)>(&helped_sql).bind(since);
    if let Some(category) = category {
        helped_query = helped_query.bind(category);
    }
    let helped: Vec<Helped> = helped_query
        .fetch_all(db.pool())
        .await?
        .into_iter()
        .map(|(helper, at)| Helped { helper, at })
        .collect();
    // Each helper's first answer ever (in the category): whether they are new.
    let first_sql = format!(
        "SELECT p.author_id, MIN(p.created_at) FROM forum_posts p JOIN forum_topics t ON t.id = p.topic_id \
         WHERE {HELP}{} GROUP BY p.author_id",
        if category.is_some() {
            " AND t.category_id = $1"
        } else {
            ""
        }
    );
    let mut first_query = sqlx::query_as::<_, (UserId, i64)>(&first_sql);
    if let Some(category) = category {
        first_query = first_query.bind(category);
    }
    let first_help = first_query.fetch_all(db.pool()).await?;
    let flows: Vec<(i64, String)> =
        sqlx::query_as("SELECT started_at, outcome FROM forum_ask_flows WHERE started_at >= $1")
            .bind(since)
            .fetch_all(db.pool())
            .await?;
    let flows: Vec<(i64, Outcome)> = flows
        .into_iter()
        .map(|(at, outcome)| {
            let outcome = match outcome.as_str() {
                "posted" => Outcome::Posted,
                "resolved" => Outcome::Resolved,
                _ => Outcome::Asking,
            };
            (at, outcome)
        })
        .collect();
    Ok(figures(weeks, &asked, &helped, &first_help, &flows))
}

/// One row of the table, as text.
struct Row {
    week: String,
    asked: i64,
    in_24h: String,
    in_72h: String,
    solved: String,
    first_reply: String,
    solution: String,
    active: i64,
    new: i64,
    deflection: String,
}

fn percent_text(value: Option<i64>) -> String {
    value.map_or_else(|| "—".to_owned(), |value| format!("{value} %"))
}

fn row(figures: &Figures) -> Row {
    Row {
        week: figures.week.label(),
        asked: figures.asked,
        in_24h: percent_text(figures.percent(figures.answered_in_24h)),
        in_72h: percent_text(figures.percent(figures.answered_in_72h)),
        solved: percent_text(figures.percent(figures.solved)),
        first_reply: figures
            .median_first_reply_ms
            .map_or_else(|| "—".to_owned(), hours),
        solution: figures
            .median_solution_ms
            .map_or_else(|| "—".to_owned(), hours),
        active: figures.active_helpers,
        new: figures.new_helpers,
        deflection: percent_text(figures.flows.percent()),
    }
}

#[derive(Template)]
#[template(path = "forum/indicators.html")]
struct IndicatorsTemplate<'a> {
    shell: Shell<'a>,
    categories: Vec<(String, String, bool)>,
    rows: Vec<Row>,
    asked_chart: String,
    answered_chart: String,
    csv_href: String,
}

async fn chosen(db: &Db, slug: &str) -> Result<Option<categories::Category>, WebError> {
    if slug.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        categories::by_slug(db, slug)
            .await?
            .ok_or_else(WebError::not_found)?,
    ))
}

async fn page(State(state): State<AppState>, visit: Visit, Query(params): Query<Params>) -> Answer {
    staff(&visit)?;
    let category = chosen(&state.db, &params.categoria).await?;
    let weeks = weeks();
    let figures = load(&state.db, &weeks, category.as_ref().map(|c| c.id)).await?;
    let locale = visit.locale;
    let shell = Shell::new(&state, &visit, PATH);
    let all = categories::all(&state.db).await?;
    let categories = all
        .iter()
        .map(|c| {
            (
                c.slug.clone(),
                c.name(locale).to_owned(),
                Some(&c.slug) == category.as_ref().map(|c| &c.slug),
            )
        })
        .collect();
    let asked_chart = bars(
        &figures,
        &shell.t("forum-kpi-chart-asked"),
        &shell.t("forum-kpi-chart-asked-desc"),
        "chart-asked",
    );
    let answered_chart = line(
        &figures,
        &shell.t("forum-kpi-chart-answered"),
        &shell.t("forum-kpi-chart-answered-desc"),
        "chart-answered",
    );
    let csv_href = with_query(CSV_PATH, &[("categoria", params.categoria.clone())]);
    let template = IndicatorsTemplate {
        shell,
        categories,
        rows: figures.iter().map(row).collect(),
        asked_chart,
        answered_chart,
        csv_href,
    };
    Ok(Page(template.render()).into_response())
}

async fn csv(State(state): State<AppState>, visit: Visit, Query(params): Query<Params>) -> Answer {
    staff(&visit)?;
    let category = chosen(&state.db, &params.categoria).await?;
    let figures = load(&state.db, &weeks(), category.as_ref().map(|c| c.id)).await?;
    let body = to_csv(&state, visit.locale, &figures);
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"indicadores-comunidad.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// The figures as CSV: a header row in the reader's language, one row per week, plain
/// numbers (hours with a point for decimals).
fn to_csv(state: &AppState, locale: Locale, figures: &[Figures]) -> String {
    let header = state.i18n.text(locale, "forum-kpi-csv-header");
    let mut out = format!("{header}\r\n");
    for figures in figures {
        let optional = |value: Option<i64>| value.map(hours).unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
            figures.week.label(),
            figures.asked,
            figures.answered_in_24h,
            figures.answered_in_72h,
            figures.solved,
            optional(figures.median_first_reply_ms),
            optional(figures.median_solution_ms),
            figures.active_helpers,
            figures.new_helpers,
            figures.flows.posted,
            figures.flows.resolved,
            figures.flows.left,
        ));
    }
    out
}

const WIDTH: i64 = 640;
const HEIGHT: i64 = 200;
const LEFT: i64 = 40;
const BOTTOM: i64 = 30;

/// An SVG bar chart of questions asked per week (solved ones darker, inside).
fn bars(figures: &[Figures], title: &str, description: &str, id: &str) -> String {
    let top = figures.iter().map(|f| f.asked).max().unwrap_or(0).max(1);
    let slot = (WIDTH - LEFT) / i64::try_from(figures.len().max(1)).unwrap_or(1);
    let scale = |value: i64| value * (HEIGHT - BOTTOM - 10) / top;
    let mut svg = svg_start(title, description, id);
    svg.push_str(&format!(
        "<text x=\"4\" y=\"14\" class=\"axis\">{top}</text><text x=\"4\" y=\"{}\" class=\"axis\">0</text>",
        HEIGHT - BOTTOM
    ));
    for (index, f) in figures.iter().enumerate() {
        let x = LEFT + i64::try_from(index).unwrap_or(0) * slot + 4;
        let width = (slot - 8).max(2);
        let asked = scale(f.asked);
        let solved = scale(f.solved);
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"{width}\" height=\"{asked}\" class=\"asked\"/>\
             <rect x=\"{x}\" y=\"{}\" width=\"{width}\" height=\"{solved}\" class=\"solved\"/>\
             <text x=\"{x}\" y=\"{}\" class=\"axis\">{}</text>",
            HEIGHT - BOTTOM - asked,
            HEIGHT - BOTTOM - solved,
            HEIGHT - 10,
            xml(&f.week.monday.strftime("%d/%m").to_string()),
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// An SVG line chart of the share answered within 24 hours per week.
fn line(figures: &[Figures], title: &str, description: &str, id: &str) -> String {
    let slot = (WIDTH - LEFT) / i64::try_from(figures.len().max(1)).unwrap_or(1);
    let y = |percent: i64| HEIGHT - BOTTOM - percent * (HEIGHT - BOTTOM - 10) / 100;
    let points: Vec<String> = figures
        .iter()
        .enumerate()
        .filter_map(|(index, f)| {
            let percent = f.percent(f.answered_in_24h)?;
            let x = LEFT + i64::try_from(index).unwrap_or(0) * slot + slot / 2;
            Some(format!("{x},{}", y(percent)))
        })
        .collect();
    let mut svg = svg_start(title, description, id);
    svg.push_str(&format!(
        "<text x=\"4\" y=\"14\" class=\"axis\">100 %</text><text x=\"4\" y=\"{}\" class=\"axis\">0</text>",
        HEIGHT - BOTTOM
    ));
    if !points.is_empty() {
        svg.push_str(&format!(
            "<polyline points=\"{}\" class=\"answered\"/>",
            points.join(" ")
        ));
    }
    for (index, f) in figures.iter().enumerate() {
        let x = LEFT + i64::try_from(index).unwrap_or(0) * slot + 4;
        svg.push_str(&format!(
            "<text x=\"{x}\" y=\"{}\" class=\"axis\">{}</text>",
            HEIGHT - 10,
            xml(&f.week.monday.strftime("%d/%m").to_string()),
        ));
    }
    svg.push_str("</svg>");
    svg
}

fn svg_start(title: &str, description: &str, id: &str) -> String {
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        xml(title),
        xml(description),
    )
}
