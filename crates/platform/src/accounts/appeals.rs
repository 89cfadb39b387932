//! Appeals: a person asks staff to look again at a restriction put on them (a silence,
//! a suspension), once per restriction. A silenced person appeals from their account; a
//! suspended one, who cannot sign in, from the page that refuses them (the password
//! they just gave earns a signed permit for that one appeal). Staff answer on one page:
//! granted lifts the restriction, denied keeps it; either way the person is told, and
//! the audit log keeps who decided and why.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

use super::Role;
use super::restrictions::{self, Kind, Restriction};
use super::web::Answer;
use crate::audit::{self, Action};
use crate::events::{self, NewEvent};
use crate::i18n::{I18n, Locale};
use crate::notifications::{self, Notice};
use crate::storage::{Db, UserId, now_ms};
use crate::text;
use crate::web::{AppState, Page, Shell, Visit, WebError, require, see_other};

const MINE: &str = "/cuenta/apelacion";
const STAFF_PAGE: &str = "/admin/apelaciones";
/// Signature purpose of a suspended person's permit to appeal.
const PERMIT: &str = "appeal_permit";
/// How long a permit holds, in milliseconds.
const PERMIT_MS: i64 = 60 * 60 * 1000;
/// The longest appeal and answer, in characters.
const TEXT_MAX: usize = 2000;

pub const GRANTED: Action = Action::new("appeal.granted");
pub const DENIED: Action = Action::new("appeal.denied");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(MINE, get(mine).post(file_mine))
        .route("/cuenta/apelacion/suspension", post(file_suspended))
        .route(STAFF_PAGE, get(staff_page).post(decide_page))
}

/// What became of an appeal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Open,
    Granted,
    Denied,
}

impl Outcome {
    fn parse(text: &str) -> Outcome {
        match text {
            "granted" => Outcome::Granted,
            "denied" => Outcome::Denied,
            _ => Outcome::Open,
        }
    }
}

/// An appeal's text: 10 to [`TEXT_MAX`] characters, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppealText(String);

impl AppealText {
    pub fn parse(text: &str) -> Option<AppealText> {
        let trimmed = text.trim();
        let count = trimmed.chars().count();
        (10..=TEXT_MAX)
            .contains(&count)
            .then(|| AppealText(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppealError {
    #[error("the restriction is not this person's, or no longer holds")]
    NotFound,
    #[error("this restriction was already appealed, or the appeal already answered")]
    AlreadyDone,
    #[error("nobody answers their own appeal")]
    OwnAppeal,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// `person` appeals `restriction` (theirs, in force) with `text`.
pub async fn file(
    db: &Db,
    person: UserId,
    restriction: i64,
    text: &AppealText,
) -> Result<(), AppealError> {
    let mut tx = db.write().await?;
    let holds: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM restrictions WHERE id = $1 AND user_id = $2 AND lifted_at IS NULL \
         AND until_at > $3",
    )
    .bind(restriction)
    .bind(person)
    .bind(now_ms())
    .fetch_optional(&mut *tx)
    .await?;
    if holds.is_none() {
        return Err(AppealError::NotFound);
    }
    let added = sqlx::query(
        "INSERT INTO appeals (restriction_id, user_id, text, state, created_at, answer) \
         VALUES ($1, $2, $3, 'open', $4, '') ON CONFLICT DO NOTHING",
    )
    .bind(restriction)
    .bind(person)
    .bind(text.as_str())
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    if added.rows_affected() == 0 {
        return Err(AppealError::AlreadyDone);
    }
    let event = NewEvent {
        kind: "appeal.filed",
        subject: format!("user:{person}"),
        actor_id: Some(person),
        payload: &restriction,
    };
    events::append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(())
}

/// The appeal of `restriction`, if one was filed: its state and staff's answer.
async fn of_restriction(
    db: &Db,
    restriction: i64,
) -> Result<Option<(Outcome, String)>, sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT state, answer FROM appeals WHERE restriction_id = $1")
            .bind(restriction)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|(state, answer)| (Outcome::parse(&state), answer)))
}

/// An open appeal, as staff read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Open {
    pub id: i64,
    pub person: UserId,
    pub name: String,
    pub kind: Kind,
    pub reason: String,
    pub until: i64,
    pub text: String,
    pub at: i64,
}

/// The open appeals, oldest first: `limit` from `offset`.
pub async fn open(db: &Db, offset: i64, limit: i64) -> Result<Vec<Open>, sqlx::Error> {
    type Row = (i64, UserId, String, String, String, i64, String, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.user_id, u.display_name, r.kind, r.reason, r.until_at, a.text, a.created_at \
         FROM appeals a JOIN restrictions r ON r.id = a.restriction_id \
         JOIN users u ON u.id = a.user_id WHERE a.state = 'open' ORDER BY a.id LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, person, name, kind, reason, until, text, at)| {
            Some(Open {
                id,
                person,
                name,
                kind: Kind::parse(&kind)?,
                reason,
                until,
                text,
                at,
            })
        })
        .collect())
}

#[derive(Serialize)]
struct Decided<'a> {
    appeal: i64,
    answer: &'a str,
}

/// Staff answer appeal `id`: `grant` lifts the restriction. Returns the person and the
/// restriction's kind. Two staff answering at once: the first decides, the second is
/// told it was answered.
pub async fn decide(
    db: &Db,
    i18n: &I18n,
    id: i64,
    grant: bool,
    staff: UserId,
    answer: &str,
) -> Result<(UserId, Kind), AppealError> {
    let mut tx = db.write().await?;
    let row: Option<(UserId, i64)> = sqlx::query_as(
        "UPDATE appeals SET state = $2, decided_by = $3, decided_at = $4, answer = $5 \
         WHERE id = $1 AND state = 'open' AND user_id <> $3 RETURNING user_id, restriction_id",
    )
    .bind(id)
    .bind(if grant { "granted" } else { "denied" })
    .bind(staff)
    .bind(now_ms())
    .bind(answer)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((person, restriction)) = row else {
        let whose: Option<UserId> = sqlx::query_scalar("SELECT user_id FROM appeals WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        return Err(match whose {
            Some(person) if person == staff => AppealError::OwnAppeal,
            Some(_) => AppealError::AlreadyDone,
            None => AppealError::NotFound,
        });
    };
    let kind: String = sqlx::query_scalar("SELECT kind FROM restrictions WHERE id = $1")
        .bind(restriction)
        .fetch_one(&mut *tx)
        .await?;
    let kind = Kind::parse(&kind).ok_or(AppealError::NotFound)?;
    if grant {
        // That restriction only: a later one, for something else, stays.
        restrictions::lift_one(&mut tx, restriction, staff, answer).await?;
    }
    let detail = Decided { appeal: id, answer };
    let action = if grant { GRANTED } else { DENIED };
    let entry = audit::Entry {
        actor_id: Some(staff),
        action,
        target_user_id: Some(person),
        detail: &detail,
    };
    audit::record(&mut tx, entry).await?;
    let event = NewEvent {
        kind: action.name(),
        subject: format!("user:{person}"),
        actor_id: Some(staff),
        payload: &detail,
    };
    events::append(&mut tx, event).await?;
    tell(&mut tx, i18n, person, kind, grant, answer).await?;
    tx.commit().await?;
    Ok((person, kind))
}

/// Tells the person staff's answer, in their language, among their notices.
async fn tell(
    connection: &mut AnyConnection,
    i18n: &I18n,
    person: UserId,
    kind: Kind,
    granted: bool,
    answer: &str,
) -> Result<(), sqlx::Error> {
    let tag: String = sqlx::query_scalar("SELECT locale FROM users WHERE id = $1")
        .bind(person)
        .fetch_one(&mut *connection)
        .await?;
    let locale = Locale::from_tag(&tag).unwrap_or(Locale::EsMx);
    let title = i18n.text(locale, "appeal-notice-title");
    let what = i18n.text(locale, kind.message_id());
    let id = if granted {
        "appeal-notice-granted"
    } else {
        "appeal-notice-denied"
    };
    let text = i18n.text_with(locale, id, &[("what", &what), ("answer", answer)]);
    notifications::add(
        connection,
        Notice {
            user: person,
            title: &title,
            text: &text,
            path: MINE,
        },
    )
    .await?;
    Ok(())
}

// ---- pages --------------------------------------------------------------------------

/// A restriction as its person reads it, with their appeal.
struct RestrictionView {
    id: i64,
    what: String,
    /// "until …, because …".
    text: String,
    /// What became of the appeal; none when the person may still appeal.
    appeal: Option<String>,
}

#[derive(Template)]
#[template(path = "account/appeal.html")]
struct AppealTemplate<'a> {
    shell: Shell<'a>,
    title: String,
    restrictions: Vec<RestrictionView>,
    /// Where the form goes, and the permit a suspended person carries.
    action: &'static str,
    permit: Option<String>,
    draft: String,
    problem: Option<String>,
    notice: Option<String>,
}

async fn view(
    state: &AppState,
    locale: Locale,
    restriction: &Restriction,
) -> Result<RestrictionView, sqlx::Error> {
    let what = state.i18n.text(locale, restriction.kind.message_id());
    let text = state.i18n.text_with(
        locale,
        "appeal-restriction",
        &[
            ("until", &text::time_utc(restriction.until)),
            ("reason", &restriction.reason),
        ],
    );
    let appeal = of_restriction(&state.db, restriction.id)
        .await?
        .map(|(appeal, answer)| match appeal {
            Outcome::Open => state.i18n.text(locale, "appeal-pending"),
            Outcome::Granted => {
                state
                    .i18n
                    .text_with(locale, "appeal-granted", &[("answer", &answer)])
            }
            Outcome::Denied => {
                state
                    .i18n
                    .text_with(locale, "appeal-denied", &[("answer", &answer)])
            }
        });
    Ok(RestrictionView {
        id: restriction.id,
        what,
        text,
        appeal,
    })
}

/// The restrictions `person` is under now.
async fn in_force(db: &Db, person: UserId) -> Result<Vec<Restriction>, sqlx::Error> {
    let mut found = Vec::new();
    for kind in Kind::ALL {
        found.extend(restrictions::current_in(db, person, kind).await?);
    }
    Ok(found)
}

#[derive(Debug, Default, Deserialize)]
struct AppealForm {
    #[serde(default)]
    restriccion: String,
    #[serde(default)]
    texto: String,
    #[serde(default)]
    permiso: String,
}

struct Shown<'f> {
    status: StatusCode,
    draft: &'f str,
    problem: Option<&'static str>,
    notice: Option<&'static str>,
}

async fn render(
    state: &AppState,
    visit: &Visit,
    person: UserId,
    permit: Option<String>,
    shown: Shown<'_>,
) -> Result<Response, WebError> {
    let mut views = Vec::new();
    for restriction in in_force(&state.db, person).await? {
        views.push(view(state, visit.locale, &restriction).await?);
    }
    let shell = Shell::new(state, visit, MINE);
    let page = AppealTemplate {
        title: shell.t("appeal-title"),
        restrictions: views,
        action: if permit.is_some() {
            "/cuenta/apelacion/suspension"
        } else {
            MINE
        },
        permit,
        draft: shown.draft.to_owned(),
        problem: shown.problem.map(|id| shell.t(id)),
        notice: shown.notice.map(|id| shell.t(id)),
        shell,
    };
    Ok((shown.status, Page(page.render())).into_response())
}

async fn mine(State(state): State<AppState>, visit: Visit) -> Answer {
    let viewer = require(&visit, MINE, |_| true)?;
    let shown = Shown {
        status: StatusCode::OK,
        draft: "",
        problem: None,
        notice: None,
    };
    render(&state, &visit, viewer.user_id, None, shown).await
}

/// Files the appeal a form carries for `person`, and shows the page again.
async fn file_from(
    state: &AppState,
    visit: &Visit,
    person: UserId,
    permit: Option<String>,
    form: &AppealForm,
) -> Answer {
    let problem = match (
        form.restriccion.parse::<i64>(),
        AppealText::parse(&form.texto),
    ) {
        (Ok(restriction), Some(text)) => match file(&state.db, person, restriction, &text).await {
            Ok(()) => {
                let shown = Shown {
                    status: StatusCode::OK,
                    draft: "",
                    problem: None,
                    notice: Some("appeal-sent"),
                };
                return render(state, visit, person, permit, shown).await;
            }
            Err(AppealError::NotFound) => "appeal-not-found",
            Err(AppealError::AlreadyDone | AppealError::OwnAppeal) => "appeal-already",
            Err(AppealError::Database(error)) => return Err(error.into()),
        },
        (Err(_), _) => "appeal-not-found",
        (_, None) => "appeal-text-length",
    };
    let shown = Shown {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        draft: &form.texto,
        problem: Some(problem),
        notice: None,
    };
    render(state, visit, person, permit, shown).await
}

async fn file_mine(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<AppealForm>,
) -> Answer {
    let viewer = require(&visit, MINE, |_| true)?;
    file_from(&state, &visit, viewer.user_id, None, &form).await
}

/// A signed permit for `person` to appeal while suspended, valid for an hour.
fn permit_for(state: &AppState, person: UserId) -> String {
    let value = format!("{person}.{}", now_ms() + PERMIT_MS);
    let signature = state.key.sign(PERMIT, &value);
    format!("{value}.{signature}")
}

/// The person a permit speaks for, while it holds.
fn permit_holder(state: &AppState, permit: &str) -> Option<UserId> {
    let (value, signature) = permit.rsplit_once('.')?;
    if !crate::secrets::same(&state.key.sign(PERMIT, value), signature) {
        return None;
    }
    let (person, expires) = value.split_once('.')?;
    let expires: i64 = expires.parse().ok()?;
    (expires > now_ms()).then_some(person.parse().ok()?)
}

/// What a suspended person sees when they sign in with the right password: until when,
/// why, and how to appeal.
pub(super) async fn suspended(state: &AppState, visit: &Visit, person: UserId) -> Answer {
    let shown = Shown {
        status: StatusCode::FORBIDDEN,
        draft: "",
        problem: None,
        notice: None,
    };
    render(state, visit, person, Some(permit_for(state, person)), shown).await
}

async fn file_suspended(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<AppealForm>,
) -> Answer {
    let person = permit_holder(&state, &form.permiso).ok_or_else(|| {
        WebError::status(StatusCode::FORBIDDEN).saying("appeal-title", "appeal-permit-expired")
    })?;
    let permit = Some(form.permiso.clone());
    file_from(&state, &visit, person, permit, &form).await
}

// ---- staff --------------------------------------------------------------------------

struct OpenView {
    id: i64,
    person: UserId,
    name: String,
    what: String,
    restriction: String,
    text: String,
    at: String,
}

#[derive(Template)]
#[template(path = "admin/appeals.html")]
struct StaffTemplate<'a> {
    shell: Shell<'a>,
    appeals: Vec<OpenView>,
    notice: Option<String>,
}

/// Appeals the staff page shows at a time (the oldest first).
const SHOWN: i64 = 50;

fn staff(visit: &Visit) -> Result<UserId, WebError> {
    require(visit, STAFF_PAGE, |viewer| viewer.has(Role::Staff)).map(|viewer| viewer.user_id)
}

async fn staff_list(state: &AppState, visit: &Visit, notice: Option<&str>) -> Answer {
    let open = open(&state.db, 0, SHOWN).await?;
    let locale = visit.locale;
    let shell = Shell::new(state, visit, STAFF_PAGE);
    let appeals = open
        .into_iter()
        .map(|appeal| OpenView {
            id: appeal.id,
            person: appeal.person,
            name: appeal.name,
            what: state.i18n.text(locale, appeal.kind.message_id()),
            restriction: state.i18n.text_with(
                locale,
                "appeal-restriction",
                &[
                    ("until", &text::time_utc(appeal.until)),
                    ("reason", &appeal.reason),
                ],
            ),
            text: appeal.text,
            at: text::time_utc(appeal.at),
        })
        .collect();
    let page = StaffTemplate {
        appeals,
        notice: notice.map(|id| shell.t(id)),
        shell,
    };
    Ok(Page(page.render()).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct StaffParams {
    #[serde(default)]
    aviso: String,
}

async fn staff_page(
    State(state): State<AppState>,
    visit: Visit,
    Query(params): Query<StaffParams>,
) -> Answer {
    staff(&visit)?;
    let notice = (params.aviso == "respondida").then_some("appeal-answered");
    staff_list(&state, &visit, notice).await
}

#[derive(Debug, Default, Deserialize)]
struct DecisionForm {
    #[serde(default)]
    apelacion: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    respuesta: String,
}

async fn decide_page(
    State(state): State<AppState>,
    visit: Visit,
    Form(form): Form<DecisionForm>,
) -> Answer {
    let staff = staff(&visit)?;
    let id: i64 = form.apelacion.parse().map_err(|_| WebError::not_found())?;
    let grant = match form.decision.as_str() {
        "grant" => true,
        "deny" => false,
        _ => {
            return Err(WebError::bad_request(
                "appeal-title",
                "appeal-unknown-decision",
            ));
        }
    };
    let answer = form
        .respuesta
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if answer.is_empty() || answer.chars().count() > TEXT_MAX {
        return Err(WebError::status(StatusCode::UNPROCESSABLE_ENTITY)
            .saying("appeal-title", "appeal-answer-needed"));
    }
    match decide(&state.db, &state.i18n, id, grant, staff, &answer).await {
        Ok(_) => Ok(see_other(&format!("{STAFF_PAGE}?aviso=respondida"))),
        Err(AppealError::AlreadyDone) => Err(WebError::status(StatusCode::CONFLICT)
            .saying("appeal-title", "appeal-already-answered")),
        Err(AppealError::OwnAppeal) => {
            Err(WebError::forbidden().saying("appeal-title", "appeal-own"))
        }
        Err(AppealError::NotFound) => Err(WebError::not_found()),
        Err(AppealError::Database(error)) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appeals_say_something_and_not_too_much() {
        assert_eq!(AppealText::parse("   corto  "), None);
        assert_eq!(
            AppealText::parse("  No envié spam: era mi tienda.  ")
                .map(|text| text.as_str().to_owned()),
            Some("No envié spam: era mi tienda.".to_owned())
        );
        assert!(AppealText::parse(&"a".repeat(TEXT_MAX)).is_some());
        assert!(AppealText::parse(&"a".repeat(TEXT_MAX + 1)).is_none());
    }
}
