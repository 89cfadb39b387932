//! The review queue of the knowledge base: changes by new members wait here until a
//! trusted member, a moderator or staff approves or rejects them.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use soporte_platform::accounts::policy::Actor;
use soporte_platform::storage::UserId;
use soporte_platform::web::paging::{PageLinks, Paging};
use soporte_platform::web::{Allowed, AppState, Page, Shell, Visit, WebError, require, see_other};

use crate::RevisionId;
use crate::diff;
use crate::policy::{Action, Reviewers, allows};
use crate::store::{self, Decision};

const PATH: &str = "/documentacion/revision";
/// Changes shown per page of the queue.
const PER_PAGE: u32 = 10;
/// Lines of one change's comparison shown on the queue; a longer change says how many
/// more it has.
const MAX_LINES: usize = 400;

/// One waiting change as the page shows it.
struct Item {
    id: RevisionId,
    title: String,
    href: String,
    is_new: bool,
    author: String,
    when: String,
    summary: String,
    lines: Vec<diff::Line>,
    /// Lines of the comparison not shown.
    more_lines: usize,
}

#[derive(Template)]
#[template(path = "docs/review.html")]
struct ReviewTemplate<'a> {
    shell: Shell<'a>,
    items: Vec<Item>,
    outdated: bool,
    paging: PageLinks,
}

#[derive(serde::Deserialize)]
pub struct QueueQuery {
    desactualizado: Option<String>,
    pagina: Option<String>,
}

/// The reviewer's id if the policy lets them review (a visitor signs in and comes back
/// to the queue).
fn reviewer(visit: &Visit) -> Result<UserId, WebError> {
    require(visit, PATH, |viewer| {
        allows(Actor::Person(&viewer.roles), Action::Review)
    })
    .map(|viewer| viewer.user_id)
}

/// `GET /documentacion/revision`.
pub async fn queue(
    State(state): State<AppState>,
    _reviewer: Allowed<Reviewers>,
    visit: Visit,
    axum::extract::Query(query): axum::extract::Query<QueueQuery>,
) -> Result<Response, WebError> {
    let deleted = state.i18n.text(visit.locale, "deleted-user");
    let paging = Paging::new(query.pagina.as_deref(), PER_PAGE);
    let pending = store::pending(&state.db, paging.limit(), paging.offset()).await?;
    let (pending, paging) = paging.page(pending, PATH, &[]);
    let items = pending
        .into_iter()
        .map(|change| {
            let mut lines = diff::lines(&change.current_body, &change.body);
            let more_lines = lines.len().saturating_sub(MAX_LINES);
            lines.truncate(MAX_LINES);
            (change, lines, more_lines)
        })
        .map(|(change, lines, more_lines)| Item {
            id: change.revision_id,
            href: format!("{}/{}", change.collection.path(), change.slug),
            lines,
            more_lines,
            title: change.title,
            is_new: change.is_new,
            author: change
                .author
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| deleted.clone()),
            when: soporte_platform::text::time_utc(change.at),
            summary: change.summary,
        })
        .collect();
    let shell = Shell::new(&state, &visit, PATH);
    let outdated = query.desactualizado.is_some();
    Ok(Page(
        ReviewTemplate {
            shell,
            items,
            outdated,
            paging,
        }
        .render(),
    )
    .into_response())
}

async fn decide(
    state: AppState,
    visit: Visit,
    id: &str,
    decision: Decision,
) -> Result<Response, WebError> {
    let reviewer = reviewer(&visit)?;
    // Who may act is asked before what they name is read: a visitor is sent to sign
    // in whatever the address holds.
    let id: RevisionId = id.parse().map_err(|_| WebError::not_found())?;
    let outcome = store::decide(&state.db, id, decision, reviewer).await?;
    let to = match outcome {
        store::Outcome::Outdated => format!("{PATH}?desactualizado={id}"),
        store::Outcome::Done | store::Outcome::NotPending => PATH.to_owned(),
    };
    Ok(see_other(&to))
}

/// `POST /documentacion/revision/{id}/aprobar`.
pub async fn approve(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    decide(state, visit, &id, Decision::Approve).await
}

/// `POST /documentacion/revision/{id}/rechazar`.
pub async fn reject(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    decide(state, visit, &id, Decision::Reject).await
}
