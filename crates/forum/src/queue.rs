//! The moderators' pages and actions: the queue of new members' posts waiting for
//! review and of flagged posts, and their decisions,
//! flagging (for members), hiding and restoring posts, closing, reopening and moving
//! topics, and silencing a person for a time. Every action needs a reason, which the
//! audit log keeps (and a silenced person is shown).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use soporte_platform::accounts::restrictions::{self, Kind, RestrictError};
use soporte_platform::storage::UserId;
use soporte_platform::web::client::ClientIp;
use soporte_platform::web::paging::{PageLinks, Paging};
use soporte_platform::web::{AppState, Page, Shell, Visit, WebError, require, see_other};

use crate::limits::{self, Doing};
use crate::moderation::{self, Decision, ModerationError, Reason, Review, Visibility};
use crate::moving::{self, MoveError};
use crate::pages::{Answer, owner, standing, too_fast, topic_path};
use crate::policy::{Action, Owner, allows};
use crate::{CategoryId, PostId, TopicId};

const QUEUE: &str = "/comunidad/moderacion";
/// Posts the queue shows at a time.
const PER_PAGE: u32 = 20;
/// The longest reason, in characters.
const REASON_MAX: usize = 300;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(QUEUE, get(queue))
        .route("/comunidad/moderacion/{post}", post(decide))
        .route("/comunidad/moderacion/nuevos/{post}", post(review))
        .route("/comunidad/mensaje/{id}/denunciar", post(flag))
        .route("/comunidad/mensaje/{id}/ocultar", post(hide))
        .route("/comunidad/mensaje/{id}/restaurar", post(restore))
        .route("/comunidad/tema/{id}/cerrar", post(close))
        .route("/comunidad/tema/{id}/reabrir", post(reopen))
        .route("/comunidad/tema/{id}/mover", post(move_topic))
        .route("/comunidad/tema/{id}/unir", post(merge))
        .route("/comunidad/tema/{id}/separar", get(split_form).post(split))
        .route("/comunidad/personas/{id}/silenciar", post(silence))
        .route("/comunidad/personas/{id}/levantar-silencio", post(lift))
        .route("/comunidad/personas/{id}/suspender", post(suspend))
        .route(
            "/comunidad/personas/{id}/levantar-suspension",
            post(unsuspend),
        )
}

impl From<ModerationError> for WebError {
    fn from(error: ModerationError) -> WebError {
        match error {
            ModerationError::NotFound => WebError::not_found(),
            ModerationError::AlreadyFlagged => WebError::status(StatusCode::CONFLICT)
                .saying("forum-flag-title", "forum-flag-already"),
            ModerationError::AlreadyHandled => WebError::status(StatusCode::CONFLICT)
                .saying("forum-queue-title", "forum-queue-handled"),
            ModerationError::AlreadyHidden => WebError::status(StatusCode::CONFLICT)
                .saying("forum-flag-title", "forum-flag-hidden"),
            ModerationError::NotYours => WebError::status(StatusCode::FORBIDDEN)
                .saying("forum-silence-title", "forum-silence-not-yours"),
            ModerationError::BadLength => {
                WebError::bad_request("forum-silence-title", "forum-silence-days")
            }
            ModerationError::Pending => WebError::status(StatusCode::CONFLICT)
                .saying("forum-queue-title", "forum-post-use-queue"),
            ModerationError::Database(error) => error.into(),
        }
    }
}

/// The signed-in moderator (or a sign-in, or a 403).
async fn moderator(state: &AppState, visit: &Visit, back: &str) -> Result<UserId, WebError> {
    let viewer = require(visit, back, |_| true)?;
    let (member, _) = standing(state, visit).await?;
    if !allows(member, Action::Moderate, Owner::Someone) {
        return Err(WebError::forbidden());
    }
    Ok(viewer.user_id)
}

/// A moderator's reason: one line, 1 to [`REASON_MAX`] characters.
fn reason(text: &str) -> Result<String, WebError> {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() || line.chars().count() > REASON_MAX {
        return Err(WebError::status(StatusCode::UNPROCESSABLE_ENTITY)
            .saying("forum-reason-title", "forum-reason-needed"));
    }
    Ok(line)
}

// ---- the queue ----------------------------------------------------------------------

struct Item {
    post: PostId,
    href: String,
    title: String,
    author: String,
    author_id: Option<UserId>,
    body: String,
    state: String,
    flags: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "forum/queue.html")]
struct QueueTemplate<'a> {
    shell: Shell<'a>,
    /// New members' posts waiting for review (the oldest [`WAITING_SHOWN`]).
    waiting: Vec<Item>,
    items: Vec<Item>,
    paging: PageLinks,
}

/// Waiting posts the queue shows at a time (the oldest first; deciding brings more).
const WAITING_SHOWN: i64 = 50;

#[derive(Debug, Default, Deserialize)]
struct QueueParams {
    #[serde(default)]
    pagina: Option<String>,
}

async fn queue(
    State(state): State<AppState>,
    visit: Visit,
    Query(params): Query<QueueParams>,
) -> Answer {
    moderator(&state, &visit, QUEUE).await?;
    let paging = Paging::new(params.pagina.as_deref(), PER_PAGE);
    let rows = moderation::queue(&state.db, paging.offset(), paging.limit()).await?;
    let (rows, links) = paging.page(rows, QUEUE, &[]);
    let shell = Shell::new(&state, &visit, QUEUE);
    let waiting = moderation::waiting(&state.db, 0, WAITING_SHOWN)
        .await?
        .into_iter()
        .map(|waiting| Item {
            post: waiting.post,
            href: format!("{}#mensaje-{}", topic_path(waiting.topic), waiting.number),
            title: waiting.title,
            author: waiting
                .author
                .unwrap_or_else(|| shell.t("forum-former-member")),
            author_id: waiting.author_id,
            body: waiting.body.chars().take(600).collect(),
            state: shell.t("forum-post-pending"),
            flags: Vec::new(),
        })
        .collect();
    let items = rows
        .into_iter()
        .map(|flagged| Item {
            post: flagged.post,
            href: format!("{}#mensaje-{}", topic_path(flagged.topic), flagged.number),
            title: flagged.title,
            author: flagged
                .author
                .unwrap_or_else(|| shell.t("forum-former-member")),
            author_id: flagged.author_id,
            body: flagged.body.chars().take(600).collect(),
            state: shell.t(match flagged.visibility {
                Visibility::Shown => "forum-visibility-shown",
                Visibility::Flagged => "forum-post-flagged",
                Visibility::Hidden => "forum-visibility-hidden",
                Visibility::Spam => "forum-visibility-spam",
                Visibility::Pending => "forum-post-pending",
            }),
            flags: flagged
                .flags
                .into_iter()
                .map(|(reason, note, flagger)| {
                    (
                        shell.t(reason.message_id()),
                        note,
                        flagger.unwrap_or_else(|| shell.t("forum-former-member")),
                    )
                })
                .collect(),
        })
        .collect();
    let page = QueueTemplate {
        shell,
        waiting,
        items,
        paging: links,
    };
    Ok(Page(page.render()).into_response())
}

#[derive(Debug, Default, Deserialize)]
struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    motivo: String,
}

async fn decide(
    State(state): State<AppState>,
    visit: Visit,
    Path(post): Path<String>,
    Form(form): Form<DecisionForm>,
) -> Answer {
    let moderator = moderator(&state, &visit, QUEUE).await?;
    let post: PostId = post.parse().map_err(|_| WebError::not_found())?;
    let decision = Decision::parse(&form.decision).ok_or_else(|| {
        WebError::bad_request("forum-queue-title", "forum-queue-unknown-decision")
    })?;
    let why = reason(&form.motivo)?;
    moderation::decide(&state.db, post, decision, moderator, &why).await?;
    if decision != Decision::Dismiss {
        // Upheld flags count towards their authors' trust.
        for flagger in moderation::upheld_flaggers(&state.db, post).await? {
            crate::trust::advance(&state.db, flagger).await?;
        }
    }
    Ok(see_other(QUEUE))
}

async fn review(
    State(state): State<AppState>,
    visit: Visit,
    Path(post): Path<String>,
    Form(form): Form<DecisionForm>,
) -> Answer {
    let moderator = moderator(&state, &visit, QUEUE).await?;
    let post: PostId = post.parse().map_err(|_| WebError::not_found())?;
    let review = Review::parse(&form.decision).ok_or_else(|| {
        WebError::bad_request("forum-queue-title", "forum-queue-unknown-decision")
    })?;
    // Letting a post out needs no reason; keeping it back does (its author reads it).
    let why = match review {
        Review::Approve if form.motivo.trim().is_empty() => String::new(),
        _ => reason(&form.motivo)?,
    };
    let (_, author) = moderation::review(&state.db, post, review, moderator, &why).await?;
    if let (Review::Approve, Some(author)) = (review, author) {
        crate::trust::advance(&state.db, author).await?;
    }
    Ok(see_other(QUEUE))
}

// ---- flags --------------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
struct FlagForm {
    #[serde(default)]
    motivo: String,
    #[serde(default)]
    nota: String,
}

async fn flag(
    State(state): State<AppState>,
    visit: Visit,
    ClientIp(client): ClientIp,
    Path(id): Path<String>,
    Form(form): Form<FlagForm>,
) -> Answer {
    let viewer = require(&visit, "/comunidad", |_| true)?;
    let id: PostId = id.parse().map_err(|_| WebError::not_found())?;
    let post = crate::store::post_by_id(&state.db, id)
        .await?
        .ok_or_else(WebError::not_found)?;
    let (member, _) = standing(&state, &visit).await?;
    let mine = owner(&visit, post.author_id);
    if !allows(member, Action::Flag, mine) {
        return Err(WebError::forbidden().saying("forum-flag-title", "forum-flag-not-allowed"));
    }
    let reason = Reason::parse(&form.motivo)
        .ok_or_else(|| WebError::bad_request("forum-flag-title", "forum-flag-reason-needed"))?;
    let note = form.nota.split_whitespace().collect::<Vec<_>>().join(" ");
    if reason == Reason::Other && note.is_empty() {
        return Err(WebError::bad_request(
            "forum-flag-title",
            "forum-flag-note-needed",
        ));
    }
    if note.chars().count() > REASON_MAX {
        return Err(WebError::bad_request(
            "forum-flag-title",
            "forum-flag-note-long",
        ));
    }
    if let Some(wait) = limits::hit(&state.db, Doing::Flagging, viewer.user_id, client).await? {
        return Err(too_fast(wait, "forum-too-fast-marks"));
    }
    let weight = crate::trust::flag_weight(member.level, &viewer.roles);
    moderation::flag(&state.db, id, viewer.user_id, weight, reason, &note).await?;
    Ok(see_other(&format!(
        "{}?aviso=denuncia#mensaje-{}",
        topic_path(post.topic),
        post.number
    )))
}

// ---- posts and topics ---------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
struct ReasonForm {
    #[serde(default)]
    motivo: String,
    #[serde(default)]
    categoria: String,
    #[serde(default)]
    dias: String,
    /// The topic to merge into: its number or address.
    #[serde(default)]
    destino: String,
}

async fn set_hidden(
    state: &AppState,
    visit: &Visit,
    id: &str,
    hide: bool,
    form: &ReasonForm,
) -> Answer {
    let moderator = moderator(state, visit, "/comunidad").await?;
    let id: PostId = id.parse().map_err(|_| WebError::not_found())?;
    let why = reason(&form.motivo)?;
    let topic = moderation::set_hidden(&state.db, id, hide, moderator, &why).await?;
    Ok(see_other(&topic_path(topic)))
}

async fn hide(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<ReasonForm>,
) -> Answer {
    set_hidden(&state, &visit, &id, true, &form).await
}

async fn restore(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<ReasonForm>,
) -> Answer {
    set_hidden(&state, &visit, &id, false, &form).await
}

async fn set_closed(
    state: &AppState,
    visit: &Visit,
    id: &str,
    close: bool,
    form: &ReasonForm,
) -> Answer {
    let back = format!("/comunidad/tema/{id}");
    let moderator = moderator(state, visit, &back).await?;
    let id: TopicId = id.parse().map_err(|_| WebError::not_found())?;
    let why = reason(&form.motivo)?;
    moderation::set_closed(&state.db, id, close, moderator, &why).await?;
    Ok(see_other(&topic_path(id)))
}

async fn close(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<ReasonForm>,
) -> Answer {
    set_closed(&state, &visit, &id, true, &form).await
}

async fn reopen(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<ReasonForm>,
) -> Answer {
    set_closed(&state, &visit, &id, false, &form).await
}

async fn move_topic(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<ReasonForm>,
) -> Answer {
    let back = format!("/comunidad/tema/{id}");
    let moderator = moderator(&state, &visit, &back).await?;
    let id: TopicId = id.parse().map_err(|_| WebError::not_found())?;
    let category: CategoryId = form
        .categoria
        .parse()
        .map_err(|_| WebError::bad_request("forum-move-title", "forum-problem-category"))?;
    let why = reason(&form.motivo)?;
    moderation::move_topic(&state.db, id, category, moderator, &why).await?;
    Ok(see_other(&topic_path(id)))
}

async fn lift(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<ReasonForm>,
) -> Answer {
    let moderator = moderator(&state, &visit, QUEUE).await?;
    let person: UserId = id.parse().map_err(|_| WebError::not_found())?;
    let why = reason(&form.motivo)?;
    let roles = viewer_roles(&visit);
    moderation::lift_silence(&state.db, person, (moderator, &roles), &why).await?;
    Ok(see_other(&person_page(&state, person).await?))
}

/// The days a form asks a restriction to last (the platform bounds them).
fn days(form: &ReasonForm, title: &'static str) -> Result<i64, WebError> {
    form.dias
        .trim()
        .parse()
        .map_err(|_| WebError::bad_request(title, "forum-silence-days"))
}

async fn silence(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<ReasonForm>,
) -> Answer {
    let moderator = moderator(&state, &visit, QUEUE).await?;
    let roles = viewer_roles(&visit);
    let person: UserId = id.parse().map_err(|_| WebError::not_found())?;
    let days = days(&form, "forum-silence-title")?;
    let why = reason(&form.motivo)?;
    moderation::silence(&state.db, person, days, (moderator, &roles), &why).await?;
    Ok(see_other(QUEUE))
}

/// Where a moderator goes back to after acting on `person`: their page, or the queue.
async fn person_page(state: &AppState, person: UserId) -> Result<String, WebError> {
    Ok(match crate::people::handle_of(&state.db, person).await? {
        Some(handle) => crate::people::path(&handle),
        None => QUEUE.to_owned(),
    })
}

/// A moderator suspends a person (they cannot sign in) for some days, with a reason
/// they are shown when they try.
async fn suspend(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<ReasonForm>,
) -> Answer {
    let moderator = moderator(&state, &visit, QUEUE).await?;
    let roles = viewer_roles(&visit);
    let person: UserId = id.parse().map_err(|_| WebError::not_found())?;
    let days = days(&form, "forum-suspend-title")?;
    let why = reason(&form.motivo)?;
    let kind = Kind::Suspension;
    match restrictions::restrict(&state.db, person, kind, days, (moderator, &roles), &why).await {
        Ok(()) => Ok(see_other(&person_page(&state, person).await?)),
        Err(error) => Err(suspension_refused(error)),
    }
}

/// Why suspending (or lifting a suspension) was refused, as the moderator reads it.
fn suspension_refused(error: RestrictError) -> WebError {
    match error {
        RestrictError::NoSuchPerson => WebError::not_found(),
        RestrictError::BadLength => {
            WebError::bad_request("forum-suspend-title", "forum-silence-days")
        }
        RestrictError::NotYours => WebError::status(StatusCode::FORBIDDEN)
            .saying("forum-suspend-title", "forum-suspend-not-yours"),
        RestrictError::Database(error) => error.into(),
    }
}

/// The roles of the person signed in (none for a visitor).
fn viewer_roles(visit: &Visit) -> Vec<soporte_platform::accounts::Role> {
    visit
        .viewer
        .as_ref()
        .map(|viewer| viewer.roles.clone())
        .unwrap_or_default()
}

async fn unsuspend(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<ReasonForm>,
) -> Answer {
    let moderator = moderator(&state, &visit, QUEUE).await?;
    let person: UserId = id.parse().map_err(|_| WebError::not_found())?;
    let why = reason(&form.motivo)?;
    let roles = viewer_roles(&visit);
    let kind = Kind::Suspension;
    match restrictions::lift(&state.db, person, kind, (moderator, &roles), &why).await {
        Ok(_) => Ok(see_other(&person_page(&state, person).await?)),
        Err(error) => Err(suspension_refused(error)),
    }
}

// ---- merging and splitting ------------------------------------------------------------

impl From<MoveError> for WebError {
    fn from(error: MoveError) -> WebError {
        match error {
            MoveError::NotFound => WebError::not_found(),
            MoveError::SameTopic => WebError::bad_request("forum-merge-title", "forum-merge-same"),
            MoveError::NotShown => WebError::status(StatusCode::CONFLICT)
                .saying("forum-merge-title", "forum-merge-not-shown"),
            MoveError::AlreadyMerged => WebError::status(StatusCode::CONFLICT)
                .saying("forum-merge-title", "forum-merge-already"),
            MoveError::BadChoice => {
                WebError::bad_request("forum-split-title", "forum-split-choose")
            }
            MoveError::Database(error) => error.into(),
        }
    }
}

async fn merge(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    Form(form): Form<ReasonForm>,
) -> Answer {
    let back = format!("/comunidad/tema/{id}");
    let moderator = moderator(&state, &visit, &back).await?;
    let from: TopicId = id.parse().map_err(|_| WebError::not_found())?;
    let into = moving::topic_reference(&form.destino)
        .ok_or_else(|| WebError::bad_request("forum-merge-title", "forum-merge-which"))?;
    let why = reason(&form.motivo)?;
    moving::merge(&state.db, from, into, moderator, &why).await?;
    Ok(see_other(&topic_path(into)))
}

/// A reply as the split page lists it.
struct Choice {
    id: PostId,
    number: i64,
    author: String,
    excerpt: String,
    /// How it is shown, when others do not read it (waiting for review, hidden).
    state: Option<String>,
    chosen: bool,
}

#[derive(Template)]
#[template(path = "forum/split.html")]
struct SplitTemplate<'a> {
    shell: Shell<'a>,
    id: TopicId,
    title: String,
    back: String,
    choices: Vec<Choice>,
    categories: Vec<(CategoryId, String, bool)>,
    new_title: String,
    question: bool,
    motivo: String,
    problem: Option<String>,
}

/// The longest topic the split page lists, in replies.
const SPLIT_MAX: i64 = 500;

async fn split_page(
    state: &AppState,
    visit: &Visit,
    id: TopicId,
    form: &SplitForm,
    problem: Option<&str>,
) -> Answer {
    let topic = crate::store::topic(&state.db, id)
        .await?
        .filter(|topic| topic.posts > 0)
        .ok_or_else(WebError::not_found)?;
    let posts = crate::store::posts(&state.db, id, 2, SPLIT_MAX).await?;
    let path = format!("{}/separar", topic_path(id));
    let shell = Shell::new(state, visit, &path);
    let chosen = form.chosen();
    let choices = posts
        .into_iter()
        .map(|post| Choice {
            id: post.id,
            number: post.number - 1,
            author: post
                .author
                .clone()
                .unwrap_or_else(|| shell.t("forum-former-member")),
            excerpt: soporte_platform::markup::plain_text(&post.body)
                .chars()
                .take(200)
                .collect(),
            state: match post.visibility {
                Visibility::Shown => None,
                Visibility::Pending => Some(shell.t("forum-post-pending")),
                Visibility::Flagged => Some(shell.t("forum-post-flagged")),
                Visibility::Hidden => Some(shell.t("forum-visibility-hidden")),
                Visibility::Spam => Some(shell.t("forum-visibility-spam")),
            },
            chosen: chosen.contains(&post.id),
        })
        .collect();
    let wanted = form
        .categoria
        .parse::<CategoryId>()
        .ok()
        .unwrap_or(topic.category);
    let categories = crate::categories::all(&state.db)
        .await?
        .into_iter()
        .map(|category| {
            let name = category.name(visit.locale).to_owned();
            (category.id, name, category.id == wanted)
        })
        .collect();
    let page = SplitTemplate {
        id,
        title: topic.title,
        back: topic_path(id),
        choices,
        categories,
        new_title: form.titulo.clone(),
        question: form.tipo != "discussion",
        motivo: form.motivo.clone(),
        problem: problem.map(|id| shell.t(id)),
        shell,
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Page(page.render())).into_response())
}

#[derive(Debug, Default)]
struct SplitForm {
    /// The replies chosen (`mensaje`, repeated).
    mensajes: Vec<String>,
    titulo: String,
    categoria: String,
    tipo: String,
    motivo: String,
}

impl SplitForm {
    /// Reads a form whose `mensaje` field repeats (one per reply ticked).
    fn parse(body: &[u8]) -> SplitForm {
        let mut form = SplitForm::default();
        for (name, value) in url::form_urlencoded::parse(body) {
            let value = value.into_owned();
            match name.as_ref() {
                "mensaje" => form.mensajes.push(value),
                "titulo" => form.titulo = value,
                "categoria" => form.categoria = value,
                "tipo" => form.tipo = value,
                "motivo" => form.motivo = value,
                _ => {}
            }
        }
        form
    }

    fn chosen(&self) -> Vec<PostId> {
        self.mensajes
            .iter()
            .filter_map(|id| id.parse().ok())
            .collect()
    }
}

async fn split_form(State(state): State<AppState>, visit: Visit, Path(id): Path<String>) -> Answer {
    let back = format!("/comunidad/tema/{id}/separar");
    moderator(&state, &visit, &back).await?;
    let id: TopicId = id.parse().map_err(|_| WebError::not_found())?;
    split_page(&state, &visit, id, &SplitForm::default(), None).await
}

async fn split(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Answer {
    let back = format!("/comunidad/tema/{id}/separar");
    let moderator = moderator(&state, &visit, &back).await?;
    let id: TopicId = id.parse().map_err(|_| WebError::not_found())?;
    let form = SplitForm::parse(&body);
    let chosen = form.chosen();
    let title = match crate::post::Title::parse(&form.titulo) {
        Ok(title) => title,
        Err(problem) => {
            return split_page(&state, &visit, id, &form, Some(problem.message_id())).await;
        }
    };
    if chosen.is_empty() {
        return split_page(&state, &visit, id, &form, Some("forum-split-choose")).await;
    }
    let Ok(category) = form.categoria.parse::<CategoryId>() else {
        return split_page(&state, &visit, id, &form, Some("forum-problem-category")).await;
    };
    let why = match reason(&form.motivo) {
        Ok(why) => why,
        Err(_) => return split_page(&state, &visit, id, &form, Some("forum-reason-needed")).await,
    };
    let kind = if form.tipo == "discussion" {
        crate::post::Kind::Discussion
    } else {
        crate::post::Kind::Question
    };
    let split = moving::Split {
        category,
        kind,
        title,
    };
    let new = moving::split(&state.db, id, &chosen, &split, moderator, &why).await?;
    Ok(see_other(&topic_path(new)))
}
