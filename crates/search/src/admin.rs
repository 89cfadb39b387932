//! The staff's pages of the search: the synonym groups (`/admin/sinonimos`), with
//! their storage, and the weekly report of what people searched for
//! (`/admin/busquedas`). A save replaces a language's groups in one transaction, leaves an
//! event (so every node reloads them) and an audit entry.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use serde::{Deserialize, Serialize};
use soporte_platform::accounts::policy::Actor;
use soporte_platform::accounts::sessions::Viewer;
use soporte_platform::audit;
use soporte_platform::events::{self, NewEvent};
use soporte_platform::i18n::Locale;
use soporte_platform::storage::UserId;
use soporte_platform::storage::{Db, now_ms};
use soporte_platform::web::{
    Allowed, AppState, Page, Permission, Shell, Visit, WebError, see_other,
};

use crate::Search;
use crate::follow::SYNONYMS_CHANGED;
use crate::policy::{Action, allows};
use crate::report::{self, Line, Week};
use crate::synonyms::{self, Group, Problem, Synonyms};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/sinonimos", get(form).post(save))
        .route(REPORT, get(report_page))
}

const REPORT: &str = "/admin/busquedas";

const PATH: &str = "/admin/sinonimos";
/// Staff changed the curated synonyms (in the audit log).
const CHANGED_SYNONYMS: audit::Action = audit::Action::new("search.synonyms_changed");

/// The language column of a group.
fn tag(language: Locale) -> &'static str {
    match language {
        Locale::EsMx => "es",
        Locale::En => "en",
    }
}

/// Every language's groups, in the staff's order.
pub(crate) async fn load_synonyms(db: &Db) -> Result<Synonyms, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT lang, words FROM search_synonyms ORDER BY lang, position, id")
            .fetch_all(db.pool())
            .await?;
    let mut groups: HashMap<Locale, Vec<Group>> = HashMap::new();
    for (lang, words) in rows {
        let Some(language) = Locale::from_tag(&lang) else {
            continue;
        };
        // Rows were checked when saved; one that no longer parses is skipped.
        if let Ok(parsed) = synonyms::parse(&words) {
            groups.entry(language).or_default().extend(parsed);
        }
    }
    Ok(Synonyms::new(groups))
}

/// The `meta` key that says the curated groups were added.
const SEEDED: &str = "search_synonyms_seeded";

/// Adds the curated groups once, to a site that never had them (staff may later
/// empty the lists; they stay empty). The marker is claimed first, so two nodes
/// starting together seed once: the second waits for the first and finds it done.
pub(crate) async fn seed_curated(db: &Db) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    let claimed: Option<String> = sqlx::query_scalar(
        "INSERT INTO meta (key, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING RETURNING key",
    )
    .bind(SEEDED)
    .bind("1")
    .bind(now_ms())
    .fetch_optional(&mut *tx)
    .await?;
    if claimed.is_none() {
        return Ok(());
    }
    let curated = synonyms::curated();
    for language in Locale::ALL {
        for (position, group) in (1_i64..).zip(curated.groups(language)) {
            sqlx::query("INSERT INTO search_synonyms (lang, words, position) VALUES ($1, $2, $3)")
                .bind(tag(language))
                .bind(group.members().join(", "))
                .bind(position)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await
}

#[derive(Serialize)]
struct Changed {
    spanish: usize,
    english: usize,
}

/// Replaces every language's groups.
async fn store(
    db: &Db,
    groups: &[(Locale, Vec<Group>)],
    actor_id: UserId,
) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    sqlx::query("DELETE FROM search_synonyms")
        .execute(&mut *tx)
        .await?;
    for (language, groups) in groups {
        for (position, group) in (1_i64..).zip(groups) {
            sqlx::query("INSERT INTO search_synonyms (lang, words, position) VALUES ($1, $2, $3)")
                .bind(tag(*language))
                .bind(group.members().join(", "))
                .bind(position)
                .execute(&mut *tx)
                .await?;
        }
    }
    let count = |wanted: Locale| {
        groups
            .iter()
            .filter(|(language, _)| *language == wanted)
            .map(|(_, groups)| groups.len())
            .sum()
    };
    let detail = Changed {
        spanish: count(Locale::EsMx),
        english: count(Locale::En),
    };
    soporte_platform::audit::record(
        &mut tx,
        soporte_platform::audit::Entry {
            actor_id: Some(actor_id),
            action: CHANGED_SYNONYMS,
            target_user_id: None,
            detail: &detail,
        },
    )
    .await?;
    let event = NewEvent {
        kind: SYNONYMS_CHANGED,
        subject: "search:synonyms".to_owned(),
        actor_id: Some(actor_id),
        payload: &detail,
    };
    events::append(&mut tx, event).await?;
    tx.commit().await
}

#[derive(Template)]
#[template(path = "search/synonyms.html")]
struct SynonymsTemplate<'a> {
    shell: Shell<'a>,
    spanish: String,
    english: String,
    problem: Option<String>,
    saved: bool,
    /// The members of different groups that search cannot tell apart, in the
    /// reader's words.
    overlaps: Vec<String>,
}

#[derive(Deserialize, Default)]
struct SavedQuery {
    guardado: Option<String>,
}

/// Staff who edit the synonyms.
struct SynonymEditors;
/// Staff who read the search report.
struct ReportReaders;

impl Permission for SynonymEditors {
    fn allows(viewer: &Viewer) -> bool {
        allows(Actor::Person(&viewer.roles), Action::EditSynonyms)
    }
}

impl Permission for ReportReaders {
    fn allows(viewer: &Viewer) -> bool {
        allows(Actor::Person(&viewer.roles), Action::ReadReport)
    }
}

impl From<crate::SearchError> for WebError {
    fn from(error: crate::SearchError) -> WebError {
        WebError::internal(error)
    }
}

async fn form(
    State(state): State<AppState>,
    _editor: Allowed<SynonymEditors>,
    visit: Visit,
    query: Result<axum::extract::Query<SavedQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let current = load_synonyms(&state.db).await?;
    let page = SynonymsTemplate {
        shell: Shell::new(&state, &visit, PATH),
        spanish: synonyms::to_text(current.groups(Locale::EsMx)),
        english: synonyms::to_text(current.groups(Locale::En)),
        problem: None,
        saved: query.is_ok_and(|query| query.guardado.is_some()),
        overlaps: overlaps(&state, &visit, &current),
    };
    Ok(Page(page.render()).into_response())
}

#[derive(Deserialize)]
struct SynonymsForm {
    #[serde(default)]
    spanish: String,
    #[serde(default)]
    english: String,
}

async fn save(
    State(state): State<AppState>,
    Extension(search): Extension<Arc<Search>>,
    Allowed { viewer, .. }: Allowed<SynonymEditors>,
    visit: Visit,
    Form(form): Form<SynonymsForm>,
) -> Result<Response, WebError> {
    let mut parsed = Vec::new();
    let mut problem = None;
    for (language, text, name) in [
        (Locale::EsMx, &form.spanish, "search-synonyms-spanish"),
        (Locale::En, &form.english, "search-synonyms-english"),
    ] {
        match synonyms::parse(text) {
            Ok(groups) => parsed.push((language, groups)),
            Err(error) => {
                problem = Some(describe(&state, &visit, name, &error));
                break;
            }
        }
    }
    if let Some(problem) = problem {
        let page = SynonymsTemplate {
            shell: Shell::new(&state, &visit, PATH),
            spanish: form.spanish,
            english: form.english,
            problem: Some(problem),
            saved: false,
            overlaps: Vec::new(),
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Page(page.render())).into_response());
    }
    store(&state.db, &parsed, viewer.user_id).await?;
    // This node at once; the others when they read the event.
    search.reload_synonyms(&state.db).await?;
    Ok(see_other(&format!("{PATH}?guardado=1")))
}

/// The members of different groups that come down to the same stems, list by list,
/// in the reader's words: "Español de México: «ordenador» y «ordenar»".
fn overlaps(state: &AppState, visit: &Visit, current: &Synonyms) -> Vec<String> {
    let mut lines = Vec::new();
    for (language, name) in [
        (Locale::EsMx, "search-synonyms-spanish"),
        (Locale::En, "search-synonyms-english"),
    ] {
        let list = state.i18n.text(visit.locale, name);
        for overlap in current.overlaps(language) {
            lines.push(state.i18n.text_with(
                visit.locale,
                "search-synonyms-overlap",
                &[
                    ("list", &list),
                    ("first", &overlap.first),
                    ("second", &overlap.second),
                ],
            ));
        }
    }
    lines
}

/// The problem, in the reader's words: which list, which line, what is wrong.
fn describe(state: &AppState, visit: &Visit, list: &str, problem: &Problem) -> String {
    let list = state.i18n.text(visit.locale, list);
    let limit = |n: usize| n.to_string();
    match problem {
        Problem::TooFew { line } => state.i18n.text_with(
            visit.locale,
            "search-synonyms-too-few",
            &[("list", &list), ("line", &line.to_string())],
        ),
        Problem::BadMember { line } => state.i18n.text_with(
            visit.locale,
            "search-synonyms-bad-member",
            &[
                ("list", &list),
                ("line", &line.to_string()),
                ("limit", &limit(synonyms::MAX_MEMBER_CHARS)),
            ],
        ),
        Problem::TooMany => state.i18n.text_with(
            visit.locale,
            "search-synonyms-too-many",
            &[("list", &list), ("limit", &limit(synonyms::MAX_GROUPS))],
        ),
    }
}

#[derive(Template)]
#[template(path = "search/report.html")]
struct ReportTemplate<'a> {
    shell: Shell<'a>,
    week: String,
    searches: String,
    sections: Vec<Section>,
    previous: String,
    next: Option<String>,
}

/// One list of the report; `id` is its heading's Fluent id (and HTML id).
struct Section {
    id: &'static str,
    lines: Vec<Line>,
}

#[derive(Deserialize, Default)]
struct WeekQuery {
    #[serde(default)]
    semana: String,
}

/// `GET /admin/busquedas?semana=2026-11-23`: one week of searches (this week by
/// default; a date that is not one shows this week too).
async fn report_page(
    State(state): State<AppState>,
    _reader: Allowed<ReportReaders>,
    visit: Visit,
    query: Result<axum::extract::Query<WeekQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let this_week = Week::holding(now_ms());
    let week = query
        .ok()
        .and_then(|query| Week::parse(&query.semana))
        .filter(|week| week.monday <= this_week.monday)
        .unwrap_or(this_week);
    let found = report::weekly(&state.db, week).await?;
    let link = |week: Week| format!("{REPORT}?semana={}", week.label());
    let page = ReportTemplate {
        shell: Shell::new(&state, &visit, REPORT),
        week: state.i18n.text_with(
            visit.locale,
            "search-report-week",
            &[("date", &week.label())],
        ),
        searches: state.i18n.text_count(
            visit.locale,
            "search-report-searches",
            "count",
            found.searches,
        ),
        sections: vec![
            Section {
                id: "search-report-frequent",
                lines: found.frequent,
            },
            Section {
                id: "search-report-empty",
                lines: found.empty,
            },
            Section {
                id: "search-report-unopened",
                lines: found.unopened,
            },
        ],
        previous: link(week.previous()),
        next: (week != this_week).then(|| link(week.next())),
    };
    Ok(Page(page.render()).into_response())
}
