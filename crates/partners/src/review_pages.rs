//! The foundation's review pages (staff only): the queue of applications and renewals
//! (`/socios/revision`), and one application with its documents and history and the
//! decision: approve, ask for more, reject (each recorded in the audit log and told to
//! the applicant).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use soporte_platform::attachments::FormData;
use soporte_platform::storage::now_ms;
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, see_other};

use crate::PartnerId;
use crate::apply::{Record, may, record};
use crate::pages::{Answer, state_name};
use crate::policy::Action;
use crate::review::{Decision, Note};
use crate::store::PartnersError;
use crate::verification;

/// The queue.
pub const QUEUE: &str = "/socios/revision";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(QUEUE, get(queue))
        .route("/socios/revision/{id}", get(application).post(decide))
}

fn path(id: PartnerId) -> String {
    format!("{QUEUE}/{id}")
}

/// A waiting application, ready for the page.
struct Row {
    href: String,
    name: String,
    rfc: String,
    state: String,
    kind: String,
    sent: String,
}

#[derive(Template)]
#[template(path = "partners/queue.html")]
struct QueueTemplate<'a> {
    shell: Shell<'a>,
    rows: Vec<Row>,
}

/// `GET /socios/revision`.
async fn queue(State(state): State<AppState>, visit: Visit) -> Answer {
    may(&visit, Action::Review, QUEUE)?;
    let locale = visit.locale;
    let rows = verification::queue(&state.db)
        .await?
        .into_iter()
        .map(|waiting| Row {
            href: path(waiting.id),
            name: waiting.name,
            rfc: waiting.rfc,
            state: state_name(&state, locale, &waiting.state),
            kind: state.i18n.text(
                locale,
                if waiting.renewal {
                    "partners-queue-renewal"
                } else {
                    "partners-queue-new"
                },
            ),
            sent: soporte_platform::text::time_utc(waiting.sent_at),
        })
        .collect();
    let page = QueueTemplate {
        shell: Shell::new(&state, &visit, QUEUE),
        rows,
    };
    Ok(Page(page.render()).into_response())
}

#[derive(Template)]
#[template(path = "partners/application.html")]
struct ApplicationTemplate<'a> {
    shell: Shell<'a>,
    record: Record,
    action: String,
    /// Whether the foundation may decide now.
    open: bool,
    problem: Option<String>,
    note: String,
}

async fn application_page(
    state: &AppState,
    visit: &Visit,
    id: PartnerId,
    (problem, note): (Option<&'static str>, String),
    status: StatusCode,
) -> Answer {
    let record = record(state, visit.locale, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let open =
        record.standing.in_queue() || record.standing.status == crate::profile::Status::MoreAsked;
    let page = ApplicationTemplate {
        shell: Shell::new(state, visit, &path(id)),
        action: path(id),
        open,
        problem: problem.map(|problem| state.i18n.text(visit.locale, problem)),
        note,
        record,
    };
    Ok((status, Page(page.render())).into_response())
}

fn partner_id(text: &str) -> Result<PartnerId, WebError> {
    text.parse().map_err(|_| WebError::not_found())
}

/// `GET /socios/revision/{id}`.
async fn application(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
) -> Answer {
    may(&visit, Action::Review, QUEUE)?;
    let id = partner_id(&id)?;
    application_page(&state, &visit, id, (None, String::new()), StatusCode::OK).await
}

/// The decision a form sends: `decision` (aprobar, pedir, rechazar) and `nota`.
fn decision_of(sent: &FormData) -> Result<Decision, &'static str> {
    let note = Note::parse(sent.field("nota"));
    match (sent.field("decision"), note) {
        ("aprobar", note) => Ok(Decision::Approve(note)),
        ("pedir", Some(note)) => Ok(Decision::AskMore(note)),
        ("rechazar", Some(note)) => Ok(Decision::Reject(note)),
        ("pedir" | "rechazar", None) => Err("partners-review-note-needed"),
        _ => Err("partners-review-choose"),
    }
}

/// `POST /socios/revision/{id}`: the foundation's decision.
async fn decide(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    sent: FormData,
) -> Result<Response, WebError> {
    let viewer = may(&visit, Action::Review, QUEUE)?;
    let id = partner_id(&id)?;
    let note = sent.field("nota").to_owned();
    let decision = match decision_of(&sent) {
        Ok(decision) => decision,
        Err(problem) => {
            return application_page(
                &state,
                &visit,
                id,
                (Some(problem), note),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match verification::carry_out(&state, id, &decision, viewer.user_id, now_ms()).await {
        Ok(_) => Ok(see_other(QUEUE)),
        Err(PartnersError::Problem(problem)) => {
            application_page(
                &state,
                &visit,
                id,
                (Some(problem), note),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(PartnersError::Database(error)) => Err(error.into()),
    }
}
